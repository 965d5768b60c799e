package org.jicp.state.certification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;

/**
 * A sorted list of disjoint canister ranges, as the state tree publishes a subnet's share of the
 * routing table under {@code /subnet/<id>/canister_ranges} and {@code /canister_ranges/<id>/…}:
 * CBOR with the self-describe tag, {@code [[lo, hi], …]} of principal blobs.
 *
 * @param ranges the ranges in increasing order, not overlapping
 */
public record CanisterRanges(List<CanisterRange> ranges) {
  /** Validates the component: sorted and disjoint. */
  public CanisterRanges {
    ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i - 1).end().compareTo(ranges.get(i).start()) >= 0) {
        throw new IllegalArgumentException(
            "canister ranges must be sorted and disjoint: " + ranges.get(i - 1) + " then "
                + ranges.get(i));
      }
    }
  }

  /** Whether {@code id} lies in one of the ranges. */
  public boolean contains(Principal id) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      CanisterRange r = ranges.get(mid);
      if (id.compareTo(r.start().principal()) < 0) {
        hi = mid - 1;
      } else if (id.compareTo(r.end().principal()) > 0) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** The CBOR form, with the self-describe tag. */
  public Bytes encode() {
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startArray(ranges.size());
    for (CanisterRange r : ranges) {
      w.startArray(2).bytes(r.start().toByteArray()).bytes(r.end().toByteArray()).endArray();
    }
    return Bytes.of(w.endArray().toByteArray());
  }

  /**
   * Decodes the CBOR form (the self-describe tag is optional).
   *
   * @throws MalformedEncodingException if it is not a list of pairs of principal blobs in
   *     increasing, disjoint order
   */
  public static CanisterRanges decode(Bytes cbor) {
    CborValue v = Cbor.decode(cbor.toByteArray(), "canister ranges");
    List<CanisterRange> out = new ArrayList<>();
    List<CborValue> items = v.asArray("canister ranges");
    for (int i = 0; i < items.size(); i++) {
      List<CborValue> pair = items.get(i).asArray("canister ranges[" + i + "]");
      if (pair.size() != 2) {
        throw new MalformedEncodingException(
            "canister ranges[" + i + "]: expected [start, end], got " + pair.size() + " items");
      }
      try {
        out.add(
            new CanisterRange(
                CanisterId.fromBytes(pair.get(0).asBytes("canister ranges[" + i + "][0]")),
                CanisterId.fromBytes(pair.get(1).asBytes("canister ranges[" + i + "][1]"))));
      } catch (IllegalArgumentException | CryptoException e) {
        throw new MalformedEncodingException("canister ranges[" + i + "]: " + e.getMessage(), e);
      }
    }
    try {
      return new CanisterRanges(out);
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException(e.getMessage(), e);
    }
  }
}
