package org.jicp.consensus.internal;

import com.google.protobuf.ByteString;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.internal.proto.CertificationPb;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;

/**
 * The protobuf form of a subnet's {@link Certification}, shared by the block codec (stream slices
 * carry their sender's certification) and the certification pool's codec. Decoding is strict: a
 * 32-byte root hash, a non-negative height, a non-empty signer principal.
 */
public final class CertificationPbs {
  private CertificationPbs() {}

  /** The encoding of {@code c}. */
  public static CertificationPb encode(Certification c) {
    return CertificationPb.newBuilder()
        .setHeight(c.height().value())
        .setRootHash(ByteString.copyFrom(c.rootHash().toByteArray()))
        .setSignature(ByteString.copyFrom(c.signature().toByteArray()))
        .setSigner(ByteString.copyFrom(c.signer().toByteArray()))
        .build();
  }

  /**
   * The certification {@code p} encodes.
   *
   * @throws MalformedArtifactException if a field is out of range
   */
  public static Certification decode(CertificationPb p) {
    if (p.getRootHash().size() != 32) {
      throw new MalformedArtifactException("a certified root hash is 32 bytes, got " + p.getRootHash().size());
    }
    if (p.getHeight() < 0) {
      throw new MalformedArtifactException("height out of range: " + Long.toUnsignedString(p.getHeight()));
    }
    return new Certification(
        Height.of(p.getHeight()), Bytes.of(p.getRootHash().toByteArray()), Bytes.of(p.getSignature().toByteArray()), subnet(p.getSigner()));
  }

  /**
   * A subnet id from its principal bytes.
   *
   * @throws MalformedArtifactException if empty or too long
   */
  public static SubnetId subnet(ByteString b) {
    if (b.isEmpty()) {
      throw new MalformedArtifactException("a subnet id is a non-empty principal");
    }
    try {
      return SubnetId.fromBytes(b.toByteArray());
    } catch (IllegalArgumentException e) {
      throw new MalformedArtifactException("invalid subnet id: " + e.getMessage(), e);
    }
  }
}
