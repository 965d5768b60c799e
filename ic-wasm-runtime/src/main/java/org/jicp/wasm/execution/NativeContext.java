package org.jicp.wasm.execution;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;

/**
 * What a native canister knows about the message it handles.
 *
 * @param self the canister
 * @param subnet the subnet it runs on
 * @param caller the caller (a user or a canister)
 * @param timeNanos the round's time
 * @param cyclesAvailable cycles attached to the call, which it may accept ({@link
 *     NativeOutcome} says how many it did)
 * @param dataCertificate for non-replicated queries: the certificate of its certified data
 */
public record NativeContext(CanisterId self, SubnetId subnet, Principal caller, long timeNanos,
    Cycles cyclesAvailable, Optional<Bytes> dataCertificate) {
  /** Validates the components. */
  public NativeContext {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(subnet, "subnet");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(cyclesAvailable, "cyclesAvailable");
    Objects.requireNonNull(dataCertificate, "dataCertificate");
  }

  /** The time in whole seconds. */
  public long timeSeconds() {
    return timeNanos / 1_000_000_000L;
  }
}
