package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.testing.Seeds;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.junit.jupiter.api.Test;

/**
 * Random committees, thresholds and subsets of dealers (fresh and resharing): the transcript only
 * depends on the dealings, every receiver's share matches it, and random t-subsets sign under the
 * (kept) group key.
 */
class NiDkgPropertyTest {
  @Test
  void randomDealerSubsets_giveConsistentKeys_andResharingKeepsThem() {
    SplittableRandom rnd = Seeds.random("nidkg-subsets");
    for (int round = 0; round < 2; round++) {
      int n = 2 + rnd.nextInt(4);
      int t = 1 + rnd.nextInt(n);
      List<EncryptionKeyPair> kps = NiDkgFixtures.keyPairs(n);
      List<EncryptionPublicKey> pks = NiDkgFixtures.publicKeys(kps);
      NiDkgConfig cfg = NiDkgConfig.fresh(n, t, Epoch.of(rnd.nextLong(1L << 32)));
      List<Integer> dealers = randomSubset(n, cfg.collectionThreshold() + rnd.nextInt(n - cfg.collectionThreshold() + 1), rnd);
      Map<Integer, Dealing> dealings = NiDkgFixtures.deal(cfg, pks, dealers, rnd);
      for (var e : dealings.entrySet()) {
        assertThat(NiDkg.verifyDealing(cfg, e.getKey(), pks, e.getValue()).isValid()).isTrue();
      }
      Transcript tr = NiDkg.createTranscript(cfg, dealings);
      assertThat(NiDkg.createTranscript(cfg, new TreeMap<>(dealings))).isEqualTo(tr);
      List<SecretKeyShare> shares = shares(tr, kps, cfg.epoch());
      checkSigning(tr.publicCoefficients(), shares, n, t, rnd);

      // reshare to a random new committee size and threshold, from a random subset of old nodes
      int n2 = 2 + rnd.nextInt(4);
      int t2 = 1 + rnd.nextInt(n2);
      List<EncryptionKeyPair> kps2 = NiDkgFixtures.keyPairs(n2);
      List<EncryptionPublicKey> pks2 = NiDkgFixtures.publicKeys(kps2);
      NiDkgConfig re = NiDkgConfig.resharing(tr.publicCoefficients(), n, n2, t2, cfg.epoch());
      Map<Integer, Dealing> redealings = new TreeMap<>();
      for (int d : randomSubset(n, re.collectionThreshold(), rnd)) {
        Dealing dealing = NiDkg.createResharingDealing(re, shares.get(d), pks2, rnd);
        assertThat(NiDkg.verifyDealing(re, d, pks2, dealing).isValid()).isTrue();
        redealings.put(d, dealing);
      }
      Transcript tr2 = NiDkg.createTranscript(re, redealings);
      assertThat(tr2.publicCoefficients().groupPublicKey()).isEqualTo(tr.publicCoefficients().groupPublicKey());
      checkSigning(tr2.publicCoefficients(), shares(tr2, kps2, cfg.epoch()), n2, t2, rnd);
    }
  }

  private static List<Integer> randomSubset(int n, int size, SplittableRandom rnd) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    Collections.shuffle(all, new java.util.Random(rnd.nextLong()));
    return all.subList(0, size);
  }

  private static List<SecretKeyShare> shares(Transcript tr, List<EncryptionKeyPair> kps, Epoch epoch) {
    List<SecretKeyShare> r = new ArrayList<>();
    for (int i = 0; i < kps.size(); i++) {
      SecretKeyShare s = NiDkg.computeThresholdKey(tr, i, kps.get(i).secretKey(), epoch);
      assertThat(tr.publicCoefficients().individualPublicKey(i)).isEqualTo(s.publicKey());
      r.add(s);
    }
    return r;
  }

  private static void checkSigning(PublicCoefficients pc, List<SecretKeyShare> shares, int n, int t, SplittableRandom rnd) {
    byte[] msg = new byte[8];
    rnd.nextBytes(msg);
    List<SignatureShare> sigs = new ArrayList<>();
    for (int i : randomSubset(n, t, rnd)) {
      sigs.add(ThresholdSignatures.sign(shares.get(i), msg));
    }
    assertThat(BlsScheme.IC.verify(pc.groupPublicKey(), msg, ThresholdSignatures.combine(t, n, sigs))).isTrue();
  }
}
