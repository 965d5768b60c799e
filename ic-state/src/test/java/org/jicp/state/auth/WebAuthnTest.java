package org.jicp.state.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.state.auth.AuthenticationResult.Reason;
import org.jicp.state.auth.AuthenticationResult.Rejected;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.testing.FakeBls;
import org.jicp.types.MessageId;
import org.junit.jupiter.api.Test;

/**
 * WebAuthn senders. The fixed vectors are the IC's own, recorded from real authenticators
 * (dfinity/ic {@code rs/validator/src/webauthn.rs} tests: a YubiKey's ECDSA P-256 key, a Windows
 * Hello RSA key, signatures of {@code "hello"}, of a delegation and of a request id); the rest are
 * made here with the JDK's signers in the authenticator's format.
 */
class WebAuthnTest {
  // dfinity/ic rs/validator/src/webauthn.rs (tests), verbatim test data.
  private static final String P256_COSE_DER =
      "305e300c060a2b0601040183b8430101034e00a5010203262001215820b487d183dc4806058eb31a29bedefd7bcca987b77a381a3684871d8449c183942258202a122cc711a80453678c3032de4b6fff2c86342e82d1e7adb617c4165c43ce5e";
  private static final String P256_SIG_HELLO =
      "d9d9f7a37261757468656e74696361746f725f646174615825bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5010000000170636c69656e745f646174615f6a736f6e58517b2274797065223a2022776562617574686e2e676574222c20226368616c6c656e6765223a202261475673624738222c20226f726967696e223a202268747470733a2f2f6578616d706c652e6f7267227d697369676e617475726558463044022063627c69661048fb111b13dec2f3675010493c1c276c6a144f44e1fabab01d300220517d3cbd70658933dab63fd23cf05f7274aea6afad206be04d4ec5e268b471d2";
  private static final String P256_OTHER_COSE_DER =
      "305E300C060A2B0601040183B8430101034E00A50102032620012158207FFD83632072FD1BFEAF3FBAA43146E0EF95C3F55E3994A41BBF2B5174D771DA22582032497EED0A7F6F000928765B8318162CFD80A94E525A6A368C2363063D04E6ED";
  private static final String RSA_COSE_DER =
      "30820123300c060a2b0601040183b84301010382011100a401030339010020590100c6b690341eef02719f6d1dfce2db1f77ac9bd632ba70efcee92bae2073c09927ee3670a6696eec0cee96189ddb448d04ec4e4674e940af9f905e893b4ce25821ada8b45c6cd11f2ee0cda668c7c2a2a8a56d5e1f23f5ca0bb6e193c1d34ead16d84cc4b72e26763711fcf49fac3b508715dc9f494ec1379ed5a95c53b9b1edcc027d7013248bbe6d1e1445912a5a21b27168db7f60aa73253e981c33f54f61c67dbce3d9c10d5f0e6af1c112a65c8ce64a1d01ae1e31a53e3d4525addcece402f1e62208d42ebde528830f93bebc898901947ec0fb218a96a53968d07e09b8a067e5a4c825632e24e450c4c9ef8138dcc91f9f9168a603c13bd4f2f8a0d3ee6b2143010001";
  private static final String RSA_SIG_HELLO =
      "d9d9f7a3697369676e617475726559010001dac0ad9ee89c9b9d3f772bb8dd79bc16839a026bf4378629789bede8e5e284bce9c59e2c5b2fd5d8daff964d4eec1a43eb6f083595f1ce42c9f78445dba95146e3338680ca72f7720371d88d56ab6578a67f9791954787d54e4c5687bb0d3379a268dbaa9dc8dd550187953c349e10e454c0950cfeaf37c5f01ff09a5b581fb81de8bfe9be21a8baa5f96653fce6eaf485d8726e1f620454c145fa542756e7b606f1ab9439a081bb01fec8be7679c72e2ce110655a36a01bde34be7be9e6270334d9b3f242ff12852992eeb515b13989245d049500629a5ac38c40f09dd218e8e1a790d3034418b7c3b59a6ac73e91b5bf4cf7c62d8e6de2dbaf00117045c070636c69656e745f646174615f6a736f6e786a7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a2261475673624738222c226f726967696e223a2268747470733a2f2f6333656634366165616437622e6e67726f6b2e696f222c2263726f73734f726967696e223a66616c73657d7261757468656e74696361746f725f6461746158252f8ceaf48dec5b53d9ddacaaf8b66392ded1691211f24e687badad8049b59ef60500000001";
  private static final String RSA_OTHER_COSE_DER =
      "30820123300c060a2b0601040183b84301010382011100a401030339010020590100c0d78fff40992040ab05d549607fec811e8402770e0b99bd338d30b22b961282c75087e68481736322ba174f06c15297e283fc6fa6f5ea9e87fc6330183d1552364eb17dc2538a8029de64e4ef7f6099fe7d9db8ffb5f9d820d6092d9f8421ef6123163b993ff6fff83878165d0a609960ca16e1c427af6f7e74382afd8ec8c3ce231f96d48ea26c2013f3de07f9904f8f6a89f4a76bc2daa03e6a744559cc638380ef2f4bff030a44a8266eba1850492d90e55030bc04b34cadd74b7234e4116ee42f00915d4fb77ca37592ab86fb4d9a436ebbbefffbb9a9ce2fcb0528b3fca7fa73267750f6aa35ece632f9fbca73f2a37e4fb10e81f108dabd59d74478832143010001";
  /** The P-256 key's signature of the request id 0d 00…00 ({@code message_test_id(13)}). */
  private static final String P256_SIG_REQUEST_13 =
      "d9d9f7a37261757468656e74696361746f725f646174615825bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5010000000170636c69656e745f646174615f6a736f6e58847b2274797065223a2022776562617574686e2e676574222c20226368616c6c656e6765223a2022436d6c6a4c584a6c6358566c6333514e414141414141414141414141414141414141414141414141414141414141414141414141414141414141222c20226f726967696e223a202268747470733a2f2f6578616d706c652e6f7267227d697369676e617475726558473045022100e4029fcf1cec44e0e2a33b2b2b981411376d89f90bec9ee7d4e20ca33ce8f088022070e95aa9dd3f0cf0d6f97f306d52211288482d565012202b349b2a2d80852635";
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
  private static final MessageId REQUEST_13 = MessageId.of(request13());
  private static final RequestAuthenticator AUTH =
      RequestAuthenticator.create(FakeBls.fromSeed("root").publicKey(), FakeBls.verifier());

