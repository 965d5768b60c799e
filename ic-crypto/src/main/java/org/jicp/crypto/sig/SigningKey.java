package org.jicp.crypto.sig;

import javax.security.auth.Destroyable;

/**
 * A secret key of one of the IC's basic signature schemes. Implementations never show the secret
 * in {@code toString()}; {@link #destroy()} overwrites it, after which signing throws.
 */
public sealed interface SigningKey extends Destroyable permits Ed25519SigningKey, EcdsaSigningKey {
  /** The algorithm of this key. */
  SignatureAlgorithm algorithm();

  /** The public key (its DER form is what the IC calls {@code sender_pubkey}). */
  UserPublicKey publicKey();

  /**
   * Signs {@code message} (the whole message: ECDSA hashes it with SHA-256, Ed25519 signs it as
   * is). Deterministic for both schemes (RFC 8032; RFC 6979 for ECDSA).
   *
   * @throws IllegalStateException if the key was destroyed
   */
  byte[] sign(byte[] message);
}
