package org.jicp.wasm.internal.round;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CanisterHistory;
import org.jicp.state.replicated.CanisterLog;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterSettings;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.SystemState;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.wasm.execution.ManagementApi;

/**
 * The management canister's read-only methods — {@code canister_status}, {@code canister_info}
 * and {@code fetch_canister_logs}, served to canisters in rounds and to everybody as queries —
 * and the filter that decides which ingress messages to the management canister may enter a
 * block at all (dfinity/ic {@code CanisterManager::should_accept_ingress_message}).
 */
final class ManagementInfo {
  /**
   * Methods only canisters may call: an ingress message is refused ({@code
   * should_accept_ingress_message}; interface specification: "Calls to raw_rand,
   * deposit_cycles, canister_info, and canister_metadata are never accepted as ingress
   * messages").
   */
  static final Set<String> CANISTERS_ONLY = Set.of("create_canister", "canister_info",
      "canister_metadata", "ecdsa_public_key", "sign_with_ecdsa", "schnorr_public_key",
      "sign_with_schnorr", "vetkd_public_key", "vetkd_derive_key", "deposit_cycles",
      "http_request", "raw_rand", "bitcoin_get_balance", "bitcoin_get_utxos",
      "bitcoin_get_block_headers", "bitcoin_send_transaction",
      "bitcoin_get_current_fee_percentiles", "node_metrics_history", "subnet_info",
      "rename_canister");

  /** Methods an ingress message may call only as a controller of its effective canister. */
  static final Set<String> CONTROLLERS_ONLY = Set.of("canister_status", "start_canister",
      "uninstall_code", "stop_canister", "delete_canister", "update_settings", "install_code",
      "install_chunked_code", "upload_chunk", "stored_chunks", "clear_chunk_store",
      "take_canister_snapshot", "load_canister_snapshot", "list_canister_snapshots",
      "delete_canister_snapshot", "read_canister_snapshot_metadata",
      "read_canister_snapshot_data", "upload_canister_snapshot_metadata",
      "upload_canister_snapshot_data");

  private final Management m;

  ManagementInfo(Management m) {
    this.m = m;
  }

  // ------------------------------------------------------------------ ingress filter

