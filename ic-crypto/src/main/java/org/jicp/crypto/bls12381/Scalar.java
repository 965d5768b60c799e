package org.jicp.crypto.bls12381;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jicp.crypto.InvalidEncodingException;

/**
 * An element of the BLS12-381 scalar field Fr (integers modulo the group order r, 255 bits).
 * Immutable; arithmetic runs in time independent of the values (inversion by Fermat's theorem),
 * so secret keys and shares can be scalars.
 *
 * <p>The byte form is 32 bytes big-endian, canonical (below r), as in the IC and Ethereum.
 */
public final class Scalar implements Comparable<Scalar> {
  /** The group order r. */
  public static final BigInteger ORDER =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  /** Size of the byte form. */
  public static final int BYTES = 32;

  private static final int N = FrArith.N;
  private static final long MASK = 0xffffffffffffffL;
  private static final long[] R2 = raw(BigInteger.ONE.shiftLeft(56 * N).pow(2).mod(ORDER));
  private static final long[] RAW_ONE = raw(BigInteger.ONE);
  private static final long[] ORDER_LIMBS = raw(ORDER);
  private static final BigInteger ORDER_MINUS_2 = ORDER.subtract(BigInteger.TWO);
  /** Bytes per chunk of {@link #fromBytesReduced}: 28 bytes = 4 limbs of 56 bits, below r. */
  private static final int CHUNK_BYTES = 28;
  /** 2^224 in Montgomery form (2^224 · R mod r). */
  private static final long[] MONT_2_224 = montgomery(raw(BigInteger.ONE.shiftLeft(8 * CHUNK_BYTES).mod(ORDER)));

  /** Zero. */
  public static final Scalar ZERO = new Scalar(new long[N]);

  /** One. */
  public static final Scalar ONE = fromBigInteger(BigInteger.ONE);

  /** Montgomery form, canonical (in [0, r)). */
  final long[] v;

  private Scalar(long[] v) {
    this.v = v;
  }

  private static long[] raw(BigInteger x) {
    long[] r = new long[N];
    for (int i = 0; i < N; i++) {
      r[i] = x.shiftRight(56 * i).longValue() & MASK;
    }
    return r;
  }

  private static Scalar canonical(long[] m) {
    FrArith.canonical(m, 0, m, 0);
    return new Scalar(m);
  }

  private static long[] montgomery(long[] plain) {
    long[] t = plain.clone();
    FrArith.mul(t, 0, t, 0, R2, 0);
    return t;
  }

  /**
   * The scalar {@code x mod r} (any integer, negative ones too). Variable time ({@link
   * BigInteger#mod}): for public values; reduce secret bytes with {@link #fromBytesReduced}.
   */
  public static Scalar fromBigInteger(BigInteger x) {
    long[] t = raw(x.mod(ORDER));
    FrArith.mul(t, 0, t, 0, R2, 0);
    return canonical(t);
  }

  /** The scalar {@code v mod r} (variable time, for public values). */
  public static Scalar fromLong(long v) {
    return fromBigInteger(BigInteger.valueOf(v));
  }

