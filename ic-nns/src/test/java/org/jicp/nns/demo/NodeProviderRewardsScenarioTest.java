package org.jicp.nns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.governance.NodeProviderRewards;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NodeMetricsRecorder;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.registry.NodeKeys;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.types.NodeId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §3 end to end on the NNS canisters in process (rounds of the NNS subnet and an
 * application subnet, {@link NnsNetwork}): a data center joins by proposal, a node operator is
 * added by proposal with a node allowance, the operator adds nodes within it (and is refused past
 * it), node providers are registered and the rewards table set by proposals; governance then mints
 * the monthly rewards on the ledger over three simulated months (amounts computed here from the
 * table and the rate), a node whose block-maker failure rate is 50 % is flagged and its provider's
 * reward reduced, and the node is removed by proposals.
 */
class NodeProviderRewardsScenarioTest {
  static final long E8 = NnsNetwork.E8S;
  static final long PERIOD = NodeProviderRewards.NODE_PROVIDER_REWARD_PERIOD_SECONDS;
  static final long RATE = 50_000;   // 5 XDR per ICP
  static final long START = NnsNetwork.IC_GENESIS_SECONDS + 1000 * GovernanceConstants.ONE_DAY_SECONDS;
  static final Principal ALICE = Principal.selfAuthenticating(new byte[] {1});
  static final Principal BOB = Principal.selfAuthenticating(new byte[] {2});
  static final Principal GENEVA_OPERATOR = Principal.selfAuthenticating("geneva operator".getBytes());
  static final Principal GENEVA_PROVIDER = Principal.selfAuthenticating("geneva provider".getBytes());
  static final String ZURICH = "Europe,CH,Zurich";
  static final String GENEVA = "Europe,CH,Geneva";
  static final long ZURICH_TYPE31_XDR = 20_000_000;  // 2,000 XDR per node per month (permyriad)
  static final long GENEVA_TYPE1_XDR = 15_000_000;   // 1,500 XDR
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;

  final NodeMetricsRecorder metrics = new NodeMetricsRecorder();
  final NnsNetwork net = NnsNetwork.genesis(new NnsNetwork.Spec(Bytes.fromHex("2003"), START, 1, List.of(4), 0,
      Map.of(ALICE, 1_000 * E8), RATE), metrics);

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void dataCenterToRewards_overThreeMonths_mintsTheTableRewardsAndRemovesTheFlaggedNode() {
    long neuron = stakeAndClaim(ALICE, 1, 100);
    long version0 = net.registry().registry().latestVersion().value();

    // 1. The data center applies to the NNS and is added by proposal.
    executed(propose(neuron, NnsFunction.ADD_OR_REMOVE_DATA_CENTERS, new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(
        List.of(new RegistryPayloads.DataCenterRecord("ge1", GENEVA, "Geneva DC SA", Optional.empty())), List.of())));
    assertThat(net.registry().registry().getValue("data_center_record_ge1", net.registry().registry().latestVersion())).isPresent();

    // 2. Its node operator, with an allowance of 2 nodes of type1, by proposal (AssignNoid).
    executed(propose(neuron, NnsFunction.ASSIGN_NOID, new RegistryPayloads.AddNodeOperatorPayload(Optional.of(GENEVA_OPERATOR), 2,
        Optional.of(GENEVA_PROVIDER), "ge1", Map.of("type1", 2))));
    assertThat(net.registry().registry().nodeOperator(GENEVA_OPERATOR).orElseThrow().getNodeAllowance()).isEqualTo(2);

    // 3. The operator adds its nodes: two within the allowance, the third is refused; a stranger is refused.
    List<NodeId> added = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Response r = addNode(GENEVA_OPERATOR, i);
      assertThat(r).as("%s", r).isInstanceOf(Response.Reply.class);
      added.add(new NodeId(CANDID.decode(((Response.Reply) r).bytes().toByteArray(), Principal.class)));
    }
    assertThat(net.registry().registry().nodeOperator(GENEVA_OPERATOR).orElseThrow().getNodeAllowance()).isZero();
    long before = net.registry().registry().latestVersion().value();
    Response third = addNode(GENEVA_OPERATOR, 3);
    assertThat(third).isInstanceOfSatisfying(Response.Reject.class, rej -> {
      assertThat(rej.code()).isEqualTo(RejectCode.CANISTER_REJECT);
      assertThat(rej.message()).contains("node-allowance").contains("no node allowance left");
    });
    Response stranger = addNode(BOB, 4);
    assertThat(stranger).isInstanceOfSatisfying(Response.Reject.class, rej -> assertThat(rej.message()).contains("not a node operator"));
    assertThat(net.registry().registry().latestVersion().value()).as("refused: nothing changed").isEqualTo(before);
    assertThat(net.registry().registry().unassignedNodes()).containsExactlyInAnyOrderElementsOf(added);

