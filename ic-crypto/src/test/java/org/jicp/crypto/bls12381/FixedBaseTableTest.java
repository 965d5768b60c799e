package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The generators' fixed-base tables against the windowed GLV/GLS multiplication of the same point
 * held by another instance (which does not use the table) and against repeated addition.
 */
class FixedBaseTableTest {
  /** Scalars whose signed 4-bit recoding exercises every digit, carries and the top window. */
  static List<Scalar> edgeScalars() {
    BigInteger r = Scalar.ORDER;
    List<BigInteger> ks = new ArrayList<>();
    for (long v = 0; v <= 40; v++) {
      ks.add(BigInteger.valueOf(v));
    }
    ks.add(r.subtract(BigInteger.ONE));
    ks.add(r.subtract(BigInteger.TWO));
    ks.add(r.shiftRight(1));
    for (String pattern : new String[] {"8", "9", "f", "7", "1", "89", "f0", "0f"}) {
      String hex = pattern.repeat(64 / pattern.length()).substring(0, 63);
      ks.add(new BigInteger(hex, 16).mod(r));
    }
    for (int bit = 0; bit < 255; bit += 17) {
      ks.add(BigInteger.ONE.shiftLeft(bit).mod(r));
      ks.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE).mod(r));
    }
    List<Scalar> out = new ArrayList<>();
    for (BigInteger k : ks) {
      out.add(Scalar.fromBigInteger(k));
    }
    return out;
  }

  @Test
  void g1GeneratorMultiply_equalsVariableBaseMultiply_onEdgeAndRandomScalars() {
    SplittableRandom rnd = Seeds.random("fixedBaseG1");
    G1Point g = G1Point.generator();
    G1Point other = G1Point.fromBytes(g.toBytes()); // the same point, not the table's instance
    assertThat(other.isGeneratorInstance()).isFalse();
    List<Scalar> ks = edgeScalars();
    for (int i = 0; i < 40; i++) {
      ks.add(CurvePropertyTest.randomScalar(rnd));
    }
    for (Scalar k : ks) {
      assertThat(g.multiply(k)).as("k = %s", k.toBigInteger()).isEqualTo(other.multiply(k));
    }
    assertThat(ks).hasSizeGreaterThan(100);
  }

  @Test
  void g2GeneratorMultiply_equalsVariableBaseMultiply_onEdgeAndRandomScalars() {
    SplittableRandom rnd = Seeds.random("fixedBaseG2");
    G2Point g = G2Point.generator();
    G2Point other = G2Point.fromBytes(g.toBytes());
    assertThat(other.isGeneratorInstance()).isFalse();
    List<Scalar> ks = edgeScalars();
    for (int i = 0; i < 20; i++) {
      ks.add(CurvePropertyTest.randomScalar(rnd));
    }
    for (Scalar k : ks) {
      assertThat(g.multiply(k)).as("k = %s", k.toBigInteger()).isEqualTo(other.multiply(k));
    }
  }

  @Test
  void multiplyGeneratorOfLong_equalsScalarMultiplication_forSignedValuesAndEveryWidth() {
    SplittableRandom rnd = Seeds.random("fixedBaseLong");
    G1Point g1 = G1Point.fromBytes(G1Point.generator().toBytes());
    G2Point g2 = G2Point.fromBytes(G2Point.generator().toBytes());
    int cases = 0;
    for (int bits = 1; bits <= 63; bits++) {
      long max = (1L << bits) - 1;
      long[] vs = {0, 1, -1, max, -max, max / 2 + 1, -(max / 2) - 1, rnd.nextLong() & max, -(rnd.nextLong() & max)};
      for (long v : vs) {
        if (Math.abs(v) > max) {
          continue;
        }
        Scalar k = Scalar.fromLong(v);
        assertThat(G1Point.multiplyGenerator(v, bits)).as("v = %d, bits = %d", v, bits).isEqualTo(g1.multiply(k));
        if (bits % 8 == 0 || bits == 63) {
          assertThat(G2Point.multiplyGenerator(v, bits)).as("v = %d, bits = %d", v, bits).isEqualTo(g2.multiply(k));
        }
        cases++;
      }
    }
    assertThat(cases).isGreaterThan(500);
    // A small multiple by repeated addition, independent of any multiplication code.
    G1Point acc = G1Point.identity();
    for (int v = 1; v <= 20; v++) {
      acc = acc.add(g1);
      assertThat(G1Point.multiplyGenerator(v, 5)).isEqualTo(acc);
      assertThat(G1Point.multiplyGenerator(-v, 5)).isEqualTo(acc.negate());
    }
  }

  @Test
  void multiplyAll_equalsOneMultiplicationPerScalar_inG1AndG2AndForTheIdentity() {
    SplittableRandom rnd = Seeds.random("multiplyAll");
    List<Scalar> ks = edgeScalars();
    G1Point p1 = G1Point.generator().multiply(CurvePropertyTest.randomScalar(rnd));
    List<G1Point> all1 = p1.multiplyAll(ks);
    assertThat(all1).hasSize(ks.size());
    for (int i = 0; i < ks.size(); i++) {
      assertThat(all1.get(i)).as("k = %s", ks.get(i).toBigInteger()).isEqualTo(p1.multiply(ks.get(i)));
    }
    G2Point p2 = G2Point.generator().multiply(CurvePropertyTest.randomScalar(rnd));
    List<Scalar> few = ks.subList(ks.size() - 12, ks.size());
    List<G2Point> all2 = p2.multiplyAll(few);
    for (int i = 0; i < few.size(); i++) {
      assertThat(all2.get(i)).isEqualTo(p2.multiply(few.get(i)));
    }
    assertThat(G1Point.identity().multiplyAll(few)).allMatch(G1Point::isIdentity).hasSize(few.size());
    assertThat(p1.multiplyAll(few.subList(0, 2))).containsExactly(p1.multiply(few.get(0)), p1.multiply(few.get(1)));
    assertThat(p1.multiplyAll(List.of())).isEmpty();
  }

  @Test
  void multiplyGeneratorOfLong_outOfRange_throwsIllegalArgument() {
    assertThatThrownBy(() -> G1Point.multiplyGenerator(1L << 16, 16)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> G1Point.multiplyGenerator(-(1L << 16), 16)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> G1Point.multiplyGenerator(Long.MIN_VALUE, 63)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> G2Point.multiplyGenerator(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> G2Point.multiplyGenerator(1, 64)).isInstanceOf(IllegalArgumentException.class);
  }
}
