package org.jicp.wasm.internal.round;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;
import org.jicp.wasm.ApiContext;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.LoadedModule;
import org.jicp.wasm.internal.exec.SystemApi;

/**
 * Non-replicated execution on a state (dfinity/ic {@code query_handler}, {@code
 * inspect_message.rs}): queries and composite queries (their changes always discarded, free of
 * charge), the management canister's query methods ({@code canister_status}, {@code
 * canister_info}, {@code fetch_canister_logs}), and {@code canister_inspect_message}, which
 * decides whether an ingress message is accepted before it enters a block. Nothing here changes
 * the state.
 */
public final class QueryExecution {
  private final ExecutionConfig config;
  private final FeeSchedule fees;
  private final Runtimes runtimes;
  private final Consumer<String> logSink;
  private final QueryInstances instances;

  /** Queries with these limits and caches. */
  public QueryExecution(ExecutionConfig config, FeeSchedule fees, Runtimes runtimes,
      Consumer<String> logSink) {
    this.config = config;
    this.fees = fees;
    this.runtimes = runtimes;
    this.logSink = logSink;
    this.instances = new QueryInstances(runtimes, Math.max(2, 2 * Runtime.getRuntime()
        .availableProcessors()), Math.max(64L << 20, Runtimes.DEFAULT_LIVE_BYTES / 4),
        Integer.getInteger(org.jicp.wasm.execution.QueryThreads.RESTORE_AFTER_PROPERTY,
            org.jicp.wasm.execution.QueryThreads.DEFAULT_RESTORE_AFTER));
  }

  private Round round(ReplicatedState state) {
    return new Round(config, fees, runtimes, logSink, Long.MAX_VALUE, state,
        Bytes.of(new byte[32]));
  }

  /**
   * Runs query {@code method} of {@code id} on {@code state} for {@code caller}; {@code
   * dataCertificate} is what {@code ic0.data_certificate_copy} returns. On the execution thread
   * only (the executor's live instances and native canisters are not thread-safe).
   */
  public ResponsePayload query(ReplicatedState state, CanisterId id, String method, Bytes arg,
      Principal caller, Optional<Bytes> dataCertificate) {
    Round r = round(state);
    if (id.equals(Round.IC_00)) {
      return managementQuery(r, method, arg, caller);
    }
    Ctx c = new Ctx(null);
    try {
      return query(c, r, id, method, arg, caller, dataCertificate, 0);
    } finally {
      c.flushLog();
    }
  }

  /**
   * The same query run on the calling thread, concurrently with other queries and with rounds,
   * on instances of its own ({@link QueryInstances}); empty if it needs the execution thread (a
   * native canister or the management canister, anywhere in a composite query's calls), then
   * nothing of it was printed. The calling thread needs the execution thread's stack size.
   */
  public Optional<ResponsePayload> queryConcurrently(ReplicatedState state, CanisterId id,
      String method, Bytes arg, Principal caller, Optional<Bytes> dataCertificate) {
    if (id.equals(Round.IC_00)) {
      return Optional.empty();
    }
    Round r = round(state);
    Ctx c = new Ctx(instances);
    try {
      ResponsePayload p = query(c, r, id, method, arg, caller, dataCertificate, 0);
      c.flushLog();
      return Optional.of(p);
    } catch (NeedsExecutionThread | QueryInstances.NotYet e) {
      return Optional.empty();
    }
  }

  /** Instances restored for concurrent queries so far (the rest reused an idle one). */
  public long concurrentInstancesRestored() {
    return instances.restored();
  }

  /** Forgets the idle instances of concurrent queries. */
  public void clearConcurrentInstances() {
    instances.clear();
  }

  /** One query's instance source (null: the execution thread's) and its buffered log lines. */
  private final class Ctx {
    final QueryInstances pool;
    java.util.List<String> lines;

    Ctx(QueryInstances pool) {
      this.pool = pool;
    }

    void emit(CanisterId id, List<String> l) {
      if (l.isEmpty()) {
        return;
      }
      if (lines == null) {
        lines = new java.util.ArrayList<>();
      }
      for (String x : l) {
        lines.add("[" + id + "] " + x);
      }
    }

    void flushLog() {
      if (lines != null) {
        for (String l : lines) {
          logSink.accept(l);
        }
        lines = null;
      }
    }
  }

