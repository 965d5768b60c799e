package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.proto.v1.DealerCiphertext;
import org.jicp.crypto.nidkg.proto.v1.ReceiverChunks;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written codec against protoc's Java classes generated from the same {@code
 * nidkg.proto}: real keys, dealings and transcripts encode to exactly the bytes protoc's classes
 * write (built field by field from the objects), parse back both ways, and the strict parser
 * rejects what protoc's lenient one would accept.
 */
class NiDkgProtobufTest {
  static List<EncryptionKeyPair> kps;
  static NiDkgConfig cfg;
  static Map<Integer, Dealing> dealings;
  static Transcript transcript;

  @BeforeAll
  static void setUp() {
    SplittableRandom rng = new SplittableRandom(31);
    kps = NiDkgFixtures.keyPairs(3);
    cfg = NiDkgConfig.fresh(3, 2, NiDkgFixtures.EPOCH);
    dealings = NiDkgFixtures.deal(cfg, NiDkgFixtures.publicKeys(kps), List.of(0, 2), rng);
    transcript = NiDkg.createTranscript(cfg, dealings);
  }

  static ByteString b(G1Point p) {
    return ByteString.copyFrom(p.toBytes());
  }

  static ByteString b(G2Point p) {
    return ByteString.copyFrom(p.toBytes());
  }

  static ByteString b(Scalar s) {
    return ByteString.copyFrom(s.toBytes());
  }

  // protoc messages built independently, field by field, from the jicp objects

  static org.jicp.crypto.nidkg.proto.v1.PublicCoefficients proto(PublicCoefficients pc) {
    var m = org.jicp.crypto.nidkg.proto.v1.PublicCoefficients.newBuilder();
    pc.coefficients().forEach(p -> m.addCoefficients(b(p)));
    return m.build();
  }

  static org.jicp.crypto.nidkg.proto.v1.Ciphertext proto(FsCiphertext ct) {
    var m = org.jicp.crypto.nidkg.proto.v1.Ciphertext.newBuilder();
    ct.randR().forEach(p -> m.addRandR(b(p)));
    ct.randS().forEach(p -> m.addRandS(b(p)));
    ct.randZ().forEach(p -> m.addRandZ(b(p)));
    for (List<G1Point> row : ct.chunks()) {
      var r = ReceiverChunks.newBuilder();
      row.forEach(p -> r.addChunks(b(p)));
      m.addChunks(r);
    }
    return m.build();
  }

  static org.jicp.crypto.nidkg.proto.v1.Dealing proto(Dealing d) {
    ChunkingProof c = d.chunkingProof();
    var cp = org.jicp.crypto.nidkg.proto.v1.ChunkingProof.newBuilder().setY0(b(c.y0())).setY(b(c.y())).setZBeta(b(c.zBeta()));
    c.b().forEach(p -> cp.addB(b(p)));
    c.c().forEach(p -> cp.addC(b(p)));
    c.d().forEach(p -> cp.addD(b(p)));
    c.zR().forEach(s -> cp.addZR(b(s)));
    c.zS().forEach(s -> cp.addZS(b(s)));
    SharingProof s = d.sharingProof();
    var sp =
        org.jicp.crypto.nidkg.proto.v1.SharingProof.newBuilder()
            .setF(b(s.f()))
            .setA(b(s.a()))
            .setY(b(s.y()))
            .setZR(b(s.zR()))
            .setZAlpha(b(s.zAlpha()));
    return org.jicp.crypto.nidkg.proto.v1.Dealing.newBuilder()
        .setPublicCoefficients(proto(d.publicCoefficients()))
        .setCiphertext(proto(d.ciphertext()))
        .setChunkingProof(cp)
        .setSharingProof(sp)
        .build();
  }

  @Test
  void dealing_encodesLikeProtoc_andRoundTripsBothWays() throws Exception {
    for (Dealing d : dealings.values()) {
      byte[] ours = NiDkgProtobuf.encode(d);
      assertThat(ours).isEqualTo(proto(d).toByteArray());
      var parsed = org.jicp.crypto.nidkg.proto.v1.Dealing.parseFrom(ours);
      assertThat(parsed.getCiphertext().getChunksCount()).isEqualTo(3);
      assertThat(parsed.getChunkingProof().getDCount()).isEqualTo(4);
      assertThat(NiDkgProtobuf.decodeDealing(parsed.toByteArray())).isEqualTo(d);
    }
  }

