package org.jicp.crypto.bls12381;

/**
 * The coordinate field of a curve, Fp for G1 and Fp2 for G2, so that the projective formulas in
 * {@link Curve} are written once. Elements are {@link #n} longs in an array at an offset.
 */
abstract class Field {
  /** Longs per element. */
  final int n;

  final long[] zero;
  final long[] one;

  private Field(int n, long[] one) {
    this.n = n;
    this.zero = new long[n];
    this.one = one;
  }

  abstract void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo);

  abstract void sqr(long[] r, int ro, long[] a, int ao);

  abstract void add(long[] r, int ro, long[] a, int ao, long[] b, int bo);

  abstract void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo);

  abstract void neg(long[] r, int ro, long[] a, int ao);

  /** r = 3 b a for the curve constant b of y^2 = x^3 + b. */
  abstract void mulB3(long[] r, int ro, long[] a, int ao);

  /** r = b, the curve constant. */
  abstract void curveB(long[] r, int ro);

  abstract boolean isZero(long[] a, int ao);

  abstract boolean eq(long[] a, int ao, long[] b, int bo);

  abstract void inv(long[] r, int ro, long[] a, int ao);

  abstract void invVartime(long[] r, int ro, long[] a, int ao);

  /** r = flag ? b : a for flag 0 or -1, in constant time. */
  abstract void select(long[] r, int ro, long[] a, int ao, long[] b, int bo, long flag);

  final void copy(long[] r, int ro, long[] a, int ao) {
    System.arraycopy(a, ao, r, ro, n);
  }

  final void dbl(long[] r, int ro, long[] a, int ao) {
    add(r, ro, a, ao, a, ao);
  }

  /** Fp, with the G1 curve y^2 = x^3 + 4. */
  static final Field FP =
      new Field(FpOps.N, FpOps.ONE) {
        @Override
        void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
          FpArith.mul(r, ro, a, ao, b, bo);
        }

        @Override
        void sqr(long[] r, int ro, long[] a, int ao) {
          FpArith.sqr(r, ro, a, ao);
        }

        @Override
        void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
          FpArith.add(r, ro, a, ao, b, bo);
        }

        @Override
        void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
          FpArith.sub(r, ro, a, ao, b, bo);
        }

        @Override
        void neg(long[] r, int ro, long[] a, int ao) {
          FpArith.neg(r, ro, a, ao);
        }

        @Override
        void mulB3(long[] r, int ro, long[] a, int ao) {
          // 12 a = 4 (3 a)
          long[] t = new long[FpOps.N];
          FpArith.add(t, 0, a, ao, a, ao);
          FpArith.add(t, 0, t, 0, a, ao);
          FpArith.add(t, 0, t, 0, t, 0);
          FpArith.add(r, ro, t, 0, t, 0);
        }

        @Override
        void curveB(long[] r, int ro) {
          FpOps.fromLong(r, ro, 4);
        }

        @Override
        boolean isZero(long[] a, int ao) {
          return FpOps.isZero(a, ao);
        }

        @Override
        boolean eq(long[] a, int ao, long[] b, int bo) {
          return FpOps.eq(a, ao, b, bo);
        }

        @Override
        void inv(long[] r, int ro, long[] a, int ao) {
          FpOps.inv(r, ro, a, ao);
        }

        @Override
        void invVartime(long[] r, int ro, long[] a, int ao) {
          FpOps.invVartime(r, ro, a, ao);
        }

        @Override
        void select(long[] r, int ro, long[] a, int ao, long[] b, int bo, long flag) {
          FpOps.select(r, ro, a, ao, b, bo, flag);
        }
      };

  /** Fp2, with the G2 twist curve y^2 = x^3 + 4 (1 + u). */
  static final Field FP2 =
      new Field(Fp2Ops.N, Fp2Ops.ONE) {
        @Override
        void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
          FpArith.fp2Mul(r, ro, a, ao, b, bo);
        }

        @Override
        void sqr(long[] r, int ro, long[] a, int ao) {
          Fp2Ops.sqr(r, ro, a, ao);
        }

        @Override
        void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
          Fp2Ops.add(r, ro, a, ao, b, bo);
        }

        @Override
        void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
          Fp2Ops.sub(r, ro, a, ao, b, bo);
        }

        @Override
        void neg(long[] r, int ro, long[] a, int ao) {
          Fp2Ops.neg(r, ro, a, ao);
        }

        @Override
        void mulB3(long[] r, int ro, long[] a, int ao) {
          // 12 (1 + u) a
          long[] t = new long[Fp2Ops.N];
          Fp2Ops.mulByXi(t, 0, a, ao);
          FP.mulB3(r, ro, t, 0);
          FP.mulB3(r, ro + FpOps.N, t, FpOps.N);
        }

        @Override
        void curveB(long[] r, int ro) {
          FpOps.fromLong(r, ro, 4);
          FpOps.fromLong(r, ro + FpOps.N, 4);
        }

        @Override
        boolean isZero(long[] a, int ao) {
          return Fp2Ops.isZero(a, ao);
        }

        @Override
        boolean eq(long[] a, int ao, long[] b, int bo) {
          return Fp2Ops.eq(a, ao, b, bo);
        }

        @Override
        void inv(long[] r, int ro, long[] a, int ao) {
          Fp2Ops.inv(r, ro, a, ao);
        }

        @Override
        void invVartime(long[] r, int ro, long[] a, int ao) {
          Fp2Ops.invVartime(r, ro, a, ao);
        }

        @Override
        void select(long[] r, int ro, long[] a, int ao, long[] b, int bo, long flag) {
          Fp2Ops.select(r, ro, a, ao, b, bo, flag);
        }
      };
}
