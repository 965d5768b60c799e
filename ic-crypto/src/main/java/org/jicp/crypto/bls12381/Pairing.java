package org.jicp.crypto.bls12381;

import java.util.List;
import java.util.Objects;

/**
 * The optimal ate pairing e: G1 x G2 -> GT of BLS12-381, and products of pairings with one shared
 * Miller loop and a single final exponentiation.
 *
 * <p>The final exponentiation raises to 3 (p^12 - 1) / r (the hard part follows Hayashida,
 * Hayasaka and Teruya, ePrint 2020/875); the pairing is therefore the cube of the one of libraries
 * that raise to (p^12 - 1) / r: still bilinear and non-degenerate, and every check of the form
 * "product of pairings equals one" gives the same answer.
 */
public final class Pairing {
  private Pairing() {}

  /** e(p, q). */
  public static Gt pairing(G1Point p, G2Point q) {
    return new Gt(finalExp(millerLoop(List.of(p), null, List.of(q))));
  }

  /** The product of e(p_i, q_i). */
  public static Gt multiPairing(List<G1Point> ps, List<G2Point> qs) {
    return new Gt(finalExp(millerLoop(ps, null, qs)));
  }

  /**
   * Whether the product of e(p_i, q_i) is one: one Miller loop over all pairs and one final
   * exponentiation. Pairs with an identity point contribute one.
   */
  public static boolean pairingCheck(List<G1Point> ps, List<G2Point> qs) {
    return Fp12Ops.isOne(finalExp(millerLoop(ps, null, qs)), 0);
  }

  /** {@link #pairingCheck} with prepared G2 points. */
  public static boolean pairingCheckPrepared(List<G1Point> ps, List<G2Prepared> qs) {
    return Fp12Ops.isOne(finalExp(millerLoop(ps, qs, null)), 0);
  }

  static long[] finalExp(long[] f) {
    long[] r = new long[Fp12Ops.N];
    Fp12Ops.finalExponentiation(r, 0, f, 0, true);
    return r;
  }

  /**
   * The Miller loop over the pairs (p_i, q_i), skipping pairs with an identity point; q_i from
   * {@code prepared} if given, else from {@code plain}.
   */
  static long[] millerLoop(List<G1Point> ps, List<G2Prepared> prepared, List<G2Point> plain) {
    Objects.requireNonNull(ps, "ps");
    int n = ps.size();
    int m = prepared != null ? prepared.size() : plain.size();
    if (n != m) {
      throw new IllegalArgumentException("pairing needs as many G1 as G2 points: " + n + " and " + m);
    }
    PairBuilder b = new PairBuilder(n);
    for (int i = 0; i < n; i++) {
      if (prepared != null) {
        b.add(ps.get(i).p, prepared.get(i));
      } else {
        b.add(ps.get(i).p, plain.get(i).p);
      }
    }
    return b.millerLoop();
  }

  /** Collects pairs (G1 projective, G2 projective or prepared) for one Miller loop. */
  static final class PairBuilder {
    private final long[][] g1;
    private final long[][] lines;
    private final long[][] g2;
    private int k;

    PairBuilder(int capacity) {
      g1 = new long[capacity][];
      lines = new long[capacity][];
      g2 = new long[capacity][];
    }

    /** Adds the pair (p, q) for projective p in G1 and q in G2; identities are skipped. */
    void add(long[] p, long[] q) {
      if (Curve.G1.isIdentity(p, 0) || Curve.G2.isIdentity(q, 0)) {
        return;
      }
      g1[k] = p;
      g2[k] = q;
      k++;
    }

    /** Adds the pair (p, q) for a prepared q. */
    void add(long[] p, G2Prepared q) {
      if (Curve.G1.isIdentity(p, 0) || q.lines == null) {
        return;
      }
      g1[k] = p;
      lines[k] = q.lines;
      k++;
    }

    /**
     * Runs the Miller loop after converting every point to affine coordinates with a single field
     * inversion (Montgomery's trick over the G1 Z coordinates and the norms of the G2 ones).
     */
    long[] millerLoop() {
      final int n = FpOps.N;
      final int e = Fp2Ops.N;
      int count = 0;
      for (int i = 0; i < k; i++) {
        count += g2[i] != null ? 2 : 1;
      }
      long[] vals = new long[count * n];
      int c = 0;
      long[][] norms = new long[k][];
      for (int i = 0; i < k; i++) {
        FpOps.copy(vals, c++ * n, g1[i], 2 * n);
        if (g2[i] != null) {
          Fp2Ops.norm(vals, c++ * n, g2[i], 2 * e);
        }
      }
      batchInvert(vals, count);
      long[][] pa = new long[k][];
      long[][] qa = new long[k][];
      c = 0;
      for (int i = 0; i < k; i++) {
        long[] a = new long[2 * n];
        FpArith.mul(a, 0, g1[i], 0, vals, c * n);
        FpArith.mul(a, n, g1[i], n, vals, c * n);
        c++;
        pa[i] = a;
        if (g2[i] != null) {
          // 1 / z = conj(z) / norm(z)
          long[] zinv = new long[e];
          Fp2Ops.conj(zinv, 0, g2[i], 2 * e);
          Fp2Ops.mulFp(zinv, 0, zinv, 0, vals, c * n);
          c++;
          long[] b = new long[2 * e];
          Fp2Ops.mul(b, 0, g2[i], 0, zinv, 0);
          Fp2Ops.mul(b, e, g2[i], e, zinv, 0);
          qa[i] = b;
        }
      }
      return Miller.loop(pa, java.util.Arrays.copyOf(lines, k), qa);
    }
  }

  /** Replaces each of the m Fp elements in v (all non-zero) by its inverse: one inversion. */
  static void batchInvert(long[] v, int m) {
    final int n = FpOps.N;
    if (m == 0) {
      return;
    }
    long[] prefix = new long[m * n];
    FpOps.copy(prefix, 0, v, 0);
    for (int i = 1; i < m; i++) {
      FpArith.mul(prefix, i * n, prefix, (i - 1) * n, v, i * n);
    }
    long[] inv = new long[n];
    FpOps.invVartime(inv, 0, prefix, (m - 1) * n);
    long[] t = new long[n];
    for (int i = m - 1; i > 0; i--) {
      FpArith.mul(t, 0, inv, 0, prefix, (i - 1) * n); // 1 / v_i
      FpArith.mul(inv, 0, inv, 0, v, i * n); // 1 / (v_0 ... v_{i-1})
      FpOps.copy(v, i * n, t, 0);
    }
    FpOps.copy(v, 0, inv, 0);
  }
}
