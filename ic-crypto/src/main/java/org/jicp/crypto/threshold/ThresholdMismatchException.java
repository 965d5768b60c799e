package org.jicp.crypto.threshold;

/** A vector of public coefficients whose length is not the threshold it is used with. */
public final class ThresholdMismatchException extends ThresholdException {
  private static final long serialVersionUID = 1L;

  private final int expected;
  private final int actual;

  /**
   * @param what what the coefficients belong to (named in the message)
   * @param expected the threshold
   * @param actual the number of coefficients
   */
  public ThresholdMismatchException(String what, int expected, int actual) {
    super(what + " has " + actual + " public coefficients, the threshold is " + expected);
    this.expected = expected;
    this.actual = actual;
  }

  /** The threshold. */
  public int expected() {
    return expected;
  }

  /** The number of coefficients found. */
  public int actual() {
    return actual;
  }
}
