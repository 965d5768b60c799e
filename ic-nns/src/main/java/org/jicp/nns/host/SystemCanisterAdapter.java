package org.jicp.nns.host;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.NnsException;
import org.jicp.nns.internal.pb.HostedCanisterStatePb;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.Cycles;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;

/**
 * Runs a {@link SystemCanister} as a native canister of the replicated round ({@code
 * ic-wasm-runtime}'s {@link org.jicp.wasm.execution.NativeCanister}): the same canister code, now
 * with queues, call contexts, callbacks and cycles in the {@code ReplicatedState}.
 *
 * <p>Mapping:
 *
 * <ul>
 *   <li>{@link Outcome.Reply} / {@link Outcome.Reject} become {@link NativeOutcome.Reply} /
 *       {@link NativeOutcome.Reject} (reject code 4, {@code CANISTER_REJECT}); an {@link
 *       NnsException} thrown by the canister becomes a {@link NativeCanisterException} (code 4,
 *       its message), anything else a trap (code 5); either way the executor rolls the message
 *       back through {@link #atomic}.
 *   <li>{@link Outcome.Await} becomes a {@link NativeOutcome.Calls} of one call; its continuation
 *       is kept here under a fresh continuation id and run by {@link #resume} when the response
 *       arrives. {@link Outcome.All} (heartbeats) becomes one {@code Calls} of all its awaits; the
 *       continuations of a heartbeat answer nobody.
 *   <li>{@link #heartbeat} runs {@link SystemCanister#heartbeat} for canisters that have one
 *       ({@link SystemCanister#hasHeartbeat}); it answers a (possibly empty) outcome every round so
 *       that the executor counts the heartbeat's changes as unsaved.
 *   <li>{@link #saveState} is a {@code HostedCanisterStatePb}: the canister's own {@link
 *       SystemCanister#saveState} bytes, the next continuation id and the ids outstanding.
 * </ul>
 *
 * <p><b>Continuations after a restart.</b> Continuations are Java closures and are not saved. An
 * instance created from a saved state (a checkpoint reloaded by a restarted node, a state-synced
 * copy, an upgrade, a snapshot loaded) knows the ids that were outstanding when the state was
 * saved, and answers their responses with a reject ("the continuation … was lost"); the executor
 * then rejects the call that was waiting (its caller sees code 4 with that message). What the
 * canister changed before the await stays committed, as on the IC after a trap in a callback; the
 * canister's own bookkeeping of that call (a neuron locked for a ledger step, a notification in
 * progress at the cycles minting canister) stays as it was. The id counter is saved too, so a
 * restored instance never reuses an outstanding id. Caveat: an instance that kept running past the
 * same checkpoint still has the continuation and continues normally, so a node restarted while an
 * NNS call is outstanding diverges from one that did not restart; making the NNS canisters'
 * continuations data (saved with the state) removes that, and is not done yet.
 */
public final class SystemCanisterAdapter implements org.jicp.wasm.execution.NativeCanister {
  /** A continuation and whether its outcome answers the call context (false for heartbeats). */
  private record Pending(Outcome.Continuation then, boolean answers) {}

  private final SystemCanister canister;
  private TreeMap<Long, Pending> continuations = new TreeMap<>();
  private TreeSet<Long> lost = new TreeSet<>();
  private long nextContinuationId = 1;

  private SystemCanisterAdapter(SystemCanister canister) {
    this.canister = Objects.requireNonNull(canister, "canister");
  }

  /** A fresh adapter around {@code canister} (no continuation outstanding). */
  public static SystemCanisterAdapter of(SystemCanister canister) {
    return new SystemCanisterAdapter(canister);
  }

