package org.jicp.wasm.execution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.ports.ExecutionEnvironment;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressHistory;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.internal.exec.ExecutionThread;
import org.jicp.wasm.internal.round.QueryExecution;
import org.jicp.wasm.internal.round.Round;
import org.jicp.wasm.internal.round.Runtimes;

/**
 * The execution environment of a subnet: {@link #executeRound} (the {@link ExecutionEnvironment}
 * port: one deterministic round over the replicated state), non-replicated {@link #query} and
 * {@link #inspect}, with the management canister and native (Java) canisters beside wasm ones.
 * Wasm runs on one dedicated thread with a 1 GiB stack; the methods may be called from any thread
 * but are serialized.
 *
 * <p>An executor holds only caches (loaded modules, live instances, native canister instances);
 * every result is a function of the state and inputs handed in. Native canisters' unsaved changes
 * are written into the state at checkpoint rounds and by {@link #flush}.
 */
public final class RoundExecutor implements ExecutionEnvironment, AutoCloseable {
  private final ExecutionConfig config;
  private final FeeSchedule fees;
  private final Runtimes runtimes;
  private final ExecutionThread thread;
  private final List<Consumer<String>> logListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final long historyCapacity;
  private final QueryExecution queries;

  private RoundExecutor(Builder b) {
    this.config = b.config;
    this.fees = b.fees;
    this.runtimes = new Runtimes(b.engine, b.config.maxCallDepth(), b.natives, b.extensions);
    this.runtimes.maxLiveInstanceBytes(b.liveInstanceBytes);
    this.thread = new ExecutionThread("jicp-execution", 1L << 30);
    this.historyCapacity = b.historyCapacity;
    this.queries = new QueryExecution(config, fees, runtimes, this::log);
  }

  /** A builder with the defaults of an application subnet on the compiler engine. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds executors. */
  public static final class Builder {
    private Engine engine = Engine.COMPILER;
    private ExecutionConfig config = ExecutionConfig.applicationSubnet();
    private FeeSchedule fees = FeeSchedule.applicationSubnet();
    private final Map<String, NativeCanisterFactory> natives = new HashMap<>();
    private final Map<String, ManagementExtension> extensions = new HashMap<>();
    private long historyCapacity = IngressHistory.DEFAULT_MEMORY_CAPACITY;
    private long liveInstanceBytes = Runtimes.DEFAULT_LIVE_BYTES;

    private Builder() {}

