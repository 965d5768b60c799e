package org.jicp.state.tree;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.state.internal.Sha256;

/**
 * A persistent sorted map from labels to hash trees whose {@linkplain #tree() hash-tree form} (the
 * labeled subtrees joined by forks) is kept up to date incrementally.
 *
 * <p>The forks form a treap whose priorities are derived from the labels (the first 8 bytes of
 * SHA-256 of the label). The shape is therefore a function of the label set alone, not of the
 * order of insertions (every replica builds the same tree from the same map), it is balanced in
 * expectation, and {@link #put} or {@link #remove} rehashes only the O(log n) forks on the path
 * to the changed label: the other entries' subtrees are shared, not rehashed.
 *
 * <p>The map is an immutable value: updates return a new map that shares structure with this one.
 */
public final class HashTreeMap {
  private static final HashTreeMap EMPTY = new HashTreeMap(null);

  private final Node root;

  private HashTreeMap(Node root) {
    this.root = root;
  }

  /** The empty map. */
  public static HashTreeMap empty() {
    return EMPTY;
  }

  /**
   * A map holding {@code entries}, built in one pass: the treap is assembled from the sorted
   * labels with a stack (linear time) and each node is hashed once, so building is O(n) hashes
   * instead of the O(n log n) of n {@link #put}s. The result equals the one {@code put} builds.
   */
  public static HashTreeMap of(Map<Bytes, HashTree> entries) {
    java.util.TreeMap<Bytes, HashTree> sorted = new java.util.TreeMap<>(entries);
    int n = sorted.size();
    if (n == 0) {
      return EMPTY;
    }
    Bytes[] labels = new Bytes[n];
    HashTree[] values = new HashTree[n];
    long[] prio = new long[n];
    int[] left = new int[n];
    int[] right = new int[n];
    int i = 0;
    for (Map.Entry<Bytes, HashTree> e : sorted.entrySet()) {
      labels[i] = Objects.requireNonNull(e.getKey(), "label");
      values[i] = Objects.requireNonNull(e.getValue(), "subtree");
      prio[i] = priority(labels[i]);
      left[i] = -1;
      right[i] = -1;
      i++;
    }
    // Cartesian tree by (priority desc, label asc), as insert() orders nodes.
    int[] stack = new int[n];
    int top = -1;
    for (i = 0; i < n; i++) {
      int last = -1;
      while (top >= 0 && !aboveIdx(prio, labels, stack[top], i)) {
        last = stack[top--];
      }
      left[i] = last;
      if (top >= 0) {
        right[stack[top]] = i;
      }
      stack[++top] = i;
    }
    return new HashTreeMap(build(stack[0], labels, values, prio, left, right));
  }

  private static boolean aboveIdx(long[] prio, Bytes[] labels, int a, int b) {
    int c = Long.compareUnsigned(prio[a], prio[b]);
    return c > 0 || (c == 0 && labels[a].compareTo(labels[b]) < 0);
  }

  private static Node build(int i, Bytes[] labels, HashTree[] values, long[] prio, int[] left,
      int[] right) {
    Node l = left[i] < 0 ? null : build(left[i], labels, values, prio, left, right);
    Node r = right[i] < 0 ? null : build(right[i], labels, values, prio, left, right);
    return new Node(labels[i], prio[i], HashTree.labeled(labels[i], values[i]), l, r);
  }

  private static final class Node {
    final Bytes label;
    final long priority;
    final HashTree labeled;
    final Node left;
    final Node right;
    final HashTree tree;
    final int size;

    Node(Bytes label, long priority, HashTree labeled, Node left, Node right) {
      this.label = label;
      this.priority = priority;
      this.labeled = labeled;
      this.left = left;
      this.right = right;
      this.size = 1 + (left == null ? 0 : left.size) + (right == null ? 0 : right.size);
      HashTree t = labeled;
      if (left != null) {
        t = HashTree.fork(left.tree, t);
      }
      if (right != null) {
        t = HashTree.fork(t, right.tree);
      }
      this.tree = t;
    }

    Node with(Node newLeft, Node newRight) {
      return new Node(label, priority, labeled, newLeft, newRight);
    }

    HashTree value() {
      return ((HashTree.Labeled) labeled).subtree();
    }
  }

