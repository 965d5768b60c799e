package org.jicp.wasm.internal.round;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CallContext;
import org.jicp.state.replicated.CallContextManager;
import org.jicp.state.replicated.CallOrigin;
import org.jicp.state.replicated.Callback;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.Closure;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;

/**
 * Replicated execution of native (Java) canisters: the same call contexts, callbacks, queues and
 * cycles as wasm canisters, with the canister's Java instance in place of a wasm instance. Each
 * handler runs inside the instance's {@code atomic}; an exception rolls its changes back and
 * becomes a reject (code 4 for {@link NativeCanisterException}, 5 otherwise). Native canisters
 * are not charged for instructions (they have none); the instance's state is saved into the
 * canister's stable memory at checkpoints ({@link #flush}), snapshots and upgrades.
 */
final class NativeExecution {
  private final Round round;

  NativeExecution(Round round) {
    this.round = round;
  }

  private NativeCanister instance(CanisterId id) {
    ExecutionState es = round.canister(id).orElseThrow().execution().orElseThrow();
    return round.runtimes.nativeCanister(id, es).instance;
  }

  private void markDirty(CanisterId id) {
    ExecutionState es = round.canister(id).orElseThrow().execution().orElseThrow();
    Runtimes.Native n = round.runtimes.nativeCanister(id, es);
    n.dirty = true;
  }

  private NativeContext context(CanisterId id, Principal caller, Cycles available) {
    return new NativeContext(id, round.ownSubnet(), caller, round.time(), available,
        Optional.empty());
  }

  /** Runs {@code body} atomically; an exception becomes a reject payload. */
  private Object run(NativeCanister c, java.util.function.Supplier<NativeOutcome> body) {
    try {
      return c.atomic(body);
    } catch (NativeCanisterException e) {
      return new ResponsePayload.Reject(RejectCode.CANISTER_REJECT, e.getMessage(),
          Optional.of(ErrorCode.CANISTER_REJECTED_MESSAGE));
    } catch (RuntimeException e) {
      return new ResponsePayload.Reject(RejectCode.CANISTER_ERROR, "Canister trapped: " + e,
          Optional.of(ErrorCode.CANISTER_TRAPPED));
    }
  }

