package org.jicp.nns.registry;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.EncryptionKeyPop;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.types.NodeId;
import org.jicp.nns.registry.pb.AlgorithmId;
import org.jicp.nns.registry.pb.BytesValue;
import org.jicp.nns.registry.pb.PublicKey;

/**
 * The registry record of a node's NI-DKG dealing encryption key ({@code
 * crypto_record_<node>_ni_dkg_dealing_encryption}) as the IC writes it: algorithm {@code
 * GROTH20_BLS12_381}, {@code key_value} the 48-byte compressed G1 key {@code y}, and {@code
 * proof_data} the proof of possession as the IC's crypto component serializes {@code
 * CspFsEncryptionPop} (serde CBOR): {@code {"Groth20WithPop_Bls12_381": {"pop_key": bytes(48),
 * "challenge": bytes(32), "response": bytes(32)}}}. The shape is fixed, so the CBOR is written and
 * read byte for byte against that one layout; anything else is rejected.
 *
 * <p>Checked against the IC-generated key of {@code rs/crypto/node_key_validation/src/tests.rs}
 * ({@code valid_dkg_dealing_encryption_public_key}) by {@code DealingEncryptionKeysTest}.
 */
public final class DealingEncryptionKeys {
  private DealingEncryptionKeys() {}

  /** The invariant / error rule named when a record does not decode. */
  public static final String RULE_MALFORMED = "dkg-dealing-encryption-key";

  /** The invariant / error rule named when the proof of possession does not verify. */
  public static final String RULE_POP = "dkg-dealing-encryption-key-pop";

  private static final int G1 = 48;
  private static final int FR = Scalar.BYTES;

  // a1                                   map(1)
  //   78 18 "Groth20WithPop_Bls12_381"   text(24)
  //   a3                                 map(3)
  //     67 "pop_key"     58 30 <48>      text(7), bytes(48)
  //     69 "challenge"   58 20 <32>      text(9), bytes(32)
  //     68 "response"    58 20 <32>      text(8), bytes(32)
  private static final byte[] HEAD = concat(
      new byte[] {(byte) 0xa1, 0x78, 0x18}, ascii("Groth20WithPop_Bls12_381"),
      new byte[] {(byte) 0xa3, 0x67}, ascii("pop_key"), new byte[] {0x58, 0x30});
  private static final byte[] MID1 = concat(new byte[] {0x69}, ascii("challenge"), new byte[] {0x58, 0x20});
  private static final byte[] MID2 = concat(new byte[] {0x68}, ascii("response"), new byte[] {0x58, 0x20});
  private static final int POP_LENGTH = HEAD.length + G1 + MID1.length + FR + MID2.length + FR;

  /** The registry record of {@code key} (version 0, no timestamp). */
  public static PublicKey toRecord(EncryptionPublicKey key) {
    return PublicKey.newBuilder()
        .setVersion(0)
        .setAlgorithm(AlgorithmId.ALGORITHM_ID_GROTH20_BLS12_381)
        .setKeyValue(ByteString.copyFrom(key.key().toBytes()))
        .setProofData(BytesValue.newBuilder().setValue(ByteString.copyFrom(popBytes(key.pop()))))
        .build();
  }

  /** The IC's CBOR serialization of a proof of possession. */
  public static byte[] popBytes(EncryptionKeyPop pop) {
    return concat(HEAD, pop.popKey().toBytes(), MID1, pop.challenge().toBytes(), MID2, pop.response().toBytes());
  }

  /**
   * Parses a dealing encryption key record: the algorithm, a G1 key (subgroup-checked), and a proof
   * of possession in the IC's CBOR layout. The proof is decoded, not verified ({@link #verified}).
   *
   * @throws InvariantViolationException with rule {@value #RULE_MALFORMED} naming what is wrong
   */
  public static EncryptionPublicKey fromRecord(PublicKey record) {
    if (record.getAlgorithm() != AlgorithmId.ALGORITHM_ID_GROTH20_BLS12_381) {
      throw malformed("the algorithm is " + record.getAlgorithm() + ", not ALGORITHM_ID_GROTH20_BLS12_381");
    }
    byte[] key = record.getKeyValue().toByteArray();
    if (key.length != G1) {
      throw malformed("key_value has " + key.length + " bytes, a G1 key has " + G1);
    }
    if (!record.hasProofData()) {
      throw malformed("proof_data (the proof of possession) is missing");
    }
    byte[] pop = record.getProofData().getValue().toByteArray();
    if (pop.length != POP_LENGTH) {
      throw malformed("proof_data has " + pop.length + " bytes, the CBOR proof of possession has " + POP_LENGTH);
    }
    int at = expect(pop, 0, HEAD, "the CBOR header {\"Groth20WithPop_Bls12_381\": {\"pop_key\": …");
    byte[] popKey = Arrays.copyOfRange(pop, at, at + G1);
    at = expect(pop, at + G1, MID1, "the CBOR key \"challenge\"");
    byte[] challenge = Arrays.copyOfRange(pop, at, at + FR);
    at = expect(pop, at + FR, MID2, "the CBOR key \"response\"");
    byte[] response = Arrays.copyOfRange(pop, at, at + FR);
    try {
      return new EncryptionPublicKey(
          G1Point.fromBytes(key),
          new EncryptionKeyPop(G1Point.fromBytes(popKey), Scalar.fromBytes(challenge), Scalar.fromBytes(response)));
    } catch (CryptoException e) {
      throw malformed("a point or scalar does not decode: " + e.getMessage());
    }
  }

  /**
   * Parses the record and verifies its proof of possession for {@code node} (the IC binds it to
   * the node id's bytes), as {@code ValidDkgDealingEncryptionPublicKey} does.
   *
   * @throws InvariantViolationException with rule {@value #RULE_MALFORMED} or {@value #RULE_POP}
   */
  public static EncryptionPublicKey verified(PublicKey record, NodeId node) {
    EncryptionPublicKey key = fromRecord(record);
    if (!key.verifyPop(node.principal().bytes())) {
      throw new InvariantViolationException(
          RULE_POP, "the dealing encryption key's proof of possession does not verify for node " + node);
    }
    return key;
  }

  private static int expect(byte[] data, int at, byte[] expected, String what) {
    if (!Arrays.equals(data, at, at + expected.length, expected, 0, expected.length)) {
      throw malformed("proof_data: expected " + what + " at byte " + at);
    }
    return at + expected.length;
  }

  private static InvariantViolationException malformed(String message) {
    return new InvariantViolationException(RULE_MALFORMED, "dealing encryption key: " + message);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] r = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, r, at, p.length);
      at += p.length;
    }
    return r;
  }
}