  private static long priority(Bytes label) {
    return ByteBuffer.wrap(Sha256.hash(label.toByteArray())).getLong();
  }

  /** Heap order: higher priority nearer the root; equal priorities broken by label. */
  private static boolean above(long p1, Bytes l1, Node n) {
    int c = Long.compareUnsigned(p1, n.priority);
    return c > 0 || (c == 0 && l1.compareTo(n.label) < 0);
  }

  /** The number of entries. */
  public int size() {
    return root == null ? 0 : root.size;
  }

  /** Whether the map has no entries. */
  public boolean isEmpty() {
    return root == null;
  }

  /** The subtree under {@code label}, if any. */
  public Optional<HashTree> get(Bytes label) {
    Node n = root;
    while (n != null) {
      int c = label.compareTo(n.label);
      if (c == 0) {
        return Optional.of(n.value());
      }
      n = c < 0 ? n.left : n.right;
    }
    return Optional.empty();
  }

  /**
   * The map with {@code label} bound to {@code subtree}. Rehashes only the forks between the
   * label and the root.
   */
  public HashTreeMap put(Bytes label, HashTree subtree) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(subtree, "subtree");
    HashTree labeled = HashTree.labeled(label, subtree);
    return new HashTreeMap(insert(root, label, priority(label), labeled));
  }

  /** {@link #put(Bytes, HashTree)} with a UTF-8 label. */
  public HashTreeMap put(String label, HashTree subtree) {
    return put(HashTree.utf8(label), subtree);
  }

  private static Node insert(Node n, Bytes label, long prio, HashTree labeled) {
    if (n == null) {
      return new Node(label, prio, labeled, null, null);
    }
    int c = label.compareTo(n.label);
    if (c == 0) {
      return new Node(label, n.priority, labeled, n.left, n.right);
    }
    if (above(prio, label, n)) {
      Node[] lr = split(n, label);
      return new Node(label, prio, labeled, lr[0], lr[1]);
    }
    return c < 0
        ? n.with(insert(n.left, label, prio, labeled), n.right)
        : n.with(n.left, insert(n.right, label, prio, labeled));
  }

  /** Splits into the entries below {@code label} and above it ({@code label} is absent). */
  private static Node[] split(Node n, Bytes label) {
    if (n == null) {
      return new Node[2];
    }
    if (label.compareTo(n.label) < 0) {
      Node[] lr = split(n.left, label);
      return new Node[] {lr[0], n.with(lr[1], n.right)};
    }
    Node[] lr = split(n.right, label);
    return new Node[] {n.with(n.left, lr[0]), lr[1]};
  }

  /** The map without {@code label} (the same map if it is absent). */
  public HashTreeMap remove(Bytes label) {
    Node r = delete(root, label);
    return r == root ? this : new HashTreeMap(r);
  }

  private static Node delete(Node n, Bytes label) {
    if (n == null) {
      return null;
    }
    int c = label.compareTo(n.label);
    if (c == 0) {
      return merge(n.left, n.right);
    }
    if (c < 0) {
      Node l = delete(n.left, label);
      return l == n.left ? n : n.with(l, n.right);
    }
    Node r = delete(n.right, label);
    return r == n.right ? n : n.with(n.left, r);
  }

  private static Node merge(Node a, Node b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (above(a.priority, a.label, b)) {
      return a.with(a.left, merge(a.right, b));
    }
    return b.with(merge(a, b.left), b.right);
  }

  /** The labels in increasing order. */
  public List<Bytes> labels() {
    List<Bytes> out = new ArrayList<>(size());
    collect(root, out);
    return Collections.unmodifiableList(out);
  }

  private static void collect(Node n, List<Bytes> out) {
    while (n != null) {
      collect(n.left, out);
      out.add(n.label);
      n = n.right;
    }
  }

  /** The hash-tree form: the labeled subtrees joined by forks, or {@code Empty} for no entries. */
  public HashTree tree() {
    return root == null ? HashTree.empty() : root.tree;
  }

  /** The digest of {@link #tree()}. */
  public Bytes digest() {
    return tree().digest();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashTreeMap m && tree().equals(m.tree());
  }

  @Override
  public int hashCode() {
    return tree().hashCode();
  }

  @Override
  public String toString() {
    return "HashTreeMap" + labels();
  }
}
