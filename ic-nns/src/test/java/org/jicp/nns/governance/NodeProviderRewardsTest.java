package org.jicp.nns.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Principal;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.registry.RegistryPayloads;
import org.junit.jupiter.api.Test;

/** Governance's monthly node-provider rewards without a host: schedule, plan, completion, saved state. */
class NodeProviderRewardsTest {
  static final long T0 = 1_700_000_000L;
  static final long PERIOD = NodeProviderRewards.NODE_PROVIDER_REWARD_PERIOD_SECONDS;
  static final Principal P1 = Principal.selfAuthenticating(new byte[] {11});
  static final Principal P2 = Principal.selfAuthenticating(new byte[] {12});
  static final Principal UNREGISTERED = Principal.selfAuthenticating(new byte[] {13});
  static final Principal OP = Principal.selfAuthenticating(new byte[] {14});
  static final Principal SUBNET = Principal.canisterIdFromIndex(77);

  static Principal node(int i) {
    return Principal.selfAuthenticating(new byte[] {9, (byte) i});
  }

  static Governance governanceWithProviders() {
    Governance g = new Governance(GovernanceConfig.nns(T0 - 1000));
    g.atomic(() -> {
      g.restoreMisc(g.economics(), g.latestRewardEvent(), List.of(
          new GovernanceApi.NodeProvider(Optional.of(P1), Optional.empty()),
          new GovernanceApi.NodeProvider(Optional.of(P2), Optional.empty())), 1, 1);
      return null;
    });
    return g;
  }

  static RegistryPayloads.NodeWithProvider nwp(int i, Principal provider, boolean assigned) {
    return new RegistryPayloads.NodeWithProvider(node(i), OP, provider, assigned ? Optional.of(SUBNET) : Optional.empty());
  }

  static ManagementCalls.NodeMetrics m(int i, long proposed, long failed) {
    return new ManagementCalls.NodeMetrics(node(i), proposed, failed);
  }

  @Test
  void providerMultipliers_weighEachNodeByItsBaseReward() {
    // P1: a type1 node (weight 10,000, not assessed: full) and a type3.1 node (30,000) at 20 %.
    List<NodePerformance.Assessment> perf = NodePerformance.assess(List.of(
        new NodePerformance.NodeBlocks(node(2), SUBNET, 0, 10), new NodePerformance.NodeBlocks(node(3), SUBNET, 100, 0),
        new NodePerformance.NodeBlocks(node(4), SUBNET, 100, 0), new NodePerformance.NodeBlocks(node(5), SUBNET, 100, 0)));
    assertThat(perf.get(0).multiplierPpm()).isEqualTo(200_000);
    List<RegistryPayloads.NodeWithProvider> weighted = List.of(
        new RegistryPayloads.NodeWithProvider(node(1), OP, P1, Optional.of(SUBNET), Optional.of(10_000L)),
        new RegistryPayloads.NodeWithProvider(node(2), OP, P1, Optional.of(SUBNET), Optional.of(30_000L)),
        new RegistryPayloads.NodeWithProvider(node(6), OP, P1, Optional.empty(), Optional.of(0L)));
    // (10,000 × 100 % + 30,000 × 20 %) / 40,000 = 40 %; the weight-0 node does not count.
    assertThat(NodeProviderRewards.providerMultipliers(weighted, perf)).containsEntry(P1, 400_000L);
    // Unweighted (every node weighs 1): the plain mean of the three, 73.3 %.
    List<RegistryPayloads.NodeWithProvider> plain = List.of(nwp(1, P1, true), nwp(2, P1, true), nwp(6, P1, false));
    assertThat(NodeProviderRewards.providerMultipliers(plain, perf)).containsEntry(P1, 733_333L);
    // A provider whose nodes all weigh 0 keeps the full multiplier.
    assertThat(NodeProviderRewards.providerMultipliers(List.of(
        new RegistryPayloads.NodeWithProvider(node(2), OP, P2, Optional.of(SUBNET), Optional.of(0L))), perf))
        .containsEntry(P2, NodePerformance.PPM);
  }

