package org.jicp.crypto.threshold;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jicp.crypto.bls12381.Scalar;

/**
 * Lagrange interpolation at zero over node indices, as the IC evaluates shares: node {@code i}
 * (0-based) sits at {@code x = i + 1}, so that {@code x} is never 0.
 *
 * <p>For distinct {@code x_1..x_k} the coefficient of node {@code i} is {@code λ_i = Π_{j≠i} x_j
 * / (x_j − x_i)}, so that {@code p(0) = Σ λ_i p(x_i)} for every polynomial of degree below k. The
 * indices are public; one field inversion serves all coefficients (Montgomery's trick).
 */
public final class Lagrange {
  private Lagrange() {}

  /**
   * The coefficients λ_i at zero for the given node indices, in the same order.
   *
   * @throws DuplicateIndexException if an index repeats
   * @throws IllegalArgumentException if an index is negative or the list is empty
   */
  public static List<Scalar> coefficientsAtZero(List<Integer> indices) {
    Objects.requireNonNull(indices, "indices");
    int k = indices.size();
    if (k == 0) {
      throw new IllegalArgumentException("interpolation needs at least one point");
    }
    Set<Integer> seen = new HashSet<>();
    Scalar[] x = new Scalar[k];
    for (int i = 0; i < k; i++) {
      int index = indices.get(i);
      if (index < 0) {
        throw new IllegalArgumentException("node index must not be negative: " + index);
      }
      if (!seen.add(index)) {
        throw new DuplicateIndexException(index);
      }
      x[i] = Scalar.fromLong(index + 1L);
    }
    Scalar numerator = Scalar.ONE;
    for (Scalar xi : x) {
      numerator = numerator.multiply(xi);
    }
    // denominator_i = x_i * prod_{j != i} (x_j - x_i)
    Scalar[] den = new Scalar[k];
    for (int i = 0; i < k; i++) {
      Scalar d = x[i];
      for (int j = 0; j < k; j++) {
        if (j != i) {
          d = d.multiply(x[j].subtract(x[i]));
        }
      }
      den[i] = d;
    }
    Scalar[] inv = batchInvert(den);
    List<Scalar> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(numerator.multiply(inv[i]));
    }
    return out;
  }

  /** Inverts every (non-zero) element with one field inversion. */
  static Scalar[] batchInvert(Scalar[] v) {
    int k = v.length;
    Scalar[] prefix = new Scalar[k];
    Scalar acc = Scalar.ONE;
    for (int i = 0; i < k; i++) {
      prefix[i] = acc;
      acc = acc.multiply(v[i]);
    }
    Scalar inv = acc.invert();
    Scalar[] out = new Scalar[k];
    for (int i = k - 1; i >= 0; i--) {
      out[i] = inv.multiply(prefix[i]);
      inv = inv.multiply(v[i]);
    }
    return out;
  }
}
