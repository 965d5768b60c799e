package org.jicp.crypto.sig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.util.BigIntegers;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.DomainSeparator;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.testing.Seeds;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class UserSignaturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  private static byte[] hex(String s) {
    return Bytes.parseHex(s);
  }

  // RFC 8032 §7.1, TEST 1-3: secret key, public key, message, signature.
  @ParameterizedTest(name = "RFC 8032 7.1 TEST {index}")
  @CsvSource({
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7, fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82, 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
  })
  void ed25519_rfc8032Vectors(String sk, String pk, String msg, String sig) throws Exception {
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(hex(sk));
    assertThat(Bytes.hex(key.publicKey().raw())).isEqualTo(pk);
    assertThat(Bytes.hex(key.sign(hex(msg)))).isEqualTo(sig);
    UserPublicKey pub = UserPublicKey.ed25519(hex(pk));
    assertThat(pub.verify(hex(msg), hex(sig))).isTrue();
    byte[] bad = hex(sig);
    bad[5] ^= 1;
    assertThat(pub.verify(hex(msg), bad)).isFalse();
    assertThat(pub.verify((msg + "00").isEmpty() ? new byte[1] : hex(msg + "00"), hex(sig))).isFalse();
  }

  /**
   * agent-js (@dfinity/identity 3.4.3, {@code Ed25519KeyIdentity.generate(32 × 0x07)}) signed
   * these recorded ingress calls: our key from the same seed must give the same DER key, the same
   * sender principal and byte-identical signatures over {@code "\x0Aic-request" ‖ request_id}.
   */
  @Test
  @DisplayName("agent-js Ed25519 sender signatures on recorded ingress calls")
  void ed25519_agentJsRecordedRequests() throws Exception {
    JsonNode vectors = JSON.readTree(Vectors.harnessFile("agent-js/recorded/VECTORS.json").toFile());
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(seed);
    int checked = 0;
    for (JsonNode v : vectors) {
      if (!v.get("client").asText().equals("agent-js-ed25519")) {
        continue;
      }
      byte[] body = hex(v.get("body_hex").asText());
      JsonNode env = CBOR.readTree(body);
      byte[] pubDer = env.get("sender_pubkey").binaryValue();
      byte[] sig = env.get("sender_sig").binaryValue();
      byte[] sender = env.get("content").get("sender").binaryValue();
      byte[] requestId = hex(v.get("request_id").asText());
      byte[] signed = DomainSeparator.withDomain(DomainSeparator.IC_REQUEST, requestId);

      UserPublicKey pub = UserPublicKey.fromDer(pubDer);
      assertThat(pub.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
      assertThat(pub).isEqualTo(key.publicKey());
      assertThat(pub.toDer()).isEqualTo(pubDer);
      assertThat(pub.selfAuthenticatingPrincipal()).isEqualTo(Principal.fromBytes(sender));
      assertThat(pub.verify(signed, sig)).isTrue();
      assertThat(key.sign(signed)).isEqualTo(sig);
      byte[] otherId = requestId.clone();
      otherId[0] ^= 1;
      assertThat(pub.verify(DomainSeparator.withDomain(DomainSeparator.IC_REQUEST, otherId), sig)).isFalse();
      assertThat(pub.verify(requestId, sig)).as("without the domain separator").isFalse();
      checked++;
    }
    assertThat(checked).as("recorded agent-js-ed25519 requests").isEqualTo(4);
  }

  // RFC 6979 A.2.5: P-256, SHA-256, messages "sample" and "test".
  @ParameterizedTest(name = "RFC 6979 A.2.5 P-256 SHA-256 \"{0}\"")
  @CsvSource({
    "sample, efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
    "test, f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"
  })
  void ecdsaP256_rfc6979Vectors(String msg, String sig) throws Exception {
    EcdsaSigningKey key =
        EcdsaSigningKey.fromBytes(
            SignatureAlgorithm.ECDSA_P256, hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    assertThat(Bytes.hex(key.publicKey().raw()))
        .isEqualTo(
            "04" + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    byte[] m = msg.getBytes(StandardCharsets.US_ASCII);
    assertThat(Bytes.hex(key.sign(m))).isEqualTo(sig);
    assertThat(key.publicKey().verify(m, hex(sig))).isTrue();
    assertThat(key.publicKey().verify("other".getBytes(StandardCharsets.US_ASCII), hex(sig))).isFalse();
  }

  @Test
  void derPrefixes_areTheIcOnes() throws Exception {
    SecureRandom rng = new SecureRandom();
    assertThat(Bytes.hex(Ed25519SigningKey.generate(rng).publicKey().toDer())).startsWith("302a300506032b6570032100").hasSize(2 * 44);
    assertThat(Bytes.hex(EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_P256, rng).publicKey().toDer()))
        .startsWith("3059301306072a8648ce3d020106082a8648ce3d030107034200").hasSize(2 * 91);
    assertThat(Bytes.hex(EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_SECP256K1, rng).publicKey().toDer()))
        .startsWith("3056301006072a8648ce3d020106052b8104000a034200").hasSize(2 * 88);
    byte[] g2 = BlsScheme.IC.publicKey(SecretKey.random(rng)).toBytes();
    UserPublicKey bls = UserPublicKey.bls(g2);
    assertThat(Bytes.hex(bls.toDer()))
        .isEqualTo("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100" + Bytes.hex(g2));
    assertThat(UserPublicKey.fromDer(bls.toDer())).isEqualTo(bls);
  }

  @Test
  void secp256k1_generatorKeyAndLowS() throws Exception {
    byte[] one = new byte[32];
    one[31] = 1;
    EcdsaSigningKey key = EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_SECP256K1, one);
    assertThat(Bytes.hex(key.publicKey().raw()))
        .isEqualTo("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
    SplittableRandom r = Seeds.random("secp256k1_generatorKeyAndLowS");
    BigInteger n = EcCurve.SECP256K1.order();
    for (int i = 0; i < 50; i++) {
      byte[] sk = new byte[32];
      r.nextBytes(sk);
      sk[0] &= 0x7f;
      EcdsaSigningKey k = EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_SECP256K1, sk);
      byte[] msg = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] sig = k.sign(msg);
      assertThat(k.sign(msg)).as("RFC 6979 is deterministic").isEqualTo(sig);
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
      assertThat(s).isLessThanOrEqualTo(n.shiftRight(1));
      UserPublicKey pub = UserPublicKey.fromDer(k.publicKey().toDer());
      assertThat(pub.verify(msg, sig)).isTrue();
      byte[] high = sig.clone();
      BigIntegers.asUnsignedByteArray(n.subtract(s), high, 32, 32);
      assertThat(pub.verify(msg, high)).as("the high-s twin, accepted as the IC does").isTrue();
      assertThat(pub.verifyRequiringLowS(msg, high)).as("the high-s twin under k256's rule").isFalse();
      assertThat(pub.verifyRequiringLowS(msg, sig)).isTrue();
      byte[] bad = sig.clone();
      bad[i % 64] ^= 0x10;
      assertThat(pub.verify(msg, bad)).isFalse();
      // compressed SEC1 input gives the same key (and the uncompressed DER)
      byte[] compressed = EcCurve.SECP256K1.decodePoint(pub.raw(), false).getEncoded(true);
      assertThat(UserPublicKey.ecdsa(SignatureAlgorithm.ECDSA_SECP256K1, compressed)).isEqualTo(pub);
    }
  }

  /** The JDK's own implementations (SunEC) as an independent peer, both directions. */
  @Test
  void ed25519AndP256_agreeWithTheJdk() throws Exception {
    SecureRandom rng = new SecureRandom();
    KeyFactory edKf = KeyFactory.getInstance("Ed25519");
    KeyFactory ecKf = KeyFactory.getInstance("EC");
    for (int i = 0; i < 20; i++) {
      byte[] msg = ("jdk " + i).getBytes(StandardCharsets.UTF_8);
      // ours -> JDK
      Ed25519SigningKey ed = Ed25519SigningKey.generate(rng);
      java.security.Signature v = java.security.Signature.getInstance("Ed25519");
      v.initVerify(edKf.generatePublic(new X509EncodedKeySpec(ed.publicKey().toDer())));
      v.update(msg);
      assertThat(v.verify(ed.sign(msg))).isTrue();
      EcdsaSigningKey ec = EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_P256, rng);
      v = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
      v.initVerify(ecKf.generatePublic(new X509EncodedKeySpec(ec.publicKey().toDer())));
      v.update(msg);
      assertThat(v.verify(ec.sign(msg))).isTrue();
      // JDK -> ours
      KeyPair edKp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      java.security.Signature s = java.security.Signature.getInstance("Ed25519");
      s.initSign(edKp.getPrivate());
      s.update(msg);
      byte[] edSig = s.sign();
      UserPublicKey edPub = UserPublicKey.fromDer(edKp.getPublic().getEncoded());
      assertThat(edPub.verify(msg, edSig)).isTrue();
      assertThat(edPub.verify(Arrays.copyOf(msg, msg.length + 1), edSig)).isFalse();
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair ecKp = g.generateKeyPair();
      s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(ecKp.getPrivate());
      s.update(msg);
      byte[] ecSig = s.sign();
      UserPublicKey ecPub = UserPublicKey.fromDer(ecKp.getPublic().getEncoded());
      assertThat(ecPub.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256);
      assertThat(ecPub.verify(msg, ecSig)).isTrue();
      // P-256 accepts either s (as the JDK and the p256 crate do)
      BigInteger n = EcCurve.P256.order();
      byte[] twin = ecSig.clone();
      BigIntegers.asUnsignedByteArray(n.subtract(new BigInteger(1, Arrays.copyOfRange(ecSig, 32, 64))), twin, 32, 32);
      assertThat(ecPub.verify(msg, twin)).isTrue();
    }
  }

  @Test
  void bls_verifiesIcMinSig() throws Exception {
    SecretKey sk = SecretKey.random(new SecureRandom());
    UserPublicKey pub = UserPublicKey.bls(BlsScheme.IC.publicKey(sk).toBytes());
    byte[] msg = "root key".getBytes(StandardCharsets.UTF_8);
    byte[] sig = BlsScheme.IC.sign(sk, msg).toBytes();
    assertThat(pub.verify(msg, sig)).isTrue();
    assertThat(pub.verify(msg, Arrays.copyOf(sig, 47))).isFalse();
    sig[47] ^= 1;
    assertThat(pub.verify(msg, sig)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"WEBAUTHN", "CANISTER_SIGNATURE"})
  void webAuthnAndCanisterKeys_areRecognisedButNotVerified(SignatureAlgorithm a) throws Exception {
    String oid = a == SignatureAlgorithm.WEBAUTHN ? "060a2b0601040183b8430101" : "060a2b0601040183b8430102";
    // SEQUENCE { SEQUENCE { OID }, BIT STRING { 00, 01 02 03 } }
    byte[] der = hex("30" + String.format("%02x", 2 + oid.length() / 2 + 2 + 5) + "30" + String.format("%02x", oid.length() / 2) + oid + "0305" + "0001020304");
    UserPublicKey k = UserPublicKey.fromDer(der);
    assertThat(k.algorithm()).isEqualTo(a);
    assertThat(k.raw()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> k.verify(new byte[1], new byte[64])).isInstanceOf(UnsupportedSignatureException.class);
  }

  @Test
  void malformedKeys_areRejectedWithTheRuleNamed() throws Exception {
    byte[] ed = Ed25519SigningKey.generate(new SecureRandom()).publicKey().toDer();
    byte[] p256 = EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom()).publicKey().toDer();
    assertRejected(new byte[0], "empty");
    assertRejected(Arrays.copyOf(ed, ed.length + 1), "xtra data");
    assertRejected(Arrays.copyOf(ed, ed.length - 1), "SubjectPublicKeyInfo");
    byte[] longForm = new byte[ed.length + 1]; // the outer length in long form: BER, not DER
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    System.arraycopy(ed, 1, longForm, 2, ed.length - 1);
    assertRejected(longForm, "canonical");
    byte[] otherOid = ed.clone();
    otherOid[8] = 0x71; // 1.3.101.113 = Ed448
    assertRejected(otherOid, "not one the IC accepts");
    byte[] padBits = ed.clone();
    padBits[11] = 1; // one unused bit, itself zero (DER), so the encoding is canonical
    padBits[padBits.length - 1] &= (byte) 0xfe;
    assertRejected(padBits, "unused bits");
    padBits[padBits.length - 1] |= 1; // the unused bit set: not DER
    assertRejected(padBits, "not canonical DER");
    byte[] p384 = hex("3076301006072a8648ce3d020106052b81040022036200" + "04" + "00".repeat(96));
    assertRejected(p384, "curve 1.3.132.0.34");
    byte[] offCurve = p256.clone();
    offCurve[offCurve.length - 1] ^= 1;
    assertRejected(offCurve, "point");
    byte[] compressedInDer = hex("3039301306072a8648ce3d020106082a8648ce3d030107032200" + "02" + Bytes.hex(Arrays.copyOfRange(p256, 27, 59)));
    assertRejected(compressedInDer, "65-byte SEC1 uncompressed point");
    assertThatThrownBy(() -> UserPublicKey.ecdsa(SignatureAlgorithm.ECDSA_P256, new byte[] {0}))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("ECDSA_P256 public key");
    // an Ed25519 y with no x: search the first such encoding
    byte[] noX = new byte[32];
    for (int y = 2; ; y++) {
      noX[0] = (byte) y;
      if (!org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartial(noX, 0)) {
        break;
      }
    }
    assertThatThrownBy(() -> UserPublicKey.ed25519(noX)).isInstanceOf(InvalidEncodingException.class).hasMessageContaining("not the encoding");
    byte[] blsIdentity = hex("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100" + "c0" + "00".repeat(95));
    assertRejected(blsIdentity, "identity");
    // deep nesting (BouncyCastle parses recursively) and oversized input: the typed exception
    assertRejected(hex("3080".repeat(2500) + "0000".repeat(2500)), "more than the 1100 accepted");
    byte[] deep = new byte[1020];
    Arrays.fill(deep, (byte) 0x30); // a run of SEQUENCE tags: each a header of the next
    for (int i = 1; i < deep.length; i += 2) {
      deep[i] = (byte) Math.min(127, deep.length - i - 1);
    }
    assertThatThrownBy(() -> UserPublicKey.fromDer(deep)).isInstanceOf(InvalidEncodingException.class);
    byte[] blsBad = hex("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100" + "ff".repeat(96));
    assertRejected(blsBad, "BLS");
  }

  @Test
  void secretKeys_checkedHiddenAndDestroyable() throws Exception {
    byte[] n = BigIntegers.asUnsignedByteArray(32, EcCurve.SECP256K1.order());
    assertThatThrownBy(() -> EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_SECP256K1, n))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("[1, n - 1]");
    assertThatThrownBy(() -> EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_P256, new byte[32]))
        .isInstanceOf(InvalidEncodingException.class);
    assertThatThrownBy(() -> Ed25519SigningKey.fromSeed(new byte[31])).isInstanceOf(InvalidEncodingException.class);
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 0x5a);
    Ed25519SigningKey ed = Ed25519SigningKey.fromSeed(seed);
    byte[] d = new byte[32];
    Arrays.fill(d, (byte) 0x3c);
    EcdsaSigningKey ec = EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_P256, d);
    assertThat(ed.toString()).doesNotContain("5a5a5a").doesNotContain("5A5A5A");
    assertThat(ec.toString()).doesNotContain("3c3c3c");
    // exporting the secret needs the access token
    assertThat(ed.seedBytes(org.jicp.crypto.InsecureSecretKeyAccess.get())).isEqualTo(seed);
    assertThat(ec.secretBytes(org.jicp.crypto.InsecureSecretKeyAccess.get())).isEqualTo(d);
    assertThatThrownBy(() -> ed.seedBytes(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("SecretKeyAccess");
    assertThatThrownBy(() -> ec.secretBytes(null)).isInstanceOf(NullPointerException.class);
    ed.destroy();
    ec.destroy();
    assertThat(ed.isDestroyed()).isTrue();
    assertThatThrownBy(() -> ed.sign(new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ec.sign(new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  /** Random and mutated DER keys: only the typed exception, never another one. */
  @Test
  void fuzz_derDecoder() throws Exception {
    SplittableRandom r = Seeds.random("fuzz_derDecoder");
    byte[] k = new byte[32];
    r.nextBytes(k);
    k[0] &= 0x7f; // below both curve orders
    byte[][] seeds = { // keys from the printed seed too, so a failure replays exactly
      Ed25519SigningKey.fromSeed(k).publicKey().toDer(),
      EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_P256, k).publicKey().toDer(),
      EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_SECP256K1, k).publicKey().toDer(),
      UserPublicKey.bls(BlsScheme.IC.publicKey(SecretKey.keyGen(k, new byte[0])).toBytes()).toDer()
    };
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] in;
      if (i % 10 == 0) {
        in = new byte[r.nextInt(140)];
        r.nextBytes(in);
      } else {
        in = seeds[r.nextInt(seeds.length)].clone();
        int flips = 1 + r.nextInt(3);
        for (int f = 0; f < flips; f++) {
          in[r.nextInt(in.length)] ^= (byte) (1 << r.nextInt(8));
        }
        if (r.nextInt(8) == 0) {
          in = Arrays.copyOf(in, r.nextInt(in.length + 4));
        }
      }
      try {
        UserPublicKey parsed = UserPublicKey.fromDer(in);
        assertThat(parsed.toDer()).isEqualTo(in);
        accepted++;
      } catch (InvalidEncodingException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    // Ed25519 keys with a flipped key bit are often still points: some mutations are accepted.
    assertThat(accepted).isLessThan(20_000);
  }

  private static void assertRejected(byte[] der, String messagePart) {
    assertThatThrownBy(() -> UserPublicKey.fromDer(der))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining(messagePart);
  }
}
