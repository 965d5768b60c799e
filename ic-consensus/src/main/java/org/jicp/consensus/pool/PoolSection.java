package org.jicp.consensus.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.types.Height;

/**
 * One section of the artifact pool (validated or unvalidated): artifacts indexed by type and
 * height, in insertion order within a height, without duplicates. Reading is open to components;
 * writing is package-private, done only by {@link ConsensusPool}.
 */
public final class PoolSection {
  private final EnumMap<ArtifactType, NavigableMap<Long, List<ConsensusMessage>>> byType = new EnumMap<>(ArtifactType.class);
  private final Set<ConsensusMessage> all = new HashSet<>();
  private final long[] versions = new long[ArtifactType.values().length];
  private long version;

  PoolSection() {
    for (ArtifactType t : ArtifactType.values()) {
      byType.put(t, new TreeMap<>());
    }
  }

  /** Whether the section holds {@code m}. */
  public boolean contains(ConsensusMessage m) {
    return all.contains(m);
  }

  /** The number of artifacts held. */
  public int size() {
    return all.size();
  }

  /**
   * A counter that grows whenever an artifact of {@code type} enters or leaves the section: equal
   * counters mean an unchanged set of such artifacts (components memoize on it).
   */
  public long version(ArtifactType type) {
    return versions[type.ordinal()];
  }

  /** A counter that grows whenever any artifact enters or leaves the section. */
  public long version() {
    return version;
  }

  void touch(ArtifactType type) {
    versions[type.ordinal()]++;
    version++;
  }

  /** Whether the section holds an artifact of {@code type}. */
  public boolean has(ArtifactType type) {
    return !byType.get(type).isEmpty();
  }

  /** The artifacts of {@code type} at {@code height}, in insertion order (a read-only view). */
  @SuppressWarnings("unchecked")
  public <T extends ConsensusMessage> List<T> get(ArtifactType type, Height height) {
    int i = type.ordinal();
    long h = height.value();
    if (cacheHeight[i] == h && cacheVersion[i] == versions[i]) {
      return (List<T>) cacheList[i];
    }
    List<ConsensusMessage> l = byType.get(type).get(h);
    List<ConsensusMessage> view = l == null ? List.of() : Collections.unmodifiableList(l);
    cacheHeight[i] = h;
    cacheVersion[i] = versions[i];
    cacheList[i] = view;
    return (List<T>) view;
  }

  // A one-entry cache per type: components ask for the same (type, height) many times per step.
  private final long[] cacheHeight = new long[ArtifactType.values().length];
  private final long[] cacheVersion = new long[ArtifactType.values().length];
  private final Object[] cacheList = new Object[ArtifactType.values().length];

  {
    java.util.Arrays.fill(cacheHeight, -1);
  }

  /** The heights at which the section holds artifacts of {@code type}, ascending (a read-only view). */
  public NavigableSet<Long> heights(ArtifactType type) {
    return Collections.unmodifiableNavigableSet(byType.get(type).navigableKeySet());
  }

  /** The heights from {@code from} to {@code to} (inclusive) holding artifacts of {@code type} (a copy). */
  public List<Long> heights(ArtifactType type, long from, long to) {
    if (from > to) {
      return List.of();
    }
    NavigableMap<Long, List<ConsensusMessage>> m = byType.get(type);
    if (m.isEmpty() || m.lastKey() < from || m.firstKey() > to) {
      return List.of();
    }
    if (m.size() == 1) {
      return List.of(m.firstKey());
    }
    return new ArrayList<>(m.subMap(from, true, to, true).keySet());
  }

  /** The highest height at which the section holds an artifact of {@code type}, or −1. */
  public long maxHeight(ArtifactType type) {
    NavigableMap<Long, List<ConsensusMessage>> m = byType.get(type);
    return m.isEmpty() ? -1 : m.lastKey();
  }

  /** Every artifact, by type then height (a copy). */
  public List<ConsensusMessage> all() {
    List<ConsensusMessage> out = new ArrayList<>(all.size());
    for (NavigableMap<Long, List<ConsensusMessage>> m : byType.values()) {
      for (List<ConsensusMessage> l : m.values()) {
        out.addAll(l);
      }
    }
    return out;
  }

  boolean add(ConsensusMessage m) {
    if (!all.add(m)) {
      return false;
    }
    byType.get(m.type()).computeIfAbsent(m.height().value(), h -> new ArrayList<>(4)).add(m);
    touch(m.type());
    return true;
  }

  boolean remove(ConsensusMessage m) {
    if (!all.remove(m)) {
      return false;
    }
    NavigableMap<Long, List<ConsensusMessage>> tm = byType.get(m.type());
    List<ConsensusMessage> l = tm.get(m.height().value());
    l.remove(m);
    if (l.isEmpty()) {
      tm.remove(m.height().value());
    }
    touch(m.type());
    return true;
  }

  /** Removes the artifacts of the given types (all if empty) below {@code height}; returns how many. */
  int purgeBelow(Height height, Set<ArtifactType> types) {
    int removed = 0;
    for (Map.Entry<ArtifactType, NavigableMap<Long, List<ConsensusMessage>>> e : byType.entrySet()) {
      if (!types.isEmpty() && !types.contains(e.getKey())) {
        continue;
      }
      NavigableMap<Long, List<ConsensusMessage>> m = e.getValue();
      if (m.isEmpty() || m.firstKey() >= height.value()) {
        continue;
      }
      NavigableMap<Long, List<ConsensusMessage>> head = m.headMap(height.value(), false);
      for (List<ConsensusMessage> l : head.values()) {
        all.removeAll(l);
        removed += l.size();
      }
      head.clear();
      touch(e.getKey());
    }
    return removed;
  }

  void clear() {
    byType.values().forEach(Map::clear);
    all.clear();
    for (ArtifactType t : ArtifactType.values()) {
      touch(t);
    }
  }
}
