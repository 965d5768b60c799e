package org.jicp.crypto.bls12381;

/**
 * Point arithmetic on y^2 = x^3 + b in homogeneous projective coordinates (X : Y : Z), x = X/Z, y
 * = Y/Z, identity (0 : 1 : 0), written once for G1 (over Fp) and G2 (over Fp2).
 *
 * <p>Addition and doubling use the complete formulas of Renes, Costello and Batina, "Complete
 * addition formulas for prime order elliptic curves", EUROCRYPT 2016, algorithms 7, 8 and 9 (a =
 * 0): they have no exceptional cases (both curves have odd order, so no points of order two), which
 * makes them constant time and safe on any input point of the curve.
 */
final class Curve {
  static final Curve G1 = new Curve(Field.FP);
  static final Curve G2 = new Curve(Field.FP2);

  final Field f;

  /** Longs per field element and per point. */
  final int n;

  final int size;

  private Curve(Field f) {
    this.f = f;
    this.n = f.n;
    this.size = 3 * f.n;
  }

  long[] newPoint() {
    long[] p = new long[size];
    f.copy(p, n, f.one, 0);
    return p;
  }

  void setIdentity(long[] p, int po) {
    f.copy(p, po, f.zero, 0);
    f.copy(p, po + n, f.one, 0);
    f.copy(p, po + 2 * n, f.zero, 0);
  }

  void copy(long[] r, int ro, long[] p, int po) {
    System.arraycopy(p, po, r, ro, size);
  }

  boolean isIdentity(long[] p, int po) {
    return f.isZero(p, po + 2 * n);
  }

  /** Sets p = (x : y : 1) from affine coordinates at x[xo], y[yo]. */
  void fromAffine(long[] p, int po, long[] x, int xo, long[] y, int yo) {
    f.copy(p, po, x, xo);
    f.copy(p, po + n, y, yo);
    f.copy(p, po + 2 * n, f.one, 0);
  }

  /** Whether Y^2 Z = X^3 + b Z^3 (true for the identity). */
  boolean isOnCurve(long[] p, int po) {
    long[] t = new long[4 * n];
    f.sqr(t, 0, p, po + n);
    f.mul(t, 0, t, 0, p, po + 2 * n); // Y^2 Z
    f.sqr(t, n, p, po);
    f.mul(t, n, t, n, p, po); // X^3
    f.sqr(t, 2 * n, p, po + 2 * n);
    f.mul(t, 2 * n, t, 2 * n, p, po + 2 * n); // Z^3
    f.curveB(t, 3 * n);
    f.mul(t, 2 * n, t, 2 * n, t, 3 * n);
    f.add(t, n, t, n, t, 2 * n);
    return f.eq(t, 0, t, n);
  }

  /** Whether p and q are the same point: X1 Z2 = X2 Z1 and Y1 Z2 = Y2 Z1. */
  boolean eq(long[] p, int po, long[] q, int qo) {
    long[] t = new long[4 * n];
    f.mul(t, 0, p, po, q, qo + 2 * n);
    f.mul(t, n, q, qo, p, po + 2 * n);
    f.mul(t, 2 * n, p, po + n, q, qo + 2 * n);
    f.mul(t, 3 * n, q, qo + n, p, po + 2 * n);
    return f.eq(t, 0, t, n) & f.eq(t, 2 * n, t, 3 * n);
  }

  void neg(long[] r, int ro, long[] p, int po) {
    f.copy(r, ro, p, po);
    f.neg(r, ro + n, p, po + n);
    f.copy(r, ro + 2 * n, p, po + 2 * n);
  }

  /**
   * Writes the affine coordinates of p (x at r[ro], y at r[ro + n]) and returns false for the
   * identity (r is then zero).
   */
  boolean toAffine(long[] r, int ro, long[] p, int po, boolean vartime) {
    long[] zi = new long[n];
    if (vartime) {
      f.invVartime(zi, 0, p, po + 2 * n);
    } else {
      f.inv(zi, 0, p, po + 2 * n);
    }
    f.mul(r, ro, p, po, zi, 0);
    f.mul(r, ro + n, p, po + n, zi, 0);
    return !isIdentity(p, po);
  }