  @Test
  void transcript_encodesLikeProtoc_andRoundTrips() throws Exception {
    var m = org.jicp.crypto.nidkg.proto.v1.Transcript.newBuilder().setPublicCoefficients(proto(transcript.publicCoefficients()));
    transcript.receiverData().forEach((i, ct) -> m.addReceiverData(DealerCiphertext.newBuilder().setDealerIndex(i).setCiphertext(proto(ct))));
    byte[] ours = NiDkgProtobuf.encode(transcript);
    assertThat(ours).isEqualTo(m.build().toByteArray()); // dealer 0's index is omitted (proto3 default)
    assertThat(NiDkgProtobuf.decodeTranscript(org.jicp.crypto.nidkg.proto.v1.Transcript.parseFrom(ours).toByteArray()))
        .isEqualTo(transcript);
  }

  @Test
  void publicKeyAndCoefficients_encodeLikeProtoc_andRoundTrip() throws Exception {
    EncryptionPublicKey pk = kps.get(1).publicKey();
    var m =
        org.jicp.crypto.nidkg.proto.v1.EncryptionPublicKey.newBuilder()
            .setKey(b(pk.key()))
            .setPop(
                org.jicp.crypto.nidkg.proto.v1.EncryptionKeyPop.newBuilder()
                    .setPopKey(b(pk.pop().popKey()))
                    .setChallenge(b(pk.pop().challenge()))
                    .setResponse(b(pk.pop().response())))
            .build();
    assertThat(NiDkgProtobuf.encode(pk)).isEqualTo(m.toByteArray());
    EncryptionPublicKey back = NiDkgProtobuf.decodeEncryptionPublicKey(m.toByteArray());
    assertThat(back).isEqualTo(pk);
    assertThat(back.verifyPop(NiDkgFixtures.nodeId(1))).isTrue();
    PublicCoefficients pc = transcript.publicCoefficients();
    assertThat(NiDkgProtobuf.encode(pc)).isEqualTo(proto(pc).toByteArray());
    assertThat(NiDkgProtobuf.decodePublicCoefficients(proto(pc).toByteArray())).isEqualTo(pc);
  }

  @Test
  void secretKey_roundTripsThroughProtoc_andStillDecrypts() throws Exception {
    SplittableRandom rng = new SplittableRandom(32);
    EncryptionKeyPair kp = EncryptionSecretKey.generate(NiDkgFixtures.nodeId(5), rng);
    kp.secretKey().updateTo(Epoch.of(0xffff_fffcL), rng); // several nodes, short paths
    byte[] ours = NiDkgProtobuf.encode(kp.secretKey());
    var parsed = org.jicp.crypto.nidkg.proto.v1.EncryptionSecretKey.parseFrom(ours);
    assertThat(parsed.getNodesCount()).isEqualTo(kp.secretKey().nodeCount());
    assertThat(parsed.toByteArray()).isEqualTo(ours);
    EncryptionSecretKey back = NiDkgProtobuf.decodeEncryptionSecretKey(ours);
    assertThat(back.nodes()).isEqualTo(kp.secretKey().nodes());
    assertThat(back.currentEpoch()).isEqualTo(kp.secretKey().currentEpoch());
  }

  // --------------------------------------------------------------------------------------------
  // strictness

  private static byte[] dealingBytes() {
    return NiDkgProtobuf.encode(dealings.get(0));
  }

  @Test
  void decode_unknownField_isRejectedThoughProtocKeepsIt() throws Exception {
    byte[] withUnknown = org.jicp.crypto.nidkg.proto.v1.Dealing.parseFrom(dealingBytes()).toBuilder()
        .setUnknownFields(
            com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(99, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .build())
        .build()
        .toByteArray();
    assertThat(org.jicp.crypto.nidkg.proto.v1.Dealing.parseFrom(withUnknown).getUnknownFields().hasField(99)).isTrue();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(withUnknown))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("Dealing: unknown field number 99");
  }

