package org.jicp.crypto.bls12381;

import java.util.List;
import org.jicp.crypto.InvalidEncodingException;

/**
 * A point of G2, the order-r subgroup of the twist E'(Fp2): y^2 = x^3 + 4 (1 + u). The IC's BLS
 * public keys (min-sig) live here; Ethereum's signatures (min-pk) too.
 */
public final class G2Point extends CurvePoint<G2Point> {
  private static final G2Point GENERATOR = new G2Point(Group.G2.generator.clone());
  private static final G2Point IDENTITY = identityPoint();

  G2Point(long[] p) {
    super(p);
  }

  private G2Point(long[] p, byte[] compressed) {
    super(p, compressed);
  }

  private static G2Point identityPoint() {
    long[] p = Curve.G2.newPoint();
    Curve.G2.setIdentity(p, 0);
    return new G2Point(p);
  }

  /** The standard generator. */
  public static G2Point generator() {
    return GENERATOR;
  }

  /** The identity (point at infinity). */
  public static G2Point identity() {
    return IDENTITY;
  }

  /**
   * Decodes a compressed (96-byte) or uncompressed (192-byte) encoding in the ZCash/IETF format and
   * checks that the point is on the curve and in G2.
   *
   * @throws InvalidEncodingException naming the rule broken: length, flags, a coordinate not below
   *     p, a point not on the curve, a point outside the subgroup, a non-canonical infinity
   */
  public static G2Point fromBytes(byte[] bytes) {
    long[] p = Group.G2.decode(bytes);
    // A compressed encoding that decodes is the canonical one: keep it for toBytes and hashCode.
    return bytes.length == Group.G2.compressedSize() ? new G2Point(p, bytes.clone()) : new G2Point(p);
  }

  /** RFC 9380 hash_to_curve for G2 (BLS12381G2_XMD:SHA-256_SSWU_RO_) with the given DST. */
  public static G2Point hashToCurve(byte[] msg, byte[] dst) {
    return new G2Point(HashToCurve.hashToG2(msg, dst));
  }

  /** RFC 9380 encode_to_curve for G2 (BLS12381G2_XMD:SHA-256_SSWU_NU_) with the given DST. */
  public static G2Point encodeToCurve(byte[] msg, byte[] dst) {
    return new G2Point(HashToCurve.encodeToG2(msg, dst));
  }

  /** sum of k_i P_i by multi-scalar multiplication (public scalars; Pippenger's method). */
  public static G2Point multiScalarMultiply(List<G2Point> points, List<Scalar> scalars) {
    return new G2Point(Msm.compute(Curve.G2, points, scalars));
  }

  /** psi, the untwist-Frobenius-twist endomorphism (acts as multiplication by x on G2). */
  public G2Point psi() {
    long[] r = new long[Curve.G2.size];
    Group.G2.psi(r, 0, p, 0);
    return new G2Point(r);
  }

  /**
   * v times the generator for |v| &lt; 2^bits (1 &le; bits &le; 63), from the generator's fixed-base
   * table, in time that depends on bits but not on v (v may be secret, e.g. an NI-DKG chunk).
   *
   * @throws IllegalArgumentException if bits is out of range or |v| is not below 2^bits
   */
  public static G2Point multiplyGenerator(long v, int bits) {
    long[] r = new long[Curve.G2.size];
    Group.G2.multiplyGenerator(r, 0, v, bits);
    return new G2Point(r);
  }

  @Override
  Group group() {
    return Group.G2;
  }

  @Override
  boolean isGeneratorInstance() {
    return this == GENERATOR;
  }

  @Override
  G2Point wrap(long[] q) {
    return new G2Point(q);
  }
}
