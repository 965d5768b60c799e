package org.jicp.state.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PersistentSortedMapPropertyTest {
  private static final long SEED = Long.getLong("jicp.seed", 20261207L);

  @Test
  void randomOperations_behaveAsTreeMapAndDiffReportsExactlyTheChanges() {
    System.out.println("PersistentSortedMapPropertyTest seed=" + SEED);
    SplittableRandom r = new SplittableRandom(SEED);
    for (int run = 0; run < 100; run++) {
      TreeMap<Long, Integer> model = new TreeMap<>();
      PersistentSortedMap<Long, Integer> map = PersistentSortedMap.empty();
      int ops = 1 + r.nextInt(300);
      for (int i = 0; i < ops; i++) {
        long k = r.nextInt(200);
        PersistentSortedMap<Long, Integer> before = map;
        TreeMap<Long, Integer> modelBefore = new TreeMap<>(model);
        if (r.nextInt(3) == 0) {
          map = map.minus(k);
          model.remove(k);
        } else {
          int v = r.nextInt(5);
          map = map.plus(k, v);
          model.put(k, v);
        }
        assertThat(map).isEqualTo(model);
        assertThat(map.size()).isEqualTo(model.size());
        assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(model.keySet()));
        // The old version is untouched.
        assertThat(before).isEqualTo(modelBefore);
        checkDiff(before, modelBefore, map, model);
      }
      // Diff across many versions at once, and history independence of the shape.
      PersistentSortedMap<Long, Integer> rebuilt = PersistentSortedMap.copyOf(model);
      List<String> none = new ArrayList<>();
      rebuilt.diff(map, recorder(none));
      assertThat(none).isEmpty();
      checkDiff(PersistentSortedMap.empty(), new TreeMap<>(), map, model);
    }
  }

  private static void checkDiff(PersistentSortedMap<Long, Integer> before,
      Map<Long, Integer> modelBefore, PersistentSortedMap<Long, Integer> after,
      Map<Long, Integer> modelAfter) {
    List<String> got = new ArrayList<>();
    after.diff(before, recorder(got));
    List<String> want = new ArrayList<>();
    TreeMap<Long, Integer> all = new TreeMap<>(modelBefore);
    all.putAll(modelAfter);
    for (Long k : all.keySet()) {
      Integer a = modelBefore.get(k);
      Integer b = modelAfter.get(k);
      if (a == null) {
        want.add("+" + k + "=" + b);
      } else if (b == null) {
        want.add("-" + k + "=" + a);
      } else if (!a.equals(b)) {
        want.add("~" + k + "=" + a + ">" + b);
      }
    }
    got.sort(null);
    want.sort(null);
    assertThat(got).isEqualTo(want);
  }

  private static PersistentSortedMap.DiffListener<Long, Integer> recorder(List<String> out) {
    return new PersistentSortedMap.DiffListener<>() {
      @Override
      public void added(Long k, Integer v) {
        out.add("+" + k + "=" + v);
      }

      @Override
      public void removed(Long k, Integer v) {
        out.add("-" + k + "=" + v);
      }

      @Override
      public void changed(Long k, Integer a, Integer b) {
        out.add("~" + k + "=" + a + ">" + b);
      }
    };
  }

  @Test
  void mapValues_randomChanges_equalsPlusPerChangedKeyAndSharesUnchanged() {
    SplittableRandom r = new SplittableRandom(SEED ^ 0x5eed);
    int cases = 300;
    int changedTotal = 0;
    for (int c = 0; c < cases; c++) {
      PersistentSortedMap<Long, Integer> m = PersistentSortedMap.empty();
      int n = r.nextInt(200);
      for (int i = 0; i < n; i++) {
        m = m.plus(r.nextLong(1000), r.nextInt(10));
      }
      int mod = 1 + r.nextInt(4);
      List<Long> order = new ArrayList<>();
      PersistentSortedMap<Long, Integer> mapped = m.mapValues((k, v) -> {
        order.add(k);
        return k % mod == 0 ? Integer.valueOf(v + 1000) : v;
      });
      PersistentSortedMap<Long, Integer> expected = m;
      for (Map.Entry<Long, Integer> e : m.entrySet()) {
        if (e.getKey() % mod == 0) {
          expected = expected.plus(e.getKey(), e.getValue() + 1000);
          changedTotal++;
        }
      }
      assertThat(order).as("seed %d case %d: applied in key order", SEED, c)
          .containsExactlyElementsOf(m.keySet());
      assertThat(mapped).isEqualTo(expected);
      assertThat(new ArrayList<>(mapped.entrySet()))
          .isEqualTo(new ArrayList<>(expected.entrySet()));
      checkDiff(m, new TreeMap<>(m), mapped, new TreeMap<>(expected));
      assertThat(m.mapValues((k, v) -> v)).isSameAs(m);
    }
    System.out.println("mapValues: " + cases + " cases, " + changedTotal + " values changed");
    assertThat(changedTotal).isPositive();
  }

  @Test
  void sequentialKeys_giveLogarithmicDepthInPractice() {
    PersistentSortedMap<Long, Long> m = PersistentSortedMap.empty();
    for (long i = 0; i < 100_000; i++) {
      m = m.plus(i, i);
    }
    assertThat(m.size()).isEqualTo(100_000);
    assertThat(m.firstKey()).isZero();
    assertThat(m.lastKey()).isEqualTo(99_999L);
    assertThat(m.get(54_321L)).isEqualTo(54_321L);
    assertThat(m.headMap(10L)).hasSize(10);
  }
}
