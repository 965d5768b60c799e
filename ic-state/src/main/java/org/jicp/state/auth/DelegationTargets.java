package org.jicp.state.auth;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jicp.types.CanisterId;

/**
 * The canisters a request may address after its delegations: every canister (no delegation
 * restricted them) or the intersection of the delegations' {@code targets} (the IC's {@code
 * CanisterIdSet}). Immutable.
 */
public final class DelegationTargets {
  private static final DelegationTargets ALL = new DelegationTargets(null);

  private final Set<CanisterId> ids; // null = all

  private DelegationTargets(Set<CanisterId> ids) {
    this.ids = ids;
  }

  /** Every canister. */
  public static DelegationTargets all() {
    return ALL;
  }

  /** Exactly these canisters. */
  public static DelegationTargets of(Set<CanisterId> ids) {
    return new DelegationTargets(Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(ids, "ids"))));
  }

  /** Whether a request may address {@code canister}. */
  public boolean allows(CanisterId canister) {
    Objects.requireNonNull(canister, "canister");
    return ids == null || ids.contains(canister);
  }

  /** Whether no delegation restricted the targets. */
  public boolean isAll() {
    return ids == null;
  }

  /** The allowed canisters, or empty when all are allowed. */
  public Optional<Set<CanisterId>> restriction() {
    return Optional.ofNullable(ids);
  }

  DelegationTargets intersect(Set<CanisterId> other) {
    if (ids == null) {
      return of(other);
    }
    Set<CanisterId> s = new TreeSet<>(ids);
    s.retainAll(other);
    return of(s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DelegationTargets t && Objects.equals(ids, t.ids);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(ids);
  }

  @Override
  public String toString() {
    return ids == null ? "all canisters" : ids.toString();
  }
}
