package org.jicp.state.certification;

import org.jicp.crypto.Bytes;

/**
 * Verifies a BLS signature with the IC's certificate ciphersuite {@code
 * BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_} (minimal signature size: the 48-byte signature is
 * a compressed G1 point, the 96-byte key a compressed G2 point).
 *
 * <p>The production implementation is {@link #ic()}, on ic-crypto's BLS signatures; tests of the
 * code around signatures may use a fake.
 */
@FunctionalInterface
public interface CertificateSignatureVerifier {
  /**
   * Whether {@code signature} is a valid signature of {@code message} under {@code publicKey}.
   * Bytes that do not decode as points (wrong length, not on the curve, not in the subgroup) make
   * the signature invalid: the method returns {@code false}, it does not throw.
   */
  boolean verify(ThresholdPublicKey publicKey, Bytes message, Bytes signature);

  /** The real verifier: IC min-sig BLS from ic-crypto ({@link BlsCertificateSignatureVerifier}). */
  static CertificateSignatureVerifier ic() {
    return BlsCertificateSignatureVerifier.INSTANCE;
  }
}
