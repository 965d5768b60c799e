package org.jicp.nns.host;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * What a system canister knows about the message it handles: the caller, the time (nanoseconds
 * since the epoch, from the replica's block), and, for queries, the data certificate of the
 * canister's certified data if the host has one ({@code ic0.data_certificate_copy}).
 *
 * @param caller the calling principal (a user or a canister)
 * @param timeNanos the time of the message
 * @param dataCertificate the certificate of the canister's certified data (queries only)
 */
public record CallContext(Principal caller, long timeNanos, Optional<Bytes> dataCertificate) {
  /** Validates the components. */
  public CallContext {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(dataCertificate, "dataCertificate");
  }

  /** A context without a data certificate. */
  public static CallContext of(Principal caller, long timeNanos) {
    return new CallContext(caller, timeNanos, Optional.empty());
  }

  /** The time in whole seconds. */
  public long timeSeconds() {
    return timeNanos / 1_000_000_000L;
  }
}
