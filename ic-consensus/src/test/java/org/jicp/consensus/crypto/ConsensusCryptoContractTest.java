package org.jicp.consensus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contract every {@link ConsensusCrypto} keeps; subclassed per implementation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsensusCryptoContractTest {
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {7, 7}));
  static final byte[] MSG = "notarization_content_domain test".getBytes(StandardCharsets.US_ASCII);

  List<NodeId> nodes;
  SubnetCrypto subnet;

  abstract SubnetCrypto create(List<NodeId> nodes);

  @BeforeAll
  void setUp() {
    nodes = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      nodes.add(NodeId.ofIndex(i));
    }
    subnet = create(nodes);
  }

  ConsensusCrypto c(int i) {
    return subnet.forNode(nodes.get(i));
  }

  static Bytes corrupt(Bytes b) {
    byte[] a = b.toByteArray();
    a[a.length / 2] ^= 1;
    return Bytes.of(a);
  }

  @Test
  void verifyBasic_ownSignature_verifiesOnlyForSignerAndMessage() {
    Bytes sig = c(0).signBasic(MSG);
    assertThat(c(1).verifyBasic(nodes.get(0), MSG, sig)).isTrue();
    assertThat(c(1).verifyBasic(nodes.get(2), MSG, sig)).isFalse();
    assertThat(c(1).verifyBasic(nodes.get(0), "other".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
    assertThat(c(1).verifyBasic(nodes.get(0), MSG, corrupt(sig))).isFalse();
    assertThat(c(1).verifyBasic(NodeId.ofIndex(99), MSG, sig)).isFalse();
  }

  @Test
  void verifyMultiShares_oneCorruptedAmongFour_namesIt() {
    List<MultiSignatureShare> shares = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Bytes s = c(i).signMulti(MSG);
      shares.add(new MultiSignatureShare(nodes.get(i), i == 2 ? corrupt(s) : s));
    }
    assertThat(c(0).verifyMultiShares(MSG, shares)).containsExactly(true, true, false, true);
  }

  @Test
  void verifyMulti_aggregateOfValidShares_verifiesWithItsSignersOnly() {
    List<MultiSignatureShare> shares = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shares.add(new MultiSignatureShare(nodes.get(i), c(i).signMulti(MSG)));
    }
    Bytes agg = c(3).aggregateMulti(shares);
    assertThat(c(3).verifyMulti(MSG, new MultiSignature(nodes.subList(0, 3), agg))).isTrue();
    assertThat(c(3).verifyMulti(MSG, new MultiSignature(nodes.subList(1, 4), agg))).isFalse();
    assertThat(c(3).verifyMulti("other".getBytes(StandardCharsets.US_ASCII), new MultiSignature(nodes.subList(0, 3), agg))).isFalse();
  }

  private List<ThresholdSignatureShare> thresholdShares(DkgTranscript t, byte[] msg) {
    List<ThresholdSignatureShare> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      out.add(new ThresholdSignatureShare(nodes.get(i), c(i).signThreshold(t, msg)));
    }
    return out;
  }

  @Test
  void combineThreshold_anyThresholdSubset_givesTheSameSignature() {
    DkgTranscript low = subnet.genesisTranscript(NiDkgTag.LOW_THRESHOLD);
    List<ThresholdSignatureShare> shares = thresholdShares(low, MSG);
    assertThat(c(0).verifyThresholdShares(low, MSG, shares)).containsExactly(true, true, true, true);
    Bytes a = c(0).combineThreshold(low, MSG, shares.subList(0, low.threshold()));
    Bytes b = c(1).combineThreshold(low, MSG, shares.subList(4 - low.threshold(), 4));
    assertThat(a).isEqualTo(b);
    assertThat(c(2).verifyThreshold(low, MSG, a)).isTrue();
    assertThat(c(2).verifyThreshold(low, "other".getBytes(StandardCharsets.US_ASCII), a)).isFalse();
    assertThat(c(2).verifyThreshold(low, MSG, corrupt(a))).isFalse();
  }

  @Test
  void verifyThresholdShares_corruptedShare_isNamed() {
    DkgTranscript low = subnet.genesisTranscript(NiDkgTag.LOW_THRESHOLD);
    List<ThresholdSignatureShare> shares = new ArrayList<>(thresholdShares(low, MSG));
    shares.set(1, new ThresholdSignatureShare(nodes.get(1), corrupt(shares.get(1).signature())));
    assertThat(c(0).verifyThresholdShares(low, MSG, shares)).containsExactly(true, false, true, true);
  }

  @Test
  void verifyBySubnetKey_highThresholdSignature_verifies() {
    DkgTranscript high = subnet.genesisTranscript(NiDkgTag.HIGH_THRESHOLD);
    Bytes sig = c(0).combineThreshold(high, MSG, thresholdShares(high, MSG));
    assertThat(c(1).verifyBySubnetKey(MSG, sig)).isTrue();
    Bytes lowSig = c(0).combineThreshold(subnet.genesisTranscript(NiDkgTag.LOW_THRESHOLD), MSG, thresholdShares(subnet.genesisTranscript(NiDkgTag.LOW_THRESHOLD), MSG));
    assertThat(c(1).verifyBySubnetKey(MSG, lowSig)).isFalse();
  }

  private DkgTranscript runDkg(DkgConfig config, Optional<DkgTranscript> reshared) {
    SortedMap<NodeId, Bytes> dealings = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      Bytes d = c(i).createDealing(config, reshared);
      for (int j = 0; j < 4; j++) {
        assertThat(c(j).verifyDealing(config, reshared, nodes.get(i), d)).isTrue();
      }
      assertThat(c(0).verifyDealing(config, reshared, nodes.get((i + 1) % 4), d)).as("someone else's dealing").isFalse();
      dealings.put(nodes.get(i), d);
    }
    DkgTranscript t1 = c(0).createTranscript(config, reshared, dealings);
    DkgTranscript t2 = c(3).createTranscript(config, reshared, dealings);
    assertThat(t1).isEqualTo(t2);
    return t1;
  }

  @Test
  void createTranscript_freshDkg_givesAKeyTheReceiversSignWith() {
    DkgConfig config = new DkgConfig(NiDkgId.local(10, SUBNET.principal(), NiDkgTag.LOW_THRESHOLD), nodes, nodes, 2, Optional.empty());
    DkgTranscript t = runDkg(config, Optional.empty());
    List<ThresholdSignatureShare> shares = thresholdShares(t, MSG);
    assertThat(c(1).verifyThresholdShares(t, MSG, shares)).containsExactly(true, true, true, true);
    Bytes sig = c(1).combineThreshold(t, MSG, shares.subList(1, 3));
    assertThat(c(2).verifyThreshold(t, MSG, sig)).isTrue();
    assertThat(c(2).verifyThreshold(subnet.genesisTranscript(NiDkgTag.LOW_THRESHOLD), MSG, sig)).as("a new key").isFalse();
  }

  @Test
  void createTranscript_resharingTheHighKey_keepsTheSubnetKey() {
    DkgTranscript old = subnet.genesisTranscript(NiDkgTag.HIGH_THRESHOLD);
    DkgConfig config = new DkgConfig(NiDkgId.local(10, SUBNET.principal(), NiDkgTag.HIGH_THRESHOLD), nodes, nodes, 3, Optional.of(old.dkgId()));
    DkgTranscript t = runDkg(config, Optional.of(old));
    Bytes sig = c(0).combineThreshold(t, MSG, thresholdShares(t, MSG).subList(1, 4));
    assertThat(c(3).verifyThreshold(t, MSG, sig)).isTrue();
    assertThat(c(3).verifyBySubnetKey(MSG, sig)).isTrue();
  }

  @Test
  void verifyDealing_lengthVarintOf2pow64Minus1_isFalseNotAnException() {
    // A Byzantine dealer's bytes (found by NiDkgFuzzTest): the NI-DKG decoder once threw
    // NegativeArraySizeException here, which escaped verifyDealing and the validator.
    DkgConfig config = new DkgConfig(NiDkgId.local(20, SUBNET.principal(), NiDkgTag.LOW_THRESHOLD), nodes, nodes, 2, Optional.empty());
    Bytes bad = Bytes.of(new byte[] {0x0a, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01});
    assertThat(c(1).verifyDealing(config, Optional.empty(), nodes.get(0), bad)).isFalse();
  }

  @Test
  void verifyDealing_tamperedDealing_isFalse() {
    DkgConfig config = new DkgConfig(NiDkgId.local(20, SUBNET.principal(), NiDkgTag.LOW_THRESHOLD), nodes, nodes, 2, Optional.empty());
    Bytes d = c(0).createDealing(config, Optional.empty());
    assertThat(c(1).verifyDealing(config, Optional.empty(), nodes.get(0), corrupt(d))).isFalse();
    assertThat(c(1).verifyDealing(config, Optional.empty(), nodes.get(0), d.slice(0, d.length() - 1))).isFalse();
  }
}