  @Test
  void decode_repeatedSingularField_isRejected() {
    byte[] d = dealingBytes();
    byte[] twice = concat(d, new org.jicp.crypto.internal.ProtoWriter().message(4, sharingOf(dealings.get(2))).toByteArray());
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(twice))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("sharing_proof appears more than once");
  }

  private static byte[] sharingOf(Dealing d) {
    return proto(d).getSharingProof().toByteArray();
  }

  @Test
  void decode_missingField_isRejected() {
    var m = proto(dealings.get(0)).toBuilder().clearChunkingProof().build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(m.toByteArray()))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("Dealing: missing field chunking_proof");
    var k = org.jicp.crypto.nidkg.proto.v1.EncryptionPublicKey.newBuilder().setKey(b(G1Point.generator())).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeEncryptionPublicKey(k.toByteArray()))
        .hasMessageContaining("missing field pop");
  }

  @Test
  void decode_wrongCounts_areRejectedWithThePath() {
    var d = proto(dealings.get(0));
    var fewR = d.toBuilder().setCiphertext(d.getCiphertext().toBuilder().clearRandR().addAllRandR(d.getCiphertext().getRandRList().subList(1, 16))).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(fewR.toByteArray()))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("Dealing.ciphertext.rand_r: 15 elements, expected 16");
    var shortRow =
        d.toBuilder()
            .setCiphertext(d.getCiphertext().toBuilder().setChunks(1, d.getCiphertext().getChunks(1).toBuilder().clearChunks().addAllChunks(d.getCiphertext().getChunks(1).getChunksList().subList(1, 16))))
            .build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(shortRow.toByteArray()))
        .hasMessageContaining("Dealing.ciphertext.chunks[1].chunks: 15 elements, expected 16");
    var fewD = d.toBuilder().setChunkingProof(d.getChunkingProof().toBuilder().clearD().addAllD(d.getChunkingProof().getDList().subList(1, 4))).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(fewD.toByteArray()))
        .hasMessageContaining("Dealing.chunking_proof.d: 3 elements, expected 4");
    var extraReceiver =
        d.toBuilder().setCiphertext(d.getCiphertext().toBuilder().addChunks(d.getCiphertext().getChunks(0))).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(extraReceiver.toByteArray()))
        .hasMessageContaining("Dealing.chunking_proof.d: 4 elements, expected 5");
    var noCoefficients = d.toBuilder().setPublicCoefficients(org.jicp.crypto.nidkg.proto.v1.PublicCoefficients.getDefaultInstance()).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(noCoefficients.toByteArray()))
        .hasMessageContaining("coefficients: at least one point is required");
  }

  @Test
  void decode_wrongProofAndRandomizerCounts_areRejectedWithThePath() {
    var d = proto(dealings.get(0));
    var cp = d.getChunkingProof();
    var ct = d.getCiphertext();
    List<org.jicp.crypto.nidkg.proto.v1.Dealing> bad =
        List.of(
            d.toBuilder().setChunkingProof(cp.toBuilder().clearB().addAllB(cp.getBList().subList(1, cp.getBCount()))).build(),
            d.toBuilder().setChunkingProof(cp.toBuilder().clearC().addAllC(cp.getCList().subList(1, cp.getCCount()))).build(),
            d.toBuilder().setChunkingProof(cp.toBuilder().clearZR().addAllZR(cp.getZRList().subList(1, cp.getZRCount()))).build(),
            d.toBuilder().setChunkingProof(cp.toBuilder().clearZS().addAllZS(cp.getZSList().subList(1, cp.getZSCount()))).build(),
            d.toBuilder().setCiphertext(ct.toBuilder().clearRandS().addAllRandS(ct.getRandSList().subList(1, 16))).build(),
            d.toBuilder().setCiphertext(ct.toBuilder().clearRandZ().addAllRandZ(ct.getRandZList().subList(1, 16))).build());
    List<String> expected =
        List.of(
            "Dealing.chunking_proof.b: " + (cp.getBCount() - 1) + " elements, expected " + cp.getBCount(),
            "Dealing.chunking_proof.c: " + (cp.getCCount() - 1) + " elements, expected " + cp.getCCount(),
            "Dealing.chunking_proof.z_r: 2 elements, expected 3",
            "Dealing.chunking_proof.z_s: " + (cp.getZSCount() - 1) + " elements, expected " + cp.getZSCount(),
            "Dealing.ciphertext.rand_s: 15 elements, expected 16",
            "Dealing.ciphertext.rand_z: 15 elements, expected 16");
    for (int i = 0; i < bad.size(); i++) {
      byte[] data = bad.get(i).toByteArray();
      assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(data))
          .isInstanceOf(InvalidEncodingException.class)
          .hasMessageContaining(expected.get(i));
    }
  }

  @Test
  void decode_pointOutsideSubgroup_isRejectedWithThePath() {
    byte[] x2 = new byte[48];
    x2[0] = (byte) 0x80;
    x2[47] = 4; // x = 4: on the curve (4^3 + 4 is a square mod p), not in the prime-order subgroup
    var d = proto(dealings.get(0));
    var bad = d.toBuilder().setCiphertext(d.getCiphertext().toBuilder().setRandS(5, ByteString.copyFrom(x2))).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(bad.toByteArray()))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("Dealing.ciphertext.rand_s[5]")
        .hasMessageContaining("subgroup");
    var uncompressed = d.toBuilder().setSharingProof(d.getSharingProof().toBuilder().setF(ByteString.copyFrom(G1Point.generator().toBytesUncompressed()))).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(uncompressed.toByteArray()))
        .hasMessageContaining("Dealing.sharing_proof.f: a G1 point (compressed) is 48 bytes, got 96");
    byte[] big = new byte[32];
    java.util.Arrays.fill(big, (byte) 0xff);
    var bigScalar = d.toBuilder().setChunkingProof(d.getChunkingProof().toBuilder().setZS(7, ByteString.copyFrom(big))).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(bigScalar.toByteArray()))
        .hasMessageContaining("Dealing.chunking_proof.z_s[7]")
        .hasMessageContaining("not below the group order");
  }

  @Test
  void decode_transcriptOutOfOrderOrDuplicateDealers_isRejected() {
    FsCiphertext ct = transcript.receiverData().get(0);
    var m =
        org.jicp.crypto.nidkg.proto.v1.Transcript.newBuilder()
            .setPublicCoefficients(proto(transcript.publicCoefficients()))
            .addReceiverData(DealerCiphertext.newBuilder().setDealerIndex(2).setCiphertext(proto(ct)))
            .addReceiverData(DealerCiphertext.newBuilder().setDealerIndex(2).setCiphertext(proto(ct)))
            .build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeTranscript(m.toByteArray()))
        .hasMessageContaining("Transcript.receiver_data[1]: dealer_index 2 does not follow 2");
  }

  @Test
  void decode_lengthOf2pow63OrMore_isRejectedAsRunningPastTheEnd() {
    // Found by NiDkgFuzzTest: a 10-byte length varint with bit 63 set read as a negative long
    // passed the signed bounds check (2^64 - 1 became new byte[-1], 2^63 an empty field).
    byte[] minusOne = {0x0a, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};
    byte[] twoPow63 = {0x0a, -128, -128, -128, -128, -128, -128, -128, -128, -128, 0x01};
    for (byte[] b : java.util.List.of(minusOne, twoPow63)) {
      assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(b))
          .isInstanceOf(InvalidEncodingException.class)
          .hasMessageContaining("public_coefficients: length " + (b == minusOne ? "18446744073709551615" : "9223372036854775808") + " runs past the end");
      assertThatThrownBy(() -> NiDkgProtobuf.decodeTranscript(b)).isInstanceOf(InvalidEncodingException.class);
      assertThatThrownBy(() -> NiDkgProtobuf.decodePublicCoefficients(b)).isInstanceOf(InvalidEncodingException.class);
      assertThatThrownBy(() -> NiDkgProtobuf.decodeEncryptionPublicKey(b)).isInstanceOf(InvalidEncodingException.class);
      assertThatThrownBy(() -> NiDkgProtobuf.decodeEncryptionSecretKey(b)).isInstanceOf(InvalidEncodingException.class);
    }
  }

  @Test
  void decode_malformedWireData_isRejected() {
    byte[] d = dealingBytes();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(java.util.Arrays.copyOf(d, d.length - 1)))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(new byte[] {0x0a, (byte) 0x80, 0x00}))
        .hasMessageContaining("non-minimal varint");
    assertThatThrownBy(() -> NiDkgProtobuf.decodeDealing(new byte[] {0x08, 0x01}))
        .hasMessageContaining("public_coefficients: wire type 0");
    assertThatThrownBy(() -> NiDkgProtobuf.decodeTranscript(new byte[0]))
        .hasMessageContaining("Transcript: missing field public_coefficients");
  }

  @Test
  void decode_secretKeyWithWrongShape_isRejected() {
    var node =
        org.jicp.crypto.nidkg.proto.v1.BteNode.newBuilder()
            .setTauLength(33)
            .setA(b(G1Point.generator()))
            .setB(b(G2Point.generator()))
            .setE(b(G2Point.generator()))
            .build();
    var key = org.jicp.crypto.nidkg.proto.v1.EncryptionSecretKey.newBuilder().addNodes(node).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeEncryptionSecretKey(key.toByteArray()))
        .hasMessageContaining("EncryptionSecretKey.nodes[0]: tau_length 33 exceeds 32");
    var noH = key.toBuilder().setNodes(0, node.toBuilder().setTauLength(32)).build();
    assertThatThrownBy(() -> NiDkgProtobuf.decodeEncryptionSecretKey(noH.toByteArray()))
        .hasMessageContaining("EncryptionSecretKey.nodes[0].d_h: 0 elements, expected 256");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void nodeId_bytesType_isUsedAsAssociatedData() {
    assertThat(NiDkgFixtures.nodeId(1)).isEqualTo(Bytes.of((byte) 'n', (byte) 1));
    assertThat(new TreeMap<>(dealings).firstKey()).isZero();
  }
}
