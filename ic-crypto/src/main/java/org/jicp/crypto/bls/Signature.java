package org.jicp.crypto.bls;

import java.util.Objects;
import org.jicp.crypto.bls12381.CurvePoint;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;

/**
 * A BLS signature: a point of G1 ({@link Variant#MIN_SIG}, 48 bytes) or of G2 ({@link
 * Variant#MIN_PK}, 96 bytes). Immutable, compared by value; parsing checks the subgroup.
 */
public final class Signature {
  private final Variant variant;
  private final CurvePoint<?> point;

  Signature(Variant variant, CurvePoint<?> point) {
    this.variant = variant;
    this.point = point;
  }

  /** A min-sig signature (G1). */
  public static Signature ofG1(G1Point p) {
    return new Signature(Variant.MIN_SIG, Objects.requireNonNull(p, "p"));
  }

  /** A min-pk signature (G2). */
  public static Signature ofG2(G2Point p) {
    return new Signature(Variant.MIN_PK, Objects.requireNonNull(p, "p"));
  }

  public Variant variant() {
    return variant;
  }

  public CurvePoint<?> point() {
    return point;
  }

  /** The G1 point of a MIN_SIG signature. */
  public G1Point g1() {
    if (variant != Variant.MIN_SIG) {
      throw new IllegalStateException("a MIN_PK signature is in G2");
    }
    return (G1Point) point;
  }

  /** The G2 point of a MIN_PK signature. */
  public G2Point g2() {
    if (variant != Variant.MIN_PK) {
      throw new IllegalStateException("a MIN_SIG signature is in G1");
    }
    return (G2Point) point;
  }

  /** The compressed encoding: 48 bytes (MIN_SIG) or 96 bytes (MIN_PK). */
  public byte[] toBytes() {
    return point.toBytes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature s && s.variant == variant && s.point.equals(point);
  }

  @Override
  public int hashCode() {
    return point.hashCode();
  }

  @Override
  public String toString() {
    return "Signature(" + variant + ", " + org.jicp.crypto.Bytes.hex(toBytes()) + ")";
  }
}
