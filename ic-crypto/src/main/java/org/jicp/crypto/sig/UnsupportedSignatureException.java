package org.jicp.crypto.sig;

/**
 * Thrown when a recognised public key's signatures cannot be verified by {@code ic-crypto}
 * (WebAuthn and canister signatures need CBOR and certificates, which higher modules provide).
 */
public final class UnsupportedSignatureException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  /** An exception saying which algorithm is not supported and why. */
  public UnsupportedSignatureException(String message) {
    super(message);
  }
}
