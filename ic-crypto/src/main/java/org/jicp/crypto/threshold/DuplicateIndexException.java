package org.jicp.crypto.threshold;

/** Two shares (or dealings) carry the same node index. */
public final class DuplicateIndexException extends ThresholdException {
  private static final long serialVersionUID = 1L;

  private final int index;

  /** @param index the repeated index */
  public DuplicateIndexException(int index) {
    super("index " + index + " appears more than once");
    this.index = index;
  }

  /** The repeated index. */
  public int index() {
    return index;
  }
}
