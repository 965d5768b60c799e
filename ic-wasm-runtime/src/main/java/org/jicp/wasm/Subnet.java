package org.jicp.wasm;

import org.jicp.types.RejectCode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Height;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SystemState;
import org.jicp.state.replicated.WasmGlobal;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.internal.binary.IcValidation;
import org.jicp.wasm.internal.exec.CanisterTrap;
import org.jicp.wasm.internal.exec.ExecutionThread;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.LoadedModule;
import org.jicp.wasm.internal.exec.SystemApi;

/**
 * An in-process single subnet: canisters in a {@link ReplicatedState}, their input queues, call
 * contexts and callbacks, and a deterministic scheduler. Every execution takes the canister's
 * state and a message and yields the next state and outputs; a trap leaves the state as it was.
 *
 * <p>Determinism: time is virtual (a start time plus {@link ExecutionConfig#secondsPerRound} per
 * round), canisters are visited round-robin in id order starting one further each round, each
 * queue is FIFO, instruction counts come from the instrumented code. Running the same calls on a
 * fresh subnet, with either {@link Engine}, gives identical replies and states.
 *
 * <p>Wasm runs on one dedicated thread with a large stack; the public methods may be called from
 * any thread but not concurrently.
 */
public final class Subnet implements AutoCloseable {
  /** The anonymous principal, the default caller. */
  public static final Principal ANONYMOUS = Principal.anonymous();
  /** The most scheduler rounds an update may take to complete. */
  public static final int MAX_ROUNDS_PER_CALL = 100_000;
  private static final long DEFAULT_START_TIME_NANOS = 1_700_000_000_000_000_000L;
  private static final Map<String, LoadedModule> MODULE_CACHE =
      Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedModule> e) {
          return size() > 32;
        }
      });

  private final Engine engine;
  private final ExecutionConfig config;
  private final FeeSchedule fees;
  private final byte[] subnetId;
  private final ManagementCanister management;
  private final ExecutionThread thread;
  private ReplicatedState state;
  private final Map<CanisterId, Runtime> runtimes = new HashMap<>();
  private final Map<Long, CallResult> ingressResults = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private long nextCanisterIndex;
  private long nextIngressId;
  private long round;
  private long timeNanos;

  /** Per-canister execution bookkeeping that ic-state does not hold (yet). */
  /** The state whose freezing threshold was computed last, and the threshold. */
  private CanisterState thresholdOf;
  private Cycles thresholdValue;

  private static final class Runtime {
    LoadedModule module;
    LiveInstance live;
    ExecutionState mirrored;
    final Deque<Object> queue = new ArrayDeque<>();
    final Map<Long, CallContext> contexts = new HashMap<>();
    final Map<Long, Callback> callbacks = new HashMap<>();
    long nextContext = 1;
    long nextCallback = 1;
    long globalTimer;
  }

  private record Request(Principal caller, CanisterId receiver, String method, byte[] arg,
      BigInteger cycles, CanisterId callerCanister, long callbackId, long ingressId) {}

  private record Response(CanisterId receiver, long callbackId, CallResult result,
      BigInteger refund) {}

  private static final class CallContext {
    final Request origin;
    final BigInteger available;
    BigInteger accepted = BigInteger.ZERO;
    boolean responded;
    int outstanding;

    CallContext(Request origin, BigInteger available) {
      this.origin = origin;
      this.available = available;
    }
  }

  private record Callback(long contextId, SystemApi.OutgoingCall call) {}

  private Subnet(Engine engine, ExecutionConfig config, FeeSchedule fees, long startTimeNanos,
      byte[] randomSeed) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.config = Objects.requireNonNull(config, "config");
    this.fees = Objects.requireNonNull(fees, "fees");
    this.timeNanos = startTimeNanos;
    this.subnetId = Principal.fromText(
        "tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe").toByteArray();
    this.management = new ManagementCanister(randomSeed == null ? subnetId : randomSeed);
    this.state = new ReplicatedState(Height.of(0), new TreeMap<>(),
        new SubnetMetadata(org.jicp.types.SubnetId.fromBytes(subnetId),
            config.subnetType(), startTimeNanos,
            org.jicp.state.replicated.RoutingTable.empty(), new TreeMap<>(), new TreeMap<>()));
    this.thread = new ExecutionThread("jicp-wasm-execution", 1L << 30);
  }

  /** An application subnet (13 nodes) with the given engine. */
  public static Subnet create(Engine engine) {
    return create(engine, ExecutionConfig.applicationSubnet(), FeeSchedule.applicationSubnet());
  }

  /** A subnet with the given engine, limits and fees. */
  public static Subnet create(Engine engine, ExecutionConfig config, FeeSchedule fees) {
    return new Subnet(engine, config, fees, DEFAULT_START_TIME_NANOS, null);
  }

  /**
   * A subnet whose management canister draws {@code raw_rand} bytes from {@code randomSeed}
   * (without it: from the subnet id); see {@link ManagementCanister}.
   */
  public static Subnet create(Engine engine, ExecutionConfig config, FeeSchedule fees,
      byte[] randomSeed) {
    return new Subnet(engine, config, fees, DEFAULT_START_TIME_NANOS,
        Objects.requireNonNull(randomSeed, "randomSeed"));
  }

  private <T> T exec(Callable<T> c) {
    return thread.call(c);
  }

  @Override
  public void close() {
    thread.close();
  }

  /** The engine. */
  public Engine engine() {
    return engine;
  }

  /** The current replicated state. */
  public ReplicatedState state() {
    return state;
  }

  /** The virtual time in nanoseconds since the epoch. */
  public long timeNanos() {
    return timeNanos;
  }

  /** The debug_print lines so far, each prefixed with the canister id. */
  public List<String> debugLog() {
    return List.copyOf(log);
  }

  // ---------------------------------------------------------------- management

  /** Creates an empty canister with {@code cycles}; ids are allocated in order. */
  public CanisterId createCanister(Cycles cycles) {
    return exec(() -> {
      CanisterId id = CanisterId.fromIndex(nextCanisterIndex++);
      SystemState s = SystemState.create(id, List.of(ANONYMOUS), timeNanos)
          .withCyclesBalance(cycles);
      state = state.withCanister(new CanisterState(s, java.util.Optional.empty()));
      runtimes.put(id, new Runtime());
      return id;
    });
  }

  /** Creates an empty canister with the provisional 100T cycles. */
  public CanisterId createCanister() {
    return createCanister(FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
  }

  /**
   * {@code install_code}: installs, reinstalls or upgrades {@code wasm} with argument {@code arg}.
   * A failure (invalid module, trap in start/init/pre_upgrade/post_upgrade, out of cycles) leaves
   * the canister exactly as before. Returns an empty reply on success.
   */
  public CallResult install(CanisterId id, byte[] wasm, byte[] arg, InstallMode mode) {
    byte[] w = wasm.clone();
    byte[] a = arg.clone();
    return exec(() -> installOnThread(id, w, a, mode, null, true));
  }

  /**
   * {@code install_code} with the upgrade option {@code wasm_memory_persistence} ({@code null}:
   * absent). Unlike {@link #install(CanisterId, byte[], byte[], InstallMode)}, which upgrades a
   * canister whose installed module declares enhanced orthogonal persistence with {@link
   * WasmMemoryPersistence#KEEP} as dfx does, this applies the IC's rules as given: such an upgrade
   * without the option is rejected ("Missing upgrade option: ..."), and {@code KEEP} for a new
   * module without enhanced orthogonal persistence too ("Invalid upgrade option: ...").
   */
  public CallResult install(CanisterId id, byte[] wasm, byte[] arg, InstallMode mode,
      WasmMemoryPersistence persistence) {
    byte[] w = wasm.clone();
    byte[] a = arg.clone();
    return exec(() -> installOnThread(id, w, a, mode, persistence, false));
  }

  /** Removes the canister's code and memories (the canister stays, empty). */
  public CallResult uninstall(CanisterId id) {
    return exec(() -> {
      CanisterState cs = state.canister(id).orElse(null);
      if (cs == null) {
        return notFound(id);
      }
      state = state.withCanister(new CanisterState(cs.system(), java.util.Optional.empty()));
      Runtime rt = runtimes.get(id);
      rt.module = null;
      rt.live = null;
      rt.mirrored = null;
      rt.globalTimer = 0;
      return CallResult.reply(new byte[0]);
    });
  }

  /** Sets the canister's controllers (as {@code update_settings} would). */
  public void setControllers(CanisterId id, List<Principal> controllers) {
    exec(() -> {
      CanisterState cs = state.canister(id).orElseThrow(
          () -> new IllegalArgumentException("no canister " + id));
      SystemState s = cs.system();
      state = state.withCanister(cs.withSystem(new SystemState(s.canisterId(), controllers,
          s.cyclesBalance(), s.status(), s.certifiedData(), s.memoryAllocation(),
          s.computeAllocation(), s.freezingThresholdSeconds(), s.reservedCycles(),
          s.canisterVersion(), s.creationTimestampNanos(), s.lastInstallTimestampNanos(),
          s.metadata())));
      return null;
    });
  }

  /** Sets the canister's status (stop: no new calls are executed; start: running again). */
  public void setStatus(CanisterId id, CanisterStatus status) {
    exec(() -> {
      CanisterState cs = state.canister(id).orElseThrow(
          () -> new IllegalArgumentException("no canister " + id));
      state = state.withCanister(cs.withSystem(cs.system().withStatus(status)));
      return null;
    });
  }

  /** The cycles balance of a canister. */
  public Cycles cyclesBalance(CanisterId id) {
    return state.canister(id).orElseThrow(() -> new IllegalArgumentException("no canister " + id))
        .system().cyclesBalance();
  }

  // ---------------------------------------------------------------- calls

  /**
   * An ingress update call from {@code caller}: inducted (charging the ingress fee), then
   * executed by the scheduler to completion, including the inter-canister calls it makes.
   */
  public CallResult update(CanisterId id, String method, byte[] arg, Principal caller) {
    byte[] a = arg.clone();
    return exec(() -> {
      CanisterState cs = state.canister(id).orElse(null);
      if (cs == null) {
        return notFound(id);
      }
      CallResult inspected = inspect(cs, method, a, caller);
      if (inspected != null) {
        return inspected;
      }
      Cycles fee = fees.ingressInductionCost(method.length() + a.length);
      if (!canPay(cs, fee)) {
        return outOfCycles(id, fee);
      }
      debit(id, fee);
      long ingress = nextIngressId++;
      runtimes.get(id).queue.add(new Request(caller, id, method, a, BigInteger.ZERO, null, 0,
          ingress));
      int rounds = 0;
      while (!ingressResults.containsKey(ingress) || !quiescent()) {
        if (rounds++ > MAX_ROUNDS_PER_CALL) {
          throw new IllegalStateException("update did not complete in " + MAX_ROUNDS_PER_CALL
              + " rounds");
        }
        roundOnThread();
      }
      return ingressResults.remove(ingress);
    });
  }

  /**
   * Runs {@code canister_inspect_message} if the module exports it (non-replicated, changes
   * discarded, 200M instructions): returns null if the message is accepted, else the reject.
   */
  private CallResult inspect(CanisterState cs, String method, byte[] arg, Principal caller) {
    CanisterId id = cs.id();
    Runtime rt = runtimes.get(id);
    if (cs.execution().isEmpty() || rt.module == null
        || !rt.module.info().entryPoints().contains("canister_inspect_message")) {
      return null;
    }
    ExecutionState es = cs.execution().get();
    LiveInstance li = live(rt, es);
    long limit = config.maxInstructionsPerInspectMessage();
    SystemApi api = api(ApiContext.INSPECT_MESSAGE, cs, rt, es, limit);
    api.message(id.toByteArray(), caller.toByteArray(), arg, method);
    try {
      LiveInstance.Run r = li.runExport("canister_inspect_message", api, limit);
      collectLog(id, api);
      if (r.trap() != null) {
        return CallResult.reject(RejectCode.CANISTER_ERROR, trapMessage(id, r.trap()));
      }
      if (!api.messageAccepted()) {
        return CallResult.reject(RejectCode.CANISTER_REJECT, "Canister " + id
            + " rejected the message in canister_inspect_message");
      }
      return null;
    } finally {
      li.rollback();
    }
  }

  /** An ingress update call from the anonymous principal. */
  public CallResult update(CanisterId id, String method, byte[] arg) {
    return update(id, method, arg, ANONYMOUS);
  }

  /**
   * A (non-replicated) query call: runs on the current state; every change is discarded; free.
   */
  public CallResult query(CanisterId id, String method, byte[] arg, Principal caller) {
    byte[] a = arg.clone();
    return exec(() -> queryOnThread(id, method, a, caller, 0));
  }

  /** A query call from the anonymous principal. */
  public CallResult query(CanisterId id, String method, byte[] arg) {
    return query(id, method, arg, ANONYMOUS);
  }

  /** Runs {@code n} scheduler rounds. */
  public void tick(int n) {
    exec(() -> {
      for (int i = 0; i < n; i++) {
        roundOnThread();
      }
      return null;
    });
  }

  private boolean quiescent() {
    for (Runtime rt : runtimes.values()) {
      if (!rt.queue.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- helpers

  private static CallResult notFound(CanisterId id) {
    return CallResult.reject(RejectCode.DESTINATION_INVALID, "Canister " + id + " not found");
  }

  private CallResult outOfCycles(CanisterId id, Cycles needed) {
    return CallResult.reject(RejectCode.SYS_TRANSIENT, "Canister " + id
        + " is out of cycles: please top up the canister with at least " + needed
        + " additional cycles");
  }

  private long memoryBytes(CanisterState cs) {
    return cs.execution().map(e -> (e.heapSizeWasmPages() + e.stableMemorySizeWasmPages())
        * 65536 + e.wasmBinary().length()).orElse(0L);
  }

  private Cycles freezingThreshold(CanisterState cs) {
    if (cs != thresholdOf) { // a pure function of the (immutable) state: remember the last one
      SystemState s = cs.system();
      thresholdValue = fees.freezingThreshold(memoryBytes(cs), s.computeAllocation(),
          s.freezingThresholdSeconds(), s.reservedCycles());
      thresholdOf = cs;
    }
    return thresholdValue;
  }

  private boolean canPay(CanisterState cs, Cycles amount) {
    Cycles free = cs.system().cyclesBalance().saturatingSubtract(freezingThreshold(cs));
    return free.compareTo(amount) >= 0;
  }

  private void debit(CanisterId id, Cycles amount) {
    CanisterState cs = state.canister(id).orElseThrow();
    state = state.withCanister(cs.withSystem(cs.system().withCyclesBalance(
        cs.system().cyclesBalance().saturatingSubtract(amount))));
  }

  private void credit(CanisterId id, BigInteger amount) {
    if (amount.signum() == 0) {
      return;
    }
    CanisterState cs = state.canister(id).orElse(null);
    if (cs == null) {
      return;
    }
    BigInteger b = cs.system().cyclesBalance().value().add(amount).min(Cycles.MAX_VALUE);
    state = state.withCanister(cs.withSystem(cs.system().withCyclesBalance(new Cycles(b))));
  }

  private static LoadedModule loadModule(byte[] wasm, int depth) {
    byte[] raw = wasm;
    if (raw.length >= 3 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b
        && raw[2] == 0x08) {
      try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
        raw = in.readNBytes(IcValidation.MAX_MODULE_BYTES + 1);
      } catch (java.io.IOException e) {
        throw new MalformedWasmException("gzip-compressed module cannot be decompressed: "
            + e.getMessage(), e);
      }
    }
    if (raw.length > IcValidation.MAX_MODULE_BYTES) {
      throw new InvalidWasmException("module size", "module", "more than "
          + IcValidation.MAX_MODULE_BYTES + " bytes (uncompressed)");
    }
    String key = Bytes.hex(sha256(raw)) + "/" + depth;
    LoadedModule m = MODULE_CACHE.get(key);
    if (m == null) {
      m = LoadedModule.load(raw, depth);
      MODULE_CACHE.put(key, m);
    }
    return m;
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Forgets the parsed, instrumented and compiled modules kept across subnets (by SHA-256 of the
   * module): the next install pays parsing, instrumentation and compilation again (benchmarks).
   */
  public static void clearModuleCache() {
    MODULE_CACHE.clear();
  }

  /** Validates, parses and instruments a module without installing it (install's first step). */
  public static void validate(byte[] wasm) {
    loadModule(wasm, ExecutionConfig.DEFAULT_MAX_CALL_DEPTH);
  }

  private long memoryLimitPages() {
    return config.wasmMemoryLimitBytes() / 65536;
  }

  private long memoryLimitPages(LoadedModule m) {
    return config.wasmMemoryLimitBytes(m.wasm64()) / 65536;
  }

  /** The live instance mirroring the canister's current execution state. */
  private LiveInstance live(Runtime rt, ExecutionState es) {
    if (rt.live == null || rt.mirrored != es || !rt.live.reusable()) {
      rt.live = LiveInstance.restore(rt.module, engine, es.heap(), es.heapSizeWasmPages(),
          es.exportedGlobals(), memoryLimitPages(rt.module));
      rt.mirrored = es;
    }
    return rt.live;
  }

  private SystemApi api(ApiContext ctx, CanisterState cs, Runtime rt, ExecutionState es,
      long limit) {
    SystemState s = cs.system();
    SystemApi api = new SystemApi(ctx);
    int status = switch (s.status()) {
      case RUNNING -> 1;
      case STOPPING -> 2;
      case STOPPED -> 3;
    };
    api.environment(timeNanos, s.canisterVersion(), status, subnetId, fees.subnetSize(),
        new byte[0], fees, p -> s.controllers().contains(Principal.fromBytes(p)), rt.globalTimer);
    api.memory(es == null ? PageMap.empty() : es.stableMemory(),
        es == null ? 0 : es.stableMemorySizeWasmPages(), limit, memoryLimitPages());
    api.cycles(s.cyclesBalance().value(), freezingThreshold(cs).value(), BigInteger.ZERO,
        BigInteger.ZERO, false);
    return api;
  }

  private String trapMessage(CanisterId id, CanisterTrap t) {
    return switch (t.kind()) {
      case EXPLICIT -> "Canister " + id + " trapped explicitly: " + t.getMessage();
      case INSTRUCTION_LIMIT -> "Canister " + id + " exceeded the instruction limit for single "
          + "message execution.";
      case MEMORY_LIMIT -> "Error from Canister " + id + ": " + t.getMessage();
      default -> "Canister " + id + " trapped: " + t.getMessage();
    };
  }

  private void collectLog(CanisterId id, SystemApi api) {
    for (String l : api.log()) {
      log.add("[" + id + "] " + l);
    }
  }

  // ---------------------------------------------------------------- install

  private CallResult installOnThread(CanisterId id, byte[] wasm, byte[] arg, InstallMode mode,
      WasmMemoryPersistence persistence, boolean asDfx) {
    CanisterState cs = state.canister(id).orElse(null);
    if (cs == null) {
      return notFound(id);
    }
    Runtime rt = runtimes.get(id);
    LoadedModule module;
    try {
      module = loadModule(wasm, config.maxCallDepth());
    } catch (WasmException e) {
      return CallResult.reject(RejectCode.CANISTER_ERROR, "Wasm module of canister " + id
          + " is not valid: " + e.getMessage());
    }
    if (mode == InstallMode.INSTALL && cs.execution().isPresent()) {
      return CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id + " cannot be "
          + "installed because the canister is not empty. Try installing with mode='reinstall' "
          + "or mode='upgrade'.");
    }
    if (mode == InstallMode.UPGRADE && cs.execution().isEmpty()) {
      return CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id
          + " cannot be upgraded because it is empty");
    }
    boolean keep = false;
    if (mode == InstallMode.UPGRADE) {
      boolean oldEop = rt.module.enhancedOrthogonalPersistence();
      WasmMemoryPersistence p = persistence == null && asDfx && oldEop
          ? WasmMemoryPersistence.KEEP : persistence;
      if (p == null && oldEop) {
        return CallResult.reject(RejectCode.CANISTER_ERROR, "Missing upgrade option: Enhanced "
            + "orthogonal persistence requires the `wasm_memory_persistence` upgrade option.");
      }
      if (p == WasmMemoryPersistence.KEEP && !module.enhancedOrthogonalPersistence()) {
        return CallResult.reject(RejectCode.CANISTER_ERROR, "Invalid upgrade option: The "
            + "`wasm_memory_persistence: opt Keep` upgrade option requires that the new canister "
            + "module supports enhanced orthogonal persistence.");
      }
      keep = p == WasmMemoryPersistence.KEEP;
    }
    long limit = config.maxInstructionsPerInstall();
    Cycles prepay = fees.executionCost(limit);
    if (!canPay(cs, prepay)) {
      return outOfCycles(id, prepay);
    }
    long used = 0;
    PageMap stable = PageMap.empty();
    long stablePages = 0;
    PageMap keptHeap = null;
    long keptPages = 0;
    List<String> lines = new ArrayList<>();
    CallResult failure = null;
    if (mode == InstallMode.UPGRADE) {
      ExecutionState old = cs.execution().get();
      LiveInstance oldLive = live(rt, old);
      stable = old.stableMemory();
      stablePages = old.stableMemorySizeWasmPages();
      keptHeap = old.heap();
      keptPages = old.heapSizeWasmPages();
      if (rt.module.info().entryPoints().contains("canister_pre_upgrade")) {
        SystemApi api = api(ApiContext.PRE_UPGRADE, cs, rt, old, limit);
        LiveInstance.Run r = oldLive.runExport("canister_pre_upgrade", api, limit);
        used += r.instructions();
        if (keep && r.trap() == null) {
          // The heap after pre_upgrade is what the new module gets; the old instance no longer
          // mirrors the state, so it is rebuilt if the upgrade fails.
          keptHeap = oldLive.commitHeap();
          keptPages = oldLive.heapPages();
          rt.live = null;
        } else {
          oldLive.rollback();
        }
        lines.addAll(api.log());
        if (r.trap() != null) {
          failure = CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id
              + ": pre_upgrade failed: " + trapMessage(id, r.trap()));
        } else {
          stable = api.stableAfter();
          stablePages = api.stablePages();
        }
      }
    }
    LiveInstance fresh = null;
    SystemApi lastApi = null;
    if (failure == null) {
      try {
        fresh = keep
            ? LiveInstance.restore(module, engine, keptHeap, keptPages, null,
                memoryLimitPages(module))
            : LiveInstance.fresh(module, engine, memoryLimitPages(module));
      } catch (RuntimeException e) {
        // Instantiation failed (an element segment out of its table's bounds, say).
        if (keep) {
          rt.live = null;
        }
        return CallResult.reject(RejectCode.CANISTER_ERROR, "Wasm module of canister " + id
            + " is not valid: instantiation failed: " + e.getMessage());
      }
      String[] hooks = {module.hasStart() ? "canister_start" : null,
          mode == InstallMode.UPGRADE ? "canister_post_upgrade" : "canister_init"};
      for (String hook : hooks) {
        if (hook == null || (!hook.equals("canister_start")
            && !module.info().entryPoints().contains(hook))) {
          continue;
        }
        ApiContext ctx = hook.equals("canister_start") ? ApiContext.START : ApiContext.INIT;
        SystemApi api = api(ctx, cs, rt, null, limit - used);
        api.memory(stable, stablePages, limit - used, memoryLimitPages());
        api.message(id.toByteArray(), ANONYMOUS.toByteArray(), arg, "");
        LiveInstance.Run r = fresh.runExport(hook, api, limit - used);
        used += r.instructions();
        lines.addAll(api.log());
        if (r.trap() != null) {
          failure = CallResult.reject(RejectCode.CANISTER_ERROR, trapMessage(id, r.trap()));
          break;
        }
        stable = api.stableAfter();
        stablePages = api.stablePages();
        lastApi = api;
      }
    }
    for (String l : lines) {
      log.add("[" + id + "] " + l);
    }
    Cycles cost = fees.executionCost(Math.min(used, limit));
    debit(id, cost);
    if (failure != null) {
      return failure;
    }
    PageMap heap = fresh.commitHeap();
    ExecutionState es = new ExecutionState(Bytes.of(wasm), heap, fresh.heapPages(), stable,
        stablePages, fresh.globals());
    cs = state.canister(id).orElseThrow();
    SortedMap<String, Bytes> meta = new TreeMap<>();
    module.info().publicMetadata().forEach((k, v) -> meta.put(k, Bytes.of(v)));
    SystemState sys = cs.system().installed(timeNanos, meta);
    if (lastApi != null && lastApi.newCertifiedData() != null) {
      sys = sys.withCertifiedData(Bytes.of(lastApi.newCertifiedData()));
    }
    rt.module = module;
    rt.live = fresh;
    rt.mirrored = es;
    rt.globalTimer = lastApi != null && lastApi.newGlobalTimer() != null
        ? lastApi.newGlobalTimer() : 0;
    state = state.withCanister(new CanisterState(sys, java.util.Optional.of(es)));
    return CallResult.reply(new byte[0]);
  }

  // ---------------------------------------------------------------- queries

  private CallResult queryOnThread(CanisterId id, String method, byte[] arg, Principal caller,
      int depth) {
    CanisterState cs = state.canister(id).orElse(null);
    if (cs == null) {
      return notFound(id);
    }
    if (cs.system().status() != CanisterStatus.RUNNING) {
      return CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id + " is not running");
    }
    Runtime rt = runtimes.get(id);
    if (cs.execution().isEmpty()) {
      return noModule(id);
    }
    boolean composite = rt.module.info().compositeQueries().contains(method);
    if (!composite && !rt.module.info().queries().contains(method)) {
      return CallResult.reject(RejectCode.DESTINATION_INVALID, "Canister " + id
          + " has no query method '" + method + "'");
    }
    if (depth > 0 && composite) {
      return CallResult.reject(RejectCode.DESTINATION_INVALID,
          "composite query calls to composite queries are not supported");
    }
    ExecutionState es = cs.execution().get();
    LiveInstance li = live(rt, es);
    long limit = config.maxInstructionsPerQuery();
    ApiContext ctx = composite ? ApiContext.COMPOSITE_QUERY : ApiContext.NON_REPLICATED_QUERY;
    SystemApi api = api(ctx, cs, rt, es, limit);
    api.message(id.toByteArray(), caller.toByteArray(), arg, method);
    try {
      String export = (composite ? "canister_composite_query " : "canister_query ") + method;
      LiveInstance.Run r = li.runExport(export, api, limit);
      collectLog(id, api);
      if (r.trap() != null) {
        return CallResult.reject(RejectCode.CANISTER_ERROR, trapMessage(id, r.trap()));
      }
      boolean responded = api.replied() || api.rejected();
      CallResult result = responded ? result(api) : null;
      // Composite query: perform the calls synchronously, then run the callbacks in order.
      Deque<SystemApi.OutgoingCall> pending = api.calls().isEmpty() ? null
          : new ArrayDeque<>(api.calls());
      long used = r.instructions();
      while (pending != null && !pending.isEmpty()) {
        SystemApi.OutgoingCall call = pending.poll();
        CanisterId callee = new CanisterId(Principal.fromBytes(call.callee));
        CallResult res = callee.equals(id)
            ? CallResult.reject(RejectCode.DESTINATION_INVALID,
                "a composite query cannot call its own canister")
            : queryOnThread(callee, call.method, call.arg.toByteArray(),
                Principal.fromBytes(id.toByteArray()), depth + 1);
        ApiContext cbCtx = res.isReply() ? ApiContext.COMPOSITE_REPLY_CALLBACK
            : ApiContext.COMPOSITE_REJECT_CALLBACK;
        SystemApi cb = api(cbCtx, cs, rt, es, limit - used);
        cb.message(id.toByteArray(), callee.toByteArray(),
            res instanceof CallResult.Reply rp ? rp.data().toByteArray() : new byte[0], method);
        if (res instanceof CallResult.Reject rj) {
          cb.reject(rj.code().code(), rj.message());
        }
        cb.cycles(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
            responded);
        LiveInstance.Run cr = li.runCallback(res.isReply() ? call.replyFn : call.rejectFn,
            res.isReply() ? call.replyEnv : call.rejectEnv, cb, limit - used);
        used += cr.instructions();
        collectLog(id, cb);
        if (cr.trap() != null) {
          return CallResult.reject(RejectCode.CANISTER_ERROR, trapMessage(id, cr.trap()));
        }
        if (!responded && (cb.replied() || cb.rejected())) {
          responded = true;
          result = result(cb);
        }
        pending.addAll(cb.calls());
      }
      if (result == null) {
        return CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id
            + " did not reply to the call");
      }
      return result;
    } finally {
      li.rollback();
    }
  }

  private static CallResult result(SystemApi api) {
    if (api.replied()) {
      return CallResult.reply(api.replyBytes());
    }
    return CallResult.reject(RejectCode.CANISTER_REJECT, api.rejectedWith());
  }

  private static CallResult noModule(CanisterId id) {
    return CallResult.reject(RejectCode.DESTINATION_INVALID, "Canister " + id
        + " contains no Wasm module");
  }

  // ---------------------------------------------------------------- scheduler

  private void roundOnThread() {
    round++;
    long elapsed = config.secondsPerRound();
    timeNanos += elapsed * 1_000_000_000L;
    state = state.atHeight(Height.of(round)).withMetadata(state.metadata().withTime(timeNanos));
    List<CanisterId> ids = new ArrayList<>(state.canisters().keySet());
    // Storage and compute allocation, charged for the elapsed time.
    if (elapsed > 0) {
      for (CanisterId id : ids) {
        CanisterState cs = state.canister(id).orElseThrow();
        Cycles c = fees.memoryCost(memoryBytes(cs), elapsed)
            .add(fees.computeAllocationCost(cs.system().computeAllocation(), elapsed));
        debit(id, c);
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    int start = (int) (round % ids.size());
    for (int k = 0; k < ids.size(); k++) {
      CanisterId id = ids.get((start + k) % ids.size());
      Runtime rt = runtimes.get(id);
      long budget = config.maxInstructionsPerRound();
      long used = 0;
      CanisterState cs = state.canister(id).orElseThrow();
      if (cs.execution().isPresent() && cs.system().status() == CanisterStatus.RUNNING) {
        var entries = rt.module.info().entryPoints();
        if (rt.globalTimer != 0 && timeNanos >= rt.globalTimer
            && entries.contains("canister_global_timer")) {
          rt.globalTimer = 0;
          used += systemTask(id, "canister_global_timer");
        }
        if (entries.contains("canister_heartbeat")) {
          used += systemTask(id, "canister_heartbeat");
        }
      }
      while (!rt.queue.isEmpty() && used < budget) {
        Object m = rt.queue.poll();
        used += m instanceof Request rq ? executeRequest(rq) : executeResponse((Response) m);
      }
    }
  }

  private long systemTask(CanisterId id, String export) {
    Runtime rt = runtimes.get(id);
    CanisterState cs = state.canister(id).orElseThrow();
    long limit = config.maxInstructionsPerMessage();
    Cycles prepay = fees.executionCost(limit);
    if (!canPay(cs, prepay)) {
      return 0;
    }
    ExecutionState es = cs.execution().get();
    LiveInstance li = live(rt, es);
    SystemApi api = api(ApiContext.SYSTEM_TASK, cs, rt, es, limit);
    api.message(id.toByteArray(), id.toByteArray(), new byte[0], "");
    LiveInstance.Run r = li.runExport(export, api, limit);
    collectLog(id, api);
    debit(id, fees.executionCost(r.instructions()));
    if (r.trap() != null) {
      li.rollback();
      log.add("[" + id + "] " + export + " trapped: " + r.trap().getMessage());
      return r.instructions();
    }
    commit(id, rt, li, api, null);
    return r.instructions();
  }

  /** Commits an execution: memories, globals and the System API effects. */
  private void commit(CanisterId id, Runtime rt, LiveInstance li, SystemApi api,
      CallContext ctx) {
    CanisterState cs = state.canister(id).orElseThrow();
    ExecutionState old = cs.execution().get();
    PageMap heap = li.commitHeap();
    ExecutionState es = old.withMemories(heap, li.heapPages(), api.stableAfter(),
        api.stablePages(), li.globals());
    rt.mirrored = es;
    SystemState sys = cs.system();
    BigInteger balance = sys.cyclesBalance().value().add(api.accepted())
        .subtract(api.burned()).subtract(api.cyclesSent());
    sys = sys.withCyclesBalance(new Cycles(balance.max(BigInteger.ZERO)));
    if (api.newCertifiedData() != null) {
      sys = sys.withCertifiedData(Bytes.of(api.newCertifiedData()));
    }
    if (api.newGlobalTimer() != null) {
      rt.globalTimer = api.newGlobalTimer();
    }
    state = state.withCanister(new CanisterState(sys, java.util.Optional.of(es)));
    if (ctx != null) {
      ctx.accepted = ctx.accepted.add(api.accepted());
    }
    long ctxId = ctx == null ? 0 : contextId(rt, ctx);
    for (SystemApi.OutgoingCall call : api.calls()) {
      send(id, rt, call, ctx, ctxId);
    }
    if (ctx != null && (api.replied() || api.rejected())) {
      respond(ctx, result(api));
    }
  }

  private static long contextId(Runtime rt, CallContext ctx) {
    for (var e : rt.contexts.entrySet()) {
      if (e.getValue() == ctx) {
        return e.getKey();
      }
    }
    return 0;
  }

  private void send(CanisterId from, Runtime rt, SystemApi.OutgoingCall call, CallContext ctx,
      long ctxId) {
    long cbId = rt.nextCallback++;
    rt.callbacks.put(cbId, new Callback(ctxId, call));
    if (ctx != null) {
      ctx.outstanding++;
    }
    byte[] arg = call.arg.toByteArray();
    debit(from, fees.xnetCallCost(call.method.length() + arg.length));
    CanisterId callee;
    try {
      callee = new CanisterId(Principal.fromBytes(call.callee));
    } catch (RuntimeException e) {
      runtimes.get(from).queue.add(new Response(from, cbId, CallResult.reject(
          RejectCode.DESTINATION_INVALID, "invalid callee principal"), call.cycles));
      return;
    }
    if (callee.principal().toByteArray().length == 0) {
      managementCall(from, cbId, call, arg);
      return;
    }
    Runtime target = runtimes.get(callee);
    if (target == null) {
      runtimes.get(from).queue.add(new Response(from, cbId, notFound(callee), call.cycles));
      return;
    }
    target.queue.add(new Request(Principal.fromBytes(from.toByteArray()), callee, call.method, arg,
        call.cycles, from, cbId, -1));
  }

  /**
   * A call from canister {@code from} to the management canister, answered at once (spec "The IC
   * management canister"): {@code raw_rand}; {@code canister_status} for the target's
   * controllers; {@code deposit_cycles} (any caller; the attached cycles go to the target).
   */
  private void managementCall(CanisterId from, long cbId, SystemApi.OutgoingCall call,
      byte[] arg) {
    BigInteger refund = call.cycles;
    CallResult r;
    if (!ManagementCanister.serves(call.method)) {
      r = CallResult.reject(RejectCode.DESTINATION_INVALID, "management canister method '"
          + call.method + "' is not supported by this subnet");
    } else if (call.method.equals("raw_rand")) {
      r = CallResult.reply(management.rawRand(round));
    } else {
      CanisterId target = null;
      String error = null;
      try {
        target = ManagementCanister.canisterIdArg(arg);
      } catch (RuntimeException e) { // CandidException, or a principal that is no canister id
        error = e.getMessage();
      }
      CanisterState cs = target == null ? null : state.canister(target).orElse(null);
      if (target == null) {
        r = CallResult.reject(RejectCode.CANISTER_ERROR, "Error decoding the argument of "
            + "management canister method " + call.method + ": " + error);
      } else if (cs == null) {
        r = notFound(target);
      } else if (call.method.equals("deposit_cycles")) {
        credit(target, call.cycles);
        refund = BigInteger.ZERO;
        r = CallResult.reply(org.jicp.candid.CandidEncoder.empty());
      } else if (!cs.system().controllers().contains(from.principal())) {
        r = CallResult.reject(RejectCode.CANISTER_ERROR, "Only the controllers of the canister "
            + target + " can control it.");
      } else {
        r = CallResult.reply(ManagementCanister.canisterStatus(status(cs)));
      }
    }
    runtimes.get(from).queue.add(new Response(from, cbId, r, refund));
  }

  private ManagementCanister.Status status(CanisterState cs) {
    SystemState s = cs.system();
    ExecutionState e = cs.execution().orElse(null);
    return new ManagementCanister.Status(s.status().name().toLowerCase(java.util.Locale.ROOT),
        s.canisterVersion(), s.controllers(), s.computeAllocation(), s.memoryAllocation(),
        s.freezingThresholdSeconds(), config.wasmMemoryLimitBytes(),
        e == null ? null : e.moduleHash().toByteArray(),
        e == null ? 0 : e.heapSizeWasmPages() * 65536,
        e == null ? 0 : e.stableMemorySizeWasmPages() * 65536,
        e == null ? 0 : e.wasmBinary().length(),
        e == null ? 0 : e.exportedGlobals().size() * 8L,
        s.cyclesBalance().value(), s.reservedCycles().value(),
        fees.freezingThreshold(memoryBytes(cs), s.computeAllocation(), 86_400, Cycles.ZERO)
            .value());
  }

  private void respond(CallContext ctx, CallResult result) {
    if (ctx.responded) {
      return;
    }
    ctx.responded = true;
    Request o = ctx.origin;
    BigInteger refund = ctx.available.subtract(ctx.accepted).max(BigInteger.ZERO);
    if (o.callerCanister() == null) {
      ingressResults.put(o.ingressId(), result);
    } else {
      Runtime caller = runtimes.get(o.callerCanister());
      if (caller != null) {
        caller.queue.add(new Response(o.callerCanister(), o.callbackId(), result, refund));
      }
    }
  }

  private void rejectRequest(Request rq, CallResult result) {
    if (rq.callerCanister() == null) {
      ingressResults.put(rq.ingressId(), result);
    } else {
      Runtime caller = runtimes.get(rq.callerCanister());
      if (caller != null) {
        caller.queue.add(new Response(rq.callerCanister(), rq.callbackId(), result,
            rq.cycles()));
      }
    }
  }

  private void finish(CanisterId id, Runtime rt, long ctxId, CallContext ctx) {
    if (ctx.outstanding == 0) {
      if (!ctx.responded) {
        respond(ctx, CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id
            + " did not reply to the call"));
      }
      rt.contexts.remove(ctxId);
    }
  }

  private long executeRequest(Request rq) {
    CanisterId id = rq.receiver();
    CanisterState cs = state.canister(id).orElse(null);
    if (cs == null) {
      rejectRequest(rq, notFound(id));
      return 0;
    }
    if (cs.system().status() != CanisterStatus.RUNNING) {
      rejectRequest(rq, CallResult.reject(RejectCode.CANISTER_ERROR, "Canister " + id
          + " is stopped"));
      return 0;
    }
    Runtime rt = runtimes.get(id);
    if (cs.execution().isEmpty()) {
      rejectRequest(rq, noModule(id));
      return 0;
    }
    ApiContext kind;
    String export;
    if (rt.module.info().updates().contains(rq.method())) {
      kind = ApiContext.UPDATE;
      export = "canister_update " + rq.method();
    } else if (rt.module.info().queries().contains(rq.method())) {
      kind = ApiContext.REPLICATED_QUERY;
      export = "canister_query " + rq.method();
    } else {
      rejectRequest(rq, CallResult.reject(RejectCode.DESTINATION_INVALID, "Canister " + id
          + " has no update method '" + rq.method() + "'"));
      return 0;
    }
    long limit = config.maxInstructionsPerMessage();
    Cycles prepay = fees.executionCost(limit);
    if (!canPay(cs, prepay)) {
      rejectRequest(rq, outOfCycles(id, prepay));
      return 0;
    }
    debit(id, prepay);
    cs = state.canister(id).orElseThrow();
    long ctxId = rt.nextContext++;
    CallContext ctx = new CallContext(rq, rq.cycles());
    rt.contexts.put(ctxId, ctx);
    ExecutionState es = cs.execution().get();
    LiveInstance li = live(rt, es);
    SystemApi api = api(kind, cs, rt, es, limit);
    api.message(id.toByteArray(), rq.caller().toByteArray(), rq.arg(), rq.method());
    api.cycles(cs.system().cyclesBalance().value(), freezingThreshold(cs).value(), rq.cycles(),
        BigInteger.ZERO, false);
    LiveInstance.Run r = li.runExport(export, api, limit);
    collectLog(id, api);
    credit(id, fees.instructionsRefund(limit - Math.min(limit, r.instructions())).value());
    if (r.trap() != null) {
      li.rollback();
      respond(ctx, CallResult.reject(RejectCode.CANISTER_ERROR, trapMessage(id, r.trap())));
    } else if (kind == ApiContext.REPLICATED_QUERY) {
      li.rollback();
      if (api.replied() || api.rejected()) {
        respond(ctx, result(api));
      }
    } else {
      commit(id, rt, li, api, ctx);
    }
    finish(id, rt, ctxId, ctx);
    return r.instructions();
  }

  private long executeResponse(Response resp) {
    CanisterId id = resp.receiver();
    Runtime rt = runtimes.get(id);
    Callback cb = rt.callbacks.remove(resp.callbackId());
    if (cb == null) {
      return 0;
    }
    credit(id, resp.refund());
    CallContext ctx = rt.contexts.get(cb.contextId());
    if (ctx != null) {
      ctx.outstanding--;
    }
    CanisterState cs = state.canister(id).orElse(null);
    if (cs == null || cs.execution().isEmpty() || rt.module == null) {
      if (ctx != null) {
        finish(id, rt, cb.contextId(), ctx);
      }
      return 0;
    }
    long limit = config.maxInstructionsPerMessage();
    Cycles prepay = fees.executionCost(limit);
    debit(id, prepay);
    cs = state.canister(id).orElseThrow();
    boolean reply = resp.result().isReply();
    ApiContext kind = reply ? ApiContext.REPLY_CALLBACK : ApiContext.REJECT_CALLBACK;
    ExecutionState es = cs.execution().get();
    LiveInstance li = live(rt, es);
    SystemApi api = api(kind, cs, rt, es, limit);
    byte[] arg = resp.result() instanceof CallResult.Reply rp ? rp.data().toByteArray()
        : new byte[0];
    Principal caller = ctx == null ? ANONYMOUS : ctx.origin.caller();
    api.message(id.toByteArray(), caller.toByteArray(), arg, "");
    if (resp.result() instanceof CallResult.Reject rj) {
      api.reject(rj.code().code(), rj.message());
    }
    BigInteger avail = ctx == null ? BigInteger.ZERO
        : ctx.available.subtract(ctx.accepted).max(BigInteger.ZERO);
    api.cycles(cs.system().cyclesBalance().value(), freezingThreshold(cs).value(), avail,
        resp.refund(), ctx == null || ctx.responded);
    SystemApi.OutgoingCall call = cb.call();
    LiveInstance.Run r = li.runCallback(reply ? call.replyFn : call.rejectFn,
        reply ? call.replyEnv : call.rejectEnv, api, limit);
    collectLog(id, api);
    long used = r.instructions();
    if (r.trap() != null) {
      li.rollback();
      String msg = trapMessage(id, r.trap());
      if (call.cleanupFn >= 0) {
        SystemApi clean = api(ApiContext.CLEANUP, cs, rt, es, limit - used);
        clean.message(id.toByteArray(), caller.toByteArray(), new byte[0], "");
        clean.reject(resp.result() instanceof CallResult.Reject rj ? rj.code().code() : 0, "");
        LiveInstance.Run c = li.runCallback(call.cleanupFn, call.cleanupEnv, clean, limit - used);
        collectLog(id, clean);
        used += c.instructions();
        if (c.trap() != null) {
          li.rollback();
        } else {
          commit(id, rt, li, clean, null);
        }
      }
      if (ctx != null && ctx.outstanding == 0) {
        respond(ctx, CallResult.reject(RejectCode.CANISTER_ERROR, msg));
      }
    } else {
      commit(id, rt, li, api, ctx);
    }
    credit(id, fees.instructionsRefund(limit - Math.min(limit, used)).value());
    if (ctx != null) {
      finish(id, rt, cb.contextId(), ctx);
    }
    return used;
  }

  // ---------------------------------------------------------------- state digest

  /**
   * A SHA-256 digest of everything execution decides: for each canister in id order its id,
   * cycles, status, version, certified data, module hash, heap and stable memory contents and
   * globals. Two subnets that ran the same calls have the same digest.
   */
  public Bytes stateDigest() {
    return exec(() -> {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (CanisterState cs : state.canisters().values()) {
        SystemState s = cs.system();
        d.update(s.canisterId().toByteArray());
        d.update(s.cyclesBalance().value().toByteArray());
        d.update(s.status().name().getBytes(StandardCharsets.UTF_8));
        d.update(java.nio.ByteBuffer.allocate(8).putLong(s.canisterVersion()).array());
        d.update(s.certifiedData().toByteArray());
        if (cs.execution().isPresent()) {
          ExecutionState e = cs.execution().get();
          d.update(e.moduleHash().toByteArray());
          digestMemory(d, e.heap(), e.heapSizeWasmPages());
          digestMemory(d, e.stableMemory(), e.stableMemorySizeWasmPages());
          for (WasmGlobal g : e.exportedGlobals()) {
            d.update(java.nio.ByteBuffer.allocate(9).put((byte) g.type().ordinal())
                .putLong(g.bits()).array());
          }
        }
      }
      return Bytes.of(d.digest());
    });
  }

  private static void digestMemory(MessageDigest d, PageMap m, long wasmPages) {
    d.update(java.nio.ByteBuffer.allocate(8).putLong(wasmPages).array());
    byte[] page = new byte[PageMap.PAGE_SIZE];
    long pages = wasmPages * 16;
    for (long p = 0; p < pages; p++) {
      m.readPage(p, page);
      d.update(page);
    }
  }

  @Override
  public String toString() {
    return "Subnet(" + engine + ", " + state.canisters().size() + " canisters, round " + round
        + ")";
  }

  static String hex(byte[] b) {
    return Bytes.hex(b);
  }

  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