    /**
     * The most bytes of wasm memory the executor keeps in live instances between executions
     * (default: the system property {@code jicp.liveInstanceBytes}, else a quarter of the JVM's
     * maximum heap). Past it the least recently executed canisters' instances are dropped and
     * restored from the state when they run again: a cache bound, results do not depend on it.
     */
    public Builder liveInstanceBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative bound");
      }
      this.liveInstanceBytes = bytes;
      return this;
    }

    /** The wasm engine. */
    public Builder engine(Engine e) {
      this.engine = Objects.requireNonNull(e, "engine");
      return this;
    }

    /** The limits. */
    public Builder config(ExecutionConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    /** The fee schedule. */
    public Builder fees(FeeSchedule f) {
      this.fees = Objects.requireNonNull(f, "fees");
      return this;
    }

    /** A kind of native canister this executor can run. */
    public Builder nativeCanister(NativeCanisterFactory f) {
      natives.put(f.kind(), f);
      return this;
    }

    /** An extra management canister method of this subnet. */
    public Builder managementExtension(String method, ManagementExtension m) {
      extensions.put(Objects.requireNonNull(method, "method"), Objects.requireNonNull(m, "m"));
      return this;
    }

    /** The ingress history's memory capacity in bytes (default: the IC's 4 GiB). */
    public Builder ingressHistoryCapacity(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("capacity must be positive");
      }
      this.historyCapacity = bytes;
      return this;
    }

    /** The executor. */
    public RoundExecutor build() {
      return new RoundExecutor(this);
    }
  }

  /** The bytes of wasm memory held in the live instances cached now. */
  public long liveInstanceBytes() {
    return thread.call(runtimes::liveInstanceBytes);
  }

  /** The number of wasm canisters whose live instance is cached now. */
  public int liveInstanceCount() {
    return thread.call(runtimes::liveInstances);
  }

  /** The limits. */
  public ExecutionConfig config() {
    return config;
  }

  /** The fee schedule. */
  public FeeSchedule fees() {
    return fees;
  }

  /** Adds a listener of debug prints and traps, as lines {@code [canister id] text}. */
  public void addLogListener(Consumer<String> l) {
    logListeners.add(Objects.requireNonNull(l, "l"));
  }

  /** Removes a listener. */
  public void removeLogListener(Consumer<String> l) {
    logListeners.remove(l);
  }

  /** Serializes the listeners' calls: rounds and concurrent queries both print. */
  private final Object logLock = new Object();

  private void log(String line) {
    synchronized (logLock) {
      for (Consumer<String> l : logListeners) {
        l.accept(line);
      }
    }
  }

  @Override
  public ReplicatedState executeRound(ReplicatedState state, RoundInputs inputs) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(inputs, "inputs");
    if (inputs.height().compareTo(state.height()) <= 0) {
      throw new IllegalArgumentException("round " + inputs.height() + " on a state of height "
          + state.height());
    }
    return thread.call(() -> Round.run(config, fees, runtimes, this::log, historyCapacity, state,
        inputs));
  }

  /**
   * Runs a query on {@code state} (its changes are discarded): {@code id} may be the management
   * canister for {@code canister_status}, {@code fetch_canister_logs}.
   *
   * <p>Called on a {@link QueryThreads query thread}, a query of wasm canisters runs on that
   * thread, concurrently with other queries and with rounds, on live instances of its own that
   * mirror {@code state} (an immutable value: the query sees exactly it, whatever rounds run
   * meanwhile); the same result as on the execution thread. Queries that reach the management
   * canister or a native canister, and every query from other threads, run on the execution
   * thread, serialized with the rounds.
   */
  public ResponsePayload query(ReplicatedState state, CanisterId id, String method, Bytes arg,
      Principal caller, Optional<Bytes> dataCertificate) {
    if (!closed && QueryThreads.isCurrent()) {
      Optional<ResponsePayload> r = queries.queryConcurrently(state, id, method, arg, caller,
          dataCertificate);
      if (r.isPresent()) {
        return r.get();
      }
    }
    return thread.call(() -> queries.query(state, id, method, arg, caller, dataCertificate));
  }

  /** Live instances restored for queries on query threads so far (the rest were reused). */
  public long concurrentQueryInstancesRestored() {
    return queries.concurrentInstancesRestored();
  }

  private volatile boolean closed;

  /**
   * Runs {@code canister_inspect_message} of the receiver of {@code m} on {@code state} (for the
   * management canister: its ingress filter, which refuses the methods only canisters may call
   * and calls by non-controllers): empty if the message may be inducted, else why not.
   */
  public Optional<ResponsePayload.Reject> inspect(ReplicatedState state,
      CanisterMessage.Ingress m) {
    Optional<ResponsePayload.Reject> tooLarge = Round.tooLarge(config, m);
    if (tooLarge.isPresent()) {
      return tooLarge;
    }
    if (m.receiver().equals(Round.IC_00)) {
      return queries.inspectManagement(state, m);
    }
    return thread.call(() -> queries.inspect(state, m.receiver(), m.methodName(),
        m.methodPayload(), m.source()));
  }

  /** {@code state} with every native canister's unsaved changes written into it. */
  public ReplicatedState flush(ReplicatedState state) {
    return thread.call(() -> Round.flush(config, fees, runtimes, state));
  }

  /**
   * The state of a new subnet: no canisters, time {@code timeNanos}, the routing table and
   * topology given, height 0.
   */
  public static ReplicatedState genesis(SubnetId id, SubnetType type, long timeNanos,
      RoutingTable routingTable, SortedMap<SubnetId, SubnetTopology> topology) {
    return new ReplicatedState(Height.ZERO, new TreeMap<>(),
        SubnetMetadata.of(id, type, timeNanos, routingTable, topology));
  }

  /** Validates, parses and instruments a module without installing it. */
  public static void validate(byte[] wasm) {
    new Runtimes(Engine.INTERPRETER, ExecutionConfig.DEFAULT_MAX_CALL_DEPTH, Map.of(), Map.of())
        .load(wasm);
  }

  /** Forgets the loaded modules shared by all executors (benchmarks). */
  public static void clearModuleCache() {
    Runtimes.clearModuleCache();
  }

  /** The management canister's id, {@code aaaaa-aa}. */
  public static CanisterId managementCanister() {
    return Round.IC_00;
  }

  @Override
  public void close() {
    closed = true;
    queries.clearConcurrentInstances();
    try {
      thread.call(() -> {
        runtimes.abortAll();
        return null;
      });
    } catch (IllegalStateException closed) {
      // already closed
    }
    thread.close();
  }

  /** An immutable view of a list (helper for callers building inputs). */
  static <T> List<T> copy(List<T> l) {
    return Collections.unmodifiableList(new ArrayList<>(l));
  }
}
