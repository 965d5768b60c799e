package org.jicp.consensus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.component.Genesis;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The memo of passed signature checks shared by the nodes of one JVM: the same verdicts as
 * without it (forged, altered and misattributed shares still rejected), each passed check
 * remembered once, failures never, and a node's randomness independent of what the memo held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationMemoTest {
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {7, 9}));
  static final byte[] MSG = "notarize block 7".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OTHER = "notarize block 8".getBytes(StandardCharsets.US_ASCII);

  final SecureRandom random = new SecureRandom();
  final List<NodeKeys> keys = new ArrayList<>();
  SubnetPublicKeys registry;
  BlsConsensusCrypto.GenesisTranscripts genesis;
  CatchUpPackage cup;

  @BeforeAll
  void setUp() {
    for (int i = 0; i < 4; i++) {
      keys.add(NodeKeys.generate(random));
    }
    keys.sort((x, y) -> x.node().compareTo(y.node()));   // multi-signature signers are sorted
    registry = SubnetPublicKeys.of(keys.stream().map(NodeKeys::publicKeys).toList());
    genesis = BlsConsensusCrypto.genesisTranscripts(SUBNET, registry, random);
    cup = Genesis.catchUpPackage(genesis.low(), genesis.high(), registry.nodes(),
        ConsensusConfig.defaults(SubnetType.APPLICATION), new CryptoHash(Bytes.of(new byte[32])));
  }

  ConsensusCrypto node(int i, VerificationMemo memo) {
    return node(i, memo, random);
  }

  ConsensusCrypto node(int i, VerificationMemo memo, RandomGenerator rng) {
    return BlsConsensusCrypto.forNode(keys.get(i), registry, cup, rng, Map.of(), memo);
  }

  @Test
  void key_dependsOnEveryInputAndItsBoundaries() {
    byte[] a = {1, 2};
    byte[] b = {3};
    ByteBuffer k = VerificationMemo.key("multi-share", a, b);
    assertThat(VerificationMemo.key("multi-share", a, b)).isEqualTo(k);
    assertThat(VerificationMemo.key("threshold-share", a, b)).isNotEqualTo(k);
    assertThat(VerificationMemo.key("multi-share", new byte[] {1}, new byte[] {2, 3})).isNotEqualTo(k);
    assertThat(VerificationMemo.key("multi-share", a, new byte[] {4})).isNotEqualTo(k);
    assertThat(VerificationMemo.key("multi-share", a)).isNotEqualTo(k);
  }

  @Test
  void create_keepsTheLastCapacityChecks_noneKeepsNothing() {
    VerificationMemo memo = VerificationMemo.create(2);
    ByteBuffer k1 = VerificationMemo.key("k", new byte[] {1});
    ByteBuffer k2 = VerificationMemo.key("k", new byte[] {2});
    ByteBuffer k3 = VerificationMemo.key("k", new byte[] {3});
    memo.pass(k1);
    memo.pass(k2);
    memo.pass(k3);
    assertThat(memo.size()).isEqualTo(2);
    assertThat(memo.passed(k1)).isFalse();
    assertThat(memo.passed(k2)).isTrue();
    assertThat(memo.passed(k3)).isTrue();
    VerificationMemo none = VerificationMemo.none();
    none.pass(k1);
    assertThat(none.passed(k1)).isFalse();
    assertThat(none.enabled()).isFalse();
    assertThatThrownBy(() -> VerificationMemo.create(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signature_decodedOncePerMemo_badBytesStillRejected() {
    byte[] share = node(0, VerificationMemo.none()).signMulti(MSG).toByteArray();
    VerificationMemo memo = VerificationMemo.create(8);
    org.jicp.crypto.bls.Signature first = memo.signature(org.jicp.crypto.bls.BlsScheme.IC_MULTI, share);
    assertThat(memo.signature(org.jicp.crypto.bls.BlsScheme.IC_MULTI, share)).isSameAs(first);
    assertThat(VerificationMemo.none().signature(org.jicp.crypto.bls.BlsScheme.IC_MULTI, share))
        .isEqualTo(first).isNotSameAs(first);
    byte[] bad = share.clone();
    bad[0] ^= (byte) 0x80;   // the compression flag cleared: 48 bytes are no uncompressed point
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> memo.signature(org.jicp.crypto.bls.BlsScheme.IC_MULTI, bad))
          .isInstanceOf(org.jicp.crypto.CryptoException.class);
    }
  }

  @Test
  void multiShares_secondNodeFindsThePassedOnes_andStillRejectsBadOnes() {
    VerificationMemo memo = VerificationMemo.create(64);
    ConsensusCrypto a = node(0, memo);
    ConsensusCrypto b = node(1, memo);
    List<MultiSignatureShare> shares = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shares.add(new MultiSignatureShare(keys.get(i).node(), node(i, VerificationMemo.none()).signMulti(MSG)));
    }
    assertThat(a.verifyMultiShares(MSG, shares)).containsOnly(true);
    assertThat(memo.size()).isEqualTo(4);
    assertThat(b.verifyMultiShares(MSG, shares)).containsOnly(true);
    assertThat(memo.size()).isEqualTo(4);
    // A passed signature under another signer, under another message, or altered: rejected.
    NodeId n0 = keys.get(0).node();
    NodeId n1 = keys.get(1).node();
    Bytes s0 = shares.get(0).signature();
    byte[] altered = s0.toByteArray();
    altered[altered.length - 1] ^= 1;
    List<MultiSignatureShare> bad = List.of(
        new MultiSignatureShare(n1, s0),
        new MultiSignatureShare(n0, Bytes.of(altered)),
        shares.get(2));
    assertThat(b.verifyMultiShares(MSG, bad)).containsExactly(false, false, true);
    assertThat(b.verifyMultiShares(OTHER, shares.subList(0, 1))).containsExactly(false);
    assertThat(memo.size()).isEqualTo(4);
  }

  @Test
  void aggregatesAndThresholdSignatures_sameVerdictsWithTheMemo() {
    VerificationMemo memo = VerificationMemo.create(64);
    List<ConsensusCrypto> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(node(i, memo));
    }
    List<MultiSignatureShare> shares = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shares.add(new MultiSignatureShare(keys.get(i).node(), nodes.get(i).signMulti(MSG)));
    }
    MultiSignature multi = new MultiSignature(
        shares.stream().map(MultiSignatureShare::signer).toList(), nodes.get(0).aggregateMulti(shares));
    assertThat(nodes.get(0).verifyMulti(MSG, multi)).isTrue();
    int held = memo.size();
    assertThat(nodes.get(3).verifyMulti(MSG, multi)).isTrue();
    assertThat(memo.size()).isEqualTo(held);
    assertThat(nodes.get(3).verifyMulti(OTHER, multi)).isFalse();
    MultiSignature fewer = new MultiSignature(multi.signers().subList(0, 2), multi.signature());
    assertThat(nodes.get(3).verifyMulti(MSG, fewer)).isFalse();

    DkgTranscript high = genesis.high();
    List<ThresholdSignatureShare> ts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ts.add(new ThresholdSignatureShare(keys.get(i).node(), nodes.get(i).signThreshold(high, MSG)));
    }
    assertThat(nodes.get(0).verifyThresholdShares(high, MSG, ts)).containsOnly(true);
    assertThat(nodes.get(1).verifyThresholdShares(high, MSG, ts)).containsOnly(true);
    List<ThresholdSignatureShare> swapped = List.of(
        new ThresholdSignatureShare(ts.get(1).signer(), ts.get(0).signature()), ts.get(2));
    assertThat(nodes.get(2).verifyThresholdShares(high, MSG, swapped)).containsExactly(false, true);
    assertThat(nodes.get(2).verifyThresholdShares(genesis.low(), MSG, ts.subList(0, 1))).containsExactly(false);
    Bytes sig = nodes.get(0).combineThreshold(high, MSG, ts.subList(0, 3));
    assertThat(nodes.get(0).verifyThreshold(high, MSG, sig)).isTrue();
    assertThat(nodes.get(1).verifyThreshold(high, MSG, sig)).isTrue();
    assertThat(nodes.get(1).verifyThreshold(high, OTHER, sig)).isFalse();
    assertThat(nodes.get(1).verifyThreshold(genesis.low(), MSG, sig)).isFalse();
  }

  @Test
  void randomness_drawnTheSameWithAndWithoutMemoHits() {
    List<MultiSignatureShare> shares = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shares.add(new MultiSignatureShare(keys.get(i).node(), node(i, VerificationMemo.none()).signMulti(MSG)));
    }
    VerificationMemo memo = VerificationMemo.create(64);
    assertThat(node(0, memo).verifyMultiShares(MSG, shares)).containsOnly(true);   // fills the memo
    long[] draws = new long[2];
    int j = 0;
    for (VerificationMemo m : List.of(memo, VerificationMemo.none())) {
      AtomicLong count = new AtomicLong();
      RandomGenerator counting = new RandomGenerator() {
        @Override
        public long nextLong() {
          count.incrementAndGet();
          return random.nextLong();
        }
      };
      ConsensusCrypto c = node(1, m, counting);
      long before = count.get();
      assertThat(c.verifyMultiShares(MSG, shares)).containsOnly(true);
      draws[j++] = count.get() - before;
    }
    assertThat(draws[0]).isPositive().isEqualTo(draws[1]);
  }
}
