package org.jicp.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Principal;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.pb.CatchUpPackageContents;
import org.jicp.state.replicated.CanisterQueues;
import org.jicp.state.replicated.CanisterSnapshot;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SnapshotId;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;

/**
 * How the running replica applies a {@code split_subnet} or {@code merge_subnets} registry
 * version to the states of the subnets involved: pure functions of the registry and the states.
 *
 * <p>A split, as the IC performs it (dfinity/ic {@code ReplicatedState::split}, phase 1): both
 * halves start from the same state of the source subnet. The source keeps its id, its streams,
 * its ingress history and its subnet queues, and drops the canisters (and their snapshots) that
 * the new routing table sends to the destination. The destination takes the source's state under
 * its own id and type with only the canisters routed to it (and their snapshots), no streams
 * (it has sent nothing yet), empty subnet queues, a fresh canister-id counter (allocation skips
 * ids in use), and the source's ingress history (so that the status of a message sent to a
 * canister before it moved is still found where requests for that canister are routed).
 *
 * <p>A merge is the inverse: the destination takes every canister (and snapshot) of the source.
 * Messages in flight are not rerouted: both kinds of change are applied between rounds, and a
 * message already in a stream to the source for a canister that moved is rejected there as for a
 * canister that does not exist (the IC reroutes them by {@code canister_migrations}; jicp does
 * not yet).
 */
final class SubnetSplit {
  private SubnetSplit() {}

  /**
   * The running subnet whose latest catch-up package contents name {@code destination} as the
   * destination of a split ({@code subnet_splitting}), if any.
   */
  static Optional<SubnetId> splitSource(Registry r, SubnetId destination, Set<SubnetId> running) {
    for (SubnetId s : running) {
      Optional<CatchUpPackageContents> cup = r.cupContents(s);
      if (cup.isPresent() && cup.get().hasSubnetSplitting()) {
        Principal d = Principal.fromBytes(cup.get().getSubnetSplitting().getDestinationSubnetId()
            .getPrincipalId().getRaw().toByteArray());
        if (d.equals(destination.principal())) {
          return Optional.of(s);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The state the destination of a split starts from: {@code source}'s state (at its height)
   * under the destination's id and type, with only the canisters {@code routing} sends to it.
   */
  static ReplicatedState destinationState(ReplicatedState source, SubnetId destination,
      SubnetType type, RoutingTable routing, SortedMap<SubnetId, SubnetTopology> topology) {
    ReplicatedState out = without(source, notRoutedTo(source, destination, routing));
    SubnetMetadata m = source.metadata();
    SubnetMetadata md = new SubnetMetadata(destination, type, m.timeNanos(), m.registryVersion(),
        routing, topology, m.ingressHistory(), new TreeMap<>(), 0, m.nextSnapshotId(),
        m.consumedCyclesTotal(), 0);
    return new ReplicatedState(out.height(), out.canisterMap(), md, CanisterQueues.EMPTY,
        out.snapshots());
  }

  /** The source's state after a split: without the canisters {@code routing} sends elsewhere. */
  static ReplicatedState sourceState(ReplicatedState source, RoutingTable routing) {
    return without(source, leaving(source, source.metadata().ownSubnetId(), routing));
  }

  /** The canisters of {@code state} that {@code routing} sends to another subnet than {@code self}. */
  static List<CanisterId> leaving(ReplicatedState state, SubnetId self, RoutingTable routing) {
    List<CanisterId> out = new ArrayList<>();
    for (CanisterId c : state.canisterMap().keySet()) {
      if (routing.route(c).map(to -> !to.equals(self)).orElse(false)) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<CanisterId> notRoutedTo(ReplicatedState state, SubnetId self,
      RoutingTable routing) {
    List<CanisterId> out = new ArrayList<>();
    for (CanisterId c : state.canisterMap().keySet()) {
      if (!routing.route(c).map(self::equals).orElse(false)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The destination's state after a merge: with every canister and snapshot of {@code source}. */
  static ReplicatedState mergedState(ReplicatedState destination, ReplicatedState source) {
    ReplicatedState out = destination;
    for (var c : source.canisterMap().values()) {
      out = out.withCanister(c);
    }
    SortedMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>(out.snapshots());
    snaps.putAll(source.snapshots());
    return out.withSnapshots(snaps);
  }

  /** {@code state} without canisters and snapshots (a merged subnet's last state). */
  static ReplicatedState emptied(ReplicatedState state) {
    return without(state, List.copyOf(state.canisterMap().keySet()));
  }

  private static ReplicatedState without(ReplicatedState state, List<CanisterId> canisters) {
    Set<CanisterId> gone = new java.util.HashSet<>(canisters);
    ReplicatedState out = state;
    for (CanisterId c : gone) {
      out = out.withoutCanister(c);
    }
    SortedMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>();
    state.snapshots().forEach((id, s) -> {
      if (!gone.contains(id.canisterId())) {
        snaps.put(id, s);
      }
    });
    return out.withSnapshots(snaps);
  }
}
