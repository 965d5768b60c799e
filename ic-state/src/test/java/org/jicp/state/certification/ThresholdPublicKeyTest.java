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
}
