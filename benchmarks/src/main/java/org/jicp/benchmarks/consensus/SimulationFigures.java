package org.jicp.benchmarks.consensus;

import java.time.Duration;
import java.util.Locale;
import org.jicp.consensus.sim.Behaviour;
import org.jicp.consensus.sim.SimulationConfig;
import org.jicp.consensus.sim.SimulationResult;
import org.jicp.consensus.sim.Simulator;

/**
 * The consensus figures of {@code benchmarks/README.md} ("Consensus"), from the simulator in
 * virtual time (deterministic: the same build prints the same tables):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.jicp.benchmarks.consensus.SimulationFigures
 * </pre>
 */
public final class SimulationFigures {
  private SimulationFigures() {}

  private static SimulationResult run(SimulationConfig.Builder b) {
    SimulationResult r = Simulator.run(b.build());
    if (!r.safe() || !r.livenessOk()) {
      throw new IllegalStateException(r.summaryLine());
    }
    return r;
  }

  private static String rank0(SimulationResult r) {
    long all = r.rankCounts().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "%.0f%%", 100.0 * r.rankCounts().get(0) / all);
  }

  /** Prints the tables. */
  public static void main(String[] args) {
    int n = 13;
    long rounds = 200;
    System.out.println("### Finalization latency and block rate versus network delay (n = 13, honest, unit 1000 ms, notary 300 ms)");
    System.out.println();
    System.out.println("| one-way delay δ | links | mean latency (round start → finalized) | p90 | 300 ms + 2δ | 3δ | blocks/s | rank-0 blocks |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (long d : new long[] {10, 50, 100, 150, 200, 300, 500, 1000}) {
      for (boolean equal : new boolean[] {true, false}) {
        SimulationConfig.Builder b = SimulationConfig.builder(n).seed(1).targetHeight(rounds).latencyMs(d);
        if (equal) {
          b.latencySpread(0).jitter(0);
        }
        SimulationResult r = run(b);
        System.out.printf(Locale.ROOT, "| %d ms | %s | %.1f ms | %.1f ms | %d ms | %d ms | %.2f | %s |%n",
            d, equal ? "all δ" : "δ × U[0.5,1.5) ± 10%", r.meanLatencyMillis(), r.latencyQuantile(0.9), 300 + 2 * d, 3 * d, r.blocksPerSecond(), rank0(r));
      }
    }
    System.out.println();
    System.out.println("### Unit delay and a silent leader (n = 13, δ = 50 ms on all links, f = 4 nodes crashed from the start)");
    System.out.println();
    System.out.println("| unit delay | notary delay | mean latency | max latency | unit + 300 ms + 2δ | blocks/s | rank-0 blocks |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (long unit : new long[] {500, 1000, 3000}) {
      SimulationConfig.Builder b = SimulationConfig.builder(n).seed(2).targetHeight(rounds).latencyMs(50).latencySpread(0).jitter(0)
          .unitDelay(Duration.ofMillis(unit));
      for (int i = 0; i < 4; i++) {
        b.crash(1 + 3 * i, 0, -1);
      }
      SimulationResult r = run(b);
      System.out.printf(Locale.ROOT, "| %d ms | 300 ms | %.1f ms | %.1f ms | %d ms | %.2f | %s |%n",
          unit, r.meanLatencyMillis(), r.latencyQuantile(1.0), unit + 300 + 100, r.blocksPerSecond(), rank0(r));
    }
    System.out.println();
    System.out.println("### Slow leaders and the notary back-off (n = 13, δ = 50 ms, f = 4 nodes whose messages all take the delay limit)");
    System.out.println();
    System.out.println("| delay limit | mean latency | p90 | max | blocks/s | blocks by rank |");
    System.out.println("|---|---|---|---|---|---|");
    for (long limit : new long[] {200, 800, 1250, 1300, 1330, 1500, 2500}) {
      SimulationResult r = run(SimulationConfig.builder(n).seed(3).targetHeight(rounds).latencyMs(50).latencySpread(0).jitter(0)
          .delayLimitMs(limit).byzantine(4, Behaviour.DELAY));
      System.out.printf(Locale.ROOT, "| %d ms | %.1f ms | %.1f ms | %.1f ms | %.2f | %s |%n",
          limit, r.meanLatencyMillis(), r.latencyQuantile(0.9), r.latencyQuantile(1.0), r.blocksPerSecond(), r.rankCounts());
    }
    System.out.println();
    System.out.println("### Byzantine behaviours at f (n = 13, δ = 50 ms with the default spread, 200 heights)");
    System.out.println();
    System.out.println("| behaviour of 4 nodes | mean latency | p90 | blocks/s | blocks by rank | invalid artifacts rejected |");
    System.out.println("|---|---|---|---|---|---|");
    for (Behaviour b : Behaviour.values()) {
      SimulationConfig.Builder c = SimulationConfig.builder(n).seed(4).targetHeight(rounds);
      if (b != Behaviour.HONEST) {
        c.byzantine(4, b);
      }
      SimulationResult r = run(c);
      System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f | %s | %d |%n",
          b.cliName(), r.meanLatencyMillis(), r.latencyQuantile(0.9), r.blocksPerSecond(), r.rankCounts(), r.invalidArtifacts());
    }
  }
}
