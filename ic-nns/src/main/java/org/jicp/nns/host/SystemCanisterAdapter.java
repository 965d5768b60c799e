package org.jicp.nns.host;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.NnsException;
import org.jicp.nns.internal.pb.ContinuationPb;
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
 *       (a step name and a context, data) is kept here under a fresh continuation id and run by
 *       {@link #resume} through {@link SystemCanister#resume} when the response arrives. {@link
 *       Outcome.All} (heartbeats) becomes one {@code Calls} of all its awaits; the continuations of
 *       a heartbeat answer nobody.
 *   <li>{@link #heartbeat} runs {@link SystemCanister#heartbeat} for canisters that have one
 *       ({@link SystemCanister#hasHeartbeat}); it answers a (possibly empty) outcome every round so
 *       that the executor counts the heartbeat's changes as unsaved.
 *   <li>{@link #saveState} is a {@code HostedCanisterStatePb}: the canister's own {@link
 *       SystemCanister#saveState} bytes, the next continuation id and every outstanding
 *       continuation (id, step, context, whether it answers the call context).
 * </ul>
 *
 * <p><b>Continuations after a restart.</b> An instance created from a saved state (a checkpoint
 * reloaded by a restarted node, a state-synced copy, an upgrade, a snapshot loaded) has the same
 * outstanding continuations as the instance that saved it, and continues each the same way when
 * its response arrives: a node restarted while an NNS call is outstanding stays in step with one
 * that did not restart. A response for an id that is not outstanding is answered with a reject
 * ("unknown continuation").
 */
public final class SystemCanisterAdapter implements org.jicp.wasm.execution.NativeCanister {
  /** A continuation and whether its outcome answers the call context (false for heartbeats). */
  private record Pending(Outcome.Continuation then, boolean answers) {}

  private final SystemCanister canister;
  private TreeMap<Long, Pending> continuations = new TreeMap<>();
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
    for (ContinuationPb c : pb.getContinuationsList()) {
      if (c.getId() >= a.nextContinuationId || c.getStep().isEmpty()) {
        throw new MalformedRequestException("hosted canister state: continuation " + c.getId() + " (step '"
            + c.getStep() + "') is not below the next id " + a.nextContinuationId + " or has no step");
      }
      if (a.continuations.put(c.getId(), new Pending(new Outcome.Continuation(c.getStep(),
          Bytes.of(c.getContext().toByteArray())), c.getAnswers())) != null) {
        throw new MalformedRequestException("hosted canister state: continuation " + c.getId() + " twice");
      }
    }
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

  /** The continuation outstanding under {@code id}, if any. */
  public Optional<Outcome.Continuation> continuation(long id) {
    return Optional.ofNullable(continuations.get(id)).map(Pending::then);
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
      return NativeOutcome.reject("the continuation " + continuationId + " of " + canister.id() + " is unknown");
    }
    Response r = response instanceof ResponsePayload.Reply rep ? new Response.Reply(rep.data())
        : new Response.Reject(((ResponsePayload.Reject) response).code(), ((ResponsePayload.Reject) response).message());
    Outcome o;
    try {
      o = canister.resume(context(ctx), p.then(), r);
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
    long next = nextContinuationId;
    try {
      return canister.atomic(body);
    } catch (RuntimeException | Error e) {
      continuations = conts;
      nextContinuationId = next;
      throw e;
    }
  }

  @Override
  public Bytes saveState() {
    HostedCanisterStatePb.Builder b = HostedCanisterStatePb.newBuilder()
        .setState(ByteString.copyFrom(canister.saveState().toByteArray()))
        .setNextContinuationId(nextContinuationId);
    continuations.forEach((id, p) -> b.addContinuations(ContinuationPb.newBuilder().setId(id)
        .setStep(p.then().step()).setContext(ByteString.copyFrom(p.then().context().toByteArray()))
        .setAnswers(p.answers())));
    return Bytes.of(b.build().toByteArray());
  }

  @Override
  public String toString() {
    return "SystemCanisterAdapter(" + canister.id() + ", " + continuations.size() + " continuations)";
  }
}
