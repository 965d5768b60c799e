package org.jicp.crypto.internal;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Sampling exactly as Rust's {@code rand} 0.8 does it, so that a Java node draws the same values
 * as an IC replica from the same generator: {@code gen_range(0..n)} for a {@code u32} range
 * ({@code UniformInt::sample_single}: one widening multiply by the range, rejection against the
 * zone {@code (range << leading_zeros(range)) - 1}) and {@code SliceRandom::shuffle} (Fisher-Yates
 * from the end, index {@code i} swapped with {@code gen_range(0..i + 1)}).
 */
public final class RandCompat {
  private RandCompat() {}

  /**
   * {@code rng.gen_range(0..bound)} for {@code 0 < bound <= u32::MAX}.
   *
   * @param bound the exclusive upper bound, an unsigned 32-bit value other than zero
   */
  public static int genRangeU32(RandCore rng, int bound) {
    if (bound == 0) {
      throw new IllegalArgumentException("gen_range over an empty range");
    }
    long range = bound & 0xffffffffL;
    long zone = ((long) (bound << Integer.numberOfLeadingZeros(bound)) - 1) & 0xffffffffL;
    while (true) {
      long v = rng.nextU32() & 0xffffffffL;
      long product = v * range; // < 2^64: exact as an unsigned 64-bit value
      if ((product & 0xffffffffL) <= zone) {
        return (int) (product >>> 32);
      }
    }
  }

  /** {@code slice.shuffle(rng)} of {@code rand} 0.8, in place. */
  public static void shuffle(List<?> list, RandCore rng) {
    Objects.requireNonNull(list, "list");
    for (int i = list.size() - 1; i >= 1; i--) {
      Collections.swap(list, i, genRangeU32(rng, i + 1));
    }
  }
}
