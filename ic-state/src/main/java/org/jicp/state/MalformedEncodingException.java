package org.jicp.state;

/**
 * Bytes that cannot be decoded: CBOR that does not parse, a hash tree node of an unknown kind, a
 * certificate map without its {@code tree}, a checkpoint file whose structure is broken. The
 * message says what was wrong and where (a byte offset, a path in the value, a file name).
 */
public class MalformedEncodingException extends StateException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message says what could not be decoded and where. */
  public MalformedEncodingException(String message) {
    super(message);
  }

  /** An exception whose message says what could not be decoded and where, with its cause. */
  public MalformedEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
