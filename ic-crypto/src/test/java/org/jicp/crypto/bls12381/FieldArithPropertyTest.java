package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The generated Montgomery arithmetic and the tower fields against {@link BigInteger}, on random
 * and edge-case inputs, including unreduced representations in [p, 2p).
 */
class FieldArithPropertyTest {
  private static final BigInteger P = FpOps.P;
  private static final BigInteger R_FR = Scalar.ORDER;
  private static final BigInteger M56 = BigInteger.ONE.shiftLeft(56).subtract(BigInteger.ONE);

  private static void put(long[] a, int o, BigInteger x, int n) {
    for (int i = 0; i < n; i++) {
      a[o + i] = x.shiftRight(56 * i).and(M56).longValue();
    }
  }

  private static BigInteger get(long[] a, int o, int n) {
    BigInteger r = BigInteger.ZERO;
    for (int i = n - 1; i >= 0; i--) {
      r = r.shiftLeft(56).add(BigInteger.valueOf(a[o + i]));
    }
    return r;
  }

  private static boolean weaklyReduced(long[] a, int o, int n, BigInteger m) {
    for (int i = 0; i < n; i++) {
      if (a[o + i] < 0 || a[o + i] > M56.longValue()) {
        return false;
      }
    }
    return get(a, o, n).compareTo(m.shiftLeft(1)) < 0;
  }

  private static BigInteger randomBelow(SplittableRandom rnd, BigInteger bound) {
    byte[] b = new byte[bound.bitLength() / 8 + 8];
    rnd.nextBytes(b);
    BigInteger x = new BigInteger(1, b).mod(bound);
    int edge = rnd.nextInt(16);
    if (edge == 0) {
      return BigInteger.ZERO;
    }
    if (edge == 1) {
      return bound.subtract(BigInteger.ONE);
    }
    return x;
  }

  @Test
  void fpArith_matchesBigInteger_onWeaklyReducedInputs() {
    SplittableRandom rnd = Seeds.random("fpArith");
    BigInteger rinv = BigInteger.ONE.shiftLeft(56 * 7).modInverse(P);
    long[] a = new long[14];
    long[] b = new long[14];
    long[] r = new long[14];
    for (int it = 0; it < 20_000; it++) {
      BigInteger x = randomBelow(rnd, P.shiftLeft(1));
      BigInteger y = randomBelow(rnd, P.shiftLeft(1));
      BigInteger x1 = randomBelow(rnd, P.shiftLeft(1));
      BigInteger y1 = randomBelow(rnd, P.shiftLeft(1));
      put(a, 0, x, 7);
      put(b, 0, y, 7);
      put(a, 7, x1, 7);
      put(b, 7, y1, 7);
      FpArith.mul(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.multiply(y).multiply(rinv).mod(P));
      FpArith.sqr(r, 0, a, 0);
      assertThat(weaklyReduced(r, 0, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.multiply(x).multiply(rinv).mod(P));
      FpArith.add(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.add(y).mod(P));
      FpArith.sub(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.subtract(y).mod(P));
      FpArith.neg(r, 0, a, 0);
      assertThat(weaklyReduced(r, 0, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.negate().mod(P));
      FpArith.canonical(r, 0, a, 0);
      assertThat(get(r, 0, 7)).isEqualTo(x.mod(P));
      FpArith.fp2Mul(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P))
          .isEqualTo(x.multiply(y).subtract(x1.multiply(y1)).multiply(rinv).mod(P));
      assertThat(get(r, 7, 7).mod(P))
          .isEqualTo(x.multiply(y1).add(x1.multiply(y)).multiply(rinv).mod(P));
      FpArith.fp2Sqr(r, 0, a, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.multiply(x).subtract(x1.multiply(x1)).multiply(rinv).mod(P));
      assertThat(get(r, 7, 7).mod(P)).isEqualTo(x.multiply(x1).shiftLeft(1).multiply(rinv).mod(P));
      FpArith.fp2Add(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.add(y).mod(P));
      assertThat(get(r, 7, 7).mod(P)).isEqualTo(x1.add(y1).mod(P));
      FpArith.fp2Sub(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.subtract(y).mod(P));
      assertThat(get(r, 7, 7).mod(P)).isEqualTo(x1.subtract(y1).mod(P));
      FpArith.fp2Neg(r, 0, a, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.negate().mod(P));
      FpArith.fp2Dbl(r, 0, a, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 7, 7).mod(P)).isEqualTo(x1.shiftLeft(1).mod(P));
      FpArith.fp2MulByXi(r, 0, a, 0);
      assertThat(weaklyReduced(r, 0, 7, P) && weaklyReduced(r, 7, 7, P)).isTrue();
      assertThat(get(r, 0, 7).mod(P)).isEqualTo(x.subtract(x1).mod(P));
      assertThat(get(r, 7, 7).mod(P)).isEqualTo(x.add(x1).mod(P));
    }
  }