  /**
   * Parses 32 big-endian bytes, which must encode an integer below r.
   *
   * @throws InvalidEncodingException if the length is not 32 or the integer is not below r
   */
  public static Scalar fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != BYTES) {
      throw new InvalidEncodingException("a scalar is 32 bytes, got " + bytes.length);
    }
    long[] t = new long[N];
    for (int i = 0; i < 32; i++) {
      int bit = 8 * (31 - i);
      long b = bytes[i] & 0xffL;
      int limb = bit / 56;
      int shift = bit % 56;
      t[limb] |= (b << shift) & MASK;
      if (shift > 48) {
        t[limb + 1] |= b >>> (56 - shift);
      }
    }
    long borrow = 0;
    for (int i = 0; i < N; i++) {
      borrow = (t[i] - ORDER_LIMBS[i] + borrow) >> 56;
    }
    if (borrow == 0) {
      throw new InvalidEncodingException("scalar is not below the group order r");
    }
    FrArith.mul(t, 0, t, 0, R2, 0);
    return canonical(t);
  }

  /**
   * Reduces big-endian bytes of any length modulo r (hashing to a scalar, secret keys from HKDF
   * output, uniform random scalars). Constant time in the value: the work depends only on {@code
   * bytes.length}. Horner's rule over 28-byte chunks (each below r) in Montgomery form: {@code acc
   * = acc · 2^224 + chunk}, with the field code of {@link FrArith}; no {@link BigInteger} copy of
   * the input is made, and the temporaries are zeroed.
   */
  public static Scalar fromBytesReduced(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    long[] acc = new long[N];
    long[] chunk = new long[N];
    int first = bytes.length % CHUNK_BYTES;
    int pos = 0;
    int len = first == 0 ? Math.min(CHUNK_BYTES, bytes.length) : first;
    while (pos < bytes.length) {
      Arrays.fill(chunk, 0);
      for (int i = 0; i < len; i++) {
        int bit = 8 * (len - 1 - i);
        chunk[bit / 56] |= (bytes[pos + i] & 0xffL) << (bit % 56);
      }
      FrArith.mul(chunk, 0, chunk, 0, R2, 0); // to Montgomery form
      FrArith.mul(acc, 0, acc, 0, MONT_2_224, 0);
      FrArith.add(acc, 0, acc, 0, chunk, 0);
      pos += len;
      len = CHUNK_BYTES;
    }
    Arrays.fill(chunk, 0);
    return canonical(acc);
  }

  /** A uniformly random scalar from {@code rng} (use a cryptographically strong generator). */
  public static Scalar random(RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    byte[] b = new byte[48];
    rng.nextBytes(b);
    return fromBytesReduced(b);
  }

  /** The canonical integer in [0, r). */
  public BigInteger toBigInteger() {
    long[] t = plain();
    BigInteger r = BigInteger.ZERO;
    for (int i = N - 1; i >= 0; i--) {
      r = r.shiftLeft(56).add(BigInteger.valueOf(t[i]));
    }
    return r;
  }

  private long[] plain() {
    long[] t = new long[N];
    FrArith.mul(t, 0, v, 0, RAW_ONE, 0);
    FrArith.canonical(t, 0, t, 0);
    return t;
  }

  /** The canonical integer as four little-endian 64-bit words (for scalar multiplication). */
  long[] words() {
    long[] t = plain();
    long[] w = new long[4];
    for (int bit = 0; bit < 256; bit += 8) {
      long b = (t[bit / 56] >>> (bit % 56)) & 0xff;
      if (bit % 56 > 48 && bit / 56 + 1 < N) {
        b |= (t[bit / 56 + 1] << (56 - bit % 56)) & 0xff;
      }
      w[bit / 64] |= b << (bit % 64);
    }
    return w;
  }

  /** 32 big-endian bytes. */
  public byte[] toBytes() {
    long[] w = words();
    byte[] out = new byte[BYTES];
    for (int i = 0; i < 32; i++) {
      out[31 - i] = (byte) (w[i / 8] >>> (8 * (i % 8)));
    }
    return out;
  }

  public Scalar add(Scalar o) {
    long[] t = new long[N];
    FrArith.add(t, 0, v, 0, o.v, 0);
    return canonical(t);
  }

  public Scalar subtract(Scalar o) {
    long[] t = new long[N];
    FrArith.sub(t, 0, v, 0, o.v, 0);
    return canonical(t);
  }

  public Scalar multiply(Scalar o) {
    long[] t = new long[N];
    FrArith.mul(t, 0, v, 0, o.v, 0);
    return canonical(t);
  }

  public Scalar square() {
    long[] t = new long[N];
    FrArith.sqr(t, 0, v, 0);
    return canonical(t);
  }

  public Scalar negate() {
    long[] t = new long[N];
    FrArith.neg(t, 0, v, 0);
    return canonical(t);
  }

  /** this^e for a non-negative public exponent (square and multiply over the bits of e). */
  public Scalar pow(BigInteger e) {
    if (e.signum() < 0) {
      throw new IllegalArgumentException("negative exponent");
    }
    long[] acc = ONE.v.clone();
    for (int i = e.bitLength() - 1; i >= 0; i--) {
      FrArith.sqr(acc, 0, acc, 0);
      if (e.testBit(i)) {
        FrArith.mul(acc, 0, acc, 0, v, 0);
      }
    }
    return canonical(acc);
  }

  /**
   * The multiplicative inverse, by Fermat's little theorem (constant time).
   *
   * @throws ArithmeticException for zero
   */
  public Scalar invert() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse in Fr");
    }
    return pow(ORDER_MINUS_2);
  }

  public boolean isZero() {
    long acc = 0;
    for (long l : v) {
      acc |= l;
    }
    return acc == 0;
  }

  /** Constant-time equality. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Scalar s)) {
      return false;
    }
    long acc = 0;
    for (int i = 0; i < N; i++) {
      acc |= v[i] ^ s.v[i];
    }
    return acc == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(v);
  }

  @Override
  public int compareTo(Scalar o) {
    return toBigInteger().compareTo(o.toBigInteger());
  }

  /** Hex of the 32-byte form. Scalars can be secrets: wrap secret ones in a key type. */
  @Override
  public String toString() {
    return "Scalar(" + org.jicp.crypto.Bytes.hex(toBytes()) + ")";
  }
}
