package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.junit.jupiter.api.Test;

/**
 * Forward security of the binary-tree encryption: once a key is updated past epoch e it cannot
 * decrypt ciphertexts of e any more (no node of the key lies above e), while later epochs still
 * decrypt.
 */
class ForwardSecurityTest {
  /** An epoch with few zero bits, so that updating a fresh key to it takes few blindings. */
  static final Epoch E = Epoch.of(0xffff_fff0L);

  @Test
  void updatePastEpoch_oldCiphertextNoLongerDecrypts_laterOnesDo() {
    SplittableRandom rng = new SplittableRandom(21);
    List<EncryptionKeyPair> kps = new ArrayList<>();
    List<EncryptionPublicKey> pks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      EncryptionKeyPair kp = EncryptionSecretKey.generate(NiDkgFixtures.nodeId(i), rng);
      kps.add(kp);
      pks.add(kp.publicKey());
    }
    EncryptionSecretKey key = kps.get(0).secretKey();
    assertThat(key.currentEpoch()).contains(Epoch.ZERO);
    assertThat(key.canDecrypt(Epoch.ZERO)).isTrue();

    NiDkgConfig atE = NiDkgConfig.fresh(2, 1, E);
    NiDkgConfig atNext = NiDkgConfig.fresh(2, 1, Epoch.of(E.value() + 1));
    Dealing oldDealing = NiDkg.createDealing(atE, 0, pks, rng);
    Dealing newDealing = NiDkg.createDealing(atNext, 0, pks, rng);
    SecretKeyShare expectedOld = NiDkg.decryptShare(oldDealing, 0, 1, kps.get(1).secretKey(), E);

    key.updateTo(E, rng);
    assertThat(key.currentEpoch()).contains(E);
    assertThat(key.canDecrypt(Epoch.of(E.value() - 1))).isFalse();
    SecretKeyShare atEpoch = NiDkg.decryptShare(oldDealing, 0, 0, key, E);
    assertThat(atEpoch.publicKey()).isEqualTo(oldDealing.publicCoefficients().individualPublicKey(0));
    assertThat(expectedOld.publicKey()).isEqualTo(oldDealing.publicCoefficients().individualPublicKey(1));

    key.update(rng); // past E
    assertThat(key.currentEpoch()).contains(Epoch.of(E.value() + 1));
    assertThat(key.canDecrypt(E)).isFalse();
    assertThatThrownBy(() -> NiDkg.decryptShare(oldDealing, 0, 0, key, E))
        .isInstanceOfSatisfying(
            DecryptionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DecryptionException.Reason.EPOCH_TOO_OLD);
              assertThat(e.receiverIndex()).isZero();
              assertThat(e.dealerIndex()).isZero();
            });
    SecretKeyShare later = NiDkg.decryptShare(newDealing, 0, 0, key, atNext.epoch());
    assertThat(later.publicKey()).isEqualTo(newDealing.publicCoefficients().individualPublicKey(0));

    // updating "back" changes nothing
    key.updateTo(E, rng);
    assertThat(key.currentEpoch()).contains(Epoch.of(E.value() + 1));
    assertThat(key.canDecrypt(E)).isFalse();
  }

  @Test
  void consecutiveUpdates_coverExactlyTheFuture() {
    SplittableRandom rng = new SplittableRandom(22);
    EncryptionSecretKey key = EncryptionSecretKey.generate(NiDkgFixtures.nodeId(9), rng).secretKey();
    key.updateTo(E, rng);
    for (int step = 0; step < 5; step++) {
      Epoch now = key.currentEpoch().orElseThrow();
      assertThat(now.value()).isEqualTo(E.value() + step);
      assertThat(key.canDecrypt(Epoch.of(now.value() - 1))).isFalse();
      assertThat(key.canDecrypt(now)).isTrue();
      assertThat(key.canDecrypt(Epoch.MAX)).isTrue();
      assertThat(key.nodeCount()).isLessThanOrEqualTo(33);
      key.update(rng);
    }
    assertThat(key.toString()).doesNotContain("G2").contains("epoch=" + (E.value() + 5));
  }

  @Test
  void updateBeyondTheLastEpoch_exhaustsTheKey() {
    SplittableRandom rng = new SplittableRandom(23);
    EncryptionSecretKey key = EncryptionSecretKey.generate(NiDkgFixtures.nodeId(8), rng).secretKey();
    key.updateTo(Epoch.MAX, rng);
    assertThat(key.currentEpoch()).contains(Epoch.MAX);
    key.update(rng);
    assertThat(key.currentEpoch()).isEmpty();
    assertThat(key.canDecrypt(Epoch.MAX)).isFalse();
  }

  @Test
  void generatePublicKey_sameRandomness_equalsTheGeneratedPairsPublicKey() {
    org.jicp.crypto.Bytes ad = org.jicp.crypto.Bytes.fromHex("0102");
    EncryptionKeyPair pair = EncryptionSecretKey.generate(ad, new SplittableRandom(42));
    EncryptionPublicKey pk = EncryptionSecretKey.generatePublicKey(ad, new SplittableRandom(42));
    assertThat(pk).isEqualTo(pair.publicKey());
    assertThat(pk.verifyPop(ad)).isTrue();
    assertThat(EncryptionSecretKey.generatePublicKey(ad, new SplittableRandom(43))).isNotEqualTo(pk);
  }

  @Test
  void epoch_outOfRange_isRejected() {
    assertThatThrownBy(() -> Epoch.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Epoch.of(1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }
}
