package org.jicp.state.replicated;

/** A canister's run status (IC interface specification, {@code canister_status}). */
public enum CanisterStatus {
  /** Accepts and executes calls. */
  RUNNING,
  /** Stopping: rejects new calls, finishes outstanding ones. */
  STOPPING,
  /** Stopped: executes nothing. */
  STOPPED
}
