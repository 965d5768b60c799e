package org.jicp.wasm.execution;

/**
 * Thrown by a native canister to reject the call it handles with {@code reject_code} 4
 * (CANISTER_REJECT) and this message; its changes are rolled back.
 */
public class NativeCanisterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A reject with {@code message}. */
  public NativeCanisterException(String message) {
    super(message);
  }

  /** A reject with {@code message} and a cause. */
  public NativeCanisterException(String message, Throwable cause) {
    super(message, cause);
  }
}
