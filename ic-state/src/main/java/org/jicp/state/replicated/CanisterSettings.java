package org.jicp.state.replicated;

import java.util.Objects;
import org.jicp.types.Cycles;

/**
 * A canister's settings besides its controllers ({@code canister_settings} of the management
 * canister), with the IC's defaults.
 *
 * @param computeAllocation reserved compute in percent, 0..100
 * @param memoryAllocation reserved memory in bytes, 0 = best effort
 * @param freezingThresholdSeconds the freezing threshold in seconds
 * @param reservedCyclesLimit the most cycles that may be reserved for storage
 * @param wasmMemoryLimit the most bytes the wasm heap may grow to, 0 = no limit
 * @param wasmMemoryThreshold the free heap below which {@code on_low_wasm_memory} runs
 * @param logVisibility who may read the logs
 */
public record CanisterSettings(int computeAllocation, long memoryAllocation,
    long freezingThresholdSeconds, Cycles reservedCyclesLimit, long wasmMemoryLimit,
    long wasmMemoryThreshold, LogVisibility logVisibility) {
  /** The default freezing threshold: 30 days. */
  public static final long DEFAULT_FREEZING_THRESHOLD_SECONDS = 30L * 24 * 3600;

  /** The default reserved cycles limit: 5T. */
  public static final Cycles DEFAULT_RESERVED_CYCLES_LIMIT = Cycles.of(5_000_000_000_000L);

  /** The default wasm memory limit: 3 GiB. */
  public static final long DEFAULT_WASM_MEMORY_LIMIT = 3L << 30;

  /** The IC's defaults. */
  public static final CanisterSettings DEFAULT = new CanisterSettings(0, 0,
      DEFAULT_FREEZING_THRESHOLD_SECONDS, DEFAULT_RESERVED_CYCLES_LIMIT,
      DEFAULT_WASM_MEMORY_LIMIT, 0, LogVisibility.CONTROLLERS);

  /** Validates the components. */
  public CanisterSettings {
    if (computeAllocation < 0 || computeAllocation > 100) {
      throw new IllegalArgumentException("compute allocation is 0..100: " + computeAllocation);
    }
    if (memoryAllocation < 0 || freezingThresholdSeconds < 0 || wasmMemoryLimit < 0
        || wasmMemoryThreshold < 0) {
      throw new IllegalArgumentException("negative setting");
    }
    Objects.requireNonNull(reservedCyclesLimit, "reservedCyclesLimit");
    Objects.requireNonNull(logVisibility, "logVisibility");
  }

  /** A copy with another compute allocation. */
  public CanisterSettings withComputeAllocation(int v) {
    return new CanisterSettings(v, memoryAllocation, freezingThresholdSeconds,
        reservedCyclesLimit, wasmMemoryLimit, wasmMemoryThreshold, logVisibility);
  }

  /** A copy with another memory allocation. */
  public CanisterSettings withMemoryAllocation(long v) {
    return new CanisterSettings(computeAllocation, v, freezingThresholdSeconds,
        reservedCyclesLimit, wasmMemoryLimit, wasmMemoryThreshold, logVisibility);
  }

  /** A copy with another freezing threshold. */
  public CanisterSettings withFreezingThresholdSeconds(long v) {
    return new CanisterSettings(computeAllocation, memoryAllocation, v, reservedCyclesLimit,
        wasmMemoryLimit, wasmMemoryThreshold, logVisibility);
  }

  /** A copy with another reserved cycles limit. */
  public CanisterSettings withReservedCyclesLimit(Cycles v) {
    return new CanisterSettings(computeAllocation, memoryAllocation, freezingThresholdSeconds, v,
        wasmMemoryLimit, wasmMemoryThreshold, logVisibility);
  }

  /** A copy with another wasm memory limit. */
  public CanisterSettings withWasmMemoryLimit(long v) {
    return new CanisterSettings(computeAllocation, memoryAllocation, freezingThresholdSeconds,
        reservedCyclesLimit, v, wasmMemoryThreshold, logVisibility);
  }

  /** A copy with another wasm memory threshold. */
  public CanisterSettings withWasmMemoryThreshold(long v) {
    return new CanisterSettings(computeAllocation, memoryAllocation, freezingThresholdSeconds,
        reservedCyclesLimit, wasmMemoryLimit, v, logVisibility);
  }

  /** A copy with another log visibility. */
  public CanisterSettings withLogVisibility(LogVisibility v) {
    return new CanisterSettings(computeAllocation, memoryAllocation, freezingThresholdSeconds,
        reservedCyclesLimit, wasmMemoryLimit, wasmMemoryThreshold, v);
  }
}
