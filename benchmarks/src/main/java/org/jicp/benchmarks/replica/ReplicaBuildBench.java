package org.jicp.benchmarks.replica;

import java.util.concurrent.TimeUnit;
import org.jicp.replica.Replica;
import org.jicp.wasm.Engine;
import org.jicp.wasm.Subnet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Replica.builder()…build()} and {@code close()} in a warm JVM (issue 14 "Speed": NNS + 1
 * application subnet, single-node, ≤ 300 ms), beside its peer: one execution {@link Subnet}
 * created and closed (what the replica composes, once per subnet, without keys, certification,
 * delegations or the HTTP-facing parts).
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-XX:-DontCompileHugeMethods"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReplicaBuildBench {
  private long seed;

  /** NNS + one application subnet, single-node, deterministic, built and closed. */
  @Benchmark
  public int buildNnsAndApplication() {
    try (Replica r = Replica.builder().nnsSubnet().applicationSubnets(1)
        .deterministic(seed++).build()) {
      return r.subnets().size();
    }
  }

  /**
   * As {@link #buildNnsAndApplication} with the NNS canisters (what {@code jicp replica start}
   * builds by default): the genesis registry with one NI-DKG per subnet, the NNS canisters
   * installed from it, the cycles ledger.
   */
  @Benchmark
  public int buildNnsWithCanistersAndApplication() {
    try (Replica r = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .deterministic(seed++).build()) {
      return r.subnets().size();
    }
  }

  /** The peer: one execution subnet created and closed. */
  @Benchmark
  public Engine buildExecutionSubnet() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      return s.engine();
    }
  }
}
