package org.jicp.crypto.bls;

import java.util.Objects;
import org.jicp.crypto.bls12381.CurvePoint;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.G2Prepared;

/**
 * A BLS public key of one {@link BlsScheme}: a point of G2 ({@link Variant#MIN_SIG}, the IC) or of
 * G1 ({@link Variant#MIN_PK}, Ethereum). It carries the scheme it was parsed or derived for
 * ({@link BlsScheme#publicKeyFromBytes}, {@link BlsScheme#publicKey}, {@link
 * BlsScheme#publicKeyFromPoint}); using it with another scheme throws {@link
 * IllegalArgumentException} instead of silently failing to verify. Immutable, compared by scheme
 * and point. Parsing guarantees the point is in the subgroup; the identity parses but never
 * verifies (KeyValidate).
 */
public final class PublicKey {
  private final BlsScheme scheme;
  private final Variant variant;
  private final CurvePoint<?> point;
  private volatile G2Prepared prepared;

  PublicKey(BlsScheme scheme, CurvePoint<?> point) {
    this.scheme = scheme;
    this.variant = scheme.variant();
    this.point = point;
  }

  /**
   * The scheme this key was parsed or derived for. Every operation of another scheme rejects it
   * with an {@link IllegalArgumentException}.
   */
  public BlsScheme scheme() {
    return scheme;
  }

  public Variant variant() {
    return variant;
  }

  /** The point (G2Point for MIN_SIG, G1Point for MIN_PK). */
  public CurvePoint<?> point() {
    return point;
  }

  /** The G2 point of a MIN_SIG key. */
  public G2Point g2() {
    if (variant != Variant.MIN_SIG) {
      throw new IllegalStateException("a MIN_PK public key is in G1");
    }
    return (G2Point) point;
  }

  /** The G1 point of a MIN_PK key. */
  public G1Point g1() {
    if (variant != Variant.MIN_PK) {
      throw new IllegalStateException("a MIN_SIG public key is in G2");
    }
    return (G1Point) point;
  }

  /** KeyValidate of the BLS draft: in the subgroup (always, by construction) and not the identity. */
  public boolean isValid() {
    return !point.isIdentity();
  }

  /**
   * Precomputes this MIN_SIG key's Miller-loop lines (about 23 KB) and keeps them, so that every
   * later verification under it skips the G2 arithmetic. Worth it for a key that verifies many
   * signatures (an IC subnet key); returns this key.
   */
  public PublicKey prepare() {
    if (prepared == null) {
      prepared = G2Prepared.of(g2());
    }
    return this;
  }

  /** The prepared lines if {@link #prepare()} was called, else null. */
  G2Prepared preparedOrNull() {
    return prepared;
  }

  /** The compressed encoding: 96 bytes (MIN_SIG) or 48 bytes (MIN_PK). */
  public byte[] toBytes() {
    return point.toBytes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && k.scheme.equals(scheme) && k.point.equals(point);
  }

  @Override
  public int hashCode() {
    return point.hashCode();
  }

  @Override
  public String toString() {
    return "PublicKey(" + scheme.name() + ", " + org.jicp.crypto.Bytes.hex(toBytes()) + ")";
  }
}
