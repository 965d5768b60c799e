package org.jicp.state.replicated;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.types.Height;
import org.jicp.types.CanisterId;

/**
 * The replicated state of a subnet at a height: its canisters and its metadata. A state is a
 * value: executing a round produces a new state; older versions stay readable as long as someone
 * holds them (their memories are {@link org.jicp.state.pagemap.PageMap} snapshots).
 *
 * <p>Updating one canister copies the canister map (O(n) references, no hashing and no page
 * copies); the certified tree is kept incrementally by {@link CertifiedStateTree}.
 *
 * @param height the height of the round that produced this state
 * @param canisters the canisters by id
 * @param metadata the subnet metadata
 */
public record ReplicatedState(
    Height height, SortedMap<CanisterId, CanisterState> canisters, SubnetMetadata metadata) {
  /** Validates the components: each canister is stored under its own id. */
  public ReplicatedState {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(metadata, "metadata");
    canisters.forEach((id, c) -> {
      if (!id.equals(c.id())) {
        throw new IllegalArgumentException("canister " + c.id() + " stored under " + id);
      }
    });
    canisters = Collections.unmodifiableSortedMap(new TreeMap<>(canisters));
  }

  /** The canister {@code id}, if present. */
  public Optional<CanisterState> canister(CanisterId id) {
    return Optional.ofNullable(canisters.get(id));
  }

  /** A copy with {@code canister} added or replaced. */
  public ReplicatedState withCanister(CanisterState canister) {
    TreeMap<CanisterId, CanisterState> m = new TreeMap<>(canisters);
    m.put(canister.id(), canister);
    return new ReplicatedState(height, m, metadata);
  }

  /** A copy without canister {@code id}. */
  public ReplicatedState withoutCanister(CanisterId id) {
    TreeMap<CanisterId, CanisterState> m = new TreeMap<>(canisters);
    m.remove(id);
    return new ReplicatedState(height, m, metadata);
  }

  /** A copy with other metadata. */
  public ReplicatedState withMetadata(SubnetMetadata m) {
    return new ReplicatedState(height, canisters, m);
  }

  /** A copy at another height. */
  public ReplicatedState atHeight(Height h) {
    return new ReplicatedState(h, canisters, metadata);
  }
}
