package org.jicp.crypto.beacon;

import java.security.MessageDigest;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.internal.Hashing;

/**
 * An IC {@code CryptoHash}: {@code SHA-256(byte(len(domain)) ‖ domain ‖ hash-trait bytes)}, the
 * artifact hash of {@code ic_types::crypto::crypto_hash} (see {@link HashTraitWriter} for the
 * encoding). It links random beacons (the parent of beacon h is the hash of beacon h−1) and seeds
 * the IC's CSPRNG.
 *
 * @param value the digest (32 bytes for computed hashes; the genesis beacon's parent is empty)
 */
public record CryptoHash(Bytes value) {
  /** The empty hash, the parent of the genesis random beacon. */
  public static final CryptoHash EMPTY = new CryptoHash(Bytes.EMPTY);

  /** Validates the component. */
  public CryptoHash {
    Objects.requireNonNull(value, "value");
  }

  /** {@code crypto_hash} of a value whose hash-trait bytes are given, under {@code domain}. */
  public static CryptoHash compute(String domain, byte[] hashTraitBytes) {
    MessageDigest md = Hashing.sha256WithDomain(domain);
    md.update(hashTraitBytes);
    return new CryptoHash(Bytes.of(md.digest()));
  }

  /** Lower-case hex of the digest. */
  @Override
  public String toString() {
    return value.toHex();
  }
}
