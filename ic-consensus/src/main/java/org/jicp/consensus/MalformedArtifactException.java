package org.jicp.consensus;

/** Bytes that do not decode to a consensus artifact (bad protobuf, missing field, wrong length). */
public class MalformedArtifactException extends ConsensusException {
  private static final long serialVersionUID = 1L;

  /** An exception naming what could not be decoded and why. */
  public MalformedArtifactException(String message) {
    super(message);
  }

  /** An exception naming what could not be decoded, with the underlying cause. */
  public MalformedArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