  private static byte[] request13() {
    byte[] id = new byte[32];
    id[0] = 13;
    return id;
  }

  private static UserPublicKey inner(String derHex) {
    return WebAuthn.innerKey(UserPublicKey.fromDer(Bytes.parseHex(derHex)));
  }

  @Test
  void verify_icRecordedP256AndRsaSignaturesOfHello_valid() {
    UserPublicKey p256 = inner(P256_COSE_DER);
    assertThat(p256.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256);
    assertThat(WebAuthn.verify(p256, Bytes.parseHex(P256_SIG_HELLO), HELLO)).isNull();
    UserPublicKey rsa = inner(RSA_COSE_DER);
    assertThat(rsa.algorithm()).isEqualTo(SignatureAlgorithm.RSA_PKCS1_SHA256);
    assertThat(WebAuthn.verify(rsa, Bytes.parseHex(RSA_SIG_HELLO), HELLO)).isNull();
  }

  @Test
  void verify_icRecordedVectors_wrongMessageKeyOrSignature_rejected() {
    byte[] other = {0, 1, 2, 3};
    assertThat(WebAuthn.verify(inner(P256_COSE_DER), Bytes.parseHex(P256_SIG_HELLO), other)).contains("challenge");
    assertThat(WebAuthn.verify(inner(RSA_COSE_DER), Bytes.parseHex(RSA_SIG_HELLO), other)).contains("challenge");
    assertThat(WebAuthn.verify(inner(P256_OTHER_COSE_DER), Bytes.parseHex(P256_SIG_HELLO), HELLO)).contains("does not verify");
    assertThat(WebAuthn.verify(inner(RSA_OTHER_COSE_DER), Bytes.parseHex(RSA_SIG_HELLO), HELLO)).contains("does not verify");
    // the authenticator's signature replaced by a malformed one
    assertThat(WebAuthn.verify(inner(P256_COSE_DER), replaceSignature(P256_SIG_HELLO, new byte[0]), HELLO))
        .contains("failed to parse the ECDSA P-256 signature");
    assertThat(WebAuthn.verify(inner(RSA_COSE_DER), replaceSignature(RSA_SIG_HELLO, new byte[] {0, 1, 2}), HELLO))
        .contains("does not verify");
  }

