package org.jicp.consensus.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.internal.proto.NiDkgIdPb;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.NodeId;

/**
 * The strict-decoding helpers the artifact codecs share: no unknown field at any depth, node ids
 * and NI-DKG ids with every field in range. Failures are {@link MalformedArtifactException}s.
 */
public final class StrictProto {
  private StrictProto() {}

  /** Rejects {@code m} if it or any sub-message carries unknown fields. */
  public static void rejectUnknownFields(Message m, String path) {
    if (!m.getUnknownFields().asMap().isEmpty()) {
      throw new MalformedArtifactException(path + " has unknown fields " + m.getUnknownFields().asMap().keySet());
    }
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String p = path + "." + e.getKey().getName();
      if (e.getKey().isRepeated()) {
        for (Object o : (List<?>) e.getValue()) {
          rejectUnknownFields((Message) o, p);
        }
      } else {
        rejectUnknownFields((Message) e.getValue(), p);
      }
    }
  }

  /** A node id from its principal bytes. */
  public static NodeId node(ByteString b) {
    if (b.isEmpty()) {
      throw new MalformedArtifactException("missing node id");
    }
    return new NodeId(Principal.fromBytes(b.toByteArray()));
  }

  /** The encoding of an NI-DKG id. */
  public static NiDkgIdPb dkgId(NiDkgId id) {
    NiDkgIdPb.Builder b =
        NiDkgIdPb.newBuilder()
            .setStartBlockHeight(id.startBlockHeight())
            .setDealerSubnet(ByteString.copyFrom(id.dealerSubnet().toByteArray()))
            .setDkgTag(id.dkgTag().discriminant());
    id.remoteTargetId().ifPresent(r -> b.setRemoteTargetId(ByteString.copyFrom(r.toByteArray())));
    return b.build();
  }

  /** The NI-DKG id {@code pb} encodes. */
  public static NiDkgId dkgId(NiDkgIdPb pb) {
    NiDkgTag tag = null;
    for (NiDkgTag t : NiDkgTag.values()) {
      if (t.discriminant() == pb.getDkgTag()) {
        tag = t;
      }
    }
    if (tag == null) {
      throw new MalformedArtifactException("unknown NiDkgTag " + pb.getDkgTag());
    }
    if (pb.getStartBlockHeight() < 0) {
      throw new MalformedArtifactException("DKG start height out of range: " + Long.toUnsignedString(pb.getStartBlockHeight()));
    }
    Optional<Bytes> remote = pb.getRemoteTargetId().isEmpty() ? Optional.empty() : Optional.of(Bytes.of(pb.getRemoteTargetId().toByteArray()));
    return new NiDkgId(pb.getStartBlockHeight(), Principal.fromBytes(pb.getDealerSubnet().toByteArray()), tag, remote);
  }
}
