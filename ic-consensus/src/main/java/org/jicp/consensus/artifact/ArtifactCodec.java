package org.jicp.consensus.artifact;

import org.jicp.types.MessageId;

import org.jicp.types.IngressMessage;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.Rank;
import org.jicp.types.RegistryVersion;
import org.jicp.types.Time;
import org.jicp.consensus.internal.proto.BasicSignaturePb;
import org.jicp.consensus.internal.proto.BlockPb;
import org.jicp.consensus.internal.proto.BlockProposalPb;
import org.jicp.consensus.internal.proto.CatchUpContentPb;
import org.jicp.consensus.internal.proto.CatchUpPackagePb;
import org.jicp.consensus.internal.proto.CatchUpPackageSharePb;
import org.jicp.consensus.internal.proto.CatchUpShareContentPb;
import org.jicp.consensus.internal.proto.ConsensusMessagePb;
import org.jicp.consensus.internal.CertificationPbs;
import org.jicp.consensus.internal.StrictProto;
import org.jicp.consensus.internal.proto.CertifiedStreamSlicePb;
import org.jicp.consensus.internal.proto.DataPayloadPb;
import org.jicp.consensus.internal.proto.XNetSlicePb;
import org.jicp.consensus.internal.proto.DealingMessagePb;
import org.jicp.consensus.internal.proto.DkgConfigPb;
import org.jicp.consensus.internal.proto.DkgSummaryPb;
import org.jicp.consensus.internal.proto.DkgTranscriptPb;
import org.jicp.consensus.internal.proto.EquivocationProofPb;
import org.jicp.consensus.internal.proto.FinalizationPb;
import org.jicp.consensus.internal.proto.FinalizationSharePb;
import org.jicp.consensus.internal.proto.IngressMessagePb;
import org.jicp.consensus.internal.proto.MultiSignaturePb;
import org.jicp.consensus.internal.proto.MultiSignatureSharePb;
import org.jicp.consensus.internal.proto.NiDkgIdPb;
import org.jicp.consensus.internal.proto.NotarizationPb;
import org.jicp.consensus.internal.proto.NotarizationSharePb;
import org.jicp.consensus.internal.proto.NotaryContentPb;
import org.jicp.consensus.internal.proto.RandomBeaconContentPb;
import org.jicp.consensus.internal.proto.RandomBeaconPb;
import org.jicp.consensus.internal.proto.RandomBeaconSharePb;
import org.jicp.consensus.internal.proto.RandomTapeContentPb;
import org.jicp.consensus.internal.proto.RandomTapePb;
import org.jicp.consensus.internal.proto.RandomTapeSharePb;
import org.jicp.consensus.internal.proto.ThresholdSignaturePb;
import org.jicp.consensus.internal.proto.ThresholdSignatureSharePb;
import org.jicp.consensus.internal.proto.ValidationContextPb;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * Consensus artifacts to and from their protobuf encoding ({@code src/main/proto/consensus.proto}).
 *
 * <p>Decoding is the one place where bytes from peers become artifacts, and it is strict: the
 * input must be the canonical encoding of a {@code ConsensusMessagePb} (re-encoding the decoded
 * message gives the same bytes, so duplicate, reordered or explicitly defaulted fields are
 * rejected), with no unknown field at any depth, every required sub-message present, hashes of 32
 * bytes, principals, heights, ranks and tags in range, sorted signer lists, and a block proposal's
 * hash equal to the hash of its block. Anything else throws {@link MalformedArtifactException}
 * naming the problem. Signatures are not checked here: that is the validator's job.
 */
public final class ArtifactCodec {
  private ArtifactCodec() {}

  /** The canonical encoding of {@code message}. */
  public static Bytes encode(ConsensusMessage message) {
    return Bytes.of(toPb(message).toByteArray());
  }