  /** r = p + q (RCB16 algorithm 7); r may alias p or q. */
  void add(long[] r, int ro, long[] p, int po, long[] q, int qo) {
    final int x1 = po;
    final int y1 = po + n;
    final int z1 = po + 2 * n;
    final int x2 = qo;
    final int y2 = qo + n;
    final int z2 = qo + 2 * n;
    long[] t = new long[8 * n];
    final int t0 = 0;
    final int t1 = n;
    final int t2 = 2 * n;
    final int t3 = 3 * n;
    final int t4 = 4 * n;
    final int x3 = 5 * n;
    final int y3 = 6 * n;
    final int z3 = 7 * n;
    f.mul(t, t0, p, x1, q, x2);
    f.mul(t, t1, p, y1, q, y2);
    f.mul(t, t2, p, z1, q, z2);
    f.add(t, t3, p, x1, p, y1);
    f.add(t, t4, q, x2, q, y2);
    f.mul(t, t3, t, t3, t, t4);
    f.add(t, t4, t, t0, t, t1);
    f.sub(t, t3, t, t3, t, t4);
    f.add(t, t4, p, y1, p, z1);
    f.add(t, x3, q, y2, q, z2);
    f.mul(t, t4, t, t4, t, x3);
    f.add(t, x3, t, t1, t, t2);
    f.sub(t, t4, t, t4, t, x3);
    f.add(t, x3, p, x1, p, z1);
    f.add(t, y3, q, x2, q, z2);
    f.mul(t, x3, t, x3, t, y3);
    f.add(t, y3, t, t0, t, t2);
    f.sub(t, y3, t, x3, t, y3);
    f.add(t, x3, t, t0, t, t0);
    f.add(t, t0, t, x3, t, t0);
    f.mulB3(t, t2, t, t2);
    f.add(t, z3, t, t1, t, t2);
    f.sub(t, t1, t, t1, t, t2);
    f.mulB3(t, y3, t, y3);
    f.mul(t, x3, t, t4, t, y3);
    f.mul(t, t2, t, t3, t, t1);
    f.sub(t, x3, t, t2, t, x3);
    f.mul(t, y3, t, y3, t, t0);
    f.mul(t, t1, t, t1, t, z3);
    f.add(t, y3, t, t1, t, y3);
    f.mul(t, t0, t, t0, t, t3);
    f.mul(t, z3, t, z3, t, t4);
    f.add(t, z3, t, z3, t, t0);
    System.arraycopy(t, x3, r, ro, 3 * n);
  }

  /**
   * r = p + q for q given in affine coordinates (x at q[qo], y at q[qo + n]) that is not the
   * identity (RCB16 algorithm 8).
   */
  void addAffine(long[] r, int ro, long[] p, int po, long[] q, int qo) {
    final int x1 = po;
    final int y1 = po + n;
    final int z1 = po + 2 * n;
    final int x2 = qo;
    final int y2 = qo + n;
    long[] t = new long[8 * n];
    final int t0 = 0;
    final int t1 = n;
    final int t2 = 2 * n;
    final int t3 = 3 * n;
    final int t4 = 4 * n;
    final int x3 = 5 * n;
    final int y3 = 6 * n;
    final int z3 = 7 * n;
    f.mul(t, t0, p, x1, q, x2);
    f.mul(t, t1, p, y1, q, y2);
    f.add(t, t3, q, x2, q, y2);
    f.add(t, t4, p, x1, p, y1);
    f.mul(t, t3, t, t3, t, t4);
    f.add(t, t4, t, t0, t, t1);
    f.sub(t, t3, t, t3, t, t4);
    f.mul(t, t4, q, y2, p, z1);
    f.add(t, t4, t, t4, p, y1);
    f.mul(t, y3, q, x2, p, z1);
    f.add(t, y3, t, y3, p, x1);
    f.add(t, x3, t, t0, t, t0);
    f.add(t, t0, t, x3, t, t0);
    f.mulB3(t, t2, p, z1);
    f.add(t, z3, t, t1, t, t2);
    f.sub(t, t1, t, t1, t, t2);
    f.mulB3(t, y3, t, y3);
    f.mul(t, x3, t, t4, t, y3);
    f.mul(t, t2, t, t3, t, t1);
    f.sub(t, x3, t, t2, t, x3);
    f.mul(t, y3, t, y3, t, t0);
    f.mul(t, t1, t, t1, t, z3);
    f.add(t, y3, t, t1, t, y3);
    f.mul(t, t0, t, t0, t, t3);
    f.mul(t, z3, t, z3, t, t4);
    f.add(t, z3, t, z3, t, t0);
    System.arraycopy(t, x3, r, ro, 3 * n);
  }

