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

  /**
   * r = a * b (Karatsuba over the three coefficients: six Fp2 multiplications).
   *
   * <p>t_i = a_i b_i; c0 = t0 + xi((a1 + a2)(b1 + b2) - t1 - t2); c1 = (a0 + a1)(b0 + b1) - t0 - t1 +
   * xi t2; c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1.
   */
  static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    long[] t = new long[8 * E];
    final int t0 = 0;
    final int t1 = E;
    final int t2 = 2 * E;
    final int s = 3 * E;
    final int q = 4 * E;
    final int c0 = 5 * E;
    final int c1 = 6 * E;
    final int c2 = 7 * E;
    Fp2Ops.mul(t, t0, a, ao, b, bo);
    Fp2Ops.mul(t, t1, a, ao + E, b, bo + E);
    Fp2Ops.mul(t, t2, a, ao + 2 * E, b, bo + 2 * E);

    Fp2Ops.addLazy(t, s, a, ao + E, a, ao + 2 * E);
    Fp2Ops.addLazy(t, q, b, bo + E, b, bo + 2 * E);
    Fp2Ops.mul(t, c0, t, s, t, q);
    Fp2Ops.sub(t, c0, t, c0, t, t1);
    Fp2Ops.sub(t, c0, t, c0, t, t2);
    Fp2Ops.mulByXi(t, c0, t, c0);
    Fp2Ops.add(t, c0, t, c0, t, t0);

    Fp2Ops.addLazy(t, s, a, ao, a, ao + E);
    Fp2Ops.addLazy(t, q, b, bo, b, bo + E);
    Fp2Ops.mul(t, c1, t, s, t, q);
    Fp2Ops.sub(t, c1, t, c1, t, t0);
    Fp2Ops.sub(t, c1, t, c1, t, t1);
    Fp2Ops.mulByXi(t, s, t, t2);
    Fp2Ops.add(t, c1, t, c1, t, s);

    Fp2Ops.addLazy(t, s, a, ao, a, ao + 2 * E);
    Fp2Ops.addLazy(t, q, b, bo, b, bo + 2 * E);
    Fp2Ops.mul(t, c2, t, s, t, q);
    Fp2Ops.sub(t, c2, t, c2, t, t0);
    Fp2Ops.sub(t, c2, t, c2, t, t2);
    Fp2Ops.add(t, c2, t, c2, t, t1);

    System.arraycopy(t, c0, r, ro, N);
  }

  /**
   * r = a^2 (Chung-Hasan SQR2: two multiplications and three squarings in Fp2).
   *
   * <p>s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2; c0 = s0 + xi s3;
   * c1 = s1 + xi s4; c2 = s1 + s2 + s3 - s0 - s4.
   */
  static void sqr(long[] r, int ro, long[] a, int ao) {
    long[] t = new long[6 * E];
    final int s0 = 0;
    final int s1 = E;
    final int s2 = 2 * E;
    final int s3 = 3 * E;
    final int s4 = 4 * E;
    final int w = 5 * E;
    Fp2Ops.sqr(t, s0, a, ao);
    Fp2Ops.mul(t, s1, a, ao, a, ao + E);
    Fp2Ops.dbl(t, s1, t, s1);
    Fp2Ops.subLazy(t, s2, a, ao, a, ao + E);
    Fp2Ops.addLazy(t, s2, t, s2, a, ao + 2 * E);
    Fp2Ops.sqr(t, s2, t, s2);
    Fp2Ops.mul(t, s3, a, ao + E, a, ao + 2 * E);
    Fp2Ops.dbl(t, s3, t, s3);
    Fp2Ops.sqr(t, s4, a, ao + 2 * E);

    // c2 first (it reads s0..s4), then c0, c1.
    Fp2Ops.add(t, w, t, s1, t, s2);
    Fp2Ops.add(t, w, t, w, t, s3);
    Fp2Ops.sub(t, w, t, w, t, s0);
    Fp2Ops.sub(r, ro + 2 * E, t, w, t, s4);
    Fp2Ops.mulByXi(t, s3, t, s3);
    Fp2Ops.add(r, ro, t, s0, t, s3);
    Fp2Ops.mulByXi(t, s4, t, s4);
    Fp2Ops.add(r, ro + E, t, s1, t, s4);
  }

  /** r = a * (b0 + b1 v): the sparse product used by line functions. */
  static void mulBy01(long[] r, int ro, long[] a, int ao, long[] b0, int b0o, long[] b1, int b1o) {
    long[] t = new long[7 * E];
    final int t0 = 0;
    final int t1 = E;
    final int s = 2 * E;
    final int q = 3 * E;
    final int c0 = 4 * E;
    final int c1 = 5 * E;
    final int c2 = 6 * E;
    Fp2Ops.mul(t, t0, a, ao, b0, b0o);
    Fp2Ops.mul(t, t1, a, ao + E, b1, b1o);
    // c0 = t0 + xi * a2 * b1
    Fp2Ops.mul(t, c0, a, ao + 2 * E, b1, b1o);
    Fp2Ops.mulByXi(t, c0, t, c0);
    Fp2Ops.add(t, c0, t, c0, t, t0);
    // c1 = (a0 + a1)(b0 + b1) - t0 - t1
    Fp2Ops.addLazy(t, s, a, ao, a, ao + E);
    Fp2Ops.addLazy(t, q, b0, b0o, b1, b1o);
    Fp2Ops.mul(t, c1, t, s, t, q);
    Fp2Ops.sub(t, c1, t, c1, t, t0);
    Fp2Ops.sub(t, c1, t, c1, t, t1);
    // c2 = a2 b0 + t1
    Fp2Ops.mul(t, c2, a, ao + 2 * E, b0, b0o);
    Fp2Ops.add(t, c2, t, c2, t, t1);
    System.arraycopy(t, c0, r, ro, N);
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
