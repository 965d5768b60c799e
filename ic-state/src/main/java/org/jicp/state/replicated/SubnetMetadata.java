package org.jicp.state.replicated;

import org.jicp.types.SubnetType;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.types.SubnetId;
import org.jicp.types.MessageId;

/**
 * The subnet-wide part of a replicated state.
 *
 * @param ownSubnetId the subnet this state belongs to
 * @param ownSubnetType its type
 * @param timeNanos the batch time of the last executed round (ns since the epoch)
 * @param routingTable the routing table
 * @param topology the subnets' keys, types and nodes, as the state tree publishes them
 * @param ingressHistory the statuses of recent ingress requests
 */
public record SubnetMetadata(
    SubnetId ownSubnetId,
    SubnetType ownSubnetType,
    long timeNanos,
    RoutingTable routingTable,
    SortedMap<SubnetId, SubnetTopology> topology,
    SortedMap<MessageId, IngressStatus> ingressHistory) {
  /** Validates the components. */
  public SubnetMetadata {
    Objects.requireNonNull(ownSubnetId, "ownSubnetId");
    Objects.requireNonNull(ownSubnetType, "ownSubnetType");
    Objects.requireNonNull(routingTable, "routingTable");
    if (timeNanos < 0) {
      throw new IllegalArgumentException("negative time");
    }
    topology = Collections.unmodifiableSortedMap(new TreeMap<>(topology));
    ingressHistory = Collections.unmodifiableSortedMap(new TreeMap<>(ingressHistory));
  }

  /** The batch time as an instant. */
  public Instant time() {
    return Instant.ofEpochSecond(timeNanos / 1_000_000_000L, timeNanos % 1_000_000_000L);
  }

  /** A copy with another time. */
  public SubnetMetadata withTime(long nanos) {
    return new SubnetMetadata(ownSubnetId, ownSubnetType, nanos, routingTable, topology,
        ingressHistory);
  }

  /** A copy with one ingress status set. */
  public SubnetMetadata withIngressStatus(MessageId id, IngressStatus status) {
    TreeMap<MessageId, IngressStatus> h = new TreeMap<>(ingressHistory);
    h.put(id, status);
    return new SubnetMetadata(ownSubnetId, ownSubnetType, timeNanos, routingTable, topology, h);
  }
}
