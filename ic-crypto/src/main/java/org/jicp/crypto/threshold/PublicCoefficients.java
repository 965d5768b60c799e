package org.jicp.crypto.threshold;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * Feldman commitments to a sharing polynomial {@code p(x) = a_0 + a_1 x + … + a_{t-1} x^{t-1}}:
 * {@code A_k = g2^{a_k}} in G2, the IC's min-sig layout. The threshold is the number of
 * coefficients; the group public key is {@code A_0 = g2^{p(0)}}; node {@code i}'s individual
 * public key is the commitment evaluated at {@code x = i + 1}, {@code Π A_k^{(i+1)^k} =
 * g2^{p(i+1)}}.
 *
 * @param coefficients {@code A_0 … A_{t-1}}, at least one
 */
public record PublicCoefficients(List<G2Point> coefficients) {
  /** Validates and copies the components. */
  public PublicCoefficients {
    Objects.requireNonNull(coefficients, "coefficients");
    coefficients = List.copyOf(coefficients);
    if (coefficients.isEmpty()) {
      throw new IllegalArgumentException("public coefficients need at least one point");
    }
  }

  /** The threshold t: the number of coefficients, the number of shares that can sign. */
  public int threshold() {
    return coefficients.size();
  }

  /** A_0, the group public key as a point. */
  public G2Point groupKeyPoint() {
    return coefficients.get(0);
  }

  /** The group public key as an IC (min-sig) BLS public key: combined signatures verify under it. */
  public PublicKey groupPublicKey() {
    return BlsScheme.IC.publicKeyFromPoint(coefficients.get(0));
  }

  /**
   * Node {@code index}'s individual public key, {@code g2^{p(index+1)}}: its signature shares
   * verify under it (Horner's rule over the public coefficients).
   *
   * @throws IllegalArgumentException if the index is negative
   */
  public PublicKey individualPublicKey(int index) {
    return BlsScheme.IC.publicKeyFromPoint(evaluate(index));
  }

  /** The commitment polynomial evaluated at {@code x = index + 1}. */
  public G2Point evaluate(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("node index must not be negative: " + index);
    }
    Scalar x = Scalar.fromLong(index + 1L);
    G2Point acc = G2Point.identity();
    for (int k = coefficients.size() - 1; k >= 0; k--) {
      acc = acc.multiplyVartime(x).add(coefficients.get(k));
    }
    return acc;
  }

  /**
   * Checks that these coefficients have the threshold {@code t}.
   *
   * @throws ThresholdMismatchException naming {@code what} otherwise
   */
  public PublicCoefficients requireThreshold(String what, int t) {
    if (coefficients.size() != t) {
      throw new ThresholdMismatchException(what, t, coefficients.size());
    }
    return this;
  }
}
