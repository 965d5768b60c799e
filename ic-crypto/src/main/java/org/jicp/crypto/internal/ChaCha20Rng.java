package org.jicp.crypto.internal;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The output stream of Rust's {@code rand_chacha::ChaCha20Rng::from_seed(seed)}: the ChaCha
 * block function with 20 rounds, the 32-byte seed as key, a 64-bit block counter starting at 0
 * and stream (nonce) 0, read as little-endian 32-bit words in keystream order (BouncyCastle's
 * {@link ChaChaEngine} is the original 64-bit-nonce ChaCha, which is this layout).
 *
 * <p>{@link #fillBytes} follows {@code rand_core}'s block-RNG rule: it consumes whole words, so a
 * request for one byte uses up four bytes of the stream; the IC's proof-of-chunking oracle depends
 * on it. Not thread-safe.
 */
public final class ChaCha20Rng implements RandCore {
  private static final byte[] ZERO_BLOCK = new byte[64];

  private final ChaChaEngine engine = new ChaChaEngine(20);
  private final byte[] block = new byte[64];
  private int index = 16;

  /**
   * The generator seeded with {@code seed} (32 bytes).
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public ChaCha20Rng(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != 32) {
      throw new IllegalArgumentException("a ChaCha20Rng seed is 32 bytes, got " + seed.length);
    }
    engine.init(true, new ParametersWithIV(new KeyParameter(seed), new byte[8]));
  }

  @Override
  public int nextU32() {
    if (index == 16) {
      engine.processBytes(ZERO_BLOCK, 0, 64, block, 0);
      index = 0;
    }
    int o = 4 * index++;
    return (block[o] & 0xff)
        | (block[o + 1] & 0xff) << 8
        | (block[o + 2] & 0xff) << 16
        | (block[o + 3] & 0xff) << 24;
  }

  /** Fills {@code dest} word by word (little-endian), discarding the unused bytes of a last word. */
  public void fillBytes(byte[] dest) {
    for (int i = 0; i < dest.length; i += 4) {
      int w = nextU32();
      for (int b = 0; b < 4 && i + b < dest.length; b++) {
        dest[i + b] = (byte) (w >>> (8 * b));
      }
    }
  }

  /** Forgets the buffered keystream block (the key schedule stays inside the engine). */
  public void wipe() {
    Arrays.fill(block, (byte) 0);
    index = 16;
    engine.reset();
  }
}
