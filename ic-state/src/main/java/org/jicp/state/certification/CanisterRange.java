package org.jicp.state.certification;

import java.util.Objects;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;

/**
 * A closed interval {@code [start, end]} of canister ids, ordered as principals are.
 *
 * @param start the first id of the range
 * @param end the last id of the range
 */
public record CanisterRange(CanisterId start, CanisterId end) {
  /** Validates the components: {@code start <= end}. */
  public CanisterRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.compareTo(end) > 0) {
      throw new IllegalArgumentException("range start " + start + " is after its end " + end);
    }
  }

  /** Whether {@code id} lies in the range. */
  public boolean contains(Principal id) {
    return start.principal().compareTo(id) <= 0 && id.compareTo(end.principal()) <= 0;
  }
}
