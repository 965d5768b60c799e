package org.jicp.nns;

import java.util.Objects;

/**
 * A well-formed request that breaks a rule of the NNS (an amount that overflows, a limit exceeded,
 * an unknown neuron, …). The state is unchanged. {@link #rule()} names the rule.
 */
public class InvalidRequestException extends NnsException {
  private static final long serialVersionUID = 1L;

  private final String rule;

  /** An exception for the broken {@code rule}, with a message saying what was wrong. */
  public InvalidRequestException(String rule, String message) {
    super(rule + ": " + message);
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** The name of the rule that the request broke. */
  public String rule() {
    return rule;
  }
}
