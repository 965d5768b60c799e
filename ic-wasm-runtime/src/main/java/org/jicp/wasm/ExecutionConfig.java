package org.jicp.wasm;

import org.jicp.types.SubnetType;

/**
 * The execution limits of a subnet ({@code rs/config/src/subnet_config.rs}, {@code
 * rs/config/src/embedders.rs}; {@code docs/references/resource-limits.md}). With deterministic
 * time slicing an update call runs at most {@link #maxInstructionsPerSlice} instructions per round
 * (an install at most {@link #maxInstructionsPerInstallSlice}): past it, its execution pauses and
 * resumes in the next round, up to {@link #maxInstructionsPerMessage} (or {@link
 * #maxInstructionsPerInstall}) in total. A slice limit at or above the total disables slicing.
 *
 * @param subnetType application or system
 * @param maxInstructionsPerMessage per update, heartbeat and timer (40B application, 50B system)
 * @param maxInstructionsPerQuery per query (5B)
 * @param maxInstructionsPerInstall per install/upgrade, all hooks together (300B / 1,000B)
 * @param maxInstructionsPerRound per round per thread (7B); the scheduler starts no further
 *     message of a canister in a round once this is used
 * @param maxInstructionsPerInspectMessage per {@code canister_inspect_message} (200M)
 * @param maxCallDepth nested wasm calls past which the execution traps (jicp's deterministic stack
 *     bound)
 * @param wasmMemoryLimitBytes the canister's wasm memory limit for a wasm32 module (growing past
 *     it traps as the IC's {@code wasm_memory_limit}; the IC's wasm32 maximum is 4 GiB)
 * @param wasm64MemoryLimitBytes the same for a wasm64 (memory64) module (the IC's maximum: 6 GiB)
 * @param secondsPerRound virtual time that passes per scheduler round
 * @param maxInstructionsPerSlice per round of a sliced update call (the IC's {@code
 *     max_instructions_per_slice}, 2B)
 * @param maxInstructionsPerInstallSlice per round of a sliced install/upgrade (2B application,
 *     5B system)
 */
