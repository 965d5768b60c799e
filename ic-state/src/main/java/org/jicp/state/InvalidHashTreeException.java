package org.jicp.state;

/**
 * A hash tree that decodes but is not well formed in the sense of the IC interface specification
 * (section "Certification"): labels not strictly increasing within a flattened fork, or a leaf
 * mixed with labeled subtrees.
 */
public class InvalidHashTreeException extends StateException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the rule that the tree broke and where. */
  public InvalidHashTreeException(String message) {
    super(message);
  }
}
