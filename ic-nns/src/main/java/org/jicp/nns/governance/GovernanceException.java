package org.jicp.nns.governance;

import java.util.Objects;
import org.jicp.nns.InvalidRequestException;

/**
 * A governance command that was rejected, with the {@code GovernanceError} type of {@code
 * governance.proto}. The state is unchanged.
 */
public class GovernanceException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /** {@code GovernanceError.ErrorType}. */
  public enum ErrorType {
    /** Not used. */
    UNSPECIFIED(0),
    /** Not an error. */
    OK(1),
    /** The governance canister is busy. */
    UNAVAILABLE(2),
    /** The caller may not do this. */
    NOT_AUTHORIZED(3),
    /** No such neuron or proposal. */
    NOT_FOUND(4),
    /** A malformed or unsupported command. */
    INVALID_COMMAND(5),
    /** The neuron must not be dissolving. */
    REQUIRES_NOT_DISSOLVING(6),
    /** The neuron must be dissolving. */
    REQUIRES_DISSOLVING(7),
    /** The neuron must be dissolved. */
    REQUIRES_DISSOLVED(8),
    /** A hot key problem. */
    HOT_KEY(9),
    /** A limit was reached. */
    RESOURCE_EXHAUSTED(10),
    /** A precondition failed. */
    PRECONDITION_FAILED(11),
    /** An error of another canister. */
    EXTERNAL(12),
    /** The neuron is locked by a ledger operation in progress. */
    LEDGER_UPDATE_ONGOING(13),
    /** Not enough stake. */
    INSUFFICIENT_FUNDS(14),
    /** A principal is invalid. */
    INVALID_PRINCIPAL(15),
    /** The proposal is invalid. */
    INVALID_PROPOSAL(16);

    private final int number;

    ErrorType(int number) {
      this.number = number;
    }

    /** The proto number. */
    public int number() {
      return number;
    }
  }

  private final ErrorType type;

  /** A rejection of {@code type} with a message. */
  public GovernanceException(ErrorType type, String message) {
    super("governance " + Objects.requireNonNull(type, "type").name().toLowerCase(java.util.Locale.ROOT), message);
    this.type = type;
  }

  /** The error type. */
  public ErrorType type() {
    return type;
  }

  /** The message without the rule prefix. */
  public String detail() {
    String m = getMessage();
    int i = m.indexOf(": ");
    return i < 0 ? m : m.substring(i + 2);
  }

  /** The Candid {@code GovernanceError}. */
  public GovernanceApi.GovernanceError toCandid() {
    return new GovernanceApi.GovernanceError(detail(), type.number());
  }
}
