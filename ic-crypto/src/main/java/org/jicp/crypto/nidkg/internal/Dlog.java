package org.jicp.crypto.nidkg.internal;

import java.security.MessageDigest;
import java.util.Arrays;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Gt;
import org.jicp.crypto.bls12381.Pairing;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.internal.Hashing;

/**
 * Discrete logarithms of decrypted chunks, base {@code g = e(g1, g2)} ({@code dlog_recovery.rs}).
 *
 * <p>Honest chunks lie in {@code [0, 2^16)}: a precomputed table of the 2^16 powers (each kept as
 * a 128-bit hash of its encoding, 1 MiB) is scanned in full for every target, selecting the match
 * without branching, so the time does not depend on the secret chunk. A 128-bit match cannot be
 * forged: a dealer would need a power {@code g^m'} whose hash collides with a table entry.
 *
 * <p>A chunk outside that range can only come from a cheating dealer whose proof of chunking still
 * verified; the proof bounds it by {@code Δ·m ∈ (−Z, Z)} for some {@code Δ ∈ [1, 2^8)}. The fallback
 * searches, for each Δ, the giant steps {@code g^{Δm − 2^16 k}} for k = 0, 1, −1, 2, −2, … against
 * the same table (baby steps [0, 2^16)), so values just outside the honest range are found at once
 * and the worst case (an adversarial Δ·m near ±Z) takes about {@code 2^8 · 2Z / 2^16} group
 * operations — hours for a large subnet, as in the IC. It is not constant time; it only runs for
 * a dishonest dealer and reveals only what that dealer sent.
 */
public final class Dlog {
  private Dlog() {}

  /** The base {@code e(g1, g2)} (in jicp's GT representation; see {@link Gt}). */
  public static Gt base() {
    return Table.INSTANCE.base;
  }

  private static final class Table {
    static final Table INSTANCE = new Table();

    final Gt base;
    final long[] hi = new long[Params.CHUNK_SIZE];
    final long[] lo = new long[Params.CHUNK_SIZE];
    /** g^{-2^16}, the giant step. */
    final Gt giantStep;
    private volatile long[][] sorted;

    Table() {
      base = Pairing.pairing(G1Point.generator(), G2Point.generator());
      Gt acc = Gt.one();
      long[] k = new long[2];
      for (int i = 0; i < Params.CHUNK_SIZE; i++) {
        key(acc, k);
        hi[i] = k[0];
        lo[i] = k[1];
        acc = acc.multiply(base);
      }
      giantStep = acc.invert();
    }

    /** Keys sorted by (hi, lo), with the exponent: for the fallback's lookups. */
    long[][] sorted() {
      long[][] s = sorted;
      if (s == null) {
        Integer[] order = new Integer[Params.CHUNK_SIZE];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(
            order,
            (a, b) -> hi[a] != hi[b] ? Long.compare(hi[a], hi[b]) : Long.compare(lo[a], lo[b]));
        s = new long[3][Params.CHUNK_SIZE];
        for (int i = 0; i < order.length; i++) {
          s[0][i] = hi[order[i]];
          s[1][i] = lo[order[i]];
          s[2][i] = order[i];
        }
        sorted = s;
      }
      return s;
    }

    /** The exponent in [0, 2^16) whose power has this key, or −1 (variable time). */
    int lookup(long h, long l) {
      long[][] s = sorted();
      int lowIdx = 0;
      int highIdx = Params.CHUNK_SIZE - 1;
      while (lowIdx <= highIdx) {
        int mid = (lowIdx + highIdx) >>> 1;
        int c = s[0][mid] != h ? Long.compare(s[0][mid], h) : Long.compare(s[1][mid], l);
        if (c < 0) {
          lowIdx = mid + 1;
        } else if (c > 0) {
          highIdx = mid - 1;
        } else {
          return (int) s[2][mid];
        }
      }
      return -1;
    }
  }

  private static void key(Gt x, long[] out) {
    MessageDigest md = Hashing.sha256();
    byte[] d = md.digest(x.toBytes());
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (d[i] & 0xff);
      l = (l << 8) | (d[8 + i] & 0xff);
    }
    out[0] = h;
    out[1] = l;
  }

  /**
   * The exponent {@code m ∈ [0, 2^16)} with {@code g^m = target}, or −1 if there is none; the scan
   * touches every table entry whatever the target.
   */
  public static int solveHonest(Gt target) {
    Table t = Table.INSTANCE;
    long[] k = new long[2];
    key(target, k);
    long th = k[0];
    long tl = k[1];
    int found = 0;
    int matched = 0;
    for (int i = 0; i < Params.CHUNK_SIZE; i++) {
      long d = (t.hi[i] ^ th) | (t.lo[i] ^ tl);
      int eq = (int) (((d | -d) >>> 63) ^ 1); // 1 iff d == 0
      int mask = -eq;
      found = (found & ~mask) | (i & mask);
      matched |= eq;
    }
    return matched == 1 ? found : -1;
  }

  /**
   * The discrete logarithm of a chunk from a cheating dealer of a dealing with {@code receivers}
   * receivers: some {@code m} with {@code g^m = target} and {@code Δ·m ∈ (−Z, Z)} for a {@code Δ ∈
   * [1, 2^8)}, or {@code null} if none exists (then the proof of chunking could not have verified).
   * Honours thread interruption (the search can take hours).
   *
   * @throws java.util.concurrent.CancellationException if the thread is interrupted
   */
  public static Scalar solveCheating(Gt target, int receivers) {
    Table t = Table.INSTANCE;
    long z = Params.chunkingZ(receivers);
    long maxK = z / Params.CHUNK_SIZE + 1;
    long[] k = new long[2];
    Gt power = Gt.one();
    Gt giantInverse = t.giantStep.invert(); // g^{+2^16}
    for (int delta = 1; delta <= Params.CHALLENGE_MASK; delta++) {
      power = power.multiply(target); // target^Δ
      Gt up = power; // target^Δ · g^{-2^16 k}, k = 0, 1, 2, ...
      Gt down = power.multiply(giantInverse); // target^Δ · g^{+2^16 k}, k = 1, 2, ...
      for (long step = 0; step <= maxK; step++) {
        if ((step & 0xfff) == 0 && Thread.currentThread().isInterrupted()) {
          throw new java.util.concurrent.CancellationException("discrete-log search interrupted");
        }
        key(up, k);
        int i = t.lookup(k[0], k[1]);
        if (i >= 0) {
          return candidate(step * Params.CHUNK_SIZE + i, delta, power);
        }
        if (step >= 1) {
          key(down, k);
          i = t.lookup(k[0], k[1]);
          if (i >= 0) {
            return candidate(-step * Params.CHUNK_SIZE + i, delta, power);
          }
          down = down.multiply(giantInverse);
        }
        up = up.multiply(t.giantStep);
      }
    }
    return null;
  }

  private static Scalar candidate(long scaled, int delta, Gt power) {
    Scalar s = Scalar.fromLong(scaled);
    if (!t().base.pow(s).equals(power)) {
      return null; // a hash collision: cannot happen short of breaking SHA-256
    }
    return s.multiply(Scalar.fromLong(delta).invert());
  }

  private static Table t() {
    return Table.INSTANCE;
  }

  /** Builds the table now (about half a second) instead of on the first decryption. */
  public static void precompute() {
    t();
  }
}