  /**
   * Decodes a consensus message.
   *
   * @throws MalformedArtifactException if the bytes are not the canonical encoding of a valid
   *     artifact
   */
  public static ConsensusMessage decode(Bytes bytes) {
    byte[] raw = bytes.toByteArray();
    ConsensusMessagePb pb;
    try {
      pb = ConsensusMessagePb.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedArtifactException("not a ConsensusMessagePb: " + e.getMessage(), e);
    }
    rejectUnknownFields(pb, "ConsensusMessagePb");
    if (!java.util.Arrays.equals(pb.toByteArray(), raw)) {
      throw new MalformedArtifactException("not the canonical encoding (duplicate, reordered or defaulted fields)");
    }
    try {
      return fromPb(pb);
    } catch (IllegalArgumentException | CryptoException | ArithmeticException e) {
      throw new MalformedArtifactException("invalid field: " + e.getMessage(), e);
    }
  }

  private static void rejectUnknownFields(Message m, String path) {
    StrictProto.rejectUnknownFields(m, path);
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding

  static ConsensusMessagePb toPb(ConsensusMessage m) {
    ConsensusMessagePb.Builder b = ConsensusMessagePb.newBuilder();
    if (m instanceof BlockProposal p) {
      b.setBlockProposal(
          BlockProposalPb.newBuilder()
              .setBlock(block(p.block().block()))
              .setHash(bs(p.block().hash().value()))
              .setSignature(BasicSignaturePb.newBuilder().setSigner(node(p.signer())).setSignature(bs(p.signature().signature()))));
    } else if (m instanceof NotarizationShare s) {
      b.setNotarizationShare(
          NotarizationSharePb.newBuilder().setContent(content(s.content())).setSignature(multiShare(s.signature())));
    } else if (m instanceof Notarization n) {
      b.setNotarization(NotarizationPb.newBuilder().setContent(content(n.content())).setSignature(multi(n.signature())));
    } else if (m instanceof FinalizationShare s) {
      b.setFinalizationShare(
          FinalizationSharePb.newBuilder().setContent(content(s.content())).setSignature(multiShare(s.signature())));
    } else if (m instanceof Finalization f) {
      b.setFinalization(FinalizationPb.newBuilder().setContent(content(f.content())).setSignature(multi(f.signature())));
    } else if (m instanceof RandomBeaconShare s) {
      b.setRandomBeaconShare(
          RandomBeaconSharePb.newBuilder().setContent(beaconContent(s.content())).setSignature(thresholdShare(s.signature())));
    } else if (m instanceof RandomBeacon r) {
      b.setRandomBeacon(beacon(r));
    } else if (m instanceof RandomTapeShare s) {
      b.setRandomTapeShare(
          RandomTapeSharePb.newBuilder().setContent(tapeContent(s.content())).setSignature(thresholdShare(s.signature())));
    } else if (m instanceof RandomTape t) {
      b.setRandomTape(RandomTapePb.newBuilder().setContent(tapeContent(t.content())).setSignature(threshold(t.signature())));
    } else if (m instanceof CatchUpPackageShare s) {
      b.setCatchUpPackageShare(
          CatchUpPackageSharePb.newBuilder().setContent(cupShareContent(s.content())).setSignature(thresholdShare(s.signature())));
    } else if (m instanceof CatchUpPackage c) {
      CatchUpContent cc = c.content();
      b.setCatchUpPackage(
          CatchUpPackagePb.newBuilder()
              .setContent(
                  CatchUpContentPb.newBuilder()
                      .setBlock(block(cc.block().block()))
                      .setRandomBeacon(beacon(cc.randomBeacon()))
                      .setStateHash(bs(cc.stateHash().value()))
                      .setOldestRegistryVersionInUse(cc.oldestRegistryVersionInUse().value()))
              .setSignature(threshold(c.signature())));
    } else if (m instanceof EquivocationProof e) {
      b.setEquivocationProof(
          EquivocationProofPb.newBuilder()
              .setSigner(node(e.signer()))
              .setVersion(e.version())
              .setHeight(e.height().value())
              .setRank(e.rank().value())
              .setHash1(bs(e.hash1().value()))
              .setSignature1(bs(e.signature1()))
              .setHash2(bs(e.hash2().value()))
              .setSignature2(bs(e.signature2())));
    } else if (m instanceof DealingMessage d) {
      b.setDealing(dealing(d));
    } else {
      throw new IllegalArgumentException("unknown artifact " + m.getClass());
    }
    return b.build();
  }

  private static ByteString bs(Bytes b) {
    return ByteString.copyFrom(b.toByteArray());
  }

  private static ByteString node(NodeId n) {
    return ByteString.copyFrom(n.principal().toByteArray());
  }

  private static NiDkgIdPb dkgId(NiDkgId id) {
    return StrictProto.dkgId(id);
  }

  private static ValidationContextPb context(ValidationContext c) {
    return ValidationContextPb.newBuilder()
        .setRegistryVersion(c.registryVersion().value())
        .setCertifiedHeight(c.certifiedHeight().value())
        .setTime(c.time().nanos())
        .build();
  }

  private static DealingMessagePb dealing(DealingMessage d) {
    return DealingMessagePb.newBuilder()
        .setDkgId(dkgId(d.dkgId()))
        .setDealer(node(d.dealer()))
        .setDealing(bs(d.dealing()))
        .setSignature(bs(d.signature()))
        .build();
  }

  private static List<ByteString> nodes(List<NodeId> ns) {
    List<ByteString> out = new ArrayList<>(ns.size());
    for (NodeId n : ns) {
      out.add(node(n));
    }
    return out;
  }

  private static DkgTranscriptPb transcript(DkgTranscript t) {
    return DkgTranscriptPb.newBuilder()
        .setDkgId(dkgId(t.dkgId()))
        .setThreshold(t.threshold())
        .addAllCommittee(nodes(t.committee()))
        .setData(bs(t.data()))
        .build();
  }

  static BlockPb block(Block blk) {
    BlockPb.Builder b =
        BlockPb.newBuilder()
            .setVersion(blk.version())
            .setParent(bs(blk.parent().value()))
            .setHeight(blk.height().value())
            .setRank(blk.rank().value())
            .setContext(context(blk.context()));
    if (blk.payload() instanceof DataPayload d) {
      DataPayloadPb.Builder p = DataPayloadPb.newBuilder();
      for (IngressMessage m : d.ingress()) {
        p.addIngress(
            IngressMessagePb.newBuilder().setMessageId(bs(m.messageId().bytes())).setExpiry(m.expiry().nanos()).setContent(bs(m.content())));
      }
      for (DealingMessage dm : d.dealings()) {
        p.addDealings(dealing(dm));
      }
      for (Map.Entry<SubnetId, CertifiedStreamSlice> e : d.xnet().entrySet()) {
        p.addXnet(XNetSlicePb.newBuilder().setSubnetId(ByteString.copyFrom(e.getKey().toByteArray())).setSlice(slice(e.getValue())));
      }
      b.setData(p);
    } else {
      DkgSummary s = ((SummaryPayload) blk.payload()).summary();
      DkgSummaryPb.Builder p =
          DkgSummaryPb.newBuilder()
              .setHeight(s.height().value())
              .setIntervalLength(s.intervalLength())
              .setRegistryVersion(s.registryVersion().value())
              .addAllCommittee(nodes(s.committee()));
      s.current().forEach(t -> p.addCurrent(transcript(t)));
      s.next().forEach(t -> p.addNext(transcript(t)));
      for (DkgConfig c : s.configs()) {
        DkgConfigPb.Builder cb =
            DkgConfigPb.newBuilder()
                .setDkgId(dkgId(c.dkgId()))
                .addAllDealers(nodes(c.dealers()))
                .addAllReceivers(nodes(c.receivers()))
                .setThreshold(c.threshold());
        c.resharing().ifPresent(r -> cb.setResharing(dkgId(r)));
        p.addConfigs(cb);
      }
      b.setSummary(p);
    }
    return b.build();
  }

  private static CertifiedStreamSlicePb slice(CertifiedStreamSlice s) {
    return CertifiedStreamSlicePb.newBuilder()
        .setPayload(bs(s.payload()))
        .setMerkleProof(bs(s.merkleProof()))
        .setCertification(CertificationPbs.encode(s.certification()))
        .build();
  }

  private static NotaryContentPb content(NotarizationContent c) {
    return NotaryContentPb.newBuilder().setVersion(c.version()).setHeight(c.height().value()).setBlock(bs(c.block().value())).build();
  }

  private static NotaryContentPb content(FinalizationContent c) {
    return NotaryContentPb.newBuilder().setVersion(c.version()).setHeight(c.height().value()).setBlock(bs(c.block().value())).build();
  }

  private static MultiSignatureSharePb multiShare(MultiSignatureShare s) {
    return MultiSignatureSharePb.newBuilder().setSigner(node(s.signer())).setSignature(bs(s.signature())).build();
  }

  private static MultiSignaturePb multi(MultiSignature s) {
    return MultiSignaturePb.newBuilder().addAllSigners(nodes(s.signers())).setSignature(bs(s.signature())).build();
  }

  private static ThresholdSignatureSharePb thresholdShare(ThresholdSignatureShare s) {
    return ThresholdSignatureSharePb.newBuilder().setSigner(node(s.signer())).setSignature(bs(s.signature())).build();
  }

  private static ThresholdSignaturePb threshold(ThresholdSignature s) {
    return ThresholdSignaturePb.newBuilder().setSignature(bs(s.signature())).setSigner(dkgId(s.signer())).build();
  }

  private static RandomBeaconContentPb beaconContent(RandomBeaconContent c) {
    return RandomBeaconContentPb.newBuilder().setVersion(c.version()).setHeight(c.height()).setParent(bs(c.parent().value())).build();
  }

  private static RandomBeaconPb beacon(RandomBeacon r) {
    return RandomBeaconPb.newBuilder().setContent(beaconContent(r.content())).setSignature(threshold(r.signature())).build();
  }

  private static RandomTapeContentPb tapeContent(RandomTapeContent c) {
    return RandomTapeContentPb.newBuilder().setVersion(c.version()).setHeight(c.height()).build();
  }

  private static CatchUpShareContentPb cupShareContent(CatchUpShareContent c) {
    return CatchUpShareContentPb.newBuilder()
        .setVersion(c.version())
        .setHeight(c.height().value())
        .setBlock(bs(c.block().value()))
        .setRandomBeacon(bs(c.randomBeacon().value()))
        .setStateHash(bs(c.stateHash().value()))
        .setOldestRegistryVersionInUse(c.oldestRegistryVersionInUse().value())
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Decoding

  private static ConsensusMessage fromPb(ConsensusMessagePb pb) {
    switch (pb.getMsgCase()) {
      case BLOCK_PROPOSAL -> {
        BlockProposalPb p = pb.getBlockProposal();
        require(p.hasBlock(), "BlockProposalPb.block");
        require(p.hasSignature(), "BlockProposalPb.signature");
        HashedBlock hb = HashedBlock.of(block(p.getBlock()));
        if (!hb.hash().value().equals(bytes(p.getHash()))) {
          throw new MalformedArtifactException("block proposal: the hash does not match the block (integrity check)");
        }
        return new BlockProposal(hb, new BasicSignature(node(p.getSignature().getSigner()), bytes(p.getSignature().getSignature())));
      }
      case NOTARIZATION_SHARE -> {
        NotarizationSharePb p = pb.getNotarizationShare();
        require(p.hasContent() && p.hasSignature(), "NotarizationSharePb content and signature");
        NotaryContentPb c = p.getContent();
        return new NotarizationShare(
            new NotarizationContent(c.getVersion(), height(c.getHeight()), hash(c.getBlock())), multiShare(p.getSignature()));
      }
      case NOTARIZATION -> {
        NotarizationPb p = pb.getNotarization();
        require(p.hasContent() && p.hasSignature(), "NotarizationPb content and signature");
        NotaryContentPb c = p.getContent();
        return new Notarization(new NotarizationContent(c.getVersion(), height(c.getHeight()), hash(c.getBlock())), multi(p.getSignature()));
      }
      case FINALIZATION_SHARE -> {
        FinalizationSharePb p = pb.getFinalizationShare();
        require(p.hasContent() && p.hasSignature(), "FinalizationSharePb content and signature");
        NotaryContentPb c = p.getContent();
        return new FinalizationShare(
            new FinalizationContent(c.getVersion(), height(c.getHeight()), hash(c.getBlock())), multiShare(p.getSignature()));
      }
      case FINALIZATION -> {
        FinalizationPb p = pb.getFinalization();
        require(p.hasContent() && p.hasSignature(), "FinalizationPb content and signature");
        NotaryContentPb c = p.getContent();
        return new Finalization(new FinalizationContent(c.getVersion(), height(c.getHeight()), hash(c.getBlock())), multi(p.getSignature()));
      }
      case RANDOM_BEACON_SHARE -> {
        RandomBeaconSharePb p = pb.getRandomBeaconShare();
        require(p.hasContent() && p.hasSignature(), "RandomBeaconSharePb content and signature");
        return new RandomBeaconShare(beaconContent(p.getContent()), thresholdShare(p.getSignature()));
      }
      case RANDOM_BEACON -> {
        return beacon(pb.getRandomBeacon());
      }
      case RANDOM_TAPE_SHARE -> {
        RandomTapeSharePb p = pb.getRandomTapeShare();
        require(p.hasContent() && p.hasSignature(), "RandomTapeSharePb content and signature");
        return new RandomTapeShare(tapeContent(p.getContent()), thresholdShare(p.getSignature()));
      }
      case RANDOM_TAPE -> {
        RandomTapePb p = pb.getRandomTape();
        require(p.hasContent() && p.hasSignature(), "RandomTapePb content and signature");
        return new RandomTape(tapeContent(p.getContent()), threshold(p.getSignature()));
      }
      case CATCH_UP_PACKAGE_SHARE -> {
        CatchUpPackageSharePb p = pb.getCatchUpPackageShare();
        require(p.hasContent() && p.hasSignature(), "CatchUpPackageSharePb content and signature");
        CatchUpShareContentPb c = p.getContent();
        return new CatchUpPackageShare(
            new CatchUpShareContent(
                c.getVersion(),
                height(c.getHeight()),
                hash(c.getBlock()),
                hash(c.getRandomBeacon()),
                hash(c.getStateHash()),
                RegistryVersion.of(nonNegative(c.getOldestRegistryVersionInUse(), "registry version"))),
            thresholdShare(p.getSignature()));
      }
      case CATCH_UP_PACKAGE -> {
        CatchUpPackagePb p = pb.getCatchUpPackage();
        require(p.hasContent() && p.hasSignature(), "CatchUpPackagePb content and signature");
        CatchUpContentPb c = p.getContent();
        require(c.hasBlock() && c.hasRandomBeacon(), "CatchUpContentPb block and random_beacon");
        return new CatchUpPackage(
            new CatchUpContent(
                HashedBlock.of(block(c.getBlock())),
                beacon(c.getRandomBeacon()),
                hash(c.getStateHash()),
                RegistryVersion.of(nonNegative(c.getOldestRegistryVersionInUse(), "registry version"))),
            threshold(p.getSignature()));
      }
      case EQUIVOCATION_PROOF -> {
        EquivocationProofPb p = pb.getEquivocationProof();
        return new EquivocationProof(
            node(p.getSigner()),
            p.getVersion(),
            height(p.getHeight()),
            rank(p.getRank()),
            hash(p.getHash1()),
            bytes(p.getSignature1()),
            hash(p.getHash2()),
            bytes(p.getSignature2()));
      }
      case DEALING -> {
        return dealing(pb.getDealing());
      }
      default -> throw new MalformedArtifactException("ConsensusMessagePb carries no artifact");
    }
  }

  private static void require(boolean present, String what) {
    if (!present) {
      throw new MalformedArtifactException("missing " + what);
    }
  }

  private static Bytes bytes(ByteString b) {
    return Bytes.of(b.toByteArray());
  }

  private static CryptoHash hash(ByteString b) {
    if (b.size() != Artifacts.HASH_LENGTH) {
      throw new MalformedArtifactException("a hash is 32 bytes, got " + b.size());
    }
    return new CryptoHash(bytes(b));
  }

  private static long nonNegative(long v, String what) {
    if (v < 0) {
      throw new MalformedArtifactException(what + " out of range: " + Long.toUnsignedString(v));
    }
    return v;
  }

  private static Height height(long v) {
    return Height.of(nonNegative(v, "height"));
  }

  private static Rank rank(long v) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new MalformedArtifactException("rank out of range: " + Long.toUnsignedString(v));
    }
    return Rank.of((int) v);
  }

