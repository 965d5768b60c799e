package org.jicp.candid;

/**
 * A message rejected because decoding it would cost more than the decoder allows: more values than
 * the budget of {@link DecoderConfig} (space bombs made of zero-sized values such as {@code vec
 * null}), or values nested deeper than its depth limit. The message may be well-formed; it is
 * refused as hostile before it can exhaust time, memory or stack.
 */
public class DecodingLimitExceededException extends CandidException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says which limit was exceeded and where. */
  public DecodingLimitExceededException(String message) {
    super(message);
  }
}
