package org.jicp.benchmarks.execution;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.jicp.wasm.execution.CanisterFork;
import org.jicp.wasm.execution.ManagementApi;
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
 * Fork of a canister with a {@code mib} MiB heap (issue 13 target: 100 MiB in at most 200 ms):
 * {@link Subnet#fork} — six management calls, each an ingress message run through a round —
 * with {@link CanisterFork.Mode#SHARE} (the source's snapshot loaded on the new canister: pages
 * shared) beside {@link CanisterFork.Mode#TRANSFER} (the snapshot read and uploaded in 1 MiB
 * slices: every byte copied). The canister is {@code store.wasm} after {@code fill(16 × mib)},
 * which writes a byte in every 4 KiB page. Each fork is deleted after it was timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForkBenchmark {
  @Param({"SHARE", "TRANSFER"})
  public CanisterFork.Mode mode;

  @Param({"100"})
  public int mib;

  private Subnet subnet;
  private CanisterId source;
  private CanisterId last;

  @Setup(Level.Trial)
  public void setup() {
    subnet = Subnet.create(Engine.COMPILER);
    source = subnet.createCanister();
    check(subnet.install(source, ExecutionBench.module("store"), new byte[0],
        InstallMode.INSTALL));
    check(subnet.update(source, "fill", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(16 * mib).array()));
    long pages = subnet.state().canister(source).orElseThrow().execution().orElseThrow()
        .heapSizeWasmPages();
    if (pages != 16L * mib) {
      throw new IllegalStateException("heap of " + pages + " wasm pages");
    }
  }

  private static void check(CallResult r) {
    if (!r.isReply()) {
      throw new IllegalStateException(r.toString());
    }
  }

  /** {@link Subnet#fork} of the source. */
  @Benchmark
  public CanisterId fork() {
    last = subnet.fork(source, mode);
    return last;
  }

  @TearDown(Level.Invocation)
  public void deleteFork() {
    if (last != null) {
      subnet.setStatus(last, CanisterStatus.STOPPED);
      check(subnet.callManagement("delete_canister", ManagementApi.encode(
          new ManagementApi.CanisterIdRecord(last.principal())), last, Subnet.ANONYMOUS));
      last = null;
    }
    // a fork takes part of the source's cycles (and SHARE pays a snapshot): top the source up so
    // hundreds of invocations do not drain it (before, SHARE ran out of cycles in warm-up)
    check(subnet.callManagement("provisional_top_up_canister", ManagementApi.encode(
        new ManagementApi.TopUpArgs(source.principal(), java.math.BigInteger.valueOf(100_000_000_000_000L))),
        source, Subnet.ANONYMOUS));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subnet.close();
  }
}
