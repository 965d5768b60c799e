package org.jicp.consensus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.InvalidArtifactException;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.component.Genesis;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node's consensus crypto built as a replica builds it: its own keys (from a {@link SecureRandom}),
 * the subnet's registered public keys, and genesis threshold keys dealt by NI-DKG to the nodes'
 * registered encryption keys; each node decrypts only its own share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeKeysCryptoTest {
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {7, 8}));
  static final byte[] MSG = "ic-state-root test".getBytes(StandardCharsets.US_ASCII);

  final SecureRandom random = new SecureRandom();
  final List<NodeKeys> keys = new ArrayList<>();
  SubnetPublicKeys registry;
  BlsConsensusCrypto.GenesisTranscripts genesis;
  CatchUpPackage cup;
  final Map<NodeId, ConsensusCrypto> crypto = new TreeMap<>();

  @BeforeAll
  void setUp() {
    for (int i = 0; i < 4; i++) {
      keys.add(NodeKeys.generate(random));
    }
    registry = SubnetPublicKeys.of(keys.stream().map(NodeKeys::publicKeys).toList());
    genesis = BlsConsensusCrypto.genesisTranscripts(SUBNET, registry, random);
    cup = Genesis.catchUpPackage(genesis.low(), genesis.high(), registry.nodes(), ConsensusConfig.defaults(org.jicp.types.SubnetType.APPLICATION), new CryptoHash(Bytes.of(new byte[32])));
    for (NodeKeys k : keys) {
      crypto.put(k.node(), BlsConsensusCrypto.forNode(k, registry, cup, random));
    }
  }

  @Test
  void generate_nodeId_isTheSelfAuthenticatingPrincipalOfTheSigningKey() {
    NodeKeys k = keys.get(0);
    assertThat(k.node().principal()).isEqualTo(Principal.selfAuthenticating(k.publicKeys().nodeSigningKey().toDer()));
    assertThat(k.publicKeys().verifyProofsOfPossession()).isTrue();
    assertThat(k.toString()).isEqualTo("NodeKeys[" + k.node() + "]");
  }

  @Test
  void forNode_genesisKeysFromNiDkg_sharesCombineUnderTheSubnetKey() {
    DkgTranscript high = genesis.high();
    assertThat(high.threshold()).isEqualTo(3);
    assertThat(genesis.low().threshold()).isEqualTo(2);
    List<ThresholdSignatureShare> shares = new ArrayList<>();
    for (Map.Entry<NodeId, ConsensusCrypto> e : crypto.entrySet()) {
      shares.add(new ThresholdSignatureShare(e.getKey(), e.getValue().signThreshold(high, MSG)));
    }
    ConsensusCrypto any = crypto.values().iterator().next();
    assertThat(any.verifyThresholdShares(high, MSG, shares)).containsOnly(true);
    Bytes sig = any.combineThreshold(high, MSG, shares.subList(1, 4));
    assertThat(any.verifyThreshold(high, MSG, sig)).isTrue();
    assertThat(any.verifyBySubnetKey(MSG, sig)).isTrue();
    assertThat(any.combineThreshold(high, MSG, shares.subList(0, 3))).isEqualTo(sig);
    List<ThresholdSignatureShare> low = new ArrayList<>();
    for (Map.Entry<NodeId, ConsensusCrypto> e : crypto.entrySet()) {
      low.add(new ThresholdSignatureShare(e.getKey(), e.getValue().signThreshold(genesis.low(), MSG)));
    }
    assertThat(any.verifyThreshold(genesis.low(), MSG, any.combineThreshold(genesis.low(), MSG, low.subList(2, 4)))).isTrue();
  }

  @Test
  void forNode_basicAndMultiSignatures_verifyUnderRegisteredKeys() {
    NodeId a = keys.get(0).node();
    NodeId b = keys.get(1).node();
    Bytes sig = crypto.get(a).signBasic(MSG);
    assertThat(crypto.get(b).verifyBasic(a, MSG, sig)).isTrue();
    assertThat(crypto.get(b).verifyBasic(b, MSG, sig)).isFalse();
    List<MultiSignatureShare> shares = List.of(new MultiSignatureShare(a, crypto.get(a).signMulti(MSG)), new MultiSignatureShare(b, crypto.get(b).signMulti(MSG)));
    assertThat(crypto.get(b).verifyMultiShares(MSG, shares)).containsExactly(true, true);
  }

  @Test
  void forNode_batchVerificationRandomizers_comeFromTheInjectedGenerator() {
    AtomicLong draws = new AtomicLong();
    RandomGenerator counting =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            draws.incrementAndGet();
            return random.nextLong();
          }
        };
    ConsensusCrypto c = BlsConsensusCrypto.forNode(keys.get(0), registry, cup, counting);
    List<MultiSignatureShare> shares = new ArrayList<>();
    for (NodeKeys k : keys) {
      shares.add(new MultiSignatureShare(k.node(), crypto.get(k.node()).signMulti(MSG)));
    }
    assertThat(c.verifyMultiShares(MSG, shares)).containsOnly(true);
    assertThat(draws.get()).isPositive();
  }

  @Test
  void forNode_nodeNotRegisteredOrOtherKeys_rejected() {
    NodeKeys stranger = NodeKeys.generate(random);
    assertThatThrownBy(() -> BlsConsensusCrypto.forNode(stranger, registry, cup, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the subnet's registry");
    NodeKeys impostor = NodeKeys.generate(keys.get(0).node(), random);
    assertThatThrownBy(() -> BlsConsensusCrypto.forNode(impostor, registry, cup, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other keys");
  }

  @Test
  void subnetPublicKeys_swappedProofOfPossession_rejected() {
    NodePublicKeys a = keys.get(0).publicKeys();
    NodePublicKeys b = keys.get(1).publicKeys();
    NodePublicKeys forged = new NodePublicKeys(a.node(), a.nodeSigningKey(), a.committeeSigningKey(), b.committeeSigningKeyPop(), a.dealingEncryptionKey());
    assertThat(forged.verifyProofsOfPossession()).isFalse();
    assertThatThrownBy(() -> SubnetPublicKeys.of(List.of(forged, b)))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("proof of possession");
    NodePublicKeys wrongOwner = new NodePublicKeys(a.node(), a.nodeSigningKey(), a.committeeSigningKey(), a.committeeSigningKeyPop(), b.dealingEncryptionKey());
    assertThat(wrongOwner.verifyProofsOfPossession()).as("the encryption key's PoP is bound to its node id").isFalse();
  }

  @Test
  void genesisTranscripts_carryNoSecret_eachNodeDecryptsOnlyItsOwnShare() {
    // The transcript bytes are public; a node outside the committee cannot sign with them.
    NodeKeys stranger = NodeKeys.generate(random);
    SubnetPublicKeys withStranger =
        SubnetPublicKeys.of(java.util.stream.Stream.concat(keys.stream(), java.util.stream.Stream.of(stranger)).map(NodeKeys::publicKeys).toList());
    ConsensusCrypto c = BlsConsensusCrypto.forNode(stranger, withStranger, cup, random);
    assertThatThrownBy(() -> c.signThreshold(genesis.high(), MSG)).hasMessageContaining("holds no share");
    assertThat(HexFormat.of().formatHex(genesis.high().data().toByteArray())).doesNotContain(HexFormat.of().formatHex(keys.get(0).committeeKey().toBytes(org.jicp.crypto.InsecureSecretKeyAccess.get())));
  }

  /** Node {@code k}'s share of {@code t}, decrypted as the registry's node would, outside consensus. */
  private static org.jicp.crypto.threshold.SecretKeyShare share(NodeKeys k, DkgTranscript t) {
    return org.jicp.crypto.nidkg.NiDkg.computeThresholdKey(
        org.jicp.consensus.internal.NiDkgCodec.decodeTranscript(t.data()).transcript(),
        t.indexOf(k.node()), k.encryptionKey(), org.jicp.crypto.nidkg.Epoch.of(0));
  }

  @Test
  void forNode_receivedShares_signWithThemAndRejectSharesThatDoNotMatch() {
    NodeKeys k = keys.get(1);
    ConsensusCrypto c = BlsConsensusCrypto.forNode(k, registry, cup, random,
        Map.of(genesis.low().dkgId(), share(k, genesis.low()), genesis.high().dkgId(), share(k, genesis.high())));
    Bytes sig = c.signThreshold(genesis.high(), MSG);
    assertThat(crypto.get(keys.get(0).node()).verifyThresholdShares(genesis.high(), MSG,
        List.of(new ThresholdSignatureShare(k.node(), sig)))).containsExactly(true);
    // Another node's share, the other threshold's share, a transcript the package does not hold.
    assertThatThrownBy(() -> BlsConsensusCrypto.forNode(k, registry, cup, random,
        Map.of(genesis.high().dkgId(), share(keys.get(2), genesis.high()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    assertThatThrownBy(() -> BlsConsensusCrypto.forNode(k, registry, cup, random,
        Map.of(genesis.high().dkgId(), share(k, genesis.low()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    org.jicp.crypto.beacon.NiDkgId other = org.jicp.crypto.beacon.NiDkgId.local(9, SUBNET.principal(),
        org.jicp.crypto.beacon.NiDkgTag.HIGH_THRESHOLD);
    assertThatThrownBy(() -> BlsConsensusCrypto.forNode(k, registry, cup, random,
        Map.of(other, share(k, genesis.high()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a current transcript");
  }

  @Test
  void of_nodeIdNotFromTheSigningKey_rejected() {
    NodeKeys a = keys.get(0);
    NodeKeys b = keys.get(1);
    assertThatThrownBy(() -> NodeKeys.of(b.node(), a.signingKey(), a.committeeKey(),
        new org.jicp.crypto.nidkg.EncryptionKeyPair(a.publicKeys().dealingEncryptionKey(), a.encryptionKey())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not derived");
    NodeKeys same = NodeKeys.of(a.node(), a.signingKey(), a.committeeKey(),
        new org.jicp.crypto.nidkg.EncryptionKeyPair(a.publicKeys().dealingEncryptionKey(), a.encryptionKey()));
    assertThat(same.publicKeys()).isEqualTo(a.publicKeys());
  }
}
