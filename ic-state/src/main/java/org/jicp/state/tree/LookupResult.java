package org.jicp.state.tree;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * The result of {@link HashTree#lookup(java.util.List)}: a status and, when {@link
 * LookupStatus#FOUND}, the leaf's value.
 */
public final class LookupResult {
  private static final LookupResult ABSENT = new LookupResult(LookupStatus.ABSENT, null);
  private static final LookupResult UNKNOWN = new LookupResult(LookupStatus.UNKNOWN, null);
  private static final LookupResult ERROR = new LookupResult(LookupStatus.ERROR, null);

  private final LookupStatus status;
  private final Bytes value;

  private LookupResult(LookupStatus status, Bytes value) {
    this.status = status;
    this.value = value;
  }

  /** A found value. */
  public static LookupResult found(Bytes value) {
    return new LookupResult(LookupStatus.FOUND, Objects.requireNonNull(value, "value"));
  }

  /** The result with status {@code status}, which must not be {@link LookupStatus#FOUND}. */
  public static LookupResult of(LookupStatus status) {
    switch (status) {
      case ABSENT:
        return ABSENT;
      case UNKNOWN:
        return UNKNOWN;
      case ERROR:
        return ERROR;
      default:
        throw new IllegalArgumentException("a found result needs a value");
    }
  }

  /** The outcome. */
  public LookupStatus status() {
    return status;
  }

  /** Whether the value was found. */
  public boolean isFound() {
    return status == LookupStatus.FOUND;
  }

  /**
   * The value.
   *
   * @throws IllegalStateException if the status is not {@link LookupStatus#FOUND}
   */
  public Bytes value() {
    if (value == null) {
      throw new IllegalStateException("lookup result is " + status + ", it has no value");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupResult r && r.status == status && Objects.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, value);
  }

  @Override
  public String toString() {
    return value == null ? status.toString() : status + "(" + value + ")";
  }
}
