package org.jicp.crypto.nidkg;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.internal.Params;

/**
 * The proof of chunking ({@code ZKProofDec}, Groth 2021 section 6.5, {@code nizk_chunking.rs}):
 * every encrypted chunk is small enough for its receiver to find by a bounded discrete logarithm.
 * 32 parallel repetitions with 8-bit challenges.
 *
 * @param y0 {@code y_0}, a random G1 point
 * @param b {@code B_k = g1^{β_k}}, 32 points
 * @param c {@code C_k = y_0^{β_k} g1^{σ_k}}, 32 points
 * @param d {@code D_i = g1^{δ_i}}, n + 1 points
 * @param y {@code Y = Π y_i^{δ_i}} (with {@code y_0} at i = 0)
 * @param zR {@code z_r}, n scalars
 * @param zS {@code z_s}, 32 scalars, each below Z
 * @param zBeta {@code z_β}
 */
public record ChunkingProof(
    G1Point y0, List<G1Point> b, List<G1Point> c, List<G1Point> d, G1Point y, List<Scalar> zR, List<Scalar> zS, Scalar zBeta) {
  /** Validates the shape and copies the components. */
  public ChunkingProof {
    Objects.requireNonNull(y0, "y0");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(zBeta, "zBeta");
    b = sized("b", b, Params.NUM_ZK_REPETITIONS);
    c = sized("c", c, Params.NUM_ZK_REPETITIONS);
    zS = sized("z_s", zS, Params.NUM_ZK_REPETITIONS);
    zR = List.copyOf(Objects.requireNonNull(zR, "zR"));
    if (zR.isEmpty()) {
      throw new IllegalArgumentException("z_r has at least one scalar");
    }
    d = sized("d", d, zR.size() + 1);
  }

  private static <T> List<T> sized(String what, List<T> v, int n) {
    Objects.requireNonNull(v, what);
    if (v.size() != n) {
      throw new IllegalArgumentException(what + " has " + v.size() + " elements, expected " + n);
    }
    return List.copyOf(v);
  }

  /** The number of receivers the proof is for. */
  public int receivers() {
    return zR.size();
  }
}
