package org.jicp.crypto.bls12381;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Parallelism;

/**
 * A product of pairings prod e(p_i, q_i), built pair by pair and evaluated with one multi-Miller
 * loop (shared squarings) and one final exponentiation. G2 points may be plain or {@link
 * G2Prepared}; pairs that contain an identity point contribute one. Not thread-safe (build it on
 * one thread); {@link #isOne(Parallelism)} spreads the Miller loop over several.
 *
 * <pre>{@code
 * boolean ok = new PairingProduct().add(sig, G2Prepared.of(g2.negate())).add(h, pk).isOne();
 * }</pre>
 */
public final class PairingProduct {
  private final List<long[]> g1 = new ArrayList<>();
  private final List<Object> g2 = new ArrayList<>();

  /** Multiplies in e(p, q). */
  public PairingProduct add(G1Point p, G2Point q) {
    g1.add(Objects.requireNonNull(p, "p").p);
    g2.add(Objects.requireNonNull(q, "q").p);
    return this;
  }

  /** Multiplies in e(p, q) for a prepared q. */
  public PairingProduct add(G1Point p, G2Prepared q) {
    g1.add(Objects.requireNonNull(p, "p").p);
    g2.add(Objects.requireNonNull(q, "q"));
    return this;
  }

  /** The number of pairs added. */
  public int size() {
    return g1.size();
  }

  private long[] millerLoop() {
    return millerLoop(0, g1.size());
  }

  /** The Miller loop over the pairs [from, to). */
  private long[] millerLoop(int from, int to) {
    Pairing.PairBuilder b = new Pairing.PairBuilder(to - from);
    for (int i = from; i < to; i++) {
      Object q = g2.get(i);
      if (q instanceof G2Prepared prepared) {
        b.add(g1.get(i), prepared);
      } else {
        b.add(g1.get(i), (long[]) q);
      }
    }
    return b.millerLoop();
  }

  /**
   * The Miller loop split into contiguous groups of pairs, one per part of {@code parallelism},
   * and the groups' values multiplied: the product of Miller loops is the Miller loop of the
   * union (the squarings distribute over the product), so the value is the sequential one.
   */
  private long[] millerLoop(Parallelism parallelism) {
    List<long[]> parts = parallelism.runRanges(g1.size(), this::millerLoop);
    if (parts.isEmpty()) {
      return millerLoop();
    }
    long[] f = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      Fp12Ops.mul(f, 0, f, 0, parts.get(i), 0);
    }
    return f;
  }

  /** Whether the product is one (the form every pairing-based verification takes). */
  public boolean isOne() {
    return Fp12Ops.isOne(Pairing.finalExp(millerLoop()), 0);
  }

  /**
   * {@link #isOne()} with the Miller loop split over {@code parallelism} (the final
   * exponentiation stays on the calling thread); the same answer.
   */
  public boolean isOne(Parallelism parallelism) {
    return Fp12Ops.isOne(Pairing.finalExp(millerLoop(Objects.requireNonNull(parallelism, "parallelism"))), 0);
  }

  /** The product as an element of GT. */
  public Gt value() {
    return new Gt(Pairing.finalExp(millerLoop()));
  }

  /** {@link #value()} with the Miller loop split over {@code parallelism}; the same value. */
  public Gt value(Parallelism parallelism) {
    return new Gt(Pairing.finalExp(millerLoop(Objects.requireNonNull(parallelism, "parallelism"))));
  }
}
