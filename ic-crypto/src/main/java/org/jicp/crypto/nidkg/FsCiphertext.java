package org.jicp.crypto.nidkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.nidkg.internal.Params;

/**
 * One forward-secure chunked ElGamal ciphertext for all receivers of a dealing ({@code
 * FsEncryptionCiphertext}, the (C, R, S, Z) tuple of Groth 2021 section 5.2): per chunk j (16 of
 * them), {@code R_j = g1^{r_j}}, {@code S_j = g1^{s_j}}, {@code Z_j = f(τ_ext)^{r_j} h^{s_j}}; per
 * receiver i and chunk j, {@code C_ij = y_i^{r_j} g1^{m_ij}} with {@code m_ij} chunk j (big-endian)
 * of receiver i's share.
 *
 * @param chunks {@code C_ij}: one list of 16 points per receiver
 * @param randR {@code R_j}, 16 points
 * @param randS {@code S_j}, 16 points
 * @param randZ {@code Z_j}, 16 points of G2
 */
public record FsCiphertext(List<List<G1Point>> chunks, List<G1Point> randR, List<G1Point> randS, List<G2Point> randZ) {
  /** Validates the shape (16 chunks everywhere, at least one receiver) and copies the components. */
  public FsCiphertext {
    Objects.requireNonNull(chunks, "chunks");
    randR = exactly("rand_r", randR);
    randS = exactly("rand_s", randS);
    randZ = exactly("rand_z", randZ);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a ciphertext has at least one receiver");
    }
    List<List<G1Point>> copy = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      copy.add(exactly("ciphertext_chunks[" + i + "]", chunks.get(i)));
    }
    chunks = List.copyOf(copy);
  }

  private static <T> List<T> exactly(String what, List<T> points) {
    Objects.requireNonNull(points, what);
    if (points.size() != Params.NUM_CHUNKS) {
      throw new IllegalArgumentException(what + " has " + points.size() + " points, expected " + Params.NUM_CHUNKS);
    }
    return List.copyOf(points);
  }

  /** The number of receivers. */
  public int receivers() {
    return chunks.size();
  }
}
