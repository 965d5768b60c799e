package org.jicp.state.replicated;

import java.util.Objects;
import org.jicp.types.Cycles;

/**
 * A {@code stop_canister} call waiting for the canister to stop: answered once the canister's
 * open call contexts are closed (then the status becomes stopped).
 *
 * @param origin who called {@code stop_canister}
 * @param cycles cycles attached to the call, refunded with the answer
 */
public record StopContext(CallOrigin origin, Cycles cycles) {
  /** Validates the components. */
  public StopContext {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(cycles, "cycles");
  }
}
