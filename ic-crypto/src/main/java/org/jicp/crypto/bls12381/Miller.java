package org.jicp.crypto.bls12381;

/**
 * The optimal ate Miller loop of BLS12-381 over several pairs at once (one shared Fp12 squaring
 * per step), with G2 in homogeneous projective coordinates on the twist.
 *
 * <p>Line functions: for the M-type twist E': y^2 = x^3 + 4 xi with untwisting (x', y') -> (x' /
 * w^2, y' / w^3), the line through T' (tangent or chord with Q') evaluated at P = (xP, yP),
 * multiplied by a factor in Fp4 (which the final exponentiation removes), is c0 + (c1 xP) w^2 +
 * (c4 yP) w^3: the sparse Fp12 element with slots 0, 1 and 4 ({@link Fp12Ops#mulBy014}).
 *
 * <p>Doubling (Costello, Lange, Naehrig, "Faster pairing computations on curves with high-degree
 * twists", PKC 2010; Aranha et al., EUROCRYPT 2011): A = XY/2, B = Y^2, C = Z^2, E = 3b'C, F =
 * 3E, G = (B + F)/2, H = (Y + Z)^2 - (B + C); 2T = (A(B - F), G^2 - 3E^2, BH); line (E - B, 3X^2,
 * -H). Mixed addition with Q = (xQ, yQ): t = Y - yQ Z, l = X - xQ Z, C = t^2, D = l^2, E = l^3, F =
 * ZC, G = XD, H = E + F - 2G; T + Q = (lH, t(G - H) - YE, ZE); line (t xQ - l yQ, -t, l).
 */
final class Miller {
  private static final int E = Fp2Ops.N;
  private static final int F1 = FpOps.N;

  /** Number of line triples of a full loop: 63 doublings and 5 additions. */
  static final int LINES = 68;

  private Miller() {}

  /** Writes the doubling line (c0, c1, c4) at lines[lo], and T = 2T. */
  static void doublingStep(long[] t, long[] lines, int lo) {
    Field f = Field.FP2;
    final int x = 0;
    final int y = E;
    final int z = 2 * E;
    long[] s = new long[9 * E];
    final int a = 0;
    final int b = E;
    final int c = 2 * E;
    final int e = 3 * E;
    final int ff = 4 * E;
    final int g = 5 * E;
    final int h = 6 * E;
    final int tmp = 7 * E;
    final int x2 = 8 * E;
    f.mul(s, a, t, x, t, y);
    halve(s, a);
    f.sqr(s, b, t, y);
    f.sqr(s, c, t, z);
    f.mulB3(s, e, s, c);
    f.add(s, ff, s, e, s, e);
    f.add(s, ff, s, ff, s, e);
    f.add(s, g, s, b, s, ff);
    halve(s, g);
    f.add(s, h, t, y, t, z);
    f.sqr(s, h, s, h);
    f.add(s, tmp, s, b, s, c);
    f.sub(s, h, s, h, s, tmp);
    f.sqr(s, x2, t, x);
    // line: (E - B, 3 X^2, -H)
    f.sub(lines, lo, s, e, s, b);
    f.add(lines, lo + E, s, x2, s, x2);
    f.add(lines, lo + E, lines, lo + E, s, x2);
    f.neg(lines, lo + 2 * E, s, h);
    // X3 = A (B - F)
    f.sub(s, tmp, s, b, s, ff);
    f.mul(t, x, s, a, s, tmp);
    // Y3 = G^2 - 3 E^2
    f.sqr(s, g, s, g);
    f.sqr(s, tmp, s, e);
    f.add(s, e, s, tmp, s, tmp);
    f.add(s, e, s, e, s, tmp);
    f.sub(t, y, s, g, s, e);
    // Z3 = B H
    f.mul(t, z, s, b, s, h);
  }

