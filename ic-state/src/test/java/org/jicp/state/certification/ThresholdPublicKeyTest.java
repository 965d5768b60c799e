package org.jicp.state.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.junit.jupiter.api.Test;

class ThresholdPublicKeyTest {
  @Test
  void fromDer_mainnetRootKey_roundTrips() {
    Bytes der = ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toDer();
    assertThat(der.length()).isEqualTo(133);
    assertThat(ThresholdPublicKey.fromDer(der.toByteArray()))
        .isEqualTo(ThresholdPublicKey.IC_MAINNET_ROOT_KEY);
    assertThat(ThresholdPublicKey.IC_MAINNET_ROOT_KEY.raw().toHex()).startsWith("814c0e6e");
  }

  @Test
  void parse_rawOrDer_givesSameKey() {
    ThresholdPublicKey k = ThresholdPublicKey.IC_MAINNET_ROOT_KEY;
    assertThat(ThresholdPublicKey.parse(k.raw().toByteArray())).isEqualTo(k);
    assertThat(ThresholdPublicKey.parse(k.toDer().toByteArray())).isEqualTo(k);
  }

  @Test
  void fromDer_wrongAlgorithmOid_throwsNamingTheOid() {
    byte[] der = ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toDer().toByteArray();
    der[18] ^= 1;
    assertThatThrownBy(() -> ThresholdPublicKey.fromDer(der))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("algorithm OID");
    byte[] der2 = ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toDer().toByteArray();
    der2[33] ^= 1;
    assertThatThrownBy(() -> ThresholdPublicKey.fromDer(der2)).hasMessageContaining("curve OID");
  }

  @Test
  void parse_wrongLength_throws() {
    assertThatThrownBy(() -> ThresholdPublicKey.parse(new byte[100]))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("100");
  }
  @Test
  void fromDer_mismatchAtEachPartBoundary_namesThePart() {
    // The prefix is SEQUENCE header (bytes 0..3), algorithm OID (4..20), curve OID (21..34),
    // BIT STRING header (35..36): a flipped byte at each edge is named by its part.
    int[] at = {0, 3, 4, 20, 21, 34, 35, 36};
    String[] part = {"outer SEQUENCE", "outer SEQUENCE", "algorithm OID", "algorithm OID",
        "curve OID", "curve OID", "BIT STRING header", "BIT STRING header"};
    for (int i = 0; i < at.length; i++) {
      byte[] der = ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toDer().toByteArray();
      der[at[i]] ^= 1;
      assertThatThrownBy(() -> ThresholdPublicKey.fromDer(der))
          .isInstanceOf(MalformedEncodingException.class)
          .hasMessageContaining("at byte " + at[i] + ",")
          .hasMessageContaining(part[i]);
    }
  }

  @Test
  void toString_key_showsRawHex() {
    assertThat(ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toString())
        .isEqualTo("ThresholdPublicKey(" + ThresholdPublicKey.IC_MAINNET_ROOT_KEY.raw().toHex() + ")");
  }

  @Test
  void blsVerify_signatureNot48Bytes_isFalse() {
    BlsCertificateSignatureVerifier bls = BlsCertificateSignatureVerifier.instance();
    assertThat(bls).isSameAs(CertificateSignatureVerifier.ic());
    Bytes msg = Bytes.fromHex("00");
    for (int len : new int[] {0, 47, 49, 96}) {
      assertThat(bls.verify(ThresholdPublicKey.IC_MAINNET_ROOT_KEY, msg, Bytes.of(new byte[len])))
          .as("length %d", len).isFalse();
    }
  }

  @Test
  void blsSignerToString_showsPublicKeyOnly() {
    byte[] sk = new byte[32];
    sk[31] = 5;
    BlsCertificateSigner s = new BlsCertificateSigner(org.jicp.crypto.bls.SecretKey.fromBytes(sk));
    assertThat(s.toString()).isEqualTo("BlsCertificateSigner(" + s.publicKey().raw().toHex() + ")");
  }
}
