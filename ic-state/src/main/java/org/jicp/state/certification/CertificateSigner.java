package org.jicp.state.certification;

import org.jicp.crypto.Bytes;

/**
 * Signs the state-root message of a certificate with a subnet's threshold key (in a replica: the
 * combined threshold signature; in a test or single-node instance: a plain BLS secret key).
 */
public interface CertificateSigner {
  /** The public key that verifies this signer's signatures. */
  ThresholdPublicKey publicKey();

  /** The 48-byte signature of {@code message}. */
  Bytes sign(Bytes message);
}