  @Test
  void frArith_matchesBigInteger_onWeaklyReducedInputs() {
    SplittableRandom rnd = Seeds.random("frArith");
    BigInteger rinv = BigInteger.ONE.shiftLeft(56 * 5).modInverse(R_FR);
    long[] a = new long[5];
    long[] b = new long[5];
    long[] r = new long[5];
    for (int it = 0; it < 20_000; it++) {
      BigInteger x = randomBelow(rnd, R_FR.shiftLeft(1));
      BigInteger y = randomBelow(rnd, R_FR.shiftLeft(1));
      put(a, 0, x, 5);
      put(b, 0, y, 5);
      FrArith.mul(r, 0, a, 0, b, 0);
      assertThat(weaklyReduced(r, 0, 5, R_FR)).isTrue();
      assertThat(get(r, 0, 5).mod(R_FR)).isEqualTo(x.multiply(y).multiply(rinv).mod(R_FR));
      FrArith.sqr(r, 0, a, 0);
      assertThat(get(r, 0, 5).mod(R_FR)).isEqualTo(x.multiply(x).multiply(rinv).mod(R_FR));
      FrArith.add(r, 0, a, 0, b, 0);
      assertThat(get(r, 0, 5).mod(R_FR)).isEqualTo(x.add(y).mod(R_FR));
      FrArith.sub(r, 0, a, 0, b, 0);
      assertThat(get(r, 0, 5).mod(R_FR)).isEqualTo(x.subtract(y).mod(R_FR));
    }
  }

  /** The constant-time reduction of secret bytes agrees with BigInteger.mod for every length. */
  @Test
  void scalarFromBytesReduced_anyLength_matchesBigIntegerMod() {
    SplittableRandom r = Seeds.random("scalarFromBytesReduced_anyLength_matchesBigIntegerMod");
    int cases = 0;
    for (int len = 0; len <= 130; len++) {
      for (int i = 0; i < 40; i++) {
        byte[] b = new byte[len];
        r.nextBytes(b);
        if (i == 0) {
          java.util.Arrays.fill(b, (byte) 0xff); // the largest value of this length
        } else if (i == 1 && len >= 32) {
          byte[] rb = R_FR.toByteArray(); // r itself, r - 1 and r + 1, right-aligned
          java.util.Arrays.fill(b, (byte) 0);
          System.arraycopy(rb, rb.length - 32, b, len - 32, 32);
        }
        BigInteger expected = new BigInteger(1, b).mod(R_FR);
        assertThat(Scalar.fromBytesReduced(b).toBigInteger()).as("length %d", len).isEqualTo(expected);
        cases++;
      }
    }
    assertThat(cases).isEqualTo(131 * 40);
  }

