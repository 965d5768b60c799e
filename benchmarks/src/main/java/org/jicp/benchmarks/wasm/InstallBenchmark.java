package org.jicp.benchmarks.wasm;

import java.util.concurrent.TimeUnit;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Installing a Motoko module on a fresh canister: decode, IC validation, Chicory validation,
 * instrumentation, (compiler: compilation), instantiation, start function and canister_init.
 * {@code cold}: the module cache is cleared first; warm: the module was already loaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InstallBenchmark {
  static final byte[] EMPTY = {'D', 'I', 'D', 'L', 0, 0};

  @Param({"counter", "caller"})
  public String canister;

  @Param({"INTERPRETER", "COMPILER"})
  public Engine engine;

  @Param({"true", "false"})
  public boolean cold;

  @Benchmark
  public CallResult install() {
    byte[] wasm = WasmBench.read("motoko/out/wasm32/" + canister + ".wasm");
    if (cold) {
      Subnet.clearModuleCache();
    }
    try (Subnet s = Subnet.create(engine)) {
      CanisterId id = s.createCanister();
      return s.install(id, wasm, EMPTY, InstallMode.INSTALL);
    }
  }
}