  private static NodeId node(ByteString b) {
    if (b.isEmpty()) {
      throw new MalformedArtifactException("missing node id");
    }
    return new NodeId(Principal.fromBytes(b.toByteArray()));
  }

  private static List<NodeId> nodeIds(List<ByteString> bs) {
    List<NodeId> out = new ArrayList<>(bs.size());
    for (ByteString b : bs) {
      out.add(node(b));
    }
    return out;
  }

  private static NiDkgId dkgId(NiDkgIdPb pb) {
    return StrictProto.dkgId(pb);
  }

  private static NiDkgId dkgIdRequired(boolean has, NiDkgIdPb pb, String what) {
    require(has, what);
    return dkgId(pb);
  }

  private static ValidationContext context(ValidationContextPb c) {
    return new ValidationContext(
        RegistryVersion.of(nonNegative(c.getRegistryVersion(), "registry version")),
        height(c.getCertifiedHeight()),
        Time.ofNanos(nonNegative(c.getTime(), "time")));
  }

  private static DealingMessage dealing(DealingMessagePb p) {
    return new DealingMessage(
        dkgIdRequired(p.hasDkgId(), p.getDkgId(), "DealingMessagePb.dkg_id"), node(p.getDealer()), bytes(p.getDealing()), bytes(p.getSignature()));
  }

