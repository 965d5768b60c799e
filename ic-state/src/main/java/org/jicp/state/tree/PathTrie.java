package org.jicp.state.tree;

import java.util.List;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;

/** The requested paths of a witness, as a trie of labels. */
final class PathTrie {
  /** Whether some path ends here: the whole subtree is revealed. */
  boolean terminal;

  final TreeMap<Bytes, PathTrie> children = new TreeMap<>();

  void add(List<Bytes> path) {
    PathTrie t = this;
    for (Bytes l : path) {
      if (t.terminal) {
        return;
      }
      t = t.children.computeIfAbsent(l, k -> new PathTrie());
    }
    t.terminal = true;
    t.children.clear();
  }
}
