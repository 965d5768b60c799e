package org.jicp.wasm.internal.round;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DidFile;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CallOrigin;
import org.jicp.state.replicated.CanisterHistory;
import org.jicp.state.replicated.CanisterLog;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterSettings;
import org.jicp.state.replicated.CanisterSnapshot;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ChunkStore;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.LogVisibility;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.SnapshotId;
import org.jicp.state.replicated.StopContext;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SystemState;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.ManagementApi;

/**
 * The management canister {@code aaaaa-aa} of a subnet (interface specification, "The IC
 * management canister"; {@code ic.did}), served to ingress (through the effective canister id)
 * and to canisters: requests queue in the state's management queue and run at the start of each
 * pass of a round. Every method checks its caller as the IC does (controllers), charges what the
 * IC charges, and answers with the IC's reject codes and error codes. Methods this replica does
 * not offer (threshold signatures, HTTPS outcalls, Bitcoin) are rejected with code 4 and a
 * message that names the method; attached cycles are refunded.
 */
final class Management {
  /** The Candid encoding of {@code ()}. */
  static final Bytes EMPTY_REPLY = Bytes.of(CandidEncoder.empty());

  private static final DidFile DID = loadDid();

  /** The methods this replica does not offer, rejected with code 4. */
  static final Set<String> UNSUPPORTED = Set.of("http_request", "ecdsa_public_key",
      "sign_with_ecdsa", "schnorr_public_key", "sign_with_schnorr", "vetkd_public_key",
      "vetkd_derive_key", "bitcoin_get_balance", "bitcoin_get_utxos",
      "bitcoin_send_transaction", "bitcoin_get_current_fee_percentiles",
      "bitcoin_get_block_headers", "node_metrics_history", "subnet_metrics", "list_canisters",
      "canister_metadata", "rename_canister", "canister_metrics");

  /** Snapshots a canister may have at once. */
  static final int MAX_SNAPSHOTS_PER_CANISTER = 10;

  private final Round round;

  Management(Round round) {
    this.round = round;
  }

