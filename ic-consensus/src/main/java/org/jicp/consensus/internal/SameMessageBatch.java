package org.jicp.consensus.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.PairingProduct;
import org.jicp.crypto.bls12381.Scalar;

/**
 * Randomized batch verification of min-sig BLS signatures on one message by different keys —
 * the shape of notarization, finalization, beacon, tape and catch-up shares: with random 64-bit
 * {@code r_i}, {@code e(Σ r_i σ_i, −g2) · e(H(m), Σ r_i pk_i) = 1}, two pairings and one short (64-bit)
 * scalar multiplication per signature in G1 and G2 for the whole batch instead of two pairings per
 * signature. A
 * forged signature passes with probability about 2^-64. When the batch fails it is split in
 * halves until the culprits are single signatures. ({@link BlsScheme#batchVerify} hashes each
 * message and pairs per distinct key, so it gains little when the message is shared.)
 */
public final class SameMessageBatch {
  private static final G2Point NEG_G2 = G2Point.generator().negate();

  private SameMessageBatch() {}

  /**
   * Which of the signatures (null = did not decode) verify on {@code message} under the matching
   * keys (already validated: registry keys or keys derived from public coefficients).
   */
  public static boolean[] verify(BlsScheme scheme, byte[] message, List<PublicKey> keys, List<Signature> sigs, RandomGenerator rng) {
    int n = keys.size();
    boolean[] ok = new boolean[n];
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (sigs.get(i) != null) {
        todo.add(i);
      }
    }
    if (todo.isEmpty()) {
      return ok;
    }
    G1Point h = (G1Point) scheme.hashToPoint(message);
    check(scheme, message, h, keys, sigs, todo, ok, rng);
    return ok;
  }

  private static void check(
      BlsScheme scheme, byte[] message, G1Point h, List<PublicKey> keys, List<Signature> sigs, List<Integer> idx, boolean[] ok, RandomGenerator rng) {
    if (idx.size() == 1) {
      int i = idx.get(0);
      ok[i] = scheme.verify(keys.get(i), message, sigs.get(i));
      return;
    }
    G1Point sigSum = null;
    G2Point keySum = null;
    for (int i : idx) {
      long r;
      do {
        r = rng.nextLong();
      } while (r == 0);
      // 64-bit public scalars: variable-time windowed multiplication is about twice as fast as a
      // Pippenger multi-scalar multiplication over a dozen points, which walks all 255 bits.
      Scalar s = Scalar.fromBigInteger(new BigInteger(Long.toUnsignedString(r)));
      G1Point a = sigs.get(i).g1().multiplyVartime(s);
      G2Point b = keys.get(i).g2().multiplyVartime(s);
      sigSum = sigSum == null ? a : sigSum.add(a);
      keySum = keySum == null ? b : keySum.add(b);
    }
    PairingProduct pp = new PairingProduct();
    pp.add(sigSum, NEG_G2);
    pp.add(h, keySum);
    if (pp.isOne()) {
      for (int i : idx) {
        ok[i] = true;
      }
      return;
    }
    int mid = idx.size() / 2;
    check(scheme, message, h, keys, sigs, idx.subList(0, mid), ok, rng);
    check(scheme, message, h, keys, sigs, idx.subList(mid, idx.size()), ok, rng);
  }
}
