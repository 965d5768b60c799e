package org.jicp.state.replicated;

import java.util.Objects;
import java.util.Optional;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;

/**
 * An outstanding call made by a canister (dfinity/ic {@code Callback}): the call context it
 * belongs to, whom it called, the cycles sent and prepaid for the response's execution, and what
 * runs when the response comes.
 *
 * @param callContextId the call context that made the call
 * @param originator the calling canister
 * @param respondent the canister called
 * @param cyclesSent cycles attached to the request
 * @param prepaidResponseCycles cycles prepaid for executing the response
 * @param onReply run with a reply
 * @param onReject run with a reject
 * @param onCleanup run if {@code onReply} or {@code onReject} traps
 * @param deadlineNanos best-effort deadline, 0 for guaranteed responses
 */
public record Callback(long callContextId, CanisterId originator, CanisterId respondent,
    Cycles cyclesSent, Cycles prepaidResponseCycles, Closure onReply, Closure onReject,
    Optional<Closure> onCleanup, long deadlineNanos) {
  /** Validates the components. */
  public Callback {
    Objects.requireNonNull(originator, "originator");
    Objects.requireNonNull(respondent, "respondent");
    Objects.requireNonNull(cyclesSent, "cyclesSent");
    Objects.requireNonNull(prepaidResponseCycles, "prepaidResponseCycles");
    Objects.requireNonNull(onReply, "onReply");
    Objects.requireNonNull(onReject, "onReject");
    Objects.requireNonNull(onCleanup, "onCleanup");
  }
}
