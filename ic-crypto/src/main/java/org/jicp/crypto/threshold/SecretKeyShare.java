package org.jicp.crypto.threshold;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * Node {@code index}'s share {@code p(index + 1)} of a threshold secret key: a secret. It has no
 * value-based {@code equals}, never prints its value, compares in constant time ({@link
 * #constantTimeEquals}) and can be destroyed (the reference to the scalar is dropped; the JVM
 * cannot promise that no copy of the value survives in memory).
 */
public final class SecretKeyShare implements Destroyable {
  private final int index;
  private Scalar value;

  /**
   * @param index the node index (0-based; the share is the polynomial at {@code index + 1})
   * @param value the share
   */
  public SecretKeyShare(int index, Scalar value) {
    if (index < 0) {
      throw new IllegalArgumentException("node index must not be negative: " + index);
    }
    this.index = index;
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The node index. */
  public int index() {
    return index;
  }

  /**
   * The secret scalar. Handle with care: it is the signing key.
   *
   * @throws IllegalStateException if the share was destroyed
   */
  public Scalar value() {
    if (value == null) {
      throw new IllegalStateException("the key share was destroyed");
    }
    return value;
  }

  /** The individual public key {@code g2^share} (constant-time multiplication). */
  public PublicKey publicKey() {
    return BlsScheme.IC.publicKeyFromPoint(G2Point.generator().multiply(value()));
  }

  /** Whether both shares have the same index and value, in time independent of the values. */
  public boolean constantTimeEquals(SecretKeyShare other) {
    return index == other.index & value().equals(other.value());
  }

  @Override
  public void destroy() {
    value = null;
  }

  @Override
  public boolean isDestroyed() {
    return value == null;
  }

  /** The index only: the value is never printed. */
  @Override
  public String toString() {
    return "SecretKeyShare(index=" + index + ", ***)";
  }
}
