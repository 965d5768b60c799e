package org.jicp.state.util;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An unmodifiable sorted map that owns its entries: {@link #copyOf} copies a map once and returns
 * a map it made itself unchanged, so a value type that normalizes its map components in its
 * constructor ({@code map = FrozenSortedMap.copyOf(map)}) copies nothing when it is rebuilt from
 * an instance of itself (a copy with another field changed). It reads like {@code
 * Collections.unmodifiableSortedMap(new TreeMap<>(map))}: same order (the source's comparator),
 * same {@code equals}, {@code hashCode} and {@code toString}; every mutator throws {@link
 * UnsupportedOperationException}; sub-map views are unmodifiable views (not frozen: copying one
 * copies its entries).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class FrozenSortedMap<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
  private final SortedMap<K, V> view;

  private FrozenSortedMap(TreeMap<K, V> owned) {
    this.view = Collections.unmodifiableSortedMap(owned);
  }

  /**
   * {@code map} itself if it is a frozen map, else a frozen copy of it in {@code map}'s order.
   *
   * @throws NullPointerException if {@code map} is null or (natural order) holds a null key
   */
  public static <K, V> SortedMap<K, V> copyOf(SortedMap<K, ? extends V> map) {
    if (map instanceof FrozenSortedMap<?, ?>) {
      @SuppressWarnings("unchecked")
      SortedMap<K, V> same = (SortedMap<K, V>) map;
      return same;
    }
    return new FrozenSortedMap<>(new TreeMap<>(map));
  }

  @Override
  public Comparator<? super K> comparator() {
    return view.comparator();
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    return view.subMap(fromKey, toKey);
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return view.headMap(toKey);
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return view.tailMap(fromKey);
  }

  @Override
  public K firstKey() {
    return view.firstKey();
  }

  @Override
  public K lastKey() {
    return view.lastKey();
  }

  @Override
  public int size() {
    return view.size();
  }

  @Override
  public boolean isEmpty() {
    return view.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return view.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return view.containsValue(value);
  }

  @Override
  public V get(Object key) {
    return view.get(key);
  }

  @Override
  public V getOrDefault(Object key, V defaultValue) {
    return view.getOrDefault(key, defaultValue);
  }

  @Override
  public Set<K> keySet() {
    return view.keySet();
  }

  @Override
  public Collection<V> values() {
    return view.values();
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return view.entrySet();
  }

  @Override
  public V put(K key, V value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public V remove(Object key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> m) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || view.equals(o);
  }

  @Override
  public int hashCode() {
    return view.hashCode();
  }

  @Override
  public String toString() {
    return view.toString();
  }
}