  @Test
  void schedule_notStarted_isNeverDue() {
    Governance g = governanceWithProviders();
    assertThat(g.nodeProviderRewardsDue(T0 + 10 * PERIOD)).isFalse();
    assertThatThrownBy(() -> g.beginNodeProviderRewards(T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void schedule_afterStart_isDueEveryPeriodAndRetriesADayAfterAFailure() {
    Governance g = governanceWithProviders();
    g.startNodeProviderRewardsAt(T0);
    assertThat(g.nodeProviderRewardsDue(T0 + PERIOD - 1)).isFalse();
    assertThat(g.nodeProviderRewardsDue(T0 + PERIOD)).isTrue();
    g.beginNodeProviderRewards(T0 + PERIOD);
    assertThat(g.nodeProviderRewardsDue(T0 + PERIOD + 5)).as("in flight").isFalse();
    g.failNodeProviderRewards(T0 + PERIOD + 5, "registry: down");
    assertThat(g.nodeProviderRewardsSchedule().lastFailure()).contains("registry: down");
    assertThat(g.nodeProviderRewardsDue(T0 + PERIOD + 6)).isFalse();
    assertThat(g.nodeProviderRewardsDue(T0 + PERIOD + 5 + NodeProviderRewards.RETRY_SECONDS)).isTrue();
  }

  @Test
  void plan_registeredProvidersOnly_withMeanMultiplierAndRate() {
    Governance g = governanceWithProviders();
    g.startNodeProviderRewardsAt(T0);
    g.beginNodeProviderRewards(T0 + PERIOD);
    List<RegistryPayloads.NodeWithProvider> nodes = List.of(nwp(1, P1, true), nwp(2, P1, true), nwp(3, P1, true),
        nwp(4, P1, true), nwp(5, P2, false));
    Map<Principal, List<ManagementCalls.NodeMetricsHistoryRecord>> history = Map.of(SUBNET, List.of(
        new ManagementCalls.NodeMetricsHistoryRecord(1, List.of(m(1, 10, 0))),
        new ManagementCalls.NodeMetricsHistoryRecord(2, List.of(m(1, 50, 50), m(2, 100, 0), m(3, 100, 0), m(4, 100, 0)))));
    NodeProviderRewards.Plan plan = g.planNodeProviderRewards(
        Map.of(P1.toText(), 80_000_000L, P2.toText(), 30_000_000L, UNREGISTERED.toText(), 5_000_000L), nodes, history, 40_000);
    assertThat(plan.timestamp()).isEqualTo(T0 + PERIOD);
    assertThat(plan.xdrPermyriadPerIcp()).isEqualTo(40_000);
    assertThat(plan.providers()).extracting(NodeProviderRewards.ProviderReward::provider).containsExactlyInAnyOrder(P1, P2);
    NodeProviderRewards.ProviderReward p1 = plan.providers().stream().filter(p -> p.provider().equals(P1)).findFirst().orElseThrow();
    // node 1: 50 % failures on a subnet at 0 % -> 360,000 ppm; mean over 4 nodes = 840,000 ppm.
    long mean = (360_000L + 3 * 1_000_000L) / 4;
    assertThat(p1.multiplierPpm()).isEqualTo(mean);
    assertThat(p1.xdrPermyriad()).isEqualTo(80_000_000L * mean / 1_000_000L);
    assertThat(p1.amountE8s()).isEqualTo(80_000_000L * mean / 1_000_000L * 100_000_000L / 40_000L);
    NodeProviderRewards.ProviderReward p2 = plan.providers().stream().filter(p -> p.provider().equals(P2)).findFirst().orElseThrow();
    assertThat(p2.multiplierPpm()).as("an unassigned node has no blocks").isEqualTo(1_000_000);
    assertThat(p2.amountE8s()).isEqualTo(30_000_000L * 100_000_000L / 40_000L);
    assertThat(plan.mints()).hasSize(2);
    assertThat(plan.mints().get(plan.providers().indexOf(p2)).to()).isEqualTo(AccountIdentifier.of(P2));
    assertThat(plan.performance()).filteredOn(NodePerformance.Assessment::flagged)
        .extracting(NodePerformance.Assessment::node).containsExactly(node(1));
  }

  @Test
  void plan_rateBelowTheMinimum_usesTheMinimumIcpXdrRate() {
    Governance g = governanceWithProviders();
    g.startNodeProviderRewardsAt(T0);
    g.beginNodeProviderRewards(T0 + PERIOD);
    NodeProviderRewards.Plan plan = g.planNodeProviderRewards(Map.of(P2.toText(), 30_000_000L), List.of(), Map.of(), 1);
    long minimum = g.economics().minimumIcpXdrRate() * 100;
    assertThat(plan.xdrPermyriadPerIcp()).isEqualTo(minimum);
    assertThat(plan.providers().get(0).amountE8s()).isEqualTo(30_000_000L * 100_000_000L / minimum);
  }

  @Test
  void complete_recordsMintedRewardsAndBaselines_nextPeriodCountsFromThem() {
    Governance g = governanceWithProviders();
    g.startNodeProviderRewardsAt(T0);
    g.beginNodeProviderRewards(T0 + PERIOD);
    List<RegistryPayloads.NodeWithProvider> nodes = List.of(nwp(1, P1, true), nwp(2, P1, true));
    NodeProviderRewards.Plan plan = g.planNodeProviderRewards(Map.of(P1.toText(), 10_000_000L), nodes,
        Map.of(SUBNET, List.of(new ManagementCalls.NodeMetricsHistoryRecord(5, List.of(m(1, 70, 30), m(2, 100, 0))))), 10_000);
    NodeProviderRewards.ProviderReward r = plan.providers().get(0);
    NodeProviderRewards.Plan minted = new NodeProviderRewards.Plan(plan.timestamp(), plan.mints(), List.of(
        new NodeProviderRewards.ProviderReward(r.provider(), r.registryXdrPermyriad(), r.multiplierPpm(), r.xdrPermyriad(),
            r.amountE8s(), true)), plan.xdrPermyriadPerIcp(), plan.performance(), plan.totals());
    g.completeNodeProviderRewards(minted);
    var recent = g.mostRecentMonthlyNodeProviderRewards().orElseThrow();
    assertThat(recent.timestamp()).isEqualTo(T0 + PERIOD);
    assertThat(recent.rewards()).hasSize(1);
    assertThat(recent.rewards().get(0).amountE8s()).isEqualTo(r.amountE8s());
    assertThat(recent.flaggedNodes()).containsExactly(node(1));
    assertThat(g.nodeProviderRewardsDue(T0 + 2 * PERIOD - 1)).isFalse();
    assertThat(g.nodeProviderRewardsDue(T0 + 2 * PERIOD)).isTrue();

    // Next month: node 1 made 100 more blocks without failures; node 2's counters restarted.
    g.beginNodeProviderRewards(T0 + 2 * PERIOD);
    NodeProviderRewards.Plan next = g.planNodeProviderRewards(Map.of(P1.toText(), 10_000_000L), nodes,
        Map.of(SUBNET, List.of(new ManagementCalls.NodeMetricsHistoryRecord(9, List.of(m(1, 170, 30), m(2, 4, 1))))), 10_000);
    assertThat(next.performance()).extracting(NodePerformance.Assessment::proposed).containsExactly(100L, 4L);
    assertThat(next.performance()).extracting(NodePerformance.Assessment::failed).containsExactly(0L, 1L);
  }

  @Test
  void periodBlocks_removedNode_isDroppedFromTheBaselines() {
    var r = NodeProviderRewards.periodBlocks(List.of(nwp(1, P1, true), nwp(2, P1, false)),
        Map.of(SUBNET, List.of(new ManagementCalls.NodeMetricsHistoryRecord(5, List.of(m(1, 7, 3))))),
        List.of(new NodeProviderRewards.NodeTotals(node(2), 4, 0), new NodeProviderRewards.NodeTotals(node(9), 50, 5)));
    assertThat(r.getKey()).extracting(NodePerformance.NodeBlocks::node).containsExactly(node(1));
    assertThat(r.getValue()).extracting(NodeProviderRewards.NodeTotals::node).containsExactlyInAnyOrder(node(1), node(2));
  }

  @Test
  void savedState_roundTrips_theScheduleAndTheMostRecentRewards() {
    Governance g = governanceWithProviders();
    g.startNodeProviderRewardsAt(T0);
    g.beginNodeProviderRewards(T0 + PERIOD);
    NodeProviderRewards.Plan plan = g.planNodeProviderRewards(Map.of(P1.toText(), 10_000_000L), List.of(nwp(1, P1, true)),
        Map.of(SUBNET, List.of(new ManagementCalls.NodeMetricsHistoryRecord(5, List.of(m(1, 70, 30))))), 10_000);
    g.completeNodeProviderRewards(plan);
    g.beginNodeProviderRewards(T0 + 2 * PERIOD);
    Governance restored = GovernanceState.restore(GovernanceState.save(g));
    assertThat(restored.nodeProviderRewardsSchedule()).isEqualTo(g.nodeProviderRewardsSchedule());
    assertThat(restored.nodeProviderRewardsSchedule().inProgressSince()).contains(T0 + 2 * PERIOD);
  }
}
