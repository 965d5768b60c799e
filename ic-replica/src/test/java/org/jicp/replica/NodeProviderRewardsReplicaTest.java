package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.governance.NodeProviderRewards;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NodeMetricsRecorder;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.registry.NodeKeys;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §3 through the replica's NNS canisters (ingress to the registry, governance and ledger
 * canisters of a running replica, simulated time): a data center and its node operator added by
 * proposals, a node added by the operator within its allowance and refused past it, node
 * providers and the rewards table by proposals, monthly rewards minted on the ledger for two
 * months (amounts computed here), the application subnet's node flagged for its block-maker
 * failure rate (the statistics from the replica's {@code nodeMetrics} input), and the operator's
 * node removed by proposal.
 */
class NodeProviderRewardsReplicaTest {
  private static final long E8 = 100_000_000L;
  private static final long RATE = 50_000;
  private static final long PERIOD = NodeProviderRewards.NODE_PROVIDER_REWARD_PERIOD_SECONDS;
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private static final Principal ALICE = Principal.selfAuthenticating("alice's key".getBytes(StandardCharsets.UTF_8));
  private static final Principal OPERATOR = Principal.selfAuthenticating("geneva operator".getBytes(StandardCharsets.UTF_8));
  private static final Principal PROVIDER = Principal.selfAuthenticating("geneva provider".getBytes(StandardCharsets.UTF_8));
  private static final long ZURICH_TYPE31_XDR = 20_000_000;
  private static final long GENEVA_TYPE1_XDR = 15_000_000;

  @Test
  void dataCenterToMonthlyRewards_throughTheReplica_mintsOnTheLedgerAndFlagsTheFailingNode() {
    NodeMetricsRecorder metrics = new NodeMetricsRecorder();
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).icpXdrRate(RATE).spareNodes(0).deterministic(20).startTime(START)
        .nodeMetrics(metrics).build()) {
      long neuron = stake(ic, 100);

      propose(ic, neuron, NnsFunction.ADD_OR_REMOVE_DATA_CENTERS, new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(
          List.of(new RegistryPayloads.DataCenterRecord("ge1", "Europe,CH,Geneva", "Geneva DC SA", Optional.empty())), List.of()));
      propose(ic, neuron, NnsFunction.ASSIGN_NOID, new RegistryPayloads.AddNodeOperatorPayload(Optional.of(OPERATOR), 1,
          Optional.of(PROVIDER), "ge1", Map.of("type1", 1)));

      // The operator adds a node within its allowance; the second is refused and changes nothing.
      Principal node = NnsCandid.MAPPER.decode(addNode(ic, 1), Principal.class);
      assertThat(nodes(ic)).extracting(RegistryPayloads.NodeWithProvider::nodeId).contains(node);
      int registered = nodes(ic).size();
      assertThatThrownBy(() -> addNode(ic, 2)).isInstanceOf(Replica.CallRejectedException.class)
          .hasMessageContaining("no node allowance left");
      assertThatThrownBy(() -> ic.update(ALICE, NnsCanisterIds.REGISTRY, "add_node", NnsCandid.MAPPER.encode(
          RegistryPayloads.AddNodePayload.of(NodeKeys.derive(Bytes.fromHex("7265"), 3), "[::1]:2497", "[::1]:8080"))))
          .isInstanceOf(Replica.CallRejectedException.class).hasMessageContaining("not a node operator");
      assertThat(nodes(ic)).hasSize(registered);

      for (Principal p : List.of(RegistryGenesisPlan.PROVIDER, PROVIDER)) {
        propose(ic, neuron, new GovernanceApi.Action.AddOrRemoveNodeProvider(new GovernanceApi.AddOrRemoveNodeProvider(
            Optional.of(new GovernanceApi.Change.ToAdd(new GovernanceApi.NodeProvider(Optional.of(p), Optional.empty()))))));
      }
      propose(ic, neuron, NnsFunction.UPDATE_NODE_REWARDS_TABLE, new RegistryPayloads.UpdateNodeRewardsTableProposalPayload(Map.of(
          "Europe,CH,Zurich", new RegistryPayloads.NodeRewardRates(Map.of("type3.1",
              new RegistryPayloads.NodeRewardRate(ZURICH_TYPE31_XDR, Optional.of(100)))),
          "Europe,CH,Geneva", new RegistryPayloads.NodeRewardRates(Map.of("type1",
              new RegistryPayloads.NodeRewardRate(GENEVA_TYPE1_XDR, Optional.empty()))))));

      // The genesis provider: 2 rewardable type3.1 nodes (the NNS and the application subnet's).
      long genesisE8s = 2 * ZURICH_TYPE31_XDR * E8 / RATE;
      long genevaE8s = GENEVA_TYPE1_XDR * E8 / RATE;
      assertThat(genesisE8s).isEqualTo(800 * E8);
      assertThat(genevaE8s).isEqualTo(300 * E8);
      org.jicp.types.SubnetId app = ic.subnets().stream().filter(s -> s.kind() == Replica.SubnetKind.APPLICATION)
          .findFirst().orElseThrow().id();
      RegistryPayloads.NodeWithProvider appNode = nodes(ic).stream()
          .filter(n -> n.subnetId().equals(Optional.of(app.principal()))).findFirst().orElseThrow();

      ic.advanceTime(Duration.ofDays(5));
      metrics.record(app, ic.timeNanos() + 1, List.of(new ManagementCalls.NodeMetrics(appNode.nodeId(), 1_000, 0)));
      month(ic, 1);
      assertThat(balance(ic, RegistryGenesisPlan.PROVIDER)).isEqualTo(genesisE8s);
      assertThat(balance(ic, PROVIDER)).isEqualTo(genevaE8s);
      assertThat(mostRecent(ic).flaggedNodes()).isEmpty();

      // Month 2: the application subnet's node fails 1 of 4 block slots (25 %): flagged. Alone on
      // its subnet it is at its subnet's 75th percentile, so the IC's relative rule reduces nothing.
      ic.advanceTime(Duration.ofDays(5));
      metrics.record(app, ic.timeNanos() + 1, List.of(new ManagementCalls.NodeMetrics(appNode.nodeId(), 1_300, 100)));
      month(ic, 2);
      NodeProviderRewards.MonthlyNodeProviderRewards m2 = mostRecent(ic);
      assertThat(m2.flaggedNodes()).containsExactly(appNode.nodeId());
      assertThat(m2.nodePerformance()).filteredOn(a -> a.node().equals(appNode.nodeId()))
          .singleElement().satisfies(a -> {
            assertThat(a.failureRatePpm()).isEqualTo(250_000);
            assertThat(a.multiplierPpm()).isEqualTo(1_000_000);
          });
      assertThat(balance(ic, RegistryGenesisPlan.PROVIDER)).isEqualTo(2 * genesisE8s);
      assertThat(balance(ic, PROVIDER)).isEqualTo(2 * genevaE8s);

      // The operator's node is removed by proposal; its allowance comes back.
      propose(ic, neuron, NnsFunction.REMOVE_NODES, new RegistryPayloads.RemoveNodesPayload(List.of(node)));
      assertThat(nodes(ic)).extracting(RegistryPayloads.NodeWithProvider::nodeId).doesNotContain(node);
      assertThat(NnsCandid.MAPPER.decode(addNode(ic, 1), Principal.class)).isEqualTo(node);
    }
  }

  /** Moves to the end of month {@code k} and runs rounds until governance recorded it. */
  private static void month(Replica ic, int k) {
    long target = (START.getEpochSecond() + k * PERIOD) * 1_000_000_000L;
    ic.advanceTime(Duration.ofNanos(target - ic.timeNanos()));
    for (int i = 0; i < 50 && mostRecentOpt(ic).map(m -> m.timestamp() < target / 1_000_000_000L).orElse(true); i++) {
      ic.tick();
    }
    assertThat(mostRecent(ic).timestamp()).isEqualTo(target / 1_000_000_000L);
  }

  private static Optional<NodeProviderRewards.MonthlyNodeProviderRewards> mostRecentOpt(Replica ic) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.GOVERNANCE, "get_most_recent_monthly_node_provider_rewards",
        CandidEncoder.empty()), new TypeRef<Optional<NodeProviderRewards.MonthlyNodeProviderRewards>>() {});
  }

  private static NodeProviderRewards.MonthlyNodeProviderRewards mostRecent(Replica ic) {
    return mostRecentOpt(ic).orElseThrow();
  }

  private static List<RegistryPayloads.NodeWithProvider> nodes(Replica ic) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.REGISTRY, "get_nodes_with_providers", CandidEncoder.empty()),
        RegistryPayloads.NodesWithProviders.class).nodes();
  }

  private static long balance(Replica ic, Principal p) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.LEDGER, "icrc1_balance_of",
        NnsCandid.MAPPER.encode(Account.of(p))), java.math.BigInteger.class).longValueExact();
  }

  private static byte[] addNode(Replica ic, int i) {
    NodeKeys k = NodeKeys.derive(Bytes.fromHex("7265"), i);
    return ic.update(OPERATOR, NnsCanisterIds.REGISTRY, "add_node", NnsCandid.MAPPER.encode(
        RegistryPayloads.AddNodePayload.of(k, "[2001:db8::" + i + "]:2497", "[2001:db8::" + i + "]:8080")));
  }

  private static long stake(Replica ic, long icp) {
    long memo = 7;
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(),
        Optional.of(Governance.neuronSubaccount(ALICE, memo).bytes()));
    Icrc1.TransferResult t = call(ic, NnsCanisterIds.LEDGER, "icrc1_transfer",
        Icrc1.TransferArg.of(neuronAccount, icp * E8), Icrc1.TransferResult.class);
    assertThat(t).isInstanceOf(Icrc1.TransferResult.Ok.class);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = call(ic, NnsCanisterIds.GOVERNANCE,
        "claim_or_refresh_neuron_from_account", new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = ((GovernanceApi.ClaimResult.NeuronId) r.result().orElseThrow()).value().id();
    call(ic, NnsCanisterIds.GOVERNANCE, "manage_neuron", GovernanceApi.ManageNeuron.of(id, new GovernanceApi.Command.Configure(
        new GovernanceApi.Configure(Optional.of(new GovernanceApi.Operation.IncreaseDissolveDelay(
            new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS)))))),
        GovernanceApi.ManageNeuronResponse.class);
    return id;
  }

  private static void propose(Replica ic, long neuron, NnsFunction f, Object payload) {
    propose(ic, neuron, new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
        Bytes.of(NnsCandid.MAPPER.encode(payload)))));
  }

  /** Makes a proposal (adopted at once: the only neuron) and ticks until it is executed. */
  private static void propose(Replica ic, long neuron, GovernanceApi.Action action) {
    GovernanceApi.ProposalInfo info = NnsProposals.submitAndAwait(ic, ALICE, neuron, action,
        "Proposal", () -> { });
    assertThat(info.status()).as("proposal executed: %s", info).isEqualTo(NnsProposals.STATUS_EXECUTED);
  }

  private static <T> T call(Replica ic, CanisterId canister, String method, Object arg, Class<T> type) {
    return NnsCandid.MAPPER.decode(ic.update(ALICE, canister, method, NnsCandid.MAPPER.encode(arg)), type);
  }
}