  /** r = 2 p (RCB16 algorithm 9); r may alias p. */
  void dbl(long[] r, int ro, long[] p, int po) {
    final int x = po;
    final int y = po + n;
    final int z = po + 2 * n;
    long[] t = new long[6 * n];
    final int t0 = 0;
    final int t1 = n;
    final int t2 = 2 * n;
    final int x3 = 3 * n;
    final int y3 = 4 * n;
    final int z3 = 5 * n;
    f.sqr(t, t0, p, y);
    f.add(t, z3, t, t0, t, t0);
    f.add(t, z3, t, z3, t, z3);
    f.add(t, z3, t, z3, t, z3);
    f.mul(t, t1, p, y, p, z);
    f.sqr(t, t2, p, z);
    f.mulB3(t, t2, t, t2);
    f.mul(t, x3, t, t2, t, z3);
    f.add(t, y3, t, t0, t, t2);
    f.mul(t, z3, t, t1, t, z3);
    f.add(t, t1, t, t2, t, t2);
    f.add(t, t2, t, t1, t, t2);
    f.sub(t, t0, t, t0, t, t2);
    f.mul(t, y3, t, t0, t, y3);
    f.add(t, y3, t, x3, t, y3);
    f.mul(t, t1, p, x, p, y);
    f.mul(t, x3, t, t0, t, t1);
    f.add(t, x3, t, x3, t, x3);
    System.arraycopy(t, x3, r, ro, 3 * n);
  }

  /** Constant-time select of whole points: r = flag ? b : a. */
  void select(long[] r, int ro, long[] a, int ao, long[] b, int bo, long flag) {
    for (int i = 0; i < size; i++) {
      r[ro + i] = a[ao + i] ^ ((a[ao + i] ^ b[bo + i]) & flag);
    }
  }

  /**
   * r = k p for a secret scalar given as little-endian 64-bit words (any length), in constant time:
   * a fixed 4-bit window over every bit of k with a full-table masked lookup, and complete
   * formulas. The sequence of operations depends only on the length of k.
   */
  void mulConstantTime(long[] r, int ro, long[] p, int po, long[] k) {
    long[] table = new long[16 * size];
    setIdentity(table, 0);
    copy(table, size, p, po);
    for (int i = 2; i < 16; i++) {
      if ((i & 1) == 0) {
        dbl(table, i * size, table, (i / 2) * size);
      } else {
        add(table, i * size, table, (i - 1) * size, p, po);
      }
    }
    long[] acc = newPoint();
    setIdentity(acc, 0);
    long[] sel = new long[size];
    for (int w = k.length * 16 - 1; w >= 0; w--) {
      dbl(acc, 0, acc, 0);
      dbl(acc, 0, acc, 0);
      dbl(acc, 0, acc, 0);
      dbl(acc, 0, acc, 0);
      int digit = (int) ((k[w / 16] >>> ((w % 16) * 4)) & 15);
      setIdentity(sel, 0);
      for (int j = 1; j < 16; j++) {
        long mask = ((long) (j ^ digit) - 1) >> 63;
        select(sel, 0, sel, 0, table, j * size, mask);
      }
      add(acc, 0, acc, 0, sel, 0);
    }
    copy(r, ro, acc, 0);
  }

  /**
   * r = sum k_i p_i in constant time: a joint fixed 4-bit window over {@code bits} bits (a multiple
   * of 4) of every scalar, with a full-table masked lookup per base and complete formulas. Used
   * with the endomorphism decompositions, where the bases are p and its images.
   */
  void mulMultiConstantTime(long[] r, int ro, long[][] bases, long[][] k, int bits) {
    int m = bases.length;
    long[][] tables = new long[m][];
    for (int b = 0; b < m; b++) {
      long[] table = new long[16 * size];
      setIdentity(table, 0);
      copy(table, size, bases[b], 0);
      for (int i = 2; i < 16; i++) {
        if ((i & 1) == 0) {
          dbl(table, i * size, table, (i / 2) * size);
        } else {
          add(table, i * size, table, (i - 1) * size, bases[b], 0);
        }
      }
      tables[b] = table;
    }
    long[] acc = newPoint();
    setIdentity(acc, 0);
    long[] sel = new long[size];
    for (int w = bits / 4 - 1; w >= 0; w--) {
      dbl(acc, 0, acc, 0);
      dbl(acc, 0, acc, 0);
      dbl(acc, 0, acc, 0);
      dbl(acc, 0, acc, 0);
      for (int b = 0; b < m; b++) {
        int digit = (int) ((k[b][w / 16] >>> ((w % 16) * 4)) & 15);
        setIdentity(sel, 0);
        for (int j = 1; j < 16; j++) {
          long mask = ((long) (j ^ digit) - 1) >> 63;
          select(sel, 0, sel, 0, tables[b], j * size, mask);
        }
        add(acc, 0, acc, 0, sel, 0);
      }
    }
    copy(r, ro, acc, 0);
  }

