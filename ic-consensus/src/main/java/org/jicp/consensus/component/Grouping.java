package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups artifacts by content in first-seen order, comparing with {@code equals} rather than
 * hashing: shares at one height almost always have one or two distinct contents, so a linear scan
 * beats hashing hash-heavy records.
 */
final class Grouping {
  private Grouping() {}

  static <T, K> List<Map.Entry<K, List<T>>> byKey(List<T> items, Function<T, K> key) {
    List<Map.Entry<K, List<T>>> groups = new ArrayList<>(2);
    for (T item : items) {
      K k = key.apply(item);
      List<T> into = null;
      for (Map.Entry<K, List<T>> g : groups) {
        if (g.getKey() == k || g.getKey().equals(k)) {
          into = g.getValue();
          break;
        }
      }
      if (into == null) {
        into = new ArrayList<>();
        groups.add(Map.entry(k, into));
      }
      into.add(item);
    }
    return groups;
  }
}
