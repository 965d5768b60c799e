package org.jicp.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** rand_chacha's own ChaCha20Rng tests (rust-random/rand, rand_chacha/src/chacha.rs). */
class ChaCha20RngTest {
  @Test
  void nextU32_zeroSeed_matchesRandChachaTrueValuesA() {
    ChaCha20Rng rng = new ChaCha20Rng(new byte[32]);
    int[] expected = {
      0xade0b876, 0x903df1a0, 0xe56a5d40, 0x28bd8653, 0xb819d2bd, 0x1aed8da0, 0xccef36a8, 0xc70d778b,
      0x7c5941da, 0x8d485751, 0x3fe02477, 0x374ad8b8, 0xf4b8436a, 0x1ca11815, 0x69b687c3, 0x8665eeb2,
      0xbee7079f, 0x7a385155, 0x7c97ba98, 0x0d082d73, 0xa0290fcb, 0x6965e348, 0x3e53c612, 0xed7aee32,
      0x7621b729, 0x434ee69c, 0xb03371d5, 0xd539d874, 0x281fed31, 0x45fb0a51, 0x1f0ae1ac, 0x6f4d794b
    };
    for (int w : expected) {
      assertThat(rng.nextU32()).isEqualTo(w);
    }
  }

  @Test
  void nextU32_constructionSeed_matchesRandChacha() {
    byte[] seed = new byte[32];
    seed[8] = 1;
    seed[16] = 2;
    seed[24] = 3;
    assertThat(new ChaCha20Rng(seed).nextU32()).isEqualTo(137206642);
  }

  @Test
  void fillBytes_partialWord_consumesTheWholeWord() {
    ChaCha20Rng a = new ChaCha20Rng(new byte[32]);
    ChaCha20Rng b = new ChaCha20Rng(new byte[32]);
    byte[] one = new byte[1];
    a.fillBytes(one);
    assertThat(one[0]).isEqualTo((byte) 0x76); // low byte of 0xade0b876
    b.nextU32();
    assertThat(a.nextU32()).isEqualTo(b.nextU32());
    byte[] six = new byte[6];
    a.fillBytes(six);
    assertThat(six).containsExactly(0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86);
    assertThat(a.nextU32()).isEqualTo(0xb819d2bd);
  }

  @Test
  void nextU64_acrossBlockBoundary_joinsWordsLowFirst() {
    ChaCha20Rng a = new ChaCha20Rng(new byte[32]);
    for (int i = 0; i < 15; i++) {
      a.nextU32();
    }
    assertThat(a.nextU64()).isEqualTo(0xbee7079f_8665eeb2L);
  }

  @Test
  void constructor_shortSeed_isRejected() {
    assertThatThrownBy(() -> new ChaCha20Rng(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }
}