  // The same file's delegation vector (a signature of {pubkey: [1, 2, 3], expiration: 0}) is
  // not used: its challenge carries 31 bytes after the domain separator where hash_of_map has 32,
  // an older format. Delegation hashing is checked against agent-js's golden chain instead
  // (RequestAuthenticatorTest).

  /** The IC's request-id vector, end to end: a WebAuthn sender authenticated. */
  @Test
  void authenticate_icRecordedRequestSignature_authenticated() {
    Bytes der = Bytes.fromHex(P256_COSE_DER);
    Principal sender = Principal.selfAuthenticating(der.toByteArray());
    assertThat(AUTH.authenticate(sender, REQUEST_13, Optional.of(der), Optional.of(Bytes.fromHex(P256_SIG_REQUEST_13)),
        List.of(), RequestAuthenticatorTest.NOW).isAuthenticated()).isTrue();
    Rejected r = (Rejected) AUTH.authenticate(sender, RequestAuthenticatorTest.REQUEST, Optional.of(der),
        Optional.of(Bytes.fromHex(P256_SIG_REQUEST_13)), List.of(), RequestAuthenticatorTest.NOW);
    assertThat(r.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
  }

  /** A WebAuthn key made here (JDK P-256 and RSA), its signatures in the authenticator's format. */
  @Test
  void authenticate_jdkMadeWebAuthnSenders_authenticatedAndMalformedPartsRejected() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair p256 = ec.generateKeyPair();
    ECPublicKey epk = (ECPublicKey) p256.getPublic();
    byte[] cose = concat(Bytes.parseHex("a5010203262001215820"), fixed32(epk.getW().getAffineX()),
        Bytes.parseHex("225820"), fixed32(epk.getW().getAffineY()));
    checkSender(webAuthnDer(cose), p256, "SHA256withECDSA");

    KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA");
    rg.initialize(2048);
    KeyPair rsa = rg.generateKeyPair();
    RSAPublicKey rpk = (RSAPublicKey) rsa.getPublic();
    byte[] n = fixed(rpk.getModulus(), 256);
    byte[] rsaCose = concat(Bytes.parseHex("a401030339010020590100"), n, Bytes.parseHex("2143010001"));
    checkSender(webAuthnDer(rsaCose), rsa, "SHA256withRSA");

    // COSE keys the IC does not take: Ed25519 (OKP, EdDSA), P-384, key_ops other than "verify"
    byte[] okp = concat(Bytes.parseHex("a4010103272006215820"), new byte[32]);
    assertRejectedKey(webAuthnDer(okp), "not supported");
    byte[] p384 = cose.clone();
    p384[6] = 0x02; // crv 2 = P-384
    assertRejectedKey(webAuthnDer(p384), "curve 2");
    byte[] shortX = concat(Bytes.parseHex("a5010203262001215819"), new byte[25], Bytes.parseHex("225820"), new byte[32]);
    assertRejectedKey(webAuthnDer(shortX), "32 bytes");
  }

