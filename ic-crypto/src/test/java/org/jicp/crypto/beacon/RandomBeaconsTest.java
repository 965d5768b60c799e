package org.jicp.crypto.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.threshold.InsufficientSharesException;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.crypto.threshold.Thresholds;
import org.junit.jupiter.api.Test;

/** Beacon chains from genesis, tampering named by height, the random tape, and the signed bytes. */
class RandomBeaconsTest {
  static final int N = 4;
  static final KeyShares KEY = ThresholdSignatures.generate(Thresholds.low(N), N, new SplittableRandom(3));
  static final NiDkgId DKG = NiDkgId.local(0, IcCryptoHashVectorTest.testId(7, 0xfc), NiDkgTag.LOW_THRESHOLD);

  static RandomBeacon next(RandomBeacon previous, int... signers) {
    RandomBeaconContent content = RandomBeacons.nextContent(previous);
    List<SignatureShare> shares = new ArrayList<>();
    for (int i : signers) {
      shares.add(RandomBeacons.signShare(content, KEY.shares().get(i)));
    }
    return RandomBeacons.combine(content, DKG, KEY.publicCoefficients(), N, shares);
  }

  static List<RandomBeacon> chain(int heights) {
    List<RandomBeacon> chain = new ArrayList<>();
    chain.add(RandomBeacons.genesis(0, DKG));
    for (int h = 1; h <= heights; h++) {
      chain.add(next(chain.get(h - 1), h % N, (h + 1) % N));
    }
    return chain;
  }

  @Test
  void chainFromGenesis_verifies_andBeaconsAreUnique() {
    List<RandomBeacon> chain = chain(4);
    assertThat(RandomBeacons.verifyChain(chain, KEY.publicCoefficients().groupPublicKey())).isEqualTo(ChainVerification.VALID);
    assertThat(chain.get(0).signature()).isEqualTo(Bytes.EMPTY);
    assertThat(chain.get(0).content().parent()).isEqualTo(CryptoHash.EMPTY);
    assertThat(chain.get(3).content().parent()).isEqualTo(chain.get(2).cryptoHash());
    // any other f+1 signers make the same beacon
    assertThat(next(chain.get(2), 0, 3)).isEqualTo(chain.get(3));
  }

  @Test
  void tamperedChain_namesTheFirstBadHeight() {
    var key = KEY.publicCoefficients().groupPublicKey();
    List<RandomBeacon> chain = chain(4);
    RandomBeacon b2 = chain.get(2);
    // another beacon's signature
    List<RandomBeacon> badSig = new ArrayList<>(chain);
    badSig.set(2, new RandomBeacon(b2.content(), chain.get(3).signature(), DKG));
    ChainVerification v = RandomBeacons.verifyChain(badSig, key);
    assertThat(v.firstInvalidHeight()).hasValue(2);
    assertThat(v.reason()).contains("does not verify");
    // a beacon that skips its parent: valid signature, wrong link
    List<RandomBeacon> skip = new ArrayList<>(chain);
    RandomBeaconContent forged = new RandomBeaconContent(ReplicaVersions.DEFAULT, 3, chain.get(1).cryptoHash());
    List<SignatureShare> shares = List.of(RandomBeacons.signShare(forged, KEY.shares().get(0)), RandomBeacons.signShare(forged, KEY.shares().get(1)));
    skip.set(3, RandomBeacons.combine(forged, DKG, KEY.publicCoefficients(), N, shares));
    assertThat(RandomBeacons.verifyChain(skip, key).firstInvalidHeight()).hasValue(3);
    assertThat(RandomBeacons.verifyChain(skip, key).reason()).contains("parent");
    // a gap in heights
    List<RandomBeacon> gap = new ArrayList<>(chain);
    gap.remove(2);
    assertThat(RandomBeacons.verifyChain(gap, key).reason()).contains("does not follow");
    // bytes that are not a G1 point
    List<RandomBeacon> garbage = new ArrayList<>(chain);
    garbage.set(1, new RandomBeacon(chain.get(1).content(), Bytes.of(new byte[48]), DKG));
    assertThat(RandomBeacons.verifyChain(garbage, key).reason()).contains("does not decode");
    // under another key
    var other = ThresholdSignatures.generate(2, N, new SplittableRandom(4)).publicCoefficients().groupPublicKey();
    assertThat(RandomBeacons.verifyChain(chain, other).firstInvalidHeight()).hasValue(1);
  }

  @Test
  void combine_tooFewValidShares_throws() {
    RandomBeacon genesis = RandomBeacons.genesis(0, DKG);
    RandomBeaconContent content = RandomBeacons.nextContent(genesis);
    SignatureShare good = RandomBeacons.signShare(content, KEY.shares().get(0));
    SignatureShare wrongContent = RandomBeacons.signShare(RandomBeacons.nextContent(chain(1).get(1)), KEY.shares().get(1));
    assertThatThrownBy(() -> RandomBeacons.combine(content, DKG, KEY.publicCoefficients(), N, List.of(good, wrongContent)))
        .isInstanceOfSatisfying(InsufficientSharesException.class, e -> assertThat(e.invalidIndices()).containsExactly(1));
  }

  @Test
  void randomTape_signsVerifies_andSeedsExecution() {
    RandomTapeContent content = new RandomTapeContent(ReplicaVersions.DEFAULT, 9);
    RandomTape tape =
        RandomBeacons.combineTape(
            content,
            DKG,
            KEY.publicCoefficients(),
            N,
            List.of(RandomBeacons.signTapeShare(content, KEY.shares().get(2)), RandomBeacons.signTapeShare(content, KEY.shares().get(3))));
    assertThat(RandomBeacons.verifyTape(tape, KEY.publicCoefficients().groupPublicKey())).isTrue();
    RandomTape forged = new RandomTape(new RandomTapeContent(ReplicaVersions.DEFAULT, 10), tape.signature(), DKG);
    assertThat(RandomBeacons.verifyTape(forged, KEY.publicCoefficients().groupPublicKey())).isFalse();
    // the execution stream of thread 0 and thread 1 differ, and are reproducible
    int t0 = Csprng.fromRandomTape(tape, RandomnessPurpose.executionThread(0)).nextU32();
    assertThat(Csprng.fromRandomTape(tape, RandomnessPurpose.executionThread(0)).nextU32()).isEqualTo(t0);
    assertThat(Csprng.fromRandomTape(tape, RandomnessPurpose.executionThread(1)).nextU32()).isNotEqualTo(t0);
  }

  @Test
  void signedBytes_areDomainThenSerdeCborMap() {
    byte[] parent = new byte[32];
    java.util.Arrays.fill(parent, (byte) 0x42);
    RandomBeaconContent c = new RandomBeaconContent("0.9.0", 42, new CryptoHash(Bytes.of(parent)));
    String cbor =
        "a3" + "67" + hex("version") + "a1" + "6a" + hex("version_id") + "65" + hex("0.9.0")
            + "66" + hex("height") + "182a"
            + "66" + hex("parent") + "5820" + "42".repeat(32);
    assertThat(Bytes.hex(c.cbor())).isEqualTo(cbor);
    assertThat(Bytes.hex(c.signedBytes())).isEqualTo("1c" + hex("random_beacon_content_domain") + cbor);
    RandomTapeContent t = new RandomTapeContent("0.9.0", 300);
    assertThat(Bytes.hex(t.cbor()))
        .isEqualTo("a2" + "67" + hex("version") + "a1" + "6a" + hex("version_id") + "65" + hex("0.9.0") + "66" + hex("height") + "19012c");
  }

  private static String hex(String ascii) {
    return Bytes.hex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
