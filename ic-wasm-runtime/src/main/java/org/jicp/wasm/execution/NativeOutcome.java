package org.jicp.wasm.execution;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Cycles;

/**
 * What a native canister does with a message: reply, reject, make calls whose responses continue
 * the work, or nothing. Every outcome may accept some of the attached cycles.
 */
public sealed interface NativeOutcome {
  /** Cycles of the call accepted (at most the available ones). */
  Cycles accepted();

  /** Reply with {@code bytes}. */
  record Reply(Bytes bytes, Cycles accepted) implements NativeOutcome {
    /** Validates the components. */
    public Reply {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(accepted, "accepted");
    }
  }

  /** Reject with code 4 and {@code message}. */
  record Reject(String message, Cycles accepted) implements NativeOutcome {
    /** Validates the components. */
    public Reject {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(accepted, "accepted");
    }
  }

  /**
   * An outgoing call.
   *
   * @param callee the canister (or {@code aaaaa-aa}) called
   * @param method the method
   * @param arg the argument
   * @param cycles cycles attached (taken from the canister's balance)
   * @param continuationId the id {@link NativeCanister#resume} gets with the response
   */
  record Call(Principal callee, String method, Bytes arg, Cycles cycles, long continuationId) {
    /** Validates the components. */
    public Call {
      Objects.requireNonNull(callee, "callee");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(arg, "arg");
      Objects.requireNonNull(cycles, "cycles");
    }
  }

  /** Make {@code calls}; the answer to the caller comes from a later {@link NativeCanister#resume}. */
  record Calls(List<Call> calls, Cycles accepted) implements NativeOutcome {
    /** Copies the list. */
    public Calls {
      calls = List.copyOf(calls);
      Objects.requireNonNull(accepted, "accepted");
    }
  }

  /** Nothing to answer now and no calls (heartbeats; or the answer comes from another path). */
  record Done(Cycles accepted) implements NativeOutcome {}

  /** A reply accepting no cycles. */
  static NativeOutcome reply(Bytes bytes) {
    return new Reply(bytes, Cycles.ZERO);
  }

  /** A reject accepting no cycles. */
  static NativeOutcome reject(String message) {
    return new Reject(message, Cycles.ZERO);
  }

  /** Nothing. */
  static NativeOutcome done() {
    return new Done(Cycles.ZERO);
  }
}
