package org.jicp.crypto.beacon;

import org.jicp.crypto.Bytes;

/**
 * What a CSPRNG stream is for; each purpose gets its own stream from the same seed ({@code
 * RandomnessPurpose} of dfinity/ic {@code rs/crypto/prng/src/lib.rs}). The domain separator is the
 * purpose byte, followed for an execution thread by the thread id as a big-endian {@code u32}.
 *
 * @param tag the purpose byte: 1 committee sampling, 2 block-maker ranking, 3 DKG committee
 *     sampling, 4 execution thread
 * @param thread the execution thread id (an unsigned 32-bit value; 0 for the other purposes)
 */
public record RandomnessPurpose(int tag, int thread) {
  /** Sampling a committee (01). */
  public static final RandomnessPurpose COMMITTEE_SAMPLING = new RandomnessPurpose(1, 0);
  /** Ranking block makers (02). */
  public static final RandomnessPurpose BLOCKMAKER_RANKING = new RandomnessPurpose(2, 0);
  /** Sampling the DKG committee (03). */
  public static final RandomnessPurpose DKG_COMMITTEE_SAMPLING = new RandomnessPurpose(3, 0);

  /** Validates the components. */
  public RandomnessPurpose {
    if (tag < 1 || tag > 4) {
      throw new IllegalArgumentException("randomness purpose tags are 1..4, got " + tag);
    }
    if (tag != 4 && thread != 0) {
      throw new IllegalArgumentException("only the execution-thread purpose carries a thread id");
    }
  }

  /** The stream of execution thread {@code thread} (04 ‖ u32_be(thread)). */
  public static RandomnessPurpose executionThread(int thread) {
    return new RandomnessPurpose(4, thread);
  }

  /** The bytes appended to the seed before hashing. */
  public Bytes domainSeparator() {
    if (tag != 4) {
      return Bytes.of((byte) tag);
    }
    return Bytes.of((byte) 4, (byte) (thread >>> 24), (byte) (thread >>> 16), (byte) (thread >>> 8), (byte) thread);
  }
}
