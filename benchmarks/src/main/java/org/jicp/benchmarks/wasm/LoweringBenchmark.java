package org.jicp.benchmarks.wasm;

import java.util.concurrent.TimeUnit;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.internal.binary.Instrumenter;
import org.jicp.wasm.internal.binary.ParsedModule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The instrumentation pass with the memory64/table64 lowering on the largest wasm64 harness
 * module ({@code caller}, 270,992 bytes), beside the same pass on its wasm32 build (228,100 bytes,
 * not lowered): decode of the module structure plus the rewrite of every function body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoweringBenchmark {
  @Param({"wasm32", "wasm64"})
  public String build;

  private byte[] wasm;

  @Setup
  public void setup() {
    wasm = WasmBench.read("motoko/out/" + build + "/caller.wasm");
  }

  /** Decode and instrument (lowering included for wasm64). */
  @Benchmark
  public Instrumenter.Result instrument() {
    return Instrumenter.instrument(ParsedModule.parse(wasm), ExecutionConfig.DEFAULT_MAX_CALL_DEPTH);
  }
}
