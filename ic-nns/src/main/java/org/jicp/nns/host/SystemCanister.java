package org.jicp.nns.host;

import org.jicp.types.RejectCode;

import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;

/**
 * A native system canister: a deterministic state machine that a replica hosts at a fixed canister
 * id. A message in (method, argument bytes, caller, time) gives a new state and an {@link Outcome}
 * (a reply, a reject, or calls out); upgrades keep the state through {@link #saveState} and a
 * restore factory; a trap (an exception out of {@link #handle} or a continuation) rolls back the
 * message's changes — the host runs every handler inside {@link #atomic}.
 *
 * <p>Contract for hosts: call {@link #handle}, {@link #heartbeat} and continuations only inside
 * {@link #atomic}; treat an exception as a trap; treat query methods ({@link #isQuery}) as
 * read-only by rolling their changes back; upgrade only when no call of the canister is
 * outstanding ({@link #hasOutstandingWork}).
 */
public interface SystemCanister {
  /** The canister id. */
  CanisterId id();

  /** Whether {@code method} is a query. */
  boolean isQuery(String method);

  /** Whether {@code method} exists. */
  boolean hasMethod(String method);

  /**
   * Handles a message. Exceptions are traps: {@link org.jicp.nns.NnsException}s become rejects
   * with code {@link RejectCode#CANISTER_REJECT} carrying their message, others {@link
   * RejectCode#CANISTER_ERROR}; either way the changes are rolled back.
   */
  Outcome handle(CallContext ctx, String method, Bytes arg);

  /**
   * Continues the work that awaited a call ({@link Outcome.Await}) with the call's {@code
   * response}, at the time of {@code ctx}: {@code then} is the continuation the canister returned,
   * possibly saved and restored since (a checkpoint, state sync, snapshot or upgrade came between),
   * so the step may run on another instance than the one that made the call. Exceptions are traps,
   * as for {@link #handle}.
   */
  default Outcome resume(CallContext ctx, Outcome.Continuation then, Response response) {
    throw new IllegalStateException(id() + " makes no calls, so it has no step " + then.step());
  }

  /** Periodic work (the canister heartbeat), at the time of {@code ctx}. */
  default Outcome heartbeat(CallContext ctx) {
    return Outcome.done();
  }

  /** Whether the canister has periodic work ({@link #heartbeat} does something). */
  default boolean hasHeartbeat() {
    return false;
  }

  /** The canister's certified data (at most 32 bytes), for certificates of its queries. */
  Bytes certifiedData();

  /** Runs {@code body} atomically on the canister's state. */
  <T> T atomic(Supplier<T> body);

  /** Whether calls of the canister are outstanding (an upgrade must wait). */
  default boolean hasOutstandingWork() {
    return false;
  }

  /** The state as protobuf bytes, for an upgrade. */
  Bytes saveState();
}
