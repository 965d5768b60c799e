package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jicp.replica.RegistryGovernedTopologyTest.ALICE;
import static org.jicp.replica.RegistryGovernedTopologyTest.E8;
import static org.jicp.replica.RegistryGovernedTopologyTest.nat64;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.demo.IcTour;
import org.jicp.replica.node.ReplicaNode;
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

/**
 * Registry subnets whose nodes run BFT consensus among themselves ({@code
 * registryConsensus(true)}): the genesis registry gives every subnet four nodes; the second
 * application subnet (the first hosts the cycles ledger and stays played, as does the NNS subnet)
 * runs the ic-consensus protocol on four {@link ReplicaNode}s whose keys are the ones the
 * registry holds and whose genesis catch-up package carries the registry's initial NI-DKG
 * transcripts; a subnet created by a {@code create_subnet} proposal on four spare nodes does the
 * same. Each tolerates one node down (f = 1) and stalls with two; their certificates, combined
 * from the nodes' threshold shares, verify under the root key through the NNS delegation.
 */
class RegistryConsensusTest {

  static Replica replica(long seed, int spareNodes) {
    return Replica.builder().nnsSubnet().applicationSubnets(2).nnsCanisters(true)
        .registryNodesPerSubnet(4).registryConsensus(true).spareNodes(spareNodes)
        .icp(ALICE, 1_000 * E8).deterministic(seed)
        .startTime(Instant.parse("2026-06-01T00:00:00Z")).build();
  }

  @Test
  void genesisSubnet_registryKeys_runsBftAndToleratesOneNodeDown() {
    try (Replica ic = replica(41, 0)) {
      Replica.SubnetInfo bft = ic.subnets().get(2);
      SubnetRuntime s = ic.subnet(bft.id());
      assertThat(s.runsConsensus()).isTrue();
      assertThat(ic.subnet(ic.subnets().get(0).id()).runsConsensus()).isFalse();
      assertThat(ic.subnet(ic.subnets().get(1).id()).runsConsensus()).isFalse();
      // Its nodes are the registry's members, each with the node signing key the registry holds.
      assertThat(s.nodes()).hasSize(4);
      assertThat(s.nodes().stream().map(ReplicaNode::id).toList())
          .containsExactlyInAnyOrderElementsOf(bft.nodes());
      for (ReplicaNode n : s.nodes()) {
        Bytes signature = s.signQueryResponse(n.id(), Bytes.of(new byte[32]));
        assertThat(signature.length()).isEqualTo(64);
        assertThat(bft.nodePublicKeys()).containsKey(n.id());
      }
      // The subnet id is the self-authenticating id of the key the registry's transcript holds.
      assertThat(bft.id()).isEqualTo(new SubnetId(Principal.selfAuthenticating(
          s.publicKey().toDer().toByteArray())));

      CanisterId counter = install(ic, bft.id(), "counter");
      assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(1);
      verifyCertificate(ic, bft.id(), counter);

      s.crash(s.nodes().get(3).id());
      assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(2);
      assertThat(nat64(ic.query(counter, "get", CandidEncoder.empty()))).isEqualTo(2);
      verifyCertificate(ic, bft.id(), counter);
      // Across subnets: a relay on the played application subnet calls the BFT subnet's counter.
      CanisterId relay = install(ic, ic.subnets().get(1).id(), "relay");
      assertThat(nat64(ic.update(relay, "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(counter.principal())))))).isEqualTo(3);

      s.crash(s.nodes().get(2).id());
      assertThatThrownBy(ic::tick).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("makes no progress");
    }
  }

  @Test
  void createSubnetProposal_fourSpareNodes_newSubnetRunsBftWithTheRegistryTranscripts() {
    try (Replica ic = replica(43, 4)) {
      List<NodeId> spares = ic.unassignedNodes();
      assertThat(spares).hasSize(4);
      RegistryGovernedTopologyTest.createSubnet(ic, spares);
      Replica.SubnetInfo created = ic.subnets().get(3);
      SubnetRuntime s = ic.subnet(created.id());
      assertThat(s.runsConsensus()).as(String.join("\n", ic.debugLog())).isTrue();
      assertThat(created.nodes()).containsExactlyInAnyOrderElementsOf(spares);
      assertThat(s.nodes().stream().map(ReplicaNode::id).toList())
          .containsExactlyInAnyOrderElementsOf(spares);

      CanisterId counter = install(ic, created.id(), "counter");
      assertThat(created.ranges().contains(counter.principal())).isTrue();
      assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(1);
      s.crash(s.nodes().get(0).id());
      assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(2);
      verifyCertificate(ic, created.id(), counter);
      s.crash(s.nodes().get(1).id());
      assertThatThrownBy(ic::tick).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("makes no progress");
    }
  }

  @Test
  void registryConsensus_sameSeedAndCalls_sameSubnetIdsAndRootHashes() {
    assertThat(run(47)).isEqualTo(run(47));
  }

  private static List<Object> run(long seed) {
    try (Replica ic = replica(seed, 0)) {
      SubnetId bft = ic.subnets().get(2).id();
      CanisterId counter = install(ic, bft, "counter");
      ic.update(counter, "inc", CandidEncoder.empty());
      ic.tick(2);
      return List.of(ic.subnets().stream().map(Replica.SubnetInfo::id).toList(),
          ic.subnets().stream().map(Replica.SubnetInfo::nodes).toList(),
          ic.certifiedRootHashes());
    }
  }

  @Test
  void registryConsensus_badConfiguration_failsFastSayingWhatToChange() {
    assertThatThrownBy(() -> Replica.builder().nnsSubnet().applicationSubnets(1)
        .nnsCanisters(true).registryNodesPerSubnet(2).registryConsensus(true).deterministic(1)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registryNodesPerSubnet of 3f + 1");
    assertThatThrownBy(() -> Replica.builder().nnsSubnet().applicationSubnets(1)
        .registryNodesPerSubnet(4).registryConsensus(true).deterministic(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nnsCanisters(true)");
  }

  static CanisterId install(Replica ic, SubnetId subnet, String name) {
    CanisterId c = ic.createCanister(subnet, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    ic.install(c, IcTour.canister(name), CandidEncoder.empty());
    return c;
  }

  /** A certificate of the subnet's state verifies under the root key through its delegation. */
  static void verifyCertificate(Replica ic, SubnetId subnet, CanisterId c) {
    Bytes cert = ic.subnet(subnet).certificate(List.of(List.of(utf8("canister"),
        c.principal().bytes(), utf8("module_hash"))));
    Certificate decoded = Certificate.decode(cert.toByteArray());
    assertThat(decoded.delegation()).isPresent();
    CertificateVerification v = CertificateVerifier.withFreshness(
        ThresholdPublicKey.parse(ic.rootKey().toByteArray()), CertificateSignatureVerifier.ic(),
        java.time.Clock.fixed(Instant.ofEpochSecond(0, ic.timeNanos()), java.time.ZoneOffset.UTC),
        Duration.ofMinutes(5)).verify(decoded, c);
    assertThat(v.isValid()).as(v.reason().orElse("")).isTrue();
  }

  private static Bytes utf8(String x) {
    return Bytes.of(x.getBytes(StandardCharsets.UTF_8));
  }
}
