package org.jicp.state.replicated;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Collections;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;

/**
 * The system part of a canister's state: what the IC keeps about it besides its code and memory.
 *
 * @param canisterId the canister
 * @param controllers its controllers, sorted, without duplicates
 * @param cyclesBalance the cycles it holds
 * @param status running, stopping or stopped
 * @param certifiedData up to 32 bytes set with {@code ic0.certified_data_set}
 * @param memoryAllocation reserved memory in bytes (0: best effort)
 * @param computeAllocation reserved compute in percent, 0..100
 * @param freezingThresholdSeconds the freezing threshold in seconds
 * @param reservedCycles cycles reserved for future storage
 * @param canisterVersion the canister version, incremented on every change of code or settings
 * @param creationTimestampNanos when the canister was created (ns since the epoch)
 * @param lastInstallTimestampNanos when code was last installed (ns since the epoch, 0: never)
 * @param metadata public custom sections of the module, served at {@code metadata/<name>}
 */
public record SystemState(
    CanisterId canisterId,
    List<Principal> controllers,
    Cycles cyclesBalance,
    CanisterStatus status,
    Bytes certifiedData,
    long memoryAllocation,
    int computeAllocation,
    long freezingThresholdSeconds,
    Cycles reservedCycles,
    long canisterVersion,
    long creationTimestampNanos,
    long lastInstallTimestampNanos,
    SortedMap<String, Bytes> metadata) {

  /** The largest certified data: 32 bytes. */
  public static final int MAX_CERTIFIED_DATA = 32;

  /** The default freezing threshold: 30 days. */
  public static final long DEFAULT_FREEZING_THRESHOLD_SECONDS = 30L * 24 * 3600;

  /** Validates the components. */
  public SystemState {
    Objects.requireNonNull(canisterId, "canisterId");
    controllers = List.copyOf(new java.util.TreeSet<>(controllers));
    Objects.requireNonNull(cyclesBalance, "cyclesBalance");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(certifiedData, "certifiedData");
    if (certifiedData.length() > MAX_CERTIFIED_DATA) {
      throw new IllegalArgumentException(
          "certified data is at most 32 bytes, got " + certifiedData.length());
    }
    if (memoryAllocation < 0 || freezingThresholdSeconds < 0 || canisterVersion < 0) {
      throw new IllegalArgumentException("negative allocation, threshold or version");
    }
    if (computeAllocation < 0 || computeAllocation > 100) {
      throw new IllegalArgumentException("compute allocation is 0..100: " + computeAllocation);
    }
    Objects.requireNonNull(reservedCycles, "reservedCycles");
    metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
  }

  /** A freshly created canister: running, no cycles, default settings. */
  public static SystemState create(
      CanisterId id, List<Principal> controllers, long creationTimestampNanos) {
    return new SystemState(
        id, controllers, Cycles.ZERO, CanisterStatus.RUNNING, Bytes.EMPTY, 0, 0,
        DEFAULT_FREEZING_THRESHOLD_SECONDS, Cycles.ZERO, 0, creationTimestampNanos, 0,
        new TreeMap<>());
  }

  /** A copy with another cycles balance. */
  public SystemState withCyclesBalance(Cycles c) {
    return new SystemState(canisterId, controllers, c, status, certifiedData, memoryAllocation,
        computeAllocation, freezingThresholdSeconds, reservedCycles, canisterVersion,
        creationTimestampNanos, lastInstallTimestampNanos, metadata);
  }

  /** A copy with other certified data. */
  public SystemState withCertifiedData(Bytes data) {
    return new SystemState(canisterId, controllers, cyclesBalance, status, data, memoryAllocation,
        computeAllocation, freezingThresholdSeconds, reservedCycles, canisterVersion,
        creationTimestampNanos, lastInstallTimestampNanos, metadata);
  }

  /** A copy with another status. */
  public SystemState withStatus(CanisterStatus s) {
    return new SystemState(canisterId, controllers, cyclesBalance, s, certifiedData,
        memoryAllocation, computeAllocation, freezingThresholdSeconds, reservedCycles,
        canisterVersion, creationTimestampNanos, lastInstallTimestampNanos, metadata);
  }

  /** A copy after an install: new version, install time and metadata sections. */
  public SystemState installed(long timestampNanos, SortedMap<String, Bytes> newMetadata) {
    return new SystemState(canisterId, controllers, cyclesBalance, status, certifiedData,
        memoryAllocation, computeAllocation, freezingThresholdSeconds, reservedCycles,
        canisterVersion + 1, creationTimestampNanos, timestampNanos, newMetadata);
  }
}
