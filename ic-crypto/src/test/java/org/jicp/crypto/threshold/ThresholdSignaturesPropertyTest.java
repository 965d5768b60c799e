package org.jicp.crypto.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Random (t, n), random messages, random t-subsets: one signature, valid under the group key. */
class ThresholdSignaturesPropertyTest {
  @Test
  void anyThresholdSubset_givesTheSameValidSignature() {
    SplittableRandom rnd = Seeds.random("threshold-uniqueness");
    for (int round = 0; round < 4; round++) {
      int n = 1 + rnd.nextInt(10);
      int t = 1 + rnd.nextInt(n);
      KeyShares keys = ThresholdSignatures.generate(t, n, rnd);
      byte[] msg = new byte[rnd.nextInt(40)];
      rnd.nextBytes(msg);
      List<SignatureShare> all = new ArrayList<>();
      for (SecretKeyShare s : keys.shares()) {
        SignatureShare share = ThresholdSignatures.sign(s, msg);
        assertThat(ThresholdSignatures.verifyShare(keys.publicCoefficients(), msg, share)).isTrue();
        all.add(share);
      }
      Signature first = null;
      for (int trial = 0; trial < 3; trial++) {
        List<SignatureShare> subset = new ArrayList<>(all);
        Collections.shuffle(subset, new java.util.Random(rnd.nextLong()));
        Signature sig = ThresholdSignatures.combine(t, n, subset.subList(0, t));
        if (first == null) {
          first = sig;
          assertThat(BlsScheme.IC.verify(keys.publicCoefficients().groupPublicKey(), msg, sig))
              .as("t=%d n=%d", t, n)
              .isTrue();
        }
        assertThat(sig).as("t=%d n=%d", t, n).isEqualTo(first);
      }
    }
  }
}
