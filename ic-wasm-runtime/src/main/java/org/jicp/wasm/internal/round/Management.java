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
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.LogVisibility;
import org.jicp.state.replicated.ReplicatedState;
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
import org.jicp.wasm.execution.ManagementExtension;
import org.jicp.wasm.execution.NativeCanisterException;

/**
 * The management canister {@code aaaaa-aa} of a subnet (interface specification, "The IC
 * management canister"; {@code ic.did}; dfinity/ic {@code canister_manager.rs}), served to ingress
 * (through the effective canister id) and to canisters: requests queue in the state's management
 * queue and run at the start of each pass of a round. Every method checks its caller as the IC
 * does (controllers), charges what the IC charges (to the managed canister), and answers with the
 * IC's reject codes, error codes and messages. Methods this replica does not offer (threshold
 * signatures, HTTPS outcalls, Bitcoin) are rejected with code 4 and a message that names the
 * method; attached cycles are refunded.
 *
 * <p>This class holds the dispatch, the checks every method shares and the canister lifecycle
 * (creation, cycles, code, status, settings, chunk store); {@link ManagementSnapshots} the
 * snapshot methods; {@link ManagementInfo} the read-only methods ({@code canister_status}, {@code
 * canister_info}, {@code fetch_canister_logs}, also served as queries) and the ingress filter.
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

  /**
   * The methods this replica serves (every method of {@code ic.did} but {@link #UNSUPPORTED});
   * {@code ManagementInterfaceTest} checks their Candid types against {@code ic.did}.
   */
  static final Set<String> SERVED = Set.of("create_canister", "update_settings", "upload_chunk",
      "clear_chunk_store", "stored_chunks", "install_code", "install_chunked_code",
      "uninstall_code", "start_canister", "stop_canister", "canister_status", "delete_canister",
      "deposit_cycles", "raw_rand", "canister_info", "subnet_info",
      "provisional_create_canister_with_cycles", "provisional_top_up_canister",
      "take_canister_snapshot", "load_canister_snapshot", "read_canister_snapshot_metadata",
      "read_canister_snapshot_data", "upload_canister_snapshot_metadata",
      "upload_canister_snapshot_data", "list_canister_snapshots", "delete_canister_snapshot",
      "fetch_canister_logs");

  /** Snapshots a canister may have at once ({@code max_number_of_snapshots_per_canister}). */
  static final int MAX_SNAPSHOTS_PER_CANISTER = 10;
  /** Instructions charged for uploading a chunk ({@code DEFAULT_UPLOAD_CHUNK_INSTRUCTIONS}). */
  static final long UPLOAD_CHUNK_INSTRUCTIONS = 200_000_000L;
  /** Controllers a canister may have. */
  private static final int MAX_CONTROLLERS = SystemState.MAX_CONTROLLERS;
  /** The most a {@code wasm_memory_limit} or {@code wasm_memory_threshold} may be: 2^48. */
  private static final BigInteger MAX_WASM_MEMORY_SETTING = BigInteger.ONE.shiftLeft(48);
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  final Round round;
  final ManagementSnapshots snapshots;
  final ManagementInfo info;

  Management(Round round) {
    this.round = round;
    this.snapshots = new ManagementSnapshots(this);
    this.info = new ManagementInfo(this);
  }

  private static DidFile loadDid() {
    try (InputStream in = Management.class.getResourceAsStream("/org/jicp/wasm/ic.did")) {
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A named type of {@code ic.did}. */
  static CandidType type(String name) {
    return DID.type(name).orElseThrow(() -> new IllegalStateException("ic.did: " + name));
  }

  /** Whether a method acts on the subnet rather than on one canister (no effective id check). */
  boolean isSubnetWide(String method) {
    return method.equals("provisional_create_canister_with_cycles")
        || method.equals("create_canister") || method.equals("raw_rand")
        || method.equals("subnet_info");
  }

  /**
   * How an ingress message to the management canister is inducted (dfinity/ic {@code
   * ValidSetRule::enqueue} with {@code extract_effective_canister_id} and {@code
   * ingress_induction_cost}).
   *
   * @param reject why it cannot be inducted (an {@code IngressInductionError})
   * @param payer the canister that pays the induction fee (empty: free)
   */
  record Induction(Optional<ResponsePayload.Reject> reject, Optional<CanisterId> payer) {
    static Induction free() {
      return new Induction(Optional.empty(), Optional.empty());
    }

    static Induction refused(ErrorCode code, String message) {
      return new Induction(Optional.of(ResponsePayload.Reject.of(code, message)),
          Optional.empty());
    }
  }

  /** A record read for its {@code canister_id} only. */
  private record CanisterIdField(@org.jicp.candid.mapping.CandidName("canister_id")
      Principal canisterId) {}

  /** A record read for its {@code target_canister} only. */
  private record TargetCanisterField(@org.jicp.candid.mapping.CandidName("target_canister")
      Principal targetCanister) {}

  /**
   * The induction of ingress message {@code m} to the management canister: unknown methods
   * (IC0536), methods users may not call (IC0406) and payloads whose canister id cannot be read
   * (IC0408) are refused, free of charge; the managed canister pays the fee, but for the
   * provisional methods (free) and {@code update_settings} (charged after the settings apply, so
   * that a canister frozen by its own freezing threshold can be unfrozen).
   */
  Induction induct(CanisterMessage.Ingress m) {
    String method = m.methodName();
    if (round.runtimes.extensions().containsKey(method)) {
      return Induction.free();
    }
    if (ManagementInfo.CANISTERS_ONLY.contains(method)
        || method.equals("fetch_canister_logs")) {
      return Induction.refused(ErrorCode.CANISTER_REJECTED_MESSAGE, "Cannot enqueue management "
          + "message because " + method + " method is not allowed to be called via ingress "
          + "messages.");
    }
    if (!SERVED.contains(method) && !UNSUPPORTED.contains(method)) {
      return Induction.refused(ErrorCode.CANISTER_METHOD_NOT_FOUND, "Cannot enqueue management "
          + "message because " + method + " method is unknown.");
    }
    if (UNSUPPORTED.contains(method) || isSubnetWide(method)) {
      return Induction.free();
    }
    CanisterId named;
    try {
      byte[] arg = m.methodPayload().toByteArray();
      named = new CanisterId(method.equals("install_chunked_code")
          ? ManagementApi.decode(arg, TargetCanisterField.class).targetCanister()
          : ManagementApi.decode(arg, CanisterIdField.class).canisterId());
    } catch (RuntimeException e) {
      return Induction.refused(ErrorCode.INVALID_MANAGEMENT_PAYLOAD, "Cannot enqueue "
          + "management message because its Candid payload is invalid.");
    }
    if (method.equals("provisional_top_up_canister") || method.equals("update_settings")) {
      return Induction.free();
    }
    return new Induction(Optional.empty(), Optional.of(named));
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
        round.setIngress(i.messageId(), IngressStatus.of(IngressStatus.Kind.PROCESSING,
            Round.IC_00, i.source(), round.time()));
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
  static final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ResponsePayload.Reject reject;
    /** The state is already as it must be after the reject (install_code rolls back itself). */
    final boolean keepsState;

    /** A reject with {@code code}'s reject code; the call's effects are undone. */
    Rejection(ErrorCode code, String message) {
      super(message, null, false, false);
      this.reject = ResponsePayload.Reject.of(code, message);
      this.keepsState = false;
    }

    /** A reject produced by install_code, which left the state as the IC does after it. */
    Rejection(ResponsePayload.Reject reject) {
      super(reject.message(), null, false, false);
      this.reject = reject;
      this.keepsState = true;
    }
  }

  private void handle(CallOrigin origin, Principal caller, Optional<CanisterId> callerCanister,
      String method, Bytes arg, Cycles payment, Optional<CanisterId> effective) {
    Call c = new Call(origin, caller, callerCanister, method, arg, payment, effective);
    Object out;
    // Every effect of a rejected call is undone (a management method is atomic), but the
    // cycles charged before the failure, as on the IC.
    ReplicatedState before = round.state;
    try {
      out = dispatch(c);
    } catch (Rejection r) {
      if (!r.keepsState) {
        round.state = c.keepCharges(before, round.state);
      }
      round.respond(origin, Round.IC_00, r.reject, c.refund);
      return;
    } catch (org.jicp.candid.CandidException | IllegalArgumentException e) {
      // A malformed or ill-typed argument: the IC's error for bad payloads.
      round.state = c.keepCharges(before, round.state);
      round.respond(origin, Round.IC_00, ResponsePayload.Reject.of(
          ErrorCode.INVALID_MANAGEMENT_PAYLOAD, "Error decoding candid: " + e.getMessage()),
          c.refund);
      return;
    } catch (RuntimeException e) {
      // A condition this implementation did not foresee: never an exception out of the round.
      round.state = c.keepCharges(before, round.state);
      round.respond(origin, Round.IC_00, ResponsePayload.Reject.of(
          ErrorCode.CANISTER_REJECTED_MESSAGE, "Management canister method " + method
              + " failed: " + e), c.refund);
      return;
    }
    if (out == DEFERRED) {
      return;
    }
    Bytes reply = out instanceof Bytes b ? b : Bytes.of((byte[]) out);
    round.respond(origin, Round.IC_00, new ResponsePayload.Reply(reply), c.refund);
  }

  /** The answer comes later (stop_canister). */
  static final Object DEFERRED = new Object();

  /** One management call; {@code refund} is what goes back with the answer. */
  static final class Call {
    final CallOrigin origin;
    final Principal caller;
    final Optional<CanisterId> callerCanister;
    final String method;
    final Bytes arg;
    final Cycles payment;
    final Optional<CanisterId> effective;
    Cycles refund;
    /** The canisters charged so far, with their balances after the charge. */
    private final TreeMap<CanisterId, Cycles> charged = new TreeMap<>();
    private Cycles consumed = Cycles.ZERO;

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

    boolean isIngress() {
      return callerCanister.isEmpty();
    }

    CanisterHistory.Origin historyOrigin() {
      return callerCanister.map(CanisterHistory.Origin::canister)
          .orElseGet(() -> CanisterHistory.Origin.user(caller));
    }

    void charged(CanisterId id, Cycles balanceAfter, Cycles amount) {
      charged.put(id, balanceAfter);
      consumed = consumed.add(amount);
    }

    /** {@code before} with the charges of this call applied (a rejected call's state). */
    ReplicatedState keepCharges(ReplicatedState before, ReplicatedState after) {
      if (charged.isEmpty()) {
        return before;
      }
      ReplicatedState s = before;
      for (var e : charged.entrySet()) {
        CanisterState cs = s.canister(e.getKey()).orElse(null);
        if (cs != null) {
          s = s.withCanister(cs.withSystem(cs.system().withCyclesBalance(e.getValue())));
        }
      }
      return s.withMetadata(s.metadata().toBuilder().consumedCyclesTotal(
          after.metadata().consumedCyclesTotal()).build());
    }
  }

  static <T> T decode(Call c, Class<T> type) {
    return ManagementApi.decode(c.arg.toByteArray(), type);
  }

  private Object dispatch(Call c) {
    ManagementExtension ext = round.runtimes.extensions().get(c.method);
    if (ext != null) {
      try {
        Bytes out = ext.call(new ManagementExtension.Context(c.caller, c.callerCanister,
            round.state, round.time(), c.payment), c.arg);
        c.refund = Cycles.ZERO;
        return out;
      } catch (NativeCanisterException e) {
        throw new Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE, e.getMessage());
      }
    }
    if (UNSUPPORTED.contains(c.method)) {
      throw new Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE, "Management canister method "
          + c.method + " is not offered by this replica (jicp)");
    }
    if (c.isIngress() && ManagementInfo.CANISTERS_ONLY.contains(c.method)) {
      // The ingress filter rejects these before a block; a message that got here anyway.
      throw new Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Only canisters can call ic00 method " + c.method);
    }
    return switch (c.method) {
      case "raw_rand" -> {
        org.jicp.candid.CandidDecoder.standard().decode(c.arg.toByteArray(), List.of());
        yield CandidEncoder.encode(type("raw_rand_result"),
            CandidValue.blob(round.rawRand().toByteArray()));
      }
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
      case "canister_status" -> info.canisterStatus(c);
      case "canister_info" -> info.canisterInfo(c);
      case "fetch_canister_logs" -> info.fetchCanisterLogs(c);
      case "upload_chunk" -> uploadChunk(c);
      case "clear_chunk_store" -> clearChunkStore(c);
      case "stored_chunks" -> storedChunks(c);
      case "take_canister_snapshot" -> snapshots.take(c);
      case "load_canister_snapshot" -> snapshots.load(c);
      case "list_canister_snapshots" -> snapshots.list(c);
      case "delete_canister_snapshot" -> snapshots.delete(c);
      case "read_canister_snapshot_metadata" -> snapshots.readMetadata(c);
      case "read_canister_snapshot_data" -> snapshots.readData(c);
      case "upload_canister_snapshot_metadata" -> snapshots.uploadMetadata(c);
      case "upload_canister_snapshot_data" -> snapshots.uploadData(c);
      case "subnet_info" -> subnetInfo(c);
      default -> throw new Rejection(ErrorCode.CANISTER_METHOD_NOT_FOUND,
          "Management canister has no method '" + c.method + "'");
    };
  }

  // ------------------------------------------------------------------ shared checks

  /** The canister {@code id} names; the effective canister id of an ingress call must be it. */
  CanisterState target(Call c, Principal id) {
    CanisterId cid = new CanisterId(id);
    if (c.effective.isPresent() && !c.effective.get().equals(cid)) {
      throw new Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE, "The effective canister id "
          + c.effective.get() + " does not match the canister " + cid + " of the call");
    }
    return round.canister(cid).orElseThrow(() -> notFound(cid));
  }

  static Rejection notFound(CanisterId id) {
    return new Rejection(ErrorCode.CANISTER_NOT_FOUND, "Canister " + id + " not found.");
  }

  /** The canister {@code id} names, if the caller controls it. */
  CanisterState controlled(Call c, Principal id) {
    CanisterState cs = target(c, id);
    requireController(c, cs);
    return cs;
  }

  /** The canister {@code id} names, if the caller controls it or is it. */
  CanisterState controlledOrSelf(Call c, Principal id) {
    CanisterState cs = target(c, id);
    if (!c.caller.equals(cs.id().principal())) {
      requireController(c, cs);
    }
    return cs;
  }

  static void requireController(Call c, CanisterState cs) {
    if (!cs.system().controllers().contains(c.caller)) {
      throw invalidController(cs, c.caller);
    }
  }

  /** The IC's {@code CanisterInvalidController} error. */
  static Rejection invalidController(CanisterState cs, Principal caller) {
    List<String> t = new ArrayList<>();
    cs.system().controllers().forEach(p -> t.add(p.toText()));
    return new Rejection(ErrorCode.CANISTER_INVALID_CONTROLLER, "Only the controllers of the "
        + "canister " + cs.id() + " can control it.\nCanister's controllers: "
        + String.join(" ", t) + "\nSender's ID: " + caller);
  }

  /**
   * Charges canister {@code id} the execution cost of {@code instructions} (dfinity/ic {@code
   * consume_cycles_for_instructions}: the balance must stay above the freezing threshold);
   * throws {@code onFailure(out-of-cycles message)} if it cannot pay.
   */
  void chargeInstructions(Call c, CanisterId id, long instructions,
      java.util.function.Function<String, Rejection> onFailure) {
    charge(c, id, round.fees.executionCost(instructions), onFailure);
  }

  /** Charges canister {@code id} {@code cost} (see {@link #chargeInstructions}). */
  void charge(Call c, CanisterId id, Cycles cost,
      java.util.function.Function<String, Rejection> onFailure) {
    CanisterState cs = round.canister(id).orElseThrow(() -> notFound(id));
    if (!round.canPay(cs, cost)) {
      throw onFailure.apply(round.outOfCyclesMessage(id, cost, cs));
    }
    CanisterState after = round.debit(cs, cost);
    if (round.state.metadata().ownSubnetType().chargesCycles()) {
      c.charged(id, after.system().cyclesBalance(), cost);
    }
  }

  /** The IC's out-of-cycles error ({@code CanisterOutOfCycles}). */
  static Rejection outOfCycles(String message) {
    return new Rejection(ErrorCode.CANISTER_OUT_OF_CYCLES, message);
  }

  SystemState.Builder newVersion(CanisterState cs) {
    return cs.system().toBuilder().canisterVersion(cs.system().canisterVersion() + 1);
  }

  // ------------------------------------------------------------------ creation and cycles

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
    throw new Rejection(ErrorCode.SUBNET_OVERSUBSCRIBED,
        "Could not create canister. Subnet has surpassed its canister ID allocation.");
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
        throw new Rejection(ErrorCode.CANISTER_ID_ALREADY_EXISTS,
            "Unsuccessful canister creation: canister id " + id + " already exists.");
      }
      if (!round.ownsCanister(id)) {
        throw new Rejection(ErrorCode.CANISTER_NOT_HOSTED_BY_SUBNET,
            "Unsuccessful validation of specified ID: Specified CanisterId " + id
                + " is not hosted by subnet " + round.state.metadata().ownSubnetId() + ".");
      }
    } else {
      id = allocateId();
    }
    SystemState s = SystemState.create(id, List.of(c.caller), round.time())
        .withCyclesBalance(cycles);
    if (settings.isPresent()) {
      s = applySettings(s, settings.get());
    }
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), c.historyOrigin(), new CanisterHistory.Creation(
            s.controllers())))).build();
    round.put(new CanisterState(s, Optional.empty()));
    return id;
  }

  /** The IC's {@code InvalidSettings} error. */
  private static Rejection invalidSettings(String message) {
    return new Rejection(ErrorCode.CANISTER_CONTRACT_VIOLATION,
        "Could not validate the settings: " + message);
  }

  private static long u64Setting(String name, BigInteger v) {
    if (v.compareTo(U64_MAX) > 0) {
      throw invalidSettings(name + " must be a number between 0 and 2^64-1, got " + v);
    }
    return v.bitLength() >= 63 ? Long.MAX_VALUE : v.longValue();
  }

  SystemState applySettings(SystemState s, ManagementApi.CanisterSettings in) {
    CanisterSettings st = s.settings();
    SystemState.Builder b = s.toBuilder();
    if (in.controllers().isPresent()) {
      List<Principal> ctl = in.controllers().get();
      if (ctl.size() > MAX_CONTROLLERS) {
        throw invalidSettings("Invalid settings: 'controllers' length exceeds maximum size "
            + "allowed of " + MAX_CONTROLLERS + ".");
      }
      b.controllers(ctl);
    }
    if (in.computeAllocation().isPresent()) {
      BigInteger v = in.computeAllocation().get();
      if (v.compareTo(BigInteger.valueOf(100)) > 0) {
        throw new Rejection(ErrorCode.CANISTER_CONTRACT_VIOLATION,
            "ComputeAllocation expected to be in the range [0..100], got " + v);
      }
      st = st.withComputeAllocation(v.intValue());
    }
    if (in.memoryAllocation().isPresent()) {
      st = st.withMemoryAllocation(u64Setting("memory_allocation", in.memoryAllocation().get()));
    }
    if (in.freezingThreshold().isPresent()) {
      st = st.withFreezingThresholdSeconds(u64Setting("freezing_threshold",
          in.freezingThreshold().get()));
    }
    if (in.reservedCyclesLimit().isPresent()) {
      BigInteger v = in.reservedCyclesLimit().get();
      if (v.compareTo(Cycles.MAX_VALUE) > 0) {
        throw invalidSettings("reserved_cycles_limit must be a number between 0 and 2^128-1");
      }
      st = st.withReservedCyclesLimit(new Cycles(v));
    }
    if (in.wasmMemoryLimit().isPresent()) {
      BigInteger v = in.wasmMemoryLimit().get();
      if (v.compareTo(MAX_WASM_MEMORY_SETTING) > 0) {
        throw invalidSettings("wasm_memory_limit must be a number between 0 and 2^48, got " + v);
      }
      st = st.withWasmMemoryLimit(v.longValue());
    }
    if (in.wasmMemoryThreshold().isPresent()) {
      BigInteger v = in.wasmMemoryThreshold().get();
      if (v.compareTo(MAX_WASM_MEMORY_SETTING) > 0) {
        throw invalidSettings("wasm_memory_threshold must be a number between 0 and 2^48, got "
            + v);
      }
      st = st.withWasmMemoryThreshold(v.longValue());
    }
    // Settings jicp does not keep: only their defaults are accepted, never silently dropped.
    if (in.minimumIncomingCanisterCallCycles().isPresent()
        && in.minimumIncomingCanisterCallCycles().get().signum() != 0) {
      throw invalidSettings("minimum_incoming_canister_call_cycles other than 0 is not "
          + "supported by this replica (jicp)");
    }
    if (in.logMemoryLimit().isPresent()
        && !in.logMemoryLimit().get().equals(BigInteger.valueOf(CanisterLog.MAX_BYTES))) {
      throw invalidSettings("log_memory_limit other than " + CanisterLog.MAX_BYTES
          + " is not supported by this replica (jicp)");
    }
    if (in.snapshotVisibility().isPresent()
        && !(in.snapshotVisibility().get() instanceof ManagementApi.LogVisibility.Controllers)) {
      throw invalidSettings("snapshot_visibility other than controllers is not supported by "
          + "this replica (jicp)");
    }
    if (in.statusVisibility().isPresent()
        && !(in.statusVisibility().get() instanceof ManagementApi.LogVisibility.Controllers)) {
      throw invalidSettings("status_visibility other than controllers is not supported by "
          + "this replica (jicp)");
    }
    if (in.environmentVariables().isPresent() && !in.environmentVariables().get().isEmpty()) {
      throw invalidSettings("environment_variables are not supported by this replica (jicp)");
    }
    if (in.logVisibility().isPresent()) {
      ManagementApi.LogVisibility v = in.logVisibility().get();
      LogVisibility lv;
      if (v instanceof ManagementApi.LogVisibility.Public) {
        lv = LogVisibility.PUBLIC;
      } else if (v instanceof ManagementApi.LogVisibility.AllowedViewers a) {
        if (a.value().size() > LogVisibility.MAX_ALLOWED_VIEWERS) {
          throw invalidSettings("Number of allowed viewers " + a.value().size()
              + " exceeds the maximum allowed: " + LogVisibility.MAX_ALLOWED_VIEWERS);
        }
        lv = new LogVisibility(LogVisibility.Kind.ALLOWED_VIEWERS, a.value());
      } else {
        lv = LogVisibility.CONTROLLERS;
      }
      st = st.withLogVisibility(lv);
    }
    return b.settings(st).build();
  }

  private Object createCanister(Call c) {
    ManagementApi.CreateCanisterArgs a = decode(c, ManagementApi.CreateCanisterArgs.class);
    Cycles fee = round.state.metadata().ownSubnetType().chargesCycles()
        ? round.fees.canisterCreation() : Cycles.ZERO;
    if (c.payment.compareTo(fee) < 0) {
      throw new Rejection(ErrorCode.INSUFFICIENT_CYCLES_FOR_CREATE_CANISTER, "Creating a "
          + "canister requires a fee of " + fee + " that is deducted from the canister's initial"
          + " balance but only " + c.payment + " cycles were received with the create_canister"
          + " request.");
    }
    CanisterId id = create(c, a.settings(), c.payment.subtract(fee), Optional.empty());
    round.consumed(fee);
    c.refund = Cycles.ZERO;
    return ManagementApi.encode(new ManagementApi.CanisterIdResult(id.principal()));
  }

  private Object provisionalCreate(Call c) {
    ManagementApi.ProvisionalCreateCanisterArgs a =
        decode(c, ManagementApi.ProvisionalCreateCanisterArgs.class);
    BigInteger amount = a.amount().orElse(
        org.jicp.wasm.cycles.FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE.value());
    CanisterId id = create(c, a.settings(), new Cycles(amount.min(Cycles.MAX_VALUE)),
        a.specifiedId());
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

  // ------------------------------------------------------------------ code

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
      throw new Rejection(j);
    }
    return EMPTY_REPLY;
  }

  /** The IC's {@code WasmChunkStoreError}. */
  static Rejection chunkStoreError(String message) {
    return new Rejection(ErrorCode.CANISTER_CONTRACT_VIOLATION,
        "Error from Wasm chunk store: " + message + ".");
  }

  private Object installChunkedCode(Call c) {
    ManagementApi.InstallChunkedCodeArgs a =
        decode(c, ManagementApi.InstallChunkedCodeArgs.class);
    CanisterState cs = controlled(c, a.targetCanister());
    CanisterState store = cs;
    if (a.storeCanister().isPresent()) {
      CanisterId sid = new CanisterId(a.storeCanister().get());
      store = round.canister(sid).orElseThrow(() -> notFound(sid));
      if (!c.caller.equals(sid.principal())) {
        requireController(c, store);
      }
    }
    java.io.ByteArrayOutputStream w = new java.io.ByteArrayOutputStream();
    for (ManagementApi.ChunkHash h : a.chunkHashesList()) {
      if (h.hash().length() != 32) {
        throw chunkStoreError("Chunk hash is invalid. The length is not 32");
      }
      Bytes chunk = store.system().chunkStore().chunks().get(h.hash());
      if (chunk == null) {
        throw chunkStoreError("Chunk hash " + h.hash().toHex() + " was not found");
      }
      w.writeBytes(chunk.toByteArray());
    }
    byte[] wasm = w.toByteArray();
    Bytes hash = Bytes.of(Runtimes.sha256(wasm));
    if (!hash.equals(a.wasmModuleHash())) {
      throw chunkStoreError("Wasm module hash " + hash.toHex() + " does not match given hash "
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
   * Removes a canister's code, memories, certified data, global timer, log and chunk store
   * (dfinity/ic {@code uninstall_canister}); its open calls are answered with rejects, its
   * outstanding callbacks dropped (their contexts are marked deleted).
   */
  void uninstall(CanisterId id, CanisterHistory.Origin origin) {
    CanisterState cs = round.canister(id).orElseThrow();
    var ccm = cs.system().callContexts();
    for (var e : new TreeMap<>(ccm.callContexts()).entrySet()) {
      if (!e.getValue().responded()) {
        round.respondContext(id, e.getKey(), ResponsePayload.Reject.of(
            ErrorCode.CANISTER_REJECTED_MESSAGE, "Canister has been uninstalled."));
      }
    }
    cs = round.canister(id).orElseThrow();
    ccm = cs.system().callContexts();
    for (var e : new TreeMap<>(ccm.callContexts()).entrySet()) {
      ccm = ccm.outstandingCalls(e.getKey()) > 0
          ? ccm.withCallContext(e.getKey(), e.getValue().markDeleted())
          : ccm.withoutCallContext(e.getKey());
    }
    CanisterLog log = cs.system().log();
    SystemState s = newVersion(cs).callContexts(ccm).certifiedData(Bytes.EMPTY)
        .globalTimerNanos(0).metadata(new TreeMap<>()).chunkStore(ChunkStore.EMPTY)
        .log(new CanisterLog(log.nextIdx(), List.of())).build();
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), origin, new CanisterHistory.CodeUninstall()))).build();
    round.runtimes.forget(id);
    round.put(new CanisterState(s, Optional.empty()));
  }

  // ------------------------------------------------------------------ status and settings

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
    if (c.callerCanister.isPresent() && c.callerCanister.get().equals(cs.id())) {
      throw new Rejection(ErrorCode.CANISTER_INVALID_CONTROLLER,
          "Canister " + cs.id() + " cannot delete itself.");
    }
    if (cs.system().status() != CanisterStatus.STOPPED) {
      throw new Rejection(ErrorCode.CANISTER_NOT_STOPPED, "Canister " + cs.id()
          + " must be stopped before it is deleted.");
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
    CanisterState updated = cs.withSystem(s);
    int oldCompute = cs.system().computeAllocation();
    int newCompute = s.computeAllocation();
    if (newCompute > oldCompute && round.state.metadata().ownSubnetType().chargesCycles()
        && s.cyclesBalance().compareTo(round.freezingThreshold(updated)) < 0) {
      throw new Rejection(ErrorCode.INSUFFICIENT_CYCLES_IN_COMPUTE_ALLOCATION,
          "Cannot increase compute allocation to " + newCompute + "% due to insufficient "
              + "cycles. At least " + round.freezingThreshold(updated).saturatingSubtract(
                  s.cyclesBalance()) + " additional cycles are required.");
    }
    round.put(updated);
    if (c.isIngress()) {
      // The ingress fee of update_settings is charged after the settings apply (see
      // induct); a canister that cannot pay it keeps the new settings.
      Cycles fee = round.fees.ingressInductionCost(c.method.length() + c.arg.length());
      CanisterState now = round.canister(cs.id()).orElseThrow();
      if (round.canPay(now, fee)) {
        round.debit(now, fee);
      }
    }
    return EMPTY_REPLY;
  }

  // ------------------------------------------------------------------ chunk store

  private Object uploadChunk(Call c) {
    ManagementApi.UploadChunkArgs a = decode(c, ManagementApi.UploadChunkArgs.class);
    CanisterState cs = controlledOrSelf(c, a.canisterId());
    if (a.chunk().length() > ChunkStore.MAX_CHUNK_BYTES) {
      throw chunkStoreError("Wasm chunk size " + a.chunk().length() + " exceeds the maximum "
          + "chunk size of " + ChunkStore.MAX_CHUNK_BYTES);
    }
    Bytes hash = Bytes.of(Runtimes.sha256(a.chunk().toByteArray()));
    ChunkStore store = cs.system().chunkStore();
    if (!store.chunks().containsKey(hash) && store.chunks().size() >= ChunkStore.MAX_CHUNKS) {
      throw chunkStoreError("Wasm chunk store has already reached maximum capacity of "
          + ChunkStore.MAX_CHUNKS + " chunks");
    }
    chargeInstructions(c, cs.id(), UPLOAD_CHUNK_INSTRUCTIONS, Management::outOfCycles);
    cs = round.canister(cs.id()).orElseThrow();
    round.put(cs.withSystem(cs.system().toBuilder().chunkStore(store.put(hash, a.chunk()))
        .build()));
    return ManagementApi.encode(new ManagementApi.ChunkHash(hash));
  }

  private Object clearChunkStore(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlledOrSelf(c, a.canisterId());
    round.put(cs.withSystem(cs.system().toBuilder().chunkStore(ChunkStore.EMPTY).build()));
    return EMPTY_REPLY;
  }

  private Object storedChunks(Call c) {
    ManagementApi.CanisterIdRecord a = decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = controlledOrSelf(c, a.canisterId());
    List<ManagementApi.ChunkHash> hs = new ArrayList<>();
    cs.system().chunkStore().chunks().keySet().forEach(h -> hs.add(new ManagementApi.ChunkHash(h)));
    return ManagementApi.MAPPER.encodeAs(new org.jicp.candid.mapping.TypeRef<
        List<ManagementApi.ChunkHash>>() {}.type(), hs);
  }

  // ------------------------------------------------------------------ subnet

  private Object subnetInfo(Call c) {
    ManagementApi.SubnetInfoArgs a = decode(c, ManagementApi.SubnetInfoArgs.class);
    if (!a.subnetId().equals(round.ownSubnet().principal())
        && !round.state.metadata().topology().containsKey(new SubnetId(a.subnetId()))) {
      throw new Rejection(ErrorCode.SUBNET_NOT_FOUND, "Subnet " + a.subnetId() + " not found");
    }
    return ManagementApi.encode(new ManagementApi.SubnetInfoResult("jicp-0.1.0",
        round.state.metadata().registryVersion().value()));
  }
}
