package org.jicp.state.tree;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jicp.crypto.Bytes;

/** Witness construction: keep what the requested paths need, prune the rest. */
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
    List<HashTree> forest = t.flattenForks();
    // The labels this level must show: the requested ones that are present, and for each
    // absent one its two neighbours (with their subtrees pruned), which prove the absence.
    Set<Bytes> showFully = new HashSet<>();
    Set<Bytes> showLabelOnly = new HashSet<>();
    for (Bytes want : trie.children.keySet()) {
      int lo = 0;
      int hi = forest.size() - 1;
      int found = -1;
      int insertion = forest.size();
      // Binary search over the labeled trees; a well-formed forest is sorted.
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int m = mid;
        while (m <= hi && !(forest.get(m) instanceof HashTree.Labeled)) {
          m++;
        }
        if (m > hi) {
          hi = mid - 1;
          continue;
        }
        int c = want.compareTo(((HashTree.Labeled) forest.get(m)).label());
        if (c == 0) {
          found = m;
          break;
        } else if (c < 0) {
          insertion = m;
          hi = mid - 1;
        } else {
          lo = m + 1;
        }
      }
      if (found >= 0) {
        showFully.add(want);
      } else {
        for (int i = insertion - 1; i >= 0; i--) {
          if (forest.get(i) instanceof HashTree.Labeled l) {
            showLabelOnly.add(l.label());
            break;
          }
        }
        for (int i = insertion; i < forest.size(); i++) {
          if (forest.get(i) instanceof HashTree.Labeled l) {
            showLabelOnly.add(l.label());
            break;
          }
        }
      }
    }
    return rebuild(t, trie.children, showFully, showLabelOnly);
  }

  private static HashTree rebuild(
      HashTree t, Map<Bytes, PathTrie> wanted, Set<Bytes> full, Set<Bytes> labelOnly) {
    if (t instanceof HashTree.Fork f) {
      HashTree l = rebuild(f.left(), wanted, full, labelOnly);
      HashTree r = rebuild(f.right(), wanted, full, labelOnly);
      boolean lOpaque = l instanceof HashTree.Pruned || l instanceof HashTree.Empty;
      boolean rOpaque = r instanceof HashTree.Pruned || r instanceof HashTree.Empty;
      if (lOpaque && rOpaque && (l instanceof HashTree.Pruned || r instanceof HashTree.Pruned)) {
        return prune(t);
      }
      return HashTree.fork(l, r);
    }
    if (t instanceof HashTree.Labeled lab) {
      if (full.contains(lab.label())) {
        return HashTree.labeled(lab.label(), witness(lab.subtree(), wanted.get(lab.label())));
      }
      if (labelOnly.contains(lab.label())) {
        return HashTree.labeled(lab.label(), prune(lab.subtree()));
      }
      return prune(t);
    }
    if (t instanceof HashTree.Empty) {
      return t;
    }
    return prune(t);
  }

  private static HashTree prune(HashTree t) {
    return t instanceof HashTree.Pruned ? t : HashTree.pruned(t.digest());
  }
}
