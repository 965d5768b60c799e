package org.jicp.replica.bigmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jicp.bigmap.BigMap;
import org.jicp.bigmap.BigMapApi;
import org.jicp.crypto.Bytes;
import org.jicp.replica.Replica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 10^6 keys over at least 16 buckets on two application subnets (profile {@code bigmap-long} of
 * ic-replica: {@code mvn -pl ic-replica -am verify -P bigmap-long -Dtest='BigMap*Test'}): loaded
 * in batches while buckets split, then counted, sampled and scanned.
 */
@EnabledIfSystemProperty(named = "bigmap.million", matches = "true")
class BigMapMillionKeysTest {
  static final int KEYS = Integer.getInteger("bigmap.keys", 1_000_000);

  @Test
  void load_millionKeys_countedSampledAndScanned() {
    long seed = Long.getLong("bigmap.seed", System.nanoTime());
    System.out.println("BigMapMillionKeysTest seed=" + seed + " keys=" + KEYS);
    try (Replica ic = Replica.builder().applicationSubnets(2).deterministic(seed).build()) {
      BigMap map = BigMap.create(ic, new BigMap.Options(16, KEYS / 24, 64));
      long t0 = System.nanoTime();
      List<BigMapApi.Entry> batch = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        batch.add(new BigMapApi.Entry(key(i), value(i)));
        if (batch.size() == 5000 || i == KEYS - 1) {
          map.putAll(batch);
          batch.clear();
        }
      }
      long loadMs = (System.nanoTime() - t0) / 1_000_000;
      BigMapApi.Stats st = map.stats();
      assertThat(st.buckets().stream().mapToLong(BigMapApi.BucketInfo::keys).sum())
          .isEqualTo(KEYS);
      assertThat(st.buckets().size()).isGreaterThanOrEqualTo(16);
      assertThat(st.buckets().stream().map(BigMapApi.BucketInfo::subnet).distinct().count())
          .isEqualTo(2);
      assertThat(st.failedSplits()).isZero();
      Random rnd = new Random(seed);
      List<Bytes> sample = new ArrayList<>();
      List<Optional<Bytes>> want = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        int k = rnd.nextInt(KEYS + KEYS / 10); // about 9 % absent
        sample.add(key(k));
        want.add(k < KEYS ? Optional.of(value(k)) : Optional.empty());
      }
      assertThat(map.getAll(sample)).isEqualTo(want);
      List<BigMapApi.Entry> scanned = map.scan(BigMapApi.utf8("k/00012"), 1000);
      List<BigMapApi.Entry> expected = new ArrayList<>();
      for (int i = 1200; i < Math.min(1300, KEYS); i++) {
        expected.add(new BigMapApi.Entry(key(i), value(i)));
      }
      assertThat(scanned).isEqualTo(expected);
      System.out.println("BigMapMillionKeysTest: " + KEYS + " keys loaded in " + loadMs
          + " ms, " + st.buckets().size() + " buckets, " + st.splits() + " splits");
    }
  }

  private static Bytes key(int i) {
    return BigMapApi.utf8(String.format("k/%07d", i));
  }

  private static Bytes value(int i) {
    return BigMapApi.utf8("value-" + i);
  }
}
