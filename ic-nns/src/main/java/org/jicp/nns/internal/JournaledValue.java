package org.jicp.nns.internal;

import java.util.Objects;

/** A single value whose changes are undone when the enclosing {@link Journal#atomic} fails. */
public final class JournaledValue<T> {
  private final Journal journal;
  private T value;

  /** A cell holding {@code initial} (may be null). */
  public JournaledValue(Journal journal, T initial) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.value = initial;
  }

  /** The current value. */
  public T get() {
    return value;
  }

  /** Sets the value. */
  public void set(T newValue) {
    T old = value;
    if (old == newValue) {
      return;
    }
    value = newValue;
    journal.record(() -> value = old);
  }
}
