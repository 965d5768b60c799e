package org.jicp.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * rand 0.8's value-stability tests of {@code gen_range} and {@code shuffle}
 * (rust-random/rand {@code src/seq/mod.rs}, {@code value_stability_slice}), driven by the same
 * PCG32 generator ({@code crate::test::rng(seed) = Pcg32::new(seed, 11634580027462260723)}).
 */
class RandCompatTest {
  /** rand_pcg's Lcg64Xsh32 (pcg32). */
  static final class Pcg32 implements RandCore {
    private static final long MULTIPLIER = 6364136223846793005L;
    private long state;
    private final long increment;

    Pcg32(long state, long stream) {
      this.increment = (stream << 1) | 1;
      this.state = state + increment;
      step();
    }

    private void step() {
      state = state * MULTIPLIER + increment;
    }

    @Override
    public int nextU32() {
      long s = state;
      step();
      int rot = (int) (s >>> 59);
      int xsh = (int) (((s >>> 18) ^ s) >>> 27);
      return Integer.rotateRight(xsh, rot);
    }
  }

  static Pcg32 testRng(long seed) {
    return new Pcg32(seed, 0xa176_54e4_6fbe_17f3L); // 11634580027462260723
  }

  @Test
  void genRange_pcgSeed413_choosesLikeRand() {
    Pcg32 r = testRng(413);
    assertThat(RandCompat.genRangeU32(r, 14)).isEqualTo(11); // chars.choose -> 'l'
    assertThat(RandCompat.genRangeU32(r, 13)).isEqualTo(10); // nums.choose_mut -> 10
  }

  @Test
  void shuffle_pcgSeed414_matchesRandValueStability() {
    List<Integer> nums = new ArrayList<>(IntStream.range(0, 13).boxed().toList());
    RandCompat.shuffle(nums, testRng(414));
    assertThat(nums).containsExactly(9, 5, 3, 10, 7, 12, 8, 11, 6, 4, 0, 2, 1);
  }

  @Test
  void genRange_fullRange_staysBelowBound() {
    Pcg32 r = testRng(7);
    for (int bound : new int[] {1, 2, 3, 7, 1000, 0x7fffffff, 0x80000001, -1}) {
      for (int i = 0; i < 100; i++) {
        int v = RandCompat.genRangeU32(r, bound);
        assertThat(Integer.compareUnsigned(v, bound)).isNegative();
      }
    }
  }
}
