package org.jicp.consensus.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.component.Genesis;
import org.jicp.consensus.component.Membership;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.consensus.internal.InsecureSimulationCrypto;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.consensus.sim.SimulatedExecution;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;
import org.jicp.types.ports.CertificationScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The certifier of four nodes, one height, honest and Byzantine shares. */
class CertifierTest {
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {4, 5, 6}));
  static final CryptoHash STATE = new CryptoHash(Bytes.of(new byte[32]));
  static final Height H = Height.of(1);

  final List<NodeId> ids = new ArrayList<>();
  final List<SimulatedExecution> exec = new ArrayList<>();
  final List<CertificationNode> nodes = new ArrayList<>();
  SubnetCrypto crypto;
  ConsensusPool consensus;
  Bytes root;

  @BeforeEach
  void setUp() {
    for (int i = 1; i <= 4; i++) {
      ids.add(NodeId.ofIndex(i));
    }
    crypto = InsecureSimulationCrypto.create(SUBNET, ids, 5);
    ConsensusConfig config = ConsensusConfig.defaults(SubnetType.APPLICATION);
    consensus = new ConsensusPool(Genesis.catchUpPackage(crypto, ids, config, STATE), Time.EPOCH);
    Membership membership = new Membership(SUBNET, config);
    CryptoHash next = new CryptoHash(Bytes.of(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    root = next.value();
    for (NodeId id : ids) {
      SimulatedExecution e = new SimulatedExecution(SUBNET, Height.ZERO, STATE, SimulatedExecution.Certifying.BY_CERTIFIER, SimulatedExecution.Listener.NONE);
      e.commitAndCertify(next, H, CertificationScope.METADATA);
      exec.add(e);
      nodes.add(new CertificationNode(SUBNET, new Certifier(id, membership, crypto.forNode(id), e), e));
    }
  }

  private CertificationShare ownShare(int i) {
    CertificationNode.StepResult r = nodes.get(i).step(consensus);
    assertThat(r.created()).hasSize(1);
    return (CertificationShare) r.created().get(0);
  }

  @Test
  void step_sharesOfTheThreshold_aggregatedDeliveredAndVerifiableUnderTheSubnetKey() {
    List<CertificationShare> shares = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shares.add(ownShare(i));
    }
    assertThat(shares.get(0).signedBytes()).startsWith(0x0d, 'i', 'c', '-', 's', 't', 'a', 't', 'e', '-', 'r', 'o', 'o', 't');
    assertThat(shares.get(0).signedBytes()).hasSize(14 + 32);
    nodes.get(0).receive(shares.get(1));
    CertificationNode.StepResult r = nodes.get(0).step(consensus);
    assertThat(exec.get(0).latestCertifiedHeight()).as("2 of a threshold of 3").isEqualTo(Height.ZERO);
    nodes.get(0).receive(shares.get(2));
    r = nodes.get(0).step(consensus);
    assertThat(r.delivered()).isEqualTo(1);
    assertThat(r.invalid()).isEmpty();
    assertThat(exec.get(0).latestCertifiedHeight()).isEqualTo(H);
    FullCertification c = (FullCertification) r.created().get(0);
    assertThat(c.signature().signer()).isEqualTo(crypto.genesisTranscript(NiDkgTag.HIGH_THRESHOLD).dkgId());
    assertThat(crypto.forNode(ids.get(3)).verifyBySubnetKey(c.signedBytes(), c.signature().signature())).isTrue();
    assertThat(exec.get(0).latestCertifiedState().orElseThrow().certification()).isEqualTo(c.toCertification(SUBNET));

    // A node that receives the aggregate takes it without needing the shares.
    nodes.get(3).receive(c);
    assertThat(nodes.get(3).step(consensus).delivered()).isEqualTo(1);
    assertThat(exec.get(3).latestCertifiedHeight()).isEqualTo(H);
  }

  @Test
  void step_byzantineShares_droppedAndTheNodeKeepsGoing() {
    CertificationShare good1 = ownShare(1);
    CertificationShare good2 = ownShare(2);
    CertificationShare own3 = ownShare(3);
    byte[] flipped = own3.signature().signature().toByteArray();
    flipped[0] ^= 1;
    CertificationShare corrupted = new CertificationShare(H, root, new ThresholdSignatureShare(ids.get(3), Bytes.of(flipped)));
    CertificationShare outsider = new CertificationShare(H, root, new ThresholdSignatureShare(NodeId.ofIndex(99), own3.signature().signature()));
    CertificationShare stolen = new CertificationShare(H, root, new ThresholdSignatureShare(ids.get(2), own3.signature().signature()));
    FullCertification forged = new FullCertification(H, root, new ThresholdSignature(Bytes.of(new byte[8]), crypto.genesisTranscript(NiDkgTag.HIGH_THRESHOLD).dkgId()));
    FullCertification wrongKey = new FullCertification(H, root, new ThresholdSignature(Bytes.of(new byte[8]), crypto.genesisTranscript(NiDkgTag.LOW_THRESHOLD).dkgId()));
    CertificationNode n = nodes.get(0);
    for (CertificationMessage m : List.of(corrupted, outsider, stolen, forged, wrongKey)) {
      n.receive(m);
    }
    CertificationNode.StepResult r = n.step(consensus);
    assertThat(r.invalid()).extracting(CertificationChange.HandleInvalid::reason)
        .anySatisfy(x -> assertThat(x).contains("does not verify"))
        .anySatisfy(x -> assertThat(x).contains("holds no share"))
        .anySatisfy(x -> assertThat(x).contains("active high-threshold key is"));
    assertThat(r.invalid()).hasSize(5);
    assertThat(exec.get(0).latestCertifiedHeight()).isEqualTo(Height.ZERO);
    n.receive(good1);
    n.receive(good2);
    r = n.step(consensus);
    assertThat(r.delivered()).isEqualTo(1);
    assertThat(exec.get(0).latestCertifiedHeight()).isEqualTo(H);
    assertThat(n.pool().unvalidatedSize()).isZero();
  }

  @Test
  void step_shareOnAnotherRootHash_neverAggregatedWithTheHonestOnes() {
    CertificationShare good1 = ownShare(1);
    // Node 4 signs a different root (a valid signature on the wrong state): it is a valid share,
    // but 2 honest + 1 wrong do not make a certification of either root.
    Bytes other = Bytes.of(new byte[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
    Bytes sig = crypto.forNode(ids.get(3)).signThreshold(crypto.genesisTranscript(NiDkgTag.HIGH_THRESHOLD), CertificationMessage.signedBytes(other));
    CertificationShare wrong = new CertificationShare(H, other, new ThresholdSignatureShare(ids.get(3), sig));
    nodes.get(0).receive(good1);
    nodes.get(0).receive(wrong);
    CertificationNode.StepResult r = nodes.get(0).step(consensus);
    assertThat(r.invalid()).isEmpty();
    assertThat(exec.get(0).latestCertifiedHeight()).isEqualTo(Height.ZERO);
    nodes.get(0).receive(ownShare(2));
    assertThat(nodes.get(0).step(consensus).delivered()).isEqualTo(1);
    assertThat(exec.get(0).latestCertifiedState().orElseThrow().certification().rootHash()).isEqualTo(root);
  }

  @Test
  void codec_everyKind_roundTripsAndMalformedBytesAreRejected() {
    CertificationShare s = ownShare(0);
    nodes.get(0).receive(ownShare(1));
    nodes.get(0).receive(ownShare(2));
    FullCertification c = (FullCertification) nodes.get(0).step(consensus).created().get(0);
    for (CertificationMessage m : List.of(s, c)) {
      assertThat(CertificationCodec.decode(CertificationCodec.encode(m))).isEqualTo(m);
    }
    byte[] raw = CertificationCodec.encode(s).toByteArray();
    byte[] extra = java.util.Arrays.copyOf(raw, raw.length + 2);
    extra[raw.length] = (byte) 0x78; // field 15, varint
    extra[raw.length + 1] = 1;
    assertThatThrownBy(() -> CertificationCodec.decode(Bytes.of(extra))).isInstanceOf(MalformedArtifactException.class).hasMessageContaining("unknown fields");
    assertThatThrownBy(() -> CertificationCodec.decode(Bytes.of(java.util.Arrays.copyOf(raw, raw.length - 3)))).isInstanceOf(MalformedArtifactException.class);
    assertThatThrownBy(() -> CertificationCodec.decode(Bytes.EMPTY)).isInstanceOf(MalformedArtifactException.class).hasMessageContaining("empty");
    var pb = org.jicp.consensus.internal.proto.CertificationMessagePb.newBuilder()
        .setShare(org.jicp.consensus.internal.proto.CertificationSharePb.newBuilder().setHeight(1).setRootHash(com.google.protobuf.ByteString.copyFrom(new byte[31])))
        .build();
    assertThatThrownBy(() -> CertificationCodec.decode(Bytes.of(pb.toByteArray()))).isInstanceOf(MalformedArtifactException.class);
  }
}
