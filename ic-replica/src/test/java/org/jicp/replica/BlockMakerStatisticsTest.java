package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Principal;
import org.jicp.nns.governance.NodePerformance;
import org.jicp.nns.governance.NodeProviderRewards;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NodeMetricsRecorder;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.types.NodeId;
import org.junit.jupiter.api.Test;

/**
 * Block-maker statistics from consensus, as the IC measures them (each finalized block's maker
 * proposed, the nodes ranked above it failed): on a 4-node subnet every block is made at rank 0
 * while all nodes run; after a node crashes, it fails at every height where it ranks first, and
 * those statistics, given to the NNS's typed input ({@link NodeMetricsRecorder}) and assessed with
 * the IC's rule ({@link NodePerformance}), flag it with the maximum reduction.
 */
class BlockMakerStatisticsTest {
  private static final Principal PROVIDER = Principal.selfAuthenticating(new byte[] {42});

  @Test
  void crashedNode_failsItsBlockSlots_andIsFlaggedByTheRewardsRule() {
    try (Replica ic = Replica.builder().applicationSubnets(1).nodesPerSubnet(4).deterministic(21)
        .consensusDelays(Duration.ofMillis(100), Duration.ZERO).dkgInterval(9).build()) {
      Replica.SubnetInfo app = ic.subnets().get(0);
      SubnetRuntime s = ic.subnet(app.id());
      ic.tick(4);
      List<SubnetRuntime.BlockMakerCounts> healthy = s.blockMakerCounts();
      assertThat(healthy).hasSize(4);
      assertThat(healthy.stream().mapToLong(SubnetRuntime.BlockMakerCounts::proposed).sum()).isPositive();
      assertThat(healthy).allSatisfy(c -> assertThat(c.failed()).as("%s", c).isZero());

      NodeId crashed = s.nodes().get(2).id();
      s.crash(crashed);
      ic.tick(14);
      List<SubnetRuntime.BlockMakerCounts> after = s.blockMakerCounts();
      SubnetRuntime.BlockMakerCounts c = after.stream().filter(x -> x.node().equals(crashed)).findFirst().orElseThrow();
      SubnetRuntime.BlockMakerCounts before = healthy.stream().filter(x -> x.node().equals(crashed)).findFirst().orElseThrow();
      assertThat(c.proposed()).as("a crashed node makes no block").isEqualTo(before.proposed());
      assertThat(c.failed()).as("it ranked first at some heights").isPositive();
      long made = after.stream().mapToLong(SubnetRuntime.BlockMakerCounts::proposed).sum()
          - healthy.stream().mapToLong(SubnetRuntime.BlockMakerCounts::proposed).sum();
      assertThat(made).as("heights finalized after the crash").isGreaterThan(c.failed());
      System.out.println("block makers after the crash: " + after);

      // The period since the crash through the NNS's port and the IC's performance rule.
      NodeMetricsRecorder recorder = new NodeMetricsRecorder();
      recorder.record(app.id(), 1, metrics(healthy));
      recorder.record(app.id(), 2, metrics(after));
      List<RegistryPayloads.NodeWithProvider> nodes = new ArrayList<>();
      List<NodeProviderRewards.NodeTotals> baselines = new ArrayList<>();
      for (SubnetRuntime.BlockMakerCounts h : healthy) {
        nodes.add(new RegistryPayloads.NodeWithProvider(h.node().principal(), PROVIDER, PROVIDER, Optional.of(app.id().principal())));
        baselines.add(new NodeProviderRewards.NodeTotals(h.node().principal(), h.proposed(), h.failed()));
      }
      var blocks = NodeProviderRewards.periodBlocks(nodes,
          Map.of(app.id().principal(), recorder.history(app.id(), 2, 2)), baselines);
      List<NodePerformance.Assessment> assessed = NodePerformance.assess(blocks.getKey());
      NodePerformance.Assessment bad = assessed.stream().filter(a -> a.node().equals(crashed.principal())).findFirst().orElseThrow();
      assertThat(bad.failureRatePpm()).isEqualTo(1_000_000);
      assertThat(bad.multiplierPpm()).isEqualTo(200_000);
      assertThat(bad.flagged()).isTrue();
      assertThat(assessed).filteredOn(NodePerformance.Assessment::flagged).hasSize(1);
    }
  }

  private static List<ManagementCalls.NodeMetrics> metrics(List<SubnetRuntime.BlockMakerCounts> counts) {
    List<ManagementCalls.NodeMetrics> out = new ArrayList<>();
    counts.forEach(c -> out.add(new ManagementCalls.NodeMetrics(c.node().principal(), c.proposed(), c.failed())));
    return out;
  }
}
