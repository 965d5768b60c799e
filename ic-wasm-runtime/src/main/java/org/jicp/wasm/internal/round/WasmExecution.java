package org.jicp.wasm.internal.round;

import java.math.BigInteger;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CallContext;
import org.jicp.state.replicated.CallContextManager;
import org.jicp.state.replicated.CallOrigin;
import org.jicp.state.replicated.Callback;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.Closure;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.SystemState;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;
import org.jicp.wasm.ApiContext;
import org.jicp.wasm.internal.exec.CanisterTrap;
import org.jicp.wasm.internal.exec.Fiber;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.SystemApi;

/**
 * Replicated execution of wasm canisters (dfinity/ic {@code execution/update.rs},
 * {@code response.rs}, system tasks): a call runs its method in a new call context, a response
 * runs the callback of the call it answers (and {@code call_on_cleanup}'s function if that traps),
 * the heartbeat and a due global timer run as system tasks. Every execution prepays the cycles
 * of its instruction limit and is refunded for what it did not use; a trap rolls back memory,
 * globals and every effect but the cycles charged.
 */
final class WasmExecution {
  private final Round round;

  WasmExecution(Round round) {
    this.round = round;
  }

  /**
   * The heap limit in wasm pages of canister {@code cs} running {@code module}: the subnet's
   * limit for its kind (wasm32 or wasm64), lowered by the canister's {@code wasm_memory_limit}.
   */
  long memoryLimitPages(CanisterState cs, org.jicp.wasm.internal.exec.LoadedModule module) {
    long limit = round.config.wasmMemoryLimitBytes(module.wasm64());
    long setting = cs.system().settings().wasmMemoryLimit();
    if (setting > 0) {
      limit = Math.min(limit, setting);
    }
    return limit / 65536;
  }

  /** {@link #memoryLimitPages(CanisterState, LoadedModule)} as a function of the module. */
  java.util.function.ToLongFunction<org.jicp.wasm.internal.exec.LoadedModule> limitOf(
      CanisterState cs) {
    return m -> memoryLimitPages(cs, m);
  }

  /** A System API for {@code ctx} on canister {@code cs}. */
  SystemApi api(ApiContext ctx, CanisterState cs, ExecutionState es,
      org.jicp.wasm.internal.exec.LoadedModule module, long limit) {
    return api(ctx, cs, es, limit, memoryLimitPages(cs, module));
  }

  /** A System API for {@code ctx} on canister {@code cs} with a heap limit. */
  SystemApi api(ApiContext ctx, CanisterState cs, ExecutionState es, long limit,
      long heapLimitPages) {
    SystemState s = cs.system();
    SystemApi api = new SystemApi(ctx);
    int status = switch (s.status()) {
      case RUNNING -> 1;
      case STOPPING -> 2;
      case STOPPED -> 3;
    };
    api.environment(round.time(), s.canisterVersion(), status,
        round.ownSubnet().toByteArray(), round.subnetSize(), new byte[0], round.fees,
        p -> s.controllers().contains(Principal.fromBytes(p)), s.globalTimerNanos());
    api.memory(es == null ? PageMap.empty() : es.stableMemory(),
        es == null ? 0 : es.stableMemorySizeWasmPages(), limit, heapLimitPages);
    api.cycles(s.cyclesBalance().value(), round.freezingThreshold(cs).value(), BigInteger.ZERO,
        BigInteger.ZERO, false);
    return api;
  }

  static String trapMessage(CanisterId id, CanisterTrap t) {
    return switch (t.kind()) {
      case EXPLICIT -> "Canister " + id + " trapped explicitly: " + t.getMessage();
      case INSTRUCTION_LIMIT -> "Error from Canister " + id + ": " + t.getMessage();
      case MEMORY_LIMIT -> "Error from Canister " + id + ": " + t.getMessage();
      default -> "Canister " + id + " trapped: " + t.getMessage();
    };
  }

