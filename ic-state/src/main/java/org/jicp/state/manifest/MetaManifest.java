package org.jicp.state.manifest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.StateProtos;

/**
 * The meta-manifest: the hashes of the 1 MiB slices ("sub-manifests") of the encoded manifest.
 * Its hash is the manifest hash that names a checkpoint (state sync V1 and later).
 *
 * @param version the state sync version
 * @param subManifestHashes {@code H(ds("ic-state-sub-manifest") · slice)} of each slice
 */
public record MetaManifest(int version, List<Bytes> subManifestHashes) {
  private static final byte[] DS_META = Sha256.domainSeparator("ic-state-meta-manifest");

  /** Validates the components. */
  public MetaManifest {
    subManifestHashes = List.copyOf(subManifestHashes);
    for (Bytes h : subManifestHashes) {
      if (h.length() != 32) {
        throw new IllegalArgumentException("a sub-manifest hash is 32 bytes");
      }
    }
  }

  /**
   * {@code H(ds("ic-state-meta-manifest") · u32 version · u32 n · sub_manifest_hashes)}: the
   * manifest hash.
   */
  public Bytes hash() {
    var md = Sha256.digest();
    md.update(DS_META);
    md.update(ByteBuffer.allocate(8).putInt(version).putInt(subManifestHashes.size()).array());
    for (Bytes h : subManifestHashes) {
      md.update(h.toByteArray());
    }
    return Bytes.of(md.digest());
  }

  /** The protobuf encoding (the IC's {@code state.sync.v1.MetaManifest}). */
  public byte[] encode() {
    var b = org.jicp.state.internal.proto.MetaManifest.newBuilder().setVersion(version);
    for (Bytes h : subManifestHashes) {
      b.addSubManifestHashes(ByteString.copyFrom(h.toByteArray()));
    }
    return StateProtos.encode(b.build());
  }

  /**
   * Decodes the protobuf encoding.
   *
   * @throws MalformedEncodingException if it does not parse or a hash is not 32 bytes
   */
  public static MetaManifest decode(byte[] bytes) {
    try {
      var pb = org.jicp.state.internal.proto.MetaManifest.parseFrom(bytes);
      List<Bytes> hs = new ArrayList<>();
      for (ByteString h : pb.getSubManifestHashesList()) {
        if (h.size() != 32) {
          throw new MalformedEncodingException("meta-manifest: sub-manifest hash of " + h.size()
              + " bytes");
        }
        hs.add(Bytes.of(h.toByteArray()));
      }
      return new MetaManifest(pb.getVersion(), hs);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedEncodingException("meta-manifest: " + e.getMessage(), e);
    }
  }

  /** The hash of one sub-manifest slice. */
  public static Bytes subManifestHash(byte[] slice) {
    return Bytes.of(Sha256.hash(Sha256.domainSeparator("ic-state-sub-manifest"), slice));
  }

  @Override
  public String toString() {
    return "MetaManifest(v" + version + ", " + subManifestHashes.size() + " slices, hash="
        + Objects.toString(hash()) + ")";
  }
}
