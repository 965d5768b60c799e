package org.jicp.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Many short simulations with random subnet sizes (4, 7, 13), up to f Byzantine nodes with mixed
 * behaviours, random partitions that heal, lossy links, late joiners and short DKG intervals, all
 * with the fast stand-in crypto. Every run must be safe (checked after every event) and live.
 *
 * <p>{@code -Djicp.sim.seeds=N} sets the number of runs (1000 by default; the {@code
 * consensus-sweep} profile runs more and longer); {@code -Djicp.seed=S} replays a sweep. A failing
 * run is reported with its own seed and configuration, which {@code jicp sim} or {@link
 * Simulator#run} reproduces.
 */
class SimulationSweepPropertyTest {
  static SimulationConfig randomConfig(SplittableRandom r, long seed, long height) {
    int roll = r.nextInt(100);
    int n = roll < 50 ? 4 : roll < 85 ? 7 : 13;
    int f = (n - 1) / 3;
    SimulationConfig.Builder b = SimulationConfig.builder(n).seed(seed).targetHeight(height).latencyMs(5 + r.nextInt(300));
    if (r.nextBoolean()) {
      b.dkgIntervalLength(4 + r.nextInt(16));
    }
    Behaviour[] kinds = Behaviour.values();
    int byzantine = r.nextInt(f + 1);
    for (int k = 0; k < byzantine; k++) {
      b.byzantine(1, kinds[1 + r.nextInt(kinds.length - 1)]);
    }
    if (r.nextInt(10) < 3) {
      long start = r.nextInt(3_000);
      b.partition(new Partition(start, start + 500 + r.nextInt(5_000), Set.of()));
    }
    if (r.nextInt(10) < 2) {
      b.drops(r.nextDouble() * 0.3, 50 + r.nextInt(300));
    }
    if (r.nextInt(4) == 0) {
      b.certification(true);
    }
    return b.build();
  }

  static List<String> sweep(long base, int runs, long height) {
    SplittableRandom r = new SplittableRandom(base);
    List<String> failures = new ArrayList<>();
    int[] bySize = new int[14];
    int byzantineRuns = 0;
    int partitioned = 0;
    int certifying = 0;
    java.util.EnumMap<Behaviour, Integer> byBehaviour = new java.util.EnumMap<>(Behaviour.class);
    for (int i = 0; i < runs; i++) {
      long seed = r.nextLong();
      SimulationConfig cfg = randomConfig(new SplittableRandom(seed), seed, height);
      SimulationResult res = Simulator.run(cfg);
      bySize[cfg.nodes()]++;
      byzantineRuns += cfg.faulty() > 0 ? 1 : 0;
      partitioned += cfg.partitions().isEmpty() ? 0 : 1;
      certifying += cfg.certification() ? 1 : 0;
      cfg.behaviours().values().stream().distinct().forEach(b -> byBehaviour.merge(b, 1, Integer::sum));
      if (!res.safe() || !res.livenessOk()) {
        StringBuilder sb = new StringBuilder(res.summaryLine()).append(" n=").append(cfg.nodes()).append(" behaviours=").append(cfg.behaviours())
            .append(" partitions=").append(cfg.partitions()).append(" heights=").append(res.finalizedHeights());
        res.safetyViolation().ifPresent(v -> sb.append("\n  ").append(v).append("\n  ").append(String.join("\n  ", res.trace())));
        failures.add(sb.toString());
      }
    }
    System.out.printf(
        "SimulationSweepPropertyTest: %d runs (n=4: %d, n=7: %d, n=13: %d; %d with Byzantine nodes, %d partitioned, %d with the certifier;"
            + " runs per behaviour %s), %d failures%n",
        runs, bySize[4], bySize[7], bySize[13], byzantineRuns, partitioned, certifying, byBehaviour, failures.size());
    return failures;
  }

  @Test
  void run_randomSubnetsWithUpToFByzantineNodes_safeAndLive() {
    // The default build sweeps from a fixed base seed (a deterministic, bounded CI); the
    // consensus-sweep profile (jicp.sim.full) draws a fresh one each run. A fresh seed found
    // a liveness failure on 2026-12-07 (fixed; replayed by the seed tests below).
    long base = Long.getLong("jicp.seed",
        Boolean.getBoolean("jicp.sim.full") ? System.nanoTime() : 20_261_207L);
    int runs = Integer.getInteger("jicp.sim.seeds", 1000);
    long height = Long.getLong("jicp.sim.height", 8);
    System.out.println("SimulationSweepPropertyTest seed=" + base + " (-Djicp.seed=" + base + " replays)");
    List<String> failures = sweep(base, runs, height);
    assertThat(failures).as("failed runs (each line ends with the run's own seed)").isEmpty();
  }

  /**
   * A liveness failure found by a random sweep (2026-12-07): n = 4, node 3 sending bad input
   * (BAD_INPUT), 14 % of messages dropped. Node 3's copy of its own notarization share with a
   * corrupted signature reached node 0 before the genuine share and before the block; when the
   * block came, the validator verified only the first share of each signer and dropped the
   * genuine one unverified, so node 0 never had 3 shares at height 2 (the others notarized
   * with node 0's share and signed no more) and stayed at height 1. Fixed in {@code
   * Validator.screenAndVerify}: every unvalidated share is verified, as in dfinity/ic.
   */
  @Test
  void run_badInputCorruptedShareFirstWithDrops_seed1896084001989016142_live() {
    long seed = 1896084001989016142L;
    SimulationResult res = Simulator.run(randomConfig(new SplittableRandom(seed), seed, 8));
    assertThat(res.livenessOk()).as(res.summaryLine() + " " + res.finalizedHeights()).isTrue();
  }
}
