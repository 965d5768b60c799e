package org.jicp.wasm.execution;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
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

  /** {@code canister_settings} (every field optional). */
  public record CanisterSettings(
      Optional<List<Principal>> controllers,
      @CandidName("compute_allocation") Optional<BigInteger> computeAllocation,
      @CandidName("memory_allocation") Optional<BigInteger> memoryAllocation,
      @CandidName("freezing_threshold") Optional<BigInteger> freezingThreshold,
      @CandidName("reserved_cycles_limit") Optional<BigInteger> reservedCyclesLimit,
      @CandidName("log_visibility") Optional<LogVisibility> logVisibility,
      @CandidName("wasm_memory_limit") Optional<BigInteger> wasmMemoryLimit,
      @CandidName("wasm_memory_threshold") Optional<BigInteger> wasmMemoryThreshold) {
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

  /** {@code fetch_canister_logs_args} (the filter is not served; see the README). */
  public record FetchLogsArgs(@CandidName("canister_id") Principal canisterId) {}

  /** {@code canister_log_record}. */
  public record LogRecord(@CandidAs("nat64") long idx,
      @CandidName("timestamp_nanos") @CandidAs("nat64") long timestampNanos, Bytes content) {}

  /** {@code fetch_canister_logs_result}. */
  public record FetchLogsResult(
      @CandidName("canister_log_records") List<LogRecord> canisterLogRecords) {}

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