  /**
   * An adapter restored from {@link #saveState} bytes; {@code restore} builds the canister from
   * its own state bytes.
   *
   * @throws MalformedRequestException if the bytes are not a saved adapter state
   */
  public static SystemCanisterAdapter restore(Bytes saved, java.util.function.Function<Bytes, SystemCanister> restore) {
    HostedCanisterStatePb pb;
    try {
      pb = HostedCanisterStatePb.parseFrom(saved.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("hosted canister state: " + e.getMessage(), e);
    }
    SystemCanisterAdapter a = new SystemCanisterAdapter(restore.apply(Bytes.of(pb.getState().toByteArray())));
    a.nextContinuationId = Math.max(1, pb.getNextContinuationId());
    a.lost.addAll(pb.getOutstandingContinuationsList());
    return a;
  }

  /** The hosted canister (its state machine, for reading between rounds). */
  public SystemCanister canister() {
    return canister;
  }

  /** The continuation ids this instance can resume, ascending. */
  public List<Long> outstandingContinuations() {
    return List.copyOf(continuations.keySet());
  }

  /** The ids that were outstanding when the state this instance was restored from was saved. */
  public List<Long> lostContinuations() {
    return List.copyOf(lost);
  }

  @Override
  public boolean hasMethod(String method) {
    return canister.hasMethod(method);
  }

  @Override
  public boolean isQuery(String method) {
    return canister.isQuery(method);
  }

  private static CallContext context(NativeContext ctx) {
    return new CallContext(ctx.caller(), ctx.timeNanos(), ctx.dataCertificate());
  }

  @Override
  public NativeOutcome handle(NativeContext ctx, String method, Bytes arg) {
    Outcome o;
    try {
      o = canister.handle(context(ctx), method, arg);
    } catch (NnsException e) {
      throw new NativeCanisterException(e.getMessage(), e);
    }
    return convert(o, true);
  }

  @Override
  public NativeOutcome resume(NativeContext ctx, long continuationId, ResponsePayload response) {
    Pending p = continuations.remove(continuationId);
    if (p == null) {
      boolean wasLost = lost.remove(continuationId);
      return NativeOutcome.reject("the continuation " + continuationId + " of " + canister.id()
          + (wasLost ? " was lost: the canister was restored from a saved state (a checkpoint, a snapshot or an"
              + " upgrade) while its call was outstanding"
              : " is unknown"));
    }
    Response r = response instanceof ResponsePayload.Reply rep ? new Response.Reply(rep.data())
        : new Response.Reject(((ResponsePayload.Reject) response).code(), ((ResponsePayload.Reject) response).message());
    Outcome o;
    try {
      o = p.then().resume(context(ctx), r);
    } catch (NnsException e) {
      throw new NativeCanisterException(e.getMessage(), e);
    }
    return convert(o, p.answers());
  }

  @Override
  public Optional<NativeOutcome> heartbeat(NativeContext ctx) {
    if (!canister.hasHeartbeat()) {
      return Optional.empty();
    }
    Outcome o;
    try {
      o = canister.heartbeat(context(ctx));
    } catch (NnsException e) {
      throw new NativeCanisterException(e.getMessage(), e);
    }
    return Optional.of(convert(o, false));
  }

  /** The native outcome of {@code o}; {@code answers}: whether a reply or reject answers the call. */
  private NativeOutcome convert(Outcome o, boolean answers) {
    if (o instanceof Outcome.Reply r) {
      return answers ? NativeOutcome.reply(r.bytes()) : NativeOutcome.done();
    }
    if (o instanceof Outcome.Reject r) {
      return answers ? NativeOutcome.reject(r.message()) : NativeOutcome.done();
    }
    if (o instanceof Outcome.Await a) {
      return new NativeOutcome.Calls(List.of(call(a, answers)), Cycles.ZERO);
    }
    if (o instanceof Outcome.All all) {
      List<NativeOutcome.Call> calls = new ArrayList<>();
      for (Outcome x : all.outcomes()) {
        if (x instanceof Outcome.Await a) {
          calls.add(call(a, false));
        } else if (!(x instanceof Outcome.Done)) {
          // NativeOutcome has no "reply and keep calling": a canister replies from its last step.
          throw new IllegalStateException(canister.id() + " answered " + x.getClass().getSimpleName()
              + " inside Outcome.All, which a hosted canister cannot do");
        }
      }
      return calls.isEmpty() ? NativeOutcome.done() : new NativeOutcome.Calls(calls, Cycles.ZERO);
    }
    return NativeOutcome.done();
  }

  private NativeOutcome.Call call(Outcome.Await a, boolean answers) {
    long id = nextContinuationId++;
    continuations.put(id, new Pending(a.then(), answers));
    OutgoingCall c = a.call();
    return new NativeOutcome.Call(c.target(), c.method(), c.arg(), c.cycles(), id);
  }

  @Override
  public Bytes certifiedData() {
    return canister.certifiedData();
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    TreeMap<Long, Pending> conts = new TreeMap<>(continuations);
    TreeSet<Long> lostBefore = new TreeSet<>(lost);
    long next = nextContinuationId;
    try {
      return canister.atomic(body);
    } catch (RuntimeException | Error e) {
      continuations = conts;
      lost = lostBefore;
      nextContinuationId = next;
      throw e;
    }
  }

  @Override
  public Bytes saveState() {
    HostedCanisterStatePb.Builder b = HostedCanisterStatePb.newBuilder()
        .setState(ByteString.copyFrom(canister.saveState().toByteArray()))
        .setNextContinuationId(nextContinuationId);
    TreeSet<Long> outstanding = new TreeSet<>(continuations.keySet());
    outstanding.addAll(lost);
    b.addAllOutstandingContinuations(outstanding);
    return Bytes.of(b.build().toByteArray());
  }

  @Override
  public String toString() {
    return "SystemCanisterAdapter(" + canister.id() + ", " + continuations.size() + " continuations)";
  }
}
