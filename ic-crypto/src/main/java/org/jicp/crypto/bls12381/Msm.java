package org.jicp.crypto.bls12381;

import java.util.List;

/**
 * Multi-scalar multiplication sum k_i P_i by Pippenger's bucket method (public scalars: the
 * bucket choices depend on them).
 */
final class Msm {
  private Msm() {}

  static long[] compute(Curve c, List<? extends CurvePoint<?>> points, List<Scalar> scalars) {
    int n = points.size();
    if (n != scalars.size()) {
      throw new IllegalArgumentException(
          "multi-scalar multiplication needs as many scalars as points: " + n + " and " + scalars.size());
    }
    long[][] k = new long[n][];
    for (int i = 0; i < n; i++) {
      k[i] = scalars.get(i).words();
    }
    long[][] pts = new long[n][];
    for (int i = 0; i < n; i++) {
      pts[i] = points.get(i).p;
    }
    return compute(c, pts, k, maxBits(k));
  }

  /** The bit length of the largest scalar (short scalars, e.g. 64-bit batch coefficients, walk fewer windows). */
  static int maxBits(long[][] k) {
    int bits = 1;
    for (long[] words : k) {
      for (int w = words.length - 1; w >= 0; w--) {
        if (words[w] != 0) {
          bits = Math.max(bits, 64 * w + 64 - Long.numberOfLeadingZeros(words[w]));
          break;
        }
      }
    }
    return bits;
  }

  /** sum k_i P_i for scalars of at most {@code bits} bits given as little-endian words. */
  static long[] compute(Curve c, long[][] pts, long[][] k, int bits) {
    int n = pts.length;
    long[] acc = c.newPoint();
    c.setIdentity(acc, 0);
    if (n == 0) {
      return acc;
    }
    if (n < 4) {
      long[] t = new long[c.size];
      for (int i = 0; i < n; i++) {
        c.mulVartime(t, 0, pts[i], 0, k[i]);
        c.add(acc, 0, acc, 0, t, 0);
      }
      return acc;
    }
    int w = n < 32 ? 3 : Math.max(4, (int) (Math.log(n) / Math.log(2)) - 1);
    int buckets = (1 << w) - 1;
    long[] bucket = new long[buckets * c.size];
    long[] running = new long[c.size];
    long[] total = new long[c.size];
    for (int start = ((bits - 1) / w) * w; start >= 0; start -= w) {
      for (int j = 0; j < w; j++) {
        c.dbl(acc, 0, acc, 0);
      }
      for (int b = 0; b < buckets; b++) {
        c.setIdentity(bucket, b * c.size);
      }
      for (int i = 0; i < n; i++) {
        int d = digit(k[i], start, w);
        if (d != 0) {
          c.add(bucket, (d - 1) * c.size, bucket, (d - 1) * c.size, pts[i], 0);
        }
      }
      c.setIdentity(running, 0);
      c.setIdentity(total, 0);
      for (int b = buckets - 1; b >= 0; b--) {
        c.add(running, 0, running, 0, bucket, b * c.size);
        c.add(total, 0, total, 0, running, 0);
      }
      c.add(acc, 0, acc, 0, total, 0);
    }
    return acc;
  }

  private static int digit(long[] k, int start, int w) {
    int d = 0;
    for (int j = w - 1; j >= 0; j--) {
      int bit = start + j;
      int word = bit / 64;
      d = (d << 1) | (word < k.length ? (int) ((k[word] >>> (bit % 64)) & 1) : 0);
    }
    return d;
  }
}
