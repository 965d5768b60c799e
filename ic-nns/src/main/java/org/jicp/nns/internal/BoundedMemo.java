package org.jicp.nns.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map that keeps at most {@code capacity} entries, dropping the least recently used:
 * for memoizing pure functions whose results are expensive (key generation, proof verification),
 * where a dropped entry is simply computed again.
 */
public final class BoundedMemo {
  private BoundedMemo() {}

  /** A synchronized LRU map of at most {@code capacity} entries. */
  public static <K, V> Map<K, V> create(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    return Collections.synchronizedMap(new LinkedHashMap<K, V>(Math.min(capacity, 256), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    });
  }
}
