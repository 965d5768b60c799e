package org.jicp.bigmap;

/** A BigMap call that failed: a reject of the index or of the management canister. */
public class BigMapException extends RuntimeException {
  /** With {@code message}. */
  public BigMapException(String message) {
    super(message);
  }

  /** With {@code message} and its cause. */
  public BigMapException(String message, Throwable cause) {
    super(message, cause);
  }
}