  /** Writes the addition line (c0, c1, c4) at lines[lo], and T = T + Q for affine Q. */
  static void additionStep(long[] t, long[] q, long[] lines, int lo) {
    Field f = Field.FP2;
    final int x = 0;
    final int y = E;
    final int z = 2 * E;
    final int qx = 0;
    final int qy = E;
    long[] s = new long[8 * E];
    final int th = 0;
    final int la = E;
    final int c = 2 * E;
    final int d = 3 * E;
    final int e = 4 * E;
    final int ff = 5 * E;
    final int g = 6 * E;
    final int h = 7 * E;
    f.mul(s, th, q, qy, t, z);
    f.sub(s, th, t, y, s, th);
    f.mul(s, la, q, qx, t, z);
    f.sub(s, la, t, x, s, la);
    // line: (theta xQ - lambda yQ, -theta, lambda)
    f.mul(s, c, s, th, q, qx);
    f.mul(s, d, s, la, q, qy);
    f.sub(lines, lo, s, c, s, d);
    f.neg(lines, lo + E, s, th);
    f.copy(lines, lo + 2 * E, s, la);
    f.sqr(s, c, s, th);
    f.sqr(s, d, s, la);
    f.mul(s, e, s, d, s, la);
    f.mul(s, ff, t, z, s, c);
    f.mul(s, g, t, x, s, d);
    f.add(s, h, s, e, s, ff);
    f.sub(s, h, s, h, s, g);
    f.sub(s, h, s, h, s, g);
    // X3 = lambda H ; Y3 = theta (G - H) - Y E ; Z3 = Z E
    f.mul(t, x, s, la, s, h);
    f.sub(s, g, s, g, s, h);
    f.mul(s, g, s, th, s, g);
    f.mul(s, ff, t, y, s, e);
    f.sub(t, y, s, g, s, ff);
    f.mul(t, z, t, z, s, e);
  }

  private static void halve(long[] a, int ao) {
    FpOps.halve(a, ao, a, ao);
    FpOps.halve(a, ao + F1, a, ao + F1);
  }

  /** All line triples for the affine G2 point q (not the identity), in loop order. */
  static long[] prepare(long[] q) {
    long[] lines = new long[LINES * 3 * E];
    long[] t = new long[3 * E];
    Fp2Ops.copy(t, 0, q, 0);
    Fp2Ops.copy(t, E, q, E);
    Fp2Ops.copy(t, 2 * E, Fp2Ops.ONE, 0);
    int k = 0;
    for (int i = 62; i >= 0; i--) {
      doublingStep(t, lines, k * 3 * E);
      k++;
      if (((Fp12Ops.X_ABS >>> i) & 1) != 0) {
        additionStep(t, q, lines, k * 3 * E);
        k++;
      }
    }
    return lines;
  }

  /**
   * The Miller loop value prod_j f_{|x|, Q_j}(P_j), conjugated for the negative x, sharing one
   * Fp12 squaring per step. P_j are affine G1 points (x at [0], y at [N]); each Q_j is given either
   * prepared ({@code g2Lines[j]}, from {@link #prepare}) or affine ({@code g2Affine[j]}, its lines
   * computed on the fly). No pair may contain the identity.
   */
  static long[] loop(long[][] g1Affine, long[][] g2Lines, long[][] g2Affine) {
    int pairs = g1Affine.length;
    long[][] ts = new long[pairs][];
    for (int j = 0; j < pairs; j++) {
      if (g2Lines[j] == null) {
        long[] t = new long[3 * E];
        Fp2Ops.copy(t, 0, g2Affine[j], 0);
        Fp2Ops.copy(t, E, g2Affine[j], E);
        Fp2Ops.copy(t, 2 * E, Fp2Ops.ONE, 0);
        ts[j] = t;
      }
    }
    long[] f = Fp12Ops.one();
    long[] scratch = new long[3 * E];
    long[] coeffs = new long[3 * E];
    int k = 0;
    for (int i = 62; i >= 0; i--) {
      if (i != 62) {
        Fp12Ops.sqr(f, 0, f, 0);
      }
      for (int j = 0; j < pairs; j++) {
        if (ts[j] == null) {
          applyLine(f, g2Lines[j], k, g1Affine[j], scratch);
        } else {
          doublingStep(ts[j], coeffs, 0);
          applyLine(f, coeffs, 0, g1Affine[j], scratch);
        }
      }
      k++;
      if (((Fp12Ops.X_ABS >>> i) & 1) != 0) {
        for (int j = 0; j < pairs; j++) {
          if (ts[j] == null) {
            applyLine(f, g2Lines[j], k, g1Affine[j], scratch);
          } else {
            additionStep(ts[j], g2Affine[j], coeffs, 0);
            applyLine(f, coeffs, 0, g1Affine[j], scratch);
          }
        }
        k++;
      }
    }
    Fp12Ops.conj(f, 0, f, 0);
    return f;
  }

  /** f = f * line k of the table evaluated at P. */
  private static void applyLine(long[] f, long[] lines, int k, long[] p, long[] scratch) {
    int lo = k * 3 * E;
    Fp2Ops.copy(scratch, 0, lines, lo);
    Fp2Ops.mulFp(scratch, E, lines, lo + E, p, 0);
    Fp2Ops.mulFp(scratch, 2 * E, lines, lo + 2 * E, p, F1);
    Fp12Ops.mulBy014(f, 0, f, 0, scratch, 0, E, 2 * E);
  }
}
