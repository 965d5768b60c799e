package org.jicp.nns.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Principal;

/**
 * Node performance from block-maker statistics, as the IC's performance-based node rewards compute
 * it ({@code rs/node_rewards/rewards_calculation}, algorithm v1): a node's failure rate is {@code
 * failed / (proposed + failed)} over the period; its subnet's failure rate is the 75th percentile
 * of its nodes' rates (sorted ascending, index {@code ceil(n · 0.75) − 1}); the relative failure
 * rate {@code max(0, node − subnet)} gives the reward multiplier: 1 below 10 %, 0.2 from 60 %,
 * linearly reduced by up to 80 % in between. jicp computes in parts per million with integer
 * arithmetic (rounding down), over the whole reward period rather than day by day.
 *
 * <p>A node is <em>flagged</em> when its own failure rate exceeds {@link #FLAG_FAILURE_RATE_PPM}
 * (10 %), whatever its subnet does; flagged nodes are listed in governance's monthly rewards for the
 * NNS to decide on (a proposal removes them). A node without blocks in the period has no rate: it
 * keeps the full multiplier and is not flagged.
 */
public final class NodePerformance {
  /** One in parts per million. */
  public static final long PPM = 1_000_000L;
  /** {@code SUBNET_FAILURE_RATE_PERCENTILE}: 0.75. */
  public static final int SUBNET_FAILURE_RATE_PERCENTILE_PERCENT = 75;
  /** {@code MIN_FAILURE_RATE}: 10 %; a relative rate below it is not penalized. */
  public static final long MIN_FAILURE_RATE_PPM = 100_000L;
  /** {@code MAX_FAILURE_RATE}: 60 %; a relative rate at or above it gets the maximum reduction. */
  public static final long MAX_FAILURE_RATE_PPM = 600_000L;
  /** {@code MAX_REWARDS_REDUCTION}: 80 %. */
  public static final long MAX_REWARDS_REDUCTION_PPM = 800_000L;
  /** jicp's flag: a node whose own failure rate is above 10 % is flagged. */
  public static final long FLAG_FAILURE_RATE_PPM = 100_000L;

  private NodePerformance() {}

  /**
   * A node's blocks in the period, on the subnet it was a member of.
   *
   * @param node the node
   * @param subnet its subnet
   * @param proposed blocks it made
   * @param failed rounds in which it was ranked above the maker of the finalized block
   */
  public record NodeBlocks(Principal node, Principal subnet, long proposed, long failed) {
    /** Validates the counts. */
    public NodeBlocks {
      if (proposed < 0 || failed < 0) {
        throw new IllegalArgumentException("block counts are non-negative");
      }
    }

    /** Whether the node had any block slot in the period. */
    public boolean hasBlocks() {
      return proposed + failed > 0;
    }

    /** {@code failed / (proposed + failed)} in ppm, rounded down; 0 without blocks. */
    public long failureRatePpm() {
      return hasBlocks() ? Math.multiplyExact(failed, PPM) / (proposed + failed) : 0;
    }
  }

  /**
   * The assessment of a node for a period (Candid record, kept in governance's monthly rewards).
   *
   * @param node the node
   * @param subnet its subnet
   * @param proposed blocks made
   * @param failed blocks failed
   * @param failureRatePpm its failure rate
   * @param subnetFailureRatePpm its subnet's (75th percentile)
   * @param relativeFailureRatePpm {@code max(0, failureRate − subnetFailureRate)}
   * @param multiplierPpm the reward multiplier
   * @param flagged whether its failure rate is above {@link #FLAG_FAILURE_RATE_PPM}
   */
  public record Assessment(
      @CandidName("node_id") Principal node,
      @CandidName("subnet_id") Principal subnet,
      @CandidName("num_blocks_proposed") @CandidAs("nat64") long proposed,
      @CandidName("num_blocks_failed") @CandidAs("nat64") long failed,
      @CandidName("failure_rate_ppm") @CandidAs("nat64") long failureRatePpm,
      @CandidName("subnet_failure_rate_ppm") @CandidAs("nat64") long subnetFailureRatePpm,
      @CandidName("relative_failure_rate_ppm") @CandidAs("nat64") long relativeFailureRatePpm,
      @CandidName("multiplier_ppm") @CandidAs("nat64") long multiplierPpm,
      boolean flagged) {}

  /** The reward multiplier of a relative failure rate. */
  public static long multiplierPpm(long relativeFailureRatePpm) {
    if (relativeFailureRatePpm < MIN_FAILURE_RATE_PPM) {
      return PPM;
    }
    if (relativeFailureRatePpm >= MAX_FAILURE_RATE_PPM) {
      return PPM - MAX_REWARDS_REDUCTION_PPM;
    }
    long reduction = (relativeFailureRatePpm - MIN_FAILURE_RATE_PPM) * MAX_REWARDS_REDUCTION_PPM
        / (MAX_FAILURE_RATE_PPM - MIN_FAILURE_RATE_PPM);
    return PPM - reduction;
  }

  /** The 75th percentile of {@code ratesPpm}: sorted ascending, index {@code ceil(n · 0.75) − 1}; 0 if empty. */
  public static long subnetFailureRatePpm(List<Long> ratesPpm) {
    if (ratesPpm.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(ratesPpm);
    sorted.sort(null);
    int n = sorted.size();
    int index = (n * SUBNET_FAILURE_RATE_PERCENTILE_PERCENT + 99) / 100 - 1;
    return sorted.get(Math.max(0, index));
  }

  /**
   * Assesses every node: the subnet rates from the nodes with blocks on each subnet, then each
   * node's relative rate, multiplier and flag. Nodes come out in the order given.
   */
  public static List<Assessment> assess(List<NodeBlocks> nodes) {
    Map<Principal, List<Long>> bySubnet = new TreeMap<>();
    for (NodeBlocks n : nodes) {
      if (n.hasBlocks()) {
        bySubnet.computeIfAbsent(n.subnet(), k -> new ArrayList<>()).add(n.failureRatePpm());
      }
    }
    List<Assessment> out = new ArrayList<>();
    for (NodeBlocks n : nodes) {
      long subnetRate = subnetFailureRatePpm(bySubnet.getOrDefault(n.subnet(), List.of()));
      long rate = n.failureRatePpm();
      long relative = n.hasBlocks() ? Math.max(0, rate - subnetRate) : 0;
      long multiplier = n.hasBlocks() ? multiplierPpm(relative) : PPM;
      out.add(new Assessment(n.node(), n.subnet(), n.proposed(), n.failed(), rate, subnetRate, relative, multiplier,
          n.hasBlocks() && rate > FLAG_FAILURE_RATE_PPM));
    }
    return out;
  }
}