  long call(CanisterId id, CallOrigin origin, Principal caller, String method, Bytes arg,
      Cycles payment) {
    NativeCanister c = instance(id);
    if (!c.hasMethod(method)) {
      round.respond(origin, id, new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID,
          "Canister " + id + " has no update method '" + method + "'",
          Optional.of(ErrorCode.CANISTER_METHOD_NOT_FOUND)), payment);
      return 0;
    }
    CanisterState cs = round.canister(id).orElseThrow();
    CallContextManager ccm = cs.system().callContexts();
    long ctxId = ccm.nextCallContextId();
    round.put(cs.withSystem(cs.system().withCallContexts(ccm.newCallContext(
        new CallContext(origin, method, false, false, payment, round.time())))));
    boolean query = c.isQuery(method);
    NativeContext ctx = context(id, caller, payment);
    Object out;
    if (query) {
      // A query called in replicated mode: its changes are discarded.
      Object[] result = new Object[1];
      try {
        c.atomic(() -> {
          result[0] = c.handle(ctx, method, arg);
          throw new Discard();
        });
      } catch (Discard expected) {
        // rolled back
      } catch (NativeCanisterException e) {
        result[0] = new ResponsePayload.Reject(RejectCode.CANISTER_REJECT, e.getMessage(),
            Optional.of(ErrorCode.CANISTER_REJECTED_MESSAGE));
      } catch (RuntimeException e) {
        result[0] = new ResponsePayload.Reject(RejectCode.CANISTER_ERROR,
            "Canister trapped: " + e, Optional.of(ErrorCode.CANISTER_TRAPPED));
      }
      out = result[0];
    } else {
      out = run(c, () -> c.handle(ctx, method, arg));
      markDirty(id);
      syncCertifiedData(id);
    }
    apply(id, ctxId, out, query);
    round.finishContext(id, ctxId);
    return 0;
  }

  private static final class Discard extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Discard() {
      super(null, null, false, false);
    }
  }

  /** Applies an outcome (or a reject payload from a trap) to call context {@code ctxId}. */
  private void apply(CanisterId id, long ctxId, Object out, boolean query) {
    if (out instanceof ResponsePayload.Reject j) {
      if (ctxId > 0) {
        round.respondContext(id, ctxId, j);
      }
      return;
    }
    NativeOutcome o = (NativeOutcome) out;
    if (!query && ctxId > 0 && o.accepted().value().signum() > 0) {
      CanisterState cs = round.canister(id).orElseThrow();
      CallContextManager ccm = cs.system().callContexts();
      CallContext ctx = ccm.callContexts().get(ctxId);
      Cycles accepted = o.accepted().compareTo(ctx.availableCycles()) <= 0 ? o.accepted()
          : ctx.availableCycles();
      cs = cs.withSystem(cs.system().withCallContexts(ccm.withCallContext(ctxId,
          ctx.withAvailableCycles(ctx.availableCycles().subtract(accepted)))));
      round.put(cs);
      round.credit(cs, accepted);
    }
    if (o instanceof NativeOutcome.Reply r) {
      if (ctxId > 0) {
        round.respondContext(id, ctxId, new ResponsePayload.Reply(r.bytes()));
      }
    } else if (o instanceof NativeOutcome.Reject r) {
      if (ctxId > 0) {
        round.respondContext(id, ctxId, ResponsePayload.Reject.byCanister(r.message()));
      }
    } else if (o instanceof NativeOutcome.Calls calls) {
      if (query) {
        round.respondContext(id, ctxId, new ResponsePayload.Reject(RejectCode.CANISTER_ERROR,
            "a query may not make calls", Optional.of(ErrorCode.CANISTER_CONTRACT_VIOLATION)));
        return;
      }
      for (NativeOutcome.Call call : calls.calls()) {
        send(id, ctxId, call);
      }
    }
  }

  private void send(CanisterId from, long ctxId, NativeOutcome.Call call) {
    CanisterState cs = round.canister(from).orElseThrow();
    Cycles cycles = call.cycles();
    if (cycles.compareTo(cs.system().cyclesBalance()) > 0) {
      cycles = cs.system().cyclesBalance();
    }
    CanisterId callee = new CanisterId(call.callee());
    CallContextManager ccm = cs.system().callContexts();
    long cbId = ccm.nextCallbackId();
    Closure k = new Closure(call.continuationId(), 0);
    ccm = ccm.registerCallback(new Callback(ctxId, from, callee, cycles, Cycles.ZERO, k, k,
        Optional.empty(), 0));
    cs = cs.withSystem(cs.system().withCallContexts(ccm)
        .withCyclesBalance(cs.system().cyclesBalance().subtract(cycles)));
    round.put(cs);
    round.route(new CanisterMessage.Request(callee, from, cbId, cycles, call.method(),
        call.arg(), 0));
  }

  long response(CanisterId id, Callback cb, CanisterMessage.Response resp) {
    NativeCanister c = instance(id);
    CanisterState cs = round.canister(id).orElseThrow();
    long ctxId = cb.callContextId();
    CallContext ctx = cs.system().callContexts().callContexts().get(ctxId);
    Principal caller = ctx.origin() instanceof CallOrigin.Ingress i ? i.user()
        : ctx.origin() instanceof CallOrigin.Canister k ? k.caller().principal() : id.principal();
    NativeContext nctx = context(id, caller, ctx.availableCycles());
    Object out = run(c, () -> c.resume(nctx, cb.onReply().function(), resp.payload()));
    markDirty(id);
    syncCertifiedData(id);
    apply(id, ctx.origin() instanceof CallOrigin.SystemTask ? ctxId : ctxId, out, false);
    round.finishContext(id, ctxId);
    return 0;
  }

  long heartbeat(CanisterId id) {
    NativeCanister c = instance(id);
    NativeContext ctx = context(id, id.principal(), Cycles.ZERO);
    Object out;
    try {
      Optional<NativeOutcome> o = c.atomic(() -> c.heartbeat(ctx));
      if (o.isEmpty()) {
        return 0;
      }
      out = o.get();
    } catch (RuntimeException e) {
      round.log(id, List.of("heartbeat trapped: " + e));
      return 0;
    }
    markDirty(id);
    syncCertifiedData(id);
    if (out instanceof NativeOutcome.Calls) {
      CanisterState cs = round.canister(id).orElseThrow();
      CallContextManager ccm = cs.system().callContexts();
      long ctxId = ccm.nextCallContextId();
      round.put(cs.withSystem(cs.system().withCallContexts(ccm.newCallContext(new CallContext(
          new CallOrigin.SystemTask(), "", true, false, Cycles.ZERO, round.time())))));
      apply(id, ctxId, out, false);
      round.finishContext(id, ctxId);
    }
    return 0;
  }

  /** Saves the state of every native instance with unsaved changes into the state. */
  void flush() {
    for (Map.Entry<CanisterId, Runtimes.Native> e : round.runtimes.dirtyNatives().entrySet()) {
      CanisterState cs = round.canister(e.getKey()).orElse(null);
      if (cs == null || cs.execution().isEmpty()
          || cs.execution().get().nativeKind().isEmpty()) {
        continue;
      }
      flush(e.getKey());
    }
  }

  /** Saves native canister {@code id}'s instance state into the state (no-op if clean). */
  void flush(CanisterId id) {
    CanisterState cs = round.canister(id).orElseThrow();
    ExecutionState es = cs.execution().orElseThrow();
    Runtimes.Native n = round.runtimes.nativeCanister(id, es);
    if (!n.dirty) {
      return;
    }
    ExecutionState saved = Round.saveNative(es, n.instance.saveState());
    SystemStateCertified.update(round, id, n.instance.certifiedData());
    cs = round.canister(id).orElseThrow();
    round.put(new CanisterState(cs.system(), Optional.of(saved)));
    n.mirrored = saved;
    n.dirty = false;
  }

  /** Brings the certified data of native canister {@code id} into its system state. */
  void syncCertifiedData(CanisterId id) {
    SystemStateCertified.update(round, id, instance(id).certifiedData());
  }

  /** Certified data updates, shared by flush and every execution. */
  static final class SystemStateCertified {
    private SystemStateCertified() {}

    static void update(Round round, CanisterId id, Bytes data) {
      CanisterState cs = round.canister(id).orElseThrow();
      if (!cs.system().certifiedData().equals(data)) {
        round.put(cs.withSystem(cs.system().withCertifiedData(data)));
      }
    }
  }
}
