package org.jicp.wasm.internal.round;

import org.jicp.state.replicated.CanisterMessage;
import org.jicp.wasm.ApiContext;
import org.jicp.wasm.internal.exec.Fiber;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.SystemApi;

/**
 * A long execution paused between rounds (deterministic time slicing; dfinity/ic {@code
 * PausedExecution}, {@code PausedInstallCodeExecution}): the fiber holding its wasm stack, the
 * instance and System API it runs on, and the message it executes. Not replicated: none of its
 * effects is in the state until it completes (the message stays at the head of its queue), so
 * dropping it ({@link #abort}) leaves the state as if it had never started and the message runs
 * again from scratch, as the IC restarts aborted executions.
 */
final class PausedExecution {
  /** What is executing. */
  enum Kind {
    /** An update call (ingress or canister request). */
    CALL,
    /** The wasm part of an install_code (install, reinstall, upgrade). */
    INSTALL
  }

  final Kind kind;
  /** The message being executed (equal to the head of its queue while paused). */
  final CanisterMessage message;
  final Fiber fiber;
  final LiveInstance instance;
  final SystemApi api;
  final ApiContext context;
  final long limit;
  /** The instructions executed when it last paused (what the next slice is counted from). */
  long executedAtPause;
  /** The round in which it last paused. */
  Object pausedIn;

  PausedExecution(Kind kind, CanisterMessage message, Fiber fiber, LiveInstance instance,
      SystemApi api, ApiContext context, long limit) {
    this.kind = kind;
    this.message = message;
    this.fiber = fiber;
    this.instance = instance;
    this.api = api;
    this.context = context;
    this.limit = limit;
  }

  /** Ends the fiber; nothing of the execution is kept. */
  void abort() {
    fiber.abort();
  }
}
