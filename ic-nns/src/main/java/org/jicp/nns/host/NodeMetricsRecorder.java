package org.jicp.nns.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jicp.types.SubnetId;

/**
 * A {@link NodeMetricsSource} fed by its owner: samples of cumulative block-maker counters per
 * subnet, recorded in time order (a simulation's or a test's stand-in for the statistics a
 * subnet's consensus keeps). Thread-safe.
 */
public final class NodeMetricsRecorder implements NodeMetricsSource {
  private final Map<SubnetId, List<ManagementCalls.NodeMetricsHistoryRecord>> samples = new HashMap<>();

  /**
   * Records the counters of {@code subnet}'s nodes at {@code timestampNanos}.
   *
   * @throws IllegalArgumentException if the subnet already has a sample at or after that time, or a
   *     node's counters went down since its previous sample
   */
  public synchronized void record(SubnetId subnet, long timestampNanos, List<ManagementCalls.NodeMetrics> metrics) {
    Objects.requireNonNull(subnet, "subnet");
    List<ManagementCalls.NodeMetricsHistoryRecord> l = samples.computeIfAbsent(subnet, k -> new ArrayList<>());
    if (!l.isEmpty()) {
      ManagementCalls.NodeMetricsHistoryRecord last = l.get(l.size() - 1);
      if (last.timestampNanos() >= timestampNanos) {
        throw new IllegalArgumentException("subnet " + subnet + " already has a sample at " + last.timestampNanos()
            + ", not before " + timestampNanos);
      }
      for (ManagementCalls.NodeMetrics m : metrics) {
        for (ManagementCalls.NodeMetrics p : last.nodeMetrics()) {
          if (p.nodeId().equals(m.nodeId()) && (m.numBlocksProposedTotal() < p.numBlocksProposedTotal()
              || m.numBlockFailuresTotal() < p.numBlockFailuresTotal())) {
            throw new IllegalArgumentException("the counters of node " + m.nodeId() + " are cumulative: they cannot go down");
          }
        }
      }
    }
    l.add(new ManagementCalls.NodeMetricsHistoryRecord(timestampNanos, metrics));
  }

  @Override
  public synchronized List<ManagementCalls.NodeMetricsHistoryRecord> history(SubnetId subnet, long startNanos, long nowNanos) {
    List<ManagementCalls.NodeMetricsHistoryRecord> out = new ArrayList<>();
    for (ManagementCalls.NodeMetricsHistoryRecord r : samples.getOrDefault(subnet, List.of())) {
      if (r.timestampNanos() >= startNanos && r.timestampNanos() <= nowNanos) {
        out.add(r);
      }
    }
    return out;
  }
}
