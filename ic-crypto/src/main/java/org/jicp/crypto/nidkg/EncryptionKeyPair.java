package org.jicp.crypto.nidkg;

import java.util.Objects;

/**
 * A receiver's forward-secure encryption key pair ({@code FsEncryptionKeySetWithPop}).
 *
 * @param publicKey the public key with its proof of possession (publish it)
 * @param secretKey the decryption key (keep it; update it as epochs pass)
 */
public record EncryptionKeyPair(EncryptionPublicKey publicKey, EncryptionSecretKey secretKey) {
  /** Validates the components. */
  public EncryptionKeyPair {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(secretKey, "secretKey");
  }
}
