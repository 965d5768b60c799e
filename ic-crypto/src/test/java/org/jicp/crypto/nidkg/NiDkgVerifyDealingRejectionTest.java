package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.nidkg.DealingVerification.Failure;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape checks of {@link NiDkg#verifyDealing} that come before the proofs, each hit by a
 * dealing or call wrong in exactly that respect, with the typed failure asserted; and the
 * dealer-index boundaries ({@code 0} and {@code dealers - 1} pass, {@code -1} and {@code
 * dealers} fail).
 */
class NiDkgVerifyDealingRejectionTest {
  static final int N = 3;
  static final int T = 2;
  static List<EncryptionPublicKey> pks;
  static NiDkgConfig cfg;
  static Dealing dealer0;
  static Dealing dealerLast;

  @BeforeAll
  static void setUp() {
    SplittableRandom rng = new SplittableRandom(41);
    pks = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(N));
    cfg = NiDkgConfig.fresh(N, T, NiDkgFixtures.EPOCH);
    dealer0 = NiDkg.createDealing(cfg, 0, pks, rng);
    dealerLast = NiDkg.createDealing(cfg, N - 1, pks, rng);
  }

  @Test
  void verifyDealing_firstAndLastDealerIndex_valid() {
    assertThat(NiDkg.verifyDealing(cfg, 0, pks, dealer0).isValid()).isTrue();
    assertThat(NiDkg.verifyDealing(cfg, N - 1, pks, dealerLast).isValid()).isTrue();
  }

  @Test
  void verifyDealing_dealerIndexOutOfRange_typedFailure() {
    DealingVerification below = NiDkg.verifyDealing(cfg, -1, pks, dealer0);
    assertThat(below.failure()).isEqualTo(Failure.DEALER_INDEX_OUT_OF_RANGE);
    assertThat(below.dealerIndex()).isEqualTo(-1);
    assertThat(NiDkg.verifyDealing(cfg, N, pks, dealerLast).failure()).isEqualTo(Failure.DEALER_INDEX_OUT_OF_RANGE);
  }

  @Test
  void verifyDealing_dealingOfAnotherDealer_failsIntegrity() {
    assertThat(NiDkg.verifyDealing(cfg, 1, pks, dealer0).isValid()).isFalse();
  }

  @Test
  void verifyDealing_keysNotMatchingTheConfiguration_throws() {
    assertThatThrownBy(() -> NiDkg.verifyDealing(cfg, 0, pks.subList(0, N - 1), dealer0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifyDealing_dealingForMoreReceivers_typedFailure() {
    List<EncryptionPublicKey> four = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(N + 1));
    NiDkgConfig cfg4 = NiDkgConfig.fresh(N + 1, T, NiDkgFixtures.EPOCH);
    Dealing d4 = NiDkg.createDealing(cfg4, 0, four, new SplittableRandom(42));
    DealingVerification v = NiDkg.verifyDealing(cfg, 0, pks, d4);
    assertThat(v.failure()).isEqualTo(Failure.WRONG_NUMBER_OF_RECEIVERS);
    assertThat(v.dealerIndex()).isZero();
  }

  @Test
  void verifyDealing_otherThreshold_typedFailure() {
    NiDkgConfig cfg3 = NiDkgConfig.fresh(N, T + 1, NiDkgFixtures.EPOCH);
    Dealing d = NiDkg.createDealing(cfg3, 0, pks, new SplittableRandom(43));
    assertThat(NiDkg.verifyDealing(cfg3, 0, pks, d).isValid()).isTrue();
    assertThat(NiDkg.verifyDealing(cfg, 0, pks, d).failure()).isEqualTo(Failure.THRESHOLD_MISMATCH);
  }

  @Test
  void verifyDealing_resharingOfAnotherDealersShare_typedFailure() {
    KeyShares old = ThresholdSignatures.generate(T, N, new SplittableRandom(44));
    NiDkgConfig re = NiDkgConfig.resharing(old.publicCoefficients(), N, N, T, NiDkgFixtures.EPOCH);
    SplittableRandom rng = new SplittableRandom(45);
    Dealing d1 = NiDkg.createResharingDealing(re, old.shares().get(1), pks, rng);
    assertThat(NiDkg.verifyDealing(re, 1, pks, d1).isValid()).isTrue();
    Dealing fresh = NiDkg.createDealing(cfg, 1, pks, rng);
    assertThat(NiDkg.verifyDealing(re, 1, pks, fresh).failure()).isEqualTo(Failure.RESHARING_KEY_MISMATCH);
  }
}
