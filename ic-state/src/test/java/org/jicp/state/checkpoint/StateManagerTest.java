package org.jicp.state.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jicp.types.Height;
import org.jicp.state.FileLayer;
import org.jicp.state.InvalidCheckpointException;
import org.jicp.state.manifest.ManifestBuilder;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CertifiedStateTree;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.testing.SampleStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateManagerTest {
  @TempDir Path root;

  @Test
  void checkpoint_thenLoad_givesEqualStateAndManifest() {
    StateManager sm = StateManager.open(root);
    ReplicatedState s = SampleStates.state(Height.of(10), 5, 1);
    StateManager.Checkpoint cp = sm.checkpoint(s);
    assertThat(SampleStates.sameContents(cp.state(), s)).isTrue();
    StateManager reopened = StateManager.open(root);
    StateManager.Checkpoint loaded = reopened.loadLatest().orElseThrow();
    assertThat(SampleStates.sameContents(loaded.state(), s)).isTrue();
    assertThat(loaded.manifest()).isEqualTo(cp.manifest());
    assertThat(loaded.manifest().hash()).isEqualTo(ManifestBuilder.compute(
        sm.layout().checkpoint(Height.of(10))).hash());
    assertThat(CertifiedStateTree.of(loaded.state()).rootHash())
        .isEqualTo(CertifiedStateTree.of(s).rootHash());
    assertThat(Files.exists(root.resolve("checkpoints/000000000000000a/"
        + StateLayout.UNVERIFIED_MARKER))).isFalse();
  }

  @Test
  void checkpoint_successive_linksOverlaysKeepsLastTwoAndMergesPastBound() throws Exception {
    StateManager sm = StateManager.open(root);
    ReplicatedState s = sm.checkpoint(SampleStates.state(Height.of(1), 2, 2)).state();
    for (int i = 0; i < PageMap.MAX_OVERLAYS + 2; i++) {
      ReplicatedState next = SampleStates.nextRound(s, i);
      s = sm.checkpoint(next).state();
      assertThat(SampleStates.sameContents(s, next)).isTrue();
      assertThat(s.canisters().values().stream()
          .flatMap(c -> c.execution().stream())
          .allMatch(e -> e.heap().overlays().size() <= PageMap.MAX_OVERLAYS)).isTrue();
    }
    assertThat(sm.checkpointHeights()).hasSize(2);
    StateManager.Checkpoint loaded = StateManager.open(root).loadLatest().orElseThrow();
    assertThat(SampleStates.sameContents(loaded.state(), s)).isTrue();
  }

  @Test
  void checkpoint_unchangedModule_isHardLinkedAndManifestEqualsFreshOne() throws Exception {
    StateManager sm = StateManager.open(root);
    ReplicatedState s = sm.checkpoint(SampleStates.state(Height.of(1), 3, 2)).state();
    ReplicatedState next = SampleStates.nextRound(s, 0);
    StateManager.Checkpoint cp = sm.checkpoint(next);
    Path prev = sm.layout().checkpoint(Height.of(1));
    Path dir = sm.layout().checkpoint(next.height());
    int linkedModules = 0;
    try (Stream<Path> files = Files.walk(dir.resolve("canister_states"))) {
      for (Path f : files.filter(p -> p.getFileName().toString()
          .equals(StateLayout.SOFTWARE_WASM)).toList()) {
        assertThat(Files.isSameFile(f, prev.resolve(dir.relativize(f)))).as(f.toString()).isTrue();
        linkedModules++;
      }
    }
    assertThat(linkedModules).isPositive().isEqualTo(next.canisters().values().stream()
        .filter(c -> c.execution().isPresent()).count());
    assertThat(cp.manifest()).isEqualTo(ManifestBuilder.compute(dir));
    // A fresh manager (after a restart) knows nothing of the previous modules: it writes them.
    StateManager reopened = StateManager.open(root);
    ReplicatedState third = SampleStates.nextRound(cp.state(), 1);
    Path thirdDir = reopened.layout().checkpoint(third.height());
    StateManager.Checkpoint cp3 = reopened.checkpoint(third);
    assertThat(cp3.manifest()).isEqualTo(ManifestBuilder.compute(thirdDir));
    try (Stream<Path> files = Files.walk(thirdDir.resolve("canister_states"))) {
      for (Path f : files.filter(p -> p.getFileName().toString()
          .equals(StateLayout.SOFTWARE_WASM)).toList()) {
        assertThat(Files.isSameFile(f, dir.resolve(thirdDir.relativize(f)))).isFalse();
      }
    }
  }

  @Test
  void open_removesTipAndMarkedCheckpoints() throws Exception {
    StateManager sm = StateManager.open(root);
    sm.checkpoint(SampleStates.state(Height.of(1), 2, 3));
    Path fake = sm.layout().checkpoint(Height.of(2));
    Files.createDirectories(fake);
    Files.write(fake.resolve(StateLayout.UNVERIFIED_MARKER), new byte[0]);
    Files.write(fake.resolve(StateLayout.MANIFEST_FILE), new byte[0]);
    Files.createDirectories(sm.layout().tip().resolve("x"));
    StateManager again = StateManager.open(root);
    assertThat(again.checkpointHeights()).containsExactly(Height.of(1));
    assertThat(Files.exists(fake)).isFalse();
    assertThat(Files.exists(sm.layout().tip())).isFalse();
  }

  // ---------------------------------------------------------------- corruption

  private Path checkpointWithFiles() {
    StateManager sm = StateManager.open(root);
    sm.checkpoint(SampleStates.state(Height.of(4), 4, 5));
    return sm.layout().checkpoint(Height.of(4));
  }

  private List<Path> stateFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(StateLayout.MANIFEST_FILE))
          .sorted().toList();
    }
  }

  @Test
  void load_anyFileTruncatedFlippedOrDeleted_throwsNamingThatFile() throws Exception {
    Path dir = checkpointWithFiles();
    List<Path> files = stateFiles(dir);
    assertThat(files).hasSizeGreaterThan(8);
    for (Path f : files) {
      byte[] orig = Files.readAllBytes(f);
      for (String damage : List.of("truncate", "flip", "delete")) {
        switch (damage) {
          case "truncate" -> Files.write(f, Arrays.copyOf(orig, Math.max(0, orig.length - 1)));
          case "flip" -> {
            byte[] b = orig.clone();
            if (b.length == 0) {
              continue;
            }
            b[b.length / 2] ^= 0x10;
            Files.write(f, b);
          }
          default -> Files.delete(f);
        }
        assertThatThrownBy(() -> StateManager.open(root).load(Height.of(4)))
            .as("%s of %s", damage, f)
            .isInstanceOf(InvalidCheckpointException.class)
            .satisfies(e -> assertThat(((InvalidCheckpointException) e).file()).isEqualTo(f));
        Files.write(f, orig);
      }
    }
    assertThat(StateManager.open(root).load(Height.of(4)).state().height()).isEqualTo(Height.of(4));
  }

  @Test
  void load_extraFileOrBrokenManifest_throwsNamingIt() throws Exception {
    Path dir = checkpointWithFiles();
    Path extra = dir.resolve("canister_states/extra.bin");
    Files.write(extra, new byte[] {1});
    assertThatThrownBy(() -> StateManager.open(root).load(Height.of(4)))
        .isInstanceOf(InvalidCheckpointException.class).hasMessageContaining("extra.bin");
    Files.delete(extra);
    Path mf = dir.resolve(StateLayout.MANIFEST_FILE);
    Files.write(mf, new byte[] {(byte) 0xff, 1, 2});
    assertThatThrownBy(() -> StateManager.open(root).load(Height.of(4)))
        .isInstanceOf(InvalidCheckpointException.class)
        .satisfies(e -> assertThat(((InvalidCheckpointException) e).file()).isEqualTo(mf));
  }

  @Test
  void checkpoint_largeOverlaysSyncedEarly_sameManifestAsDeferredAndReloads() {
    // Heaps of 64 pages (256 KiB): over SyncBatch.EARLY_SYNC_BYTES, so on the real file system
    // their overlays start their fsync when written; the peer defers every fsync (property off).
    ReplicatedState s = SampleStates.state(Height.of(1), 4, 5);
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (org.jicp.state.replicated.CanisterState c : List.copyOf(s.canisters().values())) {
      if (c.execution().isPresent()) {
        org.jicp.state.replicated.ExecutionState es = c.execution().get();
        PageMap.Transaction t = es.heap().begin();
        byte[] page = new byte[PageMap.PAGE_SIZE];
        for (int p = 0; p < 64; p++) {
          r.nextBytes(page);
          t.write((long) p * PageMap.PAGE_SIZE, page, 0, page.length);
        }
        s = s.withCanister(c.withExecution(es.withMemories(t.commit(), 4,
            es.stableMemory(), es.stableMemorySizeWasmPages(), es.exportedGlobals())));
      }
    }
    assertThat(FileLayer.DEFAULT.syncsConcurrently()).isTrue();
    StateManager.Checkpoint early = StateManager.open(root.resolve("early")).checkpoint(s);
    StateManager.Checkpoint deferred;
    String old = System.getProperty(SyncBatch.EARLY_SYNC_PROPERTY);
    System.setProperty(SyncBatch.EARLY_SYNC_PROPERTY, "false");
    try {
      deferred = StateManager.open(root.resolve("deferred")).checkpoint(s);
    } finally {
      if (old == null) {
        System.clearProperty(SyncBatch.EARLY_SYNC_PROPERTY);
      } else {
        System.setProperty(SyncBatch.EARLY_SYNC_PROPERTY, old);
      }
    }
    assertThat(early.manifest()).isEqualTo(deferred.manifest());
    assertThat(early.manifest().files().stream()
        .filter(f -> f.sizeBytes() >= SyncBatch.EARLY_SYNC_BYTES).count()).isGreaterThanOrEqualTo(2);
    StateManager.Checkpoint loaded = StateManager.open(root.resolve("early")).loadLatest()
        .orElseThrow();
    assertThat(loaded.manifest()).isEqualTo(early.manifest());
    assertThat(SampleStates.sameContents(loaded.state(), s)).isTrue();
  }
}
