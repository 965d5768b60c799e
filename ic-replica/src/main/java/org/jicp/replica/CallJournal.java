package org.jicp.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;

/** The latest calls given to a replica (bounded; diagnostics for failing tests). */
final class CallJournal {
  /** The calls kept. */
  static final int CAPACITY = 1_000;

  /** The status of a message not (or no longer) in the ingress history. */
  static final String NOT_IN_HISTORY = "not in the ingress history";

  private final ArrayDeque<CallRecord> calls = new ArrayDeque<>();
  private long next;

  private static Optional<Bytes> kept(Bytes arg) {
    return arg.length() <= CallRecord.MAX_ARGUMENT_BYTES ? Optional.of(arg) : Optional.empty();
  }

  private synchronized void add(CallRecord.Kind kind, CanisterId receiver, CanisterId effective,
      String method, Principal sender, Bytes arg, long now, Optional<MessageId> id,
      CallRecord.Outcome o) {
    if (calls.size() == CAPACITY) {
      calls.removeFirst();
    }
    calls.addLast(new CallRecord(next++, kind, receiver, effective, method, sender, now, id,
        kept(arg), arg.length(), o));
  }

  /** An ingress message admitted to a pool. */
  void submitted(CanisterMessage.Ingress m, long now) {
    add(CallRecord.Kind.UPDATE, m.receiver(), m.effectiveCanisterId(), m.methodName(),
        m.source(), m.methodPayload(), now, Optional.of(m.messageId()),
        new CallRecord.Status(NOT_IN_HISTORY));
  }

  /** An ingress message refused before the pool. */
  void refused(CanisterMessage.Ingress m, long now, ResponsePayload.Reject r) {
    add(CallRecord.Kind.UPDATE, m.receiver(), m.effectiveCanisterId(), m.methodName(),
        m.source(), m.methodPayload(), now, Optional.of(m.messageId()), outcome(r));
  }

  /** A query answered. */
  void queried(CanisterId canister, String method, Principal sender, Bytes arg, long now,
      ResponsePayload p) {
    add(CallRecord.Kind.QUERY, canister, canister, method, sender, arg, now, Optional.empty(),
        outcome(p));
  }

  static CallRecord.Outcome outcome(ResponsePayload p) {
    if (p instanceof ResponsePayload.Reply r) {
      return new CallRecord.Replied(r.data());
    }
    ResponsePayload.Reject j = (ResponsePayload.Reject) p;
    return new CallRecord.Rejected(j.code(), j.errorCode(), j.message());
  }

  /** The calls kept, oldest first. */
  synchronized List<CallRecord> all() {
    return new ArrayList<>(calls);
  }
}
