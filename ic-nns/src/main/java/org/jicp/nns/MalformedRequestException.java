package org.jicp.nns;

/**
 * A request to an NNS canister that cannot be decoded: bytes that are not Candid, or Candid that
 * does not have the method's argument type. The state is unchanged.
 */
public class MalformedRequestException extends NnsException {
  private static final long serialVersionUID = 1L;

  /** An exception naming what could not be decoded. */
  public MalformedRequestException(String message) {
    super(message);
  }

  /** An exception naming what could not be decoded, with the decoder's exception. */
  public MalformedRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
