package org.jicp.nns.host;

import org.jicp.types.RejectCode;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * The result of a system canister handling a message: a reply or a reject to the caller, or
 * outgoing calls whose responses continue the work ({@link Await}). When a message awaits, the
 * changes made so far are committed (as on the IC, where every await is a commit point); a trap in
 * a continuation rolls back only the continuation's changes.
 */
public sealed interface Outcome {
  /** Reply to the caller. */
  record Reply(Bytes bytes) implements Outcome {
    /** Validates the component. */
    public Reply {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** Reject the call. */
  record Reject(RejectCode code, String message) implements Outcome {}

  /** Make {@code call}; when its response arrives, {@code then} continues. */
  record Await(OutgoingCall call, Continuation then) implements Outcome {
    /** Validates the components. */
    public Await {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(then, "then");
    }
  }

  /** Several independent outcomes at once (heartbeats that start several calls); no reply. */
  record All(List<Outcome> outcomes) implements Outcome {
    /** Copies the list. */
    public All {
      outcomes = List.copyOf(outcomes);
    }
  }

  /** Nothing to do and nothing to answer (heartbeats). */
  record Done() implements Outcome {}

  /**
   * What a canister does with the response to one of its calls, as data: the name of one of the
   * canister's steps ({@link SystemCanister#resume}) and the context that step needs (bytes in a
   * format of the canister's choosing). Being data, an outstanding continuation is saved with the
   * canister's state and survives checkpoints, state sync, snapshots and upgrades.
   */
  record Continuation(String step, Bytes context) {
    /** Validates the components. */
    public Continuation {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(context, "context");
      if (step.isEmpty()) {
        throw new IllegalArgumentException("a continuation needs a step name");
      }
    }
  }

  /** A reply. */
  static Outcome reply(byte[] bytes) {
    return new Reply(Bytes.of(bytes));
  }

  /** A call whose response continues at {@code step} with {@code context}. */
  static Outcome call(OutgoingCall call, String step, Bytes context) {
    return new Await(call, new Continuation(step, context));
  }

  /** Nothing. */
  static Outcome done() {
    return new Done();
  }
}
