package org.jicp.crypto.nidkg;

import org.jicp.crypto.CryptoException;

/**
 * Root of the NI-DKG errors: a transcript that cannot be formed, a share that cannot be
 * decrypted. A dealing that fails verification is not an exception: {@link NiDkg#verifyDealing}
 * returns a {@link DealingVerification} naming the rule it broke.
 */
public class NiDkgException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong. */
  public NiDkgException(String message) {
    super(message);
  }
}