    // 4. Both node providers registered with governance, and the rewards table set, by proposals.
    for (Principal p : List.of(NnsNetwork.PROVIDER, GENEVA_PROVIDER)) {
      executed(propose(neuron, new GovernanceApi.Action.AddOrRemoveNodeProvider(new GovernanceApi.AddOrRemoveNodeProvider(
          Optional.of(new GovernanceApi.Change.ToAdd(new GovernanceApi.NodeProvider(Optional.of(p), Optional.empty())))))));
    }
    executed(propose(neuron, NnsFunction.UPDATE_NODE_REWARDS_TABLE, new RegistryPayloads.UpdateNodeRewardsTableProposalPayload(Map.of(
        ZURICH, new RegistryPayloads.NodeRewardRates(Map.of("type3.1", new RegistryPayloads.NodeRewardRate(ZURICH_TYPE31_XDR, Optional.of(100)))),
        GENEVA, new RegistryPayloads.NodeRewardRates(Map.of("type1", new RegistryPayloads.NodeRewardRate(GENEVA_TYPE1_XDR, Optional.empty())))))));
    assertThat(net.registry().registry().latestVersion().value()).isEqualTo(version0 + 5);

    // The genesis provider has 5 rewardable type3.1 nodes in Zurich (1 system + 4 application).
    long zurichXdr = 5 * ZURICH_TYPE31_XDR;
    long genevaXdr = 2 * GENEVA_TYPE1_XDR;
    assertThat(net.registry().registry().nodeProvidersMonthlyXdrRewards())
        .containsEntry(NnsNetwork.PROVIDER.toText(), zurichXdr).containsEntry(GENEVA_PROVIDER.toText(), genevaXdr);

    SubnetId app = net.applicationSubnets().get(0);
    SubnetId sys = net.systemSubnet();
    List<NodeId> appNodes = net.registry().registry().members(app);
    NodeId sysNode = net.registry().registry().members(sys).get(0);
    NodeId bad = appNodes.get(0);

    // Month 1: every node makes its blocks.
    net.host().advanceTime(Duration.ofDays(10));
    metrics.record(app, net.host().nowNanos(), appMetrics(appNodes, bad, 100, 0));
    metrics.record(sys, net.host().nowNanos(), List.of(new ManagementCalls.NodeMetrics(sysNode.principal(), 400, 0)));
    toMonth(1);
    long zurich1 = e8s(zurichXdr);
    long geneva1 = e8s(genevaXdr);
    assertThat(zurich1).isEqualTo(2_000 * E8);   // 10,000 XDR at 5 XDR/ICP
    assertThat(geneva1).isEqualTo(600 * E8);     // 3,000 XDR
    assertThat(balance(NnsNetwork.PROVIDER)).isEqualTo(zurich1);
    assertThat(balance(GENEVA_PROVIDER)).isEqualTo(geneva1);
    NodeProviderRewards.MonthlyNodeProviderRewards m1 = mostRecent();
    assertThat(m1.timestamp()).isEqualTo(START + PERIOD);
    assertThat(m1.rewards()).extracting(GovernanceApi.RewardNodeProvider::amountE8s).containsExactlyInAnyOrder(zurich1, geneva1);
    assertThat(m1.xdrPermyriadPerIcp()).isEqualTo(RATE);
    assertThat(m1.flaggedNodes()).isEmpty();

