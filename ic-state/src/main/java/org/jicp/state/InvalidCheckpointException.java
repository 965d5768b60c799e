package org.jicp.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint that cannot be loaded: a file missing, truncated or altered (its hash does not
 * match the manifest), a metadata file that does not decode. Loading never returns a partly
 * loaded state: it throws this exception, which names the offending file.
 */
public class InvalidCheckpointException extends StateException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An exception about {@code file}, whose message says what is wrong with it. */
  public InvalidCheckpointException(Path file, String message) {
    super(file + ": " + message);
    this.file = Objects.requireNonNull(file, "file");
  }

  /** An exception about {@code file}, with the cause that revealed the problem. */
  public InvalidCheckpointException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The file that is missing, truncated or does not match its manifest. */
  public Path file() {
    return file;
  }
}
