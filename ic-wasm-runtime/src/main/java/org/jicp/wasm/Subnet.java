package org.jicp.wasm;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SystemState;
import org.jicp.state.replicated.WasmGlobal;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.CanisterFork;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * An in-process single subnet without consensus: a synchronous façade over the replicated
 * execution ({@link RoundExecutor}) for tests, benchmarks and {@code jicp run}. Every call is an
 * ingress message (or a non-replicated query) and every round is {@code executeRound(state,
 * inputs)}: {@link #update} submits the message, runs rounds until its ingress status is final
 * and the subnet's queues are empty, and returns the result. Canister management goes through the
 * management canister ({@code provisional_create_canister_with_cycles}, {@code install_code}, …),
 * called by the canister's controller (the anonymous principal for canisters made by {@link
 * #createCanister}).
 *
 * <p>Determinism: time is virtual (a start time plus {@link ExecutionConfig#secondsPerRound} per
 * round), the round randomness is SHA-256 of the seed and the height, message ids are numbered.
 * Running the same calls on a fresh subnet, with either {@link Engine}, gives identical replies
 * and states. Everything a subnet remembers is in {@link #state()}.
 */
public final class Subnet implements AutoCloseable {
  /** The anonymous principal, the default caller. */
  public static final Principal ANONYMOUS = Principal.anonymous();
  /** The most rounds an update may take to complete. */
  public static final int MAX_ROUNDS_PER_CALL = 100_000;
  /** The subnet id used when none is given. */
  public static final SubnetId DEFAULT_SUBNET_ID = SubnetId.fromText(
      "tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe");
  private static final long DEFAULT_START_TIME_NANOS = 1_700_000_000_000_000_000L;
  private static final long INGRESS_TTL_NANOS = 5L * 60 * 1_000_000_000L;

  private final Engine engine;
  private final ExecutionConfig config;
  private final RoundExecutor executor;
  private final byte[] seed;
  private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  private ReplicatedState state;
  private long nextIngress;

  private Subnet(Engine engine, ExecutionConfig config, FeeSchedule fees, byte[] seed,
      SubnetId id, List<NativeCanisterFactory> natives) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.config = Objects.requireNonNull(config, "config");
    RoundExecutor.Builder b = RoundExecutor.builder().engine(engine).config(config).fees(fees);
    natives.forEach(b::nativeCanister);
    this.executor = b.build();
    this.executor.addLogListener(log::add);
    this.seed = seed.clone();
    this.state = RoundExecutor.genesis(id, config.subnetType(), DEFAULT_START_TIME_NANOS,
        RoutingTable.empty(), new TreeMap<>());
  }

  /** An application subnet (13 nodes) with the given engine. */
  public static Subnet create(Engine engine) {
    return create(engine, ExecutionConfig.applicationSubnet(), FeeSchedule.applicationSubnet());
  }

  /** A subnet with the given engine, limits and fees. */
  public static Subnet create(Engine engine, ExecutionConfig config, FeeSchedule fees) {
    return new Subnet(engine, config, fees, DEFAULT_SUBNET_ID.toByteArray(), DEFAULT_SUBNET_ID,
        List.of());
  }

  /**
   * A subnet whose round randomness (and so {@code raw_rand}) is drawn from {@code randomSeed}
   * (without it: from the subnet id).
   */
  public static Subnet create(Engine engine, ExecutionConfig config, FeeSchedule fees,
      byte[] randomSeed) {
    return new Subnet(engine, config, fees, Objects.requireNonNull(randomSeed, "randomSeed"),
        DEFAULT_SUBNET_ID, List.of());
  }

  /** A subnet with native canister kinds (for {@code installNative}) and its own id. */
  public static Subnet create(Engine engine, ExecutionConfig config, FeeSchedule fees,
      byte[] randomSeed, SubnetId id, List<NativeCanisterFactory> natives) {
    return new Subnet(engine, config, fees, randomSeed, id, natives);
  }

  @Override
  public void close() {
    executor.close();
  }

  /** The engine. */
  public Engine engine() {
    return engine;
  }

  /** The executor (for callers that run rounds themselves). */
  public RoundExecutor executor() {
    return executor;
  }

  /** The current replicated state (native canisters' unsaved changes are not in it). */
  public synchronized ReplicatedState state() {
    return state;
  }

  /** The current state with every native canister's state saved into it. */
  public synchronized ReplicatedState flushedState() {
    state = executor.flush(state);
    return state;
  }

  /** Replaces the state (e.g. one restored from a checkpoint or a snapshot of the subnet). */
  public synchronized void restore(ReplicatedState s) {
    this.state = Objects.requireNonNull(s, "s");
  }

  /** The virtual time in nanoseconds since the epoch. */
  public synchronized long timeNanos() {
    return state.metadata().timeNanos();
  }

  /** The debug_print lines so far, each prefixed with the canister id. */
  public List<String> debugLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  // ---------------------------------------------------------------- rounds

  private Bytes randomness(Height h) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("jicp subnet randomness".getBytes(StandardCharsets.US_ASCII));
      d.update(seed);
      d.update(ByteBuffer.allocate(8).putLong(h.value()).array());
      return Bytes.of(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void round(List<CanisterMessage.Ingress> ingress) {
    Height h = state.height().increment();
    long t = state.metadata().timeNanos() + config.secondsPerRound() * 1_000_000_000L;
    RoundInputs in = new RoundInputs(h, t, randomness(h), state.metadata().registryVersion(),
        RoutingTable.empty(), new TreeMap<>(), ingress, new TreeMap<>(), false);
    state = executor.executeRound(state, in);
  }

  /** Runs {@code n} rounds. */
  public synchronized void tick(int n) {
    for (int i = 0; i < n; i++) {
      round(List.of());
    }
  }

  private boolean quiescent() {
    if (!state.subnetQueues().input().isEmpty()) {
      return false;
    }
    for (CanisterState cs : state.canisters().values()) {
      if (!cs.system().queues().input().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private MessageId nextMessageId() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("jicp subnet ingress".getBytes(StandardCharsets.US_ASCII));
      d.update(seed);
      d.update(ByteBuffer.allocate(8).putLong(nextIngress++).array());
      return MessageId.of(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Submits an ingress message and runs rounds until its status is final and the queues are
   * empty.
   */
  private synchronized CallResult submit(CanisterId receiver, CanisterId effective, String method,
      byte[] arg, Principal caller) {
    CanisterMessage.Ingress m = new CanisterMessage.Ingress(nextMessageId(), caller, receiver,
        effective, method, Bytes.of(arg), state.metadata().timeNanos() + INGRESS_TTL_NANOS);
    Optional<ResponsePayload.Reject> inspected = executor.inspect(state, m);
    if (inspected.isPresent()) {
      return CallResult.reject(inspected.get().code(), inspected.get().message());
    }
    round(List.of(m));
    int rounds = 0;
    while (true) {
      IngressStatus st = state.metadata().ingressHistory().get(m.messageId()).orElse(null);
      if (st != null && st.kind().isTerminal() && quiescent()) {
        return result(st);
      }
      if (rounds++ > MAX_ROUNDS_PER_CALL) {
        throw new IllegalStateException("update did not complete in " + MAX_ROUNDS_PER_CALL
            + " rounds");
      }
      round(List.of());
    }
  }

  private static CallResult result(IngressStatus st) {
    if (st.kind() == IngressStatus.Kind.REPLIED) {
      return new CallResult.Reply(st.reply().orElseThrow());
    }
    if (st.kind() == IngressStatus.Kind.REJECTED) {
      return new CallResult.Reject(RejectCode.of((int) st.rejectCode()),
          st.rejectMessage().orElseThrow());
    }
    throw new IllegalStateException("status " + st.kind() + " has no result any more");
  }

  private CallResult management(String method, Object arg, CanisterId effective,
      Principal caller) {
    return submit(RoundExecutor.managementCanister(), effective, method,
        ManagementApi.encode(arg), caller);
  }

  private Principal controllerOf(CanisterId id) {
    CanisterState cs = state.canister(id).orElse(null);
    if (cs == null || cs.system().controllers().isEmpty()) {
      return ANONYMOUS;
    }
    return cs.system().controllers().contains(ANONYMOUS) ? ANONYMOUS
        : cs.system().controllers().get(0);
  }

  // ---------------------------------------------------------------- management

  /** Creates an empty canister with {@code cycles}, controlled by the anonymous principal. */
  public synchronized CanisterId createCanister(Cycles cycles) {
    CallResult r = management("provisional_create_canister_with_cycles",
        new ManagementApi.ProvisionalCreateCanisterArgs(Optional.of(cycles.value()),
            Optional.empty(), Optional.empty(), Optional.empty()),
        RoundExecutor.managementCanister(), ANONYMOUS);
    if (!(r instanceof CallResult.Reply rep)) {
      throw new IllegalStateException("canister creation failed: " + r);
    }
    return new CanisterId(ManagementApi.decode(rep.data().toByteArray(),
        ManagementApi.CanisterIdResult.class).canisterId());
  }

  /** Creates an empty canister with the provisional 100T cycles. */
  public CanisterId createCanister() {
    return createCanister(FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
  }

  /**
   * {@code install_code}: installs, reinstalls or upgrades {@code wasm} with argument {@code arg}
   * as the canister's controller. A failure leaves the canister as before (but for the cycles of
   * the instructions executed). Returns an empty reply on success. Like dfx, an upgrade of a
   * canister whose installed module declares enhanced orthogonal persistence sends the upgrade
   * option {@code wasm_memory_persistence = keep}; use {@link #install(CanisterId, byte[], byte[],
   * InstallMode, ManagementApi.WasmMemoryPersistence)} to send the option explicitly.
   */
  public synchronized CallResult install(CanisterId id, byte[] wasm, byte[] arg,
      InstallMode mode) {
    ManagementApi.WasmMemoryPersistence p = mode == InstallMode.UPGRADE
        && hasEnhancedOrthogonalPersistence(id) ? ManagementApi.WasmMemoryPersistence.KEEP : null;
    return install(id, wasm, arg, mode, p);
  }

  /**
   * {@code install_code} with the upgrade option {@code wasm_memory_persistence} ({@code null}:
   * absent; ignored unless {@code mode} is {@code UPGRADE}). This applies the IC's rules as given:
   * upgrading a canister with enhanced orthogonal persistence without the option is rejected
   * ("Missing upgrade option: ..."), and {@code KEEP} for a new module without enhanced
   * orthogonal persistence too ("Invalid upgrade option: ...").
   */
  public synchronized CallResult install(CanisterId id, byte[] wasm, byte[] arg,
      InstallMode mode, ManagementApi.WasmMemoryPersistence persistence) {
    ManagementApi.InstallMode m = switch (mode) {
      case INSTALL -> new ManagementApi.InstallMode.Install();
      case REINSTALL -> new ManagementApi.InstallMode.Reinstall();
      case UPGRADE -> new ManagementApi.InstallMode.Upgrade(persistence == null ? Optional.empty()
          : Optional.of(new ManagementApi.UpgradeOptions(Optional.empty(),
              Optional.of(persistence))));
    };
    CallResult r = management("install_code", new ManagementApi.InstallCodeArgs(m,
        id.principal(), Bytes.of(wasm), Bytes.of(arg), Optional.empty()), id, controllerOf(id));
    return r.isReply() ? CallResult.reply(new byte[0]) : r;
  }

  /** Whether the module installed on {@code id} declares enhanced orthogonal persistence. */
  private boolean hasEnhancedOrthogonalPersistence(CanisterId id) {
    return state.canister(id)
        .map(cs -> cs.system().metadata().containsKey("enhanced-orthogonal-persistence"))
        .orElse(false);
  }

  /** Installs a native canister of {@code kind} (registered at creation) on {@code id}. */
  public synchronized CallResult installNative(CanisterId id, String kind, byte[] initArg,
      InstallMode mode) {
    return install(id, ("jicp native canister " + kind).getBytes(StandardCharsets.UTF_8),
        initArg, mode);
  }

  /** Removes the canister's code and memories (the canister stays, empty). */
  public synchronized CallResult uninstall(CanisterId id) {
    CallResult r = management("uninstall_code", new ManagementApi.UninstallCodeArgs(
        id.principal(), Optional.empty()), id, controllerOf(id));
    return r.isReply() ? CallResult.reply(new byte[0]) : r;
  }

  /** Sets the canister's controllers ({@code update_settings}). */
  public synchronized void setControllers(CanisterId id, List<Principal> controllers) {
    CallResult r = management("update_settings", new ManagementApi.UpdateSettingsArgs(
        id.principal(), ManagementApi.CanisterSettings.controllers(controllers),
        Optional.empty()), id, controllerOf(id));
    if (!r.isReply()) {
      throw new IllegalArgumentException("update_settings failed: " + r);
    }
  }

  /** Stops ({@code STOPPED}, waiting for open calls) or starts ({@code RUNNING}) the canister. */
  public synchronized void setStatus(CanisterId id, CanisterStatus status) {
    if (status == CanisterStatus.STOPPING) {
      throw new IllegalArgumentException("stopping is a transition: ask for STOPPED");
    }
    CallResult r = management(status == CanisterStatus.RUNNING ? "start_canister"
        : "stop_canister", new ManagementApi.CanisterIdRecord(id.principal()), id,
        controllerOf(id));
    if (!r.isReply()) {
      throw new IllegalArgumentException(status + " failed: " + r);
    }
  }

  /**
   * Forks {@code source} as its controller: a new canister with the source's code, memories,
   * globals, certified data, chunk store, controllers, settings and cycles balance, sharing the
   * source's pages (copy on write; {@link CanisterFork.Mode#SHARE}). The two diverge after.
   *
   * @throws CanisterFork.ForkException if the management canister rejects a step
   */
  public CanisterId fork(CanisterId source) {
    return fork(source, CanisterFork.Mode.SHARE);
  }

  /** Forks {@code source} as its controller, with {@code mode} (see {@link CanisterFork}). */
  public synchronized CanisterId fork(CanisterId source, CanisterFork.Mode mode) {
    return fork(source, mode, controllerOf(source));
  }

  /** Forks {@code source} as {@code caller} (who must control it), with {@code mode}. */
  public synchronized CanisterId fork(CanisterId source, CanisterFork.Mode mode,
      Principal caller) {
    return CanisterFork.fork(managementCaller(caller), source,
        CanisterFork.Options.sameSubnet(source, mode));
  }

  /** Management calls as {@code caller}, each run to completion (for {@link CanisterFork}). */
  public CanisterFork.Caller managementCaller(Principal caller) {
    Objects.requireNonNull(caller, "caller");
    return (effective, method, arg) -> {
      CallResult r = callManagement(method, arg, effective, caller);
      if (r instanceof CallResult.Reply rep) {
        return new ResponsePayload.Reply(rep.data());
      }
      CallResult.Reject j = (CallResult.Reject) r;
      return new ResponsePayload.Reject(j.code(), j.message(), Optional.empty());
    };
  }

  /** Calls management method {@code method} as {@code caller} with Candid bytes {@code arg}. */
  public synchronized CallResult callManagement(String method, byte[] arg, CanisterId effective,
      Principal caller) {
    return submit(RoundExecutor.managementCanister(), effective, method, arg, caller);
  }

  /** The cycles balance of a canister. */
  public synchronized Cycles cyclesBalance(CanisterId id) {
    return state.canister(id).orElseThrow(() -> new IllegalArgumentException("no canister " + id))
        .system().cyclesBalance();
  }

  // ---------------------------------------------------------------- calls

  /** An ingress update call from {@code caller}, run to completion. */
  public CallResult update(CanisterId id, String method, byte[] arg, Principal caller) {
    return submit(id, id, method, arg.clone(), caller);
  }

  /** An ingress update call from the anonymous principal. */
  public CallResult update(CanisterId id, String method, byte[] arg) {
    return update(id, method, arg, ANONYMOUS);
  }

  /** A (non-replicated) query call on the current state; its changes are discarded; free. */
  public synchronized CallResult query(CanisterId id, String method, byte[] arg,
      Principal caller) {
    ResponsePayload p = executor.query(state, id, method, Bytes.of(arg.clone()), caller,
        Optional.empty());
    if (p instanceof ResponsePayload.Reply r) {
      return new CallResult.Reply(r.data());
    }
    ResponsePayload.Reject j = (ResponsePayload.Reject) p;
    return CallResult.reject(j.code(), j.message());
  }

  /** A query call from the anonymous principal. */
  public CallResult query(CanisterId id, String method, byte[] arg) {
    return query(id, method, arg, ANONYMOUS);
  }

  /** Validates, parses and instruments a module without installing it (install's first step). */
  public static void validate(byte[] wasm) {
    RoundExecutor.validate(wasm);
  }

  /**
   * Forgets the parsed, instrumented and compiled modules kept across subnets (by SHA-256 of the
   * module): the next install pays parsing, instrumentation and compilation again (benchmarks).
   */
  public static void clearModuleCache() {
    RoundExecutor.clearModuleCache();
  }

  // ---------------------------------------------------------------- state digest

  /**
   * A SHA-256 digest of everything execution decides: for each canister in id order its id,
   * cycles, status, version, certified data, module hash, heap and stable memory contents and
   * globals. Two subnets that ran the same calls have the same digest.
   */
  public synchronized Bytes stateDigest() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (CanisterState cs : state.canisters().values()) {
        SystemState s = cs.system();
        d.update(s.canisterId().toByteArray());
        d.update(s.cyclesBalance().value().toByteArray());
        d.update(s.status().name().getBytes(StandardCharsets.UTF_8));
        d.update(ByteBuffer.allocate(8).putLong(s.canisterVersion()).array());
        d.update(s.certifiedData().toByteArray());
        if (cs.execution().isPresent()) {
          ExecutionState e = cs.execution().get();
          d.update(e.moduleHash().toByteArray());
          digestMemory(d, e.heap(), e.heapSizeWasmPages());
          digestMemory(d, e.stableMemory(), e.stableMemorySizeWasmPages());
          for (WasmGlobal g : e.exportedGlobals()) {
            d.update(ByteBuffer.allocate(9).put((byte) g.type().ordinal()).putLong(g.bits())
                .array());
          }
        }
      }
      return Bytes.of(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void digestMemory(MessageDigest d, PageMap m, long wasmPages) {
    d.update(ByteBuffer.allocate(8).putLong(wasmPages).array());
    byte[] page = new byte[PageMap.PAGE_SIZE];
    long pages = wasmPages * 16;
    for (long p = 0; p < pages; p++) {
      m.readPage(p, page);
      d.update(page);
    }
  }

  @Override
  public synchronized String toString() {
    return "Subnet(" + engine + ", " + state.canisters().size() + " canisters, height "
        + state.height() + ")";
  }

}
