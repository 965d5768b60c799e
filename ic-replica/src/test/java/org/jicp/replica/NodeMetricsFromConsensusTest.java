package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.governance.NodePerformance;
import org.jicp.nns.governance.NodeProviderRewards;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.types.NodeId;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §3 with real block makers: a replica whose registry subnets run BFT consensus ({@code
 * registryConsensus(true)}) feeds their block-maker counters to the NNS subnet's {@code
 * node_metrics_history} ({@code nodeMetricsFromConsensus()}). One node of the BFT subnet
 * crashes; at the end of the month governance's rewards flag it (it proposed nothing and failed
 * at every height where it ranked first: 100 %, multiplier 20 %), its peers are not flagged, and
 * the node is removed by proposals (from its subnet, then from the registry).
 */
class NodeMetricsFromConsensusTest {
  private static final long E8 = 100_000_000L;
  private static final long RATE = 50_000;
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private static final Principal ALICE = RegistryGovernedTopologyTest.ALICE;

  @Test
  void crashedNodeOfABftSubnet_isFlaggedAtTheMonthsRewardsAndRemovedByProposal() {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).nnsCanisters(true)
        .registryNodesPerSubnet(4).registryConsensus(true).spareNodes(0).nodeMetricsFromConsensus()
        .icp(ALICE, 1_000 * E8).icpXdrRate(RATE).deterministic(53).startTime(START).build()) {
      Replica.SubnetInfo bft = ic.subnets().get(2);
      SubnetRuntime s = ic.subnet(bft.id());
      assertThat(s.runsConsensus()).isTrue();
      NodeId crashed = s.nodes().get(3).id();
      SubnetRuntime.BlockMakerCounts atCrash = counts(s, crashed);
      s.crash(crashed);
      long neuron = RegistryGovernedTopologyTest.stake(ic, 100);
      propose(ic, neuron, new GovernanceApi.Action.AddOrRemoveNodeProvider(new GovernanceApi.AddOrRemoveNodeProvider(
          Optional.of(new GovernanceApi.Change.ToAdd(new GovernanceApi.NodeProvider(Optional.of(RegistryGenesisPlan.PROVIDER),
              Optional.empty()))))));
      propose(ic, neuron, NnsFunction.UPDATE_NODE_REWARDS_TABLE, new RegistryPayloads.UpdateNodeRewardsTableProposalPayload(Map.of(
          "Europe,CH,Zurich", new RegistryPayloads.NodeRewardRates(Map.of("type3.1",
              new RegistryPayloads.NodeRewardRate(20_000_000, Optional.of(100)))))));

      ic.tick(20);
      SubnetRuntime.BlockMakerCounts counted = counts(s, crashed);
      assertThat(counted.proposed()).as("a crashed node proposes nothing").isEqualTo(atCrash.proposed());
      assertThat(counted.failed()).as("the crashed node ranked first at some heights").isGreaterThan(atCrash.failed());

      long target = (START.getEpochSecond() + NodeProviderRewards.NODE_PROVIDER_REWARD_PERIOD_SECONDS) * 1_000_000_000L;
      ic.advanceTime(Duration.ofNanos(target - ic.timeNanos()));
      for (int i = 0; i < 50 && mostRecent(ic).map(m -> m.timestamp() < target / 1_000_000_000L).orElse(true); i++) {
        ic.tick();
      }
      NodeProviderRewards.MonthlyNodeProviderRewards m = mostRecent(ic).orElseThrow();
      assertThat(m.timestamp()).isEqualTo(target / 1_000_000_000L);
      assertThat(m.flaggedNodes()).containsExactly(crashed.principal());
      List<NodePerformance.Assessment> onBft = m.nodePerformance().stream()
          .filter(a -> a.subnet().equals(bft.id().principal())).toList();
      assertThat(onBft).hasSize(4);
      assertThat(onBft).filteredOn(a -> a.node().equals(crashed.principal())).singleElement().satisfies(a -> {
        // What it made before the crash (genesis rounds), and every failure since, as the subnet counted them.
        assertThat(a.proposed()).isEqualTo(atCrash.proposed());
        assertThat(a.failed()).isGreaterThanOrEqualTo(counted.failed());
        assertThat(a.failureRatePpm()).isGreaterThan(NodePerformance.FLAG_FAILURE_RATE_PPM);
        assertThat(a.multiplierPpm()).isLessThan(NodePerformance.PPM);
        assertThat(a.flagged()).isTrue();
      });
      // Its peers made the blocks (a peer fails only where a lower-ranked peer's block was finalized): not flagged.
      assertThat(onBft).filteredOn(a -> !a.node().equals(crashed.principal())).hasSize(3).allSatisfy(a -> {
        assertThat(a.proposed()).isPositive();
        assertThat(a.failureRatePpm()).isLessThanOrEqualTo(NodePerformance.FLAG_FAILURE_RATE_PPM);
        assertThat(a.multiplierPpm()).isEqualTo(NodePerformance.PPM);
        assertThat(a.flagged()).isFalse();
      });
      // The genesis provider (every registry node) is paid less: its multiplier is below 100 %, and
      // the reduced amount is what the ledger holds.
      assertThat(m.providers()).filteredOn(p -> p.provider().equals(RegistryGenesisPlan.PROVIDER)).singleElement()
          .satisfies(p -> {
            assertThat(p.multiplierPpm()).isLessThan(NodePerformance.PPM);
            assertThat(p.xdrPermyriad()).isLessThan(p.registryXdrPermyriad());
            assertThat(p.minted()).isTrue();
            assertThat(balance(ic, RegistryGenesisPlan.PROVIDER)).isEqualTo(p.amountE8s()).isPositive();
          });
      // Played subnets (the NNS subnet and the cycles ledger's) have no samples: no blocks, not flagged.
      assertThat(m.nodePerformance()).filteredOn(a -> !a.subnet().equals(bft.id().principal()))
          .allSatisfy(a -> assertThat(a.proposed() + a.failed()).isZero());

      // The NNS removes the flagged node: from its subnet, then from the registry.
      propose(ic, neuron, NnsFunction.REMOVE_NODES_FROM_SUBNET, new RegistryPayloads.RemoveNodesPayload(List.of(crashed.principal())));
      assertThat(nodes(ic)).filteredOn(n -> n.nodeId().equals(crashed.principal())).singleElement()
          .satisfies(n -> assertThat(n.subnetId()).isEmpty());
      propose(ic, neuron, NnsFunction.REMOVE_NODES, new RegistryPayloads.RemoveNodesPayload(List.of(crashed.principal())));
      assertThat(nodes(ic)).extracting(RegistryPayloads.NodeWithProvider::nodeId).doesNotContain(crashed.principal());
    }
  }

  @Test
  void nodeMetricsFromConsensus_withoutBftSubnets_failsFast() {
    assertThatThrownBy(() -> Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .nodeMetricsFromConsensus().deterministic(1).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registryConsensus(true)");
  }

  private static SubnetRuntime.BlockMakerCounts counts(SubnetRuntime s, NodeId n) {
    return s.blockMakerCounts().stream().filter(c -> c.node().equals(n)).findFirst().orElseThrow();
  }

  private static Optional<NodeProviderRewards.MonthlyNodeProviderRewards> mostRecent(Replica ic) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.GOVERNANCE, "get_most_recent_monthly_node_provider_rewards",
        CandidEncoder.empty()), new TypeRef<Optional<NodeProviderRewards.MonthlyNodeProviderRewards>>() {});
  }

  private static long balance(Replica ic, Principal p) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.LEDGER, "icrc1_balance_of",
        NnsCandid.MAPPER.encode(Account.of(p))), java.math.BigInteger.class).longValueExact();
  }

  private static List<RegistryPayloads.NodeWithProvider> nodes(Replica ic) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.REGISTRY, "get_nodes_with_providers", CandidEncoder.empty()),
        RegistryPayloads.NodesWithProviders.class).nodes();
  }

  private static void propose(Replica ic, long neuron, NnsFunction f, Object payload) {
    propose(ic, neuron, new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
        Bytes.of(NnsCandid.MAPPER.encode(payload)))));
  }

  private static void propose(Replica ic, long neuron, GovernanceApi.Action action) {
    GovernanceApi.ProposalInfo info = NnsProposals.submitAndAwait(ic, ALICE, neuron, action, "Proposal", () -> { });
    assertThat(info.status()).as("proposal executed: %s", info).isEqualTo(NnsProposals.STATUS_EXECUTED);
  }
}
