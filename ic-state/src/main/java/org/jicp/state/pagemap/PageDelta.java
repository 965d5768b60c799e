package org.jicp.state.pagemap;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A persistent sparse map from page index to page contents: a radix trie of fan-out 64 over the
 * 48-bit page index (memories up to 2^60 bytes). Updates copy only the path to the changed page,
 * so an old version stays valid and costs nothing to keep. Pages are never mutated once stored.
 */
final class PageDelta {
  static final int BITS = 6;
  static final int FANOUT = 1 << BITS;
  static final int LEVELS = 8;
  static final long MAX_PAGES = 1L << (BITS * LEVELS);

  static final PageDelta EMPTY = new PageDelta(null, 0);

  private final Object[] root;
  private final int size;

  private PageDelta(Object[] root, int size) {
    this.root = root;
    this.size = size;
  }

  int size() {
    return size;
  }

  /** The page, or null. */
  byte[] get(long index) {
    Object[] n = root;
    for (int level = LEVELS - 1; level > 0 && n != null; level--) {
      n = (Object[]) n[(int) (index >>> (level * BITS)) & (FANOUT - 1)];
    }
    return n == null ? null : (byte[]) n[(int) index & (FANOUT - 1)];
  }

  /** This map with all of {@code pages} put in (the arrays are taken over, not copied). */
  PageDelta putAll(Map<Long, byte[]> pages) {
    if (pages.isEmpty()) {
      return this;
    }
    Object[] newRoot = root == null ? new Object[FANOUT] : root.clone();
    // Nodes copied during this batch may be mutated in place; track them by identity.
    java.util.Set<Object[]> fresh =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    fresh.add(newRoot);
    int newSize = size;
    for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
      long index = e.getKey();
      checkIndex(index);
      Object[] n = newRoot;
      for (int level = LEVELS - 1; level > 0; level--) {
        int slot = (int) (index >>> (level * BITS)) & (FANOUT - 1);
        Object[] child = (Object[]) n[slot];
        if (child == null) {
          child = new Object[FANOUT];
          fresh.add(child);
        } else if (!fresh.contains(child)) {
          child = child.clone();
          fresh.add(child);
        }
        n[slot] = child;
        n = child;
      }
      int slot = (int) index & (FANOUT - 1);
      if (n[slot] == null) {
        newSize++;
      }
      n[slot] = e.getValue();
    }
    return new PageDelta(newRoot, newSize);
  }

  static void checkIndex(long index) {
    if (index < 0 || index >= MAX_PAGES) {
      throw new IndexOutOfBoundsException("page index " + index + " out of [0, 2^48)");
    }
  }

  /** Visits the pages in increasing index order. */
  void forEach(BiConsumer<Long, byte[]> visitor) {
    if (root != null) {
      visit(root, LEVELS - 1, 0, visitor);
    }
  }

  private static void visit(Object[] n, int level, long prefix, BiConsumer<Long, byte[]> v) {
    for (int i = 0; i < FANOUT; i++) {
      Object c = n[i];
      if (c == null) {
        continue;
      }
      long idx = (prefix << BITS) | i;
      if (level == 0) {
        v.accept(idx, (byte[]) c);
      } else {
        visit((Object[]) c, level - 1, idx, v);
      }
    }
  }
}
