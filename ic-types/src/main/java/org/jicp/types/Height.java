package org.jicp.types;

/**
 * A block height, which is also the height of the state it produces: a non-negative {@code long}
 * with checked arithmetic.
 *
 * @param value the height
 */
public record Height(long value) implements Comparable<Height> {
  /** Height zero: the genesis block and state. */
  public static final Height ZERO = new Height(0);

  /** Validates the component. */
  public Height {
    if (value < 0) {
      throw new IllegalArgumentException("a height is not negative: " + value);
    }
  }

  /** The height {@code value}. */
  public static Height of(long value) {
    return new Height(value);
  }

  /** The next height. */
  public Height increment() {
    return new Height(Math.addExact(value, 1));
  }

  /**
   * The previous height.
   *
   * @throws IllegalStateException at height zero
   */
  public Height decrement() {
    if (value == 0) {
      throw new IllegalStateException("height 0 has no predecessor");
    }
    return new Height(value - 1);
  }

  /** This height plus {@code delta} (checked). */
  public Height plus(long delta) {
    return new Height(Math.addExact(value, delta));
  }

  /** This height as 16 lower-case hex digits, the checkpoint directory name. */
  public String toHex16() {
    return String.format("%016x", value);
  }

  @Override
  public int compareTo(Height o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
