package org.jicp.replica;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.types.RejectCode;

/**
 * A call the replica was given (an ingress message or a query), with its outcome when it was
 * read: what {@link Replica#recentCalls()} reports so that a failing test can show the last
 * messages each canister handled. Diagnostics only: not replicated, not part of snapshots.
 *
 * @param sequence the number of the call in this replica (0, 1, …; never reused, also not
 *     after {@link Replica#restore})
 * @param kind update (an ingress message) or query
 * @param canister the canister called (the management canister for management calls)
 * @param effectiveCanister the effective canister id (the target of a management call)
 * @param method the method name
 * @param sender the caller
 * @param timeNanos the replica's time when the call was made
 * @param messageId the ingress message id (updates only)
 * @param argument the argument (empty if it was longer than {@link #MAX_ARGUMENT_BYTES})
 * @param argumentBytes the argument's length
 * @param outcome the reply, the reject, or the status
 */
public record CallRecord(long sequence, Kind kind, CanisterId canister,
    CanisterId effectiveCanister, String method, Principal sender, long timeNanos,
    Optional<MessageId> messageId, Optional<Bytes> argument, int argumentBytes,
    Outcome outcome) {
  /** Arguments up to this length are kept. */
  public static final int MAX_ARGUMENT_BYTES = 1024;

  /** Checks the components. */
  public CallRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(canister, "canister");
    Objects.requireNonNull(effectiveCanister, "effectiveCanister");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The kinds of call. */
  public enum Kind {
    /** An update call (ingress message through a block). */
    UPDATE,
    /** A query (not replicated). */
    QUERY
  }

  /** What became of a call. */
  public sealed interface Outcome permits Status, Replied, Rejected {}

  /**
   * Neither a reply nor a reject known: {@code status} is the ingress status {@code received},
   * {@code processing} or {@code done} (the outcome pruned), or {@code not in the ingress
   * history} (still in the ingress pool, or undone by {@link Replica#restore}).
   *
   * @param status the status
   */
  public record Status(String status) implements Outcome {}

  /**
   * Replied.
   *
   * @param reply the reply
   */
  public record Replied(Bytes reply) implements Outcome {}

  /**
   * Rejected.
   *
   * @param code the reject code
   * @param errorCode the IC error code, if the system rejected
   * @param message the reject message
   */
  public record Rejected(RejectCode code, Optional<ErrorCode> errorCode, String message)
      implements Outcome {}

  /** This record with another outcome. */
  CallRecord withOutcome(Outcome o) {
    return new CallRecord(sequence, kind, canister, effectiveCanister, method, sender, timeNanos,
        messageId, argument, argumentBytes, o);
  }
}
