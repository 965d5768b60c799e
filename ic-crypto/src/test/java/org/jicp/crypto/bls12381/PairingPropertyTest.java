package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Bilinearity and non-degeneracy of the pairing, and agreement of its several entry points. */
class PairingPropertyTest {
  @Test
  void pairing_isBilinearAndNonDegenerate() {
    SplittableRandom rnd = Seeds.random("bilinear");
    G1Point p = G1Point.generator();
    G2Point q = G2Point.generator();
    Gt e = Pairing.pairing(p, q);
    assertThat(e.isOne()).isFalse();
    assertThat(e.pow(Scalar.fromBigInteger(Scalar.ORDER.subtract(java.math.BigInteger.ONE))))
        .isEqualTo(e.invert());
    for (int it = 0; it < 3; it++) {
      Scalar a = CurvePropertyTest.randomScalar(rnd);
      Scalar b = CurvePropertyTest.randomScalar(rnd);
      Gt lhs = Pairing.pairing(p.multiply(a), q.multiply(b));
      assertThat(lhs).isEqualTo(e.pow(a.multiply(b)));
      assertThat(Pairing.pairing(p.multiply(a.multiply(b)), q)).isEqualTo(lhs);
      assertThat(Pairing.pairing(p, q.multiply(a.multiply(b)))).isEqualTo(lhs);
    }
  }

  @Test
  void pairingCheck_preparedAndUnprepared_agree() {
    SplittableRandom rnd = Seeds.random("check");
    Scalar a = CurvePropertyTest.randomScalar(rnd);
    G1Point p = G1Point.generator().multiply(a);
    G2Point q = G2Point.generator();
    // e(aP, Q) e(-P, aQ) = 1
    List<G1Point> ps = List.of(p, G1Point.generator().negate());
    List<G2Point> qs = List.of(q, q.multiply(a));
    assertThat(Pairing.pairingCheck(ps, qs)).isTrue();
    assertThat(Pairing.pairingCheckPrepared(ps, List.of(G2Prepared.of(qs.get(0)), G2Prepared.of(qs.get(1)))))
        .isTrue();
    assertThat(Pairing.pairingCheck(List.of(p, G1Point.generator()), qs)).isFalse();
    assertThat(Pairing.multiPairing(ps, qs).isOne()).isTrue();
    // identities contribute one
    assertThat(Pairing.pairing(G1Point.identity(), q).isOne()).isTrue();
    assertThat(Pairing.pairing(p, G2Point.identity()).isOne()).isTrue();
  }
}
