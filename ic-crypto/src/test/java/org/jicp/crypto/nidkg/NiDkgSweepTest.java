package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.testing.Seeds;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.crypto.threshold.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Larger NI-DKG runs for the {@code nidkg-sweep} Maven profile (minutes): production-size subnets
 * with both thresholds, resharing a 40-node key to 13 nodes, and random t-subsets signing.
 */
@EnabledIfSystemProperty(named = "jicp.nidkg.sweep", matches = "true")
class NiDkgSweepTest {
  @ParameterizedTest(name = "n={0}, t={1}")
  @CsvSource({"28, 10", "28, 19", "40, 14", "40, 27"})
  void largeDkg_randomSubsetsSignTheSame(int n, int t) {
    NiDkgTest.Outcome o = NiDkgTest.runFresh(n, t, 5000 + n + t);
    checkRandomSubsets(o, n, t, Seeds.random("nidkg-sweep-" + n + "-" + t));
  }

  @Test
  void resharing_40to13_keepsTheGroupKey() {
    int n = 40;
    NiDkgTest.Outcome first = NiDkgTest.runFresh(n, Thresholds.low(n), 40);
    NiDkgTest.Outcome second =
        NiDkgTest.reshare(first.transcript().publicCoefficients(), first.shares(), 13, Thresholds.high(13), new SplittableRandom(41));
    assertThat(second.transcript().publicCoefficients().groupPublicKey())
        .isEqualTo(first.transcript().publicCoefficients().groupPublicKey());
    checkRandomSubsets(second, 13, Thresholds.high(13), Seeds.random("nidkg-sweep-reshare"));
  }

  private static void checkRandomSubsets(NiDkgTest.Outcome o, int n, int t, SplittableRandom rnd) {
    byte[] msg = {42};
    List<SignatureShare> all = new ArrayList<>();
    for (SecretKeyShare s : o.shares()) {
      assertThat(o.transcript().publicCoefficients().individualPublicKey(s.index())).isEqualTo(s.publicKey());
      all.add(ThresholdSignatures.sign(s, msg));
    }
    var expected = ThresholdSignatures.combine(t, n, all);
    assertThat(BlsScheme.IC.verify(o.transcript().publicCoefficients().groupPublicKey(), msg, expected)).isTrue();
    for (int trial = 0; trial < 20; trial++) {
      List<SignatureShare> subset = new ArrayList<>(all);
      java.util.Collections.shuffle(subset, new java.util.Random(rnd.nextLong()));
      assertThat(ThresholdSignatures.combine(t, n, subset.subList(0, t))).isEqualTo(expected);
    }
  }
}
