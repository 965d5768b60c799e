package org.jicp.state.replicated;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.util.FrozenSortedMap;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;

/**
 * The system part of a canister's state: everything the IC keeps about it besides its code and
 * memory (dfinity/ic {@code SystemState}) — controllers, cycles, status with the pending {@code
 * stop_canister} calls, settings, certified data, versions and timestamps, custom sections, the
 * global timer, its message queues, call contexts and callbacks, the wasm chunk store, its
 * history and its log. All of it is replicated: hashed into checkpoints and state-synced.
 *
 * <p>Build copies with {@link #toBuilder()}.
 *
 * @param canisterId the canister
 * @param controllers its controllers, sorted, without duplicates
 * @param cyclesBalance the cycles it holds
 * @param reservedCycles cycles reserved for future storage
 * @param status running, stopping or stopped
 * @param pendingStops the {@code stop_canister} calls awaiting the stop (status stopping)
 * @param certifiedData up to 32 bytes set with {@code ic0.certified_data_set}
 * @param settings compute and memory allocation, freezing threshold, limits, log visibility
 * @param canisterVersion incremented on every change of code, settings or status
 * @param creationTimestampNanos when the canister was created
 * @param lastInstallTimestampNanos when code was last installed (0: never)
 * @param metadata the module's {@code icp:public}/{@code icp:private} custom sections by name
 * @param globalTimerNanos the global timer's deadline (0: not set)
 * @param queues the input and output queues
 * @param callContexts open call contexts and outstanding callbacks
 * @param chunkStore the wasm chunk store
 * @param history the canister history ({@code canister_info})
 * @param log the canister log ({@code fetch_canister_logs})
 */
