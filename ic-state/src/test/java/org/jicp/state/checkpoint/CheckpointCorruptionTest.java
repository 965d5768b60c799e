package org.jicp.state.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.state.InvalidCheckpointException;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.testing.SampleStates;
import org.jicp.types.Height;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint file altered at any byte fails to load with an {@link InvalidCheckpointException}
 * (never another exception, never a silently different state), while the older checkpoint still
 * loads. The default build alters a bounded random sample of bytes of every file (seed printed);
 * {@code -Djicp.corruption.all=true} (the {@code fuzz} profile) alters every byte of every file.
 */
class CheckpointCorruptionTest {
  @TempDir Path root;

  /** Bytes altered per file in the default build (all bytes in files no larger than this). */
  static final int SAMPLE_PER_FILE = 10;

  @Test
  void load_anyByteOfAnyFileAltered_typedErrorAndOlderCheckpointStillLoads() {
    boolean all = Boolean.getBoolean("jicp.corruption.all");
    long seed = Long.getLong("jicp.corruption.seed", System.nanoTime());
    System.out.println("CheckpointCorruptionTest seed " + seed + (all ? " (every byte)" : ""));
    SplittableRandom r = new SplittableRandom(seed);

    StateManager sm = StateManager.open(root);
    ReplicatedState s1 = sm.checkpoint(SampleStates.state(Height.of(1), 3, 11)).state();
    ReplicatedState s2 = sm.checkpoint(SampleStates.nextRound(s1, 5)).state();
    Path dir = sm.layout().checkpoint(Height.of(2));
    Map<String, Bytes> files = CheckpointDurabilityTest.files(dir);
    assertThat(files).containsKey(StateLayout.MANIFEST_FILE).hasSizeGreaterThan(8);

    int altered = 0;
    List<String> undetected = new ArrayList<>();
    for (Map.Entry<String, Bytes> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      byte[] original = f.getValue().toByteArray();
      int n = original.length;
      int[] offsets = all || n <= SAMPLE_PER_FILE
          ? java.util.stream.IntStream.range(0, n).toArray()
          : sample(r, n);
      for (int off : offsets) {
        byte[] bad = original.clone();
        bad[off] ^= (byte) (1 + r.nextInt(255));
        replace(p, bad);
        try {
          StateManager.Checkpoint c = StateManager.open(root).load(Height.of(2));
          undetected.add(f.getKey() + "@" + off + (SampleStates.sameContents(c.state(), s2) ? " (same state)" : " (DIFFERENT state)"));
        } catch (InvalidCheckpointException e) {
          // expected: typed, naming a file
          assertThat(e.getMessage()).isNotBlank();
        }
        altered++;
      }
      replace(p, original);
      // A file emptied, and one truncated by a byte.
      for (byte[] bad : new byte[][] {new byte[0], java.util.Arrays.copyOf(original, Math.max(0, n - 1))}) {
        if (bad.length == n) {
          continue;
        }
        replace(p, bad);
        try {
          StateManager.open(root).load(Height.of(2));
          undetected.add(f.getKey() + " truncated to " + bad.length);
        } catch (InvalidCheckpointException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
        altered++;
      }
      replace(p, original);
    }
    System.out.println("CheckpointCorruptionTest: " + altered + " alterations of " + files.size() + " files, "
        + files.values().stream().mapToInt(Bytes::length).sum() + " bytes");
    assertThat(undetected).as("alterations that loaded").isEmpty();
    // The corruption never reached the older checkpoint (files are replaced, links broken), and
    // the restored newest loads again.
    assertThat(SampleStates.sameContents(StateManager.open(root).load(Height.of(1)).state(), s1)).isTrue();
    assertThat(SampleStates.sameContents(StateManager.open(root).loadLatest().orElseThrow().state(), s2)).isTrue();
  }

  private static int[] sample(SplittableRandom r, int n) {
    int[] out = new int[SAMPLE_PER_FILE];
    out[0] = 0;
    out[1] = n - 1;
    for (int i = 2; i < out.length; i++) {
      out[i] = r.nextInt(n);
    }
    return out;
  }

  /** Replaces {@code p} by a new file (so hard links to the old one keep their bytes). */
  private static void replace(Path p, byte[] content) {
    try {
      Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
      Files.write(tmp, content);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
