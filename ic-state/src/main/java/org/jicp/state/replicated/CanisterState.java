package org.jicp.state.replicated;

import java.util.Objects;
import java.util.Optional;
import org.jicp.types.CanisterId;

/**
 * A canister's state: the system part and, once code is installed, the execution part.
 *
 * @param system the system part
 * @param execution the execution part, empty for a canister without code
 */
public record CanisterState(SystemState system, Optional<ExecutionState> execution) {
  /** Validates the components. */
  public CanisterState {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(execution, "execution");
  }

  /** The canister id. */
  public CanisterId id() {
    return system.canisterId();
  }

  /** A copy with another system part. */
  public CanisterState withSystem(SystemState s) {
    return new CanisterState(s, execution);
  }

  /** A copy with another execution part. */
  public CanisterState withExecution(ExecutionState e) {
    return new CanisterState(system, Optional.of(e));
  }
}