  /** A concurrent query reached what only the execution thread may run. */
  private static final class NeedsExecutionThread extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NeedsExecutionThread() {
      super(null, null, false, false);
    }
  }

  private ResponsePayload managementQuery(Round r, String method, Bytes arg, Principal caller) {
    return ManagementInfo.query(r, method, arg, caller);
  }

  /**
   * The ingress filter of the management canister (dfinity/ic {@code
   * should_accept_ingress_message}): empty if ingress message {@code m} to {@code aaaaa-aa} may
   * enter a block, else the reject its submitter gets.
   */
  public Optional<ResponsePayload.Reject> inspectManagement(ReplicatedState state,
      CanisterMessage.Ingress m) {
    return ManagementInfo.acceptIngress(state, m, runtimes.extensions().keySet());
  }

  private ResponsePayload query(Ctx c, Round r, CanisterId id, String method, Bytes arg,
      Principal caller, Optional<Bytes> cert, int depth) {
    CanisterState cs = r.canister(id).orElse(null);
    if (cs == null) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND, "Canister " + id
          + " not found");
    }
    if (cs.system().status() != CanisterStatus.RUNNING) {
      return ResponsePayload.Reject.of(cs.system().status() == CanisterStatus.STOPPED
          ? ErrorCode.CANISTER_STOPPED : ErrorCode.CANISTER_STOPPING,
          "Canister " + id + " is not running");
    }
    if (cs.execution().isEmpty()) {
      return new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID, "Canister " + id
          + " contains no Wasm module", Optional.of(ErrorCode.CANISTER_WASM_MODULE_NOT_FOUND));
    }
    ExecutionState es = cs.execution().get();
    if (es.nativeKind().isPresent()) {
      if (c.pool != null) {
        throw new NeedsExecutionThread();
      }
      return nativeQuery(c, r, cs, method, arg, caller, cert);
    }
    LoadedModule module;
    LiveInstance li;
    QueryInstances.Lease lease = null;
    if (c.pool == null) {
      Runtimes.Wasm rt = runtimes.wasm(id, es, r.wasm.limitOf(cs));
      module = rt.module;
      li = rt.live;
    } else {
      lease = c.pool.acquire(id, es, r.wasm.limitOf(cs));
      module = lease.module();
      li = lease.live();
    }
    try {
      return run(c, r, cs, es, module, li, method, arg, caller, cert, depth);
    } finally {
      li.rollback();
      if (lease != null) {
        c.pool.release(lease);
      }
    }
  }

  private ResponsePayload run(Ctx c, Round r, CanisterState cs, ExecutionState es,
      LoadedModule module, LiveInstance li, String method, Bytes arg, Principal caller,
      Optional<Bytes> cert, int depth) {
    CanisterId id = cs.id();
    boolean composite = module.info().compositeQueries().contains(method);
    if (!composite && !module.info().queries().contains(method)) {
      return new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID, "Canister " + id
          + " has no query method '" + method + "'",
          Optional.of(ErrorCode.CANISTER_METHOD_NOT_FOUND));
    }
    if (depth > 0 && composite) {
      return new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID,
          "composite query calls to composite queries are not supported",
          Optional.of(ErrorCode.CANISTER_METHOD_NOT_FOUND));
    }
    long limit = config.maxInstructionsPerQuery();
    ApiContext ctx = composite ? ApiContext.COMPOSITE_QUERY : ApiContext.NON_REPLICATED_QUERY;
    SystemApi api = r.wasm.api(ctx, cs, es, module, limit);
    api.message(id.toByteArray(), caller.toByteArray(), arg.toByteArray(), method);
    if (depth == 0 && cert.isPresent()) {
      api.dataCertificate(cert.get().toByteArray());
    }
    String export = (composite ? "canister_composite_query " : "canister_query ") + method;
    LiveInstance.Run run = li.runExport(export, api, limit);
    c.emit(id, api.log());
    if (run.trap() != null) {
      return WasmExecution.trapReject(id, run.trap());
    }
    boolean responded = api.replied() || api.rejected();
    ResponsePayload result = responded ? WasmExecution.result(api) : null;
    Deque<SystemApi.OutgoingCall> pending = api.calls().isEmpty() ? null
        : new ArrayDeque<>(api.calls());
    long used = run.instructions();
    while (pending != null && !pending.isEmpty()) {
      SystemApi.OutgoingCall call = pending.poll();
      CanisterId callee = new CanisterId(Principal.fromBytes(call.callee));
      ResponsePayload res = callee.equals(id)
          ? new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID,
              "a composite query cannot call its own canister", Optional.empty())
          : query(c, r, callee, call.method, Bytes.of(call.arg.toByteArray()), id.principal(),
              Optional.empty(), depth + 1);
      boolean reply = res instanceof ResponsePayload.Reply;
      ApiContext cbCtx = reply ? ApiContext.COMPOSITE_REPLY_CALLBACK
          : ApiContext.COMPOSITE_REJECT_CALLBACK;
      SystemApi cb = r.wasm.api(cbCtx, cs, es, module, limit - used);
      cb.message(id.toByteArray(), callee.toByteArray(),
          res instanceof ResponsePayload.Reply rp ? rp.data().toByteArray() : new byte[0],
          method);
      if (res instanceof ResponsePayload.Reject rj) {
        cb.reject(rj.code().code(), rj.message());
      }
      cb.cycles(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
          responded);
      LiveInstance.Run cr = li.runCallback(reply ? call.replyFn : call.rejectFn,
          reply ? call.replyEnv : call.rejectEnv, cb, limit - used);
      used += cr.instructions();
      c.emit(id, cb.log());
      if (cr.trap() != null) {
        return WasmExecution.trapReject(id, cr.trap());
      }
      if (!responded && (cb.replied() || cb.rejected())) {
        responded = true;
        result = WasmExecution.result(cb);
      }
      pending.addAll(cb.calls());
    }
    if (result == null) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_DID_NOT_REPLY, "Canister " + id
          + " did not reply to the call");
    }
    return result;
  }

  private void emit(CanisterId id, List<String> lines) {
    for (String l : lines) {
      logSink.accept("[" + id + "] " + l);
    }
  }

  private ResponsePayload nativeQuery(Ctx unused, Round r, CanisterState cs, String method, Bytes arg,
      Principal caller, Optional<Bytes> cert) {
    NativeCanister c = runtimes.nativeCanister(cs.id(), cs.execution().get()).instance;
    if (!c.hasMethod(method) || !c.isQuery(method)) {
      return new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID, "Canister " + cs.id()
          + " has no query method '" + method + "'",
          Optional.of(ErrorCode.CANISTER_METHOD_NOT_FOUND));
    }
    NativeContext ctx = new NativeContext(cs.id(), r.ownSubnet(), caller, r.time(), Cycles.ZERO,
        cert);
    Object[] out = new Object[1];
    try {
      c.atomic(() -> {
        out[0] = c.handle(ctx, method, arg);
        throw new Discard();
      });
    } catch (Discard expected) {
      // rolled back
    } catch (NativeCanisterException e) {
      return new ResponsePayload.Reject(RejectCode.CANISTER_REJECT, e.getMessage(),
          Optional.of(ErrorCode.CANISTER_REJECTED_MESSAGE));
    } catch (RuntimeException e) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_TRAPPED, "Canister " + cs.id()
          + " trapped: " + e);
    }
    if (out[0] instanceof NativeOutcome.Reply rep) {
      return new ResponsePayload.Reply(rep.bytes());
    }
    if (out[0] instanceof NativeOutcome.Reject rej) {
      return ResponsePayload.Reject.byCanister(rej.message());
    }
    return ResponsePayload.Reject.of(ErrorCode.CANISTER_CONTRACT_VIOLATION,
        "a query may only reply or reject");
  }

  private static final class Discard extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Discard() {
      super(null, null, false, false);
    }
  }

  /**
   * {@code canister_inspect_message}: empty if the message may enter a block, else the reject
   * (code 4 if the canister did not accept it, 5 if it trapped; as the IC, a canister without
   * the export accepts everything, and messages to missing or empty canisters are left to
   * induction, which rejects them).
   */
  public Optional<ResponsePayload.Reject> inspect(ReplicatedState state, CanisterId id,
      String method, Bytes arg, Principal caller) {
    Round r = round(state);
    CanisterState cs = r.canister(id).orElse(null);
    if (cs == null || cs.execution().isEmpty() || cs.execution().get().nativeKind().isPresent()) {
      return Optional.empty();
    }
    ExecutionState es = cs.execution().get();
    Runtimes.Wasm rt = runtimes.wasm(id, es, r.wasm.limitOf(cs));
    if (!rt.module.info().entryPoints().contains("canister_inspect_message")) {
      return Optional.empty();
    }
    LiveInstance li = rt.live;
    long limit = config.maxInstructionsPerInspectMessage();
    SystemApi api = r.wasm.api(ApiContext.INSPECT_MESSAGE, cs, es, rt.module, limit);
    api.message(id.toByteArray(), caller.toByteArray(), arg.toByteArray(), method);
    try {
      LiveInstance.Run run = li.runExport("canister_inspect_message", api, limit);
      emit(id, api.log());
      if (run.trap() != null) {
        return Optional.of(WasmExecution.trapReject(id, run.trap()));
      }
      if (!api.messageAccepted()) {
        return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_REJECTED_MESSAGE,
            "Canister " + id + " rejected the message in canister_inspect_message"));
      }
      return Optional.empty();
    } finally {
      li.rollback();
    }
  }
}
