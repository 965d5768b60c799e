package org.jicp.crypto.bls12381;

/**
 * Constant-time scalar decompositions for endomorphism-accelerated scalar multiplication.
 *
 * <p>G1 (GLV): phi(x, y) = (beta x, y) acts as [-x^2] on G1, and k = q x^2 + s with s &lt; x^2 and q
 * &lt; r / x^2 (both 128 bits), so k P = s P - q phi(P). G2 (GLS): psi acts as [x] = [-|x|] on G2, and
 * k &lt; r &lt; |x|^4 has four base-|x| digits d_i &lt; 2^64, so k Q = d0 Q - d1 psi(Q) + d2 psi^2(Q) - d3
 * psi^3(Q). The divisions run a fixed number of steps with masked subtractions: their timing does
 * not depend on k.
 */
final class Endomorphisms {
  /** x^2 = 0xac45a4010001a4020000000100000000 as little-endian words. */
  static final long[] X_SQUARED = {0x0000000100000000L, 0xac45a4010001a402L};

  static final long[] X_ABS = {Fp12Ops.X_ABS};

  private Endomorphisms() {}

  /** {s, q} with k = q x^2 + s (little-endian 2-word values). */
  static long[][] decomposeG1(long[] k) {
    long[] q = new long[4];
    long[] s = divide(k, X_SQUARED, q);
    return new long[][] {s, new long[] {q[0], q[1]}};
  }

  /** {d0, d1, d2, d3} with k = sum d_i |x|^i (one word each). */
  static long[][] decomposeG2(long[] k) {
    long[][] d = new long[4][];
    long[] cur = k.clone();
    for (int i = 0; i < 3; i++) {
      long[] q = new long[cur.length];
      long[] rem = divide(cur, X_ABS, q);
      d[i] = new long[] {rem[0]};
      cur = q;
    }
    d[3] = new long[] {cur[0]};
    return d;
  }

  /**
   * Long division of k (little-endian words) by a public divisor d: writes the quotient into q
   * (same length as k) and returns the remainder (d.length + 1 words, the top word zero). One
   * shift, compare and masked subtraction per bit of k.
   */
  static long[] divide(long[] k, long[] d, long[] q) {
    int w = d.length + 1;
    long[] rem = new long[w];
    long[] dd = java.util.Arrays.copyOf(d, w);
    long[] diff = new long[w];
    for (int bit = k.length * 64 - 1; bit >= 0; bit--) {
      // rem = 2 rem + bit
      for (int i = w - 1; i > 0; i--) {
        rem[i] = (rem[i] << 1) | (rem[i - 1] >>> 63);
      }
      rem[0] = (rem[0] << 1) | ((k[bit >>> 6] >>> (bit & 63)) & 1);
      // diff = rem - d, borrow says rem < d
      long borrow = 0;
      for (int i = 0; i < w; i++) {
        long a = rem[i];
        long b = dd[i];
        long t = a - b - borrow;
        borrow = ((~a & b) | ((~a | b) & t)) >>> 63;
        diff[i] = t;
      }
      long take = borrow - 1; // all ones when rem >= d
      for (int i = 0; i < w; i++) {
        rem[i] = (rem[i] & ~take) | (diff[i] & take);
      }
      q[bit >>> 6] |= (take & 1) << (bit & 63);
    }
    return rem;
  }
}
