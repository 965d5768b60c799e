package org.jicp.crypto.bls12381;

import java.math.BigInteger;

/**
 * Base-field helpers on the array representation of {@link FpArith}: constants, conversion to and
 * from integers and bytes, exponentiation, inversion, square roots, comparison.
 *
 * <p>An element occupies {@link #N} consecutive longs. Unless a method says "vartime", its running
 * time does not depend on the element's value (exponents are public constants).
 */
final class FpOps {
  /** Limbs per element. */
  static final int N = FpArith.N;

  /** The field modulus p. */
  static final BigInteger P =
      new BigInteger(
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
          16);

  private static final long MASK = 0xffffffffffffffL;
  private static final BigInteger R = BigInteger.ONE.shiftLeft(56 * N).mod(P);
  private static final long[] R2 = rawLimbs(R.multiply(R).mod(P));
  private static final long[] RAW_ONE = rawLimbs(BigInteger.ONE);
  private static final long[] P_LIMBS = rawLimbs(P);

  /** Montgomery form of 0 and 1. */
  static final long[] ZERO = new long[N];

  static final long[] ONE = rawLimbs(R);

  private static final long[] EXP_INV = exponentBits(P.subtract(BigInteger.TWO));
  private static final long[] EXP_SQRT = exponentBits(P.add(BigInteger.ONE).shiftRight(2));
  private static final long[] EXP_SQRT_RATIO = exponentBits(P.subtract(BigInteger.valueOf(3)).shiftRight(2));
  private static final long[] EXP_LEGENDRE = exponentBits(P.subtract(BigInteger.ONE).shiftRight(1));
  private static final long[] HALF_P_PLUS = rawLimbs(P.add(BigInteger.ONE).shiftRight(1));

  private FpOps() {}

  /** Radix-2^56 limbs of a non-negative integer below 2^392 (not Montgomery). */
  static long[] rawLimbs(BigInteger x) {
    long[] r = new long[N];
    for (int i = 0; i < N; i++) {
      r[i] = x.shiftRight(56 * i).longValue() & MASK;
    }
    return r;
  }

  /** A new element equal to {@code x mod p}. */
  static long[] fromBig(BigInteger x) {
    long[] r = rawLimbs(x.mod(P));
    FpArith.mul(r, 0, r, 0, R2, 0);
    return r;
  }

  /** Writes {@code x mod p} at {@code r[ro]}. */
  static void fromBig(long[] r, int ro, BigInteger x) {
    System.arraycopy(fromBig(x), 0, r, ro, N);
  }

  /** Writes the small integer {@code v} (0 &le; v &lt; 2^56) at {@code r[ro]}. */
  static void fromLong(long[] r, int ro, long v) {
    long[] t = new long[N];
    t[0] = v;
    FpArith.mul(r, ro, t, 0, R2, 0);
  }

  /** The integer in [0, p) that the element at {@code a[ao]} represents. */
  static BigInteger toBig(long[] a, int ao) {
    long[] t = new long[N];
    fromMontgomery(t, 0, a, ao);
    BigInteger r = BigInteger.ZERO;
    for (int i = N - 1; i >= 0; i--) {
      r = r.shiftLeft(56).add(BigInteger.valueOf(t[i]));
    }
    return r;
  }

  /** r = the canonical plain (non-Montgomery) limbs of a, in [0, p). */
  static void fromMontgomery(long[] r, int ro, long[] a, int ao) {
    FpArith.mul(r, ro, a, ao, RAW_ONE, 0);
    FpArith.canonical(r, ro, r, ro);
  }

  /**
   * Decodes 48 big-endian bytes at {@code in[off]}; returns false (and writes nothing) when the
   * integer is not below p. Runs in time independent of the bytes.
   */
  static boolean fromBytes(long[] r, int ro, byte[] in, int off) {
    long[] t = new long[N];
    // Byte 47 is the least significant; limb i holds bits [56 i, 56 i + 56).
    for (int i = 0; i < 48; i++) {
      int bit = 8 * (47 - i);
      long b = in[off + i] & 0xffL;
      int limb = bit / 56;
      int shift = bit % 56;
      t[limb] |= (b << shift) & MASK;
      if (shift > 48) {
        t[limb + 1] |= b >>> (56 - shift);
      }
    }
    // t < p  <=>  t - p is negative.
    long borrow = 0;
    for (int i = 0; i < N; i++) {
      long d = t[i] - P_LIMBS[i] + borrow;
      borrow = d >> 56;
    }
    boolean below = borrow < 0;
    if (below) {
      FpArith.mul(r, ro, t, 0, R2, 0);
    }
    return below;
  }

