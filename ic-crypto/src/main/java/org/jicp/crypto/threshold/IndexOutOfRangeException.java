package org.jicp.crypto.threshold;

/** A node index outside {@code [0, bound)}: the committee has no such member. */
public final class IndexOutOfRangeException extends ThresholdException {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final int bound;

  /**
   * @param index the offending index
   * @param bound the number of nodes (valid indices are {@code 0..bound-1})
   */
  public IndexOutOfRangeException(int index, int bound) {
    super("index " + index + " is out of range [0, " + bound + ")");
    this.index = index;
    this.bound = bound;
  }

  /** The offending index. */
  public int index() {
    return index;
  }

  /** The number of nodes. */
  public int bound() {
    return bound;
  }
}
