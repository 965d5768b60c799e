package org.jicp.consensus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.EncryptionKeyPair;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.NiDkg;
import org.jicp.crypto.nidkg.NiDkgConfig;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NiDkgCodecTest {
  static Dealing dealing;
  static Bytes encoded;
  static NiDkgConfig cfg;

  @BeforeAll
  static void deal() {
    Csprng rng = Csprng.fromChaChaSeed(Bytes.of(new byte[32]));
    List<EncryptionPublicKey> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      EncryptionKeyPair kp = EncryptionSecretKey.generate(Bytes.of((byte) i), rng);
      keys.add(kp.publicKey());
    }
    cfg = NiDkgConfig.fresh(3, 2, Epoch.of(5));
    dealing = NiDkg.createDealing(cfg, 0, keys, rng);
    encoded = NiDkgCodec.dealing(dealing);
  }

  @Test
  void decodeDealing_encoded_isTheSameDealing() {
    assertThat(NiDkgCodec.decodeDealing(encoded)).isEqualTo(dealing);
    assertThat(NiDkgCodec.dealing(NiDkgCodec.decodeDealing(encoded))).isEqualTo(encoded);
  }

  @Test
  void decodeTranscript_encoded_isTheSameTranscript() {
    Transcript t = NiDkg.createTranscript(cfg, Map.of(0, dealing, 1, dealing));
    Bytes b = NiDkgCodec.transcript(t);
    assertThat(NiDkgCodec.decodeTranscript(b).transcript()).isEqualTo(t);
    assertThat(NiDkgCodec.decodeTranscript(b).coefficients()).isEqualTo(t.publicCoefficients());
  }

  @Test
  void decodeTranscript_genesis_hasNoCiphertexts() {
    var ks = ThresholdSignatures.generate(2, 3, new SplittableRandom(1));
    Bytes b = NiDkgCodec.genesisTranscript(ks.publicCoefficients());
    assertThat(NiDkgCodec.decodeTranscript(b).transcript()).isNull();
    assertThat(NiDkgCodec.decodeTranscript(b).coefficients()).isEqualTo(ks.publicCoefficients());
  }

  @Test
  void decodeTranscript_unknownKindOrEmpty_isRejected() {
    assertThatThrownBy(() -> NiDkgCodec.decodeTranscript(Bytes.of((byte) 9))).isInstanceOf(MalformedArtifactException.class).hasMessageContaining("kind");
    assertThatThrownBy(() -> NiDkgCodec.decodeTranscript(Bytes.EMPTY)).isInstanceOf(MalformedArtifactException.class);
  }

  @Test
  void decodeDealing_trailingOrMissingBytes_isRejected() {
    assertThatThrownBy(() -> NiDkgCodec.decodeDealing(encoded.concat(Bytes.of((byte) 0)))).isInstanceOf(MalformedArtifactException.class);
    assertThatThrownBy(() -> NiDkgCodec.decodeDealing(encoded.slice(0, encoded.length() - 1))).isInstanceOf(MalformedArtifactException.class);
  }

  @Test
  void decodeDealingAndTranscript_lengthVarintOf2pow64Minus1_isMalformedArtifact() {
    byte[] bad = {0x0a, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};
    assertThatThrownBy(() -> NiDkgCodec.decodeDealing(Bytes.of(bad))).isInstanceOf(MalformedArtifactException.class)
        .hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> NiDkgCodec.decodeTranscript(Bytes.of(NiDkgCodec.NIDKG).concat(Bytes.of(bad))))
        .isInstanceOf(MalformedArtifactException.class);
    assertThatThrownBy(() -> NiDkgCodec.decodeTranscript(Bytes.of(NiDkgCodec.GENESIS).concat(Bytes.of(bad))))
        .isInstanceOf(MalformedArtifactException.class);
  }

  @Test
  void decodeDealing_corruptedPoint_isRejected() {
    byte[] b = encoded.toByteArray();
    b[20] ^= 0x01;
    assertThatThrownBy(() -> NiDkgCodec.decodeDealing(Bytes.of(b))).isInstanceOf(MalformedArtifactException.class);
  }
}
