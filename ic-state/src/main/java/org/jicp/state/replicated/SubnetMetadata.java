package org.jicp.state.replicated;

import java.time.Instant;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.state.util.FrozenSortedMap;
import org.jicp.types.Cycles;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;

/**
 * The subnet-wide part of a replicated state (dfinity/ic {@code SystemMetadata}): who the subnet is,
 * the time and registry version of the last batch, the routing table and the subnets' keys and
 * nodes, the ingress history, the streams to other subnets, the counters that allocate canister
 * and snapshot ids, and the subnet metrics. Build copies with {@link #toBuilder()}.
 *
 * @param ownSubnetId the subnet this state belongs to
 * @param ownSubnetType its type
 * @param timeNanos the batch time of the last executed round (ns since the epoch)
 * @param registryVersion the registry version of the last batch
 * @param routingTable the routing table
 * @param topology the subnets' keys, types and nodes, as the state tree publishes them
 * @param ingressHistory the statuses of recent ingress messages
 * @param streams the outgoing streams, by destination subnet
 * @param generatedCanisterIds how many canister ids this subnet has allocated
 * @param nextSnapshotId the local id of the next canister snapshot
 * @param consumedCyclesTotal cycles consumed by the subnet's canisters so far
 * @param updateTransactionsTotal update messages executed so far
 */
public record SubnetMetadata(
    SubnetId ownSubnetId,
    SubnetType ownSubnetType,
    long timeNanos,
    RegistryVersion registryVersion,
    RoutingTable routingTable,
    SortedMap<SubnetId, SubnetTopology> topology,
    IngressHistory ingressHistory,
    SortedMap<SubnetId, Stream> streams,
    long generatedCanisterIds,
    long nextSnapshotId,
    Cycles consumedCyclesTotal,
    long updateTransactionsTotal) {
  /** Validates the components. */
  public SubnetMetadata {
    Objects.requireNonNull(ownSubnetId, "ownSubnetId");
    Objects.requireNonNull(ownSubnetType, "ownSubnetType");
    Objects.requireNonNull(registryVersion, "registryVersion");
    Objects.requireNonNull(routingTable, "routingTable");
    Objects.requireNonNull(ingressHistory, "ingressHistory");
    Objects.requireNonNull(consumedCyclesTotal, "consumedCyclesTotal");
    if (timeNanos < 0 || generatedCanisterIds < 0 || nextSnapshotId < 0
        || updateTransactionsTotal < 0) {
      throw new IllegalArgumentException("negative time or counter");
    }
    topology = FrozenSortedMap.copyOf(topology);
    streams = FrozenSortedMap.copyOf(streams);
  }

  /** The metadata of a new subnet: no history, streams or counters. */
  public static SubnetMetadata of(SubnetId id, SubnetType type, long timeNanos,
      RoutingTable routingTable, SortedMap<SubnetId, SubnetTopology> topology) {
    return new SubnetMetadata(id, type, timeNanos, RegistryVersion.ZERO, routingTable, topology,
        IngressHistory.EMPTY, new TreeMap<>(), 0, 0, Cycles.ZERO, 0);
  }

  /** The batch time as an instant. */
  public Instant time() {
    return Instant.ofEpochSecond(timeNanos / 1_000_000_000L, timeNanos % 1_000_000_000L);
  }

  /** A builder initialised with this metadata. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with another time. */
  public SubnetMetadata withTime(long nanos) {
    return toBuilder().timeNanos(nanos).build();
  }

  /** A copy with another ingress history. */
  public SubnetMetadata withIngressHistory(IngressHistory h) {
    return toBuilder().ingressHistory(h).build();
  }

  /** A mutable builder of {@link SubnetMetadata} copies. */
  public static final class Builder {
    private SubnetId ownSubnetId;
    private SubnetType ownSubnetType;
    private long timeNanos;
    private RegistryVersion registryVersion;
    private RoutingTable routingTable;
    private SortedMap<SubnetId, SubnetTopology> topology;
    private IngressHistory ingressHistory;
    private SortedMap<SubnetId, Stream> streams;
    private long generatedCanisterIds;
    private long nextSnapshotId;
    private Cycles consumedCyclesTotal;
    private long updateTransactionsTotal;

    private Builder(SubnetMetadata m) {
      ownSubnetId = m.ownSubnetId;
      ownSubnetType = m.ownSubnetType;
      timeNanos = m.timeNanos;
      registryVersion = m.registryVersion;
      routingTable = m.routingTable;
      topology = m.topology;
      ingressHistory = m.ingressHistory;
      streams = m.streams;
      generatedCanisterIds = m.generatedCanisterIds;
      nextSnapshotId = m.nextSnapshotId;
      consumedCyclesTotal = m.consumedCyclesTotal;
      updateTransactionsTotal = m.updateTransactionsTotal;
    }

    /** Sets the own subnet type. */
    public Builder ownSubnetType(SubnetType v) {
      ownSubnetType = v;
      return this;
    }

    /** Sets the time. */
    public Builder timeNanos(long v) {
      timeNanos = v;
      return this;
    }

    /** Sets the registry version. */
    public Builder registryVersion(RegistryVersion v) {
      registryVersion = v;
      return this;
    }

    /** Sets the routing table. */
    public Builder routingTable(RoutingTable v) {
      routingTable = v;
      return this;
    }

    /** Sets the topology. */
    public Builder topology(SortedMap<SubnetId, SubnetTopology> v) {
      topology = v;
      return this;
    }

    /** Sets the ingress history. */
    public Builder ingressHistory(IngressHistory v) {
      ingressHistory = v;
      return this;
    }

    /** Sets the streams. */
    public Builder streams(SortedMap<SubnetId, Stream> v) {
      streams = v;
      return this;
    }

    /** Sets the allocated canister id count. */
    public Builder generatedCanisterIds(long v) {
      generatedCanisterIds = v;
      return this;
    }

    /** Sets the next snapshot local id. */
    public Builder nextSnapshotId(long v) {
      nextSnapshotId = v;
      return this;
    }

    /** Sets the consumed cycles. */
    public Builder consumedCyclesTotal(Cycles v) {
      consumedCyclesTotal = v;
      return this;
    }

    /** Sets the update transaction count. */
    public Builder updateTransactionsTotal(long v) {
      updateTransactionsTotal = v;
      return this;
    }

    /** The metadata. */
    public SubnetMetadata build() {
      return new SubnetMetadata(ownSubnetId, ownSubnetType, timeNanos, registryVersion,
          routingTable, topology, ingressHistory, streams, generatedCanisterIds, nextSnapshotId,
          consumedCyclesTotal, updateTransactionsTotal);
    }
  }
}
