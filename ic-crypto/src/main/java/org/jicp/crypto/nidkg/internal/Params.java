package org.jicp.crypto.nidkg.internal;

/**
 * The constants of the IC's {@code groth20_bls12_381} NI-DKG (dfinity/ic {@code
 * rs/crypto/internal/crypto_lib/threshold_sig/bls12_381/src/ni_dkg/fs_ni_dkg/}: {@code
 * chunking.rs}, {@code forward_secure.rs}, {@code nizk_chunking.rs}).
 */
public final class Params {
  private Params() {}

  /** Bits per plaintext chunk. */
  public static final int CHUNK_BITS = 16;
  /** Number of distinct chunk values, 2^16; honest chunks lie in [0, CHUNK_SIZE). */
  public static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  /** Chunks per 32-byte share. */
  public static final int NUM_CHUNKS = 16;
  /** Epoch bits of the binary tree (λ_T): 2^32 epochs. */
  public static final int LAMBDA_T = 32;
  /** Tree levels indexed by the ciphertext hash (λ_H). */
  public static final int LAMBDA_H = 256;
  /** Parallel repetitions of the proof of chunking (ℓ). */
  public static final int NUM_ZK_REPETITIONS = 32;
  /** Bits of each chunking challenge: ⌈256 / ℓ⌉. */
  public static final int CHALLENGE_BITS = 8;
  /** Bit mask of a chunking challenge. */
  public static final int CHALLENGE_MASK = (1 << CHALLENGE_BITS) - 1;

  /** S = n·m·(CHUNK_SIZE − 1)·CHALLENGE_MASK, the bound on Σ e·s in the proof of chunking. */
  public static long chunkingS(int receivers) {
    return Math.multiplyExact(
        Math.multiplyExact((long) receivers * NUM_CHUNKS, CHUNK_SIZE - 1L), (long) CHALLENGE_MASK);
  }

  /** Z = 2·ℓ·S, the bound on the responses z_s. */
  public static long chunkingZ(int receivers) {
    return Math.multiplyExact(2L * NUM_ZK_REPETITIONS, chunkingS(receivers));
  }
}
