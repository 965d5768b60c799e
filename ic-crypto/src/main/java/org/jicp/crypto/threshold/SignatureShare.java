package org.jicp.crypto.threshold;

import java.util.Objects;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls.Variant;

/**
 * Node {@code index}'s signature share: an IC (min-sig, G1) BLS signature under the node's
 * individual public key.
 *
 * @param index the signer's node index (0-based)
 * @param signature the share, a 48-byte G1 signature
 */
public record SignatureShare(int index, Signature signature) {
  /** Validates the components. */
  public SignatureShare {
    if (index < 0) {
      throw new IllegalArgumentException("node index must not be negative: " + index);
    }
    Objects.requireNonNull(signature, "signature");
    if (signature.variant() != Variant.MIN_SIG) {
      throw new IllegalArgumentException("a threshold signature share is a min-sig (G1) signature");
    }
  }
}
