package org.jicp.nns.governance;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Principal;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.registry.RegistryPayloads;

/**
 * Governance's monthly node-provider rewards, as dfinity/ic's {@code reward_node_providers}: every
 * {@link #NODE_PROVIDER_REWARD_PERIOD_SECONDS} governance reads the registry's monthly XDR rewards
 * (from each operator's rewardable nodes, its data center's region and the node rewards table),
 * the cycles minting canister's average ICP/XDR rate, and the block-maker statistics of every
 * subnet ({@code node_metrics_history}), and mints ICP on the ledger to each registered node
 * provider's reward account.
 *
 * <p>Performance ({@link NodePerformance}): each provider's XDR amount is multiplied by the mean
 * multiplier of its registered nodes (a node without blocks in the period counts 1). This equals the
 * IC's per-node sum when a provider's nodes share one rate; the IC weighs each node's own base
 * reward. The e8s are {@code xdr · 10^8 / max(rate, minimum_icp_xdr_rate · 100)}, capped at {@code
 * maximum_node_provider_rewards_e8s}, rounded down.
 *
 * <p>The records here are the Candid values governance keeps in its state and serves.
 */
public final class NodeProviderRewards {
  /** {@code NODE_PROVIDER_REWARD_PERIOD_SECONDS}: 30.4375 days. */
  public static final long NODE_PROVIDER_REWARD_PERIOD_SECONDS = 2_629_800L;
  /** After a failed attempt (a canister rejected), governance tries again a day later. */
  public static final long RETRY_SECONDS = GovernanceConstants.ONE_DAY_SECONDS;

  private NodeProviderRewards() {}

  /** A node's cumulative block counters, as last seen (the baseline of the next period). */
  public record NodeTotals(
      @CandidName("node_id") Principal node,
      @CandidName("num_blocks_proposed_total") @CandidAs("nat64") long proposedTotal,
      @CandidName("num_block_failures_total") @CandidAs("nat64") long failuresTotal) {}

  /**
   * One provider's reward of a month.
   *
   * @param provider the node provider
   * @param registryXdrPermyriad its monthly XDR rewards from the registry
   * @param multiplierPpm the mean multiplier of its nodes
   * @param xdrPermyriad the XDR after the multiplier
   * @param amountE8s the ICP minted
   * @param minted whether the mint succeeded
   */
  public record ProviderReward(
      @CandidName("node_provider") Principal provider,
      @CandidName("registry_xdr_permyriad") @CandidAs("nat64") long registryXdrPermyriad,
      @CandidName("multiplier_ppm") @CandidAs("nat64") long multiplierPpm,
      @CandidName("xdr_permyriad") @CandidAs("nat64") long xdrPermyriad,
      @CandidName("amount_e8s") @CandidAs("nat64") long amountE8s,
      boolean minted) {}

  /**
   * The most recent monthly rewards: {@code MostRecentMonthlyNodeProviderRewards} of {@code
   * governance.did} ({@code timestamp}, {@code rewards}) with jicp's details.
   *
   * @param timestamp when the month's rewards were computed (seconds)
   * @param rewards the mints made, as {@code RewardNodeProvider}s (to account)
   * @param xdrPermyriadPerIcp the rate used
   * @param providers each provider's computation
   * @param nodePerformance each node's assessment for the period
   */
  public record MonthlyNodeProviderRewards(
      @CandidAs("nat64") long timestamp,
      List<GovernanceApi.RewardNodeProvider> rewards,
      @CandidName("xdr_permyriad_per_icp") @CandidAs("nat64") long xdrPermyriadPerIcp,
      @CandidName("provider_rewards") List<ProviderReward> providers,
      @CandidName("node_performance") List<NodePerformance.Assessment> nodePerformance) {
    /** Copies the lists. */
    public MonthlyNodeProviderRewards {
      rewards = List.copyOf(rewards);
      providers = List.copyOf(providers);
      nodePerformance = List.copyOf(nodePerformance);
    }

    /** The nodes flagged for their failure rate. */
    public List<Principal> flaggedNodes() {
      List<Principal> out = new ArrayList<>();
      nodePerformance.forEach(a -> {
        if (a.flagged()) {
          out.add(a.node());
        }
      });
      return out;
    }
  }

