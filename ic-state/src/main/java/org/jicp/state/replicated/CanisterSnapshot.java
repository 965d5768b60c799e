package org.jicp.state.replicated;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.pagemap.PageMap;
import org.jicp.types.CanisterId;

/**
 * A snapshot of a canister ({@code take_canister_snapshot}, or built by {@code
 * upload_canister_snapshot_metadata}/{@code _data}): its module, memories and globals, certified
 * data, chunk store and global timer at the time it was taken. The memories are {@link PageMap}
 * values, so a snapshot shares pages with the canister (copy on write) and costs no byte copies.
 *
 * @param canisterId the canister it belongs to
 * @param source how it was made
 * @param takenAtTimestampNanos when
 * @param canisterVersion the canister's version then
 * @param wasmModule the module (empty for an upload not yet complete)
 * @param heap the wasm heap
 * @param heapSizeBytes the heap size in bytes (a multiple of 64 KiB)
 * @param stableMemory the stable memory
 * @param stableMemorySizeBytes its size in bytes (a multiple of 64 KiB)
 * @param globals the exported globals
 * @param certifiedData the certified data
 * @param chunkStore the wasm chunk store
 * @param globalTimerNanos the global timer: 0 inactive, a deadline if active, {@link
 *     #TIMER_NOT_RECORDED} if an uploaded snapshot's metadata did not say (loading it then leaves
 *     the canister's timer as it is)
 */
public record CanisterSnapshot(CanisterId canisterId, Source source, long takenAtTimestampNanos,
    long canisterVersion, Bytes wasmModule, PageMap heap, long heapSizeBytes,
    PageMap stableMemory, long stableMemorySizeBytes, List<WasmGlobal> globals,
    Bytes certifiedData, ChunkStore chunkStore, long globalTimerNanos) {
  /** {@code globalTimerNanos} of a snapshot that does not record the global timer. */
  public static final long TIMER_NOT_RECORDED = -1L;

  /** How a snapshot was made. */
  public enum Source {
    /** Taken from the canister. */
    TAKEN_FROM_CANISTER,
    /** Uploaded by a controller. */
    METADATA_UPLOAD
  }

  /** Validates the components. */
  public CanisterSnapshot {
    Objects.requireNonNull(canisterId, "canisterId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(wasmModule, "wasmModule");
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(stableMemory, "stableMemory");
    globals = List.copyOf(globals);
    Objects.requireNonNull(certifiedData, "certifiedData");
    Objects.requireNonNull(chunkStore, "chunkStore");
    if (heapSizeBytes < 0 || stableMemorySizeBytes < 0) {
      throw new IllegalArgumentException("negative memory size");
    }
  }

  /** The size the IC reports and charges for: module, memories, globals, chunk store. */
  public long size() {
    return wasmModule.length() + heapSizeBytes + stableMemorySizeBytes + 8L * globals.size()
        + chunkStore.bytes();
  }

  /** A copy with other contents (uploads). */
  public CanisterSnapshot withContents(Bytes wasm, PageMap newHeap, PageMap newStable,
      ChunkStore chunks) {
    return new CanisterSnapshot(canisterId, source, takenAtTimestampNanos, canisterVersion, wasm,
        newHeap, heapSizeBytes, newStable, stableMemorySizeBytes, globals, certifiedData, chunks,
        globalTimerNanos);
  }
}
