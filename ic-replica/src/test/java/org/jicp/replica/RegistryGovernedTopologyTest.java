package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.demo.IcTour;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetType;
import org.junit.jupiter.api.Test;

/**
 * The NNS in charge of a running replica: with the NNS canisters, the registry canister starts
 * with the replica's own subnets, nodes and routing table (their keys from real NI-DKG
 * transcripts), and a {@code create_subnet} proposal adopted by governance — a neuron staked
 * through the ledger, the proposal executed by the registry, which runs {@code setup_initial_dkg}
 * on the management canister — starts a new subnet in the running replica: canisters are created
 * and called there, canisters on other subnets reach them, and its certificates carry the NNS
 * delegation.
 */
class RegistryGovernedTopologyTest {
  static final long E8 = 100_000_000L;
  static final Principal ALICE = Principal.selfAuthenticating(
      "alice's key".getBytes(StandardCharsets.UTF_8));

  @Test
  void genesisRegistry_mirrorsTheReplica() {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .spareNodes(2).deterministic(11).build()) {
      assertThat(ic.unassignedNodes()).hasSize(2);
      assertThat(ic.subnetCount()).isEqualTo(2);
      // The registry's routing table is the replica's: canisters created on the application
      // subnet route there by the registry too (the replica follows the registry from now on).
      CanisterId c = ic.createCanister();
      ic.install(c, IcTour.canister("counter"), CandidEncoder.empty());
      ic.tick(3);
      assertThat(nat64(ic.update(c, "inc", CandidEncoder.empty()))).isEqualTo(1);
    }
  }

  @Test
  void createSubnetProposal_adopted_newSubnetRunsAndIsReachedAcrossSubnets() throws Exception {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).spareNodes(2).deterministic(11)
        .startTime(Instant.parse("2026-06-01T00:00:00Z")).build()) {
      org.jicp.replica.http.ReplicaBackend http = new org.jicp.replica.http.ReplicaBackend(ic);
      assertThat(http.topology().subnets()).hasSize(2);
      NodeId spare = ic.unassignedNodes().get(0);
      createSubnet(ic, spare);
      assertThat(ic.subnetCount()).isEqualTo(3);
      assertThat(ic.unassignedNodes()).doesNotContain(spare);
      Replica.SubnetInfo created = ic.subnets().get(2);
      // The HTTP interface's topology (/_/topology, routing of requests) follows.
      assertThat(http.topology().subnets()).hasSize(3);
      assertThat(http.topology().route(created.ranges().ranges().get(0).start().principal()))
          .hasValueSatisfying(x -> assertThat(x.id()).isEqualTo(created.id()));
      assertThat(created.kind()).isEqualTo(Replica.SubnetKind.APPLICATION);
      assertThat(created.nodes()).containsExactly(spare);
      // Its range comes from the registry's create_subnet: after the replica's ranges.
      assertThat(created.ranges().ranges().get(0).start())
          .isEqualTo(CanisterId.fromIndex(Replica.APP_RANGE_START + Replica.RANGE_SIZE));

      CanisterId counter = ic.createCanister(created.id(),
          org.jicp.wasm.cycles.FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      assertThat(created.ranges().contains(counter.principal())).isTrue();
      ic.install(counter, IcTour.canister("counter"), CandidEncoder.empty());
      assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(1);

      CanisterId relay = ic.createCanister();
      ic.install(relay, IcTour.canister("relay"), CandidEncoder.empty());
      byte[] viaRelay = ic.update(relay, "inc_on",
          CandidEncoder.encode(List.of(CandidValue.principal(counter.principal()))));
      assertThat(nat64(viaRelay)).isEqualTo(2);

      Bytes cert = ic.subnet(created.id()).certificate(List.of(List.of(
          Bytes.of("canister".getBytes(StandardCharsets.UTF_8)), counter.principal().bytes(),
          Bytes.of("module_hash".getBytes(StandardCharsets.UTF_8)))));
      Certificate c = Certificate.decode(cert.toByteArray());
      assertThat(c.delegation()).isPresent();
      CertificateVerification v = CertificateVerifier.withFreshness(
          ThresholdPublicKey.parse(ic.rootKey().toByteArray()), CertificateSignatureVerifier.ic(),
          java.time.Clock.fixed(Instant.ofEpochSecond(0, ic.timeNanos()),
              java.time.ZoneOffset.UTC), Duration.ofMinutes(5)).verify(c, counter);
      assertThat(v.isValid()).as(v.reason().orElse("")).isTrue();
    }
  }

  @Test
  void restart_subnetCreatedByProposal_resumesFromTheStateDirectory(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CanisterId counter;
    org.jicp.types.SubnetId createdId;
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).spareNodes(1).deterministic(12).stateDir(dir).build()) {
      createSubnet(ic, ic.unassignedNodes().get(0));
      createdId = ic.subnets().get(2).id();
      counter = ic.createCanister(createdId,
          org.jicp.wasm.cycles.FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      ic.install(counter, IcTour.canister("counter"), CandidEncoder.empty());
      assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(1);
    }
    try (Replica again = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).spareNodes(1).deterministic(12).stateDir(dir).build()) {
      again.tick();
      assertThat(again.subnetCount()).as(String.join("\n", again.debugLog())).isEqualTo(3);
      assertThat(again.subnets().get(2).id()).isEqualTo(createdId);
      assertThat(nat64(again.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(2);
    }
  }

  /** Stakes a neuron and passes a create_subnet proposal for {@code node}; waits for it. */
  static void createSubnet(Replica ic, NodeId node) {
    createSubnet(ic, List.of(node));
  }

  /** Stakes a neuron and passes a create_subnet proposal for {@code nodes}; waits for it. */
  static void createSubnet(Replica ic, List<NodeId> nodes) {
    long neuron = stake(ic, 500);
    int before = ic.subnetCount();
    GovernanceApi.ProposalInfo info = NnsProposals.executeNnsFunction(ic, ALICE, neuron,
        NnsFunction.CREATE_SUBNET, RegistryPayloads.CreateSubnetPayload.class,
        RegistryPayloads.CreateSubnetPayload.withDefaults(
            nodes.stream().map(NodeId::principal).toList(), SubnetType.APPLICATION,
            RegistryGenesisPlan.REPLICA_VERSION));
    assertThat(info.failureReason()).as("%s", info).isEmpty();
    for (int i = 0; i < 50 && ic.subnetCount() == before; i++) {
      ic.tick();
    }
    assertThat(ic.subnetCount()).as(String.join("\n", ic.debugLog())).isEqualTo(before + 1);
  }

  static long stake(Replica ic, long icp) {
    long memo = 7;
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(),
        Optional.of(Governance.neuronSubaccount(ALICE, memo).bytes()));
    Icrc1.TransferResult t = call(ic, NnsCanisterIds.LEDGER, "icrc1_transfer",
        Icrc1.TransferArg.of(neuronAccount, icp * E8), Icrc1.TransferResult.class);
    assertThat(t).isInstanceOf(Icrc1.TransferResult.Ok.class);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = call(ic, NnsCanisterIds.GOVERNANCE,
        "claim_or_refresh_neuron_from_account",
        new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = ((GovernanceApi.ClaimResult.NeuronId) r.result().orElseThrow()).value().id();
    manage(ic, id, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(
        Optional.of(new GovernanceApi.Operation.IncreaseDissolveDelay(
            new GovernanceApi.IncreaseDissolveDelay(
                (int) GovernanceConstants.ONE_YEAR_SECONDS))))));
    return id;
  }

  static GovernanceApi.CommandResponse manage(Replica ic, long neuron,
      GovernanceApi.Command c) {
    return call(ic, NnsCanisterIds.GOVERNANCE, "manage_neuron",
        GovernanceApi.ManageNeuron.of(neuron, c), GovernanceApi.ManageNeuronResponse.class)
        .command().orElseThrow();
  }

  static <T> T call(Replica ic, CanisterId canister, String method, Object arg,
      Class<T> type) {
    byte[] reply = ic.update(ALICE, canister, method, NnsCandid.MAPPER.encode(arg));
    return NnsCandid.MAPPER.decode(reply, type);
  }

  static long nat64(byte[] reply) {
    CandidValue v = CandidDecoder.standard().decode(reply).values().get(0);
    assertThat(v).isInstanceOf(CandidValue.Nat64.class);
    return ((CandidValue.Nat64) v).bits();
  }
}