  /**
   * r = k p for a public scalar (little-endian words): width-5 signed windows (wNAF) in Jacobian
   * coordinates, with the addition's exceptional cases handled; time depends on k.
   */
  void mulVartime(long[] r, int ro, long[] p, int po, long[] k) {
    if (isIdentity(p, po)) {
      setIdentity(r, ro);
      return;
    }
    int[] naf = Wnaf.compute(k, 5);
    long[] scratch = new long[12 * n];
    // odd multiples P, 3P, ..., 15P in Jacobian coordinates
    long[][] table = new long[8][];
    table[0] = toJacobian(p, po);
    long[] p2 = table[0].clone();
    jacobianDbl(p2, scratch);
    for (int i = 1; i < 8; i++) {
      table[i] = table[i - 1].clone();
      jacobianAdd(table[i], p2, scratch);
    }
    long[] acc = new long[size];
    f.copy(acc, 0, f.one, 0);
    f.copy(acc, n, f.one, 0); // (1, 1, 0): the Jacobian identity
    long[] neg = new long[size];
    int top = naf.length - 1;
    while (top >= 0 && naf[top] == 0) {
      top--;
    }
    for (int i = top; i >= 0; i--) {
      jacobianDbl(acc, scratch);
      int d = naf[i];
      if (d > 0) {
        jacobianAdd(acc, table[d >> 1], scratch);
      } else if (d < 0) {
        long[] t = table[(-d) >> 1];
        f.copy(neg, 0, t, 0);
        f.neg(neg, n, t, n);
        f.copy(neg, 2 * n, t, 2 * n);
        jacobianAdd(acc, neg, scratch);
      }
    }
    fromJacobian(r, ro, acc);
  }

  /** Homogeneous (X : Y : Z) to Jacobian (X Z, Y Z^2, Z). */
  private long[] toJacobian(long[] p, int po) {
    long[] j = new long[size];
    f.mul(j, 0, p, po, p, po + 2 * n);
    f.sqr(j, n, p, po + 2 * n);
    f.mul(j, n, j, n, p, po + n);
    f.copy(j, 2 * n, p, po + 2 * n);
    return j;
  }

  /** Jacobian (X, Y, Z) to homogeneous (X Z : Y : Z^3), the identity for Z = 0. */
  private void fromJacobian(long[] r, int ro, long[] j) {
    if (f.isZero(j, 2 * n)) {
      setIdentity(r, ro);
      return;
    }
    long[] out = new long[size];
    f.mul(out, 0, j, 0, j, 2 * n);
    f.copy(out, n, j, n);
    f.sqr(out, 2 * n, j, 2 * n);
    f.mul(out, 2 * n, out, 2 * n, j, 2 * n);
    copy(r, ro, out, 0);
  }

  /**
   * r = |x| p for the BLS parameter |x| = 0xd201000000010000 and a public point p (subgroup checks,
   * cofactor clearing of hashed points): double-and-add over the sparse |x| in Jacobian coordinates
   * (doubling 1M + 5S instead of the complete formula's 6M + 2S), with the exceptional cases of
   * the addition handled explicitly, so that points outside the subgroup are computed correctly.
   * Variable time.
   */
  void mulByXAbs(long[] r, int ro, long[] p, int po) {
    if (isIdentity(p, po)) {
      setIdentity(r, ro);
      return;
    }
    long[] base = toJacobian(p, po);
    long[] acc = base.clone();
    long[] scratch = new long[12 * n];
    for (int i = 62; i >= 0; i--) {
      jacobianDbl(acc, scratch);
      if (((Fp12Ops.X_ABS >>> i) & 1) != 0) {
        jacobianAdd(acc, base, scratch);
      }
    }
    fromJacobian(r, ro, acc);
  }

