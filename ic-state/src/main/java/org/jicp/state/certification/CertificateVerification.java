package org.jicp.state.certification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link CertificateVerifier}: valid (with the certified time) or invalid (with the
 * kind of failure and a reason). A forged or stale certificate is an expected outcome, not an
 * exception.
 */
public final class CertificateVerification {
  /** Why a certificate was rejected. */
  public enum Failure {
    /** The signature does not verify under the expected key. */
    BAD_SIGNATURE,
    /** The delegation is broken: undecodable, nested, badly signed, or without the subnet key. */
    BAD_DELEGATION,
    /** The effective canister (or subnet) is outside the delegation's scope. */
    NOT_AUTHORIZED,
    /** {@code /time} is missing or malformed. */
    NO_TIME,
    /** {@code /time} is outside the freshness window. */
    NOT_FRESH
  }

  private final Failure failure;
  private final String reason;
  private final Instant time;

  private CertificateVerification(Failure failure, String reason, Instant time) {
    this.failure = failure;
    this.reason = reason;
    this.time = time;
  }

  /** A valid certificate certified at {@code time}. */
  public static CertificateVerification valid(Instant time) {
    return new CertificateVerification(null, null, Objects.requireNonNull(time, "time"));
  }

  /** A rejected certificate. */
  public static CertificateVerification invalid(Failure failure, String reason) {
    return new CertificateVerification(
        Objects.requireNonNull(failure, "failure"), Objects.requireNonNull(reason, "reason"), null);
  }

  /** Whether the certificate is valid. */
  public boolean isValid() {
    return failure == null;
  }

  /** The kind of failure, empty if valid. */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** The reason for rejection, empty if valid. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * The certified time.
   *
   * @throws IllegalStateException if the certificate is invalid
   */
  public Instant time() {
    if (time == null) {
      throw new IllegalStateException("certificate is invalid: " + reason);
    }
    return time;
  }

  @Override
  public String toString() {
    return isValid() ? "valid(" + time + ")" : "invalid(" + failure + ": " + reason + ")";
  }
}
