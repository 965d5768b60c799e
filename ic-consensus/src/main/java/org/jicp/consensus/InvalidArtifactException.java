package org.jicp.consensus;

/**
 * An artifact that decodes but breaks a rule of the protocol where the caller asked for an
 * exception rather than a verdict (validators return verdicts; constructors of derived values
 * such as a summary throw this).
 */
public class InvalidArtifactException extends ConsensusException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the rule that was broken. */
  public InvalidArtifactException(String message) {
    super(message);
  }
}
