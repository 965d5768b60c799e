package org.jicp.crypto.nidkg;

/**
 * A dealing given to transcript creation that does not fit the configuration (receiver count,
 * number of public coefficients, dealer index): transcripts take verified dealings only.
 */
public final class InvalidDealingException extends NiDkgException {
  private static final long serialVersionUID = 1L;

  private final int dealerIndex;

  /**
   * @param dealerIndex the culprit
   * @param problem what is wrong with its dealing
   */
  public InvalidDealingException(int dealerIndex, String problem) {
    super("dealing of dealer " + dealerIndex + ": " + problem);
    this.dealerIndex = dealerIndex;
  }

  /** The dealer whose dealing is at fault. */
  public int dealerIndex() {
    return dealerIndex;
  }
}
