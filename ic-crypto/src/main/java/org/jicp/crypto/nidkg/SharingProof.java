package org.jicp.crypto.nidkg;

import java.util.Objects;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * The proof of correct sharing ({@code ZKProofShare}, Groth 2021 section 6.4, {@code
 * nizk_sharing.rs}): the encrypted chunks recombine to evaluations of the committed polynomial.
 *
 * @param f {@code F = g1^ρ}
 * @param a {@code A = g2^α}
 * @param y {@code Y = (Π y_i^{x^i})^ρ g1^α}
 * @param zR {@code z_r = r x' + ρ}
 * @param zAlpha {@code z_α = x' Σ s_i x^i + α}
 */
public record SharingProof(G1Point f, G2Point a, G1Point y, Scalar zR, Scalar zAlpha) {
  /** Validates the components. */
  public SharingProof {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(zR, "zR");
    Objects.requireNonNull(zAlpha, "zAlpha");
  }
}
