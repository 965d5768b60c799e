package org.jicp.nns.sns;

import java.util.Objects;
import org.jicp.nns.NnsException;

/**
 * A typed refusal of an SNS canister (governance, swap, root): the request is refused and the
 * state is unchanged. Hosted, it becomes a reject whose message starts with {@code "SNS <code>: "}.
 */
public final class SnsException extends NnsException {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Code {
    /** The caller may not do this (not the neuron's controller, not governance, not the swap). */
    UNAUTHORIZED,
    /** No such neuron or proposal. */
    NOT_FOUND,
    /** The proposal is malformed or names something the SNS does not control. */
    INVALID_PROPOSAL,
    /** The stake is below the minimum, or the neuron may not vote or propose. */
    INSUFFICIENT_STAKE,
    /** The proposal is no longer open, or the neuron already voted. */
    PROPOSAL_CLOSED,
    /** The argument is out of range (a dissolve delay, a parameter, an amount). */
    INVALID_ARGUMENT,
    /** The swap is not open (not yet, or already finalized or past its deadline). */
    SWAP_NOT_OPEN,
    /** The swap cannot be finalized yet (open, not full, before its deadline). */
    SWAP_NOT_FINALIZABLE,
    /** The participation is below the swap's minimum per participant. */
    PARTICIPATION_TOO_SMALL
  }

  private final Code code;

  /** A refusal with {@code code} and a message. */
  public SnsException(Code code, String message) {
    super("SNS " + Objects.requireNonNull(code, "code") + ": " + message);
    this.code = code;
  }

  /** Why. */
  public Code code() {
    return code;
  }
}
