package org.jicp.candid.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jicp.candid.Label;

/** Sorting of record fields and variant cases by id, as the wire format orders them. */
public final class SortedById {
  private SortedById() {}

  /**
   * {@code items} sorted by the id of their label, as an immutable list (no copy when the input is
   * an immutable list that is already sorted).
   *
   * @throws IllegalArgumentException if two items have the same id
   */
  public static <T> List<T> sort(List<T> items, Function<T, Label> label, String what) {
    List<T> list = List.copyOf(items);
    for (int i = 1; i < list.size(); i++) {
      if (label.apply(list.get(i)).id() <= label.apply(list.get(i - 1)).id()) {
        @SuppressWarnings("unchecked")
        T[] a = (T[]) list.toArray();
        Arrays.sort(a, Comparator.comparingLong(x -> label.apply(x).id()));
        for (int j = 1; j < a.length; j++) {
          if (label.apply(a[j]).id() == label.apply(a[j - 1]).id()) {
            throw new IllegalArgumentException(
                what + " has two fields with id " + label.apply(a[j]).id() + " ("
                    + label.apply(a[j - 1]) + ", " + label.apply(a[j]) + ")");
          }
        }
        return List.of(a);
      }
    }
    return list;
  }
}
