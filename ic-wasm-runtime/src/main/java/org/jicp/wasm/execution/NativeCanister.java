package org.jicp.wasm.execution;

import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.state.replicated.ResponsePayload;

/**
 * A canister implemented in Java (the NNS canisters, BigMap's index and buckets) that runs in the
 * same rounds as wasm canisters, through the same queues, call contexts, cycles and certified
 * tree. One instance per canister and per executor; the executor creates it with its {@link
 * NativeCanisterFactory} from the canister's saved state.
 *
 * <p>Contract: {@link #handle}, {@link #resume} and {@link #heartbeat} are deterministic functions
 * of the instance's state and their arguments; the executor runs each inside {@link #atomic}, and
 * an exception is a trap (the changes of that call are rolled back; {@link
 * NativeCanisterException}s carry a reject message, others become "trapped"). {@link #saveState}
 * captures the whole persistent state: the executor writes it into the canister's stable memory
 * whenever the state must be complete (checkpoints, snapshots, upgrades), and a new instance
 * created from it must behave exactly as this one. That includes the continuations of outstanding
 * calls, kept by the instance under the ids it returned in {@link NativeOutcome.Call}s: they are
 * replicated data (what the canister will do with each response) and belong in the saved state,
 * so that a node restarted from a checkpoint or a state-synced copy resumes them exactly as a node
 * that kept running; see {@link #resume}.
 */
public interface NativeCanister {
  /** Whether {@code method} exists. */
  boolean hasMethod(String method);

  /** Whether {@code method} is a query. */
  boolean isQuery(String method);

  /** Handles a call. */
  NativeOutcome handle(NativeContext ctx, String method, Bytes arg);

  /**
   * Continues the work that made the outgoing call {@code continuationId} with its response. An
   * instance created from a state saved while the call was outstanding (a checkpoint, a state-synced
   * copy, a snapshot, an upgrade) must continue it exactly as the instance that made the call. An id
   * the instance does not know must be answered with a reject: the executor then rejects the open
   * call.
   */
  NativeOutcome resume(NativeContext ctx, long continuationId, ResponsePayload response);

  /** Periodic work, once per round (the canister heartbeat); empty if there is none. */
  default Optional<NativeOutcome> heartbeat(NativeContext ctx) {
    return Optional.empty();
  }

  /** The canister's certified data (at most 32 bytes). */
  Bytes certifiedData();

  /** Runs {@code body} atomically: if it throws, the instance's state is as before. */
  <T> T atomic(Supplier<T> body);

  /** The whole persistent state, for checkpoints, snapshots and upgrades. */
  Bytes saveState();
}
