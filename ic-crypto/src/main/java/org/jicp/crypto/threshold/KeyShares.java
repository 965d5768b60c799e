package org.jicp.crypto.threshold;

import java.util.List;
import java.util.Objects;

/**
 * A sharing of a threshold key made by one dealer: the public coefficients and node {@code i}'s
 * secret share at position {@code i}. Holds secrets; its {@code toString} prints none.
 *
 * @param publicCoefficients the commitments (group key and threshold)
 * @param shares the secret shares, node {@code i}'s at index {@code i}
 */
public record KeyShares(PublicCoefficients publicCoefficients, List<SecretKeyShare> shares) {
  /** Validates and copies the components. */
  public KeyShares {
    Objects.requireNonNull(publicCoefficients, "publicCoefficients");
    shares = List.copyOf(shares);
    for (int i = 0; i < shares.size(); i++) {
      if (shares.get(i).index() != i) {
        throw new IllegalArgumentException("share at position " + i + " has index " + shares.get(i).index());
      }
    }
    if (publicCoefficients.threshold() > shares.size()) {
      throw new IllegalArgumentException(
          "threshold " + publicCoefficients.threshold() + " exceeds the " + shares.size() + " shares");
    }
  }

  /** The number of nodes. */
  public int n() {
    return shares.size();
  }
}
