package org.jicp.crypto.bls12381;

/**
 * k B for a fixed base B from a precomputed table, in constant time: the scalar is recoded into
 * signed 4-bit digits d_w in [-7, 8], and k B = sum_w d_w 16^w B is one addition per window of the
 * masked, full-scan lookup of |d_w| 16^w B (negated when d_w &lt; 0); no doublings. The table holds
 * 1..8 times 16^w B for the 64 windows of a 255-bit scalar.
 *
 * <p>Two layouts. <em>Affine</em> (the generators of G1 and G2: 57 KiB and 115 KiB, built once on
 * first use, with one inversion per entry) adds with the mixed formula. <em>Projective</em> (a
 * table built for one point that several scalars multiply, as the receivers' keys of an NI-DKG
 * dealing: about 512 additions and doublings to build, no inversion) adds with the complete
 * formula. Against the windowed GLV/GLS multiplication (about 128 doublings and 64 additions) a
 * full scalar costs 64 additions; a scalar known to be shorter (a 16-bit NI-DKG chunk) takes only
 * its windows. The sequence of operations and memory accesses depends only on the number of
 * windows, never on the digits.
 */
final class FixedBaseTable {
  /** Windows of a canonical scalar below r &lt; 2^255 (the signed recoding needs no carry out). */
  static final int FULL_WINDOWS = 64;

  private static final int ENTRIES = 8;

  private final Curve curve;
  private final int n;
  private final boolean affine;
  /** Longs per entry: 2n (affine x, y) or 3n (projective X, Y, Z). */
  private final int entry;
  /** Window w, digit d (1..8) at ((w * 8 + d - 1) * entry); y at offset n in both layouts. */
  private final long[] table;

  /** An affine table for base (a point of the subgroup, public, not the identity). */
  FixedBaseTable(Curve curve, long[] base) {
    this(curve, base, true);
  }

  /**
   * A table for base (a point of the subgroup, not the identity); affine entries cost one
   * variable-time inversion each, so only public bases may be tabulated in that layout.
   */
  FixedBaseTable(Curve curve, long[] base, boolean affine) {
    this.curve = curve;
    this.n = curve.n;
    this.affine = affine;
    this.entry = affine ? 2 * n : 3 * n;
    table = new long[FULL_WINDOWS * ENTRIES * entry];
    long[] multiples = new long[ENTRIES * curve.size];
    long[] windowBase = curve.newPoint();
    curve.copy(windowBase, 0, base, 0);
    for (int w = 0; w < FULL_WINDOWS; w++) {
      curve.copy(multiples, 0, windowBase, 0);
      for (int d = 2; d <= ENTRIES; d++) {
        int at = (d - 1) * curve.size;
        if ((d & 1) == 0) {
          curve.dbl(multiples, at, multiples, (d / 2 - 1) * curve.size);
        } else {
          curve.add(multiples, at, multiples, at - curve.size, windowBase, 0);
        }
      }
      if (affine) {
        for (int d = 1; d <= ENTRIES; d++) {
          // Public points (multiples of a public base): the variable-time inversion is fine here.
          if (!curve.toAffine(table, (w * ENTRIES + d - 1) * entry, multiples, (d - 1) * curve.size, true)) {
            throw new IllegalStateException("a multiple of the base below its order is the identity");
          }
        }
      } else {
        System.arraycopy(multiples, 0, table, w * ENTRIES * entry, ENTRIES * entry);
      }
      // 16^(w+1) B = 2 (8 16^w B)
      curve.dbl(windowBase, 0, multiples, (ENTRIES - 1) * curve.size);
    }
  }

  /**
   * r = k B for k given as little-endian 64-bit words with k &lt; 2^(4 windows - 1), using the
   * first {@code windows} windows of the table (at most {@link #FULL_WINDOWS}). The time depends on
   * {@code windows} only.
   */
  void multiply(long[] r, int ro, long[] k, int windows) {
    if (windows < 1 || windows > FULL_WINDOWS) {
      throw new IllegalArgumentException("windows " + windows);
    }
    Field f = curve.f;
    long[] acc = curve.newPoint();
    curve.setIdentity(acc, 0);
    long[] sum = new long[curve.size];
    long[] sel = new long[entry];
    long[] negY = new long[n];
    long carry = 0;
    for (int w = 0; w < windows; w++) {
      int word = w >>> 4;
      long raw = word < k.length ? (k[word] >>> ((w & 15) << 2)) & 15 : 0;
      long d = raw + carry; // in [0, 16]
      carry = (d + 7) >>> 4; // 1 iff d >= 9
      d -= carry << 4; // in [-7, 8]
      long sign = d >> 63; // -1 if negative
      long abs = (d ^ sign) - sign; // in [0, 8]
      java.util.Arrays.fill(sel, 0);
      int base = w * ENTRIES * entry;
      for (int j = 1; j <= ENTRIES; j++) {
        long mask = ((j ^ abs) - 1) >> 63; // -1 iff j == abs
        int at = base + (j - 1) * entry;
        for (int i = 0; i < entry; i++) {
          sel[i] ^= (sel[i] ^ table[at + i]) & mask;
        }
      }
      f.neg(negY, 0, sel, n);
      f.select(sel, n, sel, n, negY, 0, sign);
      if (affine) {
        // The mixed formula needs an affine point: for digit 0 its result is discarded.
        curve.addAffine(sum, 0, acc, 0, sel, 0);
        long nonZero = ~((abs - 1) >> 63); // -1 iff abs != 0
        curve.select(acc, 0, acc, 0, sum, 0, nonZero);
      } else {
        // Digit 0 selects nothing: sel stays (0 : 0 : 0), so make it the identity (0 : 1 : 0).
        long zero = (abs - 1) >> 63;
        f.select(sel, n, sel, n, f.one, 0, zero);
        curve.add(acc, 0, acc, 0, sel, 0);
      }
    }
    curve.copy(r, ro, acc, 0);
  }

  /** Windows needed for |v| &lt; 2^bits (the signed recoding may carry into one more). */
  static int windowsFor(int bits) {
    return Math.min(FULL_WINDOWS, bits / 4 + 1);
  }
}