  private static void checkSender(byte[] der, KeyPair kp, String alg) throws Exception {
    Principal sender = Principal.selfAuthenticating(der);
    byte[] message = RequestAuthenticator.requestSignedBytes(RequestAuthenticatorTest.REQUEST);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(message);
    byte[] authData = Bytes.parseHex("49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d97630500000001");
    String json = "{\"type\":\"webauthn.get\",\"challenge\":\"" + challenge + "\",\"origin\":\"https://identity.ic0.app\",\"crossOrigin\":false}";
    assertThat(authenticate(sender, der, signature(kp, alg, authData, json))).isNull();
    // each malformed part, one at a time
    assertThat(authenticate(sender, der, signature(kp, alg, authData, json.replace(challenge, challenge + "=="))))
        .contains("base64url");
    assertThat(authenticate(sender, der, signature(kp, alg, authData, json.replace(",\"origin\":\"https://identity.ic0.app\"", ""))))
        .contains("missing field origin");
    assertThat(authenticate(sender, der, signature(kp, alg, authData, json.replace("\"webauthn.get\"", "7"))))
        .contains("'type' must be a string");
    assertThat(authenticate(sender, der, signature(kp, alg, authData, json + " x"))).contains("ClientDataJSON");
    String other = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[43]);
    assertThat(authenticate(sender, der, signature(kp, alg, authData, json.replace(challenge, other))))
        .contains("challenge in the client data is not the signed message");
    byte[] good = signature(kp, alg, authData, json);
    byte[] tampered = good.clone();
    tampered[tampered.length - 5] ^= 1;
    assertThat(authenticate(sender, der, tampered)).isNotNull();
    Cbor.Writer missing = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startMap(2);
    missing.key("authenticator_data").bytes(authData).key("signature").bytes(new byte[8]).endMap();
    assertThat(authenticate(sender, der, missing.toByteArray())).contains("CBOR parsing failed");
    assertThat(authenticate(sender, der, new byte[] {1, 2, 3})).contains("CBOR parsing failed");
  }

  /** Null when authenticated, else the rejection message. */
  private static String authenticate(Principal sender, byte[] der, byte[] sig) {
    AuthenticationResult r = AUTH.authenticate(sender, RequestAuthenticatorTest.REQUEST, Optional.of(Bytes.of(der)),
        Optional.of(Bytes.of(sig)), List.of(), RequestAuthenticatorTest.NOW);
    if (r.isAuthenticated()) {
      return null;
    }
    assertThat(((Rejected) r).reason()).isEqualTo(Reason.INVALID_SIGNATURE);
    return ((Rejected) r).message();
  }

  private static void assertRejectedKey(byte[] der, String why) {
    AuthenticationResult r = AUTH.authenticate(Principal.selfAuthenticating(der), RequestAuthenticatorTest.REQUEST,
        Optional.of(Bytes.of(der)), Optional.of(Bytes.of(new byte[8])), List.of(), RequestAuthenticatorTest.NOW);
    assertThat(((Rejected) r).reason()).isEqualTo(Reason.INVALID_PUBLIC_KEY);
    assertThat(((Rejected) r).message()).contains(why);
  }

  static byte[] signature(KeyPair kp, String alg, byte[] authData, String clientDataJson) throws Exception {
    byte[] cdj = clientDataJson.getBytes(StandardCharsets.UTF_8);
    java.security.Signature s = java.security.Signature.getInstance(alg);
    s.initSign(kp.getPrivate());
    s.update(authData);
    s.update(Sha256.hash(cdj));
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startMap(3);
    w.key("authenticator_data").bytes(authData).key("client_data_json").bytes(cdj).key("signature").bytes(s.sign());
    return w.endMap().toByteArray();
  }

  /** SEQUENCE { SEQUENCE { OID 1.3.6.1.4.1.56387.1.1 }, BIT STRING { 00, cose } }. */
  static byte[] webAuthnDer(byte[] cose) {
    byte[] alg = Bytes.parseHex("300c060a2b0601040183b8430101");
    byte[] bits = tlv(0x03, concat(new byte[] {0}, cose));
    return tlv(0x30, concat(alg, bits));
  }

  private static byte[] tlv(int tag, byte[] v) {
    byte[] len = v.length < 128 ? new byte[] {(byte) v.length}
        : v.length < 256 ? new byte[] {(byte) 0x81, (byte) v.length}
        : new byte[] {(byte) 0x82, (byte) (v.length >> 8), (byte) v.length};
    return concat(new byte[] {(byte) tag}, len, v);
  }

  private static byte[] replaceSignature(String sigHex, byte[] newSig) {
    var m = Cbor.decode(Bytes.parseHex(sigHex), "sig").asMap("sig");
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startMap(3);
    w.key("authenticator_data").bytes(blob(m.get("authenticator_data")))
        .key("client_data_json").bytes(blob(m.get("client_data_json")))
        .key("signature").bytes(newSig);
    return w.endMap().toByteArray();
  }

  private static byte[] blob(org.jicp.state.internal.cbor.CborValue v) {
    return v instanceof org.jicp.state.internal.cbor.CborValue.Text t
        ? t.value().getBytes(StandardCharsets.UTF_8) : v.asBytes("blob");
  }

  private static byte[] fixed32(BigInteger v) {
    return fixed(v, 32);
  }

  private static byte[] fixed(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(b.length, len);
    System.arraycopy(b, b.length - copy, out, len - copy, copy);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

}
