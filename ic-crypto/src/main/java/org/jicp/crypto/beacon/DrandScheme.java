package org.jicp.crypto.beacon;

import java.security.MessageDigest;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.Variant;
import org.jicp.crypto.internal.Hashing;

/**
 * drand's beacon schemes (drand/drand {@code crypto/schemes.go}): the same unique threshold-BLS VRF
 * as the IC's random beacon, run by the League of Entropy. A beacon of round {@code r} is a BLS
 * signature on {@code SHA-256(previous_signature ‖ u64_be(r))} (chained) or {@code
 * SHA-256(u64_be(r))} (unchained); its randomness is {@code SHA-256(signature)}.
 */
public enum DrandScheme {
  /** The default chained scheme: key in G1 (48 B), signatures in G2 (96 B), G2 NUL DST. */
  PEDERSEN_BLS_CHAINED("pedersen-bls-chained", BlsScheme.MIN_PK_NUL, true),
  /** Unchained, key in G1, signatures in G2. */
  PEDERSEN_BLS_UNCHAINED("pedersen-bls-unchained", BlsScheme.MIN_PK_NUL, false),
  /**
   * Unchained with signatures in G1 and the key in G2 — but hashing to G1 with the G2 DST {@code
   * BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_}: deprecated by drand as not RFC 9380 compliant.
   */
  BLS_UNCHAINED_ON_G1(
      "bls-unchained-on-g1", BlsScheme.basic(Variant.MIN_SIG, "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_"), false),
  /**
   * "quicknet": signatures in G1 with {@code BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_}, the very
   * ciphersuite of IC threshold signatures and certificates ({@link BlsScheme#IC}).
   */
  BLS_UNCHAINED_G1_RFC9380("bls-unchained-g1-rfc9380", BlsScheme.IC, false);

  private final String id;
  private final BlsScheme bls;
  private final boolean chained;

  DrandScheme(String id, BlsScheme bls, boolean chained) {
    this.id = id;
    this.bls = bls;
    this.chained = chained;
  }

  /** drand's scheme id, e.g. {@code pedersen-bls-chained}. */
  public String id() {
    return id;
  }

  /** The BLS ciphersuite of the scheme. */
  public BlsScheme bls() {
    return bls;
  }

  /** Whether each beacon signs the previous signature too. */
  public boolean chained() {
    return chained;
  }

  /**
   * The scheme with drand id {@code id}.
   *
   * @throws IllegalArgumentException for an unknown id
   */
  public static DrandScheme fromId(String id) {
    for (DrandScheme s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown drand scheme " + id);
  }

  /**
   * The 32-byte digest that round {@code round}'s signature covers. For a chained scheme the
   * previous signature is hashed first (drand hashes nothing for an empty one); unchained schemes
   * ignore it.
   *
   * @throws IllegalArgumentException if the round is negative
   */
  public Bytes message(long round, Bytes previousSignature) {
    Objects.requireNonNull(previousSignature, "previousSignature");
    if (round < 0) {
      throw new IllegalArgumentException("a drand round is an unsigned 64-bit number, got " + round);
    }
    MessageDigest md = Hashing.sha256();
    if (chained) {
      md.update(previousSignature.toByteArray());
    }
    for (int i = 7; i >= 0; i--) {
      md.update((byte) (round >>> (8 * i)));
    }
    return Bytes.of(md.digest());
  }
}
