package org.jicp.wasm.internal.round;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.jicp.crypto.Bytes;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.types.CanisterId;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InvalidWasmException;
import org.jicp.wasm.MalformedWasmException;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.internal.binary.IcValidation;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.LoadedModule;

/**
 * The caches of one executor: loaded modules (by SHA-256, shared by all executors), and per
 * canister the live instance mirroring one version of its execution state (wasm) or the native
 * canister instance (Java). Nothing here is replicated: every entry is rebuilt from the state when
 * the state it mirrors is not the one handed in.
 */
public final class Runtimes {
  private static final Map<String, LoadedModule> MODULE_CACHE =
      Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedModule> e) {
          return size() > 64;
        }
      });

  /** A canister's cached runtime. */
  static final class Wasm {
    LoadedModule module;
    /** The module hash of the execution state {@link #module} was loaded for. */
    Bytes moduleHash;
    LiveInstance live;
    ExecutionState mirrored;
    /** The live instance's footprint as last counted in {@link #liveBytes}. */
    long charged;
  }

  /**
   * The default bound of the live instances' memory: the system property {@code
   * jicp.liveInstanceBytes} if set, else a quarter of the JVM's maximum heap.
   */
  public static final long DEFAULT_LIVE_BYTES = Long.getLong("jicp.liveInstanceBytes",
      Runtime.getRuntime().maxMemory() / 4);

  /** A native canister's instance and the execution state it was last saved into. */
  static final class Native {
    NativeCanister instance;
    ExecutionState mirrored;
    boolean dirty;
  }

  private final Engine engine;
  private final int maxCallDepth;
  private final Map<String, NativeCanisterFactory> factories;
  private final Map<String, org.jicp.wasm.execution.ManagementExtension> extensions;
  /** Wasm runtimes (the loaded module, and the live instance if one is kept). */
  private final Map<CanisterId, Wasm> wasm = new HashMap<>();
  /** The runtimes whose live instance is counted in {@link #liveBytes}, least recently used first. */
  private final LinkedHashMap<CanisterId, Wasm> lru = new LinkedHashMap<>(16, 0.75f, true);
  private long liveBytes;
  private long maxLiveBytes = DEFAULT_LIVE_BYTES;
  private final Map<CanisterId, Native> natives = new HashMap<>();

  /** Caches for {@code engine}, with the native kinds of {@code factories}. */
  public Runtimes(Engine engine, int maxCallDepth, Map<String, NativeCanisterFactory> factories,
      Map<String, org.jicp.wasm.execution.ManagementExtension> extensions) {
    this.engine = engine;
    this.maxCallDepth = maxCallDepth;
    this.factories = Map.copyOf(factories);
    this.extensions = Map.copyOf(extensions);
  }

  /** The subnet's extra management methods by name. */
  public Map<String, org.jicp.wasm.execution.ManagementExtension> extensions() {
    return extensions;
  }

  /**
   * Bounds the memory of the live instances kept between executions: when their footprint passes
   * {@code bytes}, the least recently used are dropped (their canisters' next execution restores
   * an instance from the state, with the same results). The instance in use is always kept.
   */
  public void maxLiveInstanceBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative bound");
    }
    maxLiveBytes = bytes;
    evict(null);
  }

  /** The footprint of the live instances now kept, in bytes. */
  public long liveInstanceBytes() {
    return liveBytes;
  }

  /** The number of wasm canisters whose live instance is kept. */
  public int liveInstances() {
    return lru.size();
  }

  /** Recounts {@code w}'s footprint and drops least recently used instances over the bound. */
  private void charge(CanisterId id, Wasm w) {
    long now = w.live == null ? 0 : w.live.footprintBytes();
    liveBytes += now - w.charged;
    w.charged = now;
    if (w.live != null) {
      lru.put(id, w);
    } else {
      lru.remove(id);
    }
    evict(w);
  }

  /**
   * Drops the live instances of the least recently used runtimes (all but {@code keep}) while the
   * bound is passed. The evicted runtime is replaced in the map by one holding only its module,
   * not cleared: a caller holding the evicted {@link Wasm} keeps a working instance.
   */
  private void evict(Wasm keep) {
    if (liveBytes <= maxLiveBytes) {
      return;
    }
    var it = lru.entrySet().iterator();
    while (liveBytes > maxLiveBytes && it.hasNext()) {
      Map.Entry<CanisterId, Wasm> e = it.next();
      Wasm w = e.getValue();
      if (w == keep) {
        continue;
      }
      liveBytes -= w.charged;
      w.charged = 0;
      it.remove();
      if (wasm.get(e.getKey()) == w) {
        Wasm moduleOnly = new Wasm();
        moduleOnly.module = w.module;
        moduleOnly.moduleHash = w.moduleHash;
        wasm.put(e.getKey(), moduleOnly);
      }
    }
  }

  /** The engine. */
  public Engine engine() {
    return engine;
  }

  /** The native canister factories by kind. */
  public Map<String, NativeCanisterFactory> factories() {
    return factories;
  }

  /**
   * Loads {@code wasm} (gunzipping it if needed): validates, instruments and compiles it, once
   * per module content.
   *
   * @throws org.jicp.wasm.WasmException if the module is not acceptable
   */
  public LoadedModule load(byte[] wasm) {
    byte[] raw = wasm;
    if (raw.length >= 3 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b && raw[2] == 0x08) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        raw = in.readNBytes(IcValidation.MAX_MODULE_BYTES + 1);
      } catch (IOException e) {
        throw new MalformedWasmException("gzip-compressed module cannot be decompressed: "
            + e.getMessage(), e);
      }
    }
    if (raw.length > IcValidation.MAX_MODULE_BYTES) {
      throw new InvalidWasmException("module size", "module", "more than "
          + IcValidation.MAX_MODULE_BYTES + " bytes (uncompressed)");
    }
    String key = Bytes.hex(sha256(raw)) + "/" + maxCallDepth;
    LoadedModule m = MODULE_CACHE.get(key);
    if (m == null) {
      m = LoadedModule.load(raw, maxCallDepth);
      MODULE_CACHE.put(key, m);
    }
    return m;
  }

  /** Forgets all loaded modules (benchmarks measure installs without the cache). */
  public static void clearModuleCache() {
    MODULE_CACHE.clear();
  }

  /** The cached runtime of a wasm canister whose state is {@code es}, loading its module. */
  Wasm wasm(CanisterId id, ExecutionState es,
      java.util.function.ToLongFunction<LoadedModule> memoryLimitPages) {
    Wasm w = withModule(id, es);
    if (w.live == null || w.mirrored != es || !w.live.reusable()) {
      w.live = LiveInstance.restore(w.module, engine, es.heap(), es.heapSizeWasmPages(),
          es.exportedGlobals(), memoryLimitPages.applyAsLong(w.module));
      w.mirrored = es;
    }
    charge(id, w);
    return w;
  }

  /**
   * The loaded module of a wasm canister whose state is {@code es}, without restoring a live
   * instance (what the scheduler needs to see the exports of every canister every round).
   */
  LoadedModule module(CanisterId id, ExecutionState es) {
    return withModule(id, es).module;
  }

  private Wasm withModule(CanisterId id, ExecutionState es) {
    Wasm w = wasm.computeIfAbsent(id, k -> new Wasm());
    if (w.module == null || !es.moduleHash().equals(w.moduleHash)) {
      w.module = load(es.wasmBinary().toByteArray());
      w.moduleHash = es.moduleHash();
      w.live = null;
      w.mirrored = null;
      charge(id, w);
    }
    return w;
  }

  /** Records that the live instance of {@code id} now mirrors {@code es}. */
  void mirrored(CanisterId id, LoadedModule module, LiveInstance live, ExecutionState es) {
    Wasm w = wasm.computeIfAbsent(id, k -> new Wasm());
    w.module = module;
    w.moduleHash = es.moduleHash();
    w.live = live;
    w.mirrored = es;
    charge(id, w);
  }

  /**
   * The native instance of {@code id} whose state is {@code es}: the cached one if it is the
   * instance that produced {@code es} (or a later version not saved yet), else a new one created
   * from the state saved in {@code es}'s stable memory.
   */
  Native nativeCanister(CanisterId id, ExecutionState es) {
    Native n = natives.get(id);
    if (n != null && n.mirrored == es) {
      return n;
    }
    String kind = es.nativeKind().orElseThrow();
    NativeCanisterFactory f = factories.get(kind);
    if (f == null) {
      throw new IllegalStateException("no native canister kind '" + kind + "' on this executor");
    }
    n = new Native();
    n.instance = f.create(id, NativeState.read(es), Bytes.EMPTY);
    n.mirrored = es;
    natives.put(id, n);
    return n;
  }

  /** Registers a freshly created native instance for {@code es}. */
  void nativeInstalled(CanisterId id, NativeCanister instance, ExecutionState es) {
    Native n = new Native();
    n.instance = instance;
    n.mirrored = es;
    n.dirty = true;
    natives.put(id, n);
  }

  /** The native runtimes whose instances hold changes not saved into the state. */
  Map<CanisterId, Native> dirtyNatives() {
    Map<CanisterId, Native> out = new HashMap<>();
    natives.forEach((k, v) -> {
      if (v.dirty) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** The paused long executions by canister (deterministic time slicing). */
  private final Map<CanisterId, PausedExecution> paused = new java.util.TreeMap<>();
  /**
   * The states the paused executions continue on: the one the last round returned, and copies of
   * it with native canisters' changes flushed into them (compared by identity).
   */
  private final java.util.Set<org.jicp.state.replicated.ReplicatedState> pausedBases =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** The paused execution of {@code id}, or null. */
  PausedExecution paused(CanisterId id) {
    return paused.get(id);
  }

  /** Whether any execution is paused. */
  boolean anyPaused() {
    return !paused.isEmpty();
  }

  /** The canisters with a paused execution. */
  java.util.Set<CanisterId> pausedCanisters() {
    return java.util.Collections.unmodifiableSet(paused.keySet());
  }

  /** Records a paused execution of {@code id}. */
  void pause(CanisterId id, PausedExecution p) {
    PausedExecution old = paused.put(id, p);
    if (old != null && old != p) {
      old.abort();
    }
  }

  /** Forgets the paused execution of {@code id} (completed), without aborting it. */
  void completed(CanisterId id) {
    paused.remove(id);
  }

  /** Aborts the paused execution of {@code id}, if any. */
  void abort(CanisterId id) {
    PausedExecution p = paused.remove(id);
    if (p != null) {
      p.abort();
    }
  }

  /**
   * Aborts every paused execution (a checkpoint, a state other than the one they continue on, the
   * executor closing): their messages run again from scratch.
   */
  public void abortAll() {
    for (PausedExecution p : paused.values()) {
      p.abort();
    }
    paused.clear();
    pausedBases.clear();
  }

  /** Aborts the paused executions unless {@code state} is the one they continue on. */
  void continueOn(org.jicp.state.replicated.ReplicatedState state) {
    if (!paused.isEmpty() && !pausedBases.contains(state)) {
      abortAll();
    }
  }

  /** Records the state a round returned: the paused executions continue on it. */
  void producedBy(org.jicp.state.replicated.ReplicatedState state) {
    pausedBases.clear();
    if (!paused.isEmpty()) {
      pausedBases.add(state);
    }
  }

  /** {@code next} replaces {@code prev} without a round (a flush): keeps what continues on it. */
  void replaced(org.jicp.state.replicated.ReplicatedState prev,
      org.jicp.state.replicated.ReplicatedState next) {
    if (pausedBases.contains(prev)) {
      pausedBases.add(next);
    }
  }

  /** Forgets the runtime of {@code id} (uninstalled, deleted). */
  void forget(CanisterId id) {
    Wasm w = wasm.remove(id);
    if (w != null) {
      liveBytes -= w.charged;
      w.charged = 0;
    }
    lru.remove(id);
    natives.remove(id);
  }

  /** The cached native runtime of {@code id}, if any. */
  Optional<Native> cachedNative(CanisterId id) {
    return Optional.ofNullable(natives.get(id));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
