package org.jicp.benchmarks.consensus;

import java.util.Locale;
import org.jicp.consensus.sim.CryptoKind;
import org.jicp.consensus.sim.SimulationConfig;
import org.jicp.consensus.sim.SimulationResult;
import org.jicp.consensus.sim.Simulator;

/**
 * Rounds simulated per wall-clock second, measured around {@link Simulator#run()} only (the
 * subnet's key generation is not counted), for runs too slow for JMH iterations (the real crypto):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.jicp.benchmarks.consensus.SimulationThroughput NODES ROUNDS real|fast REPEATS
 * </pre>
 */
public final class SimulationThroughput {
  private SimulationThroughput() {}

  /** Runs and prints one line per repetition. */
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    CryptoKind crypto = args[2].equals("real") ? CryptoKind.REAL : CryptoKind.FAST;
    int repeats = Integer.parseInt(args[3]);
    for (int i = 0; i < repeats; i++) {
      SimulationResult r = Simulator.run(SimulationConfig.builder(n).seed(i).crypto(crypto).targetHeight(rounds).build());
      double s = r.wallNanos() / 1e9;
      System.out.printf(Locale.ROOT, "n=%d crypto=%s rounds=%d wall=%.2f s rounds/s=%.2f %s%n", n, args[2], r.minHonestFinalized(), s, r.minHonestFinalized() / s, r.summaryLine());
    }
  }
}