  /** Writes the 48-byte big-endian encoding of the element at {@code a[ao]}. */
  static void toBytes(byte[] out, int off, long[] a, int ao) {
    long[] t = new long[N];
    fromMontgomery(t, 0, a, ao);
    for (int i = 0; i < 48; i++) {
      int bit = 8 * (47 - i);
      int limb = bit / 56;
      int shift = bit % 56;
      long v = t[limb] >>> shift;
      if (shift > 48 && limb + 1 < N) {
        v |= t[limb + 1] << (56 - shift);
      }
      out[off + i] = (byte) v;
    }
  }

  /** Copies an element. */
  static void copy(long[] r, int ro, long[] a, int ao) {
    System.arraycopy(a, ao, r, ro, N);
  }

  /** 1 if the element is zero, else 0; constant time. */
  static long isZeroMask(long[] a, int ao) {
    long[] t = new long[N];
    FpArith.canonical(t, 0, a, ao);
    long acc = 0;
    for (int i = 0; i < N; i++) {
      acc |= t[i];
    }
    // acc == 0  ->  -1 ; else 0
    return ((acc | -acc) >> 63) ^ -1L;
  }

  static boolean isZero(long[] a, int ao) {
    return isZeroMask(a, ao) != 0;
  }

  /** Whether two elements are equal; constant time. */
  static boolean eq(long[] a, int ao, long[] b, int bo) {
    long[] x = new long[N];
    long[] y = new long[N];
    FpArith.canonical(x, 0, a, ao);
    FpArith.canonical(y, 0, b, bo);
    long acc = 0;
    for (int i = 0; i < N; i++) {
      acc |= x[i] ^ y[i];
    }
    return acc == 0;
  }

  /** RFC 9380 sgn0 for Fp: the parity of the canonical integer. */
  static int sgn0(long[] a, int ao) {
    long[] t = new long[N];
    fromMontgomery(t, 0, a, ao);
    return (int) (t[0] & 1);
  }

  /** Whether the canonical integer is greater than (p - 1) / 2 (the ZCash "larger root" rule). */
  static boolean isLexLarger(long[] a, int ao) {
    long[] t = new long[N];
    fromMontgomery(t, 0, a, ao);
    // t >= (p + 1) / 2  <=>  t - (p + 1) / 2 is not negative.
    long borrow = 0;
    for (int i = 0; i < N; i++) {
      long d = t[i] - HALF_P_PLUS[i] + borrow;
      borrow = d >> 56;
    }
    return borrow == 0;
  }

  /** r = a / 2. */
  static void halve(long[] r, int ro, long[] a, int ao) {
    long[] t = new long[N];
    FpArith.canonical(t, 0, a, ao);
    long odd = -(t[0] & 1);
    long carry = 0;
    for (int i = 0; i < N; i++) {
      t[i] += (P_LIMBS[i] & odd) + carry;
      carry = t[i] >>> 56;
      t[i] &= MASK;
    }
    for (int i = 0; i < N; i++) {
      long next = i + 1 < N ? t[i + 1] : 0;
      r[ro + i] = (t[i] >>> 1) | ((next & 1) << 55);
    }
  }

  /** r = a * 2^k for a small k, by doublings. */
  static void mulPow2(long[] r, int ro, long[] a, int ao, int k) {
    FpArith.add(r, ro, a, ao, a, ao);
    for (int i = 1; i < k; i++) {
      FpArith.add(r, ro, r, ro, r, ro);
    }
  }

  /** r = a * v for a small non-negative constant v, by doubling and adding. */
  static void mulSmall(long[] r, int ro, long[] a, int ao, int v) {
    long[] acc = new long[N];
    long[] base = new long[N];
    copy(base, 0, a, ao);
    for (int k = v; k != 0; k >>>= 1) {
      if ((k & 1) != 0) {
        FpArith.add(acc, 0, acc, 0, base, 0);
      }
      if (k > 1) {
        FpArith.add(base, 0, base, 0, base, 0);
      }
    }
    copy(r, ro, acc, 0);
  }

