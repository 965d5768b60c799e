package org.jicp.benchmarks.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.jicp.wasm.execution.RoundExecutor;
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
 * One execution round ({@code RoundExecutor.executeRound}) with one {@code inc} ingress message
 * for each of {@code canisters} installed canisters (issue 13 target: 1,000 canisters in at most
 * 50 ms), compiler engine: induction with the fee, the scheduler's passes, 1,000 executions with
 * their dirty-page commits, storage charges and history — beside the same round without messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RoundBenchmark {
  @Param({"counter", "store"})
  public String module;

  @Param({"1000"})
  public int canisters;

  private Subnet subnet;
  private RoundExecutor executor;
  private ReplicatedState state;
  private final List<CanisterId> ids = new ArrayList<>();
  private List<CanisterMessage.Ingress> batch;
  private byte[] arg;

  @Setup(Level.Trial)
  public void setup() {
    byte[] wasm = ExecutionBench.module(module);
    arg = module.equals("counter") ? ExecutionBench.EMPTY : new byte[0];
    subnet = Subnet.create(Engine.COMPILER);
    for (int i = 0; i < canisters; i++) {
      CanisterId id = subnet.createCanister();
      CallResult r = subnet.install(id, wasm, ExecutionBench.EMPTY, InstallMode.INSTALL);
      if (!r.isReply()) {
        throw new IllegalStateException(r.toString());
      }
      ids.add(id);
    }
    executor = subnet.executor();
    state = subnet.state();
    System.out.println(module + ": " + canisters + " canisters, heap "
        + state.canister(ids.get(0)).orElseThrow().execution().orElseThrow().heapSizeWasmPages()
        + " wasm pages each");
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    List<CanisterMessage.Ingress> b = new ArrayList<>(ids.size());
    for (CanisterId id : ids) {
      b.add(ExecutionBench.ingress(state, id, "inc", arg));
    }
    batch = b;
  }

  /** The round: every canister executes one {@code inc}. */
  @Benchmark
  public ReplicatedState roundWithOneIncPerCanister() {
    state = executor.executeRound(state, ExecutionBench.inputs(state, batch));
    return state;
  }

  /** The same round without messages (storage charges, passes over idle canisters). */
  @Benchmark
  public ReplicatedState emptyRound() {
    state = executor.executeRound(state, ExecutionBench.inputs(state, List.of()));
    return state;
  }

  @TearDown(Level.Iteration)
  public void check() {
    // Every inc of the last batch must have been replied (in the round of the batch).
    for (CanisterMessage.Ingress m : batch) {
      IngressStatus st = state.metadata().ingressHistory().get(m.messageId()).orElse(null);
      if (st != null && st.kind() != IngressStatus.Kind.REPLIED) {
        throw new IllegalStateException("inc not replied: " + st);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subnet.close();
  }
}
