package org.jicp.consensus.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jicp.crypto.Parallelism;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;

/**
 * Randomized batch verification of min-sig BLS signatures on one message by different keys —
 * the shape of notarization, finalization, beacon, tape and catch-up shares — with culprit
 * search: {@link BlsScheme#batchVerify} checks {@code e(Σ r_i σ_i, −g2) · e(H(m), Σ r_i pk_i) = 1}
 * with random 64-bit {@code r_i} (one hash, two pairings and two short multi-scalar
 * multiplications for the whole batch; a forged signature passes with probability about 2^-64).
 * When the batch fails it is split in halves until the culprits are single signatures. Each check
 * may spread its hashing, multi-scalar multiplications and Miller loops over a {@link Parallelism}
 * (same verdicts: the coefficients are drawn on the calling thread).
 */
public final class SameMessageBatch {
  private SameMessageBatch() {}

  /**
   * Which of the signatures (null = did not decode) verify on {@code message} under the matching
   * keys (already validated: registry keys or keys derived from public coefficients).
   */
  public static boolean[] verify(BlsScheme scheme, byte[] message, List<PublicKey> keys, List<Signature> sigs, RandomGenerator rng) {
    return verify(scheme, message, keys, sigs, rng, Parallelism.sequential());
  }

  /** {@link #verify(BlsScheme, byte[], List, List, RandomGenerator)} with each check split over {@code parallelism}. */
  public static boolean[] verify(
      BlsScheme scheme, byte[] message, List<PublicKey> keys, List<Signature> sigs, RandomGenerator rng, Parallelism parallelism) {
    int n = keys.size();
    boolean[] ok = new boolean[n];
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (sigs.get(i) != null) {
        todo.add(i);
      }
    }
    if (!todo.isEmpty()) {
      check(scheme, message, keys, sigs, todo, ok, rng, parallelism);
    }
    return ok;
  }

  private static void check(
      BlsScheme scheme,
      byte[] message,
      List<PublicKey> keys,
      List<Signature> sigs,
      List<Integer> idx,
      boolean[] ok,
      RandomGenerator rng,
      Parallelism parallelism) {
    if (idx.size() == 1) {
      int i = idx.get(0);
      ok[i] = scheme.verify(keys.get(i), message, sigs.get(i), parallelism);
      return;
    }
    List<PublicKey> ks = new ArrayList<>(idx.size());
    List<Signature> ss = new ArrayList<>(idx.size());
    for (int i : idx) {
      ks.add(keys.get(i));
      ss.add(sigs.get(i));
    }
    if (scheme.batchVerify(ks, Collections.nCopies(idx.size(), message), ss, rng, parallelism)) {
      for (int i : idx) {
        ok[i] = true;
      }
      return;
    }
    int mid = idx.size() / 2;
    check(scheme, message, keys, sigs, idx.subList(0, mid), ok, rng, parallelism);
    check(scheme, message, keys, sigs, idx.subList(mid, idx.size()), ok, rng, parallelism);
  }
}
