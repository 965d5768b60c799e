package org.jicp.crypto.threshold;

import java.util.List;

/** Fewer usable shares than the threshold: the count found, the count needed, and why. */
public final class InsufficientSharesException extends ThresholdException {
  private static final long serialVersionUID = 1L;

  private final int available;
  private final int required;
  private final List<Integer> invalidIndices;

  /**
   * @param available the number of usable shares
   * @param required the threshold
   * @param invalidIndices the indices of shares that were offered but did not verify
   */
  public InsufficientSharesException(int available, int required, List<Integer> invalidIndices) {
    super(
        "need "
            + required
            + " shares, have "
            + available
            + (invalidIndices.isEmpty() ? "" : " (shares " + invalidIndices + " did not verify)"));
    this.available = available;
    this.required = required;
    this.invalidIndices = List.copyOf(invalidIndices);
  }

  /** The number of usable shares. */
  public int available() {
    return available;
  }

  /** The threshold. */
  public int required() {
    return required;
  }

  /** The indices of offered shares that did not verify (empty if none were checked or all did). */
  public List<Integer> invalidIndices() {
    return invalidIndices;
  }
}