  private static DkgTranscript transcript(DkgTranscriptPb p) {
    return new DkgTranscript(
        dkgIdRequired(p.hasDkgId(), p.getDkgId(), "DkgTranscriptPb.dkg_id"), p.getThreshold(), nodeIds(p.getCommitteeList()), bytes(p.getData()));
  }

  static Block block(BlockPb p) {
    require(p.hasContext(), "BlockPb.context");
    BlockPayload payload;
    switch (p.getPayloadCase()) {
      case DATA -> {
        List<IngressMessage> ingress = new ArrayList<>();
        for (IngressMessagePb m : p.getData().getIngressList()) {
          if (m.getMessageId().size() != IngressMessage.ID_LENGTH) {
            throw new MalformedArtifactException("an ingress message id is 32 bytes, got " + m.getMessageId().size());
          }
          ingress.add(new IngressMessage(new MessageId(bytes(m.getMessageId())), Time.ofNanos(nonNegative(m.getExpiry(), "expiry")), bytes(m.getContent())));
        }
        List<DealingMessage> dealings = new ArrayList<>();
        for (DealingMessagePb d : p.getData().getDealingsList()) {
          dealings.add(dealing(d));
        }
        SortedMap<SubnetId, CertifiedStreamSlice> xnet = new TreeMap<>();
        SubnetId previous = null;
        for (XNetSlicePb x : p.getData().getXnetList()) {
          require(x.hasSlice(), "XNetSlicePb.slice");
          SubnetId from = CertificationPbs.subnet(x.getSubnetId());
          if (previous != null && previous.compareTo(from) >= 0) {
            throw new MalformedArtifactException("stream slices must be sorted by distinct sending subnet");
          }
          previous = from;
          xnet.put(from, slice(x.getSlice()));
        }
        payload = new DataPayload(ingress, xnet, dealings);
      }
      case SUMMARY -> {
        DkgSummaryPb s = p.getSummary();
        List<DkgTranscript> current = new ArrayList<>();
        s.getCurrentList().forEach(t -> current.add(transcript(t)));
        List<DkgTranscript> next = new ArrayList<>();
        s.getNextList().forEach(t -> next.add(transcript(t)));
        List<DkgConfig> configs = new ArrayList<>();
        for (DkgConfigPb c : s.getConfigsList()) {
          configs.add(
              new DkgConfig(
                  dkgIdRequired(c.hasDkgId(), c.getDkgId(), "DkgConfigPb.dkg_id"),
                  nodeIds(c.getDealersList()),
                  nodeIds(c.getReceiversList()),
                  c.getThreshold(),
                  c.hasResharing() ? Optional.of(dkgId(c.getResharing())) : Optional.empty()));
        }
        payload =
            new SummaryPayload(
                new DkgSummary(
                    height(s.getHeight()),
                    nonNegative(s.getIntervalLength(), "interval length"),
                    RegistryVersion.of(nonNegative(s.getRegistryVersion(), "registry version")),
                    nodeIds(s.getCommitteeList()),
                    current,
                    next,
                    configs));
      }
      default -> throw new MalformedArtifactException("BlockPb has no payload");
    }
    CryptoHash parent = p.getParent().isEmpty() ? CryptoHash.EMPTY : hash(p.getParent());
    return new Block(p.getVersion(), parent, height(p.getHeight()), rank(p.getRank()), context(p.getContext()), payload);
  }

