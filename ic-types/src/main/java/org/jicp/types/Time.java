package org.jicp.types;

import java.time.Duration;

/**
 * A point in time as the IC writes it into blocks: nanoseconds since the UNIX epoch. Simulations
 * use virtual time that starts at {@link #EPOCH}.
 *
 * @param nanos nanoseconds since 1970-01-01T00:00:00Z, not negative
 */
public record Time(long nanos) implements Comparable<Time> {
  /** The UNIX epoch. */
  public static final Time EPOCH = new Time(0);

  /** Validates the component. */
  public Time {
    if (nanos < 0) {
      throw new IllegalArgumentException("a time is not negative: " + nanos);
    }
  }

  /** The time {@code millis} milliseconds after the epoch. */
  public static Time ofMillis(long millis) {
    return new Time(Math.multiplyExact(millis, 1_000_000L));
  }

  /** The time {@code nanos} nanoseconds after the epoch. */
  public static Time ofNanos(long nanos) {
    return new Time(nanos);
  }

  /** This time plus {@code d} (checked). */
  public Time plus(Duration d) {
    return new Time(Math.addExact(nanos, d.toNanos()));
  }

  /** This time plus {@code n} nanoseconds (checked). */
  public Time plusNanos(long n) {
    return new Time(Math.addExact(nanos, n));
  }

  /** The time elapsed from {@code earlier} to this time, zero if {@code earlier} is later. */
  public Duration saturatingSince(Time earlier) {
    return Duration.ofNanos(Math.max(0, nanos - earlier.nanos));
  }

  /** Milliseconds since the epoch (rounded down). */
  public long toMillis() {
    return nanos / 1_000_000L;
  }

  /** The later of two times. */
  public static Time max(Time a, Time b) {
    return a.nanos >= b.nanos ? a : b;
  }

  @Override
  public int compareTo(Time o) {
    return Long.compare(nanos, o.nanos);
  }

  @Override
  public String toString() {
    return nanos % 1_000_000L == 0 ? (nanos / 1_000_000L) + "ms" : nanos + "ns";
  }
}
