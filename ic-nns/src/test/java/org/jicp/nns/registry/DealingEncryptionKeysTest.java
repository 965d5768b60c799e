package org.jicp.nns.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.types.NodeId;
import org.jicp.nns.registry.pb.AlgorithmId;
import org.jicp.nns.registry.pb.BytesValue;
import org.jicp.nns.registry.pb.PublicKey;
import org.junit.jupiter.api.Test;

/**
 * The dealing encryption key record against the IC: the hard-coded, IC-generated node keys of
 * dfinity/ic {@code rs/crypto/node_key_validation/src/tests.rs} ({@code
 * valid_node_signing_public_key}, {@code valid_committee_signing_public_key}, {@code
 * valid_dkg_dealing_encryption_public_key}) for node {@code 4inqb-2zcvk-…-aae}.
 */
class DealingEncryptionKeysTest {
  static final NodeId IC_NODE =
      new NodeId(Principal.fromText("4inqb-2zcvk-f6yql-sowol-vg3es-z24jd-jrkow-mhnsd-ukvfp-fak5p-aae"));
  static final Bytes IC_NODE_SIGNING_KEY = Bytes.fromHex("58d558c7586efb32f4667ee9a302877da97aa1136cda92af4d7a4f8873f9434f");
  static final Bytes IC_COMMITTEE_KEY = Bytes.fromHex(
      "8dab94740858cc96e8df512d8d81730a94d0f3534f30cebd35ee2006ce4a449cad611dd7d97bbc44256932da4d4a76a70b9f347e4a989a3073fc7"
          + "c2d51bf30804ebbc5c3c6da08b8392d2482473290aff428868caabbc26eec4e7bc59209eb0a");
  static final Bytes IC_COMMITTEE_POP = Bytes.fromHex(
      "afc3038c06223258a14af7c942428fe42f89f8d733e4f5ea8d34a90c0df142697802a6f22633df890a1ce5b774b23aed");
  static final Bytes IC_DKG_KEY = Bytes.fromHex(
      "ad36a01cbd40dcfa36ec21a96bedcab17372a9cd2b9eba6171ebeb28dd041ad5cbbdbb4bed55f59938e8ffb3dd69e386");
  static final Bytes IC_DKG_POP = Bytes.fromHex(
      "a1781847726f7468323057697468506f705f426c7331325f333831a367706f705f6b65795830b751c9585044139f80abdebf38d7f30"
          + "aeb282f178a5e8c284f279eaad1c90d9927e56cac0150646992bce54e08d317ea696368616c6c656e676558203bb20c5e9c75790f63aae921316912ffc80d6d03946dd21f8"
          + "5c35159ca030ec668726573706f6e7365582063d6cf189635c0f3111f97e69ae0af8f1594b0f00938413d89dbafc326340384");

  static PublicKey record(AlgorithmId alg, Bytes key, Bytes proof) {
    PublicKey.Builder b = PublicKey.newBuilder().setAlgorithm(alg).setKeyValue(ByteString.copyFrom(key.toByteArray()));
    if (proof != null) {
      b.setProofData(BytesValue.newBuilder().setValue(ByteString.copyFrom(proof.toByteArray())));
    }
    return b.build();
  }

  static final PublicKey IC_DKG_RECORD = record(AlgorithmId.ALGORITHM_ID_GROTH20_BLS12_381, IC_DKG_KEY, IC_DKG_POP);

  @Test
  void fromRecord_icGeneratedKey_decodesVerifiesAndReencodesByteForByte() {
    EncryptionPublicKey k = DealingEncryptionKeys.verified(IC_DKG_RECORD, IC_NODE);
    assertThat(DealingEncryptionKeys.toRecord(k).toByteArray()).isEqualTo(IC_DKG_RECORD.toByteArray());
    assertThat(DealingEncryptionKeys.popBytes(k.pop())).isEqualTo(IC_DKG_POP.toByteArray());
  }

  @Test
  void verified_icKeyForAnotherNode_failsThePopRule() {
    NodeId other = NodeKeys.derive(Bytes.fromHex("16"), 1).nodeId();
    assertThatThrownBy(() -> DealingEncryptionKeys.verified(IC_DKG_RECORD, other))
        .isInstanceOfSatisfying(InvariantViolationException.class, e -> assertThat(e.rule()).isEqualTo(DealingEncryptionKeys.RULE_POP));
  }

  @Test
  void fromRecord_brokenRecords_nameWhatIsWrong() {
    byte[] pop = IC_DKG_POP.toByteArray();
    pop[3] ^= 1; // inside "Groth20WithPop_Bls12_381"
    assertThatThrownBy(() -> DealingEncryptionKeys.fromRecord(record(AlgorithmId.ALGORITHM_ID_GROTH20_BLS12_381, IC_DKG_KEY, Bytes.of(pop))))
        .hasMessageContaining("CBOR header");
    assertThatThrownBy(() -> DealingEncryptionKeys.fromRecord(record(AlgorithmId.ALGORITHM_ID_GROTH20_BLS12_381, IC_DKG_KEY, null)))
        .hasMessageContaining("proof_data");
    assertThatThrownBy(() -> DealingEncryptionKeys.fromRecord(record(AlgorithmId.ALGORITHM_ID_MULTI_BLS12_381, IC_DKG_KEY, IC_DKG_POP)))
        .hasMessageContaining("algorithm");
    byte[] key = IC_DKG_KEY.toByteArray();
    key[0] ^= (byte) 0xff;
    assertThatThrownBy(() -> DealingEncryptionKeys.fromRecord(record(AlgorithmId.ALGORITHM_ID_GROTH20_BLS12_381, Bytes.of(key), IC_DKG_POP)))
        .isInstanceOfSatisfying(InvariantViolationException.class,
            e -> assertThat(e.rule()).isEqualTo(DealingEncryptionKeys.RULE_MALFORMED));
  }

  @Test
  void addNode_icGeneratedNodeKeys_areAccepted() {
    assertThat(NodeKeys.nodeIdOf(IC_NODE_SIGNING_KEY)).isEqualTo(IC_NODE);
    Registry r = new Registry();
    Principal op = Principal.canisterIdFromIndex(8000);
    new RegistryGenesis(r, Bytes.fromHex("17"), (nodes, v) -> {
          throw new AssertionError("no DKG here");
        })
        .dataCenter("zh1", "Europe,CH,Zurich")
        .nodeOperator(op, Principal.canisterIdFromIndex(8001), "zh1", 1, Map.of());
    RegistryPayloads.AddNodePayload p = new RegistryPayloads.AddNodePayload(
        Bytes.of(record(AlgorithmId.ALGORITHM_ID_ED25519, IC_NODE_SIGNING_KEY, null).toByteArray()),
        Bytes.of(record(AlgorithmId.ALGORITHM_ID_MULTI_BLS12_381, IC_COMMITTEE_KEY, IC_COMMITTEE_POP).toByteArray()),
        Bytes.of(IC_DKG_RECORD.toByteArray()),
        Bytes.of(IC_NODE.toByteArray()),
        "1.2.3.4:1",
        "1.2.3.4:2");
    assertThat(r.addNode(op, p)).isEqualTo(IC_NODE);
  }
}