public record ExecutionConfig(
    SubnetType subnetType,
    long maxInstructionsPerMessage,
    long maxInstructionsPerQuery,
    long maxInstructionsPerInstall,
    long maxInstructionsPerRound,
    long maxInstructionsPerInspectMessage,
    int maxCallDepth,
    long wasmMemoryLimitBytes,
    long wasm64MemoryLimitBytes,
    long secondsPerRound,
    long maxInstructionsPerSlice,
    long maxInstructionsPerInstallSlice) {

  /** {@code MAX_INSTRUCTIONS_PER_MESSAGE} (with DTS), application subnets: 40B. */
  public static final long MAX_INSTRUCTIONS_PER_MESSAGE = 40_000_000_000L;
  /** Per message on system subnets: 50B. */
  public static final long MAX_INSTRUCTIONS_PER_MESSAGE_SYSTEM = 50_000_000_000L;
  /** Per query: 5B. */
  public static final long MAX_INSTRUCTIONS_PER_QUERY = 5_000_000_000L;
  /** Per install_code / upgrade, application subnets: 300B. */
  public static final long MAX_INSTRUCTIONS_PER_INSTALL_CODE = 300_000_000_000L;
  /** Per install_code on system subnets: 1,000B. */
  public static final long MAX_INSTRUCTIONS_PER_INSTALL_CODE_SYSTEM = 1_000_000_000_000L;
  /** Per round per thread: 7B. */
  public static final long MAX_INSTRUCTIONS_PER_ROUND = 7_000_000_000L;
  /** {@code MAX_INSTRUCTIONS_PER_SLICE}: one slice of a long update, 2B. */
  public static final long MAX_INSTRUCTIONS_PER_SLICE = 2_000_000_000L;
  /** {@code MAX_INSTRUCTIONS_PER_INSTALL_CODE_SLICE}, application subnets: 2B. */
  public static final long MAX_INSTRUCTIONS_PER_INSTALL_CODE_SLICE = 2_000_000_000L;
  /** Per install_code slice on system subnets: 5B. */
  public static final long MAX_INSTRUCTIONS_PER_INSTALL_CODE_SLICE_SYSTEM = 5_000_000_000L;
  /** Per inspect_message: 200M. */
  public static final long MAX_INSTRUCTIONS_PER_INSPECT_MESSAGE = 200_000_000L;
  /** The default call depth bound. */
  public static final int DEFAULT_MAX_CALL_DEPTH = 10_000;
  /** The IC's wasm32 heap limit: 4 GiB ({@code MAX_WASM_MEMORY_IN_BYTES}). */
  public static final long MAX_WASM_MEMORY_BYTES = 4L << 30;
  /**
   * The default wasm32 memory limit: 32,767 pages (2 GiB − 64 KiB), the largest heap a wasm32
   * module runs with unchanged accesses (Chicory hands addresses to the heap as signed ints). A
   * larger limit, up to the IC's {@link #MAX_WASM_MEMORY_BYTES}, runs wasm32 modules with lowered
   * accesses, as wasm64 ones, which costs time on memory-heavy code (see the README).
   */
  public static final long DEFAULT_WASM32_MEMORY_LIMIT_BYTES = 32_767L * 65_536;
  /** The IC's wasm64 heap limit: 6 GiB ({@code MAX_WASM64_MEMORY_IN_BYTES}). */
  public static final long MAX_WASM64_MEMORY_BYTES = 6L << 30;

  /** {@code MAX_INGRESS_BYTES_PER_MESSAGE_APP_SUBNET}: 2 MiB. */
  public static final long MAX_INGRESS_BYTES_PER_MESSAGE_APP_SUBNET = 2L * 1024 * 1024;
  /** {@code MAX_INGRESS_BYTES_PER_MESSAGE_NNS_SUBNET} (system subnets): 3.5 MiB. */
  public static final long MAX_INGRESS_BYTES_PER_MESSAGE_SYSTEM_SUBNET = 3L * 1024 * 1024
      + 512 * 1024;

  /**
   * The largest ingress message of this subnet type ({@code max_ingress_bytes_per_message} of the
   * subnet record; jicp counts the method name and the argument, the IC the whole envelope).
   */
  public long maxIngressBytesPerMessage() {
    return subnetType == SubnetType.SYSTEM ? MAX_INGRESS_BYTES_PER_MESSAGE_SYSTEM_SUBNET
        : MAX_INGRESS_BYTES_PER_MESSAGE_APP_SUBNET;
  }

  /** Validates the components. */
  public ExecutionConfig {
    java.util.Objects.requireNonNull(subnetType, "subnetType");
    if (maxInstructionsPerMessage <= 0 || maxInstructionsPerQuery <= 0
        || maxInstructionsPerInstall <= 0 || maxInstructionsPerRound <= 0
        || maxInstructionsPerInspectMessage <= 0 || maxInstructionsPerSlice <= 0
        || maxInstructionsPerInstallSlice <= 0) {
      throw new IllegalArgumentException("instruction limits must be positive");
    }
    if (maxCallDepth < 1 || wasmMemoryLimitBytes < 65536 || wasm64MemoryLimitBytes < 65536
        || secondsPerRound < 0) {
      throw new IllegalArgumentException("bad call depth, memory limit or round duration");
    }
  }

  /** Application subnet defaults. */
  public static ExecutionConfig applicationSubnet() {
    return new ExecutionConfig(SubnetType.APPLICATION, MAX_INSTRUCTIONS_PER_MESSAGE,
        MAX_INSTRUCTIONS_PER_QUERY, MAX_INSTRUCTIONS_PER_INSTALL_CODE, MAX_INSTRUCTIONS_PER_ROUND,
        MAX_INSTRUCTIONS_PER_INSPECT_MESSAGE, DEFAULT_MAX_CALL_DEPTH,
        DEFAULT_WASM32_MEMORY_LIMIT_BYTES, MAX_WASM64_MEMORY_BYTES, 1,
        MAX_INSTRUCTIONS_PER_SLICE, MAX_INSTRUCTIONS_PER_INSTALL_CODE_SLICE);
  }

  /** System subnet defaults (no slicing of updates, as on the IC; installs in 5B slices). */
  public static ExecutionConfig systemSubnet() {
    return new ExecutionConfig(SubnetType.SYSTEM, MAX_INSTRUCTIONS_PER_MESSAGE_SYSTEM,
        MAX_INSTRUCTIONS_PER_QUERY, MAX_INSTRUCTIONS_PER_INSTALL_CODE_SYSTEM,
        MAX_INSTRUCTIONS_PER_MESSAGE_SYSTEM + 2_000_000_000L,
        MAX_INSTRUCTIONS_PER_INSPECT_MESSAGE, DEFAULT_MAX_CALL_DEPTH,
        DEFAULT_WASM32_MEMORY_LIMIT_BYTES, MAX_WASM64_MEMORY_BYTES, 1,
        MAX_INSTRUCTIONS_PER_MESSAGE_SYSTEM, MAX_INSTRUCTIONS_PER_INSTALL_CODE_SLICE_SYSTEM);
  }

  /** A copy with other per-message and per-query instruction limits. */
  public ExecutionConfig withInstructionLimits(long perMessage, long perQuery) {
    return new ExecutionConfig(subnetType, perMessage, perQuery, maxInstructionsPerInstall,
        maxInstructionsPerRound, maxInstructionsPerInspectMessage, maxCallDepth,
        wasmMemoryLimitBytes, wasm64MemoryLimitBytes, secondsPerRound, maxInstructionsPerSlice,
        maxInstructionsPerInstallSlice);
  }

  /** A copy with another install/upgrade instruction limit. */
  public ExecutionConfig withInstallLimit(long perInstall) {
    return new ExecutionConfig(subnetType, maxInstructionsPerMessage, maxInstructionsPerQuery,
        perInstall, maxInstructionsPerRound, maxInstructionsPerInspectMessage, maxCallDepth,
        wasmMemoryLimitBytes, wasm64MemoryLimitBytes, secondsPerRound, maxInstructionsPerSlice,
        maxInstructionsPerInstallSlice);
  }

  /** The wasm memory limit of a wasm32 or wasm64 module, in bytes. */
  public long wasmMemoryLimitBytes(boolean wasm64) {
    return wasm64 ? wasm64MemoryLimitBytes : wasmMemoryLimitBytes;
  }

  /**
   * A copy with another wasm memory limit (for wasm32 and wasm64 modules alike); past 2 GiB − 64
   * KiB a wasm32 module runs with lowered accesses.
   */
  public ExecutionConfig withWasmMemoryLimit(long bytes) {
    return new ExecutionConfig(subnetType, maxInstructionsPerMessage, maxInstructionsPerQuery,
        maxInstructionsPerInstall, maxInstructionsPerRound, maxInstructionsPerInspectMessage,
        maxCallDepth, bytes, bytes, secondsPerRound, maxInstructionsPerSlice,
        maxInstructionsPerInstallSlice);
  }

  /** A copy with another call depth bound. */
  public ExecutionConfig withMaxCallDepth(int depth) {
    return new ExecutionConfig(subnetType, maxInstructionsPerMessage, maxInstructionsPerQuery,
        maxInstructionsPerInstall, maxInstructionsPerRound, maxInstructionsPerInspectMessage,
        depth, wasmMemoryLimitBytes, wasm64MemoryLimitBytes, secondsPerRound, maxInstructionsPerSlice,
        maxInstructionsPerInstallSlice);
  }

  /**
   * A copy with other slice limits (deterministic time slicing): {@code perSlice} for update
   * calls, {@code perInstallSlice} for install/upgrade; a limit at or above the message's total
   * disables slicing.
   */
  public ExecutionConfig withSliceLimits(long perSlice, long perInstallSlice) {
    return new ExecutionConfig(subnetType, maxInstructionsPerMessage, maxInstructionsPerQuery,
        maxInstructionsPerInstall, maxInstructionsPerRound, maxInstructionsPerInspectMessage,
        maxCallDepth, wasmMemoryLimitBytes, wasm64MemoryLimitBytes, secondsPerRound, perSlice,
        perInstallSlice);
  }

  /** A copy with another virtual time per round (0: time stands still, nothing is charged). */
  public ExecutionConfig withSecondsPerRound(long seconds) {
    return new ExecutionConfig(subnetType, maxInstructionsPerMessage, maxInstructionsPerQuery,
        maxInstructionsPerInstall, maxInstructionsPerRound, maxInstructionsPerInspectMessage,
        maxCallDepth, wasmMemoryLimitBytes, wasm64MemoryLimitBytes, seconds,
        maxInstructionsPerSlice, maxInstructionsPerInstallSlice);
  }
}
