package org.jicp.candid;

/**
 * A well-formed Candid value that does not fit the type it is read or written at: a binary
 * argument whose wire type cannot be coerced to the expected type (Candid spec, "Coercion"), a
 * textual value of the wrong shape, or a value given to the encoder that does not have the
 * encoding type. The message names the argument and the path inside it.
 */
public class InvalidValueException extends CandidException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong and where. */
  public InvalidValueException(String message) {
    super(message);
  }
}
