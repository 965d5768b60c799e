package org.jicp.consensus.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Mutated encodings of every artifact kind (bit flips, byte changes, truncations, insertions):
 * each is either rejected with {@link MalformedArtifactException} or decodes to an artifact whose
 * encoding is exactly the mutated bytes (no other outcome, no other exception).
 */
class ArtifactCodecPropertyTest {
  @Test
  void decode_mutatedEncodings_rejectOrRoundTrip() {
    long seed = Long.getLong("jicp.seed", System.nanoTime());
    System.out.println("ArtifactCodecPropertyTest seed=" + seed + " (-Djicp.seed=" + seed + " replays)");
    SplittableRandom r = new SplittableRandom(seed);
    List<ConsensusMessage> samples = ArtifactSamples.all();
    int rejected = 0;
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = ArtifactCodec.encode(samples.get(r.nextInt(samples.size()))).toByteArray();
      byte[] m = mutate(b, r);
      try {
        ConsensusMessage d = ArtifactCodec.decode(Bytes.of(m));
        assertThat(ArtifactCodec.encode(d).toByteArray()).as("seed %d case %d", seed, i).isEqualTo(m);
        accepted++;
      } catch (MalformedArtifactException e) {
        rejected++;
      }
    }
    System.out.println("ArtifactCodecPropertyTest: " + rejected + " rejected, " + accepted + " accepted as canonical");
    assertThat(rejected).isPositive();
  }

  private static byte[] mutate(byte[] b, SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0 -> {
        byte[] c = b.clone();
        c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
        return c;
      }
      case 1 -> {
        byte[] c = b.clone();
        c[r.nextInt(c.length)] = (byte) r.nextInt(256);
        return c;
      }
      case 2 -> {
        return java.util.Arrays.copyOf(b, r.nextInt(b.length));
      }
      default -> {
        int at = r.nextInt(b.length + 1);
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] = (byte) r.nextInt(256);
        System.arraycopy(b, at, c, at + 1, b.length - at);
        return c;
      }
    }
  }
}
