package org.jicp.crypto.bls;

import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.Parallelism;

/**
 * Independent units of a verification (a hash to the curve, a bit slice of a multi-scalar
 * multiplication) with rough costs, dealt to the parts of a {@link Parallelism} longest first onto
 * the least loaded part. Each unit writes its own result slot, so the outcome does not depend on
 * which thread ran it.
 */
final class Work {
  /** Rough costs in microseconds on the reference machine; only their proportions matter. */
  static final int HASH_G1 = 150;

  static final int HASH_G2 = 450;
  /** One point of a multi-scalar multiplication with 64-bit scalars, or one 64-bit product. */
  static final int MSM_G1_POINT = 40;

  static final int MSM_G2_POINT = 120;

  private final List<Runnable> units = new ArrayList<>();
  private final List<Integer> costs = new ArrayList<>();

  void add(int cost, Runnable unit) {
    units.add(unit);
    costs.add(cost);
  }

  /** Runs every unit; returns when all have finished (a unit's exception is rethrown). */
  void run(Parallelism parallelism) {
    int parts = Math.min(parallelism.tasks(), units.size());
    if (parts <= 1) {
      units.forEach(Runnable::run);
      return;
    }
    Integer[] order = new Integer[units.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(costs.get(b), costs.get(a)));
    List<List<Runnable>> assigned = new ArrayList<>(parts);
    long[] load = new long[parts];
    for (int p = 0; p < parts; p++) {
      assigned.add(new ArrayList<>());
    }
    for (int u : order) {
      int best = 0;
      for (int p = 1; p < parts; p++) {
        if (load[p] < load[best]) {
          best = p;
        }
      }
      assigned.get(best).add(units.get(u));
      load[best] += costs.get(u);
    }
    parallelism.run(
        parts,
        p -> {
          assigned.get(p).forEach(Runnable::run);
          return null;
        });
  }
}
