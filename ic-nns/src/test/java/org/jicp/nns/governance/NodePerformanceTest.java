package org.jicp.nns.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;

/**
 * The performance-based reward multiplier, checked against the worked examples of dfinity/ic's
 * {@code rs/node_rewards/rewards_calculation/.../v1/docs/QUICK_REFERENCE.md} and the thresholds of
 * its algorithm (10 %, 60 %, 80 % reduction, 75th percentile).
 */
class NodePerformanceTest {
  static final Principal SUBNET = Principal.canisterIdFromIndex(1);
  static final Principal OTHER = Principal.canisterIdFromIndex(2);

  static Principal node(int i) {
    return Principal.selfAuthenticating(new byte[] {(byte) i});
  }

  @Test
  void multiplierPpm_atTheThresholds_isFullLinearOrMaximallyReduced() {
    assertThat(NodePerformance.multiplierPpm(0)).isEqualTo(1_000_000);
    assertThat(NodePerformance.multiplierPpm(99_999)).isEqualTo(1_000_000);
    assertThat(NodePerformance.multiplierPpm(100_000)).isEqualTo(1_000_000);
    assertThat(NodePerformance.multiplierPpm(350_000)).isEqualTo(600_000);   // half-way: 40 % reduction
    assertThat(NodePerformance.multiplierPpm(599_999)).isEqualTo(200_002);
    assertThat(NodePerformance.multiplierPpm(600_000)).isEqualTo(200_000);
    assertThat(NodePerformance.multiplierPpm(1_000_000)).isEqualTo(200_000);
  }

  @Test
  void quickReferenceExamples_giveTheDocumentedMultipliers() {
    // Example 1: 100 proposed, 5 failed (4.76 %) against a subnet at 16.67 %: full rewards.
    var good = new NodePerformance.NodeBlocks(node(1), SUBNET, 100, 5);
    assertThat(good.failureRatePpm()).isEqualTo(47_619);
    assertThat(NodePerformance.multiplierPpm(Math.max(0, good.failureRatePpm() - 166_666))).isEqualTo(1_000_000);
    // Example 2: 100 proposed, 50 failed (33.33 %): relative 16.67 %, reduction 10.67 %: 89.33 % (the doc: 89.34 %).
    var poor = new NodePerformance.NodeBlocks(node(2), SUBNET, 100, 50);
    assertThat(poor.failureRatePpm()).isEqualTo(333_333);
    assertThat(NodePerformance.multiplierPpm(poor.failureRatePpm() - 166_666)).isEqualTo(893_333);
    // Example 3: 0 proposed, 5 failed (100 %): the maximum penalty, 20 % of base rewards.
    var worst = new NodePerformance.NodeBlocks(node(3), SUBNET, 0, 5);
    assertThat(NodePerformance.multiplierPpm(worst.failureRatePpm() - 166_666)).isEqualTo(200_000);
  }

  @Test
  void subnetFailureRatePpm_isThe75thPercentileOfTheSortedRates() {
    assertThat(NodePerformance.subnetFailureRatePpm(List.of())).isZero();
    assertThat(NodePerformance.subnetFailureRatePpm(List.of(7L))).isEqualTo(7);
    assertThat(NodePerformance.subnetFailureRatePpm(List.of(9L, 1L))).isEqualTo(9);           // ceil(1.5) - 1 = 1
    assertThat(NodePerformance.subnetFailureRatePpm(List.of(500_000L, 0L, 0L, 0L))).isZero(); // ceil(3) - 1 = 2
    assertThat(NodePerformance.subnetFailureRatePpm(List.of(60L, 10L, 50L, 20L, 40L, 30L))).isEqualTo(50); // ceil(4.5) - 1 = 4
  }

  @Test
  void assess_oneBadNodeOfFour_isReducedAndFlaggedOthersAreNot() {
    List<NodePerformance.Assessment> a = NodePerformance.assess(List.of(
        new NodePerformance.NodeBlocks(node(1), SUBNET, 50, 50),
        new NodePerformance.NodeBlocks(node(2), SUBNET, 100, 0),
        new NodePerformance.NodeBlocks(node(3), SUBNET, 100, 0),
        new NodePerformance.NodeBlocks(node(4), SUBNET, 90, 10),
        new NodePerformance.NodeBlocks(node(5), SUBNET, 0, 0)));
    assertThat(a.get(0).failureRatePpm()).isEqualTo(500_000);
    // Rates 50 %, 0, 0, 10 % (the node without blocks has none): sorted, index ceil(3) - 1 = 2 is 10 %.
    assertThat(a.get(0).subnetFailureRatePpm()).isEqualTo(100_000);
    assertThat(a.get(0).relativeFailureRatePpm()).isEqualTo(400_000);
    assertThat(a.get(0).multiplierPpm()).isEqualTo(1_000_000 - 300_000 * 8 / 5);
    assertThat(a.get(0).flagged()).isTrue();
    assertThat(a.get(3).failureRatePpm()).isEqualTo(100_000);
    assertThat(a.get(3).multiplierPpm()).isEqualTo(1_000_000);
    assertThat(a.get(3).flagged()).as("10 %% is not above the flag threshold").isFalse();
    assertThat(a.get(4).multiplierPpm()).as("no blocks: no rate").isEqualTo(1_000_000);
    assertThat(a.get(4).flagged()).isFalse();
    assertThat(a.stream().filter(NodePerformance.Assessment::flagged).count()).isEqualTo(1);
  }

  @Test
  void assess_singleNodeSubnet_isFlaggedButNotReduced() {
    // Relative to its own subnet a lone node is at the percentile: the IC's rule reduces nothing.
    List<NodePerformance.Assessment> a = NodePerformance.assess(List.of(
        new NodePerformance.NodeBlocks(node(1), OTHER, 40, 60)));
    assertThat(a.get(0).relativeFailureRatePpm()).isZero();
    assertThat(a.get(0).multiplierPpm()).isEqualTo(1_000_000);
    assertThat(a.get(0).flagged()).isTrue();
  }
}
