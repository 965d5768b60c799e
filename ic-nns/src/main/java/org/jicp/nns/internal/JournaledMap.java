package org.jicp.nns.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sorted map whose changes are undone when the enclosing {@link Journal#atomic} fails. Values
 * should be immutable; reads return unmodifiable views. Iteration is in key order, so everything
 * derived from it is deterministic.
 */
public final class JournaledMap<K, V> {
  private final Journal journal;
  private final TreeMap<K, V> map;

  /** An empty map ordered by the keys' natural order. */
  public JournaledMap(Journal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.map = new TreeMap<>();
  }

  /** An empty map ordered by {@code comparator}. */
  public JournaledMap(Journal journal, java.util.Comparator<? super K> comparator) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.map = new TreeMap<>(comparator);
  }

  /** The value of {@code key}, or {@code null}. */
  public V get(K key) {
    return map.get(key);
  }

  /** The value of {@code key}, if present. */
  public Optional<V> find(K key) {
    return Optional.ofNullable(map.get(key));
  }

  /** Whether {@code key} is present. */
  public boolean containsKey(K key) {
    return map.containsKey(key);
  }

  /** Sets {@code key} to {@code value} (not null). */
  public void put(K key, V value) {
    Objects.requireNonNull(value, "value");
    V old = map.put(key, value);
    if (old == null) {
      journal.record(() -> map.remove(key));
    } else {
      journal.record(() -> map.put(key, old));
    }
  }

  /** Removes {@code key}; returns its old value or {@code null}. */
  public V remove(K key) {
    V old = map.remove(key);
    if (old != null) {
      journal.record(() -> map.put(key, old));
    }
    return old;
  }

  /** The number of entries. */
  public int size() {
    return map.size();
  }

  /** Whether the map is empty. */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  /** The keys, in order (read-only). */
  public Set<K> keySet() {
    return Collections.unmodifiableSet(map.keySet());
  }

  /** The values, in key order (read-only). */
  public Collection<V> values() {
    return Collections.unmodifiableCollection(map.values());
  }

  /** The entries, in key order (read-only). */
  public Set<Map.Entry<K, V>> entrySet() {
    return Collections.unmodifiableMap(map).entrySet();
  }

  /** A read-only view of the map. */
  public NavigableMap<K, V> view() {
    return Collections.unmodifiableNavigableMap(map);
  }

  /** Removes every entry (journaled). */
  public void clear() {
    if (map.isEmpty()) {
      return;
    }
    TreeMap<K, V> copy = new TreeMap<>(map);
    map.clear();
    journal.record(() -> map.putAll(copy));
  }
}
