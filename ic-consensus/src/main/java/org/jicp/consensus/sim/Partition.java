package org.jicp.consensus.sim;

import java.util.Set;
import java.util.TreeSet;

/**
 * A network partition from {@code startMs} to {@code endMs} of virtual time: messages between
 * {@code side} and the other nodes sent in that window are held and delivered after it heals.
 *
 * @param startMs when it starts
 * @param endMs when it heals
 * @param side the node indices on one side; empty means "a random half", drawn from the seed
 */
public record Partition(long startMs, long endMs, Set<Integer> side) {
  /** Validates and copies the components. */
  public Partition {
    if (startMs < 0 || endMs < startMs) {
      throw new IllegalArgumentException("a partition is an interval of non-negative times: " + startMs + ":" + endMs);
    }
    side = java.util.Collections.unmodifiableSet(new TreeSet<>(side));
  }

  /** Whether the partition separates {@code a} from {@code b} at {@code ms}. */
  boolean separates(Set<Integer> sideNow, int a, int b, long ms) {
    return ms >= startMs && ms < endMs && sideNow.contains(a) != sideNow.contains(b);
  }
}
