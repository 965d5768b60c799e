package org.jicp.crypto.nidkg;

import java.util.Objects;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * A proof of possession of a forward-secure encryption key ({@code encryption_key_pop.rs}): a
 * Chaum–Pedersen proof that {@code y = g1^x} and {@code popKey = base^x} share the exponent, where
 * {@code base} is a hash to G1 of the key and the associated data (the IC uses the node id).
 *
 * @param popKey {@code base^x}
 * @param challenge the Fiat–Shamir challenge
 * @param response {@code challenge · x + k}
 */
public record EncryptionKeyPop(G1Point popKey, Scalar challenge, Scalar response) {
  /** Validates the components. */
  public EncryptionKeyPop {
    Objects.requireNonNull(popKey, "popKey");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(response, "response");
  }
}
