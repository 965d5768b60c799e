package org.jicp.consensus;

/**
 * A block height: the number of the round that made the block (genesis is height 0).
 *
 * @param value the height, not negative
 */
public record Height(long value) implements Comparable<Height> {
  /** Height zero, the genesis block. */
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

  @Override
  public int compareTo(Height o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
