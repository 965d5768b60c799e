package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Group laws, scalar multiplication, encodings, subgroup checks and endomorphisms of G1 and G2. */
class CurvePropertyTest {
  static Scalar randomScalar(SplittableRandom rnd) {
    byte[] b = new byte[40];
    rnd.nextBytes(b);
    return Scalar.fromBytesReduced(b);
  }

  @Test
  void g1_groupLawsAndScalarMultiplication_hold() {
    SplittableRandom rnd = Seeds.random("g1Laws");
    G1Point g = G1Point.generator();
    assertThat(g.toBytes()).hasSize(48);
    for (int it = 0; it < 8; it++) {
      Scalar a = randomScalar(rnd);
      Scalar b = randomScalar(rnd);
      G1Point pa = g.multiply(a);
      G1Point pb = g.multiply(b);
      assertThat(pa.add(pb)).isEqualTo(g.multiply(a.add(b)));
      assertThat(pa.add(pb)).isEqualTo(pb.add(pa));
      assertThat(pa.multiply(b)).isEqualTo(pb.multiply(a));
      assertThat(pa.multiplyVartime(b)).isEqualTo(pa.multiply(b));
      assertThat(pa.subtract(pa).isIdentity()).isTrue();
      assertThat(pa.add(G1Point.identity())).isEqualTo(pa);
      assertThat(pa.add(pa)).isEqualTo(pa.twice());
      assertThat(G1Point.fromBytes(pa.toBytes())).isEqualTo(pa);
      assertThat(G1Point.fromBytes(pa.toBytesUncompressed())).isEqualTo(pa);
      assertThat(Group.G1.isInSubgroup(pa.p, 0)).isTrue();
    }
    assertThat(g.multiply(Scalar.fromBigInteger(Scalar.ORDER.subtract(BigInteger.ONE))))
        .isEqualTo(g.negate());
    assertThat(g.multiply(Scalar.ZERO).isIdentity()).isTrue();
  }

  @Test
  void g2_groupLawsScalarMultiplicationAndPsi_hold() {
    SplittableRandom rnd = Seeds.random("g2Laws");
    G2Point g = G2Point.generator();
    for (int it = 0; it < 6; it++) {
      Scalar a = randomScalar(rnd);
      Scalar b = randomScalar(rnd);
      G2Point pa = g.multiply(a);
      G2Point pb = g.multiply(b);
      assertThat(pa.add(pb)).isEqualTo(g.multiply(a.add(b)));
      assertThat(pa.multiply(b)).isEqualTo(pb.multiply(a));
      assertThat(pa.multiplyVartime(b)).isEqualTo(pa.multiply(b));
      assertThat(G2Point.fromBytes(pa.toBytes())).isEqualTo(pa);
      assertThat(G2Point.fromBytes(pa.toBytesUncompressed())).isEqualTo(pa);
      // psi acts as multiplication by x = -|x| on G2
      Scalar x = Scalar.fromBigInteger(new BigInteger(Long.toUnsignedString(Fp12Ops.X_ABS)).negate());
      assertThat(pa.psi()).isEqualTo(pa.multiply(x));
    }
  }

