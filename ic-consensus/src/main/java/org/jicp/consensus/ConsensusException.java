package org.jicp.consensus;

/**
 * Root of the unchecked exceptions that {@code org.jicp.consensus} throws when it rejects untrusted
 * input. Callers that handle the cases differently catch the subclasses.
 */
public class ConsensusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong and where. */
  public ConsensusException(String message) {
    super(message);
  }

  /** An exception with a message and the cause it wraps. */
  public ConsensusException(String message, Throwable cause) {
    super(message, cause);
  }
}
