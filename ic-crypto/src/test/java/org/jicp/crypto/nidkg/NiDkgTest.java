package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.crypto.threshold.Thresholds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Complete DKGs and resharings: every receiver gets a share of one key; any t shares sign. */
class NiDkgTest {
  private static final byte[] MSG = "ni-dkg".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** A DKG's outcome: transcript and every receiver's share. */
  record Outcome(Transcript transcript, List<SecretKeyShare> shares) {}

  static Outcome runFresh(int n, int t, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<EncryptionKeyPair> kps = NiDkgFixtures.keyPairs(n);
    List<EncryptionPublicKey> pks = NiDkgFixtures.publicKeys(kps);
    NiDkgConfig cfg = NiDkgConfig.fresh(n, t, NiDkgFixtures.EPOCH);
    // one dealer more than needed, the highest indices: the transcript takes the lowest ones
    List<Integer> dealers = new ArrayList<>();
    for (int d = n - 1; dealers.size() < Math.min(n, cfg.collectionThreshold() + 1); d--) {
      dealers.add(d);
    }
    Map<Integer, Dealing> dealings = NiDkgFixtures.deal(cfg, pks, dealers, rng);
    for (var e : dealings.entrySet()) {
      assertThat(NiDkg.verifyDealing(cfg, e.getKey(), pks, e.getValue()).isValid()).as("dealer %d", e.getKey()).isTrue();
    }
    Transcript tr = NiDkg.createTranscript(cfg, dealings);
    assertThat(tr.receiverData()).hasSize(cfg.collectionThreshold());
    assertThat(tr.threshold()).isEqualTo(t);
    List<SecretKeyShare> shares = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shares.add(NiDkg.computeThresholdKey(tr, i, kps.get(i).secretKey(), NiDkgFixtures.EPOCH));
    }
    return new Outcome(tr, shares);
  }

  /** Every receiver's share matches the transcript, and every t-subset signs the same signature. */
  static void assertConsistent(PublicCoefficients pc, List<SecretKeyShare> shares, int n, int t) {
    List<SignatureShare> sigs = new ArrayList<>();
    for (SecretKeyShare s : shares) {
      assertThat(pc.individualPublicKey(s.index())).as("share %d", s.index()).isEqualTo(s.publicKey());
      sigs.add(ThresholdSignatures.sign(s, MSG));
    }
    PublicKey group = pc.groupPublicKey();
    Signature expected = ThresholdSignatures.combine(t, n, sigs.subList(0, t));
    assertThat(BlsScheme.IC.verify(group, MSG, expected)).isTrue();
    int subsets = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) != t) {
        continue;
      }
      List<SignatureShare> subset = new ArrayList<>(t);
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          subset.add(sigs.get(i));
        }
      }
      assertThat(ThresholdSignatures.combine(t, n, subset)).as("subset %s", Integer.toBinaryString(mask)).isEqualTo(expected);
      subsets++;
    }
    assertThat(subsets).isPositive();
  }

  @ParameterizedTest(name = "n={0}, t={1}")
  @CsvSource({"4, 2", "7, 3", "13, 5"})
  void freshDkg_allReceiversAgree_everyThresholdSubsetSignsTheSame(int n, int t) {
    assertThat(Thresholds.low(n)).isEqualTo(t);
    Outcome o = runFresh(n, t, 1000 + n);
    assertConsistent(o.transcript().publicCoefficients(), o.shares(), n, t);
  }

  @Test
  void resharing_7to13_and13to4_keepsTheGroupKey() {
    SplittableRandom rng = new SplittableRandom(77);
    Outcome first = runFresh(7, 3, 7);
    PublicCoefficients pc7 = first.transcript().publicCoefficients();
    PublicKey groupKey = pc7.groupPublicKey();

    // 7 -> 13, threshold 3 -> 5
    Outcome second = reshare(pc7, first.shares(), 13, 5, rng);
    assertThat(second.transcript().publicCoefficients().groupPublicKey()).isEqualTo(groupKey);
    assertConsistent(second.transcript().publicCoefficients(), second.shares(), 13, 5);

    // 13 -> 4, threshold 5 -> 2
    Outcome third = reshare(second.transcript().publicCoefficients(), second.shares(), 4, 2, rng);
    assertThat(third.transcript().publicCoefficients().groupPublicKey()).isEqualTo(groupKey);
    assertConsistent(third.transcript().publicCoefficients(), third.shares(), 4, 2);
  }

  static Outcome reshare(PublicCoefficients old, List<SecretKeyShare> oldShares, int newN, int newT, SplittableRandom rng) {
    List<EncryptionKeyPair> kps = NiDkgFixtures.keyPairs(newN);
    List<EncryptionPublicKey> pks = NiDkgFixtures.publicKeys(kps);
    NiDkgConfig cfg = NiDkgConfig.resharing(old, oldShares.size(), newN, newT, NiDkgFixtures.EPOCH);
    assertThat(cfg.collectionThreshold()).isEqualTo(old.threshold());
    // the old members with the highest indices deal
    Map<Integer, Dealing> dealings = new TreeMap<>();
    for (int k = oldShares.size() - 1; dealings.size() < old.threshold(); k--) {
      Dealing d = NiDkg.createResharingDealing(cfg, oldShares.get(k), pks, rng);
      assertThat(d.publicCoefficients().groupPublicKey()).isEqualTo(old.individualPublicKey(k));
      assertThat(NiDkg.verifyDealing(cfg, k, pks, d).isValid()).isTrue();
      dealings.put(k, d);
    }
    Transcript tr = NiDkg.createTranscript(cfg, dealings);
    List<SecretKeyShare> shares = new ArrayList<>();
    for (int i = 0; i < newN; i++) {
      shares.add(NiDkg.computeThresholdKey(tr, i, kps.get(i).secretKey(), NiDkgFixtures.EPOCH));
    }
    return new Outcome(tr, shares);
  }

  @Test
  void createTranscript_tooFewDealings_throwsNamingCounts() {
    SplittableRandom rng = new SplittableRandom(3);
    List<EncryptionPublicKey> pks = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(4));
    NiDkgConfig cfg = NiDkgConfig.fresh(4, 2, NiDkgFixtures.EPOCH);
    Map<Integer, Dealing> one = NiDkgFixtures.deal(cfg, pks, List.of(0), rng);
    assertThatThrownBy(() -> NiDkg.createTranscript(cfg, one))
        .isInstanceOfSatisfying(
            InsufficientDealingsException.class,
            e -> {
              assertThat(e.available()).isEqualTo(1);
              assertThat(e.required()).isEqualTo(2);
            });
  }

  @Test
  void createTranscript_unverifiedResharingWithFreshSecret_throwsResharingFailed() {
    SplittableRandom rng = new SplittableRandom(4);
    KeyShares old = ThresholdSignatures.generate(2, 4, rng);
    List<EncryptionPublicKey> pks = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(4));
    NiDkgConfig cfg = NiDkgConfig.resharing(old.publicCoefficients(), 4, 4, 2, NiDkgFixtures.EPOCH);
    Map<Integer, Dealing> dealings = new TreeMap<>();
    dealings.put(0, NiDkg.createResharingDealing(cfg, old.shares().get(0), pks, rng));
    // dealer 1 deals a share of some other secret
    Dealing rogue =
        NiDkg.createResharingDealing(cfg, new SecretKeyShare(1, old.shares().get(1).value().add(org.jicp.crypto.bls12381.Scalar.ONE)), pks, rng);
    DealingVerification v = NiDkg.verifyDealing(cfg, 1, pks, rogue);
    assertThat(v.failure()).isEqualTo(DealingVerification.Failure.RESHARING_KEY_MISMATCH);
    assertThat(v.dealerIndex()).isEqualTo(1);
    dealings.put(1, rogue);
    assertThatThrownBy(() -> NiDkg.createTranscript(cfg, dealings))
        .isInstanceOfSatisfying(
            ResharingFailedException.class,
            e -> assertThat(e.oldKey()).isEqualTo(old.publicCoefficients().groupPublicKey()));
  }

  @Test
  void createTranscript_dealingOfWrongThreshold_throwsNamingDealer() {
    SplittableRandom rng = new SplittableRandom(5);
    List<EncryptionPublicKey> pks = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(4));
    NiDkgConfig cfg = NiDkgConfig.fresh(4, 2, NiDkgFixtures.EPOCH);
    NiDkgConfig other = NiDkgConfig.fresh(4, 3, NiDkgFixtures.EPOCH);
    Map<Integer, Dealing> dealings = NiDkgFixtures.deal(cfg, pks, List.of(0), rng);
    dealings.put(2, NiDkg.createDealing(other, 2, pks, rng));
    assertThatThrownBy(() -> NiDkg.createTranscript(cfg, dealings))
        .isInstanceOfSatisfying(InvalidDealingException.class, e -> assertThat(e.dealerIndex()).isEqualTo(2));
  }
}
