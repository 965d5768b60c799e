package org.jicp.state.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jicp.types.Height;
import org.jicp.state.FileLayer;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.testing.SampleStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injects a crash (an exception from the file layer) at every write, fsync, rename, link, create
 * and delete step of a checkpoint; after each, a restart must load a complete checkpoint: the
 * previous one if the crash came before the commit point (the rename), and nothing partial ever.
 */
class CheckpointCrashTest {
  @TempDir Path base;

  /** Thrown by the crashing file layer. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(String step) {
      super("injected crash at " + step);
    }
  }

  /** A file layer that fails at step number {@code crashAt}, recording the steps. */
  static final class CrashingFileLayer implements FileLayer {
    int crashAt;
    final List<String> steps = new ArrayList<>();

    CrashingFileLayer(int crashAt) {
      this.crashAt = crashAt;
    }

    void step(String what) {
      steps.add(what);
      if (steps.size() == crashAt) {
        throw new Crash(steps.size() + " " + what);
      }
    }

    @Override
    public OutputFile create(Path file) {
      step("create " + file.getFileName());
      OutputFile real = DEFAULT.create(file);
      return new OutputFile() {
        @Override
        public void write(ByteBuffer data) {
          step("write " + file.getFileName());
          real.write(data);
        }

        @Override
        public void fsync() {
          step("fsync " + file.getFileName());
          real.fsync();
        }

        @Override
        public void close() {
          real.close();
        }
      };
    }

    @Override
    public void createDirectories(Path dir) {
      step("mkdir " + dir.getFileName());
      DEFAULT.createDirectories(dir);
    }

    @Override
    public void fsyncDirectory(Path dir) {
      step("fsync-dir " + dir.getFileName());
      DEFAULT.fsyncDirectory(dir);
    }

    @Override
    public void rename(Path from, Path to) {
      step("rename " + from.getFileName() + " " + to.getFileName());
      DEFAULT.rename(from, to);
    }

    @Override
    public void link(Path existing, Path link) {
      step("link " + link.getFileName());
      DEFAULT.link(existing, link);
    }

    @Override
    public void deleteRecursively(Path path) {
      step("delete " + path.getFileName());
      DEFAULT.deleteRecursively(path);
    }
  }

  @Test
  void checkpoint_crashAtEveryStep_restartLoadsPreviousOrNewCompleteCheckpoint() {
    // Count the steps of an undisturbed run first.
    int totalSteps;
    {
      Path root = base.resolve("count");
      ReplicatedState s1 = StateManager.open(root).checkpoint(SampleStates.state(Height.of(1), 3, 7))
          .state();
      CrashingFileLayer counter = new CrashingFileLayer(Integer.MAX_VALUE);
      StateManager sm = StateManager.open(root, counter, 1);
      int before = counter.steps.size();
      sm.checkpoint(SampleStates.nextRound(s1, 1));
      totalSteps = counter.steps.size() - before;
    }
    assertThat(totalSteps).isGreaterThan(20);
    int renameSeen = 0;
    for (int k = 1; k <= totalSteps; k++) {
      Path root = base.resolve("run" + k);
      ReplicatedState s1 = StateManager.open(root).checkpoint(SampleStates.state(Height.of(1), 3, 7))
          .state();
      ReplicatedState s2 = SampleStates.nextRound(s1, 1);
      CrashingFileLayer armed = new CrashingFileLayer(Integer.MAX_VALUE);
      StateManager smArmed = StateManager.open(root, armed, 1);
      armed.steps.clear();
      armed.crashAt = k;
      assertThatThrownBy(() -> smArmed.checkpoint(s2)).isInstanceOf(Crash.class);
      String step = armed.steps.get(armed.steps.size() - 1);
      boolean committed = armed.steps.stream().anyMatch(x -> x.startsWith("rename"))
          && !step.startsWith("rename");
      if (step.startsWith("rename")) {
        renameSeen++;
      }
      StateManager.Checkpoint loaded = StateManager.open(root).loadLatest().orElseThrow();
      ReplicatedState expected = committed ? s2 : s1;
      assertThat(SampleStates.sameContents(loaded.state(), expected))
          .as("crash at step %d (%s), committed=%s", k, step, committed).isTrue();
      List<Height> heights = StateManager.open(root).checkpointHeights();
      if (committed) {
        // The old checkpoint may survive a crash before its deletion; the newest is h2.
        assertThat(heights).as("crash at step %d (%s)", k, step).endsWith(Height.of(2));
      } else {
        assertThat(heights).as("crash at step %d (%s)", k, step).containsExactly(Height.of(1));
      }
    }
    assertThat(renameSeen).isEqualTo(1);
  }
}
