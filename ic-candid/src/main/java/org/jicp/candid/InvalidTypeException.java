package org.jicp.candid;

/**
 * A Candid type or interface description that parses but breaks a rule of the specification: an
 * undefined or cyclic type name, two fields with the same id, a method whose type is not a
 * function, a {@code oneway} function with results, a service method defined twice.
 */
public class InvalidTypeException extends CandidException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong and where. */
  public InvalidTypeException(String message) {
    super(message);
  }
}