  /**
   * The schedule's state, saved with governance.
   *
   * @param startedAt when the schedule started (absent: node-provider rewards are off)
   * @param inProgressSince the timestamp of the month being rewarded, while its calls are in flight
   * @param retryAfter no attempt before this time (after a failure)
   * @param mostRecent the last month rewarded
   * @param baselines each node's counters at the last rewards
   * @param lastFailure why the last attempt failed, if it did
   */
  public record ScheduleState(
      @CandidName("started_at") @CandidAs("opt nat64") Optional<Long> startedAt,
      @CandidName("in_progress_since") @CandidAs("opt nat64") Optional<Long> inProgressSince,
      @CandidName("retry_after") @CandidAs("nat64") long retryAfter,
      @CandidName("most_recent") Optional<MonthlyNodeProviderRewards> mostRecent,
      List<NodeTotals> baselines,
      @CandidName("last_failure") Optional<String> lastFailure) {
    /** The state before any schedule. */
    public static final ScheduleState OFF = new ScheduleState(Optional.empty(), Optional.empty(), 0, Optional.empty(),
        List.of(), Optional.empty());

    /** Copies the list. */
    public ScheduleState {
      baselines = List.copyOf(baselines);
    }
  }

  /**
   * The month's computation before minting.
   *
   * @param timestamp the month's timestamp
   * @param mints the ledger mints, one per entry of {@code providers} (amount 0: nothing to mint)
   * @param providers each provider's computation ({@code minted} false until its mint succeeds)
   * @param xdrPermyriadPerIcp the rate used
   * @param performance the nodes' assessments
   * @param totals the nodes' counters now (the next baselines)
   */
  public record Plan(
      @CandidAs("nat64") long timestamp,
      List<LedgerStep> mints,
      List<ProviderReward> providers,
      @CandidAs("nat64") long xdrPermyriadPerIcp,
      List<NodePerformance.Assessment> performance,
      List<NodeTotals> totals) {
    /** Copies the lists. */
    public Plan {
      mints = List.copyOf(mints);
      providers = List.copyOf(providers);
      performance = List.copyOf(performance);
      totals = List.copyOf(totals);
    }
  }

  /**
   * The period's blocks of each node: its latest sample in {@code history} (cumulative counters)
   * minus its baseline (a counter below its baseline restarted: the sample counts whole). Nodes are
   * those of {@code nodes} with a subnet; a node without a sample has no blocks.
   *
   * @param nodes the registry's nodes with their providers and subnets
   * @param history each subnet's samples
   * @param baselines the counters at the last rewards
   * @return the period's blocks (in {@code nodes} order) and the new totals (of the registered nodes)
   */
  public static Map.Entry<List<NodePerformance.NodeBlocks>, List<NodeTotals>> periodBlocks(
      List<RegistryPayloads.NodeWithProvider> nodes, Map<Principal, List<ManagementCalls.NodeMetricsHistoryRecord>> history,
      List<NodeTotals> baselines) {
    Map<Principal, NodeTotals> base = new TreeMap<>();
    baselines.forEach(t -> base.put(t.node(), t));
    Map<Principal, NodeTotals> latest = new TreeMap<>();
    for (List<ManagementCalls.NodeMetricsHistoryRecord> records : history.values()) {
      for (ManagementCalls.NodeMetricsHistoryRecord r : records) {
        for (ManagementCalls.NodeMetrics m : r.nodeMetrics()) {
          latest.put(m.nodeId(), new NodeTotals(m.nodeId(), m.numBlocksProposedTotal(), m.numBlockFailuresTotal()));
        }
      }
    }
    List<NodePerformance.NodeBlocks> blocks = new ArrayList<>();
    // The next baselines: registered nodes only (a removed node's counters are dropped).
    Map<Principal, NodeTotals> totals = new TreeMap<>();
    for (RegistryPayloads.NodeWithProvider n : nodes) {
      if (base.containsKey(n.nodeId())) {
        totals.put(n.nodeId(), base.get(n.nodeId()));
      }
      if (n.subnetId().isEmpty()) {
        continue;
      }
      NodeTotals now = latest.get(n.nodeId());
      NodeTotals before = base.get(n.nodeId());
      long proposed = 0;
      long failed = 0;
      if (now != null) {
        boolean restarted = before != null && (now.proposedTotal() < before.proposedTotal() || now.failuresTotal() < before.failuresTotal());
        proposed = before == null || restarted ? now.proposedTotal() : now.proposedTotal() - before.proposedTotal();
        failed = before == null || restarted ? now.failuresTotal() : now.failuresTotal() - before.failuresTotal();
        totals.put(n.nodeId(), now);
      }
      blocks.add(new NodePerformance.NodeBlocks(n.nodeId(), n.subnetId().get(), proposed, failed));
    }
    return Map.entry(blocks, new ArrayList<>(totals.values()));
  }

