package org.jicp.consensus.certification;

import java.util.Objects;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.types.ports.Certification;

/**
 * Checking a subnet's {@link Certification} against the subnet's public key, as a receiving
 * subnet checks the certification of a stream slice and as an agent checks a certificate: the
 * signature must verify, with the IC's threshold scheme ({@code
 * BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_}, min-sig), over {@code "\x0Dic-state-root" ‖
 * rootHash}.
 */
public final class Certifications {
  private Certifications() {}

  /** Whether {@code c}'s signature verifies under {@code subnetPublicKey}; bytes that do not decode do not verify. */
  public static boolean verify(Certification c, PublicKey subnetPublicKey) {
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(subnetPublicKey, "subnetPublicKey");
    Signature sig;
    try {
      sig = BlsScheme.IC.signatureFromBytes(c.signature().toByteArray());
    } catch (CryptoException e) {
      return false;
    }
    return BlsScheme.IC.verify(subnetPublicKey, CertificationMessage.signedBytes(c.rootHash()), sig);
  }
}
