package org.jicp.benchmarks.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CertifiedStateTree;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code inc} on one canister through replicated execution, single executor (issue 13 target:
 * at least 10,000/s through submit, round and certified-state update): {@code
 * incRoundCertified} = one round with the message, then {@code CertifiedStateTree.update} and the
 * root hash, as a node does per batch; beside it, in the same run, the parts: the round alone,
 * an empty round, the certification of an empty round, and the {@code Subnet} façade ({@code
 * update}: inspect, submit, round, status); and {@code batchIncRoundCertified}, 100 {@code inc}s
 * per round, scored per {@code inc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IncBenchmark {
  @Param({"counter", "store"})
  public String module;

  /** The {@code inc}s per round of {@link #batchIncRoundCertified}. */
  static final int BATCH = 100;

  private Subnet subnet;
  private Subnet facade;
  private CanisterId facadeId;
  private RoundExecutor executor;
  private ReplicatedState state;
  private CertifiedStateTree tree;
  private CanisterId id;
  private byte[] arg;
  private CanisterMessage.Ingress last;

  @Setup(Level.Trial)
  public void setup() {
    byte[] wasm = ExecutionBench.module(module);
    arg = module.equals("counter") ? ExecutionBench.EMPTY : new byte[0];
    subnet = Subnet.create(Engine.COMPILER);
    id = subnet.createCanister();
    check(subnet.install(id, wasm, ExecutionBench.EMPTY, InstallMode.INSTALL));
    executor = subnet.executor();
    state = subnet.state();
    tree = CertifiedStateTree.of(state);
    facade = Subnet.create(Engine.COMPILER);
    facadeId = facade.createCanister();
    check(facade.install(facadeId, wasm, ExecutionBench.EMPTY, InstallMode.INSTALL));
  }

  private static void check(CallResult r) {
    if (!r.isReply()) {
      throw new IllegalStateException(r.toString());
    }
  }

  /** One round with one {@code inc}, the certified tree updated, its root hash. */
  @Benchmark
  public Bytes incRoundCertified() {
    last = ExecutionBench.ingress(state, id, "inc", arg);
    state = executor.executeRound(state, ExecutionBench.inputs(state, List.of(last)));
    tree = tree.update(state);
    return tree.rootHash();
  }

  /**
   * One round with {@value #BATCH} {@code inc}s (as a block brings several ingress messages), the
   * certified tree updated, its root hash; the score is per {@code inc}.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Bytes batchIncRoundCertified() {
    List<CanisterMessage.Ingress> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      last = ExecutionBench.ingress(state, id, "inc", arg);
      batch.add(last);
    }
    state = executor.executeRound(state, ExecutionBench.inputs(state, batch));
    tree = tree.update(state);
    return tree.rootHash();
  }

  /** One round with one {@code inc}. */
  @Benchmark
  public ReplicatedState incRound() {
    last = ExecutionBench.ingress(state, id, "inc", arg);
    state = executor.executeRound(state, ExecutionBench.inputs(state, List.of(last)));
    return state;
  }

  /** One round without messages. */
  @Benchmark
  public ReplicatedState emptyRound() {
    state = executor.executeRound(state, ExecutionBench.inputs(state, List.of()));
    return state;
  }

  /** One round without messages, the certified tree updated, its root hash. */
  @Benchmark
  public Bytes emptyRoundCertified() {
    state = executor.executeRound(state, ExecutionBench.inputs(state, List.of()));
    tree = tree.update(state);
    return tree.rootHash();
  }

  /** {@code Subnet.update}: inspect, submit, a round, the status (no certification). */
  @Benchmark
  public CallResult incViaSubnet() {
    return facade.update(facadeId, "inc", arg);
  }

  @Setup(Level.Iteration)
  public void freshTree() {
    tree = CertifiedStateTree.of(state);
  }

  @TearDown(Level.Iteration)
  public void verify() {
    if (last != null) {
      IngressStatus st = state.metadata().ingressHistory().get(last.messageId()).orElse(null);
      if (st == null || st.kind() != IngressStatus.Kind.REPLIED) {
        throw new IllegalStateException("inc not replied: " + st);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subnet.close();
    facade.close();
  }
}
