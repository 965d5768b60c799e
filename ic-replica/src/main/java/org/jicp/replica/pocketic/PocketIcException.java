package org.jicp.replica.pocketic;

/**
 * A request the PocketIC-compatible server refuses: answered with {@link #status()} and the body
 * {@code {"message": ...}} (PocketIC's {@code ApiError} shape, which pic-js reports at once).
 */
public final class PocketIcException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * A refusal.
   *
   * @param status the HTTP status (4xx for the client's mistakes)
   * @param message what went wrong, for the client
   */
  public PocketIcException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  static PocketIcException badRequest(String message) {
    return new PocketIcException(400, message);
  }

  static PocketIcException notFound(String message) {
    return new PocketIcException(404, message);
  }
}
