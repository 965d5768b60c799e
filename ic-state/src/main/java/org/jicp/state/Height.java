package org.jicp.state;

/**
 * A block height (a state version): a non-negative number of rounds.
 *
 * @param value the height
 */
public record Height(long value) implements Comparable<Height> {
  /** Height zero, the genesis state. */
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
