package org.jicp.benchmarks.wasm;

import java.util.concurrent.TimeUnit;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.jicp.wasm.cycles.FeeSchedule;
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
 * The wasm64 Motoko builds (memory64 and table64, lowered by the instrumentation) against their
 * wasm32 builds, compiler engine: {@code counter.inc}, {@code counter.get} and {@code
 * looper.spin(100000)} (4.5M instructions). {@code build}: {@code wasm64}; {@code wasm32} with the
 * default heap limit of 2 GiB − 64 KiB (the module as is, as before the lowering existed); {@code
 * wasm32-4gib}, the IC's 4 GiB limit (accesses lowered as for wasm64, so the heap may pass 2 GiB).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Wasm64Benchmark {
  static final byte[] EMPTY = {'D', 'I', 'D', 'L', 0, 0};
  /** Candid (nat64) 100000. */
  static final byte[] SPIN = {'D', 'I', 'D', 'L', 0, 1, 0x78, (byte) 0xA0, (byte) 0x86, 1, 0, 0,
      0, 0, 0};

  @Param({"wasm32", "wasm32-4gib", "wasm64"})
  public String build;

  private Subnet subnet;
  private CanisterId counter;
  private CanisterId looper;

  @Setup(Level.Trial)
  public void setup() {
    ExecutionConfig config = ExecutionConfig.applicationSubnet();
    if (build.equals("wasm32-4gib")) {
      config = config.withWasmMemoryLimit(ExecutionConfig.MAX_WASM_MEMORY_BYTES);
    }
    String dir = build.startsWith("wasm32") ? "wasm32" : "wasm64";
    subnet = Subnet.create(Engine.COMPILER, config, FeeSchedule.applicationSubnet());
    counter = install("motoko/out/" + dir + "/counter.wasm");
    looper = install("motoko/out/" + dir + "/looper.wasm");
  }

  private CanisterId install(String path) {
    CanisterId id = subnet.createCanister();
    CallResult r = subnet.install(id, WasmBench.read(path), EMPTY, InstallMode.INSTALL);
    if (!r.isReply()) {
      throw new IllegalStateException(r.toString());
    }
    return id;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subnet.close();
  }

  /** {@code counter.inc}: ingress induction, a scheduler round, execution, commit. */
  @Benchmark
  public CallResult counterInc() {
    return subnet.update(counter, "inc", EMPTY);
  }

  /** {@code counter.get}: a non-replicated query on the live instance, rolled back. */
  @Benchmark
  public CallResult counterGet() {
    return subnet.query(counter, "get", EMPTY);
  }

  /** {@code looper.spin(100000)}: an update of 4.5M instructions. */
  @Benchmark
  public CallResult looperSpin() {
    return subnet.update(looper, "spin", SPIN);
  }
}
