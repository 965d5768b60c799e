package org.jicp.crypto.sig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Signing in parallel (signatures share a read lock) and destruction. */
class Ed25519SigningKeyTest {
  private static final byte[] SEED = new byte[32];

  static {
    for (int i = 0; i < SEED.length; i++) {
      SEED[i] = (byte) (i * 7 + 1);
    }
  }

  @Test
  void sign_fromManyThreads_givesTheSequentialSignatures() throws Exception {
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(SEED);
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      expected.add(key.sign(("m" + i).getBytes(StandardCharsets.UTF_8)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> got = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        byte[] m = ("m" + i).getBytes(StandardCharsets.UTF_8);
        got.add(pool.submit(() -> key.sign(m)));
      }
      for (int i = 0; i < 64; i++) {
        assertThat(got.get(i).get()).isEqualTo(expected.get(i));
        assertThat(key.publicKey().verify(("m" + i).getBytes(StandardCharsets.UTF_8),
            expected.get(i))).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sign_afterDestroy_throws() throws Exception {
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(SEED);
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(() -> key.sign(new byte[1])).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    assertThat(key.toString()).doesNotContain("0108"); // the seed's hex never shows
  }
}
