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
    return new Gt(finalExp(millerLoop(List.of(p), List.of(G2Prepared.of(q)), null)));
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
      long[] qa = new long[2 * Fp2Ops.N];
      Curve.G2.toAffine(qa, 0, q, 0, true);
      addAffine(p, null, qa);
    }

    /** Adds the pair (p, q) for a prepared q. */
    void add(long[] p, G2Prepared q) {
      if (Curve.G1.isIdentity(p, 0) || q.lines == null) {
        return;
      }
      addAffine(p, q.lines, null);
    }

    private void addAffine(long[] p, long[] qLines, long[] qAffine) {
      long[] pa = new long[2 * FpOps.N];
      Curve.G1.toAffine(pa, 0, p, 0, true);
      g1[k] = pa;
      lines[k] = qLines;
      g2[k] = qAffine;
      k++;
    }

    long[] millerLoop() {
      return Miller.loop(
          java.util.Arrays.copyOf(g1, k), java.util.Arrays.copyOf(lines, k), java.util.Arrays.copyOf(g2, k));
    }

  }
}
