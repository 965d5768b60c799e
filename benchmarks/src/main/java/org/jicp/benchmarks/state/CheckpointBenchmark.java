package org.jicp.benchmarks.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.state.FileLayer;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manifest.Manifest;
import org.jicp.state.manifest.ManifestBuilder;
import org.jicp.state.pagemap.Overlay;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.types.SubnetType;
import org.jicp.state.replicated.SystemState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Checkpoint of a canister with a 1 GiB heap of which 1 % of the pages changed (target: at most
 * 1 s), and the manifest of 1 GiB from scratch (target: at most 5 s). Files go to the default
 * temporary directory (set {@code -Djava.io.tmpdir} to put them elsewhere).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckpointBenchmark {
  static final long GIB_PAGES = (1L << 30) / PageMap.PAGE_SIZE;

  Path dir;
  StateManager sm;
  ReplicatedState state;
  ReplicatedState dirtied;
  Path manifestDir;
  final SplittableRandom random = new SplittableRandom(11);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("jicp-checkpoint-bench");
    // A 1 GiB base overlay written page by page (streamed, never held in memory).
    Path base = dir.resolve("0000000000000000.overlay");
    long[] idx = new long[(int) GIB_PAGES];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Overlay.write(FileLayer.DEFAULT, base, idx, (p, dst) -> {
      java.util.Arrays.fill(dst, (byte) 0);
      dst[0] = (byte) p;
      dst[1] = (byte) (p >>> 8);
      dst[2] = (byte) (p >>> 16);
    });
    CanisterId id = CanisterId.fromIndex(1);
    ExecutionState es = new ExecutionState(Bytes.of(new byte[] {0, 'a', 's', 'm'}),
        PageMap.open(List.of(base)), GIB_PAGES / 16, PageMap.empty(), 0, List.of());
    SubnetId subnet = SubnetId.fromBytes(new byte[] {1});
    ReplicatedState s = new ReplicatedState(Height.of(1),
        new TreeMap<>(Map.of(id, new CanisterState(
            SystemState.create(id, List.of(Principal.anonymous()), 0), Optional.of(es)))),
        SubnetMetadata.of(subnet, SubnetType.APPLICATION, 0, RoutingTable.empty(),
            new TreeMap<>()));
    sm = StateManager.open(dir.resolve("state"), FileLayer.DEFAULT, 2);
    state = sm.checkpoint(s).state();
    manifestDir = dir.resolve("state").resolve("checkpoints").resolve(Height.of(1).toHex16());
  }

  @Setup(Level.Invocation)
  public void dirtyOnePercent() {
    CanisterState c = state.canisters().values().iterator().next();
    ExecutionState es = c.execution().orElseThrow();
    PageMap.Transaction t = es.heap().begin();
    byte[] page = new byte[PageMap.PAGE_SIZE];
    for (int i = 0; i < GIB_PAGES / 100; i++) {
      page[7] = (byte) i;
      t.write((long) random.nextInt((int) GIB_PAGES) * PageMap.PAGE_SIZE, page, 0, page.length);
    }
    dirtied = state.atHeight(state.height().increment()).withCanister(c.withExecution(
        es.withMemories(t.commit(), es.heapSizeWasmPages(), es.stableMemory(),
            es.stableMemorySizeWasmPages(), es.exportedGlobals())));
  }

  /**
   * Checkpoint with 1 % of 1 GiB dirty: new overlay, links, manifest (reusing linked files),
   * fsyncs, rename. Every 7th checkpoint merges the overlays (rewrites the whole GiB).
   */
  @Benchmark
  public StateManager.Checkpoint checkpoint1GiBWith1PercentDirty() {
    StateManager.Checkpoint cp = sm.checkpoint(dirtied);
    state = cp.state();
    return cp;
  }

  /** The manifest of the 1 GiB checkpoint from scratch: SHA-256 of every chunk. */
  @Benchmark
  public Manifest manifestOf1GiB() {
    return ManifestBuilder.compute(manifestDir);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    FileLayer.DEFAULT.deleteRecursively(dir);
  }
}
