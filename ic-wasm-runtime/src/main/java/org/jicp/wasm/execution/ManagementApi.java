package org.jicp.wasm.execution;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidValue;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * The Candid types of the management canister ({@code aaaaa-aa}) as Java records, with the names
 * of the IC's {@code ic.did} (interface specification, "The IC management canister"): what the
 * executor decodes and encodes, and what Java clients (the {@code Subnet} façade, the replica's
 * embedding API) use to call it. {@link #MAPPER} maps them.
 */
public final class ManagementApi {
  private ManagementApi() {}

  /** The mapper for these records. */
  public static final CandidMapper MAPPER = CandidMapper.standard();

  /** {@code log_visibility}. */
  public sealed interface LogVisibility {
    /** Controllers only. */
    @CandidName("controllers")
    record Controllers() implements LogVisibility {}

    /** Everybody. */
    @CandidName("public")
    record Public() implements LogVisibility {}

    /** Controllers and these principals. */
    @CandidName("allowed_viewers")
    record AllowedViewers(List<Principal> value) implements LogVisibility {}
  }

  /** {@code environment_variable}. */
  public record EnvironmentVariable(String name, String value) {}

  /**
   * {@code canister_settings} (every field optional; {@code snapshot_visibility} and {@code
   * status_visibility} have the shape of {@link LogVisibility}).
   */
  public record CanisterSettings(
      Optional<List<Principal>> controllers,
      @CandidName("compute_allocation") Optional<BigInteger> computeAllocation,
      @CandidName("memory_allocation") Optional<BigInteger> memoryAllocation,
      @CandidName("freezing_threshold") Optional<BigInteger> freezingThreshold,
      @CandidName("reserved_cycles_limit") Optional<BigInteger> reservedCyclesLimit,
      @CandidName("minimum_incoming_canister_call_cycles")
          Optional<BigInteger> minimumIncomingCanisterCallCycles,
      @CandidName("log_visibility") Optional<LogVisibility> logVisibility,
      @CandidName("log_memory_limit") Optional<BigInteger> logMemoryLimit,
      @CandidName("snapshot_visibility") Optional<LogVisibility> snapshotVisibility,
      @CandidName("status_visibility") Optional<LogVisibility> statusVisibility,
      @CandidName("wasm_memory_limit") Optional<BigInteger> wasmMemoryLimit,
      @CandidName("wasm_memory_threshold") Optional<BigInteger> wasmMemoryThreshold,
      @CandidName("environment_variables") Optional<List<EnvironmentVariable>>
          environmentVariables) {
    /** The settings jicp keeps; the others empty. */
    public CanisterSettings(Optional<List<Principal>> controllers,
        Optional<BigInteger> computeAllocation, Optional<BigInteger> memoryAllocation,
        Optional<BigInteger> freezingThreshold, Optional<BigInteger> reservedCyclesLimit,
        Optional<LogVisibility> logVisibility, Optional<BigInteger> wasmMemoryLimit,
        Optional<BigInteger> wasmMemoryThreshold) {
      this(controllers, computeAllocation, memoryAllocation, freezingThreshold,
          reservedCyclesLimit, Optional.empty(), logVisibility, Optional.empty(),
          Optional.empty(), Optional.empty(), wasmMemoryLimit, wasmMemoryThreshold,
          Optional.empty());
    }

    /** No settings. */
    public static CanisterSettings none() {
      return new CanisterSettings(Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }

    /** Only controllers. */
    public static CanisterSettings controllers(List<Principal> c) {
      return new CanisterSettings(Optional.of(c), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * {@code definite_canister_settings}, the fields jicp keeps (a record read from the full type
   * drops the others).
   */
  public record DefiniteCanisterSettings(List<Principal> controllers,
      @CandidName("compute_allocation") BigInteger computeAllocation,
      @CandidName("memory_allocation") BigInteger memoryAllocation,
      @CandidName("freezing_threshold") BigInteger freezingThreshold,
      @CandidName("reserved_cycles_limit") BigInteger reservedCyclesLimit,
      @CandidName("log_visibility") LogVisibility logVisibility,
      @CandidName("wasm_memory_limit") BigInteger wasmMemoryLimit,
      @CandidName("wasm_memory_threshold") BigInteger wasmMemoryThreshold) {
    /** The same values as {@code canister_settings} (for creating a canister like this one). */
    public CanisterSettings toSettings() {
      return new CanisterSettings(Optional.of(controllers), Optional.of(computeAllocation),
          Optional.of(memoryAllocation), Optional.of(freezingThreshold),
          Optional.of(reservedCyclesLimit), Optional.of(logVisibility),
          Optional.of(wasmMemoryLimit), Optional.of(wasmMemoryThreshold));
    }
  }

  /** A canister's status ({@code status} of {@code canister_status_result}). */
  public enum CanisterStatusType {
    /** Running. */
    @CandidName("running")
    RUNNING,
    /** Stopping. */
    @CandidName("stopping")
    STOPPING,
    /** Stopped. */
    @CandidName("stopped")
    STOPPED
  }

  /**
   * {@code canister_status_result}: the status, settings, module hash, version and cycles (a
   * record read from the full result drops its other fields).
   */
  public record CanisterStatusResult(CanisterStatusType status,
      @CandidAs("nat64") long version, DefiniteCanisterSettings settings,
      @CandidName("module_hash") Optional<Bytes> moduleHash, BigInteger cycles) {}

  /** {@code record { canister_id : canister_id }}. */
  public record CanisterIdRecord(@CandidName("canister_id") Principal canisterId) {}

  /** {@code create_canister_args}. */
  public record CreateCanisterArgs(Optional<CanisterSettings> settings,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code provisional_create_canister_with_cycles_args}. */
  public record ProvisionalCreateCanisterArgs(Optional<BigInteger> amount,
      Optional<CanisterSettings> settings,
      @CandidName("specified_id") Optional<Principal> specifiedId,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code provisional_top_up_canister_args}. */
  public record TopUpArgs(@CandidName("canister_id") Principal canisterId, BigInteger amount) {}

  /** {@code update_settings_args}. */
  public record UpdateSettingsArgs(@CandidName("canister_id") Principal canisterId,
      CanisterSettings settings,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** The {@code upgrade} options of {@code canister_install_mode}. */
  public record UpgradeOptions(
      @CandidName("skip_pre_upgrade") Optional<Boolean> skipPreUpgrade,
      @CandidName("wasm_memory_persistence") Optional<WasmMemoryPersistence>
          wasmMemoryPersistence) {}

  /** {@code variant { keep; replace }}. */
  public enum WasmMemoryPersistence {
    /** Keep the heap (enhanced orthogonal persistence). */
    @CandidName("keep")
    KEEP,
    /** Start from a fresh heap. */
    @CandidName("replace")
    REPLACE
  }

  /** {@code canister_install_mode}. */
  public sealed interface InstallMode {
    /** Install on an empty canister. */
    @CandidName("install")
    record Install() implements InstallMode {}

    /** Replace the code and state. */
    @CandidName("reinstall")
    record Reinstall() implements InstallMode {}

    /** Upgrade, keeping stable memory. */
    @CandidName("upgrade")
    record Upgrade(Optional<UpgradeOptions> value) implements InstallMode {}
  }

  /** {@code install_code_args}. */
  public record InstallCodeArgs(InstallMode mode,
      @CandidName("canister_id") Principal canisterId,
      @CandidName("wasm_module") Bytes wasmModule, Bytes arg,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code chunk_hash}. */
  public record ChunkHash(Bytes hash) {}

  /** {@code upload_chunk_args}. */
  public record UploadChunkArgs(@CandidName("canister_id") Principal canisterId, Bytes chunk) {}

  /** {@code install_chunked_code_args}. */
  public record InstallChunkedCodeArgs(InstallMode mode,
      @CandidName("target_canister") Principal targetCanister,
      @CandidName("store_canister") Optional<Principal> storeCanister,
      @CandidName("chunk_hashes_list") List<ChunkHash> chunkHashesList,
      @CandidName("wasm_module_hash") Bytes wasmModuleHash, Bytes arg,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code uninstall_code_args}. */
  public record UninstallCodeArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code canister_info_args}. */
  public record CanisterInfoArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("num_requested_changes") @CandidAs("opt nat64") Optional<Long>
          numRequestedChanges) {}

  /** {@code subnet_info_args}. */
  public record SubnetInfoArgs(@CandidName("subnet_id") Principal subnetId) {}

  /** {@code subnet_info_result}. */
  public record SubnetInfoResult(@CandidName("replica_version") String replicaVersion,
      @CandidName("registry_version") @CandidAs("nat64") long registryVersion) {}

  /** {@code take_canister_snapshot_args}. */
  public record TakeSnapshotArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("replace_snapshot") Optional<Bytes> replaceSnapshot,
      @CandidName("uninstall_code") Optional<Boolean> uninstallCode,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code snapshot}. */
  public record Snapshot(Bytes id,
      @CandidName("taken_at_timestamp") @CandidAs("nat64") long takenAtTimestamp,
      @CandidName("total_size") @CandidAs("nat64") long totalSize) {}

  /** {@code load_canister_snapshot_args}. */
  public record LoadSnapshotArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("snapshot_id") Bytes snapshotId,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long>
          senderCanisterVersion) {}

  /** {@code delete_canister_snapshot_args}, {@code read_canister_snapshot_metadata_args}. */
  public record SnapshotArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("snapshot_id") Bytes snapshotId) {}

  /** The {@code filter} of {@code fetch_canister_logs_args}: a range, start inclusive. */
  public sealed interface LogFilter {
    /** Records whose {@code idx} is in {@code [start, end)}. */
    @CandidName("by_idx")
    record ByIdx(@CandidAs("nat64") long start, @CandidAs("nat64") long end)
        implements LogFilter {}

    /** Records whose {@code timestamp_nanos} is in {@code [start, end)}. */
    @CandidName("by_timestamp_nanos")
    record ByTimestampNanos(@CandidAs("nat64") long start, @CandidAs("nat64") long end)
        implements LogFilter {}
  }

  /** {@code fetch_canister_logs_args}. */
  public record FetchLogsArgs(@CandidName("canister_id") Principal canisterId,
      Optional<LogFilter> filter) {
    /** All records of {@code canisterId}. */
    public FetchLogsArgs(Principal canisterId) {
      this(canisterId, Optional.empty());
    }
  }

  /** {@code canister_log_record}. */
  public record LogRecord(@CandidAs("nat64") long idx,
      @CandidName("timestamp_nanos") @CandidAs("nat64") long timestampNanos, Bytes content) {}

  /** {@code fetch_canister_logs_result}. */
  public record FetchLogsResult(
      @CandidName("canister_log_records") List<LogRecord> canisterLogRecords) {}

  /** A wasm global's value in snapshot metadata ({@code vec variant { i32; i64; f32; f64; v128 }}). */
  public sealed interface Global {
    /** {@code i32}. */
    @CandidName("i32")
    record I32(int value) implements Global {}

    /** {@code i64}. */
    @CandidName("i64")
    record I64(long value) implements Global {}

    /** {@code f32}. */
    @CandidName("f32")
    record F32(float value) implements Global {}

    /** {@code f64}. */
    @CandidName("f64")
    record F64(double value) implements Global {}

    /** {@code v128} (as a {@code nat}). */
    @CandidName("v128")
    record V128(BigInteger value) implements Global {}
  }

  /** The global timer in snapshot metadata. */
  public sealed interface GlobalTimer {
    /** Not set. */
    @CandidName("inactive")
    record Inactive() implements GlobalTimer {}

    /** Set to this time (nanoseconds since 1970). */
    @CandidName("active")
    record Active(@CandidAs("nat64") long value) implements GlobalTimer {}
  }

  /** The state of the "on low wasm memory" hook in snapshot metadata. */
  public enum OnLowWasmMemoryHookStatus {
    /** The condition does not hold. */
    @CandidName("condition_not_satisfied")
    CONDITION_NOT_SATISFIED,
    /** Scheduled. */
    @CandidName("ready")
    READY,
    /** Ran. */
    @CandidName("executed")
    EXECUTED
  }

  /** How a snapshot was made ({@code source} of the snapshot metadata). */
  public enum SnapshotSource {
    /** {@code take_canister_snapshot}. */
    TAKEN_FROM_CANISTER("taken_from_canister"),
    /** {@code upload_canister_snapshot_metadata}. */
    METADATA_UPLOAD("metadata_upload");

    private final String label;

    SnapshotSource(String label) {
      this.label = label;
    }

    /** The Candid variant label. */
    public String label() {
      return label;
    }

    /** The Candid value: {@code variant { <label> = reserved }}. */
    public CandidValue value() {
      return CandidValue.variant(label, CandidValue.RESERVED);
    }

    /** The source a Candid value names. */
    public static SnapshotSource of(CandidValue v) {
      long id = ((CandidValue.Variant) v).label().id();
      for (SnapshotSource s : values()) {
        if (org.jicp.candid.Label.hash(s.label) == id) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown snapshot source " + v);
    }
  }

  /** The Candid type of {@link ReadSnapshotMetadataResult#source()}. */
  static final String SOURCE_TYPE =
      "variant { taken_from_canister : reserved; metadata_upload : reserved }";

  /** {@code read_canister_snapshot_metadata_response}. */
  public record ReadSnapshotMetadataResult(
      @CandidAs(SOURCE_TYPE) CandidValue source,
      @CandidName("taken_at_timestamp") @CandidAs("nat64") long takenAtTimestamp,
      @CandidName("wasm_module_size") @CandidAs("nat64") long wasmModuleSize,
      List<Global> globals,
      @CandidName("wasm_memory_size") @CandidAs("nat64") long wasmMemorySize,
      @CandidName("stable_memory_size") @CandidAs("nat64") long stableMemorySize,
      @CandidName("wasm_chunk_store") List<ChunkHash> wasmChunkStore,
      @CandidName("canister_version") @CandidAs("nat64") long canisterVersion,
      @CandidName("certified_data") Bytes certifiedData,
      @CandidName("global_timer") Optional<GlobalTimer> globalTimer,
      @CandidName("on_low_wasm_memory_hook_status") Optional<OnLowWasmMemoryHookStatus>
          onLowWasmMemoryHookStatus) {
    /** {@link #source()} as an enum. */
    public SnapshotSource snapshotSource() {
      return SnapshotSource.of(source);
    }
  }

  /** The {@code kind} of {@code read_canister_snapshot_data_args}. */
  public sealed interface SnapshotDataKind {
    /** A slice of the module. */
    @CandidName("wasm_module")
    record WasmModule(@CandidAs("nat64") long offset, @CandidAs("nat64") long size)
        implements SnapshotDataKind {}

    /** A slice of the heap. */
    @CandidName("wasm_memory")
    record WasmMemory(@CandidAs("nat64") long offset, @CandidAs("nat64") long size)
        implements SnapshotDataKind {}

    /** A slice of the stable memory. */
    @CandidName("stable_memory")
    record StableMemory(@CandidAs("nat64") long offset, @CandidAs("nat64") long size)
        implements SnapshotDataKind {}

    /** A whole chunk of the chunk store. */
    @CandidName("wasm_chunk")
    record WasmChunk(ChunkHash value) implements SnapshotDataKind {}
  }

  /** {@code read_canister_snapshot_data_args}. */
  public record ReadSnapshotDataArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("snapshot_id") Bytes snapshotId, SnapshotDataKind kind) {}

  /** {@code read_canister_snapshot_data_response}. */
  public record ReadSnapshotDataResult(Bytes chunk) {}

  /** {@code upload_canister_snapshot_metadata_args}. */
  public record UploadSnapshotMetadataArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("replace_snapshot") Optional<Bytes> replaceSnapshot,
      @CandidName("wasm_module_size") @CandidAs("nat64") long wasmModuleSize,
      List<Global> globals,
      @CandidName("wasm_memory_size") @CandidAs("nat64") long wasmMemorySize,
      @CandidName("stable_memory_size") @CandidAs("nat64") long stableMemorySize,
      @CandidName("certified_data") Bytes certifiedData,
      @CandidName("global_timer") Optional<GlobalTimer> globalTimer,
      @CandidName("on_low_wasm_memory_hook_status") Optional<OnLowWasmMemoryHookStatus>
          onLowWasmMemoryHookStatus) {}

  /** {@code upload_canister_snapshot_metadata_response}. */
  public record UploadSnapshotMetadataResult(@CandidName("snapshot_id") Bytes snapshotId) {}

  /** An offset into a module or memory ({@code record { offset : nat64 }}). */
  public record Offset(@CandidAs("nat64") long offset) {}

  /** The {@code kind} of {@code upload_canister_snapshot_data_args}. */
  public sealed interface SnapshotDataOffset {
    /** Into the module. */
    @CandidName("wasm_module")
    record WasmModule(Offset value) implements SnapshotDataOffset {}

    /** Into the heap. */
    @CandidName("wasm_memory")
    record WasmMemory(Offset value) implements SnapshotDataOffset {}

    /** Into the stable memory. */
    @CandidName("stable_memory")
    record StableMemory(Offset value) implements SnapshotDataOffset {}

    /** A chunk for the snapshot's chunk store. */
    @CandidName("wasm_chunk")
    record WasmChunk() implements SnapshotDataOffset {}
  }

  /** {@code upload_canister_snapshot_data_args}. */
  public record UploadSnapshotDataArgs(@CandidName("canister_id") Principal canisterId,
      @CandidName("snapshot_id") Bytes snapshotId, SnapshotDataOffset kind, Bytes chunk) {}

  /** {@code create_canister_result} and friends. */
  public record CanisterIdResult(@CandidName("canister_id") Principal canisterId) {}

  /** The encoding of {@code value} as a one-argument Candid message. */
  public static byte[] encode(Object value) {
    return MAPPER.encode(value);
  }

  /** Decodes a one-argument Candid message as {@code type}. */
  public static <T> T decode(byte[] message, Class<T> type) {
    return MAPPER.decode(message, type);
  }
}
