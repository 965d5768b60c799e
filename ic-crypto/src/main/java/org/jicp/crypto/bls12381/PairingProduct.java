package org.jicp.crypto.bls12381;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A product of pairings prod e(p_i, q_i), built pair by pair and evaluated with one multi-Miller
 * loop (shared squarings) and one final exponentiation. G2 points may be plain or {@link
 * G2Prepared}; pairs that contain an identity point contribute one. Not thread-safe; use once.
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
    Pairing.PairBuilder b = new Pairing.PairBuilder(g1.size());
    for (int i = 0; i < g1.size(); i++) {
      Object q = g2.get(i);
      if (q instanceof G2Prepared prepared) {
        b.add(g1.get(i), prepared);
      } else {
        b.add(g1.get(i), (long[]) q);
      }
    }
    return b.millerLoop();
  }

  /** Whether the product is one (the form every pairing-based verification takes). */
  public boolean isOne() {
    return Fp12Ops.isOne(Pairing.finalExp(millerLoop()), 0);
  }

  /** The product as an element of GT. */
  public Gt value() {
    return new Gt(Pairing.finalExp(millerLoop()));
  }
}