  private static DidFile loadDid() {
    try (InputStream in = Management.class.getResourceAsStream(
        "/org/jicp/wasm/ic.did")) {
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CandidType type(String name) {
    return DID.type(name).orElseThrow(() -> new IllegalStateException("ic.did: " + name));
  }

  /** Whether a method acts on the subnet rather than on one canister (no effective id check). */
  boolean isSubnetWide(String method) {
    return method.equals("provisional_create_canister_with_cycles")
        || method.equals("create_canister") || method.equals("raw_rand")
        || method.equals("subnet_info");
  }

  /** Runs every request in the management queue; returns whether there was any. */
  boolean runQueue() {
    boolean any = false;
    while (!round.state.subnetQueues().input().isEmpty()) {
      CanisterMessage m = round.state.subnetQueues().input().get(0);
      round.state = round.state.withSubnetQueues(round.state.subnetQueues().popInput());
      any = true;
      round.updateTransaction();
      if (m instanceof CanisterMessage.Ingress i) {
        CallOrigin origin = new CallOrigin.Ingress(i.source(), i.messageId());
        round.setIngress(i.messageId(), org.jicp.state.replicated.IngressStatus.of(
            org.jicp.state.replicated.IngressStatus.Kind.PROCESSING, Round.IC_00, i.source(),
            round.time()));
        handle(origin, i.source(), Optional.empty(), i.methodName(), i.methodPayload(),
            Cycles.ZERO, Optional.of(i.effectiveCanisterId()));
      } else if (m instanceof CanisterMessage.Request r) {
        handle(new CallOrigin.Canister(r.sender(), r.senderCallbackId(), r.deadlineNanos()),
            r.sender().principal(), Optional.of(r.sender()), r.methodName(), r.methodPayload(),
            r.payment(), Optional.empty());
      }
    }
    return any;
  }

  /** An error that answers the call with a reject. */
  private static final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ResponsePayload.Reject reject;

    Rejection(ErrorCode code, String message) {
      super(message, null, false, false);
      this.reject = ResponsePayload.Reject.of(code, message);
    }

    Rejection(RejectCode code, ErrorCode error, String message) {
      super(message, null, false, false);
      this.reject = new ResponsePayload.Reject(code, message, Optional.of(error));
    }
  }

  private void handle(CallOrigin origin, Principal caller, Optional<CanisterId> callerCanister,
      String method, Bytes arg, Cycles payment, Optional<CanisterId> effective) {
    Call c = new Call(origin, caller, callerCanister, method, arg, payment, effective);
    Object out;
    try {
      out = dispatch(c);
    } catch (Rejection r) {
      round.respond(origin, Round.IC_00, r.reject, c.refund);
      return;
    } catch (RejectionOf r) {
      round.respond(origin, Round.IC_00, r.reject, c.refund);
      return;
    } catch (RuntimeException e) {
      // A malformed argument (Candid) or an unexpected condition: the IC's error for bad payloads.
      round.respond(origin, Round.IC_00, ResponsePayload.Reject.of(
          ErrorCode.INVALID_MANAGEMENT_PAYLOAD, "Error decoding candid: " + e.getMessage()
              + " (management canister method " + method + ")"), c.refund);
      return;
    }
    if (out == DEFERRED) {
      return;
    }
    Bytes reply = out instanceof Bytes b ? b : Bytes.of((byte[]) out);
    round.respond(origin, Round.IC_00, new ResponsePayload.Reply(reply), c.refund);
  }

  /** The answer comes later (stop_canister). */
  private static final Object DEFERRED = new Object();

  /** One management call; {@code refund} is what goes back with the answer. */
  private static final class Call {
    final CallOrigin origin;
    final Principal caller;
    final Optional<CanisterId> callerCanister;
    final String method;
    final Bytes arg;
    final Cycles payment;
    final Optional<CanisterId> effective;
    Cycles refund;

    Call(CallOrigin origin, Principal caller, Optional<CanisterId> callerCanister, String method,
        Bytes arg, Cycles payment, Optional<CanisterId> effective) {
      this.origin = origin;
      this.caller = caller;
      this.callerCanister = callerCanister;
      this.method = method;
      this.arg = arg;
      this.payment = payment;
      this.effective = effective;
      this.refund = payment;
    }

    CanisterHistory.Origin historyOrigin() {
      return callerCanister.map(CanisterHistory.Origin::canister)
          .orElseGet(() -> CanisterHistory.Origin.user(caller));
    }
  }

  private <T> T decode(Call c, Class<T> type) {
    return ManagementApi.decode(c.arg.toByteArray(), type);
  }

  private Object dispatch(Call c) {
    org.jicp.wasm.execution.ManagementExtension ext = round.runtimes.extensions().get(c.method);
    if (ext != null) {
      try {
        Bytes out = ext.call(new org.jicp.wasm.execution.ManagementExtension.Context(c.caller,
            c.callerCanister, round.state, round.time(), c.payment), c.arg);
        c.refund = Cycles.ZERO;
        return out;
      } catch (org.jicp.wasm.execution.NativeCanisterException e) {
        throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
            e.getMessage());
      }
    }
    if (UNSUPPORTED.contains(c.method)) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Management canister method " + c.method + " is not offered by this replica (jicp)");
    }
    return switch (c.method) {
      case "raw_rand" -> CandidEncoder.encode(type("raw_rand_result"),
          CandidValue.blob(round.rawRand().toByteArray()));
      case "create_canister" -> createCanister(c);
      case "provisional_create_canister_with_cycles" -> provisionalCreate(c);
      case "provisional_top_up_canister" -> topUp(c);
      case "deposit_cycles" -> depositCycles(c);
      case "install_code" -> installCode(c);
      case "install_chunked_code" -> installChunkedCode(c);
      case "uninstall_code" -> uninstallCode(c);
      case "start_canister" -> startCanister(c);
      case "stop_canister" -> stopCanister(c);
      case "delete_canister" -> deleteCanister(c);
      case "update_settings" -> updateSettings(c);
      case "canister_status" -> canisterStatus(c);
      case "canister_info" -> canisterInfo(c);
      case "upload_chunk" -> uploadChunk(c);
      case "clear_chunk_store" -> clearChunkStore(c);
      case "stored_chunks" -> storedChunks(c);
      case "take_canister_snapshot" -> takeSnapshot(c);
      case "load_canister_snapshot" -> loadSnapshot(c);
      case "list_canister_snapshots" -> listSnapshots(c);
      case "delete_canister_snapshot" -> deleteSnapshot(c);
      case "fetch_canister_logs" -> throw new Rejection(RejectCode.CANISTER_REJECT,
          ErrorCode.CANISTER_REJECTED_MESSAGE,
          "fetch_canister_logs can only be called as a query (non-replicated)");
      case "subnet_info" -> subnetInfo(c);
      default -> throw new Rejection(RejectCode.DESTINATION_INVALID,
          ErrorCode.CANISTER_METHOD_NOT_FOUND,
          "Management canister has no method '" + c.method + "'");
    };
  }

  // ------------------------------------------------------------------ helpers

  private CanisterState target(Call c, Principal id) {
    CanisterId cid = new CanisterId(id);
    if (c.effective.isPresent() && !c.effective.get().equals(cid)) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "The effective canister id " + c.effective.get() + " does not match the canister "
              + cid + " of the call");
    }
    return round.canister(cid).orElseThrow(() -> new Rejection(
        ErrorCode.CANISTER_NOT_FOUND, "Canister " + cid + " not found"));
  }

  private CanisterState controlled(Call c, Principal id) {
    CanisterState cs = target(c, id);
    if (!cs.system().controllers().contains(c.caller)) {
      throw new Rejection(ErrorCode.CANISTER_INVALID_CONTROLLER, "Only the controllers of the "
          + "canister " + cs.id() + " can control it.\nCanister's controllers: "
          + controllersText(cs) + "\nSender's ID: " + c.caller);
    }
    return cs;
  }

  private static String controllersText(CanisterState cs) {
    List<String> t = new ArrayList<>();
    cs.system().controllers().forEach(p -> t.add(p.toText()));
    return String.join(" ", t);
  }

  private SystemState.Builder newVersion(CanisterState cs) {
    return cs.system().toBuilder().canisterVersion(cs.system().canisterVersion() + 1);
  }

  /** Allocates the next canister id in this subnet's ranges. */
  private CanisterId allocateId() {
    SubnetMetadata md = round.state.metadata();
    SubnetId own = md.ownSubnetId();
    var ranges = md.routingTable().rangesOf(own).ranges();
    long n = md.generatedCanisterIds();
    if (ranges.isEmpty()) {
      CanisterId id = CanisterId.fromIndex(n);
      while (round.state.canisters().containsKey(id)) {
        id = CanisterId.fromIndex(++n);
      }
      round.state = round.state.withMetadata(md.toBuilder().generatedCanisterIds(n + 1).build());
      return id;
    }
    long skip = n;
    for (var r : ranges) {
      long start = index(r.start().principal());
      long end = index(r.end().principal());
      if (start < 0 || end < start) {
        continue;
      }
      long size = end - start + 1;
      while (skip < size) {
        CanisterId id = CanisterId.fromIndex(start + skip);
        skip++;
        n++;
        if (!round.state.canisters().containsKey(id)) {
          round.state = round.state.withMetadata(md.toBuilder().generatedCanisterIds(n).build());
          return id;
        }
      }
      skip -= size;
    }
    throw new Rejection(ErrorCode.MAX_NUMBER_OF_CANISTERS_REACHED,
        "Subnet " + own + " has no canister ids left in its ranges");
  }

  /** The index of a canister id ({@code u64_be(index) · 01 01}), -1 if it is not one. */
  static long index(Principal p) {
    byte[] b = p.toByteArray();
    if (b.length != 10 || b[8] != 1 || b[9] != 1) {
      return -1;
    }
    return java.nio.ByteBuffer.wrap(b, 0, 8).getLong();
  }

  private CanisterId create(Call c, Optional<ManagementApi.CanisterSettings> settings,
      Cycles cycles, Optional<Principal> specified) {
    CanisterId id;
    if (specified.isPresent()) {
      id = new CanisterId(specified.get());
      if (round.state.canisters().containsKey(id)) {
        throw new Rejection(ErrorCode.CANISTER_ID_ALREADY_EXISTS, "Canister " + id
            + " is already installed.");
      }
      if (!round.ownsCanister(id)) {
        throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_NOT_HOSTED_BY_SUBNET,
            "Specified CanisterId " + id + " is not hosted by subnet "
                + round.state.metadata().ownSubnetId() + ".");
      }
    } else {
      id = allocateId();
    }
    List<Principal> controllers = List.of(c.caller);
    SystemState s = SystemState.create(id, controllers, round.time()).withCyclesBalance(cycles);
    if (settings.isPresent()) {
      s = applySettings(s, settings.get());
    }
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), c.historyOrigin(), new CanisterHistory.Creation(
            s.controllers())))).build();
    round.put(new CanisterState(s, Optional.empty()));
    return id;
  }

  private SystemState applySettings(SystemState s, ManagementApi.CanisterSettings in) {
    CanisterSettings st = s.settings();
    SystemState.Builder b = s.toBuilder();
    if (in.controllers().isPresent()) {
      List<Principal> ctl = in.controllers().get();
      if (ctl.size() > SystemState.MAX_CONTROLLERS) {
        throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
            "Invalid settings: at most " + SystemState.MAX_CONTROLLERS
                + " controllers are allowed, got " + ctl.size());
      }
      b.controllers(ctl);
    }
    if (in.computeAllocation().isPresent()) {
      BigInteger v = in.computeAllocation().get();
      if (v.compareTo(BigInteger.valueOf(100)) > 0) {
        throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
            "Invalid settings: compute_allocation must be between 0 and 100, got " + v);
      }
      st = st.withComputeAllocation(v.intValue());
    }
    if (in.memoryAllocation().isPresent()) {
      st = st.withMemoryAllocation(clampLong(in.memoryAllocation().get()));
    }
    if (in.freezingThreshold().isPresent()) {
      st = st.withFreezingThresholdSeconds(clampLong(in.freezingThreshold().get()));
    }
    if (in.reservedCyclesLimit().isPresent()) {
      st = st.withReservedCyclesLimit(new Cycles(in.reservedCyclesLimit().get()
          .min(Cycles.MAX_VALUE)));
    }
    if (in.wasmMemoryLimit().isPresent()) {
      st = st.withWasmMemoryLimit(clampLong(in.wasmMemoryLimit().get()));
    }
    if (in.wasmMemoryThreshold().isPresent()) {
      st = st.withWasmMemoryThreshold(clampLong(in.wasmMemoryThreshold().get()));
    }
    if (in.logVisibility().isPresent()) {
      ManagementApi.LogVisibility v = in.logVisibility().get();
      LogVisibility lv;
      if (v instanceof ManagementApi.LogVisibility.Public) {
        lv = LogVisibility.PUBLIC;
      } else if (v instanceof ManagementApi.LogVisibility.AllowedViewers a) {
        if (a.value().size() > LogVisibility.MAX_ALLOWED_VIEWERS) {
          throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
              "Invalid settings: at most " + LogVisibility.MAX_ALLOWED_VIEWERS
                  + " allowed viewers");
        }
        lv = new LogVisibility(LogVisibility.Kind.ALLOWED_VIEWERS, a.value());
      } else {
        lv = LogVisibility.CONTROLLERS;
      }
      st = st.withLogVisibility(lv);
    }
    return b.settings(st).build();
  }

  private static long clampLong(BigInteger v) {
    return v.bitLength() >= 63 ? Long.MAX_VALUE : v.longValue();
  }

  // ------------------------------------------------------------------ methods

  private Object createCanister(Call c) {
    if (c.callerCanister.isEmpty()) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "create_canister can only be called by other canisters, not via ingress messages.");
    }
    ManagementApi.CreateCanisterArgs a = decode(c, ManagementApi.CreateCanisterArgs.class);
    Cycles fee = round.state.metadata().ownSubnetType().chargesCycles()
        ? round.fees.canisterCreation() : Cycles.ZERO;
    if (c.payment.compareTo(fee) < 0) {
      throw new Rejection(RejectCode.CANISTER_REJECT,
          ErrorCode.INSUFFICIENT_CYCLES_FOR_CREATE_CANISTER, "Creating a canister requires a fee"
              + " of " + fee + " that is deducted from the canister's initial balance but only "
              + c.payment + " cycles were received with the create_canister request.");
    }
    round.consumed(fee);
    CanisterId id = create(c, a.settings(), c.payment.subtract(fee), Optional.empty());
    c.refund = Cycles.ZERO;
    return ManagementApi.encode(new ManagementApi.CanisterIdResult(id.principal()));
  }

  private Object provisionalCreate(Call c) {
    ManagementApi.ProvisionalCreateCanisterArgs a =
        decode(c, ManagementApi.ProvisionalCreateCanisterArgs.class);
    Cycles cycles = a.amount().map(x -> new Cycles(x.min(Cycles.MAX_VALUE)))
        .orElse(org.jicp.wasm.cycles.FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    CanisterId id = create(c, a.settings(), cycles, a.specifiedId());
    return ManagementApi.encode(new ManagementApi.CanisterIdResult(id.principal()));
  }

  private Object topUp(Call c) {
    ManagementApi.TopUpArgs a = decode(c, ManagementApi.TopUpArgs.class);
    CanisterState cs = target(c, a.canisterId());
    round.credit(cs, new Cycles(a.amount().min(Cycles.MAX_VALUE)));
    return EMPTY_REPLY;
  }

  private Object depositCycles(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = target(c, a.canisterId());
    round.credit(cs, c.payment);
    c.refund = Cycles.ZERO;
    return EMPTY_REPLY;
  }

  private InstallCode.Options options(ManagementApi.InstallMode m) {
    if (m instanceof ManagementApi.InstallMode.Install) {
      return new InstallCode.Options(InstallCode.Mode.INSTALL, false, Optional.empty());
    }
    if (m instanceof ManagementApi.InstallMode.Reinstall) {
      return new InstallCode.Options(InstallCode.Mode.REINSTALL, false, Optional.empty());
    }
    Optional<ManagementApi.UpgradeOptions> o = ((ManagementApi.InstallMode.Upgrade) m).value();
    return new InstallCode.Options(InstallCode.Mode.UPGRADE,
        o.flatMap(ManagementApi.UpgradeOptions::skipPreUpgrade).orElse(false),
        o.flatMap(ManagementApi.UpgradeOptions::wasmMemoryPersistence)
            .map(p -> p == ManagementApi.WasmMemoryPersistence.KEEP));
  }

  private Object installCode(Call c) {
    ManagementApi.InstallCodeArgs a = decode(c, ManagementApi.InstallCodeArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    return install(c, cs.id(), options(a.mode()), a.wasmModule(), a.arg());
  }

  private Object install(Call c, CanisterId id, InstallCode.Options opt, Bytes wasm, Bytes arg) {
    ResponsePayload r = round.install.install(id, opt, wasm, arg, c.caller, c.historyOrigin());
    if (r instanceof ResponsePayload.Reject j) {
      throw new RejectionOf(j);
    }
    return EMPTY_REPLY;
  }

  /** Carries a reject produced elsewhere. */
  private static final class RejectionOf extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ResponsePayload.Reject reject;

    RejectionOf(ResponsePayload.Reject r) {
      super(r.message(), null, false, false);
      this.reject = r;
    }
  }

  private Object installChunkedCode(Call c) {
    ManagementApi.InstallChunkedCodeArgs a =
        decode(c, ManagementApi.InstallChunkedCodeArgs.class);
    CanisterState cs = controlled(c, a.targetCanister());
    CanisterState store = a.storeCanister().isPresent()
        ? round.canister(new CanisterId(a.storeCanister().get())).orElseThrow(() ->
            new Rejection(ErrorCode.CANISTER_NOT_FOUND, "Canister " + a.storeCanister().get()
                + " not found"))
        : cs;
    if (!store.system().controllers().contains(c.caller) && store != cs) {
      throw new Rejection(ErrorCode.CANISTER_INVALID_CONTROLLER, "Only the controllers of the "
          + "canister " + store.id() + " can control it.");
    }
    java.io.ByteArrayOutputStream w = new java.io.ByteArrayOutputStream();
    for (ManagementApi.ChunkHash h : a.chunkHashesList()) {
      Bytes chunk = store.system().chunkStore().chunks().get(h.hash());
      if (chunk == null) {
        throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
            "Error from Wasm chunk store: the chunk " + h.hash().toHex() + " is not in the store");
      }
      w.writeBytes(chunk.toByteArray());
    }
    byte[] wasm = w.toByteArray();
    if (!Bytes.of(Runtimes.sha256(wasm)).equals(a.wasmModuleHash())) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Error from Wasm chunk store: the hash of the assembled module "
              + Bytes.hex(Runtimes.sha256(wasm)) + " is not the expected " 
              + a.wasmModuleHash().toHex());
    }
    return install(c, cs.id(), options(a.mode()), Bytes.of(wasm), a.arg());
  }

  private Object uninstallCode(Call c) {
    ManagementApi.UninstallCodeArgs a = decode(c, ManagementApi.UninstallCodeArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    uninstall(cs.id(), c.historyOrigin());
    return EMPTY_REPLY;
  }

  /**
   * Removes a canister's code and memories; its open calls are answered with rejects, its
   * outstanding callbacks dropped (their contexts are marked deleted).
   */
  void uninstall(CanisterId id, CanisterHistory.Origin origin) {
    CanisterState cs = round.canister(id).orElseThrow();
    var ccm = cs.system().callContexts();
    for (var e : new TreeMap<>(ccm.callContexts()).entrySet()) {
      if (!e.getValue().responded()) {
        round.respondContext(id, e.getKey(), ResponsePayload.Reject.of(
            ErrorCode.CANISTER_WASM_MODULE_NOT_FOUND, "Canister " + id
                + " has been uninstalled."));
      }
    }
    cs = round.canister(id).orElseThrow();
    ccm = cs.system().callContexts();
    for (var e : new TreeMap<>(ccm.callContexts()).entrySet()) {
      ccm = ccm.outstandingCalls(e.getKey()) > 0
          ? ccm.withCallContext(e.getKey(), e.getValue().markDeleted())
          : ccm.withoutCallContext(e.getKey());
    }
    SystemState s = newVersion(cs).callContexts(ccm).certifiedData(Bytes.EMPTY)
        .globalTimerNanos(0).metadata(new TreeMap<>()).build();
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), origin, new CanisterHistory.CodeUninstall()))).build();
    round.runtimes.forget(id);
    round.put(new CanisterState(s, Optional.empty()));
  }

  private Object startCanister(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    SystemState s = cs.system();
    if (s.status() == CanisterStatus.STOPPING) {
      for (StopContext st : s.pendingStops()) {
        round.respond(st.origin(), Round.IC_00, ResponsePayload.Reject.of(
            ErrorCode.CANISTER_STOPPING_CANCELLED, "Canister " + cs.id()
                + "'s stop request was cancelled because the canister was started."),
            st.cycles());
      }
    }
    if (s.status() != CanisterStatus.RUNNING) {
      cs = round.canister(cs.id()).orElseThrow();
      round.put(cs.withSystem(newVersion(cs).status(CanisterStatus.RUNNING)
          .pendingStops(List.of()).build()));
    }
    return EMPTY_REPLY;
  }

  private Object stopCanister(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    SystemState s = cs.system();
    if (s.status() == CanisterStatus.STOPPED) {
      return EMPTY_REPLY;
    }
    List<StopContext> stops = new ArrayList<>(s.pendingStops());
    stops.add(new StopContext(c.origin, c.refund));
    round.put(cs.withSystem(s.toBuilder().status(CanisterStatus.STOPPING).pendingStops(stops)
        .build()));
    round.stopCanisters();
    return DEFERRED;
  }

  private Object deleteCanister(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    if (cs.system().status() != CanisterStatus.STOPPED) {
      throw new Rejection(ErrorCode.CANISTER_NOT_STOPPED, "Canister " + cs.id()
          + " must be stopped before it is deleted.");
    }
    if (c.callerCanister.isPresent() && c.callerCanister.get().equals(cs.id())) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Canister " + cs.id() + " cannot delete itself.");
    }
    round.consumed(cs.system().cyclesBalance());
    round.state = round.state.withoutCanister(cs.id());
    TreeMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>(round.state.snapshots());
    snaps.keySet().removeIf(k -> k.canisterId().equals(cs.id()));
    round.state = round.state.withSnapshots(snaps);
    round.runtimes.forget(cs.id());
    return EMPTY_REPLY;
  }

  private Object updateSettings(Call c) {
    ManagementApi.UpdateSettingsArgs a = decode(c, ManagementApi.UpdateSettingsArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    SystemState s = applySettings(newVersion(cs).build(), a.settings());
    if (a.settings().controllers().isPresent()) {
      s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
          s.canisterVersion(), c.historyOrigin(), new CanisterHistory.ControllersChange(
              s.controllers())))).build();
    }
    round.put(cs.withSystem(s));
    return EMPTY_REPLY;
  }

  private Object canisterStatus(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    return statusReply(cs);
  }

  /** The {@code canister_status_result} of {@code cs}. */
  byte[] statusReply(CanisterState cs) {
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
    return CandidEncoder.encode(type("canister_status_result"), result);
  }

  private Object canisterInfo(Call c) {
    if (c.callerCanister.isEmpty()) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "canister_info can only be called by canisters");
    }
    ManagementApi.CanisterInfoArgs a = decode(c, ManagementApi.CanisterInfoArgs.class);
    CanisterState cs = target(c, a.canisterId());
    var history = cs.system().history();
    int want = (int) Math.min(a.numRequestedChanges().orElse(0L), history.recentChanges().size());
    List<CanisterHistory.Change> changes = history.recentChanges().subList(
        history.recentChanges().size() - Math.max(want, 0), history.recentChanges().size());
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
    return CandidEncoder.encode(type("canister_info_result"), result);
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
      details = CandidValue.variant("load_snapshot", CandidValue.record(
          CandidValue.field("from_canister_id", CandidValue.none()),
          CandidValue.field("source", CandidValue.variant("taken_from_canister",
              CandidValue.RESERVED)),
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

  private Object uploadChunk(Call c) {
    ManagementApi.UploadChunkArgs a = decode(c, ManagementApi.UploadChunkArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    if (a.chunk().length() > ChunkStore.MAX_CHUNK_BYTES) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Error from Wasm chunk store: chunk of " + a.chunk().length() + " bytes is larger than "
              + ChunkStore.MAX_CHUNK_BYTES);
    }
    Bytes hash = Bytes.of(Runtimes.sha256(a.chunk().toByteArray()));
    ChunkStore store = cs.system().chunkStore();
    if (!store.chunks().containsKey(hash) && store.chunks().size() >= ChunkStore.MAX_CHUNKS) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Error from Wasm chunk store: the store is full (" + ChunkStore.MAX_CHUNKS
              + " chunks)");
    }
    round.put(cs.withSystem(cs.system().toBuilder().chunkStore(store.put(hash, a.chunk()))
        .build()));
    return ManagementApi.encode(new ManagementApi.ChunkHash(hash));
  }

  private Object clearChunkStore(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    round.put(cs.withSystem(cs.system().toBuilder().chunkStore(ChunkStore.EMPTY).build()));
    return EMPTY_REPLY;
  }

  private Object storedChunks(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    List<ManagementApi.ChunkHash> hs = new ArrayList<>();
    cs.system().chunkStore().chunks().keySet().forEach(h -> hs.add(new ManagementApi.ChunkHash(h)));
    return ManagementApi.MAPPER.encodeAs(new org.jicp.candid.mapping.TypeRef<
        List<ManagementApi.ChunkHash>>() {}.type(), hs);
  }

  // ------------------------------------------------------------------ snapshots

  private Object takeSnapshot(Call c) {
    ManagementApi.TakeSnapshotArgs a = decode(c, ManagementApi.TakeSnapshotArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    if (cs.execution().isEmpty()) {
      throw new Rejection(ErrorCode.CANISTER_WASM_MODULE_NOT_FOUND, "Canister " + cs.id()
          + " has no Wasm module to take a snapshot of.");
    }
    TreeMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>(round.state.snapshots());
    if (a.replaceSnapshot().isPresent()) {
      SnapshotId old = snapshotOf(cs.id(), a.replaceSnapshot().get());
      snaps.remove(old);
    }
    long mine = snaps.keySet().stream().filter(k -> k.canisterId().equals(cs.id())).count();
    if (mine >= MAX_SNAPSHOTS_PER_CANISTER) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Canister " + cs.id() + " has reached the maximum number of snapshots ("
              + MAX_SNAPSHOTS_PER_CANISTER + ")");
    }
    if (cs.execution().get().nativeKind().isPresent()) {
      round.natives.flush(cs.id());
    }
    CanisterState now = round.canister(cs.id()).orElseThrow();
    ExecutionState es = now.execution().get();
    SubnetMetadata md = round.state.metadata();
    SnapshotId id = new SnapshotId(cs.id(), md.nextSnapshotId());
    round.state = round.state.withMetadata(md.toBuilder().nextSnapshotId(md.nextSnapshotId() + 1)
        .build());
    CanisterSnapshot snap = new CanisterSnapshot(cs.id(),
        CanisterSnapshot.Source.TAKEN_FROM_CANISTER, round.time(),
        now.system().canisterVersion(), es.wasmBinary(), es.heap(),
        es.heapSizeWasmPages() * 65536, es.stableMemory(), es.stableMemorySizeWasmPages() * 65536,
        es.exportedGlobals(), now.system().certifiedData(), now.system().chunkStore(),
        now.system().globalTimerNanos());
    snaps.put(id, snap);
    round.state = round.state.withSnapshots(snaps);
    if (a.uninstallCode().orElse(false)) {
      uninstall(cs.id(), c.historyOrigin());
    }
    return ManagementApi.encode(new ManagementApi.Snapshot(id.bytes(), snap.takenAtTimestampNanos(),
        snap.size()));
  }

  private SnapshotId snapshotOf(CanisterId canister, Bytes raw) {
    SnapshotId id;
    try {
      id = SnapshotId.fromBytes(raw.toByteArray());
    } catch (RuntimeException e) {
      throw new Rejection(ErrorCode.CANISTER_SNAPSHOT_NOT_FOUND, "Could not find the snapshot "
          + raw.toHex() + " for canister " + canister);
    }
    if (!round.state.snapshots().containsKey(id)) {
      throw new Rejection(ErrorCode.CANISTER_SNAPSHOT_NOT_FOUND, "Could not find the snapshot "
          + raw.toHex() + " for canister " + canister);
    }
    if (!id.canisterId().equals(canister)) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "The snapshot " + raw.toHex() + " does not belong to canister " + canister);
    }
    return id;
  }

  private Object loadSnapshot(Call c) {
    ManagementApi.LoadSnapshotArgs a = decode(c, ManagementApi.LoadSnapshotArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    SnapshotId id = snapshotOf(cs.id(), a.snapshotId());
    CanisterSnapshot snap = round.state.snapshots().get(id);
    load(cs.id(), id, snap, c.historyOrigin());
    return EMPTY_REPLY;
  }

  /** Replaces canister {@code target}'s code, memories and related state by {@code snap}'s. */
  void load(CanisterId target, SnapshotId id, CanisterSnapshot snap,
      CanisterHistory.Origin origin) {
    if (snap.wasmModule().isEmpty()) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.CANISTER_REJECTED_MESSAGE,
          "The snapshot " + id + " has no module (its upload is not complete)");
    }
    String text = snap.wasmModule().length() < 200 ? new String(snap.wasmModule().toByteArray(),
        StandardCharsets.UTF_8) : "";
    ExecutionState es;
    if (text.startsWith(InstallCode.NATIVE_PREFIX)) {
      es = ExecutionState.nativeCanister(text.substring(InstallCode.NATIVE_PREFIX.length()),
          snap.wasmModule(), snap.stableMemory(), snap.stableMemorySizeBytes() / 65536);
    } else {
      try {
        round.runtimes.load(snap.wasmModule().toByteArray());
      } catch (org.jicp.wasm.WasmException e) {
        throw new Rejection(ErrorCode.CANISTER_INVALID_WASM, "The snapshot's module is not "
            + "valid: " + e.getMessage());
      }
      es = new ExecutionState(snap.wasmModule(), snap.heap(), snap.heapSizeBytes() / 65536,
          snap.stableMemory(), snap.stableMemorySizeBytes() / 65536, snap.globals());
    }
    CanisterState cs = round.canister(target).orElseThrow();
    SystemState s = newVersion(cs).certifiedData(snap.certifiedData())
        .chunkStore(snap.chunkStore()).globalTimerNanos(snap.globalTimerNanos()).build();
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), origin, new CanisterHistory.LoadSnapshot(snap.canisterVersion(),
            id.bytes(), snap.takenAtTimestampNanos())))).build();
    round.runtimes.forget(target);
    round.put(new CanisterState(s, Optional.of(es)));
  }

  private Object listSnapshots(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlled(c, a.canisterId());
    List<ManagementApi.Snapshot> out = new ArrayList<>();
    round.state.snapshots().forEach((k, v) -> {
      if (k.canisterId().equals(cs.id())) {
        out.add(new ManagementApi.Snapshot(k.bytes(), v.takenAtTimestampNanos(), v.size()));
      }
    });
    return ManagementApi.MAPPER.encodeAs(new org.jicp.candid.mapping.TypeRef<
        List<ManagementApi.Snapshot>>() {}.type(), out);
  }

  private Object deleteSnapshot(Call c) {
    ManagementApi.SnapshotArgs a = decode(c, ManagementApi.SnapshotArgs.class);
    CanisterState cs = controlled(c, a.canisterId());
    SnapshotId id = snapshotOf(cs.id(), a.snapshotId());
    TreeMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>(round.state.snapshots());
    snaps.remove(id);
    round.state = round.state.withSnapshots(snaps);
    return EMPTY_REPLY;
  }

  private Object subnetInfo(Call c) {
    ManagementApi.SubnetInfoArgs a = decode(c, ManagementApi.SubnetInfoArgs.class);
    if (!a.subnetId().equals(round.ownSubnet().principal())
        && !round.state.metadata().topology().containsKey(new SubnetId(a.subnetId()))) {
      throw new Rejection(RejectCode.CANISTER_REJECT, ErrorCode.SUBNET_NOT_FOUND,
          "Subnet " + a.subnetId() + " not found");
    }
    return ManagementApi.encode(new ManagementApi.SubnetInfoResult("jicp-0.1.0",
        round.state.metadata().registryVersion().value()));
  }

  /** Logs of {@code id} for {@code caller}, as {@code fetch_canister_logs} answers (a query). */
  static ResponsePayload fetchLogs(CanisterState cs, Principal caller) {
    if (!cs.system().settings().logVisibility().allows(caller, cs.system().controllers())) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_REJECTED_MESSAGE, "Caller " + caller
          + " is not allowed to query logs of canister " + cs.id());
    }
    List<ManagementApi.LogRecord> records = new ArrayList<>();
    for (CanisterLog.Record r : cs.system().log().records()) {
      records.add(new ManagementApi.LogRecord(r.idx(), r.timestampNanos(), r.content()));
    }
    return new ResponsePayload.Reply(Bytes.of(ManagementApi.encode(
        new ManagementApi.FetchLogsResult(records))));
  }
}
