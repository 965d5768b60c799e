package org.jicp.replica.bigmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jicp.bigmap.BigMap;
import org.jicp.bigmap.BigMapApi;
import org.jicp.replica.Replica;
import org.junit.jupiter.api.Test;

class BigMapReplicaTest {
  @Test
  void putGet_withSplitsOverTwoSubnets_allKeysReadBack() {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(3)
        .build()) {
      BigMap map = BigMap.create(ic, BigMap.Options.defaults(ic).withSplitAtKeys(8));
      List<BigMapApi.Entry> batch = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        batch.add(new BigMapApi.Entry(BigMapApi.utf8("k" + i), BigMapApi.utf8("v" + i)));
        if (batch.size() == 10) {
          map.putAll(batch);
          batch.clear();
        }
      }
      for (int i = 0; i < 60; i++) {
        assertThat(map.get("k" + i)).contains(BigMapApi.utf8("v" + i));
      }
      BigMapApi.Stats st = map.stats();
      assertThat(st.splits()).isGreaterThan(0);
      assertThat(st.buckets().stream().mapToLong(BigMapApi.BucketInfo::keys).sum()).isEqualTo(60);
      assertThat(map.scan(BigMapApi.utf8("k1"), 100)).hasSize(11);
    }
  }
}
