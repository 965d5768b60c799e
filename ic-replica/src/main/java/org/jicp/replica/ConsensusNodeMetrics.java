package org.jicp.replica;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NodeMetricsRecorder;
import org.jicp.nns.host.NodeMetricsSource;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.types.SubnetId;

/**
 * The NNS subnet's {@code node_metrics_history} fed from the replica's BFT subnets ({@code
 * Replica.Builder#nodeMetricsFromConsensus}): before a round of the NNS subnet at time t, every
 * subnet that runs consensus whose last sample is at least {@link #SAMPLE_INTERVAL_NANOS} old
 * gets a sample at t with its nodes' cumulative block-maker counters ({@link
 * SubnetRuntime#blockMakerCounts()}: the maker of each finalized block proposed, the nodes ranked
 * above it failed). The IC keeps one sample a day per subnet in each subnet's replicated state;
 * here the replica carries them to the NNS subnet, which answers for every subnet. A sample is
 * taken at the time of the NNS round about to run, after every round it already ran, so the
 * answers of rounds already executed do not change ({@link NodeMetricsSource}'s contract); the
 * samples are kept in memory only (the replica's BFT subnets do not resume from a state directory
 * either).
 */
final class ConsensusNodeMetrics implements NodeMetricsSource {
  /** At most one sample a day per subnet, as the IC's {@code node_metrics_history}. */
  static final long SAMPLE_INTERVAL_NANOS = 86_400L * 1_000_000_000L;

  private final NodeMetricsRecorder recorder = new NodeMetricsRecorder();
  private final Map<SubnetId, Long> lastSample = new HashMap<>();
  private long lastRoundNanos = Long.MIN_VALUE;

  /** Samples the consensus subnets due at {@code nnsRoundNanos}, the time of the NNS round about to run. */
  synchronized void beforeNnsRound(long nnsRoundNanos, List<SubnetRuntime> subnets) {
    if (nnsRoundNanos <= lastRoundNanos) {
      return; // a second round at the same time: its first already answered from the samples up to now
    }
    lastRoundNanos = nnsRoundNanos;
    for (SubnetRuntime s : subnets) {
      if (!s.runsConsensus()) {
        continue;
      }
      Long last = lastSample.get(s.id());
      if (last != null && nnsRoundNanos - last < SAMPLE_INTERVAL_NANOS) {
        continue;
      }
      List<ManagementCalls.NodeMetrics> metrics = s.blockMakerCounts().stream()
          .map(c -> new ManagementCalls.NodeMetrics(c.node().principal(), c.proposed(), c.failed())).toList();
      try {
        recorder.record(s.id(), nnsRoundNanos, metrics);
        lastSample.put(s.id(), nnsRoundNanos);
      } catch (IllegalArgumentException e) {
        // The subnet's counters restarted (its nodes were replaced): no sample until they pass the last one.
      }
    }
  }

  @Override
  public synchronized List<ManagementCalls.NodeMetricsHistoryRecord> history(SubnetId subnet, long startNanos, long nowNanos) {
    return recorder.history(subnet, startNanos, nowNanos);
  }
}