  /**
   * Whether ingress message {@code msg} to the management canister may be inducted ({@code
   * should_accept_ingress_message}): empty if so, else the reject the submitter gets (these
   * never enter the ingress history). Methods in {@code extensions} are accepted.
   */
  static Optional<ResponsePayload.Reject> acceptIngress(ReplicatedState state,
      CanisterMessage.Ingress msg, Set<String> extensions) {
    String method = msg.methodName();
    if (extensions.contains(method)) {
      return Optional.empty();
    }
    if (CANISTERS_ONLY.contains(method)
        || (!Management.SERVED.contains(method) && !Management.UNSUPPORTED.contains(method))) {
      return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Only canisters can call ic00 method " + method));
    }
    if (method.equals("fetch_canister_logs")) {
      return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_REJECTED_MESSAGE,
          "fetch_canister_logs API is not accessible via ingress in replicated mode"));
    }
    if (CONTROLLERS_ONLY.contains(method)) {
      CanisterId id = msg.effectiveCanisterId();
      CanisterState cs = state.canister(id).orElse(null);
      if (cs == null) {
        return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND,
            "Canister " + id + " not found"));
      }
      if (!cs.system().controllers().contains(msg.source())) {
        return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_INVALID_CONTROLLER,
            "Only controllers of canister " + id + " can call ic00 method " + method));
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ queries

  /**
   * A non-replicated call of management method {@code method}: {@code canister_status}, {@code
   * canister_info} and {@code fetch_canister_logs} are served, everything else is rejected.
   */
  static ResponsePayload query(Round r, String method, Bytes arg, Principal caller) {
    Management.Call c = new Management.Call(null, caller, Optional.empty(), method, arg,
        Cycles.ZERO, Optional.empty());
    try {
      Object out = switch (method) {
        case "canister_status" -> r.management.info.canisterStatus(c);
        case "canister_info" -> r.management.info.info(c);
        case "fetch_canister_logs" -> r.management.info.logs(c);
        default -> throw new Management.Rejection(ErrorCode.CANISTER_METHOD_NOT_FOUND,
            "Management canister method " + method + " cannot be called as a query");
      };
      return new ResponsePayload.Reply(out instanceof Bytes b ? b : Bytes.of((byte[]) out));
    } catch (Management.Rejection e) {
      return e.reject;
    } catch (RuntimeException e) {
      return ResponsePayload.Reject.of(ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
          "Error decoding candid: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ canister_status

  /** {@code canister_status}: by a controller or the canister itself. */
  Object canisterStatus(Management.Call c) {
    ManagementApi.CanisterIdRecord a = Management.decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = m.controlledOrSelf(c, a.canisterId());
    return statusReply(cs);
  }

  /** The {@code canister_status_result} of {@code cs}. */
  byte[] statusReply(CanisterState cs) {
    Round round = m.round;
    SystemState s = cs.system();
    ExecutionState e = cs.execution().orElse(null);
    CanisterSettings st = s.settings();
    CandidValue[] controllers = s.controllers().stream().map(CandidValue::principal)
        .toArray(CandidValue[]::new);
    CandidValue logVis = switch (st.logVisibility().kind()) {
      case CONTROLLERS -> CandidValue.variant("controllers");
      case PUBLIC -> CandidValue.variant("public");
      case ALLOWED_VIEWERS -> CandidValue.variant("allowed_viewers", CandidValue.vec(
          st.logVisibility().allowedViewers().stream().map(CandidValue::principal)
              .toArray(CandidValue[]::new)));
    };
    CandidValue settings = CandidValue.record(
        CandidValue.field("controllers", CandidValue.vec(controllers)),
        CandidValue.field("compute_allocation", CandidValue.nat(st.computeAllocation())),
        CandidValue.field("memory_allocation", CandidValue.nat(st.memoryAllocation())),
        CandidValue.field("freezing_threshold", CandidValue.nat(st.freezingThresholdSeconds())),
        CandidValue.field("reserved_cycles_limit",
            CandidValue.nat(st.reservedCyclesLimit().value())),
        CandidValue.field("minimum_incoming_canister_call_cycles", CandidValue.nat(0)),
        CandidValue.field("log_visibility", logVis),
        CandidValue.field("log_memory_limit", CandidValue.nat(CanisterLog.MAX_BYTES)),
        CandidValue.field("snapshot_visibility", CandidValue.variant("controllers")),
        CandidValue.field("status_visibility", CandidValue.variant("controllers")),
        CandidValue.field("wasm_memory_limit", CandidValue.nat(st.wasmMemoryLimit())),
        CandidValue.field("wasm_memory_threshold", CandidValue.nat(st.wasmMemoryThreshold())),
        CandidValue.field("environment_variables", CandidValue.vec()));
    long heap = e == null ? 0 : e.heapSizeWasmPages() * 65536;
    long stable = e == null ? 0 : e.stableMemorySizeWasmPages() * 65536;
    long binary = e == null ? 0 : e.wasmBinary().length();
    long globals = e == null ? 0 : e.exportedGlobals().size() * 8L;
    long sections = 0;
    for (var sec : s.metadata().entrySet()) {
      sections += sec.getKey().length() + sec.getValue().content().length();
    }
    long chunks = s.chunkStore().bytes();
    long snapshots = 0;
    for (var snap : round.state.snapshots().entrySet()) {
      if (snap.getKey().canisterId().equals(cs.id())) {
        snapshots += snap.getValue().size();
      }
    }
    long memorySize = heap + stable + binary + globals + sections + chunks + snapshots;
    CandidValue metrics = CandidValue.record(
        CandidValue.field("wasm_memory_size", CandidValue.nat(heap)),
        CandidValue.field("stable_memory_size", CandidValue.nat(stable)),
        CandidValue.field("global_memory_size", CandidValue.nat(globals)),
        CandidValue.field("wasm_binary_size", CandidValue.nat(binary)),
        CandidValue.field("custom_sections_size", CandidValue.nat(sections)),
        CandidValue.field("canister_history_size", CandidValue.nat(0)),
        CandidValue.field("wasm_chunk_store_size", CandidValue.nat(chunks)),
        CandidValue.field("snapshots_size", CandidValue.nat(snapshots)),
        CandidValue.field("log_memory_store_size", CandidValue.nat(s.log().bytes())));
    CandidValue queryStats = CandidValue.record(
        CandidValue.field("num_calls_total", CandidValue.nat(0)),
        CandidValue.field("num_instructions_total", CandidValue.nat(0)),
        CandidValue.field("request_payload_bytes_total", CandidValue.nat(0)),
        CandidValue.field("response_payload_bytes_total", CandidValue.nat(0)));
    Cycles idle = round.fees.freezingThreshold(Round.memoryBytes(cs), st.computeAllocation(),
        86_400, Cycles.ZERO);
    CandidValue result = CandidValue.record(
        CandidValue.field("status", CandidValue.variant(
            s.status().name().toLowerCase(java.util.Locale.ROOT))),
        CandidValue.field("ready_for_migration", CandidValue.bool(false)),
        CandidValue.field("version", new CandidValue.Nat64(s.canisterVersion())),
        CandidValue.field("settings", settings),
        CandidValue.field("module_hash", e == null ? CandidValue.none()
            : CandidValue.some(CandidValue.blob(e.moduleHash().toByteArray()))),
        CandidValue.field("memory_size", CandidValue.nat(memorySize)),
        CandidValue.field("memory_metrics", metrics),
        CandidValue.field("cycles", CandidValue.nat(s.cyclesBalance().value())),
        CandidValue.field("reserved_cycles", CandidValue.nat(s.reservedCycles().value())),
        CandidValue.field("idle_cycles_burned_per_day", CandidValue.nat(idle.value())),
        CandidValue.field("query_stats", queryStats));
    return CandidEncoder.encode(Management.type("canister_status_result"), result);
  }

  // ------------------------------------------------------------------ canister_info

  /** {@code canister_info} in a round: canisters only (the ingress filter refuses users). */
  Object canisterInfo(Management.Call c) {
    return info(c);
  }

  /** {@code canister_info}: no access control; the {@code num_requested_changes} latest. */
  Object info(Management.Call c) {
    ManagementApi.CanisterInfoArgs a = Management.decode(c, ManagementApi.CanisterInfoArgs.class);
    CanisterId cid = new CanisterId(a.canisterId());
    CanisterState cs = m.round.canister(cid).orElseThrow(() -> Management.notFound(cid));
    var history = cs.system().history();
    int size = history.recentChanges().size();
    long requested = a.numRequestedChanges().orElse(0L);
    int want = Long.compareUnsigned(requested, size) >= 0 ? size : (int) requested;
    List<CanisterHistory.Change> changes = history.recentChanges().subList(size - want, size);
    List<CandidValue> cv = new ArrayList<>();
    for (CanisterHistory.Change ch : changes) {
      cv.add(changeValue(ch));
    }
    CandidValue result = CandidValue.record(
        CandidValue.field("total_num_changes", new CandidValue.Nat64(history.totalNumChanges())),
        CandidValue.field("recent_changes", CandidValue.vec(cv.toArray(CandidValue[]::new))),
        CandidValue.field("module_hash", cs.execution().isEmpty() ? CandidValue.none()
            : CandidValue.some(CandidValue.blob(cs.execution().get().moduleHash()
                .toByteArray()))),
        CandidValue.field("controllers", CandidValue.vec(cs.system().controllers().stream()
            .map(CandidValue::principal).toArray(CandidValue[]::new))));
    return CandidEncoder.encode(Management.type("canister_info_result"), result);
  }

  private static CandidValue changeValue(CanisterHistory.Change ch) {
    CandidValue origin = ch.origin().user().isPresent()
        ? CandidValue.variant("from_user", CandidValue.record(
            CandidValue.field("user_id", CandidValue.principal(ch.origin().user().get()))))
        : CandidValue.variant("from_canister", CandidValue.record(
            CandidValue.field("canister_id", CandidValue.principal(
                ch.origin().canister().get().principal())),
            CandidValue.field("canister_version", CandidValue.none())));
    CandidValue details;
    CanisterHistory.Details d = ch.details();
    if (d instanceof CanisterHistory.Creation cr) {
      details = CandidValue.variant("creation", CandidValue.record(
          CandidValue.field("controllers", CandidValue.vec(cr.controllers().stream()
              .map(CandidValue::principal).toArray(CandidValue[]::new))),
          CandidValue.field("environment_variables_hash", CandidValue.none())));
    } else if (d instanceof CanisterHistory.CodeUninstall) {
      details = CandidValue.variant("code_uninstall");
    } else if (d instanceof CanisterHistory.CodeDeployment cd) {
      details = CandidValue.variant("code_deployment", CandidValue.record(
          CandidValue.field("mode", CandidValue.variant(cd.mode())),
          CandidValue.field("module_hash", CandidValue.blob(cd.moduleHash().toByteArray()))));
    } else if (d instanceof CanisterHistory.ControllersChange cc) {
      details = CandidValue.variant("controllers_change", CandidValue.record(
          CandidValue.field("controllers", CandidValue.vec(cc.controllers().stream()
              .map(CandidValue::principal).toArray(CandidValue[]::new)))));
    } else {
      CanisterHistory.LoadSnapshot ls = (CanisterHistory.LoadSnapshot) d;
      ManagementApi.SnapshotSource source = ls.source()
          == org.jicp.state.replicated.CanisterSnapshot.Source.METADATA_UPLOAD
          ? ManagementApi.SnapshotSource.METADATA_UPLOAD
          : ManagementApi.SnapshotSource.TAKEN_FROM_CANISTER;
      details = CandidValue.variant("load_snapshot", CandidValue.record(
          CandidValue.field("from_canister_id", ls.fromCanisterId().isEmpty()
              ? CandidValue.none()
              : CandidValue.some(CandidValue.principal(ls.fromCanisterId().get().principal()))),
          CandidValue.field("source", source.value()),
          CandidValue.field("canister_version", new CandidValue.Nat64(ls.canisterVersion())),
          CandidValue.field("snapshot_id", CandidValue.blob(ls.snapshotId().toByteArray())),
          CandidValue.field("taken_at_timestamp",
              new CandidValue.Nat64(ls.takenAtTimestampNanos()))));
    }
    return CandidValue.record(
        CandidValue.field("timestamp_nanos", new CandidValue.Nat64(ch.timestampNanos())),
        CandidValue.field("canister_version", new CandidValue.Nat64(ch.canisterVersion())),
        CandidValue.field("origin", origin),
        CandidValue.field("details", details));
  }

  // ------------------------------------------------------------------ fetch_canister_logs

  /** {@code fetch_canister_logs} in a round: canisters only (the ingress filter refuses users). */
  Object fetchCanisterLogs(Management.Call c) {
    return logs(c);
  }

  /**
   * {@code fetch_canister_logs}: the records the caller may see ({@code log_visibility}), all of
   * them or those in the {@code filter}'s range ({@code start} inclusive, {@code end} exclusive).
   */
  Object logs(Management.Call c) {
    ManagementApi.FetchLogsArgs a = Management.decode(c, ManagementApi.FetchLogsArgs.class);
    CanisterId cid = new CanisterId(a.canisterId());
    CanisterState cs = m.round.canister(cid).orElseThrow(() -> Management.notFound(cid));
    if (!cs.system().settings().logVisibility().allows(c.caller, cs.system().controllers())) {
      throw new Management.Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE, "Caller " + c.caller
          + " is not allowed to query logs of canister " + cs.id());
    }
    List<ManagementApi.LogRecord> records = new ArrayList<>();
    for (CanisterLog.Record r : cs.system().log().records()) {
      if (a.filter().isEmpty() || selected(a.filter().get(), r)) {
        records.add(new ManagementApi.LogRecord(r.idx(), r.timestampNanos(), r.content()));
      }
    }
    return ManagementApi.encode(new ManagementApi.FetchLogsResult(records));
  }

  private static boolean selected(ManagementApi.LogFilter f, CanisterLog.Record r) {
    long v;
    long start;
    long end;
    if (f instanceof ManagementApi.LogFilter.ByIdx b) {
      v = r.idx();
      start = b.start();
      end = b.end();
    } else {
      ManagementApi.LogFilter.ByTimestampNanos t = (ManagementApi.LogFilter.ByTimestampNanos) f;
      v = r.timestampNanos();
      start = t.start();
      end = t.end();
    }
    return Long.compareUnsigned(start, v) <= 0 && Long.compareUnsigned(v, end) < 0;
  }
}
