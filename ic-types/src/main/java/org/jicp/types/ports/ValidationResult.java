package org.jicp.types.ports;

import java.util.Objects;

/**
 * The answer of a validator about an artifact or a payload (dfinity/ic's {@code
 * ValidationError<Permanent, Transient>}): {@link Valid}; {@link Invalid}, permanently, naming the
 * rule broken; or {@link Transient}: cannot be decided yet (a state not certified yet, a registry
 * version not known yet) — try again later. Never {@code null} for "later".
 */
public sealed interface ValidationResult {
  /** The artifact or payload is valid. */
  record Valid() implements ValidationResult {}

  /**
   * The artifact or payload is invalid for good.
   *
   * @param reason which rule it breaks, for logs and tests
   */
  record Invalid(String reason) implements ValidationResult {
    /** Validates the component. */
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Cannot be decided yet.
   *
   * @param reason what is missing
   */
  record Transient(String reason) implements ValidationResult {
    /** Validates the component. */
    public Transient {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The valid result (one instance). */
  ValidationResult VALID = new Valid();

  /** {@link Valid}. */
  static ValidationResult valid() {
    return VALID;
  }

  /** {@link Invalid} with {@code reason}. */
  static ValidationResult invalid(String reason) {
    return new Invalid(reason);
  }

  /** {@link Transient} with {@code reason}. */
  static ValidationResult transientFailure(String reason) {
    return new Transient(reason);
  }

  /** Whether this is {@link Valid}. */
  default boolean isValid() {
    return this instanceof Valid;
  }
}
