package org.jicp.consensus.artifact;

import org.jicp.types.IngressMessage;

import java.util.List;
import java.util.Optional;
import org.jicp.consensus.Rank;
import org.jicp.types.RegistryVersion;
import org.jicp.types.Time;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/** One artifact of every kind, with every field set. */
final class ArtifactSamples {
  private ArtifactSamples() {}

  static final Principal SUBNET = Principal.fromBytes(new byte[] {9, 9, 9});
  static final List<NodeId> NODES = List.of(NodeId.ofIndex(1), NodeId.ofIndex(2), NodeId.ofIndex(3), NodeId.ofIndex(4));

  static CryptoHash hash(int b) {
    byte[] h = new byte[32];
    h[0] = (byte) b;
    h[31] = (byte) (b * 7);
    return new CryptoHash(Bytes.of(h));
  }

  static Bytes sig(int b) {
    return Bytes.of(new byte[] {(byte) b, 1, 2, 3, 4, 5, 6, 7});
  }

  static NiDkgId dkg(long h, NiDkgTag tag) {
    return NiDkgId.local(h, SUBNET, tag);
  }

  static DealingMessage dealing() {
    return new DealingMessage(dkg(10, NiDkgTag.LOW_THRESHOLD), NODES.get(1), Bytes.of(new byte[] {1, 2, 3, 4}), sig(5));
  }

  static HashedBlock dataBlock() {
    IngressMessage m = new IngressMessage(new org.jicp.types.MessageId(hash(3).value()), Time.ofMillis(300_000), Bytes.of(new byte[] {42}));
    return HashedBlock.of(
        new Block("0.9.0", hash(1), Height.of(12), Rank.of(1), new ValidationContext(RegistryVersion.of(1), Height.of(10), Time.ofMillis(1234)),
            new DataPayload(List.of(m), xnet(), List.of(dealing()))));
  }

  /** Stream slices from two subnets. */
  static java.util.SortedMap<org.jicp.types.SubnetId, org.jicp.types.ports.CertifiedStreamSlice> xnet() {
    java.util.SortedMap<org.jicp.types.SubnetId, org.jicp.types.ports.CertifiedStreamSlice> x = new java.util.TreeMap<>();
    for (int i = 1; i <= 2; i++) {
      org.jicp.types.SubnetId from = new org.jicp.types.SubnetId(Principal.fromBytes(new byte[] {7, (byte) i}));
      x.put(from, new org.jicp.types.ports.CertifiedStreamSlice(Bytes.of(new byte[] {1, (byte) i}), Bytes.of(new byte[] {2, (byte) i}),
          new org.jicp.types.ports.Certification(Height.of(40 + i), hash(20 + i).value(), sig(30 + i), from)));
    }
    return x;
  }

  static HashedBlock summaryBlock() {
    DkgTranscript low = new DkgTranscript(dkg(0, NiDkgTag.LOW_THRESHOLD), 2, NODES, Bytes.of(new byte[] {1}));
    DkgTranscript high = new DkgTranscript(dkg(0, NiDkgTag.HIGH_THRESHOLD), 3, NODES, Bytes.of(new byte[] {2}));
    DkgConfig c1 = new DkgConfig(dkg(10, NiDkgTag.LOW_THRESHOLD), NODES, NODES, 2, Optional.empty());
    DkgConfig c2 = new DkgConfig(dkg(10, NiDkgTag.HIGH_THRESHOLD), NODES, NODES, 3, Optional.of(high.dkgId()));
    DkgSummary s = new DkgSummary(Height.of(10), 9, RegistryVersion.of(1), NODES, List.of(low, high), List.of(low, high), List.of(c1, c2));
    return HashedBlock.of(
        new Block("0.9.0", hash(2), Height.of(10), Rank.ZERO, new ValidationContext(RegistryVersion.of(1), Height.of(9), Time.ofMillis(999)),
            new SummaryPayload(s)));
  }

  static RandomBeacon beacon() {
    return new RandomBeacon(new RandomBeaconContent("0.9.0", 10, hash(4)), new ThresholdSignature(sig(6), dkg(0, NiDkgTag.LOW_THRESHOLD)));
  }

  /** One of each of the 13 kinds. */
  static List<ConsensusMessage> all() {
    HashedBlock b = dataBlock();
    NotarizationContent nc = new NotarizationContent("0.9.0", b.height(), b.hash());
    FinalizationContent fc = new FinalizationContent("0.9.0", b.height(), b.hash());
    HashedBlock summary = summaryBlock();
    CatchUpContent cc = new CatchUpContent(summary, beacon(), hash(8), RegistryVersion.of(1));
    BlockProposal p1 = new BlockProposal(b, new BasicSignature(NODES.get(0), sig(1)));
    HashedBlock b2 = HashedBlock.of(new Block("0.9.0", hash(1), Height.of(12), Rank.of(1), b.block().context(), DataPayload.EMPTY));
    BlockProposal p2 = new BlockProposal(b2, new BasicSignature(NODES.get(0), sig(2)));
    return List.of(
        p1,
        new NotarizationShare(nc, new MultiSignatureShare(NODES.get(2), sig(3))),
        new Notarization(nc, new MultiSignature(NODES.subList(0, 3), sig(4))),
        new FinalizationShare(fc, new MultiSignatureShare(NODES.get(3), sig(5))),
        new Finalization(fc, new MultiSignature(NODES.subList(1, 4), sig(6))),
        new RandomBeaconShare(beacon().content(), new ThresholdSignatureShare(NODES.get(1), sig(7))),
        beacon(),
        new RandomTapeShare(new RandomTapeContent("0.9.0", 11), new ThresholdSignatureShare(NODES.get(2), sig(8))),
        new RandomTape(new RandomTapeContent("0.9.0", 11), new ThresholdSignature(sig(9), dkg(0, NiDkgTag.LOW_THRESHOLD))),
        new CatchUpPackageShare(cc.shareContent(), new ThresholdSignatureShare(NODES.get(0), sig(10))),
        new CatchUpPackage(cc, new ThresholdSignature(sig(11), dkg(0, NiDkgTag.HIGH_THRESHOLD))),
        EquivocationProof.of(p1, p2),
        dealing());
  }
}
