package org.jicp.state.replicated;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.state.util.FrozenSortedMap;
import org.jicp.state.util.PersistentSortedMap;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;

/**
 * The replicated state of a subnet at a height (dfinity/ic {@code ReplicatedState}): its
 * canisters, the subnet metadata (ingress history, streams, topology, counters), the queue of
 * requests addressed to the management canister, and the canister snapshots. Everything two nodes
 * must agree on is here; a Java field outside it may only hold a cache that can be rebuilt from
 * it. A state is a value: executing a round produces a new state; older versions stay readable as
 * long as someone holds them (memories are {@link org.jicp.state.pagemap.PageMap} snapshots).
 *
 * <p>The canisters are a {@link PersistentSortedMap}: replacing one canister costs O(log n), and
 * the certified tree is updated from the difference between two versions.
 *
 * @param height the height of the round that produced this state
 * @param canisters the canisters by id
 * @param metadata the subnet metadata
 * @param subnetQueues requests to the management canister not yet executed, and its outputs
 * @param snapshots the canister snapshots by id
 */
public record ReplicatedState(
    Height height, SortedMap<CanisterId, CanisterState> canisters, SubnetMetadata metadata,
    CanisterQueues subnetQueues, SortedMap<SnapshotId, CanisterSnapshot> snapshots) {
  /** Validates the components: each canister is stored under its own id. */
  public ReplicatedState {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(subnetQueues, "subnetQueues");
    PersistentSortedMap<CanisterId, CanisterState> p = PersistentSortedMap.copyOf(canisters);
    if (!(canisters instanceof PersistentSortedMap<?, ?>)) {
      p.forEach((id, c) -> {
        if (!id.equals(c.id())) {
          throw new IllegalArgumentException("canister " + c.id() + " stored under " + id);
        }
      });
    }
    canisters = p;
    snapshots = FrozenSortedMap.copyOf(snapshots);
  }

  /** A state with canisters and metadata only (no management queue, no snapshots). */
  public ReplicatedState(Height height, Map<CanisterId, CanisterState> canisters,
      SubnetMetadata metadata) {
    this(height, PersistentSortedMap.copyOf(canisters), metadata, CanisterQueues.EMPTY,
        new TreeMap<>());
  }

  /** The canisters as the persistent map they are kept in. */
  public PersistentSortedMap<CanisterId, CanisterState> canisterMap() {
    return (PersistentSortedMap<CanisterId, CanisterState>) canisters;
  }

  /** The canister {@code id}, if present. */
  public Optional<CanisterState> canister(CanisterId id) {
    return Optional.ofNullable(canisters.get(id));
  }

  /** A copy with {@code canister} added or replaced (O(log n)). */
  public ReplicatedState withCanister(CanisterState canister) {
    return new ReplicatedState(height, canisterMap().plus(canister.id(), canister), metadata,
        subnetQueues, snapshots);
  }

  /**
   * A copy with every canister replaced by {@code f(canister)}, applied in id order (O(n) for all
   * of them, instead of O(log n) per {@link #withCanister}); {@code f} returns its argument to
   * leave a canister as it is.
   *
   * @throws IllegalArgumentException if {@code f} changes a canister's id
   */
  public ReplicatedState withCanistersMapped(
      java.util.function.UnaryOperator<CanisterState> f) {
    PersistentSortedMap<CanisterId, CanisterState> m = canisterMap().mapValues((id, c) -> {
      CanisterState n = f.apply(c);
      if (n != c && !id.equals(n.id())) {
        throw new IllegalArgumentException("canister " + id + " mapped to " + n.id());
      }
      return n;
    });
    return m == canisters ? this
        : new ReplicatedState(height, m, metadata, subnetQueues, snapshots);
  }

  /** A copy without canister {@code id}. */
  public ReplicatedState withoutCanister(CanisterId id) {
    return new ReplicatedState(height, canisterMap().minus(id), metadata, subnetQueues,
        snapshots);
  }

  /** A copy with other metadata. */
  public ReplicatedState withMetadata(SubnetMetadata m) {
    return new ReplicatedState(height, canisters, m, subnetQueues, snapshots);
  }

  /** A copy with another management-canister queue. */
  public ReplicatedState withSubnetQueues(CanisterQueues q) {
    return new ReplicatedState(height, canisters, metadata, q, snapshots);
  }

  /** A copy with other snapshots. */
  public ReplicatedState withSnapshots(SortedMap<SnapshotId, CanisterSnapshot> s) {
    return new ReplicatedState(height, canisters, metadata, subnetQueues, s);
  }

  /** A copy at another height. */
  public ReplicatedState atHeight(Height h) {
    return new ReplicatedState(h, canisters, metadata, subnetQueues, snapshots);
  }
}
