package org.jicp.consensus.certification;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.internal.StrictProto;
import org.jicp.consensus.internal.proto.CertificationArtifactPb;
import org.jicp.consensus.internal.proto.CertificationMessagePb;
import org.jicp.consensus.internal.proto.CertificationSharePb;
import org.jicp.consensus.internal.proto.ThresholdSignaturePb;
import org.jicp.consensus.internal.proto.ThresholdSignatureSharePb;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/**
 * Certification artifacts to and from their protobuf encoding ({@code CertificationMessagePb} of
 * {@code consensus.proto}), strictly as {@link org.jicp.consensus.artifact.ArtifactCodec} decodes consensus artifacts: only
 * the canonical encoding, no unknown fields, required sub-messages present, a 32-byte root hash,
 * a non-negative height; anything else throws {@link MalformedArtifactException}. Signatures are
 * the certifier's to check.
 */
public final class CertificationCodec {
  private CertificationCodec() {}

  /** The canonical encoding of {@code m}. */
  public static Bytes encode(CertificationMessage m) {
    CertificationMessagePb.Builder b = CertificationMessagePb.newBuilder();
    if (m instanceof CertificationShare s) {
      b.setShare(
          CertificationSharePb.newBuilder()
              .setHeight(s.height().value())
              .setRootHash(bs(s.rootHash()))
              .setSignature(
                  ThresholdSignatureSharePb.newBuilder()
                      .setSigner(ByteString.copyFrom(s.signature().signer().toByteArray()))
                      .setSignature(bs(s.signature().signature()))));
    } else {
      FullCertification c = (FullCertification) m;
      ThresholdSignaturePb sig =
          ThresholdSignaturePb.newBuilder().setSignature(bs(c.signature().signature())).setSigner(StrictProto.dkgId(c.signature().signer())).build();
      b.setCertification(CertificationArtifactPb.newBuilder().setHeight(c.height().value()).setRootHash(bs(c.rootHash())).setSignature(sig));
    }
    return Bytes.of(b.build().toByteArray());
  }

  /**
   * Decodes a certification artifact.
   *
   * @throws MalformedArtifactException if the bytes are not the canonical encoding of a valid one
   */
  public static CertificationMessage decode(Bytes bytes) {
    byte[] raw = bytes.toByteArray();
    CertificationMessagePb pb;
    try {
      pb = CertificationMessagePb.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedArtifactException("not a CertificationMessagePb: " + e.getMessage(), e);
    }
    StrictProto.rejectUnknownFields(pb, "CertificationMessagePb");
    if (!java.util.Arrays.equals(pb.toByteArray(), raw)) {
      throw new MalformedArtifactException("not the canonical encoding (duplicate, reordered or defaulted fields)");
    }
    try {
      return switch (pb.getMsgCase()) {
        case SHARE -> {
          CertificationSharePb s = pb.getShare();
          require(s.hasSignature(), "CertificationSharePb.signature");
          ThresholdSignatureShare sig =
              new ThresholdSignatureShare(StrictProto.node(s.getSignature().getSigner()), Bytes.of(s.getSignature().getSignature().toByteArray()));
          yield new CertificationShare(height(s.getHeight()), root(s.getRootHash()), sig);
        }
        case CERTIFICATION -> {
          CertificationArtifactPb c = pb.getCertification();
          require(c.hasSignature(), "CertificationArtifactPb.signature");
          require(c.getSignature().hasSigner(), "ThresholdSignaturePb.signer");
          ThresholdSignature sig =
              new ThresholdSignature(Bytes.of(c.getSignature().getSignature().toByteArray()), StrictProto.dkgId(c.getSignature().getSigner()));
          yield new FullCertification(height(c.getHeight()), root(c.getRootHash()), sig);
        }
        case MSG_NOT_SET -> throw new MalformedArtifactException("an empty CertificationMessagePb");
      };
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedArtifactException("invalid field: " + e.getMessage(), e);
    }
  }

  private static void require(boolean present, String what) {
    if (!present) {
      throw new MalformedArtifactException("missing " + what);
    }
  }

  private static Height height(long v) {
    if (v < 0) {
      throw new MalformedArtifactException("height out of range: " + Long.toUnsignedString(v));
    }
    return Height.of(v);
  }

  private static Bytes root(ByteString b) {
    if (b.size() != 32) {
      throw new MalformedArtifactException("a certified root hash is 32 bytes, got " + b.size());
    }
    return Bytes.of(b.toByteArray());
  }

  private static ByteString bs(Bytes b) {
    return ByteString.copyFrom(b.toByteArray());
  }
}
