package org.jicp.crypto.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;

/** The IC's CSPRNG tests (dfinity/ic {@code rs/crypto/prng/tests/tests.rs}) with their fixed outputs. */
class CsprngTest {
  @Test
  void fromSeedAndPurpose_seed123CommitteeSampling_matchesIcValue() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 123);
    Csprng rng = Csprng.fromSeedAndPurpose(Bytes.of(seed), RandomnessPurpose.COMMITTEE_SAMPLING);
    assertThat(Integer.toUnsignedLong(rng.nextU32())).isEqualTo(196_996_056L);
  }

  @Test
  void fromRandomBeacon_fakeBeaconHeight1BlockmakerRanking_matchesIcValue() {
    // fake_random_beacon(1) with ReplicaVersion fixed to 0.8.0: empty parent and signature,
    // signer NiDkgId{height 0, subnet_test_id(0), HighThreshold, Local}
    NiDkgId dkgId = NiDkgId.local(0, IcCryptoHashVectorTest.testId(0, 0xfc), NiDkgTag.HIGH_THRESHOLD);
    RandomBeacon rb = new RandomBeacon(new RandomBeaconContent("0.8.0", 1, CryptoHash.EMPTY), Bytes.EMPTY, dkgId);
    Csprng rng = Csprng.fromRandomBeacon(rb, RandomnessPurpose.BLOCKMAKER_RANKING);
    assertThat(Integer.toUnsignedLong(rng.nextU32())).isEqualTo(460_963_034L);
  }

  @Test
  void purposes_domainSeparators_areTheIcBytes() {
    assertThat(RandomnessPurpose.COMMITTEE_SAMPLING.domainSeparator().toHex()).isEqualTo("01");
    assertThat(RandomnessPurpose.BLOCKMAKER_RANKING.domainSeparator().toHex()).isEqualTo("02");
    assertThat(RandomnessPurpose.DKG_COMMITTEE_SAMPLING.domainSeparator().toHex()).isEqualTo("03");
    assertThat(RandomnessPurpose.executionThread(0x01020304).domainSeparator().toHex()).isEqualTo("0401020304");
    assertThat(RandomnessPurpose.executionThread(-1).domainSeparator().toHex()).isEqualTo("04ffffffff");
  }

  @Test
  void purposes_sameSeed_giveDistinctStreams() {
    Bytes seed = Bytes.of(new byte[32]);
    Set<Integer> first = new HashSet<>();
    for (RandomnessPurpose p :
        new RandomnessPurpose[] {
          RandomnessPurpose.COMMITTEE_SAMPLING,
          RandomnessPurpose.BLOCKMAKER_RANKING,
          RandomnessPurpose.DKG_COMMITTEE_SAMPLING,
          RandomnessPurpose.executionThread(0),
          RandomnessPurpose.executionThread(1)
        }) {
      first.add(Csprng.fromSeedAndPurpose(seed, p).nextU32());
    }
    assertThat(first).hasSize(5);
  }

  @Test
  void ranking_isAPermutationAndDeterministic() {
    NiDkgId id = NiDkgId.local(0, IcCryptoHashVectorTest.testId(0, 0xfc), NiDkgTag.LOW_THRESHOLD);
    RandomBeacon genesis = RandomBeacons.genesis(0, id);
    java.util.List<Principal> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < 13; i++) {
      nodes.add(IcCryptoHashVectorTest.testId(i, 0xfd));
    }
    var r1 = BlockMakerRanking.ranking(1, genesis, nodes);
    java.util.Collections.reverse(nodes);
    var r2 = BlockMakerRanking.ranking(1, genesis, nodes);
    assertThat(r1).isEqualTo(r2).containsExactlyInAnyOrderElementsOf(nodes);
    int makers = 0;
    for (Principal p : nodes) {
      if (BlockMakerRanking.blockMakerRank(1, genesis, nodes, p).isPresent()) {
        makers++;
      }
    }
    assertThat(makers).isEqualTo(5); // f + 1 for n = 13
  }
}
