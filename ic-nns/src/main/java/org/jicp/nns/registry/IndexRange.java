package org.jicp.nns.registry;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jicp.crypto.Principal;
import org.jicp.nns.registry.pb.CanisterId;
import org.jicp.nns.registry.pb.CanisterIdRange;
import org.jicp.nns.registry.pb.PrincipalId;

/**
 * A closed range of canister indices. The routing table's ranges are ranges of canister ids of the
 * IC's standard form ({@code [u64 big-endian, 0x01, 0x01]}), whose order is the order of their
 * indices.
 *
 * @param start the first index
 * @param end the last index (inclusive)
 */
record IndexRange(long start, long end) implements Comparable<IndexRange> {
  IndexRange {
    if (Long.compareUnsigned(start, end) > 0) {
      throw new InvariantViolationException(
          "canister-range-ordered", "range start " + start + " is after its end " + end);
    }
  }

  /** The index of a standard-form canister id. */
  static long indexOf(Principal p, String what) {
    byte[] b = p.toByteArray();
    if (b.length != 10 || b[8] != 1 || b[9] != 1) {
      throw new InvariantViolationException(
          "canister-range-standard-ids", what + " " + p + " is not a canister id of the standard form");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  static IndexRange of(RegistryPayloads.CanisterIdRange r) {
    return new IndexRange(r.startIndex(), r.endIndex());
  }

  static IndexRange of(CanisterIdRange r) {
    return new IndexRange(
        indexOf(Principal.fromBytes(r.getStartCanisterId().getPrincipalId().getRaw().toByteArray()), "range start"),
        indexOf(Principal.fromBytes(r.getEndCanisterId().getPrincipalId().getRaw().toByteArray()), "range end"));
  }

  CanisterIdRange toProto() {
    return CanisterIdRange.newBuilder()
        .setStartCanisterId(canisterId(start))
        .setEndCanisterId(canisterId(end))
        .build();
  }

  RegistryPayloads.CanisterIdRange toPayload() {
    return RegistryPayloads.CanisterIdRange.ofIndices(start, end);
  }

  private static CanisterId canisterId(long index) {
    return CanisterId.newBuilder()
        .setPrincipalId(
            PrincipalId.newBuilder()
                .setRaw(ByteString.copyFrom(Principal.canisterIdFromIndex(index).toByteArray())))
        .build();
  }

  boolean overlaps(IndexRange o) {
    return Long.compareUnsigned(start, o.end) <= 0 && Long.compareUnsigned(o.start, end) <= 0;
  }

  boolean contains(IndexRange o) {
    return Long.compareUnsigned(start, o.start) <= 0 && Long.compareUnsigned(o.end, end) <= 0;
  }

  /** The number of canister ids in the range (saturating at Long.MAX_VALUE). */
  long size() {
    long n = end - start + 1;
    return n <= 0 ? Long.MAX_VALUE : n;
  }

  /** This range minus {@code cut}: zero, one or two ranges. */
  List<IndexRange> minus(IndexRange cut) {
    List<IndexRange> out = new ArrayList<>(2);
    if (!overlaps(cut)) {
      out.add(this);
      return out;
    }
    if (Long.compareUnsigned(start, cut.start) < 0) {
      out.add(new IndexRange(start, cut.start - 1));
    }
    if (Long.compareUnsigned(cut.end, end) < 0) {
      out.add(new IndexRange(cut.end + 1, end));
    }
    return out;
  }

  /** Whether the union of {@code parts} covers {@code whole}. */
  static boolean covers(List<IndexRange> parts, IndexRange whole) {
    List<IndexRange> left = List.of(whole);
    for (IndexRange p : parts) {
      List<IndexRange> next = new ArrayList<>();
      for (IndexRange l : left) {
        next.addAll(l.minus(p));
      }
      left = next;
    }
    return left.isEmpty();
  }

  /** Sorts and checks that {@code ranges} are pairwise disjoint. */
  static List<IndexRange> disjointSorted(List<IndexRange> ranges, String invariant) {
    List<IndexRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.naturalOrder());
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).overlaps(sorted.get(i))) {
        throw new InvariantViolationException(
            invariant, "ranges " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
      }
    }
    return sorted;
  }

  @Override
  public int compareTo(IndexRange o) {
    int c = Long.compareUnsigned(start, o.start);
    return c != 0 ? c : Long.compareUnsigned(end, o.end);
  }

  @Override
  public String toString() {
    return "[" + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end) + "]";
  }
}
