package org.jicp.consensus.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.internal.proto.ConsensusMessagePb;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.junit.jupiter.api.Test;

/**
 * {@link ArtifactCodec#decode} on each of the 13 sample artifacts with one required sub-message
 * removed, at every depth: each removal is rejected as {@code missing <the message that lacks it>}
 * (not by a later check on the defaulted value): 35 removals over the 13 kinds; and height 0 is
 * a height.
 */
class ArtifactCodecRejectionTest {
  /** Decodes {@code pb}; the rejection message, or null if it decodes. */
  private static String rejection(Message pb) {
    try {
      ArtifactCodec.decode(Bytes.of(pb.toByteArray()));
      return null;
    } catch (MalformedArtifactException e) {
      return e.getMessage();
    }
  }

  /**
   * For each set, singular sub-message of {@code msg} (recursively), the whole artifact rebuilt
   * without it through {@code wrap}, and its parent type's name.
   */
  private static void cuts(Message msg, Function<Message, Message> wrap, List<String[]> out) {
    for (FieldDescriptor f : msg.getDescriptorForType().getFields()) {
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isRepeated() || !msg.hasField(f)) {
        continue;
      }
      String verdict = rejection(wrap.apply(msg.toBuilder().clearField(f).build()));
      out.add(new String[] {msg.getDescriptorForType().getName() + "." + f.getName(),
          String.valueOf(verdict)});
      Message child = (Message) msg.getField(f);
      cuts(child, c -> wrap.apply(msg.toBuilder().setField(f, c).build()), out);
    }
  }

  @Test
  void decode_requiredSubmessageRemoved_rejectedAsMissingByItsParent() {
    List<String[]> all = new ArrayList<>();
    for (ConsensusMessage m : ArtifactSamples.all()) {
      ConsensusMessagePb pb = ArtifactCodec.toPb(m);
      FieldDescriptor outer = pb.getOneofFieldDescriptor(
          pb.getDescriptorForType().getOneofs().get(0));
      cuts((Message) pb.getField(outer),
          inner -> pb.toBuilder().setField(outer, inner).build(), all);
    }
    int missing = 0;
    List<String> other = new ArrayList<>();
    for (String[] c : all) {
      String parent = c[0].substring(0, c[0].indexOf('.'));
      if (c[1].startsWith("missing " + parent)) {
        missing++;
      } else {
        other.add(c[0] + " -> " + c[1]);
      }
    }
    System.out.println("sub-message removals: " + all.size() + ", rejected as missing by their parent: "
        + missing + "; other verdicts: " + other);
    assertThat(all).hasSize(35);
    assertThat(missing).as("removals rejected as missing; others: %s", other).isEqualTo(33);
    // The payload is a oneof: without either case the block has no payload.
    assertThat(other).containsExactly("BlockPb.data -> BlockPb has no payload",
        "BlockPb.summary -> BlockPb has no payload");
  }

  @Test
  void decode_heightZero_accepted() {
    RandomBeacon b = new RandomBeacon(new RandomBeaconContent("0.9.0", 0, ArtifactSamples.hash(4)),
        ArtifactSamples.beacon().signature());
    assertThat(ArtifactCodec.decode(ArtifactCodec.encode(b))).isEqualTo(b);
  }
}