  @Test
  void fpOps_bytesInversionSqrtHalve_roundTrip() {
    SplittableRandom rnd = Seeds.random("fpOps");
    for (int it = 0; it < 300; it++) {
      BigInteger x = randomBelow(rnd, P);
      long[] a = FpOps.fromBig(x);
      assertThat(FpOps.toBig(a, 0)).isEqualTo(x);
      byte[] enc = new byte[48];
      FpOps.toBytes(enc, 0, a, 0);
      assertThat(new BigInteger(1, enc)).isEqualTo(x);
      long[] back = new long[7];
      assertThat(FpOps.fromBytes(back, 0, enc, 0)).isTrue();
      assertThat(FpOps.eq(back, 0, a, 0)).isTrue();
      long[] inv = new long[7];
      FpOps.inv(inv, 0, a, 0);
      assertThat(FpOps.toBig(inv, 0)).isEqualTo(x.signum() == 0 ? BigInteger.ZERO : x.modInverse(P));
      long[] half = new long[7];
      FpOps.halve(half, 0, a, 0);
      assertThat(FpOps.toBig(half, 0).shiftLeft(1).mod(P)).isEqualTo(x);
      long[] s = new long[7];
      boolean isSq = FpOps.sqrt(s, 0, a, 0);
      BigInteger legendre = x.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P);
      assertThat(isSq).isEqualTo(x.signum() == 0 || legendre.equals(BigInteger.ONE));
      if (isSq) {
        assertThat(FpOps.toBig(s, 0).pow(2).mod(P)).isEqualTo(x);
      }
      assertThat(FpOps.sgn0(a, 0)).isEqualTo(x.testBit(0) ? 1 : 0);
    }
    byte[] pBytes = new byte[48];
    byte[] praw = P.toByteArray();
    System.arraycopy(praw, praw.length - 48, pBytes, 0, 48);
    assertThat(FpOps.fromBytes(new long[7], 0, pBytes, 0)).isFalse();
  }

  @Test
  void fp2_fieldAxiomsInverseAndSqrt_hold() {
    SplittableRandom rnd = Seeds.random("fp2");
    for (int it = 0; it < 200; it++) {
      long[] a = Fp2Ops.of(randomBelow(rnd, P), randomBelow(rnd, P));
      long[] b = Fp2Ops.of(randomBelow(rnd, P), randomBelow(rnd, P));
      long[] ab = new long[14];
      long[] ba = new long[14];
      Fp2Ops.mul(ab, 0, a, 0, b, 0);
      Fp2Ops.mul(ba, 0, b, 0, a, 0);
      assertThat(Fp2Ops.eq(ab, 0, ba, 0)).isTrue();
      long[] sq = new long[14];
      long[] aa = new long[14];
      Fp2Ops.sqr(sq, 0, a, 0);
      Fp2Ops.mul(aa, 0, a, 0, a, 0);
      assertThat(Fp2Ops.eq(sq, 0, aa, 0)).isTrue();
      if (!Fp2Ops.isZero(a, 0)) {
        long[] inv = new long[14];
        Fp2Ops.inv(inv, 0, a, 0);
        Fp2Ops.mul(inv, 0, inv, 0, a, 0);
        assertThat(Fp2Ops.eq(inv, 0, Fp2Ops.ONE, 0)).isTrue();
      }
      // sqrt of a square, and non-squares are reported
      long[] root = new long[14];
      assertThat(Fp2Ops.sqrt(root, 0, sq, 0)).isTrue();
      long[] chk = new long[14];
      Fp2Ops.sqr(chk, 0, root, 0);
      assertThat(Fp2Ops.eq(chk, 0, sq, 0)).isTrue();
      assertThat(Fp2Ops.sqrt(root, 0, a, 0)).isEqualTo(Fp2Ops.isSquare(a, 0));
      // Frobenius is conjugation: a^p = conj(a)
      long[] ap = new long[14];
      Fp2Ops.pow(ap, 0, a, 0, FpOps.exponentBits(P));
      long[] c = new long[14];
      Fp2Ops.conj(c, 0, a, 0);
      assertThat(Fp2Ops.eq(ap, 0, c, 0)).isTrue();
    }
  }

  static long[] randomFp12(SplittableRandom rnd) {
    long[] r = new long[Fp12Ops.N];
    for (int i = 0; i < 12; i++) {
      FpOps.fromBig(r, i * 7, randomBelow(rnd, P));
    }
    return r;
  }

  @Test
  void fp12_axiomsInverseFrobeniusAndCyclotomicSquare_hold() {
    SplittableRandom rnd = Seeds.random("fp12");
    for (int it = 0; it < 12; it++) {
      long[] a = randomFp12(rnd);
      long[] b = randomFp12(rnd);
      long[] c = randomFp12(rnd);
      long[] t1 = new long[Fp12Ops.N];
      long[] t2 = new long[Fp12Ops.N];
      // (ab)c = a(bc)
      Fp12Ops.mul(t1, 0, a, 0, b, 0);
      Fp12Ops.mul(t1, 0, t1, 0, c, 0);
      Fp12Ops.mul(t2, 0, b, 0, c, 0);
      Fp12Ops.mul(t2, 0, a, 0, t2, 0);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
      // a^2 = a a
      Fp12Ops.sqr(t1, 0, a, 0);
      Fp12Ops.mul(t2, 0, a, 0, a, 0);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
      // a / a = 1
      Fp12Ops.inv(t1, 0, a, 0, it % 2 == 0);
      Fp12Ops.mul(t1, 0, t1, 0, a, 0);
      assertThat(Fp12Ops.isOne(t1, 0)).isTrue();
      // frobenius^1 three times equals frobenius^3; frobenius^2 equals twice frobenius^1
      Fp12Ops.frobenius(t1, 0, a, 0, 1);
      Fp12Ops.frobenius(t1, 0, t1, 0, 1);
      Fp12Ops.frobenius(t2, 0, a, 0, 2);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
      Fp12Ops.frobenius(t1, 0, t1, 0, 1);
      Fp12Ops.frobenius(t2, 0, a, 0, 3);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
      // frobenius is multiplicative
      Fp12Ops.mul(t1, 0, a, 0, b, 0);
      Fp12Ops.frobenius(t1, 0, t1, 0, 1);
      long[] fa = new long[Fp12Ops.N];
      long[] fb = new long[Fp12Ops.N];
      Fp12Ops.frobenius(fa, 0, a, 0, 1);
      Fp12Ops.frobenius(fb, 0, b, 0, 1);
      Fp12Ops.mul(t2, 0, fa, 0, fb, 0);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
      // sparse multiplication agrees with the dense one
      long[] line = new long[3 * 14];
      for (int i = 0; i < 6; i++) {
        FpOps.fromBig(line, i * 7, randomBelow(rnd, P));
      }
      long[] dense = new long[Fp12Ops.N];
      Fp2Ops.copy(dense, 0, line, 0);
      Fp2Ops.copy(dense, 14, line, 14);
      Fp2Ops.copy(dense, 4 * 14, line, 28);
      Fp12Ops.mul(t1, 0, a, 0, dense, 0);
      Fp12Ops.mulBy014(t2, 0, a, 0, line, 0, 14, 28);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
      // in the cyclotomic subgroup (after the easy part) the cyclotomic square is the square
      long[] m = new long[Fp12Ops.N];
      Fp12Ops.inv(t1, 0, a, 0, true);
      Fp12Ops.conj(m, 0, a, 0);
      Fp12Ops.mul(m, 0, m, 0, t1, 0);
      Fp12Ops.frobenius(t1, 0, m, 0, 2);
      Fp12Ops.mul(m, 0, m, 0, t1, 0);
      Fp12Ops.cyclotomicSqr(t1, 0, m, 0);
      Fp12Ops.sqr(t2, 0, m, 0);
      assertThat(Fp12Ops.eq(t1, 0, t2, 0)).isTrue();
    }
  }

  /**
   * The lazy-reduction bounds: every tower operation on inputs whose limbs hold the largest weakly
   * reduced representatives (value + p, up to 2p - 1) must give the same field element as on the
   * canonical ones.
   */
  @Test
  void towerOps_onLargestWeaklyReducedRepresentatives_matchCanonicalInputs() {
    SplittableRandom rnd = Seeds.random("bounds");
    for (int it = 0; it < 20; it++) {
      long[] a = new long[Fp12Ops.N];
      long[] aBig = new long[Fp12Ops.N];
      long[] b = new long[Fp12Ops.N];
      long[] bBig = new long[Fp12Ops.N];
      for (int i = 0; i < 12; i++) {
        BigInteger x = it == 0 ? P.subtract(BigInteger.ONE) : randomBelow(rnd, P);
        BigInteger y = it == 0 ? P.subtract(BigInteger.ONE) : randomBelow(rnd, P);
        // Montgomery forms m(x) in [0, p); the same element is also represented by m(x) + p.
        FpOps.fromBig(a, i * 7, x);
        FpOps.fromBig(b, i * 7, y);
        put(aBig, i * 7, get(a, i * 7, 7).add(P), 7);
        put(bBig, i * 7, get(b, i * 7, 7).add(P), 7);
      }
      long[] r1 = new long[Fp12Ops.N];
      long[] r2 = new long[Fp12Ops.N];
      Fp12Ops.mul(r1, 0, a, 0, b, 0);
      Fp12Ops.mul(r2, 0, aBig, 0, bBig, 0);
      assertThat(Fp12Ops.eq(r1, 0, r2, 0)).isTrue();
      Fp12Ops.sqr(r1, 0, a, 0);
      Fp12Ops.sqr(r2, 0, aBig, 0);
      assertThat(Fp12Ops.eq(r1, 0, r2, 0)).isTrue();
      Fp12Ops.mulBy014(r1, 0, a, 0, b, 0, 14, 28);
      Fp12Ops.mulBy014(r2, 0, aBig, 0, bBig, 0, 14, 28);
      assertThat(Fp12Ops.eq(r1, 0, r2, 0)).isTrue();
      Fp12Ops.cyclotomicSqr(r1, 0, a, 0);
      Fp12Ops.cyclotomicSqr(r2, 0, aBig, 0);
      assertThat(Fp12Ops.eq(r1, 0, r2, 0)).isTrue();
      Fp6Ops.sqr(r1, 0, a, 0);
      Fp6Ops.sqr(r2, 0, aBig, 0);
      assertThat(Fp6Ops.eq(r1, 0, r2, 0)).isTrue();
      for (long[] r : new long[][] {r1, r2}) {
        for (int i = 0; i < 12; i++) {
          assertThat(weaklyReduced(r, i * 7, 7, P)).isTrue();
        }
      }
    }
  }

  @Test
  void finalExponentiationExponent_isThreeTimesTheHardPart() {
    // The identity behind Fp12Ops.finalExponentiation: 3 (p^4 - p^2 + 1) / r =
    // (x - 1)^2 (x + p)(x^2 + p^2 - 1) + 3 for x = -0xd201000000010000.
    BigInteger x = new BigInteger(Long.toUnsignedString(Fp12Ops.X_ABS)).negate();
    BigInteger p = P;
    BigInteger hard = p.pow(4).subtract(p.pow(2)).add(BigInteger.ONE);
    assertThat(hard.mod(R_FR)).isEqualTo(BigInteger.ZERO);
    BigInteger lhs = hard.divide(R_FR).multiply(BigInteger.valueOf(3));
    BigInteger xm1 = x.subtract(BigInteger.ONE);
    BigInteger rhs =
        xm1.pow(2)
            .multiply(x.add(p))
            .multiply(x.pow(2).add(p.pow(2)).subtract(BigInteger.ONE))
            .add(BigInteger.valueOf(3));
    assertThat(rhs).isEqualTo(lhs);
  }
}
