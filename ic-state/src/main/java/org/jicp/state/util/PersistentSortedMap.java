package org.jicp.state.util;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * An immutable sorted map whose {@link #plus} and {@link #minus} return new maps sharing all but
 * O(log n) nodes with the old one: a treap whose node priorities are a fixed mix of the keys' hash
 * codes, so that the same key set always has the same shape (history independence). That makes
 * {@link #diff} between two versions cost O(changes · log n): subtrees shared by both are skipped.
 *
 * <p>The replicated state keeps its large maps (canisters, ingress history) in these, so that
 * executing a message copies O(log n) nodes instead of the whole map, and the certified tree is
 * updated from the diff. Keys must have hash codes consistent with {@code compareTo} equality;
 * values are compared with {@code equals} by {@link #diff}. Read-only {@link SortedMap} view:
 * mutators throw {@link UnsupportedOperationException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class PersistentSortedMap<K extends Comparable<? super K>, V>
    extends AbstractMap<K, V> implements SortedMap<K, V> {
  private static final PersistentSortedMap<?, ?> EMPTY = new PersistentSortedMap<>(null);

  private static final class Node<K, V> {
    final K key;
    final V value;
    final int priority;
    final Node<K, V> left;
    final Node<K, V> right;
    final int size;

    Node(K key, V value, int priority, Node<K, V> left, Node<K, V> right) {
      this.key = key;
      this.value = value;
      this.priority = priority;
      this.left = left;
      this.right = right;
      this.size = 1 + size(left) + size(right);
    }

    Node<K, V> with(Node<K, V> l, Node<K, V> r) {
      return l == left && r == right ? this : new Node<>(key, value, priority, l, r);
    }
  }

  private final Node<K, V> root;

  private PersistentSortedMap(Node<K, V> root) {
    this.root = root;
  }

  /** The empty map. */
  @SuppressWarnings("unchecked")
  public static <K extends Comparable<? super K>, V> PersistentSortedMap<K, V> empty() {
    return (PersistentSortedMap<K, V>) EMPTY;
  }

  /** A map with the entries of {@code m}. */
  public static <K extends Comparable<? super K>, V> PersistentSortedMap<K, V> copyOf(
      Map<? extends K, ? extends V> m) {
    if (m instanceof PersistentSortedMap<?, ?> p) {
      @SuppressWarnings("unchecked")
      PersistentSortedMap<K, V> same = (PersistentSortedMap<K, V>) p;
      return same;
    }
    PersistentSortedMap<K, V> r = empty();
    for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
      r = r.plus(e.getKey(), e.getValue());
    }
    return r;
  }

  private static int size(Node<?, ?> n) {
    return n == null ? 0 : n.size;
  }

  private static int priority(Object key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Whether {@code a} (priority pa) is above {@code b} in the heap order. */
  private static <K extends Comparable<? super K>> boolean above(K a, int pa, K b, int pb) {
    return pa != pb ? pa > pb : a.compareTo(b) < 0;
  }

  /** A map with {@code key} mapped to {@code value} (replacing any mapping). */
  public PersistentSortedMap<K, V> plus(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Node<K, V> n = insert(root, key, value, priority(key));
    return n == root ? this : new PersistentSortedMap<>(n);
  }

  private Node<K, V> insert(Node<K, V> t, K key, V value, int p) {
    if (t == null) {
      return new Node<>(key, value, p, null, null);
    }
    int c = key.compareTo(t.key);
    if (c == 0) {
      return t.value == value ? t : new Node<>(key, value, t.priority, t.left, t.right);
    }
    if (above(key, p, t.key, t.priority)) {
      Node<K, V>[] lr = split(t, key);
      return new Node<>(key, value, p, lr[0], lr[1]);
    }
    return c < 0 ? t.with(insert(t.left, key, value, p), t.right)
        : t.with(t.left, insert(t.right, key, value, p));
  }

  /**
   * A map with the same keys and each value replaced by {@code f(key, value)}, applied in key
   * order: O(n) for all of them instead of a path copy per changed key. Subtrees whose values
   * all come back identical ({@code ==}) are shared with this map; the shape is the same (it
   * depends on the keys only), so the result equals the one {@link #plus} per changed key gives.
   *
   * @throws NullPointerException if {@code f} returns null
   */
  public PersistentSortedMap<K, V> mapValues(BiFunction<? super K, ? super V, ? extends V> f) {
    Objects.requireNonNull(f, "f");
    Node<K, V> n = mapValues(root, f);
    return n == root ? this : new PersistentSortedMap<>(n);
  }

  private static <K, V> Node<K, V> mapValues(Node<K, V> t,
      BiFunction<? super K, ? super V, ? extends V> f) {
    if (t == null) {
      return null;
    }
    Node<K, V> l = mapValues(t.left, f);
    V v = Objects.requireNonNull(f.apply(t.key, t.value), "mapped value");
    Node<K, V> r = mapValues(t.right, f);
    return l == t.left && r == t.right && v == t.value ? t
        : new Node<>(t.key, v, t.priority, l, r);
  }

  /** Splits {@code t} into keys below and above {@code key} (which must not be in {@code t}). */
  @SuppressWarnings("unchecked")
  private static <K extends Comparable<? super K>, V> Node<K, V>[] split(Node<K, V> t, K key) {
    if (t == null) {
      return (Node<K, V>[]) new Node<?, ?>[] {null, null};
    }
    int c = key.compareTo(t.key);
    if (c < 0) {
      Node<K, V>[] lr = split(t.left, key);
      return (Node<K, V>[]) new Node<?, ?>[] {lr[0], t.with(lr[1], t.right)};
    }
    Node<K, V>[] lr = split(t.right, key);
    return (Node<K, V>[]) new Node<?, ?>[] {t.with(t.left, lr[0]), lr[1]};
  }

  /** Splits around {@code key} dropping its node if present. */
  private static <K extends Comparable<? super K>, V> Node<K, V>[] splitAround(Node<K, V> t,
      K key) {
    Node<K, V> f = find(t, key);
    if (f == null) {
      return split(t, key);
    }
    Node<K, V> without = delete(t, key);
    return split(without, key);
  }

  private static <K extends Comparable<? super K>, V> Node<K, V> find(Node<K, V> t, Object key) {
    @SuppressWarnings("unchecked")
    K k = (K) key;
    while (t != null) {
      int c = k.compareTo(t.key);
      if (c == 0) {
        return t;
      }
      t = c < 0 ? t.left : t.right;
    }
    return null;
  }

  /** A map without {@code key}. */
  public PersistentSortedMap<K, V> minus(K key) {
    Objects.requireNonNull(key, "key");
    if (find(root, key) == null) {
      return this;
    }
    return new PersistentSortedMap<>(delete(root, key));
  }

  private static <K extends Comparable<? super K>, V> Node<K, V> delete(Node<K, V> t, K key) {
    int c = key.compareTo(t.key);
    if (c == 0) {
      return join(t.left, t.right);
    }
    return c < 0 ? t.with(delete(t.left, key), t.right) : t.with(t.left, delete(t.right, key));
  }

  private static <K extends Comparable<? super K>, V> Node<K, V> join(Node<K, V> a,
      Node<K, V> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (above(a.key, a.priority, b.key, b.priority)) {
      return a.with(a.left, join(a.right, b));
    }
    return b.with(join(a, b.left), b.right);
  }

  /** What {@link #diff} reports. */
  public interface DiffListener<K, V> {
    /** {@code key} is in the new map only. */
    void added(K key, V value);

    /** {@code key} is in the old map only. */
    void removed(K key, V value);

    /** {@code key} is in both, with values that are not equal. */
    void changed(K key, V before, V after);
  }

  /**
   * Reports the differences from {@code before} to this map, in O(changes · log n) when the two
   * share structure (one was derived from the other).
   */
  public void diff(PersistentSortedMap<K, V> before, DiffListener<K, V> l) {
    diff(before.root, root, l);
  }

  private static <K extends Comparable<? super K>, V> void diff(Node<K, V> a, Node<K, V> b,
      DiffListener<K, V> l) {
    if (a == b) {
      return;
    }
    if (a == null) {
      forEach(b, l::added);
      return;
    }
    if (b == null) {
      forEach(a, l::removed);
      return;
    }
    int c = a.key.compareTo(b.key);
    if (c == 0) {
      if (a.value != b.value && !a.value.equals(b.value)) {
        l.changed(a.key, a.value, b.value);
      }
      diff(a.left, b.left, l);
      diff(a.right, b.right, l);
    } else if (above(a.key, a.priority, b.key, b.priority)) {
      // a's root key has the highest priority of both sets, so it is not in b: removed.
      l.removed(a.key, a.value);
      Node<K, V>[] lr = splitAround(b, a.key);
      diff(a.left, lr[0], l);
      diff(a.right, lr[1], l);
    } else {
      l.added(b.key, b.value);
      Node<K, V>[] lr = splitAround(a, b.key);
      diff(lr[0], b.left, l);
      diff(lr[1], b.right, l);
    }
  }

  private static <K, V> void forEach(Node<K, V> n, BiConsumer<K, V> f) {
    if (n == null) {
      return;
    }
    forEach(n.left, f);
    f.accept(n.key, n.value);
    forEach(n.right, f);
  }

  @Override
  public V get(Object key) {
    if (key == null || root == null) {
      return null;
    }
    Node<K, V> n = find(root, key);
    return n == null ? null : n.value;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size(root);
  }

  @Override
  public boolean isEmpty() {
    return root == null;
  }

  @Override
  public Comparator<? super K> comparator() {
    return null;
  }

  @Override
  public K firstKey() {
    if (root == null) {
      throw new NoSuchElementException();
    }
    Node<K, V> n = root;
    while (n.left != null) {
      n = n.left;
    }
    return n.key;
  }

  @Override
  public K lastKey() {
    if (root == null) {
      throw new NoSuchElementException();
    }
    Node<K, V> n = root;
    while (n.right != null) {
      n = n.right;
    }
    return n.key;
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    return range(fromKey, toKey);
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return range(null, toKey);
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return range(fromKey, null);
  }

  private PersistentSortedMap<K, V> range(K from, K to) {
    PersistentSortedMap<K, V> r = empty();
    for (Map.Entry<K, V> e : entrySet()) {
      if ((from == null || e.getKey().compareTo(from) >= 0)
          && (to == null || e.getKey().compareTo(to) < 0)) {
        r = r.plus(e.getKey(), e.getValue());
      }
    }
    return r;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private final Deque<Node<K, V>> stack = new ArrayDeque<>();

          {
            push(root);
          }

          private void push(Node<K, V> n) {
            while (n != null) {
              stack.push(n);
              n = n.left;
            }
          }

          @Override
          public boolean hasNext() {
            return !stack.isEmpty();
          }

          @Override
          public Map.Entry<K, V> next() {
            if (stack.isEmpty()) {
              throw new NoSuchElementException();
            }
            Node<K, V> n = stack.pop();
            push(n.right);
            return new AbstractMap.SimpleImmutableEntry<>(n.key, n.value);
          }
        };
      }

      @Override
      public int size() {
        return PersistentSortedMap.this.size();
      }
    };
  }
}
