package org.jicp.benchmarks.consensus;

import java.util.concurrent.TimeUnit;
import org.jicp.consensus.sim.CryptoKind;
import org.jicp.consensus.sim.SimulationConfig;
import org.jicp.consensus.sim.SimulationResult;
import org.jicp.consensus.sim.Simulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Wall-clock cost of simulating a subnet with {@code jicp sim}'s defaults (application subnet,
 * 50 ms links, no faults): one operation is a whole run to {@code rounds} finalized heights, so
 * rounds per second = rounds / (seconds per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulationBench {
  @Param({"13"})
  int nodes;

  @Param({"fast"})
  String crypto;

  @Param({"100"})
  int rounds;

  private long seed;

  @Setup
  public void check() {
    SimulationResult r = run();
    if (!r.safe() || !r.livenessOk()) {
      throw new IllegalStateException("the benchmarked simulation fails: " + r.summaryLine());
    }
  }

  private SimulationResult run() {
    return Simulator.run(
        SimulationConfig.builder(nodes).seed(seed++).crypto(crypto.equals("real") ? CryptoKind.REAL : CryptoKind.FAST).targetHeight(rounds).build());
  }

  /** One simulation of {@code rounds} heights. */
  @Benchmark
  public long simulate() {
    return run().minHonestFinalized();
  }
}
