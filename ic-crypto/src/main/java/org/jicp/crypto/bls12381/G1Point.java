package org.jicp.crypto.bls12381;

import java.util.List;
import org.jicp.crypto.InvalidEncodingException;

/**
 * A point of G1, the order-r subgroup of E(Fp): y^2 = x^3 + 4. The IC's BLS signatures (min-sig)
 * live here; Ethereum's public keys (min-pk) too.
 */
public final class G1Point extends CurvePoint<G1Point> {
  private static final G1Point GENERATOR = new G1Point(Group.G1.generator.clone());
  private static final G1Point IDENTITY = identityPoint();

  G1Point(long[] p) {
    super(p);
  }

  private G1Point(long[] p, byte[] compressed) {
    super(p, compressed);
  }

  private static G1Point identityPoint() {
    long[] p = Curve.G1.newPoint();
    Curve.G1.setIdentity(p, 0);
    return new G1Point(p);
  }

  /** The standard generator. */
  public static G1Point generator() {
    return GENERATOR;
  }

  /** The identity (point at infinity). */
  public static G1Point identity() {
    return IDENTITY;
  }

  /**
   * Decodes a compressed (48-byte) or uncompressed (96-byte) encoding in the ZCash/IETF format and
   * checks that the point is on the curve and in G1.
   *
   * @throws InvalidEncodingException naming the rule broken: length, flags, a coordinate not below
   *     p, a point not on the curve, a point outside the subgroup, a non-canonical infinity
   */
  public static G1Point fromBytes(byte[] bytes) {
    long[] p = Group.G1.decode(bytes);
    // A compressed encoding that decodes is the canonical one: keep it for toBytes and hashCode.
    return bytes.length == Group.G1.compressedSize() ? new G1Point(p, bytes.clone()) : new G1Point(p);
  }

  /** RFC 9380 hash_to_curve for G1 (BLS12381G1_XMD:SHA-256_SSWU_RO_) with the given DST. */
  public static G1Point hashToCurve(byte[] msg, byte[] dst) {
    return new G1Point(HashToCurve.hashToG1(msg, dst));
  }

  /** RFC 9380 encode_to_curve for G1 (BLS12381G1_XMD:SHA-256_SSWU_NU_) with the given DST. */
  public static G1Point encodeToCurve(byte[] msg, byte[] dst) {
    return new G1Point(HashToCurve.encodeToG1(msg, dst));
  }

  /** sum of k_i P_i by multi-scalar multiplication (public scalars; Pippenger's method). */
  public static G1Point multiScalarMultiply(List<G1Point> points, List<Scalar> scalars) {
    return new G1Point(Msm.compute(Curve.G1, points, scalars));
  }

  /**
   * v times the generator for |v| &lt; 2^bits (1 &le; bits &le; 63), from the generator's fixed-base
   * table, in time that depends on bits but not on v (v may be secret, e.g. an NI-DKG chunk).
   *
   * @throws IllegalArgumentException if bits is out of range or |v| is not below 2^bits
   */
  public static G1Point multiplyGenerator(long v, int bits) {
    long[] r = new long[Curve.G1.size];
    Group.G1.multiplyGenerator(r, 0, v, bits);
    return new G1Point(r);
  }

  @Override
  Group group() {
    return Group.G1;
  }

  @Override
  boolean isGeneratorInstance() {
    return this == GENERATOR;
  }

  @Override
  G1Point wrap(long[] q) {
    return new G1Point(q);
  }
}
