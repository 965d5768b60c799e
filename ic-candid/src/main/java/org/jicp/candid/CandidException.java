package org.jicp.candid;

/**
 * Root of the unchecked exceptions that {@code org.jicp.candid} throws when it rejects untrusted
 * input. Callers that handle the cases differently catch the subclasses.
 */
public class CandidException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong and where. */
  public CandidException(String message) {
    super(message);
  }

  /** An exception with a message and the cause it wraps. */
  public CandidException(String message, Throwable cause) {
    super(message, cause);
  }
}