public record SystemState(
    CanisterId canisterId,
    List<Principal> controllers,
    Cycles cyclesBalance,
    Cycles reservedCycles,
    CanisterStatus status,
    List<StopContext> pendingStops,
    Bytes certifiedData,
    CanisterSettings settings,
    long canisterVersion,
    long creationTimestampNanos,
    long lastInstallTimestampNanos,
    SortedMap<String, CustomSection> metadata,
    long globalTimerNanos,
    CanisterQueues queues,
    CallContextManager callContexts,
    ChunkStore chunkStore,
    CanisterHistory history,
    CanisterLog log) {

  /** The largest certified data: 32 bytes. */
  public static final int MAX_CERTIFIED_DATA = 32;

  /** The most controllers a canister may have. */
  public static final int MAX_CONTROLLERS = 10;

  /** The default freezing threshold: 30 days. */
  public static final long DEFAULT_FREEZING_THRESHOLD_SECONDS =
      CanisterSettings.DEFAULT_FREEZING_THRESHOLD_SECONDS;

  /** Validates the components. */
  public SystemState {
    Objects.requireNonNull(canisterId, "canisterId");
    controllers = strictlyAscending(controllers) ? List.copyOf(controllers)
        : List.copyOf(new TreeSet<>(controllers));
    Objects.requireNonNull(cyclesBalance, "cyclesBalance");
    Objects.requireNonNull(reservedCycles, "reservedCycles");
    Objects.requireNonNull(status, "status");
    pendingStops = List.copyOf(pendingStops);
    Objects.requireNonNull(certifiedData, "certifiedData");
    if (certifiedData.length() > MAX_CERTIFIED_DATA) {
      throw new IllegalArgumentException(
          "certified data is at most 32 bytes, got " + certifiedData.length());
    }
    Objects.requireNonNull(settings, "settings");
    if (canisterVersion < 0 || globalTimerNanos < 0) {
      throw new IllegalArgumentException("negative version or timer");
    }
    metadata = FrozenSortedMap.copyOf(metadata);
    Objects.requireNonNull(queues, "queues");
    Objects.requireNonNull(callContexts, "callContexts");
    Objects.requireNonNull(chunkStore, "chunkStore");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(log, "log");
    if (status != CanisterStatus.STOPPING && !pendingStops.isEmpty()) {
      throw new IllegalArgumentException("stop calls wait only while the canister is stopping");
    }
  }

  /**
   * Whether {@code ps} is already in the canonical form (sorted, no duplicates, no null), so that
   * a copy rebuilt from an instance does not sort its controllers again.
   */
  private static boolean strictlyAscending(List<Principal> ps) {
    Principal prev = null;
    for (Principal p : ps) {
      if (p == null || (prev != null && prev.compareTo(p) >= 0)) {
        return false;
      }
      prev = p;
    }
    return true;
  }

  /** A freshly created canister: running, no cycles, default settings, version 0. */
  public static SystemState create(
      CanisterId id, List<Principal> controllers, long creationTimestampNanos) {
    return new SystemState(id, controllers, Cycles.ZERO, Cycles.ZERO, CanisterStatus.RUNNING,
        List.of(), Bytes.EMPTY, CanisterSettings.DEFAULT, 0, creationTimestampNanos, 0,
        new TreeMap<>(), 0, CanisterQueues.EMPTY, CallContextManager.EMPTY, ChunkStore.EMPTY,
        CanisterHistory.EMPTY, CanisterLog.EMPTY);
  }

  /** The compute allocation (percent). */
  public int computeAllocation() {
    return settings.computeAllocation();
  }

  /** The memory allocation (bytes). */
  public long memoryAllocation() {
    return settings.memoryAllocation();
  }

  /** The freezing threshold (seconds). */
  public long freezingThresholdSeconds() {
    return settings.freezingThresholdSeconds();
  }

  /** A builder initialised with this state. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with another cycles balance. */
  public SystemState withCyclesBalance(Cycles c) {
    return toBuilder().cyclesBalance(c).build();
  }

  /** A copy with other certified data. */
  public SystemState withCertifiedData(Bytes data) {
    return toBuilder().certifiedData(data).build();
  }

  /** A copy with another status (clearing the pending stops unless stopping). */
  public SystemState withStatus(CanisterStatus s) {
    Builder b = toBuilder().status(s);
    if (s != CanisterStatus.STOPPING) {
      b.pendingStops(List.of());
    }
    return b.build();
  }

  /** A copy with other queues. */
  public SystemState withQueues(CanisterQueues q) {
    return toBuilder().queues(q).build();
  }

  /** A copy with other call contexts. */
  public SystemState withCallContexts(CallContextManager m) {
    return toBuilder().callContexts(m).build();
  }

  /** A copy after an install: new version, install time and custom sections. */
  public SystemState installed(long timestampNanos, SortedMap<String, CustomSection> sections) {
    return toBuilder().canisterVersion(canisterVersion + 1)
        .lastInstallTimestampNanos(timestampNanos).metadata(sections).build();
  }

  /** A mutable builder of {@link SystemState} copies. */
  public static final class Builder {
    private CanisterId canisterId;
    private List<Principal> controllers;
    private Cycles cyclesBalance;
    private Cycles reservedCycles;
    private CanisterStatus status;
    private List<StopContext> pendingStops;
    private Bytes certifiedData;
    private CanisterSettings settings;
    private long canisterVersion;
    private long creationTimestampNanos;
    private long lastInstallTimestampNanos;
    private SortedMap<String, CustomSection> metadata;
    private long globalTimerNanos;
    private CanisterQueues queues;
    private CallContextManager callContexts;
    private ChunkStore chunkStore;
    private CanisterHistory history;
    private CanisterLog log;

    private Builder(SystemState s) {
      canisterId = s.canisterId;
      controllers = s.controllers;
      cyclesBalance = s.cyclesBalance;
      reservedCycles = s.reservedCycles;
      status = s.status;
      pendingStops = s.pendingStops;
      certifiedData = s.certifiedData;
      settings = s.settings;
      canisterVersion = s.canisterVersion;
      creationTimestampNanos = s.creationTimestampNanos;
      lastInstallTimestampNanos = s.lastInstallTimestampNanos;
      metadata = s.metadata;
      globalTimerNanos = s.globalTimerNanos;
      queues = s.queues;
      callContexts = s.callContexts;
      chunkStore = s.chunkStore;
      history = s.history;
      log = s.log;
    }

    /** Sets the controllers. */
    public Builder controllers(List<Principal> v) {
      controllers = v;
      return this;
    }

    /** Sets the cycles balance. */
    public Builder cyclesBalance(Cycles v) {
      cyclesBalance = v;
      return this;
    }

    /** Sets the reserved cycles. */
    public Builder reservedCycles(Cycles v) {
      reservedCycles = v;
      return this;
    }

    /** Sets the status. */
    public Builder status(CanisterStatus v) {
      status = v;
      return this;
    }

    /** Sets the pending stop calls. */
    public Builder pendingStops(List<StopContext> v) {
      pendingStops = v;
      return this;
    }

    /** Sets the certified data. */
    public Builder certifiedData(Bytes v) {
      certifiedData = v;
      return this;
    }

    /** Sets the settings. */
    public Builder settings(CanisterSettings v) {
      settings = v;
      return this;
    }

    /** Sets the canister version. */
    public Builder canisterVersion(long v) {
      canisterVersion = v;
      return this;
    }

    /** Sets the creation time. */
    public Builder creationTimestampNanos(long v) {
      creationTimestampNanos = v;
      return this;
    }

    /** Sets the last install time. */
    public Builder lastInstallTimestampNanos(long v) {
      lastInstallTimestampNanos = v;
      return this;
    }

    /** Sets the custom sections. */
    public Builder metadata(SortedMap<String, CustomSection> v) {
      metadata = v;
      return this;
    }

    /** Sets the global timer (0: none). */
    public Builder globalTimerNanos(long v) {
      globalTimerNanos = v;
      return this;
    }

    /** Sets the queues. */
    public Builder queues(CanisterQueues v) {
      queues = v;
      return this;
    }

    /** Sets the call contexts. */
    public Builder callContexts(CallContextManager v) {
      callContexts = v;
      return this;
    }

    /** Sets the chunk store. */
    public Builder chunkStore(ChunkStore v) {
      chunkStore = v;
      return this;
    }

    /** Sets the history. */
    public Builder history(CanisterHistory v) {
      history = v;
      return this;
    }

    /** Sets the log. */
    public Builder log(CanisterLog v) {
      log = v;
      return this;
    }

    /** The state. */
    public SystemState build() {
      return new SystemState(canisterId, controllers, cyclesBalance, reservedCycles, status,
          pendingStops, certifiedData, settings, canisterVersion, creationTimestampNanos,
          lastInstallTimestampNanos, metadata, globalTimerNanos, queues, callContexts,
          chunkStore, history, log);
    }
  }
}
