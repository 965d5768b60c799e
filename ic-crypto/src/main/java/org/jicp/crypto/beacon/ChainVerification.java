package org.jicp.crypto.beacon;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The verdict on a chain of random beacons: valid, or the height of the first beacon that breaks
 * a rule and which rule.
 *
 * @param firstInvalidHeight the culprit's height, empty if the chain is valid
 * @param reason what was wrong (empty text if valid)
 */
public record ChainVerification(OptionalLong firstInvalidHeight, String reason) {
  /** The verdict on a chain with no fault. */
  public static final ChainVerification VALID = new ChainVerification(OptionalLong.empty(), "");

  /** Validates the components. */
  public ChainVerification {
    Objects.requireNonNull(firstInvalidHeight, "firstInvalidHeight");
    Objects.requireNonNull(reason, "reason");
  }

  /** The verdict naming the beacon of {@code height}. */
  public static ChainVerification invalidAt(long height, String reason) {
    return new ChainVerification(OptionalLong.of(height), reason);
  }

  /** Whether every beacon verified. */
  public boolean isValid() {
    return firstInvalidHeight.isEmpty();
  }
}
