package org.jicp.replica.http;

/**
 * A request the HTTP interface refuses before it reaches the replica: the HTTP status (4xx) and
 * the text body the IC sends for it (interface specification: malformed requests get an HTTP
 * error with a text reason).
 */
public final class RequestRejectedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** A refusal with HTTP {@code status} and {@code reason}. */
  public RequestRejectedException(int status, String reason) {
    super(reason);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** 400 Bad Request. */
  static RequestRejectedException badRequest(String reason) {
    return new RequestRejectedException(400, reason);
  }

  /** 403 Forbidden. */
  static RequestRejectedException forbidden(String reason) {
    return new RequestRejectedException(403, reason);
  }
}
