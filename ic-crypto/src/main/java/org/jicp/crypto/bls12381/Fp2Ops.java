package org.jicp.crypto.bls12381;

import java.math.BigInteger;

/**
 * Arithmetic in Fp2 = Fp[u] / (u^2 + 1) on arrays: an element is c0 then c1 ({@link #N} longs),
 * meaning c0 + c1 u. Unless a method says "vartime", its time does not depend on the values.
 */
final class Fp2Ops {
  static final int N = 2 * FpOps.N;
  private static final int H = FpOps.N;

  static final long[] ZERO = new long[N];
  static final long[] ONE = of(BigInteger.ONE, BigInteger.ZERO);

  private static final BigInteger P = FpOps.P;
  private static final long[] EXP_LEGENDRE =
      FpOps.exponentBits(P.subtract(BigInteger.ONE).shiftRight(1));

  private Fp2Ops() {}

  /** A new element c0 + c1 u. */
  static long[] of(BigInteger c0, BigInteger c1) {
    long[] r = new long[N];
    FpOps.fromBig(r, 0, c0);
    FpOps.fromBig(r, H, c1);
    return r;
  }

  static void copy(long[] r, int ro, long[] a, int ao) {
    System.arraycopy(a, ao, r, ro, N);
  }

  static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    FpArith.fp2Add(r, ro, a, ao, b, bo);
  }

  static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    FpArith.fp2Sub(r, ro, a, ao, b, bo);
  }

  /**
   * r = a + b limb by limb, without normalization or reduction. The result is only valid as an
   * input to a multiplication or squaring (which accept up to two levels of such lazy sums; see
   * docs/ic-crypto.md, "Field arithmetic"), never as a stored value.
   */
  static void addLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    for (int i = 0; i < N; i++) {
      r[ro + i] = a[ao + i] + b[bo + i];
    }
  }

  /** r = a - b limb by limb (signed, unreduced); see {@link #addLazy}. */
  static void subLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    for (int i = 0; i < N; i++) {
      r[ro + i] = a[ao + i] - b[bo + i];
    }
  }

  static void neg(long[] r, int ro, long[] a, int ao) {
    FpArith.fp2Neg(r, ro, a, ao);
  }

  static void dbl(long[] r, int ro, long[] a, int ao) {
    FpArith.fp2Dbl(r, ro, a, ao);
  }

  /** The conjugate c0 - c1 u, which is also the Frobenius map a^p. */
  static void conj(long[] r, int ro, long[] a, int ao) {
    FpOps.copy(r, ro, a, ao);
    FpArith.neg(r, ro + H, a, ao + H);
  }

  static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
    FpArith.fp2Mul(r, ro, a, ao, b, bo);
  }

  /** r = a^2 = (c0 + c1)(c0 - c1) + 2 c0 c1 u. */
  static void sqr(long[] r, int ro, long[] a, int ao) {
    FpArith.fp2Sqr(r, ro, a, ao);
  }

  /** r = a * s for s in Fp (at s[so]). */
  static void mulFp(long[] r, int ro, long[] a, int ao, long[] s, int so) {
    FpArith.mul(r, ro, a, ao, s, so);
    FpArith.mul(r, ro + H, a, ao + H, s, so);
  }

  /** r = a * (1 + u), the non-residue xi that defines Fp6. */
  static void mulByXi(long[] r, int ro, long[] a, int ao) {
    FpArith.fp2MulByXi(r, ro, a, ao);
  }

  /** r = a * u = -c1 + c0 u. */
  static void mulByU(long[] r, int ro, long[] a, int ao) {
    long[] t = new long[H];
    FpArith.neg(t, 0, a, ao + H);
    FpOps.copy(r, ro + H, a, ao);
    FpOps.copy(r, ro, t, 0);
  }

  /** r = a * v for a small non-negative integer v. */
  static void mulSmall(long[] r, int ro, long[] a, int ao, int v) {
    FpOps.mulSmall(r, ro, a, ao, v);
    FpOps.mulSmall(r, ro + H, a, ao + H, v);
  }

  /** The norm c0^2 + c1^2, in Fp. */
  static void norm(long[] r, int ro, long[] a, int ao) {
    long[] t = new long[H];
    FpArith.sqr(t, 0, a, ao);
    FpArith.sqr(r, ro, a, ao + H);
    FpArith.add(r, ro, r, ro, t, 0);
  }

  /** r = 1 / a (0 for 0): conj(a) / norm(a); constant time. */
  static void inv(long[] r, int ro, long[] a, int ao) {
    long[] n = new long[H];
    norm(n, 0, a, ao);
    FpOps.inv(n, 0, n, 0);
    long[] c = new long[N];
    conj(c, 0, a, ao);
    mulFp(r, ro, c, 0, n, 0);
  }

  /** r = 1 / a for public a (vartime inversion of the norm). */
  static void invVartime(long[] r, int ro, long[] a, int ao) {
    long[] n = new long[H];
    norm(n, 0, a, ao);
    FpOps.invVartime(n, 0, n, 0);
    long[] c = new long[N];
    conj(c, 0, a, ao);
    mulFp(r, ro, c, 0, n, 0);
  }

  static boolean isZero(long[] a, int ao) {
    return (FpOps.isZeroMask(a, ao) & FpOps.isZeroMask(a, ao + H)) != 0;
  }

  static boolean eq(long[] a, int ao, long[] b, int bo) {
    return FpOps.eq(a, ao, b, bo) & FpOps.eq(a, ao + H, b, bo + H);
  }

  /** RFC 9380 sgn0 for m = 2: sgn0(c0) OR (c0 == 0 AND sgn0(c1)). */
  static int sgn0(long[] a, int ao) {
    int s0 = FpOps.sgn0(a, ao);
    int z0 = FpOps.isZero(a, ao) ? 1 : 0;
    int s1 = FpOps.sgn0(a, ao + H);
    return s0 | (z0 & s1);
  }

  /**
   * The ZCash/IETF "lexicographically larger" rule for the y coordinate of compressed G2 points:
   * c1 decides unless it is zero, then c0.
   */
  static boolean isLexLarger(long[] a, int ao) {
    if (FpOps.isZero(a, ao + H)) {
      return FpOps.isLexLarger(a, ao);
    }
    return FpOps.isLexLarger(a, ao + H);
  }

  /** Whether a is a square in Fp2 (zero counts): its norm is a square in Fp. */
  static boolean isSquare(long[] a, int ao) {
    long[] n = new long[H];
    norm(n, 0, a, ao);
    long[] t = new long[H];
    FpOps.pow(t, 0, n, 0, EXP_LEGENDRE);
    return FpOps.eq(t, 0, FpOps.ONE, 0) || FpOps.isZero(n, 0);
  }

  /**
   * Writes a square root of a and returns true, or returns false when a is not a square (r is then
   * unspecified). Uses the norm: with n = sqrt(c0^2 + c1^2), one of (c0 ± n)/2 is a square x0^2,
   * and x1 = c1 / (2 x0).
   */
  static boolean sqrt(long[] r, int ro, long[] a, int ao) {
    if (FpOps.isZero(a, ao + H)) {
      // a = c0 in Fp: sqrt(c0) or sqrt(-c0) u.
      long[] s = new long[H];
      if (FpOps.sqrt(s, 0, a, ao)) {
        FpOps.copy(r, ro, s, 0);
        FpOps.copy(r, ro + H, FpOps.ZERO, 0);
        return true;
      }
      long[] negc0 = new long[H];
      FpArith.neg(negc0, 0, a, ao);
      if (!FpOps.sqrt(s, 0, negc0, 0)) {
        return false;
      }
      FpOps.copy(r, ro, FpOps.ZERO, 0);
      FpOps.copy(r, ro + H, s, 0);
      return true;
    }
    long[] n = new long[H];
    norm(n, 0, a, ao);
    if (!FpOps.sqrt(n, 0, n, 0)) {
      return false;
    }
    // x0^2 = t for t = (c0 + n) / 2 or (c0 - n) / 2. With y = t^((p - 3) / 4): x0 = y t and, when
    // x0^2 = t, 1 / x0 = y, so x1 = c1 / (2 x0) = c1 y / 2 needs no inversion.
    long[] t = new long[H];
    long[] y = new long[H];
    long[] x0 = new long[H];
    long[] chk = new long[H];
    boolean found = false;
    for (int attempt = 0; attempt < 2 && !found; attempt++) {
      if (attempt == 0) {
        FpArith.add(t, 0, a, ao, n, 0);
      } else {
        FpArith.sub(t, 0, a, ao, n, 0);
      }
      FpOps.halve(t, 0, t, 0);
      FpOps.powSqrtRatio(y, 0, t, 0);
      FpArith.mul(x0, 0, y, 0, t, 0);
      FpArith.sqr(chk, 0, x0, 0);
      found = FpOps.eq(chk, 0, t, 0);
    }
    if (!found) {
      return false;
    }
    long[] x1 = new long[H];
    FpArith.mul(x1, 0, a, ao + H, y, 0);
    FpOps.halve(x1, 0, x1, 0);
    FpOps.copy(r, ro, x0, 0);
    FpOps.copy(r, ro + H, x1, 0);
    // Guard against arithmetic surprises: the root must square back to a.
    long[] back = new long[N];
    sqr(back, 0, r, ro);
    return eq(back, 0, a, ao);
  }

  /** r = a^e for a public exponent in the format of {@link FpOps#exponentBits}. */
  static void pow(long[] r, int ro, long[] a, int ao, long[] e) {
    long[] acc = new long[N];
    copy(acc, 0, ONE, 0);
    long[] base = new long[N];
    copy(base, 0, a, ao);
    int bits = (int) e[0];
    for (int i = bits - 1; i >= 0; i--) {
      sqr(acc, 0, acc, 0);
      if (((e[1 + i / 64] >>> (i % 64)) & 1) != 0) {
        mul(acc, 0, acc, 0, base, 0);
      }
    }
    copy(r, ro, acc, 0);
  }

  static void select(long[] r, int ro, long[] a, int ao, long[] b, int bo, long flag) {
    FpOps.select(r, ro, a, ao, b, bo, flag);
    FpOps.select(r, ro + H, a, ao + H, b, bo + H, flag);
  }

  static BigInteger[] toBig(long[] a, int ao) {
    return new BigInteger[] {FpOps.toBig(a, ao), FpOps.toBig(a, ao + H)};
  }
}
