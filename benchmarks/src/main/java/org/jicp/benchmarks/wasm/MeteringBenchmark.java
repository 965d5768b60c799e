package org.jicp.benchmarks.wasm;

import java.util.concurrent.TimeUnit;
import org.jicp.wasm.Engine;
import org.jicp.wasm.MeteredModule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The raw {@code bench.wasm} functions with jicp's metering instrumentation and without (the
 * original module on Chicory), on the compiler engine: the metering overhead. Instructions per
 * second = the metered instruction count (printed at setup) / the time per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MeteringBenchmark {
  @Param({"true", "false"})
  public boolean metered;

  @Param({"COMPILER"})
  public Engine engine;

  private MeteredModule module;
  private static final long LIMIT = Long.MAX_VALUE / 2;

  @Setup(Level.Trial)
  public void setup() {
    module = MeteredModule.load(WasmBench.read("raw/out/bench.wasm"), engine, metered);
    if (metered) {
      module.call("bench_loop", LIMIT, 10_000_000);
      long loop = module.lastInstructions();
      module.call("bench_sha256", LIMIT, 1, 1);
      System.out.println("[instructions] bench_loop(10^7)=" + loop + " bench_sha256(1 MiB)="
          + module.lastInstructions());
    }
  }

  /** {@code bench_loop(10^7)}: the add/xor/shift loop. */
  @Benchmark
  public long benchLoop() {
    return module.call("bench_loop", LIMIT, 10_000_000)[0];
  }

  /** {@code bench_sha256(1, 1)}: SHA-256 of 1 MiB. */
  @Benchmark
  public long benchSha256() {
    long[] r = module.call("bench_sha256", LIMIT, 1, 1);
    return r == null || r.length == 0 ? 0 : r[0];
  }
}
