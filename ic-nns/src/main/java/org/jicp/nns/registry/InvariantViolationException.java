package org.jicp.nns.registry;

import org.jicp.nns.InvalidRequestException;

/**
 * A registry mutation was rejected because the registry after it would break an invariant, or
 * because the mutation's own preconditions do not hold. {@link #rule()} names the invariant (for
 * example {@code node-in-at-most-one-subnet} or {@code routing-table-disjoint}); the registry is
 * unchanged.
 */
public class InvariantViolationException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /** A violation of {@code invariant}, with what broke it. */
  public InvariantViolationException(String invariant, String message) {
    super(invariant, message);
  }
}