  private static CertifiedStreamSlice slice(CertifiedStreamSlicePb p) {
    require(p.hasCertification(), "CertifiedStreamSlicePb.certification");
    return new CertifiedStreamSlice(bytes(p.getPayload()), bytes(p.getMerkleProof()), CertificationPbs.decode(p.getCertification()));
  }

  private static MultiSignatureShare multiShare(MultiSignatureSharePb p) {
    return new MultiSignatureShare(node(p.getSigner()), bytes(p.getSignature()));
  }

  private static MultiSignature multi(MultiSignaturePb p) {
    return new MultiSignature(nodeIds(p.getSignersList()), bytes(p.getSignature()));
  }

  private static ThresholdSignatureShare thresholdShare(ThresholdSignatureSharePb p) {
    return new ThresholdSignatureShare(node(p.getSigner()), bytes(p.getSignature()));
  }

  private static ThresholdSignature threshold(ThresholdSignaturePb p) {
    return new ThresholdSignature(bytes(p.getSignature()), dkgIdRequired(p.hasSigner(), p.getSigner(), "ThresholdSignaturePb.signer"));
  }

  private static RandomBeaconContent beaconContent(RandomBeaconContentPb c) {
    CryptoHash parent = c.getParent().isEmpty() ? CryptoHash.EMPTY : hash(c.getParent());
    return new RandomBeaconContent(c.getVersion(), nonNegative(c.getHeight(), "height"), parent);
  }

  private static RandomBeacon beacon(RandomBeaconPb p) {
    require(p.hasContent() && p.hasSignature(), "RandomBeaconPb content and signature");
    return new RandomBeacon(beaconContent(p.getContent()), threshold(p.getSignature()));
  }

  private static RandomTapeContent tapeContent(RandomTapeContentPb c) {
    return new RandomTapeContent(c.getVersion(), nonNegative(c.getHeight(), "height"));
  }
}
