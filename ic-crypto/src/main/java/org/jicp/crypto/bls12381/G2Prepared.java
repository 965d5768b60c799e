package org.jicp.crypto.bls12381;

import java.util.Objects;

/**
 * A G2 point with its Miller-loop line coefficients precomputed (68 lines): pairing against it
 * skips all G2 arithmetic. Worth it for a key that is verified against many times, such as an IC
 * subnet's threshold public key. Immutable.
 */
public final class G2Prepared {
  private final G2Point point;
  final long[] lines; // null for the identity
  final long[] affine;

  private G2Prepared(G2Point point) {
    this.point = point;
    if (point.isIdentity()) {
      this.lines = null;
      this.affine = null;
    } else {
      long[] aff = new long[2 * Fp2Ops.N];
      Curve.G2.toAffine(aff, 0, point.p, 0, true);
      this.affine = aff;
      this.lines = Miller.prepare(aff);
    }
  }

  /** Precomputes the lines of {@code q}. */
  public static G2Prepared of(G2Point q) {
    return new G2Prepared(Objects.requireNonNull(q, "q"));
  }

  /** The point. */
  public G2Point point() {
    return point;
  }
}