  /**
   * Each provider's multiplier: the mean of its registered nodes' multipliers weighted by their
   * reward weights (each node's base reward by type and region, {@code
   * NodeWithProvider.rewardWeightXdrPermyriad}; a node without a weight weighs 1, nodes of weight 0
   * do not count), so a failing node reduces its provider's reward by its own share of it, as the
   * IC's per-node rule. Nodes without an assessment count {@link NodePerformance#PPM}; providers
   * without weighted nodes get {@code PPM}.
   */
  public static Map<Principal, Long> providerMultipliers(List<RegistryPayloads.NodeWithProvider> nodes,
      List<NodePerformance.Assessment> performance) {
    Map<Principal, Long> byNode = new TreeMap<>();
    performance.forEach(a -> byNode.put(a.node(), a.multiplierPpm()));
    Map<Principal, BigInteger[]> sums = new TreeMap<>();
    for (RegistryPayloads.NodeWithProvider n : nodes) {
      long w = n.rewardWeightXdrPermyriad().orElse(1L);
      BigInteger[] s = sums.computeIfAbsent(n.nodeProviderId(), k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
      s[0] = s[0].add(BigInteger.valueOf(w).multiply(BigInteger.valueOf(byNode.getOrDefault(n.nodeId(), NodePerformance.PPM))));
      s[1] = s[1].add(BigInteger.valueOf(w));
    }
    Map<Principal, Long> out = new TreeMap<>();
    sums.forEach((p, s) -> out.put(p, s[1].signum() == 0 ? NodePerformance.PPM : s[0].divide(s[1]).longValueExact()));
    return out;
  }

  /** {@code xdr · multiplier / PPM}, rounded down. */
  public static long adjustedXdr(long xdrPermyriad, long multiplierPpm) {
    return BigInteger.valueOf(xdrPermyriad).multiply(BigInteger.valueOf(multiplierPpm))
        .divide(BigInteger.valueOf(NodePerformance.PPM)).longValueExact();
  }

  /** {@code xdr · 10^8 / rate}, capped at {@code maxE8s}, rounded down. */
  public static long e8s(long xdrPermyriad, long xdrPermyriadPerIcp, long maxE8s) {
    if (xdrPermyriadPerIcp <= 0) {
      throw new IllegalArgumentException("the ICP/XDR rate must be positive");
    }
    return BigInteger.valueOf(xdrPermyriad).multiply(BigInteger.valueOf(100_000_000L))
        .divide(BigInteger.valueOf(xdrPermyriadPerIcp)).min(BigInteger.valueOf(maxE8s)).longValueExact();
  }
}
