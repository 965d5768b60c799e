package org.jicp.benchmarks.execution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.FileLayer;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SystemState;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Checkpoint of a state with {@code canisters} canisters of a 1 MiB heap each (issue 13 target:
 * 1,000 canisters in at most 2 s): {@code StateManager.checkpoint} writes the canisters' overlay
 * files, the protobuf metadata and the manifest (SHA-256 of every chunk), with fsyncs. {@code
 * firstCheckpoint}: every page new (1 GiB written and hashed); {@code nextCheckpoint}: after one
 * page of every canister changed (what a round of {@code inc}s on every canister leaves). Files
 * go to {@code java.io.tmpdir}. {@code fsync = false} runs the same with every fsync skipped (not
 * crash-safe), to separate what the syncs cost from the writing and hashing; {@code earlySync =
 * false} defers every fsync to the end of the checkpoint (the code before the early syncs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CanisterCheckpointBenchmark {
  @Param({"1000"})
  public int canisters;

  /** {@code false}: the same file layer with every fsync skipped, to show what the syncs cost. */
  @Param({"true", "false"})
  public boolean fsync;

  /**
   * {@code false}: every fsync deferred to the batch before the commit, as before the early syncs
   * (the peer in the same run); {@code true}: the memories' overlay files start their fsync as
   * soon as they are written (system property {@code jicp.checkpoint.earlySync}).
   */
  @Param({"true", "false"})
  public boolean earlySync;

  private static final int HEAP_PAGES = (1 << 20) / PageMap.PAGE_SIZE;

  private Path dir;
  private ReplicatedState state;
  private StateManager sm;
  private int round;

  @Setup(Level.Trial)
  public void build() {
    System.setProperty("jicp.checkpoint.earlySync", Boolean.toString(earlySync));
    SplittableRandom rnd = new SplittableRandom(13);
    Bytes module = Bytes.of(ExecutionBench.module("store"));
    TreeMap<CanisterId, CanisterState> cs = new TreeMap<>();
    byte[] page = new byte[PageMap.PAGE_SIZE];
    for (int i = 0; i < canisters; i++) {
      CanisterId id = CanisterId.fromIndex(i);
      PageMap.Transaction t = PageMap.empty().begin();
      for (int p = 0; p < HEAP_PAGES; p++) {
        rnd.nextBytes(page);
        t.write((long) p * PageMap.PAGE_SIZE, page, 0, page.length);
      }
      ExecutionState es = new ExecutionState(module, t.commit(), HEAP_PAGES / 16,
          PageMap.empty(), 0, List.of());
      cs.put(id, new CanisterState(SystemState.create(id, List.of(Principal.anonymous()), 0),
          Optional.of(es)));
    }
    state = new ReplicatedState(Height.of(1), cs, SubnetMetadata.of(
        SubnetId.fromBytes(new byte[] {1}), SubnetType.APPLICATION, 0, RoutingTable.empty(),
        new TreeMap<>()));
  }

  @Setup(Level.Invocation)
  public void freshDirectory() throws Exception {
    if (dir != null) {
      FileLayer.DEFAULT.deleteRecursively(dir);
    }
    dir = Files.createTempDirectory("jicp-canister-checkpoint");
    sm = StateManager.open(dir.resolve("state"), files(), 2);
  }

  FileLayer files() {
    return fsync ? FileLayer.DEFAULT : NO_FSYNC;
  }

  /** {@link FileLayer#DEFAULT} without fsyncs (not crash-safe: for the measurement only). */
  private static final FileLayer NO_FSYNC = new FileLayer() {
    @Override
    public OutputFile create(Path file) {
      OutputFile out = FileLayer.DEFAULT.create(file);
      return new OutputFile() {
        @Override
        public void write(java.nio.ByteBuffer data) {
          out.write(data);
        }

        @Override
        public void fsync() {}

        @Override
        public void close() {
          out.close();
        }
      };
    }

    @Override
    public void createDirectories(Path d) {
      FileLayer.DEFAULT.createDirectories(d);
    }

    @Override
    public void fsyncDirectory(Path d) {}

    @Override
    public void rename(Path from, Path to) {
      FileLayer.DEFAULT.rename(from, to);
    }

    @Override
    public void link(Path existing, Path link) {
      FileLayer.DEFAULT.link(existing, link);
    }

    @Override
    public void deleteRecursively(Path path) {
      FileLayer.DEFAULT.deleteRecursively(path);
    }
  };

  /** The first checkpoint of the state: 1,000 × 1 MiB written and hashed. */
  @Benchmark
  public StateManager.Checkpoint firstCheckpoint() {
    return sm.checkpoint(state);
  }

  @State(Scope.Benchmark)
  public static class Incremental {
    StateManager sm;
    ReplicatedState next;
    Path dir;

    @Setup(Level.Invocation)
    public void prepare(CanisterCheckpointBenchmark b) throws Exception {
      if (dir != null) {
        FileLayer.DEFAULT.deleteRecursively(dir);
      }
      dir = Files.createTempDirectory("jicp-canister-checkpoint-next");
      sm = StateManager.open(dir.resolve("state"), b.files(), 2);
      ReplicatedState base = sm.checkpoint(b.state).state();
      ReplicatedState s = base.atHeight(base.height().increment());
      byte[] page = new byte[PageMap.PAGE_SIZE];
      List<CanisterState> changed = new ArrayList<>();
      for (CanisterState c : base.canisters().values()) {
        ExecutionState es = c.execution().orElseThrow();
        PageMap.Transaction t = es.heap().begin();
        page[0] = (byte) (b.round++);
        t.write(0, page, 0, page.length);
        changed.add(c.withExecution(es.withMemories(t.commit(), es.heapSizeWasmPages(),
            es.stableMemory(), es.stableMemorySizeWasmPages(), es.exportedGlobals())));
      }
      for (CanisterState c : changed) {
        s = s.withCanister(c);
      }
      next = s;
    }

    @TearDown(Level.Trial)
    public void clean() {
      if (dir != null) {
        FileLayer.DEFAULT.deleteRecursively(dir);
      }
    }
  }

  /** The next checkpoint after one page of every canister changed. */
  @Benchmark
  public StateManager.Checkpoint nextCheckpoint(Incremental inc) {
    return inc.sm.checkpoint(inc.next);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (dir != null) {
      FileLayer.DEFAULT.deleteRecursively(dir);
    }
  }
}
