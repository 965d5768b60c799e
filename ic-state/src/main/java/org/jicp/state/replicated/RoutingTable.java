package org.jicp.state.replicated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.certification.CanisterRanges;

/**
 * Which subnet hosts which canister ranges. The ranges are disjoint.
 *
 * @param entries the ranges, keyed and ordered by their start, with their subnet
 */
public record RoutingTable(Map<CanisterRange, SubnetId> entries) {
  /** Validates the component: ranges disjoint. */
  public RoutingTable {
    TreeMap<CanisterRange, SubnetId> sorted =
        new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    sorted.putAll(Objects.requireNonNull(entries, "entries"));
    CanisterRange prev = null;
    for (CanisterRange r : sorted.keySet()) {
      if (prev != null && prev.end().compareTo(r.start()) >= 0) {
        throw new IllegalArgumentException("routing table ranges overlap: " + prev + ", " + r);
      }
      prev = r;
    }
    entries = Collections.unmodifiableSortedMap(sorted);
  }

  /** The empty table. */
  public static RoutingTable empty() {
    return new RoutingTable(Map.of());
  }

  /** The subnet hosting {@code id}, if any. */
  public Optional<SubnetId> route(CanisterId id) {
    for (Map.Entry<CanisterRange, SubnetId> e : entries.entrySet()) {
      if (e.getKey().contains(id.principal())) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** The ranges of {@code subnet}, in order. */
  public CanisterRanges rangesOf(SubnetId subnet) {
    List<CanisterRange> out = new ArrayList<>();
    entries.forEach((r, s) -> {
      if (s.equals(subnet)) {
        out.add(r);
      }
    });
    return new CanisterRanges(out);
  }
}
