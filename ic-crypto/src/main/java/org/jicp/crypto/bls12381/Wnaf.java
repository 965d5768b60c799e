package org.jicp.crypto.bls12381;

/** Width-w non-adjacent form of a non-negative integer given as little-endian 64-bit words. */
final class Wnaf {
  private Wnaf() {}

  /**
   * The signed digits d_i (odd, |d_i| &lt; 2^(w-1), or 0) with k = sum d_i 2^i, least significant
   * first. Vartime: for public scalars only.
   */
  static int[] compute(long[] k, int w) {
    int bits = k.length * 64;
    int[] out = new int[bits + 1];
    long[] e = new long[k.length + 1];
    System.arraycopy(k, 0, e, 0, k.length);
    int window = 1 << w;
    int half = window >> 1;
    for (int i = 0; i <= bits; i++) {
      if ((e[0] & 1) != 0) {
        int d = (int) (e[0] & (window - 1));
        if (d >= half) {
          d -= window;
        }
        out[i] = d;
        // e -= d
        subSmall(e, d);
      }
      shiftRight1(e);
    }
    return out;
  }

  private static void subSmall(long[] e, int d) {
    if (d > 0) {
      long borrow = Long.compareUnsigned(e[0], d) < 0 ? 1 : 0;
      e[0] -= d;
      for (int j = 1; j < e.length && borrow != 0; j++) {
        borrow = e[j] == 0 ? 1 : 0;
        e[j]--;
      }
    } else {
      long add = -d;
      long s = e[0] + add;
      long carry = Long.compareUnsigned(s, e[0]) < 0 ? 1 : 0;
      e[0] = s;
      for (int j = 1; j < e.length && carry != 0; j++) {
        e[j]++;
        carry = e[j] == 0 ? 1 : 0;
      }
    }
  }

  private static void shiftRight1(long[] e) {
    for (int j = 0; j < e.length; j++) {
      long next = j + 1 < e.length ? e[j + 1] : 0;
      e[j] = (e[j] >>> 1) | (next << 63);
    }
  }
}
