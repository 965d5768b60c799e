package org.jicp.crypto.bls12381;

/**
 * Arithmetic in Fp6 = Fp2[v] / (v^3 - xi), xi = 1 + u, on arrays: an element is c0, c1, c2 (Fp2
 * each), meaning c0 + c1 v + c2 v^2.
 *
 * <p>Multiplication inputs may be lazy sums ({@link #addLazy}) of at most one level; Karatsuba
 * sums formed inside are lazy too (the second level). Results are always weakly reduced.
 */
final class Fp6Ops {
  static final int N = 3 * Fp2Ops.N;
  private static final int E = Fp2Ops.N;

  private Fp6Ops() {}

  static void copy(long[] r, int ro, long[] a, int ao) {
    System.arraycopy(a, ao, r, ro, N);
  }

  static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    for (int i = 0; i < 3; i++) {
      Fp2Ops.add(r, ro + i * E, a, ao + i * E, b, bo + i * E);
    }
  }

  static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    for (int i = 0; i < 3; i++) {
      Fp2Ops.sub(r, ro + i * E, a, ao + i * E, b, bo + i * E);
    }
  }

  /** Lazy coefficient-wise sum; only valid as a multiplication input (see {@link Fp2Ops#addLazy}). */
  static void addLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    for (int i = 0; i < N; i++) {
      r[ro + i] = a[ao + i] + b[bo + i];
    }
  }

  static void neg(long[] r, int ro, long[] a, int ao) {
    for (int i = 0; i < 3; i++) {
      Fp2Ops.neg(r, ro + i * E, a, ao + i * E);
    }
  }

  /** r = a * v = xi c2 + c0 v + c1 v^2. */
  static void mulByV(long[] r, int ro, long[] a, int ao) {
    long[] t = new long[E];
    Fp2Ops.mulByXi(t, 0, a, ao + 2 * E);
    Fp2Ops.copy(r, ro + 2 * E, a, ao + E);
    Fp2Ops.copy(r, ro + E, a, ao);
    Fp2Ops.copy(r, ro, t, 0);
  }

  /** Columns of one double-width Fp element, and of one double-width Fp2 element. */
  private static final int W = 2 * FpOps.N;

  private static final int W2 = 2 * W;

  /**
   * r = a * b (Karatsuba over the three coefficients: six Fp2 products), with lazy reduction: the
   * products stay double width, each output coefficient is formed on the columns and reduced once
   * (six Montgomery reductions instead of twelve).
   *
   * <p>P_i = a_i b_i, M_ij = (a_i + a_j)(b_i + b_j); c0 = P0 + xi (M12 - P1 - P2); c1 = M01 - P0 -
   * P1 + xi P2; c2 = M02 - P0 - P2 + P1.
   */
  static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    long[] w = new long[7 * W2 + 2 * E];
    final int p0 = 0;
    final int p1 = W2;
    final int p2 = 2 * W2;
    final int m12 = 3 * W2;
    final int m01 = 4 * W2;
    final int m02 = 5 * W2;
    final int out = 6 * W2;
    final int s = 7 * W2;
    final int q = s + E;
    FpArith.fp2MulWide(w, p0, a, ao, b, bo);
    FpArith.fp2MulWide(w, p1, a, ao + E, b, bo + E);
    FpArith.fp2MulWide(w, p2, a, ao + 2 * E, b, bo + 2 * E);
    Fp2Ops.addLazy(w, s, a, ao + E, a, ao + 2 * E);
    Fp2Ops.addLazy(w, q, b, bo + E, b, bo + 2 * E);
    FpArith.fp2MulWide(w, m12, w, s, w, q);
    Fp2Ops.addLazy(w, s, a, ao, a, ao + E);
    Fp2Ops.addLazy(w, q, b, bo, b, bo + E);
    FpArith.fp2MulWide(w, m01, w, s, w, q);
    Fp2Ops.addLazy(w, s, a, ao, a, ao + 2 * E);
    Fp2Ops.addLazy(w, q, b, bo, b, bo + 2 * E);
    FpArith.fp2MulWide(w, m02, w, s, w, q);
    // c0 = P0 + xi (M12 - P1 - P2)
    for (int k = 0; k < W; k++) {
      long x0 = w[m12 + k] - w[p1 + k] - w[p2 + k];
      long x1 = w[m12 + W + k] - w[p1 + W + k] - w[p2 + W + k];
      w[out + k] = w[p0 + k] + x0 - x1;
      w[out + W + k] = w[p0 + W + k] + x0 + x1;
    }
    redcFp2(r, ro, w, out);
    // c1 = M01 - P0 - P1 + xi P2
    for (int k = 0; k < W; k++) {
      long y0 = w[p2 + k];
      long y1 = w[p2 + W + k];
      w[out + k] = w[m01 + k] - w[p0 + k] - w[p1 + k] + y0 - y1;
      w[out + W + k] = w[m01 + W + k] - w[p0 + W + k] - w[p1 + W + k] + y0 + y1;
    }
    redcFp2(r, ro + E, w, out);
    // c2 = M02 - P0 - P2 + P1
    for (int k = 0; k < W2; k++) {
      w[out + k] = w[m02 + k] - w[p0 + k] - w[p2 + k] + w[p1 + k];
    }
    redcFp2(r, ro + 2 * E, w, out);
  }

  /** Reduces the double-width Fp2 at w[wo] into r[ro]. */
  private static void redcFp2(long[] r, int ro, long[] w, int wo) {
    FpArith.redcWide(r, ro, w, wo);
    FpArith.redcWide(r, ro + FpOps.N, w, wo + W);
  }

  /**
   * r = a^2 (Chung-Hasan SQR2: two products and three squarings in Fp2), with lazy reduction.
   *
   * <p>s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2; c0 = s0 + xi s3;
   * c1 = s1 + xi s4; c2 = s1 + s2 + s3 - s0 - s4. Every product is taken before r is written, so r
   * may alias a.
   */
  static void sqr(long[] r, int ro, long[] a, int ao) {
    long[] w = new long[6 * W2 + E];
    final int s0 = 0;
    final int s1 = W2;
    final int s2 = 2 * W2;
    final int s3 = 3 * W2;
    final int s4 = 4 * W2;
    final int out = 5 * W2;
    final int t = 6 * W2;
    FpArith.fp2SqrWide(w, s0, a, ao);
    Fp2Ops.addLazy(w, t, a, ao, a, ao);
    FpArith.fp2MulWide(w, s1, w, t, a, ao + E);
    Fp2Ops.subLazy(w, t, a, ao, a, ao + E);
    Fp2Ops.addLazy(w, t, w, t, a, ao + 2 * E);
    FpArith.fp2SqrWide(w, s2, w, t);
    Fp2Ops.addLazy(w, t, a, ao + E, a, ao + E);
    FpArith.fp2MulWide(w, s3, w, t, a, ao + 2 * E);
    FpArith.fp2SqrWide(w, s4, a, ao + 2 * E);
    // c0 = s0 + xi s3
    for (int k = 0; k < W; k++) {
      long y0 = w[s3 + k];
      long y1 = w[s3 + W + k];
      w[out + k] = w[s0 + k] + y0 - y1;
      w[out + W + k] = w[s0 + W + k] + y0 + y1;
    }
    redcFp2(r, ro, w, out);
    // c1 = s1 + xi s4
    for (int k = 0; k < W; k++) {
      long y0 = w[s4 + k];
      long y1 = w[s4 + W + k];
      w[out + k] = w[s1 + k] + y0 - y1;
      w[out + W + k] = w[s1 + W + k] + y0 + y1;
    }
    redcFp2(r, ro + E, w, out);
    // c2 = s1 + s2 + s3 - s0 - s4
    for (int k = 0; k < W2; k++) {
      w[out + k] = w[s1 + k] + w[s2 + k] + w[s3 + k] - w[s0 + k] - w[s4 + k];
    }
    redcFp2(r, ro + 2 * E, w, out);
  }

  /**
   * r = a * (b0 + b1 v): the sparse product used by line functions, with lazy reduction. P0 = a0
   * b0, P1 = a1 b1; c0 = P0 + xi a2 b1; c1 = (a0 + a1)(b0 + b1) - P0 - P1; c2 = a2 b0 + P1.
   */
  static void mulBy01(long[] r, int ro, long[] a, int ao, long[] b0, int b0o, long[] b1, int b1o) {
    long[] w = new long[6 * W2 + 2 * E];
    final int p0 = 0;
    final int p1 = W2;
    final int x = 2 * W2;
    final int m = 3 * W2;
    final int y = 4 * W2;
    final int out = 5 * W2;
    final int s = 6 * W2;
    final int q = s + E;
    FpArith.fp2MulWide(w, p0, a, ao, b0, b0o);
    FpArith.fp2MulWide(w, p1, a, ao + E, b1, b1o);
    FpArith.fp2MulWide(w, x, a, ao + 2 * E, b1, b1o);
    Fp2Ops.addLazy(w, s, a, ao, a, ao + E);
    Fp2Ops.addLazy(w, q, b0, b0o, b1, b1o);
    FpArith.fp2MulWide(w, m, w, s, w, q);
    FpArith.fp2MulWide(w, y, a, ao + 2 * E, b0, b0o);
    // c0 = P0 + xi X
    for (int k = 0; k < W; k++) {
      long x0 = w[x + k];
      long x1 = w[x + W + k];
      w[out + k] = w[p0 + k] + x0 - x1;
      w[out + W + k] = w[p0 + W + k] + x0 + x1;
    }
    redcFp2(r, ro, w, out);
    // c1 = M - P0 - P1
    for (int k = 0; k < W2; k++) {
      w[out + k] = w[m + k] - w[p0 + k] - w[p1 + k];
    }
    redcFp2(r, ro + E, w, out);
    // c2 = Y + P1
    for (int k = 0; k < W2; k++) {
      w[out + k] = w[y + k] + w[p1 + k];
    }
    redcFp2(r, ro + 2 * E, w, out);
  }

  /** r = a * (b1 v): c0 = xi a2 b1, c1 = a0 b1, c2 = a1 b1. */
  static void mulBy1(long[] r, int ro, long[] a, int ao, long[] b1, int b1o) {
    long[] t = new long[3 * E];
    Fp2Ops.mul(t, 0, a, ao + 2 * E, b1, b1o);
    Fp2Ops.mulByXi(t, 0, t, 0);
    Fp2Ops.mul(t, E, a, ao, b1, b1o);
    Fp2Ops.mul(t, 2 * E, a, ao + E, b1, b1o);
    System.arraycopy(t, 0, r, ro, N);
  }

  /**
   * r = 1 / a: with A = a0^2 - xi a1 a2, B = xi a2^2 - a0 a1, C = a1^2 - a0 a2 and F = a0 A + xi (a2
   * B + a1 C), 1/a = (A, B, C) / F.
   */
  static void inv(long[] r, int ro, long[] a, int ao, boolean vartime) {
    long[] t = new long[6 * E];
    final int ca = 0;
    final int cb = E;
    final int cc = 2 * E;
    final int x = 3 * E;
    final int f = 4 * E;
    final int y = 5 * E;
    Fp2Ops.sqr(t, ca, a, ao);
    Fp2Ops.mul(t, x, a, ao + E, a, ao + 2 * E);
    Fp2Ops.mulByXi(t, x, t, x);
    Fp2Ops.sub(t, ca, t, ca, t, x);

    Fp2Ops.sqr(t, cb, a, ao + 2 * E);
    Fp2Ops.mulByXi(t, cb, t, cb);
    Fp2Ops.mul(t, x, a, ao, a, ao + E);
    Fp2Ops.sub(t, cb, t, cb, t, x);

    Fp2Ops.sqr(t, cc, a, ao + E);
    Fp2Ops.mul(t, x, a, ao, a, ao + 2 * E);
    Fp2Ops.sub(t, cc, t, cc, t, x);

    Fp2Ops.mul(t, f, a, ao + 2 * E, t, cb);
    Fp2Ops.mul(t, y, a, ao + E, t, cc);
    Fp2Ops.add(t, f, t, f, t, y);
    Fp2Ops.mulByXi(t, f, t, f);
    Fp2Ops.mul(t, y, a, ao, t, ca);
    Fp2Ops.add(t, f, t, f, t, y);
    if (vartime) {
      Fp2Ops.invVartime(t, f, t, f);
    } else {
      Fp2Ops.inv(t, f, t, f);
    }
    Fp2Ops.mul(r, ro, t, ca, t, f);
    Fp2Ops.mul(r, ro + E, t, cb, t, f);
    Fp2Ops.mul(r, ro + 2 * E, t, cc, t, f);
  }

  static boolean eq(long[] a, int ao, long[] b, int bo) {
    boolean r = true;
    for (int i = 0; i < 3; i++) {
      r &= Fp2Ops.eq(a, ao + i * E, b, bo + i * E);
    }
    return r;
  }

  static boolean isZero(long[] a, int ao) {
    boolean r = true;
    for (int i = 0; i < 3; i++) {
      r &= Fp2Ops.isZero(a, ao + i * E);
    }
    return r;
  }
}
