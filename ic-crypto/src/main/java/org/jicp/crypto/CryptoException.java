package org.jicp.crypto;

/**
 * Root of the unchecked exceptions that {@code org.jicp.crypto} throws when it rejects untrusted
 * input (bytes that do not decode, keys that break a rule). A signature that does not verify is
 * not an exception: verification returns {@code false}.
 */
public class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong. */
  public CryptoException(String message) {
    super(message);
  }

  /** An exception with a message and the cause it wraps. */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
