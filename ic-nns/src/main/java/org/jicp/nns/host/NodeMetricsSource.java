package org.jicp.nns.host;

import java.util.List;
import org.jicp.types.SubnetId;

/**
 * The port through which a subnet's management canister learns the block-maker statistics it
 * answers {@code node_metrics_history} with ({@link NodeMetricsHistory}). On the IC each subnet
 * records them in its replicated state from its finalized blocks (the block maker of each block
 * and the nodes ranked above it that failed); in jicp the NNS subnet asks this port for any subnet.
 *
 * <p>Contract: the answer is a function of its arguments only — every node that executes the same
 * round must get the same history, so an implementation may add samples only with timestamps
 * after every round already executed. Samples come in ascending time order, each with the
 * cumulative counters of the subnet's nodes at that time.
 */
@FunctionalInterface
public interface NodeMetricsSource {
  /** A source without statistics: every history is empty. */
  NodeMetricsSource NONE = (subnet, start, now) -> List.of();

  /**
   * The samples of {@code subnet} with {@code startNanos <= timestamp <= nowNanos}, oldest first.
   *
   * @param subnet the subnet asked about
   * @param startNanos {@code start_at_timestamp_nanos}
   * @param nowNanos the time of the round answering
   */
  List<ManagementCalls.NodeMetricsHistoryRecord> history(SubnetId subnet, long startNanos, long nowNanos);
}