    // Month 2: the bad node fails half of its block slots (50 made, 50 failed); the others make 100.
    net.host().advanceTime(Duration.ofDays(10));
    metrics.record(app, net.host().nowNanos(), appMetrics(appNodes, bad, 200, 0, 150, 50));
    metrics.record(sys, net.host().nowNanos(), List.of(new ManagementCalls.NodeMetrics(sysNode.principal(), 800, 0)));
    toMonth(2);
    // Failure rate 50 %, subnet (75th percentile of 0, 0, 0, 50 %) 0 %: relative 50 %, reduction
    // (50 − 10) / (60 − 10) · 80 % = 64 %: multiplier 36 %. The provider's 5 nodes: mean 87.2 %.
    long mean = (4 * 1_000_000L + 360_000L) / 5;
    assertThat(mean).isEqualTo(872_000);
    long zurich2 = e8s(zurichXdr * mean / 1_000_000L);
    assertThat(zurich2).isEqualTo(1_744 * E8);
    assertThat(balance(NnsNetwork.PROVIDER)).isEqualTo(zurich1 + zurich2);
    assertThat(balance(GENEVA_PROVIDER)).isEqualTo(2 * geneva1);
    NodeProviderRewards.MonthlyNodeProviderRewards m2 = mostRecent();
    assertThat(m2.flaggedNodes()).containsExactly(bad.principal());
    var badAssessment = m2.nodePerformance().stream().filter(a -> a.node().equals(bad.principal())).findFirst().orElseThrow();
    assertThat(badAssessment.failureRatePpm()).isEqualTo(500_000);
    assertThat(badAssessment.multiplierPpm()).isEqualTo(360_000);

    // The NNS removes the flagged node: out of its subnet, then out of the registry.
    executed(propose(neuron, NnsFunction.REMOVE_NODES_FROM_SUBNET, new RegistryPayloads.RemoveNodesFromSubnetPayload(List.of(bad.principal()))));
    executed(propose(neuron, NnsFunction.REMOVE_NODES, new RegistryPayloads.RemoveNodesPayload(List.of(bad.principal()))));
    assertThat(net.registry().registry().nodeRecord(bad)).isEmpty();
    assertThat(net.registry().registry().members(app)).doesNotContain(bad).hasSize(3);

