package org.jicp.benchmarks.field;

import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The base-field multiplication of BLS12-381 in the forms issue 19 proposed for JDK 21+ (built
 * only when Maven runs on JDK 21 or later: profile {@code jdk21-field-variants}), beside the
 * production form, in one run: {@code mul7x56} (ic-crypto's {@code FpArith.mul}: 98 limb
 * products of two multiplications each, no carries), {@code mul7x56u} (the same with unsigned
 * digits and {@code Math.unsignedMultiplyHigh}), {@code mul6x64} (six 64-bit limbs, Montgomery
 * CIOS: 72 limb products, carries emulated with unsigned comparisons) and {@code probe196}, 196
 * independent 64-bit multiplications (98 {@code multiplyHigh} and 98 low products) with nothing
 * else: the multiplier's floor for the production form. Each setup checks its form against
 * {@link BigInteger} on 2000 random inputs below 2p first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FieldMulVariantsBench {
  static final BigInteger P =
      new BigInteger(
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);

  private final long[] a7 = new long[7];
  private final long[] b7 = new long[7];
  private final long[] r7 = new long[7];
  private final long[] a6 = new long[6];
  private final long[] b6 = new long[6];
  private final long[] r6 = new long[6];
  private final long[] x = new long[98];
  private final long[] y = new long[98];

  static long[] limbs(BigInteger v, int n, int bits) {
    long[] r = new long[n];
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    for (int i = 0; i < n; i++) {
      r[i] = v.shiftRight(bits * i).and(mask).longValue();
    }
    return r;
  }

  static BigInteger value(long[] a, int bits) {
    BigInteger r = BigInteger.ZERO;
    for (int i = a.length - 1; i >= 0; i--) {
      r = r.shiftLeft(bits).add(new BigInteger(Long.toUnsignedString(a[i])));
    }
    return r;
  }

  interface Mul {
    void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo);
  }

  static void check(String name, Mul m, int n, int bits, int rBits, Random rnd) {
    BigInteger twoP = P.shiftLeft(1);
    BigInteger rInv = BigInteger.ONE.shiftLeft(rBits).modInverse(P);
    for (int i = 0; i < 2000; i++) {
      BigInteger a = i == 0 ? twoP.subtract(BigInteger.ONE) : new BigInteger(382, rnd).mod(twoP);
      BigInteger b = i == 0 ? a : new BigInteger(382, rnd).mod(twoP);
      long[] r = new long[n];
      m.mul(r, 0, limbs(a, n, bits), 0, limbs(b, n, bits), 0);
      BigInteger got = value(r, bits);
      if (got.compareTo(twoP) >= 0 || !got.mod(P).equals(a.multiply(b).multiply(rInv).mod(P))) {
        throw new IllegalStateException(name + " is wrong for " + a.toString(16) + " * " + b.toString(16));
      }
    }
  }

  @Setup
  public void setup() {
    Random rnd = new Random(19);
    check("mul7x56", FieldMulVariants::mul7x56, 7, 56, 392, rnd);
    check("mul7x56u", FieldMulVariants::mul7x56u, 7, 56, 392, rnd);
    check("mul6x64", FieldMulVariants::mul6x64, 6, 64, 384, rnd);
    BigInteger a = new BigInteger(380, rnd);
    BigInteger b = new BigInteger(380, rnd);
    System.arraycopy(limbs(a, 7, 56), 0, a7, 0, 7);
    System.arraycopy(limbs(b, 7, 56), 0, b7, 0, 7);
    System.arraycopy(limbs(a, 6, 64), 0, a6, 0, 6);
    System.arraycopy(limbs(b, 6, 64), 0, b6, 0, 6);
    for (int i = 0; i < 98; i++) {
      x[i] = rnd.nextLong() >>> 8;
      y[i] = rnd.nextLong();
    }
  }

  @Benchmark
  public long[] mul7x56() {
    FieldMulVariants.mul7x56(r7, 0, a7, 0, b7, 0);
    return r7;
  }

  @Benchmark
  public long[] mul7x56u() {
    FieldMulVariants.mul7x56u(r7, 0, a7, 0, b7, 0);
    return r7;
  }

  @Benchmark
  public long[] mul6x64() {
    FieldMulVariants.mul6x64(r6, 0, a6, 0, b6, 0);
    return r6;
  }

  /** 98 high and 98 low 64-bit products, summed in two independent accumulators. */
  @Benchmark
  public long probe196() {
    long lo = 0;
    long hi = 0;
    for (int i = 0; i < 98; i++) {
      lo += x[i] * y[i];
      hi += Math.multiplyHigh(x[i], y[i]);
    }
    return lo ^ hi;
  }
}
