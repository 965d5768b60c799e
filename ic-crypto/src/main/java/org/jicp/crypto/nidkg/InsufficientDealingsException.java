package org.jicp.crypto.nidkg;

/** Fewer dealings than the collection threshold (or, when resharing, the old threshold). */
public final class InsufficientDealingsException extends NiDkgException {
  private static final long serialVersionUID = 1L;

  private final int available;
  private final int required;

  /**
   * @param available the dealings given
   * @param required the dealings needed
   */
  public InsufficientDealingsException(int available, int required) {
    super("need " + required + " dealings, have " + available);
    this.available = available;
    this.required = required;
  }

  /** The number of dealings given. */
  public int available() {
    return available;
  }

  /** The number of dealings needed. */
  public int required() {
    return required;
  }
}
