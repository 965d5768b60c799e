package org.jicp.state.tree;

import java.util.Objects;

/**
 * The result of {@link HashTree#lookupSubtree(java.util.List)}: a status and, when {@link
 * LookupStatus#FOUND}, the subtree the path leads to.
 */
public final class SubtreeLookupResult {
  private final LookupStatus status;
  private final HashTree subtree;

  private SubtreeLookupResult(LookupStatus status, HashTree subtree) {
    this.status = status;
    this.subtree = subtree;
  }

  /** A found subtree. */
  public static SubtreeLookupResult found(HashTree subtree) {
    return new SubtreeLookupResult(LookupStatus.FOUND, Objects.requireNonNull(subtree));
  }

  /** A result with status {@code status}, which must not be {@link LookupStatus#FOUND}. */
  public static SubtreeLookupResult of(LookupStatus status) {
    if (status == LookupStatus.FOUND) {
      throw new IllegalArgumentException("a found result needs a subtree");
    }
    return new SubtreeLookupResult(status, null);
  }

  /** The outcome. */
  public LookupStatus status() {
    return status;
  }

  /**
   * The subtree.
   *
   * @throws IllegalStateException if the status is not {@link LookupStatus#FOUND}
   */
  public HashTree subtree() {
    if (subtree == null) {
      throw new IllegalStateException("lookup result is " + status + ", it has no subtree");
    }
    return subtree;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubtreeLookupResult r
        && r.status == status
        && Objects.equals(r.subtree, subtree);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, subtree);
  }

  @Override
  public String toString() {
    return subtree == null ? status.toString() : status + "(" + subtree + ")";
  }
}
