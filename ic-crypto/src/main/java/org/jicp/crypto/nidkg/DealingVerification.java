package org.jicp.crypto.nidkg;

import java.util.Objects;

/**
 * The verdict on a dealing: valid, or the rule it broke, naming the dealer.
 *
 * @param dealerIndex the dealer
 * @param failure the rule broken, or {@code null} if the dealing is valid
 * @param detail a human-readable explanation (empty if valid)
 */
public record DealingVerification(int dealerIndex, Failure failure, String detail) {
  /** The rules a dealing can break ({@code verify_dealing}, {@code verify_resharing_dealing}). */
  public enum Failure {
    /** The dealer index is outside {@code 0..dealers-1}. */
    DEALER_INDEX_OUT_OF_RANGE,
    /** The ciphertext (or proof) is not for the configured number of receivers. */
    WRONG_NUMBER_OF_RECEIVERS,
    /** The number of public coefficients is not the threshold. */
    THRESHOLD_MISMATCH,
    /** Some {@code (R_j, S_j, Z_j)} fails {@code e(R_j, f(τ)) e(S_j, h) = e(g1, Z_j)}. */
    CIPHERTEXT_INTEGRITY,
    /** The proof of chunking does not verify. */
    CHUNKING_PROOF,
    /** The proof of correct sharing does not verify. */
    SHARING_PROOF,
    /** A resharing dealing whose constant term is not the dealer's old individual public key. */
    RESHARING_KEY_MISMATCH
  }

  /** Validates the components. */
  public DealingVerification {
    Objects.requireNonNull(detail, "detail");
  }

  static DealingVerification valid(int dealerIndex) {
    return new DealingVerification(dealerIndex, null, "");
  }

  static DealingVerification invalid(int dealerIndex, Failure failure, String detail) {
    return new DealingVerification(dealerIndex, Objects.requireNonNull(failure), detail);
  }

  /** Whether the dealing is valid. */
  public boolean isValid() {
    return failure == null;
  }

  @Override
  public String toString() {
    return isValid()
        ? "dealing of dealer " + dealerIndex + ": valid"
        : "dealing of dealer " + dealerIndex + ": " + failure + " (" + detail + ")";
  }
}
