package org.jicp.state.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jicp.crypto.Bytes;

/**
 * Witness construction: keep what the requested paths need, prune the rest. At each level the
 * labels to keep are found by descending the forks (a fork's split point is the largest label of
 * its left side, found along that side's right spine), so the cost grows with the number of
 * requested paths times the depth, not with the size of the level.
 */
final class Witnesses {
  private Witnesses() {}

  static HashTree witness(HashTree t, PathTrie trie) {
    if (trie.terminal) {
      return t;
    }
    if (trie.children.isEmpty()) {
      return prune(t);
    }
    if (t instanceof HashTree.Leaf || t instanceof HashTree.Pruned) {
      // The paths go through a leaf (an error) or an unknown part: nothing more to show.
      return t instanceof HashTree.Leaf ? prune(t) : t;
    }
    // The labels this level must show: the requested ones that are present, and for each
    // absent one its two neighbours (with their subtrees pruned), which prove the absence.
    Set<Bytes> full = new HashSet<>();
    Set<Bytes> labelOnly = new HashSet<>();
    for (Bytes want : trie.children.keySet()) {
      if (find(t, want) != null) {
        full.add(want);
      } else {
        Bytes lo = floor(t, want);
        Bytes hi = ceiling(t, want);
        if (lo != null) {
          labelOnly.add(lo);
        }
        if (hi != null) {
          labelOnly.add(hi);
        }
      }
    }
    TreeSet<Bytes> keys = new TreeSet<>(full);
    keys.addAll(labelOnly);
    return rebuild(t, new ArrayList<>(keys), trie.children, full);
  }

  private static Bytes maxLabel(HashTree t) {
    while (true) {
      if (t instanceof HashTree.Labeled l) {
        return l.label();
      }
      if (!(t instanceof HashTree.Fork f)) {
        return null;
      }
      Bytes r = maxLabel(f.right());
      if (r != null) {
        return r;
      }
      t = f.left();
    }
  }

  private static Bytes minLabel(HashTree t) {
    while (true) {
      if (t instanceof HashTree.Labeled l) {
        return l.label();
      }
      if (!(t instanceof HashTree.Fork f)) {
        return null;
      }
      Bytes r = minLabel(f.left());
      if (r != null) {
        return r;
      }
      t = f.right();
    }
  }

  private static HashTree.Labeled find(HashTree t, Bytes label) {
    while (true) {
      if (t instanceof HashTree.Labeled l) {
        return l.label().equals(label) ? l : null;
      }
      if (!(t instanceof HashTree.Fork f)) {
        return null;
      }
      Bytes m = maxLabel(f.left());
      t = m != null && label.compareTo(m) <= 0 ? f.left() : f.right();
    }
  }

  /** The largest label below {@code label}, or null. */
  private static Bytes floor(HashTree t, Bytes label) {
    if (t instanceof HashTree.Labeled l) {
      return l.label().compareTo(label) < 0 ? l.label() : null;
    }
    if (!(t instanceof HashTree.Fork f)) {
      return null;
    }
    Bytes minRight = minLabel(f.right());
    if (minRight != null && minRight.compareTo(label) < 0) {
      Bytes r = floor(f.right(), label);
      if (r != null) {
        return r;
      }
    }
    return floor(f.left(), label);
  }

  /** The smallest label above {@code label}, or null. */
  private static Bytes ceiling(HashTree t, Bytes label) {
    if (t instanceof HashTree.Labeled l) {
      return l.label().compareTo(label) > 0 ? l.label() : null;
    }
    if (!(t instanceof HashTree.Fork f)) {
      return null;
    }
    Bytes maxLeft = maxLabel(f.left());
    if (maxLeft != null && maxLeft.compareTo(label) > 0) {
      Bytes r = ceiling(f.left(), label);
      if (r != null) {
        return r;
      }
    }
    return ceiling(f.right(), label);
  }

  /** Rebuilds {@code t} keeping the labels {@code keys} (sorted), pruning everything else. */
  private static HashTree rebuild(
      HashTree t, List<Bytes> keys, Map<Bytes, PathTrie> wanted, Set<Bytes> full) {
    if (t instanceof HashTree.Empty) {
      return t;
    }
    if (keys.isEmpty()) {
      return prune(t);
    }
    if (t instanceof HashTree.Fork f) {
      Bytes m = maxLabel(f.left());
      int split = 0;
      if (m != null) {
        while (split < keys.size() && keys.get(split).compareTo(m) <= 0) {
          split++;
        }
      }
      HashTree l = rebuild(f.left(), keys.subList(0, split), wanted, full);
      HashTree r = rebuild(f.right(), keys.subList(split, keys.size()), wanted, full);
      boolean lOpaque = l instanceof HashTree.Pruned || l instanceof HashTree.Empty;
      boolean rOpaque = r instanceof HashTree.Pruned || r instanceof HashTree.Empty;
      if (lOpaque && rOpaque && (l instanceof HashTree.Pruned || r instanceof HashTree.Pruned)) {
        return prune(t);
      }
      return HashTree.fork(l, r);
    }
    if (t instanceof HashTree.Labeled lab && keys.contains(lab.label())) {
      if (full.contains(lab.label())) {
        return HashTree.labeled(lab.label(), witness(lab.subtree(), wanted.get(lab.label())));
      }
      return HashTree.labeled(lab.label(), prune(lab.subtree()));
    }
    return prune(t);
  }

  private static HashTree prune(HashTree t) {
    return t instanceof HashTree.Pruned ? t : HashTree.pruned(t.digest());
  }
}
