package org.jicp.candid;

/**
 * Candid input that cannot be decoded or parsed: a binary message that breaks the wire format
 * (bad magic, truncated LEB128, a type table entry out of range, invalid UTF-8, trailing bytes…)
 * or text that breaks the Candid grammar. The message names the position and the problem.
 */
public class MalformedCandidException extends CandidException {
  private static final long serialVersionUID = 1L;

  /** The byte or character offset of the problem. */
  private final long position;

  /**
   * An exception for a problem at {@code position}: a byte offset into a binary message, or a
   * character offset into a text.
   */
  public MalformedCandidException(long position, String message) {
    super(message);
    this.position = position;
  }

  /** The byte offset (binary input) or character offset (text input) of the problem. */
  public long position() {
    return position;
  }
}
