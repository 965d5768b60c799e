package org.jicp.crypto.beacon;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.internal.ChaCha20Rng;
import org.jicp.crypto.internal.Hashing;
import org.jicp.crypto.internal.RandCompat;

/**
 * The IC's CSPRNG ({@code Csprng} of dfinity/ic {@code rs/crypto/prng/src/lib.rs}): ChaCha20 as
 * Rust's {@code rand_chacha::ChaCha20Rng} produces it, seeded with {@code SHA-256(seed ‖ purpose)}
 * where {@code seed} is the {@code crypto_hash} of a random beacon (or tape). Given the same beacon
 * and purpose a Java node draws exactly the replica's values: the word stream, {@link #genRange}
 * (rand 0.8's {@code gen_range} over {@code u32}) and {@link #shuffle} (rand 0.8's {@code
 * SliceRandom::shuffle}).
 *
 * <p>It is also a {@link RandomGenerator}, so simulations can draw keys and proofs from a seed.
 * Not thread-safe.
 */
public final class Csprng implements RandomGenerator {
  private final ChaCha20Rng rng;

  private Csprng(byte[] chachaSeed) {
    this.rng = new ChaCha20Rng(chachaSeed);
  }

  /**
   * {@code ChaCha20Rng::from_seed(seed)} directly (32 bytes), without a purpose.
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static Csprng fromChaChaSeed(Bytes seed) {
    return new Csprng(seed.toByteArray());
  }

  /** {@code Csprng::from_seed_and_purpose}: ChaCha20 seeded with {@code SHA-256(seed ‖ purpose)}. */
  public static Csprng fromSeedAndPurpose(Bytes seed, RandomnessPurpose purpose) {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(purpose, "purpose");
    MessageDigest md = Hashing.sha256();
    md.update(seed.toByteArray());
    md.update(purpose.domainSeparator().toByteArray());
    return new Csprng(md.digest());
  }

  /** {@code Csprng::from_random_beacon_and_purpose}: the seed is the beacon's crypto hash. */
  public static Csprng fromRandomBeacon(RandomBeacon beacon, RandomnessPurpose purpose) {
    return fromSeedAndPurpose(beacon.cryptoHash().value(), purpose);
  }

  /** The execution randomness of a random tape: seed = the tape's crypto hash. */
  public static Csprng fromRandomTape(RandomTape tape, RandomnessPurpose purpose) {
    return fromSeedAndPurpose(tape.cryptoHash().value(), purpose);
  }

  /** {@code next_u32}: the next 32-bit word of the stream. */
  public int nextU32() {
    return rng.nextU32();
  }

  /** {@code next_u64}: the next two words, the first as the low half. */
  public long nextU64() {
    return rng.nextU64();
  }

  @Override
  public long nextLong() {
    return rng.nextU64();
  }

  @Override
  public int nextInt() {
    return rng.nextU32();
  }

  /** {@code fill_bytes}: whole 32-bit words, little-endian; a partial last word is discarded. */
  @Override
  public void nextBytes(byte[] bytes) {
    rng.fillBytes(bytes);
  }

  /**
   * {@code gen_range(0..bound)} of rand 0.8 for a {@code u32} range.
   *
   * @param bound the exclusive upper bound, 1 to 2^32−1 (as an unsigned value)
   */
  public int genRange(int bound) {
    return RandCompat.genRangeU32(rng::nextU32, bound);
  }

  /** rand 0.8's {@code SliceRandom::shuffle}, in place. */
  public void shuffle(List<?> list) {
    RandCompat.shuffle(list, rng::nextU32);
  }
}
