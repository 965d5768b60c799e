package org.jicp.consensus;

/**
 * A block maker's rank at a height: its position in the beacon-seeded permutation of the subnet's
 * nodes (0 is the leader). Only ranks {@code 0..f} make blocks.
 *
 * @param value the rank, not negative
 */
public record Rank(int value) implements Comparable<Rank> {
  /** Rank zero, the round's leader. */
  public static final Rank ZERO = new Rank(0);

  /** Validates the component. */
  public Rank {
    if (value < 0) {
      throw new IllegalArgumentException("a rank is not negative: " + value);
    }
  }

  /** The rank {@code value}. */
  public static Rank of(int value) {
    return new Rank(value);
  }

  @Override
  public int compareTo(Rank o) {
    return Integer.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
