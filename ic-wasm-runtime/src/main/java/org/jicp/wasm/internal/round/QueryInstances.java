package org.jicp.wasm.internal.round;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.jicp.crypto.Bytes;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.types.CanisterId;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.LoadedModule;

/**
 * Live instances for queries that run on their callers' threads, apart from the execution
 * thread's ({@link Runtimes}): thread-safe. Per canister it keeps idle instances mirroring one
 * execution state (the one last asked for, by identity: states are immutable values) and one
 * memory limit; a query borrows one (or restores a new one from the state), runs, rolls it back
 * and returns it. When a query asks for another version of the canister, the idle instances of
 * the old one are dropped (queries still running on the old version finish on theirs, which are
 * then dropped too). Bounded: at most {@link #maxIdlePerCanister} idle instances per canister and
 * {@link #maxIdleBytes} bytes of idle instances in all; past either an instance is dropped instead
 * of kept. A version is restored for only after {@code restoreAfter} queries asked for it (the
 * earlier ones are left to the execution thread: see {@link NotYet}). A cache only: results
 * never depend on it.
 */
final class QueryInstances {
  /** A borrowed instance. */
  record Lease(LoadedModule module, LiveInstance live, Slot slot, ExecutionState es, long limit) {}

  /** One canister's idle instances. Guarded by itself. */
  static final class Slot {
    private LoadedModule module;
    private Bytes moduleHash;
    private ExecutionState es;
    private long limit = -1;
    /** Queries asked for {@link #es} so far. */
    private long asked;
    private final ArrayDeque<LiveInstance> idle = new ArrayDeque<>();
    private final ArrayDeque<Long> idleBytes = new ArrayDeque<>();
  }

  private final Runtimes runtimes;
  private final ConcurrentHashMap<CanisterId, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong idleBytes = new AtomicLong();
  private final int maxIdlePerCanister;
  private final long maxIdleBytes;
  private final AtomicLong restored = new AtomicLong();
  private final int restoreAfter;

  /** Thrown by {@link #acquire} when a version is too new to restore an instance for. */
  static final class NotYet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotYet() {
      super(null, null, false, false);
    }
  }

  QueryInstances(Runtimes runtimes, int maxIdlePerCanister, long maxIdleBytes,
      int restoreAfter) {
    this.runtimes = runtimes;
    this.maxIdlePerCanister = maxIdlePerCanister;
    this.maxIdleBytes = maxIdleBytes;
    this.restoreAfter = restoreAfter;
  }

  /** Instances restored from a state so far (the others were reused). */
  long restored() {
    return restored.get();
  }

  /** The bytes of the idle instances now kept. */
  long idleBytes() {
    return idleBytes.get();
  }

  /** An instance of canister {@code id} mirroring {@code es}, with its module. */
  Lease acquire(CanisterId id, ExecutionState es, ToLongFunction<LoadedModule> limitOf) {
    Slot s = slots.computeIfAbsent(id, k -> new Slot());
    LoadedModule module;
    synchronized (s) {
      module = s.module != null && es.moduleHash().equals(s.moduleHash) ? s.module : null;
    }
    if (module == null) {
      module = runtimes.load(es.wasmBinary().toByteArray()); // shared module cache: once per module
      synchronized (s) {
        if (s.module == null || !es.moduleHash().equals(s.moduleHash)) {
          s.module = module;
          s.moduleHash = es.moduleHash();
          dropIdle(s);
          s.es = null;
        }
      }
    }
    long limit = limitOf.applyAsLong(module);
    synchronized (s) {
      if (s.es == es && s.limit == limit && s.module == module) {
        LiveInstance li = s.idle.pollLast();
        if (li != null) {
          idleBytes.addAndGet(-s.idleBytes.pollLast());
          return new Lease(module, li, s, es, limit);
        }
      } else {
        dropIdle(s);
        s.es = es;
        s.limit = limit;
        s.asked = 0;
      }
      // Restoring copies the whole heap and builds an instance (hundreds of µs for a 2 MiB
      // heap, dozens of queries' worth): only for a version asked for often enough. Until then
      // the query runs on the execution thread, whose instance a round has just left mirroring
      // the latest version.
      if (s.asked++ < restoreAfter) {
        throw new NotYet();
      }
    }
    restored.incrementAndGet();
    LiveInstance li = LiveInstance.restore(module, runtimes.engine(), es.heap(),
        es.heapSizeWasmPages(), es.exportedGlobals(), limit);
    return new Lease(module, li, s, es, limit);
  }

  /** Returns a borrowed instance, rolled back; it is kept if it still mirrors the slot's state. */
  void release(Lease l) {
    LiveInstance li = l.live();
    if (!li.reusable()) {
      return;
    }
    long bytes = li.footprintBytes();
    Slot s = l.slot();
    synchronized (s) {
      if (s.es != l.es() || s.limit != l.limit() || s.module != l.module()
          || s.idle.size() >= maxIdlePerCanister) {
        return;
      }
      if (idleBytes.addAndGet(bytes) > maxIdleBytes) {
        idleBytes.addAndGet(-bytes);
        return;
      }
      s.idle.addLast(li);
      s.idleBytes.addLast(bytes);
    }
  }

  /** Forgets every idle instance (the executor closes). */
  void clear() {
    for (Slot s : slots.values()) {
      synchronized (s) {
        dropIdle(s);
        s.es = null;
      }
    }
    slots.clear();
  }

  private void dropIdle(Slot s) {
    long b = 0;
    for (Long x : s.idleBytes) {
      b += x;
    }
    s.idle.clear();
    s.idleBytes.clear();
    idleBytes.addAndGet(-b);
  }
}
