package org.jicp.types;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An amount of cycles: an unsigned 128-bit number, as in the IC. Arithmetic that would leave the
 * range throws {@link ArithmeticException}; saturating operations say so in their name.
 *
 * @param value the amount, in {@code [0, 2^128)}
 */
public record Cycles(BigInteger value) implements Comparable<Cycles> {
  /** The largest amount, {@code 2^128 - 1}. */
  public static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /** No cycles. */
  public static final Cycles ZERO = new Cycles(BigInteger.ZERO);

  /** Validates the component. */
  public Cycles {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
      throw new ArithmeticException("cycles out of the u128 range: " + value);
    }
  }

  /** {@code value} cycles. */
  public static Cycles of(long value) {
    return new Cycles(BigInteger.valueOf(value));
  }

  /** The sum; throws {@link ArithmeticException} past {@code 2^128 - 1}. */
  public Cycles add(Cycles o) {
    return new Cycles(value.add(o.value));
  }

  /** The difference; throws {@link ArithmeticException} below zero. */
  public Cycles subtract(Cycles o) {
    return new Cycles(value.subtract(o.value));
  }

  /** The difference, or zero if {@code o} is larger. */
  public Cycles saturatingSubtract(Cycles o) {
    return value.compareTo(o.value) <= 0 ? ZERO : new Cycles(value.subtract(o.value));
  }

  @Override
  public int compareTo(Cycles o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
