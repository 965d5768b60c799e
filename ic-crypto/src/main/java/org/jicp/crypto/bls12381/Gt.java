package org.jicp.crypto.bls12381;

import java.util.Objects;

/**
 * An element of GT, the order-r subgroup of Fp12* that the pairing maps into: immutable, compared
 * by value. Written multiplicatively.
 *
 * <p>jicp's final exponentiation raises to 3 (p^12 - 1) / r (see {@link Pairing}), so GT values are
 * the cubes of those of libraries that use (p^12 - 1) / r; equalities of pairings, and bilinearity,
 * are the same.
 */
public final class Gt {
  private static final Gt ONE = new Gt(Fp12Ops.one());

  final long[] v;

  Gt(long[] v) {
    this.v = v;
  }

  /** The identity element. */
  public static Gt one() {
    return ONE;
  }

  public boolean isOne() {
    return Fp12Ops.isOne(v, 0);
  }

  public Gt multiply(Gt o) {
    long[] r = new long[Fp12Ops.N];
    Fp12Ops.mul(r, 0, v, 0, o.v, 0);
    return new Gt(r);
  }

  /** The inverse, which in GT is the conjugate. */
  public Gt invert() {
    long[] r = new long[Fp12Ops.N];
    Fp12Ops.conj(r, 0, v, 0);
    return new Gt(r);
  }

  /** this^k (square and multiply over the bits of k, with cyclotomic squarings). */
  public Gt pow(Scalar k) {
    Objects.requireNonNull(k, "k");
    long[] w = k.words();
    long[] acc = Fp12Ops.one();
    for (int i = 255; i >= 0; i--) {
      Fp12Ops.cyclotomicSqr(acc, 0, acc, 0);
      if (((w[i / 64] >>> (i % 64)) & 1) != 0) {
        Fp12Ops.mul(acc, 0, acc, 0, v, 0);
      }
    }
    return new Gt(acc);
  }

  /**
   * 576 bytes: the twelve Fp coefficients big-endian, in the order c0.c0.c0, c0.c0.c1, c0.c1.c0,
   * ..., c1.c2.c1 (tower Fp12 = Fp6[w], Fp6 = Fp2[v], Fp2 = Fp[u]).
   */
  public byte[] toBytes() {
    byte[] out = new byte[12 * 48];
    for (int i = 0; i < 12; i++) {
      FpOps.toBytes(out, i * 48, v, i * FpOps.N);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gt g && Fp12Ops.eq(v, 0, g.v, 0);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toBytes());
  }

  @Override
  public String toString() {
    return "Gt(" + org.jicp.crypto.Bytes.hex(toBytes()).substring(0, 32) + "…)";
  }
}
