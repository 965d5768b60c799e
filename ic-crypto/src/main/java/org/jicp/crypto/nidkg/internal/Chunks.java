package org.jicp.crypto.nidkg.internal;

import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * A 32-byte share as 16 big-endian chunks of 16 bits ({@code chunking.rs}), and the inverse:
 * {@code Σ m_j · 2^{16(15 − j)}}, for scalars and for points.
 */
public final class Chunks {
  private Chunks() {}

  private static final Scalar RADIX = Scalar.fromLong(Params.CHUNK_SIZE);

  /** The 16 chunks of a scalar, most significant first. */
  public static int[] of(Scalar s) {
    byte[] b = s.toBytes();
    int[] m = new int[Params.NUM_CHUNKS];
    for (int j = 0; j < Params.NUM_CHUNKS; j++) {
      m[j] = (b[2 * j] & 0xff) << 8 | (b[2 * j + 1] & 0xff);
    }
    return m;
  }

  /** {@code Σ m_j 2^{16(15−j)} mod r} for chunk values as scalars (which may exceed 16 bits). */
  public static Scalar recombine(Scalar[] chunks) {
    Scalar acc = Scalar.ZERO;
    for (Scalar m : chunks) {
      acc = acc.multiply(RADIX).add(m);
    }
    return acc;
  }

  /** {@code Σ P_j 2^{16(15−j)}} (Horner with 16 doublings per step). */
  public static G1Point recombine(java.util.List<G1Point> points) {
    G1Point acc = G1Point.identity();
    for (G1Point p : points) {
      for (int i = 0; i < Params.CHUNK_BITS; i++) {
        acc = acc.twice();
      }
      acc = acc.add(p);
    }
    return acc;
  }
}