  /** Jacobian doubling (dbl-2009-l, a = 0), in place; the identity (Z = 0) stays the identity. */
  private void jacobianDbl(long[] p, long[] t) {
    final int x = 0;
    final int y = n;
    final int z = 2 * n;
    final int a = 0;
    final int b = n;
    final int c = 2 * n;
    final int d = 3 * n;
    final int e = 4 * n;
    final int ff = 5 * n;
    f.sqr(t, a, p, x);
    f.sqr(t, b, p, y);
    f.sqr(t, c, t, b);
    f.add(t, d, p, x, t, b);
    f.sqr(t, d, t, d);
    f.sub(t, d, t, d, t, a);
    f.sub(t, d, t, d, t, c);
    f.dbl(t, d, t, d); // D = 2((X + B)^2 - A - C)
    f.dbl(t, e, t, a);
    f.add(t, e, t, e, t, a); // E = 3A
    f.sqr(t, ff, t, e); // F = E^2
    f.mul(p, z, p, y, p, z);
    f.dbl(p, z, p, z); // Z3 = 2 Y Z
    f.sub(p, x, t, ff, t, d);
    f.sub(p, x, p, x, t, d); // X3 = F - 2D
    f.sub(t, d, t, d, p, x);
    f.mul(t, d, t, e, t, d);
    f.dbl(t, c, t, c);
    f.dbl(t, c, t, c);
    f.dbl(t, c, t, c); // 8C
    f.sub(p, y, t, d, t, c); // Y3 = E (D - X3) - 8C
  }

  /** p = p + q in Jacobian coordinates (add-2007-bl) with every exceptional case handled. */
  private void jacobianAdd(long[] p, long[] q, long[] t) {
    if (f.isZero(p, 2 * n)) {
      System.arraycopy(q, 0, p, 0, size);
      return;
    }
    if (f.isZero(q, 2 * n)) {
      return;
    }
    final int z1z1 = 0;
    final int z2z2 = n;
    final int u1 = 2 * n;
    final int u2 = 3 * n;
    final int s1 = 4 * n;
    final int s2 = 5 * n;
    final int h = 6 * n;
    final int i = 7 * n;
    final int j = 8 * n;
    final int rr = 9 * n;
    final int v = 10 * n;
    final int w = 11 * n;
    f.sqr(t, z1z1, p, 2 * n);
    f.sqr(t, z2z2, q, 2 * n);
    f.mul(t, u1, p, 0, t, z2z2);
    f.mul(t, u2, q, 0, t, z1z1);
    f.mul(t, s1, p, n, q, 2 * n);
    f.mul(t, s1, t, s1, t, z2z2);
    f.mul(t, s2, q, n, p, 2 * n);
    f.mul(t, s2, t, s2, t, z1z1);
    f.sub(t, h, t, u2, t, u1);
    f.sub(t, rr, t, s2, t, s1);
    if (f.isZero(t, h)) {
      if (f.isZero(t, rr)) {
        jacobianDbl(p, t);
      } else {
        f.copy(p, 0, f.one, 0);
        f.copy(p, n, f.one, 0);
        f.copy(p, 2 * n, f.zero, 0);
      }
      return;
    }
    f.dbl(t, i, t, h);
    f.sqr(t, i, t, i); // I = (2H)^2
    f.mul(t, j, t, h, t, i); // J = H I
    f.dbl(t, rr, t, rr); // r = 2 (S2 - S1)
    f.mul(t, v, t, u1, t, i); // V = U1 I
    // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
    f.add(t, w, p, 2 * n, q, 2 * n);
    f.sqr(t, w, t, w);
    f.sub(t, w, t, w, t, z1z1);
    f.sub(t, w, t, w, t, z2z2);
    f.mul(p, 2 * n, t, w, t, h);
    // X3 = r^2 - J - 2V
    f.sqr(p, 0, t, rr);
    f.sub(p, 0, p, 0, t, j);
    f.sub(p, 0, p, 0, t, v);
    f.sub(p, 0, p, 0, t, v);
    // Y3 = r (V - X3) - 2 S1 J
    f.sub(t, v, t, v, p, 0);
    f.mul(t, v, t, rr, t, v);
    f.mul(t, s1, t, s1, t, j);
    f.dbl(t, s1, t, s1);
    f.sub(p, n, t, v, t, s1);
  }
}