  /** Big-endian bit vector of a public exponent, as {bitLength, words...}. */
  static long[] exponentBits(BigInteger e) {
    int n = e.bitLength();
    long[] w = new long[1 + (n + 63) / 64];
    w[0] = n;
    for (int i = 0; i < n; i++) {
      if (e.testBit(i)) {
        w[1 + i / 64] |= 1L << (i % 64);
      }
    }
    return w;
  }

  /**
   * r = a^e for a public exponent (given by {@link #exponentBits}), left to right with a 4-bit
   * window: the sequence of operations depends only on e.
   */
  static void pow(long[] r, int ro, long[] a, int ao, long[] e) {
    long[] table = new long[16 * N];
    copy(table, 0, ONE, 0);
    copy(table, N, a, ao);
    for (int i = 2; i < 16; i++) {
      FpArith.mul(table, i * N, table, (i - 1) * N, a, ao);
    }
    int bits = (int) e[0];
    long[] acc = new long[N];
    copy(acc, 0, ONE, 0);
    int top = ((bits + 3) / 4) * 4;
    for (int i = top - 4; i >= 0; i -= 4) {
      if (i != top - 4) {
        FpArith.sqr(acc, 0, acc, 0);
        FpArith.sqr(acc, 0, acc, 0);
        FpArith.sqr(acc, 0, acc, 0);
        FpArith.sqr(acc, 0, acc, 0);
      }
      int w = 0;
      for (int b = 3; b >= 0; b--) {
        int bit = i + b;
        w = (w << 1) | (bit < bits ? (int) ((e[1 + bit / 64] >>> (bit % 64)) & 1) : 0);
      }
      if (w != 0) {
        FpArith.mul(acc, 0, acc, 0, table, w * N);
      }
    }
    copy(r, ro, acc, 0);
  }

  /** r = 1 / a (and 0 for a = 0), by Fermat's little theorem; constant time. */
  static void inv(long[] r, int ro, long[] a, int ao) {
    pow(r, ro, a, ao, EXP_INV);
  }

  /**
   * r = 1 / a for public a (0 for a = 0), by the extended Euclidean algorithm of {@link
   * BigInteger}: faster, but its time depends on a.
   */
  static void invVartime(long[] r, int ro, long[] a, int ao) {
    BigInteger x = toBig(a, ao);
    if (x.signum() == 0) {
      copy(r, ro, ZERO, 0);
      return;
    }
    fromBig(r, ro, x.modInverse(P));
  }

  /**
   * Writes a square root of a (p = 3 mod 4: a^((p+1)/4)) and returns whether a is a square; when it
   * is not, r holds a square root of -a.
   */
  static boolean sqrt(long[] r, int ro, long[] a, int ao) {
    long[] s = new long[N];
    pow(s, 0, a, ao, EXP_SQRT);
    long[] chk = new long[N];
    FpArith.sqr(chk, 0, s, 0);
    boolean ok = eq(chk, 0, a, ao);
    copy(r, ro, s, 0);
    return ok;
  }

  /** r = a^((p-3)/4), the core of sqrt_ratio for p = 3 mod 4 (RFC 9380 F.2.1.2). */
  static void powSqrtRatio(long[] r, int ro, long[] a, int ao) {
    pow(r, ro, a, ao, EXP_SQRT_RATIO);
  }

  /** Whether a is a non-zero square or zero (Euler's criterion). */
  static boolean isSquare(long[] a, int ao) {
    long[] t = new long[N];
    pow(t, 0, a, ao, EXP_LEGENDRE);
    return eq(t, 0, ONE, 0) || isZero(a, ao);
  }

  /** Constant-time select: r = flag ? b : a (flag is 0 or -1). */
  static void select(long[] r, int ro, long[] a, int ao, long[] b, int bo, long flag) {
    for (int i = 0; i < N; i++) {
      r[ro + i] = a[ao + i] ^ ((a[ao + i] ^ b[bo + i]) & flag);
    }
  }
}
