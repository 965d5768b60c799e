package org.jicp.state.replicated;

import java.util.Objects;
import org.jicp.types.Cycles;

/**
 * An open call being handled by a canister (dfinity/ic {@code CallContext}): where the answer
 * goes, whether it was given, the cycles still available to accept, and the method it is for. A
 * call context stays open while callbacks of its outgoing calls are outstanding.
 *
 * @param origin who awaits the answer
 * @param methodName the method called (empty for system tasks)
 * @param responded whether a reply or reject was given
 * @param deleted whether the context was deleted (uninstall) but callbacks still point to it
 * @param availableCycles cycles attached to the call and not (yet) accepted
 * @param timeNanos when the call started
 */
public record CallContext(CallOrigin origin, String methodName, boolean responded,
    boolean deleted, Cycles availableCycles, long timeNanos) {
  /** Validates the components. */
  public CallContext {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(methodName, "methodName");
    Objects.requireNonNull(availableCycles, "availableCycles");
  }

  /** A copy marked responded. */
  public CallContext markResponded() {
    return new CallContext(origin, methodName, true, deleted, availableCycles, timeNanos);
  }

  /** A copy marked deleted (and responded). */
  public CallContext markDeleted() {
    return new CallContext(origin, methodName, true, true, availableCycles, timeNanos);
  }

  /** A copy with other available cycles. */
  public CallContext withAvailableCycles(Cycles c) {
    return new CallContext(origin, methodName, responded, deleted, c, timeNanos);
  }
}
