package org.jicp.state.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FrozenSortedMapTest {
  @Test
  void copyOf_frozenMap_returnsSameInstance() {
    TreeMap<String, Integer> m = new TreeMap<>();
    m.put("b", 2);
    m.put("a", 1);
    SortedMap<String, Integer> f = FrozenSortedMap.copyOf(m);
    assertThat(FrozenSortedMap.copyOf(f)).isSameAs(f);
  }

  @Test
  void copyOf_mutableMap_isIndependentAndReadsLikeUnmodifiableTreeMap() {
    TreeMap<String, Integer> m = new TreeMap<>(Comparator.reverseOrder());
    m.put("a", 1);
    m.put("b", 2);
    SortedMap<String, Integer> f = FrozenSortedMap.copyOf(m);
    SortedMap<String, Integer> ref = Collections.unmodifiableSortedMap(new TreeMap<>(m));
    m.put("c", 3);
    assertThat(f).isEqualTo(ref).hasSameHashCodeAs(ref);
    assertThat(f.toString()).isEqualTo(ref.toString()).isEqualTo("{b=2, a=1}");
    assertThat(f.firstKey()).isEqualTo("b");
    assertThat(f.comparator()).isSameAs(m.comparator());
    assertThat(f.headMap("a")).containsOnlyKeys("b");
    assertThatThrownBy(() -> f.put("x", 0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.entrySet().iterator().next().setValue(9))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
