package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.RegistryGovernedTopologyTest.ALICE;
import static org.jicp.replica.RegistryGovernedTopologyTest.E8;
import static org.jicp.replica.RegistryGovernedTopologyTest.manage;
import static org.jicp.replica.RegistryGovernedTopologyTest.nat64;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.nns.registry.RegistryPayloads.CanisterIdRange;
import org.jicp.replica.demo.IcTour;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/**
 * {@code split_subnet} and {@code merge_subnets} in the running replica: the genesis registry
 * gives each subnet four nodes ({@code registryNodesPerSubnet(4)}); a neuron staked through the
 * ledger proposes to give two of the application subnet's nodes, with the upper part of its
 * canister range, to a new subnet; the adopted proposal, executed by the registry canister (with
 * the NI-DKG of both halves), starts the new subnet from the source's state. Canisters on both
 * halves keep their state and answer, directly and across subnets, and their certificates verify
 * under the root key through each half's new delegation. A merge proposal puts them back
 * together. Proposals with bad input fail and leave the topology as it was.
 */
class SplitSubnetTest {

  @Test
  void splitProposal_canistersOnBothHalves_keepTheirStateAndAnswer() {
    try (Replica ic = SplitSubnetFixture.replica(31)) {
      SplitSubnetFixture.Setup s = SplitSubnetFixture.setUp(ic);
      ReplicaBackend http = new ReplicaBackend(ic);
      long changes = ic.topologyChanges();
      Bytes oldKey = ic.subnet(s.source()).publicKey().toDer();
      List<NodeId> before = ic.subnets().get(1).nodes();
      assertThat(before).hasSize(4);

      SplitSubnetFixture.split(ic, s);

      assertThat(ic.subnetCount()).as(String.join("\n", ic.debugLog())).isEqualTo(3);
      assertThat(ic.topologyChanges()).isEqualTo(changes + 1);
      Replica.SubnetInfo src = SplitSubnetFixture.info(ic, s.source());
      Replica.SubnetInfo dst = ic.subnets().get(2);
      assertThat(dst.kind()).isEqualTo(Replica.SubnetKind.APPLICATION);
      assertThat(dst.nodes()).containsExactlyInAnyOrderElementsOf(s.destinationNodes());
      assertThat(src.nodes()).hasSize(2).doesNotContainAnyElementsOf(s.destinationNodes());
      assertThat(dst.nodePublicKeys().keySet()).containsExactlyInAnyOrderElementsOf(dst.nodes());
      // The source got new NI-DKG transcripts: a new key, the same subnet id.
      assertThat(ic.subnet(s.source()).publicKey().toDer()).isNotEqualTo(oldKey);

      // Each canister is where the new routing table says, with its state.
      assertThat(ic.subnetOf(s.stays().principal()).orElseThrow().id()).isEqualTo(s.source());
      assertThat(ic.subnetOf(s.moves().principal()).orElseThrow().id()).isEqualTo(dst.id());
      assertThat(ic.subnet(s.source()).snapshotState().canister(s.moves())).isEmpty();
      assertThat(ic.subnet(dst.id()).snapshotState().canister(s.stays())).isEmpty();
      assertThat(ic.subnet(dst.id()).snapshotState().canister(s.moves())).isPresent();
      assertThat(nat64(ic.update(s.stays(), "inc", CandidEncoder.empty()))).isEqualTo(3);
      assertThat(nat64(ic.update(s.moves(), "inc", CandidEncoder.empty()))).isEqualTo(4);
      assertThat(nat64(ic.query(s.moves(), "get", CandidEncoder.empty()))).isEqualTo(4);
      // The relay stayed on the source: its call to the moved counter now crosses subnets.
      assertThat(nat64(ic.update(s.relay(), "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(s.moves().principal())))))).isEqualTo(5);
      assertThat(nat64(ic.update(s.relay(), "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(s.stays().principal())))))).isEqualTo(4);

      // Both halves certify under the root key, through delegations that list their new ranges.
      verifyCertificate(ic, s.source(), s.stays());
      verifyCertificate(ic, dst.id(), s.moves());

      // The HTTP interface's topology (/_/topology, request routing) follows.
      assertThat(http.topology().subnets()).hasSize(3);
      assertThat(http.topology().route(s.moves().principal()).orElseThrow().id())
          .isEqualTo(dst.id());
      assertThat(http.topology().route(s.stays().principal()).orElseThrow().id())
          .isEqualTo(s.source());

      // Every node of each half answers queries with its own key.
      for (Replica.SubnetInfo half : List.of(src, dst)) {
        for (NodeId n : half.nodes()) {
          assertThat(ic.subnet(half.id()).signQueryResponse(n, Bytes.of(new byte[32])).length())
              .isEqualTo(64);
        }
      }
      // New canisters get ids in their subnet's ranges (the source now has two).
      assertThat(src.ranges().ranges()).hasSize(2);
      CanisterId fresh = ic.createCanister(dst.id(), FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      assertThat(dst.ranges().contains(fresh.principal())).isTrue();
      CanisterId onSource = ic.createCanister(s.source(),
          FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      assertThat(src.ranges().ranges().get(1).contains(onSource.principal())).isTrue();
      assertThat(String.join("\n", ic.debugLog())).contains("subnet " + s.source() + " split at");
    }
  }

  @Test
  void splitThenMerge_canistersComeBackWithTheirState() {
    try (Replica ic = SplitSubnetFixture.replica(32)) {
      SplitSubnetFixture.Setup s = SplitSubnetFixture.setUp(ic);
      SplitSubnetFixture.split(ic, s);
      SubnetId dst = ic.subnets().get(2).id();
      assertThat(nat64(ic.update(s.moves(), "inc", CandidEncoder.empty()))).isEqualTo(4);
      Bytes splitKey = ic.subnet(s.source()).publicKey().toDer();
      // As on the IC, the split's canister_migrations entries are removed by a
      // complete_canister_migration proposal before the ranges can move again.
      long changes = ic.topologyChanges();
      assertThat(SplitSubnetFixture.pass(ic, s.neuron(), NnsFunction.COMPLETE_CANISTER_MIGRATION,
          RegistryPayloads.CompleteCanisterMigrationPayload.class,
          new RegistryPayloads.CompleteCanisterMigrationPayload(List.of(SplitSubnetFixture.movingRange(s)),
              List.of(s.source().principal(), dst.principal()))).failureReason()).isEmpty();
      assertThat(ic.topologyChanges()).isEqualTo(changes);

      SubnetRuntime gone = ic.subnet(dst);
      RegistryPayloads.MergeSubnetsPayload merge = new RegistryPayloads.MergeSubnetsPayload(
          dst.principal(), s.source().principal(), gone.certifiedHeight().value(),
          ic.timeNanos(), gone.stateManager().latestCertifiedEntry().orElseThrow().tree()
              .rootHash());
      assertThat(SplitSubnetFixture.pass(ic, s.neuron(), NnsFunction.MERGE_SUBNETS,
          RegistryPayloads.MergeSubnetsPayload.class, merge).failureReason()).isEmpty();

      assertThat(ic.subnetCount()).as(String.join("\n", ic.debugLog())).isEqualTo(2);
      assertThat(SplitSubnetFixture.info(ic, s.source()).nodes()).hasSize(4);
      assertThat(ic.subnet(s.source()).publicKey().toDer()).isNotEqualTo(splitKey);
      assertThat(ic.subnetOf(s.moves().principal()).orElseThrow().id()).isEqualTo(s.source());
      assertThat(nat64(ic.update(s.moves(), "inc", CandidEncoder.empty()))).isEqualTo(5);
      assertThat(nat64(ic.update(s.relay(), "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(s.moves().principal())))))).isEqualTo(6);
      assertThat(nat64(ic.update(s.stays(), "inc", CandidEncoder.empty()))).isEqualTo(3);
      verifyCertificate(ic, s.source(), s.moves());
      assertThat(new ReplicaBackend(ic).topology().subnets()).hasSize(2);
    }
  }

  @Test
  void splitProposals_badInput_failAndLeaveTheTopologyAsItWas() {
    try (Replica ic = SplitSubnetFixture.replica(33)) {
      SplitSubnetFixture.Setup s = SplitSubnetFixture.setUp(ic);
      long changes = ic.topologyChanges();
      List<Bytes> keys = ic.subnets().stream()
          .map(x -> ic.subnet(x.id()).publicKey().toDer()).toList();
      List<Principal> half = s.destinationNodes().stream().map(NodeId::principal).toList();
      CanisterIdRange upper = SplitSubnetFixture.movingRange(s);
      SubnetId unknown = new SubnetId(Principal.selfAuthenticating(
          "no such subnet".getBytes(StandardCharsets.UTF_8)));
      List<RegistryPayloads.SplitSubnetPayload> bad = List.of(
          // an unknown source subnet
          new RegistryPayloads.SplitSubnetPayload(List.of(upper), half, unknown.principal()),
          // overlapping destination ranges
          new RegistryPayloads.SplitSubnetPayload(List.of(upper, new CanisterIdRange(
              s.moves().principal(), s.moves().principal())), half, s.source().principal()),
          // too few nodes: one of four
          new RegistryPayloads.SplitSubnetPayload(List.of(upper), half.subList(0, 1),
              s.source().principal()),
          // a range the source does not host
          new RegistryPayloads.SplitSubnetPayload(List.of(new CanisterIdRange(
              CanisterId.fromIndex(0).principal(), CanisterId.fromIndex(5).principal())), half,
              s.source().principal()),
          // every range of the source
          new RegistryPayloads.SplitSubnetPayload(ic.subnet(s.source()).ranges().ranges().stream()
              .map(r -> new CanisterIdRange(r.start().principal(), r.end().principal()))
              .toList(), half, s.source().principal()));
      int failed = 0;
      for (RegistryPayloads.SplitSubnetPayload p : bad) {
        GovernanceApi.ProposalInfo info = SplitSubnetFixture.pass(ic, s.neuron(), NnsFunction.SPLIT_SUBNET,
            RegistryPayloads.SplitSubnetPayload.class, p);
        assertThat(info.failureReason()).as(p.toString()).isPresent();
        failed++;
      }
      assertThat(failed).isEqualTo(5);
      assertThat(ic.subnetCount()).isEqualTo(2);
      assertThat(ic.topologyChanges()).isEqualTo(changes);
      assertThat(ic.subnets().stream().map(x -> ic.subnet(x.id()).publicKey().toDer()).toList())
          .isEqualTo(keys);
      assertThat(SplitSubnetFixture.info(ic, s.source()).nodes()).hasSize(4);
      assertThat(nat64(ic.update(s.moves(), "inc", CandidEncoder.empty()))).isEqualTo(4);
    }
  }

  @Test
  void restart_afterSplit_bothHalvesResumeWithTheirKeysAndCanisters(@TempDir Path dir) {
    Instant start = Instant.parse("2026-06-01T00:00:00Z");
    SplitSubnetFixture.Setup s;
    SubnetId dst;
    Bytes sourceKey;
    Bytes dstKey;
    try (Replica ic = SplitSubnetFixture.replica(36, start, Optional.of(dir))) {
      s = SplitSubnetFixture.setUp(ic);
      SplitSubnetFixture.split(ic, s);
      dst = ic.subnets().get(2).id();
      assertThat(nat64(ic.update(s.moves(), "inc", CandidEncoder.empty()))).isEqualTo(4);
      sourceKey = ic.subnet(s.source()).publicKey().toDer();
      dstKey = ic.subnet(dst).publicKey().toDer();
    }
    try (Replica again = SplitSubnetFixture.replica(36, start, Optional.of(dir))) {
      // Before any round: the replica followed the restored registry while it started.
      assertThat(again.subnetCount()).as(String.join("\n", again.debugLog())).isEqualTo(3);
      assertThat(again.subnet(s.source()).publicKey().toDer()).isEqualTo(sourceKey);
      assertThat(again.subnet(dst).publicKey().toDer()).isEqualTo(dstKey);
      verifyCertificate(again, s.source(), s.stays());
      verifyCertificate(again, dst, s.moves());
      assertThat(SplitSubnetFixture.info(again, s.source()).nodes()).hasSize(2);
      assertThat(again.subnet(s.source()).snapshotState().canister(s.moves())).isEmpty();
      assertThat(nat64(again.update(s.moves(), "inc", CandidEncoder.empty()))).isEqualTo(5);
      assertThat(nat64(again.update(s.stays(), "inc", CandidEncoder.empty()))).isEqualTo(3);
      assertThat(nat64(again.update(s.relay(), "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(s.moves().principal())))))).isEqualTo(6);
    }
  }

  @Test
  void registryNodesPerSubnet_withoutTheNnsCanisters_failsFastSayingWhatToChange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Replica.builder().nnsSubnet()
            .applicationSubnets(1).registryNodesPerSubnet(4).deterministic(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nnsCanisters(true)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Replica.builder()
            .registryNodesPerSubnet(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..16");
  }

  @Test
  void split_sameSeedAndCalls_sameSubnetIdsAndStateHashes() {
    List<Object> first = run(34);
    List<Object> second = run(34);
    assertThat(second).isEqualTo(first);
  }

  private static List<Object> run(long seed) {
    try (Replica ic = SplitSubnetFixture.replica(seed)) {
      SplitSubnetFixture.Setup s = SplitSubnetFixture.setUp(ic);
      SplitSubnetFixture.split(ic, s);
      ic.update(s.moves(), "inc", CandidEncoder.empty());
      ic.tick(2);
      return List.of(ic.subnets().stream().map(Replica.SubnetInfo::id).toList(),
          ic.subnets().stream().map(Replica.SubnetInfo::nodes).toList(),
          ic.certifiedRootHashes());
    }
  }

  private static void verifyCertificate(Replica ic, SubnetId subnet, CanisterId c) {
    Bytes cert = ic.subnet(subnet).certificate(List.of(List.of(utf8("canister"),
        c.principal().bytes(), utf8("module_hash"))));
    CertificateVerification v = CertificateVerifier.withFreshness(
        ThresholdPublicKey.parse(ic.rootKey().toByteArray()), CertificateSignatureVerifier.ic(),
        java.time.Clock.fixed(Instant.ofEpochSecond(0, ic.timeNanos()), java.time.ZoneOffset.UTC),
        Duration.ofMinutes(5)).verify(Certificate.decode(cert.toByteArray()), c);
    assertThat(v.isValid()).as(v.reason().orElse("")).isTrue();
  }

  private static Bytes utf8(String x) {
    return Bytes.of(x.getBytes(StandardCharsets.UTF_8));
  }
}
