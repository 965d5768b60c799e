package org.jicp.state.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/** Random maps: shape independent of history, lookups, witnesses. */
class HashTreeMapPropertyTest {
  private static final long SEED = 0x5eed_2024L;

  private static Bytes randomLabel(SplittableRandom r) {
    byte[] b = new byte[1 + r.nextInt(4)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(8);
    }
    return Bytes.of(b);
  }

  @Test
  void put_anyInsertionOrder_givesSameTreeAsDirectBuild() {
    System.out.println("HashTreeMapPropertyTest seed=" + SEED);
    SplittableRandom r = new SplittableRandom(SEED);
    for (int round = 0; round < 200; round++) {
      TreeMap<Bytes, HashTree> model = new TreeMap<>();
      HashTreeMap m = HashTreeMap.empty();
      int ops = r.nextInt(60);
      for (int i = 0; i < ops; i++) {
        Bytes l = randomLabel(r);
        if (r.nextInt(4) == 0) {
          model.remove(l);
          m = m.remove(l);
        } else {
          HashTree v = HashTree.leaf(new byte[] {(byte) r.nextInt(256)});
          model.put(l, v);
          m = m.put(l, v);
        }
      }
      List<Bytes> keys = new ArrayList<>(model.keySet());
      Collections.shuffle(keys, new java.util.Random(r.nextLong()));
      HashTreeMap rebuilt = HashTreeMap.empty();
      for (Bytes k : keys) {
        rebuilt = rebuilt.put(k, model.get(k));
      }
      assertThat(m.tree()).as("round %d", round).isEqualTo(rebuilt.tree());
      assertThat(HashTreeMap.of(model).tree()).as("bulk round %d", round).isEqualTo(m.tree());
      assertThat(m.labels()).containsExactlyElementsOf(model.keySet());
      assertThat(m.size()).isEqualTo(model.size());
      HashTree t = m.tree();
      assertThat(t.isWellFormed()).isTrue();
      for (int i = 0; i < 10; i++) {
        Bytes probe = randomLabel(r);
        LookupResult lr = t.lookup(List.of(probe));
        if (model.containsKey(probe)) {
          assertThat(lr.value()).isEqualTo(((HashTree.Leaf) model.get(probe)).value());
        } else {
          assertThat(lr.status()).isEqualTo(LookupStatus.ABSENT);
        }
      }
    }
  }

  @Test
  void witness_randomPaths_preservesDigestAndLookups() {
    System.out.println("HashTreeMapPropertyTest seed=" + SEED);
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int round = 0; round < 100; round++) {
      HashTreeMap outer = HashTreeMap.empty();
      for (int i = 0; i < r.nextInt(20); i++) {
        HashTreeMap inner = HashTreeMap.empty();
        for (int j = 0; j < r.nextInt(10); j++) {
          inner = inner.put(randomLabel(r), HashTree.leaf(new byte[] {(byte) j}));
        }
        outer = outer.put(randomLabel(r), inner.tree());
      }
      HashTree full = outer.tree();
      List<List<Bytes>> paths = new ArrayList<>();
      for (int i = 0; i < 1 + r.nextInt(5); i++) {
        paths.add(List.of(randomLabel(r), randomLabel(r)));
      }
      HashTree w = full.witness(paths);
      assertThat(w.digest()).isEqualTo(full.digest());
      for (List<Bytes> p : paths) {
        LookupResult expected = full.lookup(p);
        LookupResult got = w.lookup(p);
        assertThat(got).as("path %s round %d", p, round).isEqualTo(expected);
      }
    }
  }

  @Test
  void put_oneChangeInLargeMap_rehashesOnlyAPath() {
    HashTreeMap m = HashTreeMap.empty();
    for (int i = 0; i < 10_000; i++) {
      m = m.put(Bytes.of(java.nio.ByteBuffer.allocate(4).putInt(i).array()),
          HashTree.leaf(new byte[] {(byte) i}));
    }
    HashTreeMap m2 = m.put(Bytes.of(java.nio.ByteBuffer.allocate(4).putInt(5000).array()),
        HashTree.leaf(new byte[] {42}));
    // Count the fork nodes that are new objects in m2: only those on one root-to-leaf path.
    java.util.Set<HashTree> old = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    collect(m.tree(), old);
    int fresh = countFresh(m2.tree(), old);
    assertThat(fresh).isLessThan(100);
    assertThat(m2.digest()).isNotEqualTo(m.digest());
  }

  private static void collect(HashTree t, java.util.Set<HashTree> out) {
    out.add(t);
    if (t instanceof HashTree.Fork f) {
      collect(f.left(), out);
      collect(f.right(), out);
    } else if (t instanceof HashTree.Labeled l) {
      collect(l.subtree(), out);
    }
  }

  private static int countFresh(HashTree t, java.util.Set<HashTree> old) {
    if (old.contains(t)) {
      return 0;
    }
    int n = 1;
    if (t instanceof HashTree.Fork f) {
      n += countFresh(f.left(), old) + countFresh(f.right(), old);
    } else if (t instanceof HashTree.Labeled l) {
      n += countFresh(l.subtree(), old);
    }
    return n;
  }
}
