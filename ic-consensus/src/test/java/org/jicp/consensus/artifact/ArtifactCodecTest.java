package org.jicp.consensus.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

class ArtifactCodecTest {
  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void decode_everyKindEncoded_isTheSameArtifact() {
    Set<ArtifactType> kinds = EnumSet.noneOf(ArtifactType.class);
    for (ConsensusMessage m : ArtifactSamples.all()) {
      Bytes b = ArtifactCodec.encode(m);
      assertThat(ArtifactCodec.decode(b)).as(m.type().toString()).isEqualTo(m);
      assertThat(ArtifactCodec.encode(ArtifactCodec.decode(b))).isEqualTo(b);
      kinds.add(m.type());
    }
    assertThat(kinds).containsExactlyInAnyOrder(ArtifactType.values());
  }

  @Test
  void decode_unknownTopLevelField_isRejected() {
    byte[] b = ArtifactCodec.encode(ArtifactSamples.beacon()).toByteArray();
    byte[] extra = concat(b, new byte[] {(byte) 0xa0, 0x06, 0x01}); // field 100, varint 1
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(extra))).isInstanceOf(MalformedArtifactException.class).hasMessageContaining("unknown fields");
  }

  @Test
  void decode_unknownNestedField_isRejected() {
    // random_beacon (field 7, length-delimited) wrapping the beacon plus an unknown field 15.
    byte[] inner = ArtifactCodec.toPb(ArtifactSamples.beacon()).getRandomBeacon().toByteArray();
    byte[] withUnknown = concat(inner, new byte[] {0x78, 0x01}); // field 15, varint 1
    byte[] outer = concat(new byte[] {0x3a, (byte) withUnknown.length}, withUnknown);
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(outer))).isInstanceOf(MalformedArtifactException.class).hasMessageContaining("unknown fields");
  }

  @Test
  void decode_duplicatedField_isNotCanonicalAndRejected() {
    byte[] b = ArtifactCodec.encode(ArtifactSamples.beacon()).toByteArray();
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(concat(b, b))))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void decode_truncated_isRejected() {
    byte[] b = ArtifactCodec.encode(ArtifactSamples.all().get(0)).toByteArray();
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(b, 0, b.length - 3))).isInstanceOf(MalformedArtifactException.class);
  }

  @Test
  void decode_emptyMessage_isRejected() {
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.EMPTY)).isInstanceOf(MalformedArtifactException.class).hasMessageContaining("no artifact");
  }

  @Test
  void decode_proposalWhoseHashDoesNotMatchItsBlock_isRejected() {
    BlockProposal p = (BlockProposal) ArtifactSamples.all().get(0);
    var pb = ArtifactCodec.toPb(p).toBuilder();
    pb.getBlockProposalBuilder().setHash(com.google.protobuf.ByteString.copyFrom(new byte[32]));
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("integrity");
  }

  @Test
  void decode_shortBlockHash_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(1)).toBuilder();
    pb.getNotarizationShareBuilder().getContentBuilder().setBlock(com.google.protobuf.ByteString.copyFrom(new byte[31]));
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void decode_unsortedSigners_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(2)).toBuilder();
    var sig = pb.getNotarizationBuilder().getSignatureBuilder();
    var first = sig.getSigners(0);
    sig.setSigners(0, sig.getSigners(1)).setSigners(1, first);
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("sorted");
  }

  @Test
  void decode_missingRequiredMessage_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(1)).toBuilder();
    pb.getNotarizationShareBuilder().clearSignature();
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void decode_unknownDkgTag_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.beacon()).toBuilder();
    pb.getRandomBeaconBuilder().getSignatureBuilder().getSignerBuilder().setDkgTag(7);
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("NiDkgTag");
  }

  @Test
  void decode_heightAbove2To63_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(1)).toBuilder();
    pb.getNotarizationShareBuilder().getContentBuilder().setHeight(-1L);
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void decode_streamSlicesNotSortedBySender_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(0)).toBuilder();
    var data = pb.getBlockProposalBuilder().getBlockBuilder().getDataBuilder();
    var first = data.getXnet(0);
    data.setXnet(0, data.getXnet(1)).setXnet(1, first);
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("sorted by distinct sending subnet");
  }

  @Test
  void decode_streamSliceWithShortCertifiedRootHash_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(0)).toBuilder();
    pb.getBlockProposalBuilder().getBlockBuilder().getDataBuilder().getXnetBuilder(0).getSliceBuilder().getCertificationBuilder()
        .setRootHash(com.google.protobuf.ByteString.copyFrom(new byte[31]));
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void decode_streamSliceWithoutCertification_isRejected() {
    var pb = ArtifactCodec.toPb(ArtifactSamples.all().get(0)).toBuilder();
    pb.getBlockProposalBuilder().getBlockBuilder().getDataBuilder().getXnetBuilder(1).getSliceBuilder().clearCertification();
    assertThatThrownBy(() -> ArtifactCodec.decode(Bytes.of(pb.build().toByteArray())))
        .isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("missing");
  }
}
