package org.jicp.crypto.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.junit.jupiter.api.Test;

class ThresholdSignaturesTest {
  private static final byte[] MSG = "threshold".getBytes(StandardCharsets.UTF_8);
  private static final KeyShares KEYS = ThresholdSignatures.generate(3, 7, new SplittableRandom(1));

  private static List<SignatureShare> shares(int... indices) {
    List<SignatureShare> r = new ArrayList<>();
    for (int i : indices) {
      r.add(ThresholdSignatures.sign(KEYS.shares().get(i), MSG));
    }
    return r;
  }

  @Test
  void thresholds_followTheIcFormula() {
    assertThat(Thresholds.faultsTolerated(1)).isZero();
    assertThat(Thresholds.faultsTolerated(4)).isEqualTo(1);
    assertThat(Thresholds.faultsTolerated(13)).isEqualTo(4);
    assertThat(Thresholds.faultsTolerated(40)).isEqualTo(13);
    assertThat(Thresholds.low(13)).isEqualTo(5);
    assertThat(Thresholds.high(13)).isEqualTo(9);
    assertThat(Thresholds.high(40)).isEqualTo(27);
    assertThatThrownBy(() -> Thresholds.faultsTolerated(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void combine_thresholdShares_verifiesAsPlainIcSignatureUnderGroupKey() {
    Signature sig = ThresholdSignatures.combine(3, 7, shares(0, 3, 6));
    assertThat(BlsScheme.IC.verify(KEYS.publicCoefficients().groupPublicKey(), MSG, sig)).isTrue();
    assertThat(BlsScheme.IC.verify(KEYS.publicCoefficients().groupPublicKey(), "other".getBytes(), sig)).isFalse();
  }

  @Test
  void combine_groupSecret_equalsInterpolatedShares() {
    // p(0) from any t shares is the secret behind A_0
    Scalar secret = Scalar.ZERO;
    List<Scalar> l = Lagrange.coefficientsAtZero(List.of(1, 4, 5));
    int[] idx = {1, 4, 5};
    for (int k = 0; k < 3; k++) {
      secret = secret.add(l.get(k).multiply(KEYS.shares().get(idx[k]).value()));
    }
    assertThat(G2Point.generator().multiply(secret)).isEqualTo(KEYS.publicCoefficients().groupKeyPoint());
  }

  @Test
  void individualPublicKey_matchesShareTimesGenerator() {
    for (SecretKeyShare s : KEYS.shares()) {
      assertThat(KEYS.publicCoefficients().individualPublicKey(s.index())).isEqualTo(s.publicKey());
    }
  }

  @Test
  void combine_fewerThanThreshold_throwsNamingCounts() {
    assertThatThrownBy(() -> ThresholdSignatures.combine(3, 7, shares(0, 1)))
        .isInstanceOfSatisfying(
            InsufficientSharesException.class,
            e -> {
              assertThat(e.available()).isEqualTo(2);
              assertThat(e.required()).isEqualTo(3);
            });
  }

  @Test
  void combine_duplicateIndex_throwsNamingIndex() {
    List<SignatureShare> s = shares(0, 1, 2);
    s.add(s.get(1));
    assertThatThrownBy(() -> ThresholdSignatures.combine(3, 7, s))
        .isInstanceOfSatisfying(DuplicateIndexException.class, e -> assertThat(e.index()).isEqualTo(1));
  }

  @Test
  void combine_indexOutOfRange_throwsNamingIndex() {
    List<SignatureShare> s = shares(0, 1, 2);
    s.add(new SignatureShare(7, s.get(0).signature()));
    assertThatThrownBy(() -> ThresholdSignatures.combine(3, 7, s))
        .isInstanceOfSatisfying(
            IndexOutOfRangeException.class,
            e -> {
              assertThat(e.index()).isEqualTo(7);
              assertThat(e.bound()).isEqualTo(7);
            });
  }

  @Test
  void combineVerified_badShare_isNamedAndOthersCombine() {
    List<SignatureShare> s = shares(0, 2, 4, 5);
    // node 2 sends node 4's signature as its own: a valid point, the wrong key
    s.set(1, new SignatureShare(2, s.get(2).signature()));
    CombineResult r = ThresholdSignatures.combineVerified(KEYS.publicCoefficients(), 7, MSG, s);
    assertThat(r.invalidIndices()).containsExactly(2);
    assertThat(r.usedIndices()).containsExactly(0, 4, 5);
    assertThat(r.signature()).isEqualTo(ThresholdSignatures.combine(3, 7, shares(1, 3, 6)));
  }

  @Test
  void combineVerified_tooManyBadShares_throwsNamingThem() {
    List<SignatureShare> s = shares(0, 2, 4);
    s.set(0, new SignatureShare(0, s.get(1).signature()));
    assertThatThrownBy(() -> ThresholdSignatures.combineVerified(KEYS.publicCoefficients(), 7, MSG, s))
        .isInstanceOfSatisfying(
            InsufficientSharesException.class, e -> assertThat(e.invalidIndices()).containsExactly(0));
  }

  @Test
  void requireThreshold_wrongLength_throwsMismatch() {
    assertThatThrownBy(() -> KEYS.publicCoefficients().requireThreshold("dealing 3", 4))
        .isInstanceOfSatisfying(
            ThresholdMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(4);
              assertThat(e.actual()).isEqualTo(3);
              assertThat(e.getMessage()).contains("dealing 3");
            });
  }

  @Test
  void generate_badThreshold_isRejected() {
    assertThatThrownBy(() -> ThresholdSignatures.generate(0, 3, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThresholdSignatures.generate(4, 3, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretKeyShare_neverPrintsItsValue() {
    SecretKeyShare s = KEYS.shares().get(2);
    assertThat(s.toString()).isEqualTo("SecretKeyShare(index=2, ***)").doesNotContain(s.value().toString());
    assertThat(s.constantTimeEquals(new SecretKeyShare(2, s.value()))).isTrue();
    assertThat(s.constantTimeEquals(KEYS.shares().get(3))).isFalse();
    SecretKeyShare copy = new SecretKeyShare(2, s.value());
    copy.destroy();
    assertThat(copy.isDestroyed()).isTrue();
    assertThatThrownBy(copy::value).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void lagrange_duplicateOrNegative_isRejected() {
    assertThatThrownBy(() -> Lagrange.coefficientsAtZero(List.of(1, 1))).isInstanceOf(DuplicateIndexException.class);
    assertThatThrownBy(() -> Lagrange.coefficientsAtZero(List.of(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
