package org.jicp.crypto.threshold;

import org.jicp.crypto.CryptoException;

/**
 * Root of the errors of threshold signing: a set of shares or coefficients that breaks a rule of
 * the scheme. Each subclass names the culprit (an index, a count). A share whose signature does
 * not verify is not an exception: {@link ThresholdSignatures#verifyShare} returns {@code false}
 * and {@link ThresholdSignatures#combineVerified} reports it in its result.
 */
public class ThresholdException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong. */
  public ThresholdException(String message) {
    super(message);
  }
}
