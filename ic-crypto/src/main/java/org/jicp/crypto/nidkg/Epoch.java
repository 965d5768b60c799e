package org.jicp.crypto.nidkg;

/**
 * A forward-secure encryption epoch: an unsigned 32-bit number (λ_T = 32, so 2^32 epochs). Shares
 * dealt for epoch e can be decrypted by a key that has been updated up to e, and no longer once it
 * has been updated past e. The IC uses the DKG's registry version as its epoch.
 *
 * @param value the epoch, in {@code [0, 2^32)}
 */
public record Epoch(long value) implements Comparable<Epoch> {
  /** The first epoch. */
  public static final Epoch ZERO = new Epoch(0);

  /** The last epoch, 2^32 − 1. */
  public static final Epoch MAX = new Epoch(0xffffffffL);

  /** Validates the component. */
  public Epoch {
    if (value < 0 || value > 0xffffffffL) {
      throw new IllegalArgumentException("an epoch is an unsigned 32-bit number, got " + value);
    }
  }

  /** The epoch {@code value}. */
  public static Epoch of(long value) {
    return new Epoch(value);
  }

  /** Bit {@code i} of the 32-bit path from the root (i = 0 is the most significant bit). */
  public int bit(int i) {
    return (int) (value >>> (31 - i)) & 1;
  }

  @Override
  public int compareTo(Epoch o) {
    return Long.compare(value, o.value);
  }
}
