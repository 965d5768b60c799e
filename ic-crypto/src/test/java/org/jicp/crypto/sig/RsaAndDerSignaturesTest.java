package org.jicp.crypto.sig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * RSA PKCS #1 v1.5 SHA-256 keys and the DER ECDSA signatures of WebAuthn, against the JDK's own
 * signers as independent peers.
 */
class RsaAndDerSignaturesTest {
  private static final byte[] MSG = "webauthn signed bytes".getBytes(StandardCharsets.US_ASCII);

  @Test
  void rsa_jdkSignatures_verifyFromComponentsAndDer() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048, new SecureRandom());
    KeyPair kp = g.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
    java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
    s.initSign(kp.getPrivate());
    s.update(MSG);
    byte[] sig = s.sign();
    UserPublicKey k = UserPublicKey.rsaPkcs1Sha256(pub.getModulus().toByteArray(), pub.getPublicExponent().toByteArray());
    assertThat(k.algorithm()).isEqualTo(SignatureAlgorithm.RSA_PKCS1_SHA256);
    assertThat(k.verify(MSG, sig)).isTrue();
    // the JDK's X.509 encoding is the same SubjectPublicKeyInfo, byte for byte
    assertThat(k.toDer()).isEqualTo(pub.getEncoded());
    UserPublicKey fromDer = UserPublicKey.fromDer(pub.getEncoded());
    assertThat(fromDer).isEqualTo(k);
    assertThat(fromDer.verify(MSG, sig)).isTrue();
    // rejections: other message, a flipped bit, longer than the modulus, value >= n, empty
    assertThat(k.verify("other".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
    byte[] flipped = sig.clone();
    flipped[100] ^= 4;
    assertThat(k.verify(MSG, flipped)).isFalse();
    byte[] longer = new byte[sig.length + 1];
    System.arraycopy(sig, 0, longer, 1, sig.length);
    assertThat(k.verify(MSG, longer)).isFalse();
    assertThat(k.verify(MSG, pub.getModulus().toByteArray())).isFalse();
    assertThat(k.verify(MSG, new byte[0])).isFalse();
    // a signature whose leading zero bytes are dropped is still the same integer: accepted, as
    // the IC's verifier (RustCrypto rsa) accepts it
    byte[] stripped = new BigInteger(1, sig).toByteArray();
    stripped = stripped[0] == 0 ? Arrays.copyOfRange(stripped, 1, stripped.length) : stripped;
    assertThat(k.verify(MSG, stripped)).isTrue();
    // SHA-1 signatures (another DigestInfo) do not verify
    java.security.Signature s1 = java.security.Signature.getInstance("SHA1withRSA");
    s1.initSign(kp.getPrivate());
    s1.update(MSG);
    assertThat(k.verify(MSG, s1.sign())).isFalse();
  }

  @Test
  void rsa_keysOutsideTheIcRules_rejected() {
    SplittableRandom r = Seeds.random("rsa_keysOutsideTheIcRules_rejected");
    byte[] e = BigInteger.valueOf(65537).toByteArray();
    assertThatThrownBy(() -> UserPublicKey.rsaPkcs1Sha256(oddModulus(r, 1024), e))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("1024-bit");
    assertThatThrownBy(() -> UserPublicKey.rsaPkcs1Sha256(oddModulus(r, 8193), e))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("8193-bit");
    byte[] even = oddModulus(r, 2048);
    even[even.length - 1] &= (byte) 0xfe;
    assertThatThrownBy(() -> UserPublicKey.rsaPkcs1Sha256(even, e))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("odd");
    byte[] n = oddModulus(r, 2048);
    assertThatThrownBy(() -> UserPublicKey.rsaPkcs1Sha256(n, new byte[] {1, 0, 0}))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("exponent");
    assertThatThrownBy(() -> UserPublicKey.rsaPkcs1Sha256(n, new byte[] {1}))
        .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("exponent");
    // the largest key the IC accepts fits the DER size limit and round-trips
    UserPublicKey big = UserPublicKey.rsaPkcs1Sha256(oddModulus(r, 8192), e);
    assertThat(big.toDer().length).isLessThanOrEqualTo(UserPublicKey.MAX_DER_BYTES);
    assertThat(UserPublicKey.fromDer(big.toDer())).isEqualTo(big);
  }

  @Test
  void ecdsaSignatureFromDer_jdkP256Signatures_verify() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    int checked = 0;
    for (int i = 0; i < 20; i++) {
      KeyPair kp = g.generateKeyPair();
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
      s.initSign(kp.getPrivate());
      s.update(MSG);
      byte[] der = s.sign();
      UserPublicKey k = UserPublicKey.fromDer(kp.getPublic().getEncoded());
      byte[] rs = UserPublicKey.ecdsaSignatureFromDer(der);
      assertThat(k.verify(MSG, rs)).isTrue();
      checked++;
    }
    assertThat(checked).isEqualTo(20);
  }

  @Test
  void ecdsaSignatureFromDer_malformed_rejectedWithTheRule() {
    // SEQUENCE { INTEGER 1, INTEGER 2 } is fine
    assertThat(UserPublicKey.ecdsaSignatureFromDer(new byte[] {0x30, 6, 2, 1, 1, 2, 1, 2})).hasSize(64);
    assertRejected(new byte[0]);
    assertRejected(new byte[] {0x30, 6, 2, 1, 1, 2, 1, 2, 0}); // trailing byte
    assertRejected(new byte[] {0x30, 7, 2, 2, 0, 1, 2, 1, 2}); // non-minimal INTEGER
    assertRejected(new byte[] {0x30, 6, 2, 1, (byte) 0xff, 2, 1, 2}); // negative r
    assertRejected(new byte[] {0x30, 6, 2, 1, 0, 2, 1, 2}); // r = 0
    assertRejected(new byte[] {0x30, 3, 2, 1, 1}); // one INTEGER
    assertRejected(new byte[] {0x31, 6, 2, 1, 1, 2, 1, 2}); // a SET
    byte[] wide = new byte[2 + 2 + 34 + 3];
    wide[0] = 0x30;
    wide[1] = (byte) (wide.length - 2);
    wide[2] = 2;
    wide[3] = 34;
    wide[4] = 1; // a 33-byte positive integer: more than 256 bits
    wide[38] = 2;
    wide[39] = 1;
    wide[40] = 1;
    assertRejected(wide);
  }

  private static void assertRejected(byte[] der) {
    assertThatThrownBy(() -> UserPublicKey.ecdsaSignatureFromDer(der))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining("DER ECDSA signature");
  }

  private static byte[] oddModulus(SplittableRandom r, int bits) {
    byte[] b = new byte[(bits + 7) / 8];
    r.nextBytes(b);
    BigInteger n = new BigInteger(1, b).setBit(bits - 1).setBit(0);
    if (n.bitLength() > bits) {
      n = n.clearBit(n.bitLength() - 1).setBit(bits - 1);
    }
    n = n.mod(BigInteger.ONE.shiftLeft(bits)).setBit(bits - 1).setBit(0);
    return n.toByteArray();
  }
}
