package org.jicp.state.certification;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.SecretKey;

/**
 * Signs certificates with a single BLS secret key ({@code BlsScheme.IC}): the signer of a
 * single-node subnet, a test network or a local development replica. (A multi-node subnet signs
 * with a threshold key whose shares are combined by consensus.)
 */
public final class BlsCertificateSigner implements CertificateSigner {
  private final SecretKey secretKey;
  private final ThresholdPublicKey publicKey;

  /** A signer with {@code secretKey}. */
  public BlsCertificateSigner(SecretKey secretKey) {
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    this.publicKey = new ThresholdPublicKey(
        Bytes.of(BlsScheme.IC.publicKey(secretKey).toBytes()));
  }

  @Override
  public ThresholdPublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Bytes sign(Bytes message) {
    return Bytes.of(BlsScheme.IC.sign(secretKey, message.toByteArray()).toBytes());
  }

  @Override
  public String toString() {
    return "BlsCertificateSigner(" + publicKey.raw().toHex() + ")";
  }
}
