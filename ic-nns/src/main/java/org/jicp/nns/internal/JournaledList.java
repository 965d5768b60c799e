package org.jicp.nns.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An append-only list whose appends are undone when the enclosing {@link Journal#atomic} fails. */
public final class JournaledList<T> {
  private final Journal journal;
  private final ArrayList<T> list = new ArrayList<>();

  /** An empty list. */
  public JournaledList(Journal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /** Appends {@code value} (not null); returns its index. */
  public int add(T value) {
    Objects.requireNonNull(value, "value");
    list.add(value);
    int index = list.size() - 1;
    journal.record(() -> list.remove(index));
    return index;
  }

  /** The element at {@code index}. */
  public T get(int index) {
    return list.get(index);
  }

  /** The number of elements. */
  public int size() {
    return list.size();
  }

  /** Whether the list is empty. */
  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** The last element, or {@code null}. */
  public T last() {
    return list.isEmpty() ? null : list.get(list.size() - 1);
  }

  /** A read-only view. */
  public List<T> view() {
    return Collections.unmodifiableList(list);
  }
}
