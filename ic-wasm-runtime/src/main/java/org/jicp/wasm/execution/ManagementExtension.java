package org.jicp.wasm.execution;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;

/**
 * A management canister method that a subnet adds to those of {@code ic.did} (e.g. the NNS
 * subnet's {@code setup_initial_dkg}, which the registry calls to create a subnet). It reads the
 * state but does not change it; it must be deterministic. Registered with {@link
 * RoundExecutor.Builder#managementExtension}.
 */
@FunctionalInterface
public interface ManagementExtension {
  /**
   * The call's context.
   *
   * @param caller the calling principal
   * @param callerCanister the calling canister, empty for ingress
   * @param state the state of the round (read only)
   * @param timeNanos the round's time
   * @param payment cycles attached (kept if the call is answered with a reply)
   */
  record Context(Principal caller, Optional<CanisterId> callerCanister, ReplicatedState state,
      long timeNanos, Cycles payment) {
    /** Validates the components. */
    public Context {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(callerCanister, "callerCanister");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(payment, "payment");
    }
  }

  /**
   * Handles a call; returns the reply's bytes, or throws {@link NativeCanisterException} to
   * reject with code 4 (the payment is refunded).
   */
  Bytes call(Context ctx, Bytes arg);
}