    // Month 3: the remaining nodes perform; the rewardable nodes of the operator record are unchanged,
    // so the provider is paid the full table amount again.
    net.host().advanceTime(Duration.ofDays(10));
    metrics.record(app, net.host().nowNanos(), appMetrics(appNodes.subList(1, 4), bad, 300, 0));
    toMonth(3);
    assertThat(balance(NnsNetwork.PROVIDER)).isEqualTo(zurich1 + zurich2 + zurich1);
    assertThat(balance(GENEVA_PROVIDER)).isEqualTo(3 * geneva1);
    assertThat(mostRecent().timestamp()).isEqualTo(START + 3 * PERIOD);
    assertThat(mostRecent().flaggedNodes()).isEmpty();
    assertThat(net.ledger().ledger().icrc1BalanceOf(Account.of(ALICE)).longValue()).as("nobody else is paid")
        .isEqualTo(900 * E8 - 10_000);
  }

  @Test
  void restartFromACheckpoint_afterAMonth_neitherPaysTwiceNorForgetsTheBaselines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    long neuron = stakeAndClaim(ALICE, 1, 100);
    executed(propose(neuron, new GovernanceApi.Action.AddOrRemoveNodeProvider(new GovernanceApi.AddOrRemoveNodeProvider(
        Optional.of(new GovernanceApi.Change.ToAdd(new GovernanceApi.NodeProvider(Optional.of(NnsNetwork.PROVIDER), Optional.empty())))))));
    executed(propose(neuron, NnsFunction.UPDATE_NODE_REWARDS_TABLE, new RegistryPayloads.UpdateNodeRewardsTableProposalPayload(Map.of(
        ZURICH, new RegistryPayloads.NodeRewardRates(Map.of("type3.1", new RegistryPayloads.NodeRewardRate(ZURICH_TYPE31_XDR, Optional.of(100))))))));
    SubnetId app = net.applicationSubnets().get(0);
    List<NodeId> appNodes = net.registry().registry().members(app);
    NodeId bad = appNodes.get(0);
    metrics.record(app, net.host().nowNanos(), appMetrics(appNodes, bad, 100, 0, 60, 40));
    toMonth(1);
    // Node 0 failed 40 % (subnet 0 %): multiplier 1 − 0.3/0.5 · 0.8 = 52 %; mean of 5 nodes 90.4 %.
    long month1 = e8s(5 * ZURICH_TYPE31_XDR * ((4 * 1_000_000L + 520_000L) / 5) / 1_000_000L);
    assertThat(balance(NnsNetwork.PROVIDER)).isEqualTo(month1);
    assertThat(mostRecent().flaggedNodes()).containsExactly(bad.principal());

    // The NNS subnet restarts from a checkpoint: the month is not paid again.
    org.jicp.state.checkpoint.StateManager sm = org.jicp.state.checkpoint.StateManager.open(dir);
    sm.checkpoint(net.host().flushedState());
    net.host().restartNnsSubnet(sm.loadLatest().orElseThrow().state());
    net.host().advanceTime(Duration.ofDays(1));
    net.host().tick();
    assertThat(balance(NnsNetwork.PROVIDER)).isEqualTo(month1);

    // Month 2 counts from the baselines saved with governance: node 0 made 100 blocks, failed none
    // (from its totals alone, 160 made and 40 failed, it would lose 16 %).
    metrics.record(app, net.host().nowNanos(), appMetrics(appNodes, bad, 200, 0, 160, 40));
    toMonth(2);
    assertThat(balance(NnsNetwork.PROVIDER)).isEqualTo(month1 + e8s(5 * ZURICH_TYPE31_XDR));
    assertThat(mostRecent().flaggedNodes()).isEmpty();
  }

  @Test
  void nodeMetricsHistory_fromIngressOrMalformed_isRejectedAndAnswersCanistersOnly() {
    SubnetId app = net.applicationSubnets().get(0);
    metrics.record(app, net.host().nowNanos(), List.of(new ManagementCalls.NodeMetrics(
        net.registry().registry().members(app).get(0).principal(), 3, 1)));
    Response ingress = net.host().callManagement(ALICE, NnsCanisterIds.GOVERNANCE, "node_metrics_history",
        CANDID.encode(new ManagementCalls.NodeMetricsHistoryArgs(app.principal(), 0)));
    assertThat(ingress).isInstanceOf(Response.Reject.class);
    assertThat(((Response.Reject) ingress).message()).contains("node_metrics_history");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> metrics.record(app, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a sample");
    assertThat(metrics.history(app, 0, Long.MAX_VALUE)).hasSize(1);
    assertThat(metrics.history(app, 0, 0)).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  /** {@code xdr · 10^8 / rate}: XDR permyriad to e8s at the network's rate. */
  static long e8s(long xdrPermyriad) {
    return xdrPermyriad * E8 / RATE;
  }

  static List<ManagementCalls.NodeMetrics> appMetrics(List<NodeId> nodes, NodeId bad, long proposed, long failed) {
    return appMetrics(nodes, bad, proposed, failed, proposed, failed);
  }

  static List<ManagementCalls.NodeMetrics> appMetrics(List<NodeId> nodes, NodeId bad, long proposed, long failed,
      long badProposed, long badFailed) {
    List<ManagementCalls.NodeMetrics> out = new ArrayList<>();
    for (NodeId n : nodes) {
      out.add(n.equals(bad) ? new ManagementCalls.NodeMetrics(n.principal(), badProposed, badFailed)
          : new ManagementCalls.NodeMetrics(n.principal(), proposed, failed));
    }
    return out;
  }

  /** Moves the clock to the end of month {@code k} and runs rounds until governance has paid. */
  void toMonth(int k) {
    long target = (START + k * PERIOD) * 1_000_000_000L;
    net.host().advanceTime(Duration.ofNanos(target - net.host().nowNanos()));
    net.host().tick();
    assertThat(net.governance().governance().nodeProviderRewardsSchedule().lastFailure()).isEmpty();
  }

  long balance(Principal p) {
    return net.balance(p).longValueExact();
  }

  NodeProviderRewards.MonthlyNodeProviderRewards mostRecent() {
    Response r = net.host().query(BOB, NnsCanisterIds.GOVERNANCE, "get_most_recent_monthly_node_provider_rewards",
        org.jicp.candid.CandidEncoder.empty());
    Optional<NodeProviderRewards.MonthlyNodeProviderRewards> m = CANDID.decode(((Response.Reply) r).bytes().toByteArray(),
        new TypeRef<Optional<NodeProviderRewards.MonthlyNodeProviderRewards>>() {});
    return m.orElseThrow();
  }

  Response addNode(Principal caller, int i) {
    NodeKeys k = NodeKeys.derive(Bytes.fromHex("6765"), i);
    return net.host().update(caller, NnsCanisterIds.REGISTRY, "add_node",
        CANDID.encode(RegistryPayloads.AddNodePayload.of(k, "[2001:db8::" + i + "]:2497", "[2001:db8::" + i + "]:8080")));
  }

  long stakeAndClaim(Principal who, long memo, long icp) {
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(),
        Optional.of(Governance.neuronSubaccount(who, memo).bytes()));
    Icrc1.TransferResult t = net.update(who, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(neuronAccount, icp * E8),
        Icrc1.TransferResult.class);
    assertThat(t).isInstanceOf(Icrc1.TransferResult.Ok.class);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = net.update(who, NnsCanisterIds.GOVERNANCE,
        "claim_or_refresh_neuron_from_account", new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = ((GovernanceApi.ClaimResult.NeuronId) r.result().orElseThrow()).value().id();
    manage(who, id, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(Optional.of(
        new GovernanceApi.Operation.IncreaseDissolveDelay(new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS))))));
    return id;
  }

  GovernanceApi.CommandResponse manage(Principal who, long neuron, GovernanceApi.Command c) {
    GovernanceApi.ManageNeuronResponse r = net.update(who, NnsCanisterIds.GOVERNANCE, "manage_neuron",
        GovernanceApi.ManageNeuron.of(neuron, c), GovernanceApi.ManageNeuronResponse.class);
    return r.command().orElseThrow();
  }

  long propose(long neuron, NnsFunction f, Object payload) {
    return propose(neuron, new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
        Bytes.of(CANDID.encode(payload)))));
  }

  long propose(long neuron, GovernanceApi.Action action) {
    GovernanceApi.Proposal p = new GovernanceApi.Proposal("https://example.org/dc", Optional.of("Proposal"), Optional.of(action), "");
    GovernanceApi.CommandResponse r = manage(ALICE, neuron, new GovernanceApi.Command.MakeProposal(p));
    assertThat(r).as("%s", r).isInstanceOf(GovernanceApi.CommandResponse.MakeProposal.class);
    return ((GovernanceApi.CommandResponse.MakeProposal) r).value().proposalId().orElseThrow().id();
  }

  void executed(long proposal) {
    net.host().tick();
    var p = net.governance().governance().proposal(proposal);
    assertThat(p.status().name()).as("%s", p.failureReason()).isEqualTo("EXECUTED");
  }
}
