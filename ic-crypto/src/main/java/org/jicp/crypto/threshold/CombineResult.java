package org.jicp.crypto.threshold;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.bls.Signature;

/**
 * The outcome of {@link ThresholdSignatures#combineVerified}: the combined signature, the indices
 * whose shares were interpolated, and the indices whose shares did not verify (the culprits).
 *
 * @param signature the combined signature (an ordinary IC signature under the group key)
 * @param usedIndices the t indices interpolated, ascending
 * @param invalidIndices the indices of shares that failed verification, ascending
 */
public record CombineResult(Signature signature, List<Integer> usedIndices, List<Integer> invalidIndices) {
  /** Validates and copies the components. */
  public CombineResult {
    Objects.requireNonNull(signature, "signature");
    usedIndices = List.copyOf(usedIndices);
    invalidIndices = List.copyOf(invalidIndices);
  }
}
