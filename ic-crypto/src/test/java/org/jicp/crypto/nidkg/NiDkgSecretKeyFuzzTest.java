package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.testing.SeededFuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the NI-DKG forward-secure encryption secret key's encoding ({@link
 * NiDkgProtobuf#decodeEncryptionSecretKey}: read back from the node's own disk, so the input is
 * the bytes of a damaged or tampered key file). The only outcomes are a key or an {@link
 * InvalidEncodingException}; a decoded key is canonical (re-encoding gives the same bytes) and
 * holds 1 to 33 tree nodes.
 *
 * <p>A decode checks every G2 point of the key for subgroup membership (about 290 points per tree
 * node, about a second on this machine for a fresh key), so the default build runs few mutants;
 * most of them fail in the structure before the points. Jazzer {@code @FuzzTest}: committed inputs
 * in {@code src/test/resources/org/jicp/crypto/nidkg/NiDkgSecretKeyFuzzTestInputs/<target>/};
 * {@code JAZZER_FUZZ=1 -Dtest=NiDkgSecretKeyFuzzTest#secretKey*} fuzzes it. docs/fuzzing.md has
 * the commands and the runs.
 */
class NiDkgSecretKeyFuzzTest {
  /** Two fresh keys (one tree node each). */
  static final class Fixture {
    static final List<EncryptionSecretKey> KEYS;

    static {
      SplittableRandom rng = new SplittableRandom(0x5ec7e7L);
      KEYS = List.of(EncryptionSecretKey.generate(Bytes.of((byte) 's', (byte) 0), rng).secretKey(),
          EncryptionSecretKey.generate(Bytes.of((byte) 's', (byte) 1), rng).secretKey());
    }
  }

  @FuzzTest(maxDuration = "60s")
  void secretKey_anyBytes_canonicalKeyOrInvalidEncoding(byte[] data) {
    EncryptionSecretKey k;
    try {
      k = NiDkgProtobuf.decodeEncryptionSecretKey(data);
    } catch (InvalidEncodingException expected) {
      return;
    }
    if (k.nodeCount() < 1 || k.nodeCount() > 33) {
      throw new AssertionError("a key of " + k.nodeCount() + " nodes decoded: " + Bytes.hex(data));
    }
    byte[] again = NiDkgProtobuf.encode(k);
    if (!Arrays.equals(again, data)) {
      throw new AssertionError("accepted a non-canonical encoding (re-encoding differs): " + Bytes.hex(data));
    }
    if (!Arrays.equals(NiDkgProtobuf.encode(NiDkgProtobuf.decodeEncryptionSecretKey(again)), again)) {
      throw new AssertionError("decode(encode(k)) differs for " + Bytes.hex(data));
    }
  }

  static List<byte[]> seeds() {
    return List.of(NiDkgProtobuf.encode(Fixture.KEYS.get(0)), NiDkgProtobuf.encode(Fixture.KEYS.get(1)));
  }

  @Test
  void seeds_decodeToTheSameKeys() {
    List<byte[]> seeds = seeds();
    for (int i = 0; i < seeds.size(); i++) {
      EncryptionSecretKey k = NiDkgProtobuf.decodeEncryptionSecretKey(seeds.get(i));
      assertThat(k.nodeCount()).isEqualTo(1);
      assertThat(k.currentEpoch()).isEqualTo(Fixture.KEYS.get(i).currentEpoch());
      assertThat(NiDkgProtobuf.encode(k)).isEqualTo(seeds.get(i));
    }
  }

  /** The bounded run of the default build: the two keys and 12 mutants (a decode is up to a second). */
  @Test
  @Timeout(120)
  void seededMutation_secretKey_canonicalKeyOrInvalidEncoding() {
    List<byte[]> seeds = seeds();
    SeededFuzz.writeSeeds("secretKey_anyBytes_canonicalKeyOrInvalidEncoding", List.of("fresh-0", "fresh-1"), seeds);
    assertThat(SeededFuzz.run("NiDkgSecretKeyFuzzTest.secretKey", seeds, 12, this::secretKey_anyBytes_canonicalKeyOrInvalidEncoding))
        .isEqualTo(2 + SeededFuzz.iterations(12));
  }
}
