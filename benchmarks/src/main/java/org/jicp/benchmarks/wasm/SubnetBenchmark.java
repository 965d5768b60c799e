package org.jicp.benchmarks.wasm;

import java.util.concurrent.TimeUnit;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Update and query calls per second on the Motoko counter, in process, compiler engine. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SubnetBenchmark {
  static final byte[] EMPTY = {'D', 'I', 'D', 'L', 0, 0};
  private Subnet subnet;
  private CanisterId counter;

  @Setup(Level.Trial)
  public void setup() {
    subnet = Subnet.create(Engine.COMPILER);
    counter = subnet.createCanister();
    CallResult r = subnet.install(counter, WasmBench.read("motoko/out/wasm32/counter.wasm"),
        EMPTY, InstallMode.INSTALL);
    if (!r.isReply()) {
      throw new IllegalStateException(r.toString());
    }
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
}
