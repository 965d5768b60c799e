package org.jicp.benchmarks.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.types.MessageId;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The replica (issue 14 "Speed"): an update of jicp's test canister {@code store.inc} submitted
 * to the replica and awaited until its certified reply, on a single-node subnet and on a 4-node
 * subnet running consensus with real crypto and local delays (100 ms unit, no notary delay);
 * beside it, its peer — the same update through {@code ic-wasm-runtime}'s {@link Subnet} façade
 * (execution and the certified state, no consensus, no replica) — so the ratio is what the
 * replica's layers add. {@code round*}: one more certified height of the subnet (a finalized
 * block), in virtual time for the 4-node subnet (the figure is CPU-bound: real crypto of four
 * nodes on this machine's cores).
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-XX:-DontCompileHugeMethods"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReplicaBench {
  private static final byte[] EMPTY = {'D', 'I', 'D', 'L', 0, 0};
  /** Updates submitted together by {@link #updatesInFlightReplica}. */
  static final int IN_FLIGHT = 100;
  private static final Cycles CYCLES = Cycles.of(100_000_000_000_000L);

  @Param({"1", "4"})
  public int nodes;

  /**
   * {@code false}: every node verifies every share itself (system property {@code
   * jicp.replica.sharedVerification}; read once per fork), the peer of the default, where the
   * nodes of the JVM share the checks that passed ({@code VerificationMemo}).
   */
  @Param({"true"})
  public boolean sharedVerification;

  private Replica replica;
  private CanisterId canister;
  private Subnet peer;
  private CanisterId peerCanister;

  static byte[] store() {
    try (InputStream in = ReplicaBench.class.getResourceAsStream("/wasm/store.wasm")) {
      if (in == null) {
        throw new IllegalStateException("store.wasm missing from the ic-wasm-runtime test jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    System.setProperty("jicp.replica.sharedVerification", Boolean.toString(sharedVerification));
    Replica.Builder b = Replica.builder().applicationSubnets(1).nodesPerSubnet(nodes)
        .deterministic(7);
    if (nodes > 1) {
      b.consensusDelays(Duration.ofMillis(100), Duration.ZERO);
    }
    replica = b.build();
    canister = replica.createCanister(replica.subnets().get(0).id(), CYCLES);
    replica.install(canister, store(), EMPTY);
    peer = Subnet.create(Engine.COMPILER);
    peerCanister = peer.createCanister(CYCLES);
    CallResult r = peer.install(peerCanister, store(), EMPTY, InstallMode.INSTALL);
    if (!(r instanceof CallResult.Reply)) {
      throw new IllegalStateException("install: " + r);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    replica.close();
    peer.close();
  }

  /** Submit, rounds until the reply is certified, the reply. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public byte[] updateReplica() {
    return replica.update(canister, "inc", EMPTY);
  }

  /**
   * Certified updates per second with many in flight (issue 14: ≥ 2,000/s on a single-node
   * subnet): {@value #IN_FLIGHT} updates submitted, then each awaited until its certified reply.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public int updatesInFlightReplica() {
    MessageId[] ids = new MessageId[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      ids[i] = replica.submit(Principal.anonymous(), canister, canister, "inc", EMPTY);
    }
    int bytes = 0;
    for (MessageId id : ids) {
      bytes += replica.await(canister, id).length;
    }
    return bytes;
  }

  /** The peer: {@value #IN_FLIGHT} updates one after the other through the execution façade. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public int updatesInFlightExecutionFacade() {
    int replies = 0;
    for (int i = 0; i < IN_FLIGHT; i++) {
      replies += peer.update(peerCanister, "inc", EMPTY) instanceof CallResult.Reply ? 1 : 0;
    }
    return replies;
  }

  /** The peer: the same update through the execution façade (runs once per {@code nodes}). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public CallResult updateExecutionFacade() {
    return peer.update(peerCanister, "inc", EMPTY);
  }

  /** One more certified height (a finalized block) without messages. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void roundReplica() {
    replica.tick();
  }

  /** The peer: one empty round of the execution façade. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void roundExecutionFacade() {
    peer.tick(1);
  }
}
