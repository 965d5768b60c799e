package org.jicp.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The longer runs of the {@code consensus-sweep} profile: every Byzantine behaviour at f for
 * n = 4, 7, 13 with the real crypto and DKG intervals, and long fast-crypto runs through many
 * intervals with crashes, restarts and partitions.
 */
@EnabledIfSystemProperty(named = "jicp.sim.full", matches = "true")
class FullSweepTest {
  @Test
  void run_realCryptoEachBehaviourAtF_safeAndLive() {
    List<String> failures = new ArrayList<>();
    for (int n : new int[] {4, 7, 13}) {
      for (Behaviour b : Behaviour.values()) {
        if (b == Behaviour.HONEST) {
          continue;
        }
        SimulationResult r = Simulator.run(
            SimulationConfig.builder(n).seed(100 + n).crypto(CryptoKind.REAL).targetHeight(n == 13 ? 6 : 12).dkgIntervalLength(n == 4 ? 3 : 499)
                .byzantine((n - 1) / 3, b).build());
        System.out.println("real " + b.cliName() + " n=" + n + ": " + r.summaryLine() + " wall=" + r.wallNanos() / 1_000_000 + "ms");
        if (!r.safe() || !r.livenessOk()) {
          failures.add(b + " n=" + n + ": " + r.summaryLine());
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void run_longRunsThroughManyIntervalsWithCrashesAndPartitions_safeAndLive() {
    long base = Long.getLong("jicp.seed", System.nanoTime());
    System.out.println("FullSweepTest seed=" + base);
    SplittableRandom r = new SplittableRandom(base);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long seed = r.nextLong();
      int n = new int[] {4, 7, 13}[i % 3];
      SimulationConfig.Builder b = SimulationConfig.builder(n).seed(seed).targetHeight(300).dkgIntervalLength(9 + r.nextInt(30));
      int down = r.nextInt(n);
      long crash = 1_000 + r.nextInt(20_000);
      b.crash(down, crash, crash + 5_000 + r.nextInt(60_000));
      long p = 30_000 + r.nextInt(30_000);
      b.partition(new Partition(p, p + 1_000 + r.nextInt(10_000), java.util.Set.of()));
      if ((n - 1) / 3 > 1) {
        b.byzantine(1, Behaviour.values()[1 + r.nextInt(Behaviour.values().length - 2)]);
      }
      SimulationResult res = Simulator.run(b.build());
      if (!res.safe() || !res.livenessOk()) {
        failures.add(res.summaryLine() + " heights=" + res.finalizedHeights() + res.safetyViolation().map(v -> " " + v).orElse(""));
      }
    }
    assertThat(failures).isEmpty();
  }
}
