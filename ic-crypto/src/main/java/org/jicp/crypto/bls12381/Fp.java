package org.jicp.crypto.bls12381;

import java.math.BigInteger;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;

/**
 * An element of the BLS12-381 base field Fp (p of 381 bits). Immutable, compared by value.
 *
 * <p>Internally seven 56-bit limbs in Montgomery form (see {@code FpArith}); arithmetic runs in
 * time independent of the values except {@link #sqrt()} and {@link #invertVartime()}.
 */
public final class Fp {
  /** The modulus p. */
  public static final BigInteger MODULUS = FpOps.P;

  /** Size of the big-endian byte form. */
  public static final int BYTES = 48;

  public static final Fp ZERO = new Fp(FpOps.ZERO.clone());
  public static final Fp ONE = new Fp(FpOps.ONE.clone());

  final long[] v;

  Fp(long[] v) {
    this.v = v;
  }

  /** x mod p. */
  public static Fp of(BigInteger x) {
    return new Fp(FpOps.fromBig(Objects.requireNonNull(x, "x")));
  }

  /** v mod p. */
  public static Fp of(long v) {
    return of(BigInteger.valueOf(v));
  }

  /**
   * Parses 48 big-endian bytes of an integer below p.
   *
   * @throws InvalidEncodingException if the length is wrong or the integer is not below p
   */
  public static Fp fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != BYTES) {
      throw new InvalidEncodingException("an Fp element is 48 bytes, got " + bytes.length);
    }
    long[] r = new long[FpOps.N];
    if (!FpOps.fromBytes(r, 0, bytes, 0)) {
      throw new InvalidEncodingException("Fp element is not below the modulus p");
    }
    return new Fp(r);
  }

  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    FpOps.toBytes(out, 0, v, 0);
    return out;
  }

  public BigInteger toBigInteger() {
    return FpOps.toBig(v, 0);
  }

  public Fp add(Fp o) {
    long[] r = new long[FpOps.N];
    FpArith.add(r, 0, v, 0, o.v, 0);
    return new Fp(r);
  }

  public Fp subtract(Fp o) {
    long[] r = new long[FpOps.N];
    FpArith.sub(r, 0, v, 0, o.v, 0);
    return new Fp(r);
  }

  public Fp negate() {
    long[] r = new long[FpOps.N];
    FpArith.neg(r, 0, v, 0);
    return new Fp(r);
  }

  public Fp multiply(Fp o) {
    long[] r = new long[FpOps.N];
    FpArith.mul(r, 0, v, 0, o.v, 0);
    return new Fp(r);
  }

  public Fp square() {
    long[] r = new long[FpOps.N];
    FpArith.sqr(r, 0, v, 0);
    return new Fp(r);
  }

  /** 1 / this (Fermat, constant time). @throws ArithmeticException for zero */
  public Fp invert() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse in Fp");
    }
    long[] r = new long[FpOps.N];
    FpOps.inv(r, 0, v, 0);
    return new Fp(r);
  }

  /** 1 / this by the extended Euclidean algorithm: faster, time depends on the value. */
  public Fp invertVartime() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse in Fp");
    }
    long[] r = new long[FpOps.N];
    FpOps.invVartime(r, 0, v, 0);
    return new Fp(r);
  }

  /** A square root, or null if this is not a square. */
  public Fp sqrt() {
    long[] r = new long[FpOps.N];
    return FpOps.sqrt(r, 0, v, 0) ? new Fp(r) : null;
  }

  public boolean isZero() {
    return FpOps.isZero(v, 0);
  }

  /** RFC 9380 sgn0: the parity of the canonical integer. */
  public int sgn0() {
    return FpOps.sgn0(v, 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fp f && FpOps.eq(v, 0, f.v, 0);
  }

  @Override
  public int hashCode() {
    return toBigInteger().hashCode();
  }

  @Override
  public String toString() {
    return "Fp(" + Bytes.hex(toBytes()) + ")";
  }
}