  @Test
  void straightLineG1Map_equalsTextbookSswu_includingExceptionalInputs() {
    SplittableRandom rnd = Seeds.random("sswu");
    List<BigInteger> us = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, FpOps.P.subtract(BigInteger.ONE)));
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[64];
      rnd.nextBytes(b);
      us.add(new BigInteger(1, b).mod(FpOps.P));
    }
    for (BigInteger u : us) {
      long[] ua = FpOps.fromBig(u);
      long[] fast = HashToCurve.mapToG1(ua, 0);
      long[] reference = HashToCurve.mapToG1Reference(ua, 0);
      assertThat(Curve.G1.isOnCurve(fast, 0)).as("u = %s", u).isTrue();
      assertThat(Curve.G1.eq(fast, 0, reference, 0)).as("u = %s", u).isTrue();
    }
  }

  private static BigInteger big(long[] words) {
    BigInteger r = BigInteger.ZERO;
    for (int i = words.length - 1; i >= 0; i--) {
      r = r.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(words[i])));
    }
    return r;
  }

  @Test
  void endomorphismDecompositions_reconstructTheScalar_andMultiplicationsAgree() {
    SplittableRandom rnd = Seeds.random("endo");
    BigInteger x = new BigInteger(Long.toUnsignedString(Fp12Ops.X_ABS));
    List<Scalar> ks = new ArrayList<>(List.of(Scalar.ZERO, Scalar.ONE, Scalar.fromBigInteger(Scalar.ORDER.subtract(BigInteger.ONE)),
        Scalar.fromBigInteger(x.pow(2)), Scalar.fromBigInteger(x.pow(2).subtract(BigInteger.ONE)),
        Scalar.fromBigInteger(x.pow(3)), Scalar.fromBigInteger(x.subtract(BigInteger.ONE))));
    for (int i = 0; i < 40; i++) {
      ks.add(randomScalar(rnd));
    }
    G1Point g1 = G1Point.generator().multiply(randomScalar(rnd));
    G2Point g2 = G2Point.generator().multiply(randomScalar(rnd));
    for (Scalar k : ks) {
      BigInteger kb = k.toBigInteger();
      long[][] sq = Endomorphisms.decomposeG1(k.words());
      assertThat(big(sq[0])).isLessThan(x.pow(2));
      assertThat(big(sq[1]).multiply(x.pow(2)).add(big(sq[0]))).isEqualTo(kb);
      long[][] d = Endomorphisms.decomposeG2(k.words());
      BigInteger sum = BigInteger.ZERO;
      for (int i = 3; i >= 0; i--) {
        assertThat(big(d[i])).isLessThan(x);
        sum = sum.multiply(x).add(big(d[i]));
      }
      assertThat(sum).isEqualTo(kb);
      long[] ref1 = new long[Curve.G1.size];
      Curve.G1.mulConstantTime(ref1, 0, g1.p, 0, k.words());
      assertThat(Curve.G1.eq(g1.multiply(k).p, 0, ref1, 0)).as("G1 k = %s", kb).isTrue();
      long[] ref2 = new long[Curve.G2.size];
      Curve.G2.mulConstantTime(ref2, 0, g2.p, 0, k.words());
      assertThat(Curve.G2.eq(g2.multiply(k).p, 0, ref2, 0)).as("G2 k = %s", kb).isTrue();
    }
  }

  @Test
  void multiScalarMultiplication_equalsSumOfProducts() {
    SplittableRandom rnd = Seeds.random("msm");
    for (int n : new int[] {0, 1, 3, 5, 40}) {
      List<G1Point> ps = new ArrayList<>();
      List<Scalar> ks = new ArrayList<>();
      G1Point expected = G1Point.identity();
      for (int i = 0; i < n; i++) {
        G1Point p = G1Point.generator().multiply(randomScalar(rnd));
        Scalar k = randomScalar(rnd);
        ps.add(p);
        ks.add(k);
        expected = expected.add(p.multiply(k));
      }
      assertThat(G1Point.multiScalarMultiply(ps, ks)).isEqualTo(expected);
    }
    // short scalars (64-bit batch coefficients, tiny ones, zero): the windows follow the longest
    for (int n : new int[] {4, 13, 40}) {
      List<G2Point> ps = new ArrayList<>();
      List<Scalar> ks = new ArrayList<>();
      G2Point expected = G2Point.identity();
      for (int i = 0; i < n; i++) {
        G2Point p = G2Point.generator().multiply(randomScalar(rnd));
        long r = i == 0 ? 0 : i == 1 ? 1 : i % 5 == 0 ? rnd.nextInt(1 << 10) : rnd.nextLong();
        Scalar k = Scalar.fromBigInteger(new java.math.BigInteger(Long.toUnsignedString(r)));
        ps.add(p);
        ks.add(k);
        expected = expected.add(p.multiply(k));
      }
      assertThat(G2Point.multiScalarMultiply(ps, ks)).as("n = %d, short scalars", n).isEqualTo(expected);
    }
    List<G2Point> qs = List.of(G2Point.generator(), G2Point.generator().twice(), G2Point.generator());
    List<Scalar> ks = List.of(Scalar.fromLong(5), Scalar.fromLong(7), Scalar.fromLong(11));
    assertThat(G2Point.multiScalarMultiply(qs, ks)).isEqualTo(G2Point.generator().multiply(Scalar.fromLong(30)));
  }

  @Test
  void subgroupCheck_rejectsCurvePointsOutsideTheSubgroup() {
    // x = 4 gives a point of E(Fp) (4^3 + 4 is a square) that is not in G1; x = 2 is not on
    // the curve at all (12 is not a square mod p).
    byte[] enc = new byte[48];
    enc[0] = (byte) 0x80;
    enc[47] = 4;
    long[] onCurve = Group.G1.decodeOnCurve(enc);
    assertThat(Curve.G1.isOnCurve(onCurve, 0)).isTrue();
    assertThat(Group.G1.isInSubgroup(onCurve, 0)).isFalse();
    assertThatThrownBy(() -> G1Point.fromBytes(enc))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("subgroup");
    enc[47] = 2;
    assertThatThrownBy(() -> G1Point.fromBytes(enc)).hasMessageContaining("not on the curve");
    // clearing the cofactor lands in the subgroup
    long[] cleared = new long[Curve.G1.size];
    Group.G1.clearCofactor(cleared, 0, onCurve, 0);
    assertThat(Group.G1.isInSubgroup(cleared, 0)).isTrue();

    // (0, 2) has order 3: outside G1, and the Jacobian |x| multiplication meets its exceptional
    // cases (doubling and the identity) on the way.
    byte[] zero = new byte[48];
    zero[0] = (byte) 0x80;
    long[] order3 = Group.G1.decodeOnCurve(zero);
    assertThat(Group.G1.isInSubgroup(order3, 0)).isFalse();
    long[] tripled = new long[Curve.G1.size];
    Curve.G1.dbl(tripled, 0, order3, 0);
    Curve.G1.add(tripled, 0, tripled, 0, order3, 0);
    assertThat(Curve.G1.isIdentity(tripled, 0)).isTrue();
    long[] xp = new long[Curve.G1.size];
    Curve.G1.mulByXAbs(xp, 0, order3, 0);
    long[] expected = new long[Curve.G1.size];
    Curve.G1.mulVartime(expected, 0, order3, 0, new long[] {Fp12Ops.X_ABS});
    assertThat(Curve.G1.eq(xp, 0, expected, 0)).isTrue();
    assertThat(Curve.G1.isIdentity(xp, 0)).isEqualTo(Curve.G1.isIdentity(expected, 0));
    long[] cleared3 = new long[Curve.G1.size];
    Group.G1.clearCofactor(cleared3, 0, order3, 0);
    assertThat(Group.G1.isInSubgroup(cleared3, 0)).isTrue();

    // a G2 point on the twist outside G2: find the smallest x = (k, 0) with a y.
    for (int k = 0; k < 100; k++) {
      byte[] e2 = new byte[96];
      e2[0] = (byte) 0x80;
      e2[95] = (byte) k;
      long[] q;
      try {
        q = Group.G2.decodeOnCurve(e2);
      } catch (InvalidEncodingException notOnCurve) {
        continue;
      }
      assertThat(Group.G2.isInSubgroup(q, 0)).isFalse();
      assertThatThrownBy(() -> G2Point.fromBytes(e2)).hasMessageContaining("subgroup");
      long[] c2 = new long[Curve.G2.size];
      Group.G2.clearCofactor(c2, 0, q, 0);
      assertThat(Group.G2.isInSubgroup(c2, 0)).isTrue();
      return;
    }
    throw new AssertionError("no twist point found with small x");
  }
}