  static ErrorCode trapCode(CanisterTrap t) {
    return switch (t.kind()) {
      case EXPLICIT -> ErrorCode.CANISTER_CALLED_TRAP;
      case INSTRUCTION_LIMIT -> ErrorCode.CANISTER_INSTRUCTION_LIMIT_EXCEEDED;
      case CONTRACT_VIOLATION -> ErrorCode.CANISTER_CONTRACT_VIOLATION;
      case MEMORY_LIMIT -> ErrorCode.CANISTER_WASM_MEMORY_LIMIT_EXCEEDED;
      default -> ErrorCode.CANISTER_TRAPPED;
    };
  }

  static ResponsePayload.Reject trapReject(CanisterId id, CanisterTrap t) {
    return new ResponsePayload.Reject(RejectCode.CANISTER_ERROR, trapMessage(id, t),
        Optional.of(trapCode(t)));
  }

  static ResponsePayload result(SystemApi api) {
    if (api.replied()) {
      return new ResponsePayload.Reply(Bytes.of(api.replyBytes()));
    }
    return ResponsePayload.Reject.byCanister(api.rejectedWith());
  }

  /**
   * Executes a call of {@code method} on wasm canister {@code id} (message {@code m}); returns
   * the instructions of this round. An update that uses up its slice pauses ({@link
   * PausedExecution}): the caller then finds {@code runtimes.paused(id)} set and reverts the
   * state; the next call with the same message resumes it, and the call in which it completes
   * applies its effects as an unsliced execution would have.
   */
  long call(CanisterId id, CallOrigin origin, Principal caller, String method, Bytes arg,
      Cycles payment, CanisterMessage m) {
    CanisterState cs = round.canister(id).orElseThrow();
    ExecutionState es = cs.execution().orElseThrow();
    PausedExecution p = round.runtimes.paused(id);
    if (p != null && (p.kind != PausedExecution.Kind.CALL || !p.message.equals(m))) {
      round.runtimes.abort(id); // not the message it paused in: start this one afresh
      p = null;
    }
    Runtimes.Wasm rt = round.runtimes.wasm(id, es, limitOf(cs));
    ApiContext kind;
    String export;
    if (rt.module.info().updates().contains(method)) {
      kind = ApiContext.UPDATE;
      export = "canister_update " + method;
    } else if (rt.module.info().queries().contains(method)) {
      kind = ApiContext.REPLICATED_QUERY;
      export = "canister_query " + method;
    } else {
      round.respond(origin, id, new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID,
          "Canister " + id + " has no update method '" + method + "'",
          Optional.of(ErrorCode.CANISTER_METHOD_NOT_FOUND)), payment);
      return 0;
    }
    long limit = round.config.maxInstructionsPerMessage();
    Cycles prepay = round.fees.executionCost(limit);
    // A resumed execution paid when it started (as on the IC): no second check.
    if (p == null && !round.canPay(cs, prepay)) {
      round.respond(origin, id, ResponsePayload.Reject.of(ErrorCode.CANISTER_OUT_OF_CYCLES,
          round.outOfCyclesMessage(id, prepay, cs)), payment);
      return 0;
    }
    cs = round.debit(cs, prepay);
    CallContextManager ccm = cs.system().callContexts();
    long ctxId = ccm.nextCallContextId();
    cs = cs.withSystem(cs.system().withCallContexts(ccm.newCallContext(
        new CallContext(origin, method, false, false, payment, round.time()))));
    round.put(cs);
    LiveInstance li;
    SystemApi api;
    LiveInstance.Run r;
    long thisRound;
    if (p != null) {
      p.fiber.resume();
      li = p.instance;
      api = p.api;
      if (!p.fiber.isDone()) {
        long executed = api.instructionsUsed();
        thisRound = executed - p.executedAtPause;
        p.executedAtPause = executed;
        p.pausedIn = round;
        return thisRound;
      }
      round.runtimes.completed(id);
      r = (LiveInstance.Run) p.fiber.result();
      thisRound = Math.max(0, r.instructions() - p.executedAtPause);
    } else {
      long slice = kind == ApiContext.UPDATE ? round.config.maxInstructionsPerSlice() : 0;
      CanisterState at = cs;
      java.util.function.Supplier<SystemApi> newApi = () -> {
        SystemApi a = api(kind, at, es, rt.module, limit);
        a.message(id.toByteArray(), caller.toByteArray(), arg.toByteArray(), method);
        a.cycles(at.system().cyclesBalance().value(), round.freezingThreshold(at).value(),
            payment.value(), BigInteger.ZERO, false);
        return a.slicing(slice);
      };
      li = rt.live;
      api = newApi.get();
      r = li.runExport(export, api, limit);
      if (r.trap() != null && r.trap().kind() == CanisterTrap.Kind.SLICE) {
        // Longer than a slice: redo it from the start on a fiber, which pauses at the end of
        // the slice (the same instruction count, so the same point) and keeps its stack.
        li.rollback();
        LiveInstance fresh = LiveInstance.restore(rt.module, round.runtimes.engine(), es.heap(),
            es.heapSizeWasmPages(), es.exportedGlobals(), memoryLimitPages(at, rt.module));
        SystemApi sliced = newApi.get();
        Fiber f = Fiber.start("jicp-slice " + id, FIBER_STACK,
            () -> fresh.runExport(export, sliced, limit));
        li = fresh;
        api = sliced;
        if (!f.isDone()) {
          PausedExecution pe = new PausedExecution(PausedExecution.Kind.CALL, m, f, fresh,
              sliced, kind, limit);
          pe.executedAtPause = sliced.instructionsUsed();
          pe.pausedIn = round;
          round.runtimes.pause(id, pe);
          return pe.executedAtPause;
        }
        r = (LiveInstance.Run) f.result();
      }
      thisRound = r.instructions();
    }
    round.log(id, api.log());
    round.refundExecution(round.canister(id).orElseThrow(),
        round.fees.instructionsRefund(limit - Math.min(limit, r.instructions())));
    if (r.trap() != null) {
      li.rollback();
      round.log(id, java.util.List.of("trap: " + r.trap().getMessage()));
      round.respondContext(id, ctxId, trapReject(id, r.trap()));
    } else if (kind == ApiContext.REPLICATED_QUERY) {
      li.rollback();
      if (api.replied() || api.rejected()) {
        round.respondContext(id, ctxId, result(api));
      }
    } else {
      commit(id, rt, li, api, ctxId);
    }
    round.finishContext(id, ctxId);
    return thisRound;
  }

  /** The stack of a fiber running a sliced execution: the execution thread's. */
  static final long FIBER_STACK = 1L << 30;

  /** Commits an execution: memories, globals, cycles and the System API's effects. */
  void commit(CanisterId id, Runtimes.Wasm rt, LiveInstance li, SystemApi api, long ctxId) {
    CanisterState cs = round.canister(id).orElseThrow();
    ExecutionState old = cs.execution().orElseThrow();
    PageMap heap = li.commitHeap();
    ExecutionState es = old.withMemories(heap, li.heapPages(), api.stableAfter(),
        api.stablePages(), li.globals());
    round.runtimes.mirrored(id, rt.module, li, es);
    SystemState sys = cs.system();
    BigInteger balance = sys.cyclesBalance().value().add(api.accepted())
        .subtract(api.burned()).subtract(api.cyclesSent());
    SystemState.Builder b = sys.toBuilder()
        .cyclesBalance(new Cycles(balance.max(BigInteger.ZERO).min(Cycles.MAX_VALUE)));
    if (api.newCertifiedData() != null) {
      b.certifiedData(Bytes.of(api.newCertifiedData()));
    }
    if (api.newGlobalTimer() != null) {
      b.globalTimerNanos(api.newGlobalTimer());
    }
    CallContextManager ccm = sys.callContexts();
    CallContext ctx = ctxId > 0 ? ccm.callContexts().get(ctxId) : null;
    if (ctx != null && api.accepted().signum() > 0) {
      ccm = ccm.withCallContext(ctxId, ctx.withAvailableCycles(new Cycles(
          ctx.availableCycles().value().subtract(api.accepted()).max(BigInteger.ZERO))));
    }
    b.callContexts(ccm);
    if (api.burned().signum() > 0) {
      round.consumed(new Cycles(api.burned().min(Cycles.MAX_VALUE)));
    }
    round.put(new CanisterState(b.build(), Optional.of(es)));
    for (SystemApi.OutgoingCall call : api.calls()) {
      send(id, call, ctxId);
    }
    if (ctxId > 0 && (api.replied() || api.rejected())) {
      round.respondContext(id, ctxId, result(api));
    }
  }

  /** Registers a callback for {@code call} and routes its request. */
  private void send(CanisterId from, SystemApi.OutgoingCall call, long ctxId) {
    CanisterState cs = round.canister(from).orElseThrow();
    byte[] arg = call.arg.toByteArray();
    CanisterId callee;
    try {
      callee = new CanisterId(Principal.fromBytes(call.callee));
    } catch (RuntimeException e) {
      callee = null;
    }
    Cycles cycles = new Cycles(call.cycles);
    CallContextManager ccm = cs.system().callContexts();
    long cbId = ccm.nextCallbackId();
    ccm = ccm.registerCallback(new Callback(ctxId, from, callee == null ? from : callee, cycles,
        Cycles.ZERO, new Closure(call.replyFn, call.replyEnv),
        new Closure(call.rejectFn, call.rejectEnv),
        call.cleanupFn >= 0 ? Optional.of(new Closure(call.cleanupFn, call.cleanupEnv))
            : Optional.empty(), 0));
    cs = cs.withSystem(cs.system().withCallContexts(ccm));
    round.put(cs);
    round.debit(cs, round.fees.xnetCallCost(call.method.length() + arg.length));
    if (callee == null) {
      round.route(new CanisterMessage.Response(from, from, cbId, cycles,
          new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID, "invalid callee principal",
              Optional.of(ErrorCode.CANISTER_NOT_FOUND)), 0));
      return;
    }
    round.route(new CanisterMessage.Request(callee, from, cbId, cycles, call.method,
        Bytes.of(arg), 0));
  }

  /** Executes the callback of {@code cb} with response {@code resp}. */
  long response(CanisterId id, Callback cb, CanisterMessage.Response resp) {
    CanisterState cs = round.canister(id).orElseThrow();
    long ctxId = cb.callContextId();
    CallContext ctx = cs.system().callContexts().callContexts().get(ctxId);
    ExecutionState es = cs.execution().orElseThrow();
    Runtimes.Wasm rt = round.runtimes.wasm(id, es, limitOf(cs));
    long limit = round.config.maxInstructionsPerMessage();
    Cycles prepay = round.fees.executionCost(limit);
    cs = round.debit(cs, prepay);
    boolean reply = resp.payload() instanceof ResponsePayload.Reply;
    ApiContext kind = reply ? ApiContext.REPLY_CALLBACK : ApiContext.REJECT_CALLBACK;
    LiveInstance li = rt.live;
    SystemApi api = api(kind, cs, es, rt.module, limit);
    byte[] arg = resp.payload() instanceof ResponsePayload.Reply rp ? rp.data().toByteArray()
        : new byte[0];
    Principal caller = callerOf(ctx);
    api.message(id.toByteArray(), caller.toByteArray(), arg, "");
    if (resp.payload() instanceof ResponsePayload.Reject rj) {
      api.reject(rj.code().code(), rj.message());
    }
    api.cycles(cs.system().cyclesBalance().value(), round.freezingThreshold(cs).value(),
        ctx.availableCycles().value(), resp.refund().value(), ctx.responded());
    Closure c = reply ? cb.onReply() : cb.onReject();
    LiveInstance.Run r = li.runCallback(c.function(), c.env(), api, limit);
    round.log(id, api.log());
    long used = r.instructions();
    if (r.trap() != null) {
      li.rollback();
      round.log(id, java.util.List.of("trap: " + r.trap().getMessage()));
      if (cb.onCleanup().isPresent()) {
        CanisterState now = round.canister(id).orElseThrow();
        SystemApi clean = api(ApiContext.CLEANUP, now, es, rt.module, limit - used);
        clean.message(id.toByteArray(), caller.toByteArray(), new byte[0], "");
        clean.reject(resp.payload() instanceof ResponsePayload.Reject rj ? rj.code().code() : 0,
            "");
        Closure cl = cb.onCleanup().get();
        LiveInstance.Run cr = li.runCallback(cl.function(), cl.env(), clean, limit - used);
        round.log(id, clean.log());
        used += cr.instructions();
        if (cr.trap() != null) {
          li.rollback();
        } else {
          commit(id, rt, li, clean, 0);
        }
      }
      if (round.canister(id).orElseThrow().system().callContexts().outstandingCalls(ctxId)
          == 0) {
        round.respondContext(id, ctxId, trapReject(id, r.trap()));
      }
    } else {
      commit(id, rt, li, api, ctxId);
    }
    round.refundExecution(round.canister(id).orElseThrow(),
        round.fees.instructionsRefund(limit - Math.min(limit, used)));
    round.finishContext(id, ctxId);
    return used;
  }

  private static Principal callerOf(CallContext ctx) {
    if (ctx.origin() instanceof CallOrigin.Ingress i) {
      return i.user();
    }
    if (ctx.origin() instanceof CallOrigin.Canister c) {
      return c.caller().principal();
    }
    return Principal.anonymous();
  }

  /** Runs a due global timer and the heartbeat; returns the instructions used. */
  long systemTasks(CanisterId id) {
    CanisterState cs = round.canister(id).orElseThrow();
    ExecutionState es = cs.execution().orElseThrow();
    // The exports only: a canister without a heartbeat or due timer needs no live instance.
    var entries = round.runtimes.module(id, es).info().entryPoints();
    long used = 0;
    long timer = cs.system().globalTimerNanos();
    if (timer != 0 && round.time() >= timer && entries.contains("canister_global_timer")) {
      round.put(cs.withSystem(cs.system().toBuilder().globalTimerNanos(0).build()));
      used += systemTask(id, "canister_global_timer");
    }
    if (entries.contains("canister_heartbeat")) {
      used += systemTask(id, "canister_heartbeat");
    }
    return used;
  }

  private long systemTask(CanisterId id, String export) {
    CanisterState cs = round.canister(id).orElseThrow();
    long limit = round.config.maxInstructionsPerMessage();
    Cycles prepay = round.fees.executionCost(limit);
    if (!round.canPay(cs, prepay)) {
      return 0;
    }
    ExecutionState es = cs.execution().orElseThrow();
    Runtimes.Wasm rt = round.runtimes.wasm(id, es, limitOf(cs));
    LiveInstance li = rt.live;
    cs = round.debit(cs, prepay);
    CallContextManager ccm = cs.system().callContexts();
    long ctxId = ccm.nextCallContextId();
    cs = cs.withSystem(cs.system().withCallContexts(ccm.newCallContext(new CallContext(
        new CallOrigin.SystemTask(), "", true, false, Cycles.ZERO, round.time()))));
    round.put(cs);
    SystemApi api = api(ApiContext.SYSTEM_TASK, cs, es, rt.module, limit);
    api.message(id.toByteArray(), id.toByteArray(), new byte[0], "");
    LiveInstance.Run r = li.runExport(export, api, limit);
    round.log(id, api.log());
    round.refundExecution(round.canister(id).orElseThrow(),
        round.fees.instructionsRefund(limit - Math.min(limit, r.instructions())));
    if (r.trap() != null) {
      li.rollback();
      round.log(id, java.util.List.of(export + " trapped: " + r.trap().getMessage()));
    } else {
      commit(id, rt, li, api, ctxId);
    }
    round.finishContext(id, ctxId);
    return r.instructions();
  }
}
