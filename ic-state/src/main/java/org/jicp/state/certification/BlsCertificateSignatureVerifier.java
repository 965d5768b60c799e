package org.jicp.state.certification;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;

/**
 * The IC's certificate signature verification on ic-crypto: {@code BlsScheme.IC}, ciphersuite
 * {@code BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_}. Keys and signatures that do not decode
 * (not on the curve, not in the subgroup, wrong length) verify as {@code false}. Thread-safe.
 */
public final class BlsCertificateSignatureVerifier implements CertificateSignatureVerifier {
  static final BlsCertificateSignatureVerifier INSTANCE = new BlsCertificateSignatureVerifier();

  private BlsCertificateSignatureVerifier() {}

  /** The shared instance. */
  public static BlsCertificateSignatureVerifier instance() {
    return INSTANCE;
  }

  @Override
  public boolean verify(ThresholdPublicKey publicKey, Bytes message, Bytes signature) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (signature.length() != 48) {
      return false;
    }
    PublicKey pk;
    Signature sig;
    try {
      pk = BlsScheme.IC.publicKeyFromBytes(publicKey.raw().toByteArray());
      sig = BlsScheme.IC.signatureFromBytes(signature.toByteArray());
    } catch (CryptoException e) {
      return false;
    }
    return BlsScheme.IC.verify(pk, message.toByteArray(), sig);
  }
}
