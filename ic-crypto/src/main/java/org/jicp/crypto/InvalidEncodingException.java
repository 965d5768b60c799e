package org.jicp.crypto;

/**
 * Bytes that do not encode a valid value: wrong length, bad flag bits, a coordinate that is not
 * canonical (x &ge; p), a point that is not on the curve or not in the prime-order subgroup, a
 * scalar out of range. The message names the rule that was broken.
 */
public class InvalidEncodingException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the rule that the input broke. */
  public InvalidEncodingException(String message) {
    super(message);
  }

  /** An exception whose message names the rule that the input broke, with its cause. */
  public InvalidEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
