package org.jicp.wasm;

/** A module whose bytes cannot be decoded as WebAssembly; the message says what and where. */
public class MalformedWasmException extends WasmException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong and where. */
  public MalformedWasmException(String message) {
    super(message);
  }

  /** An exception with a message and the cause it wraps. */
  public MalformedWasmException(String message, Throwable cause) {
    super(message, cause);
  }
}
