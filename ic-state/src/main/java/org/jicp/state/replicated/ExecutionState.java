package org.jicp.state.replicated;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.internal.Sha256;
import org.jicp.state.pagemap.PageMap;

/**
 * The execution part of a canister's state: its module, its memories and its exported globals.
 * Immutable; the memories are {@link PageMap} values.
 */
public final class ExecutionState {
  private final Bytes wasmBinary;
  private final Bytes moduleHash;
  private final PageMap heap;
  private final long heapSizeWasmPages;
  private final PageMap stableMemory;
  private final long stableMemorySizeWasmPages;
  private final List<WasmGlobal> exportedGlobals;
  private final String nativeKind;

  /** An execution state of its parts; the module hash is SHA-256 of {@code wasmBinary}. */
  public ExecutionState(
      Bytes wasmBinary,
      PageMap heap,
      long heapSizeWasmPages,
      PageMap stableMemory,
      long stableMemorySizeWasmPages,
      List<WasmGlobal> exportedGlobals) {
    this(wasmBinary, Bytes.of(Sha256.hash(wasmBinary.toByteArray())), heap, heapSizeWasmPages,
        stableMemory, stableMemorySizeWasmPages, exportedGlobals, null);
  }

  /**
   * The execution state of a native (Java) canister of kind {@code kind}: {@code descriptor} plays
   * the module's part (its SHA-256 is the module hash), the heap is empty, and the canister's
   * persistent state is serialized into {@code stableMemory} by its host.
   */
  public static ExecutionState nativeCanister(String kind, Bytes descriptor, PageMap stableMemory,
      long stableMemorySizeWasmPages) {
    Objects.requireNonNull(kind, "kind");
    return new ExecutionState(descriptor, Bytes.of(Sha256.hash(descriptor.toByteArray())),
        PageMap.empty(), 0, stableMemory, stableMemorySizeWasmPages, List.of(), kind);
  }

  private ExecutionState(Bytes wasm, Bytes hash, PageMap heap, long heapPages, PageMap stable,
      long stablePages, List<WasmGlobal> globals, String nativeKind) {
    this.nativeKind = nativeKind;
    this.wasmBinary = Objects.requireNonNull(wasm, "wasmBinary");
    this.moduleHash = hash;
    this.heap = Objects.requireNonNull(heap, "heap");
    this.stableMemory = Objects.requireNonNull(stable, "stableMemory");
    if (heapPages < 0 || stablePages < 0) {
      throw new IllegalArgumentException("negative memory size");
    }
    this.heapSizeWasmPages = heapPages;
    this.stableMemorySizeWasmPages = stablePages;
    this.exportedGlobals = List.copyOf(globals);
  }

  /** The kind of native canister this is, empty for a wasm canister. */
  public java.util.Optional<String> nativeKind() {
    return java.util.Optional.ofNullable(nativeKind);
  }

  /** The wasm module (for a native canister: its descriptor). */
  public Bytes wasmBinary() {
    return wasmBinary;
  }

  /** SHA-256 of the module, as {@code /canister/<id>/module_hash} shows it. */
  public Bytes moduleHash() {
    return moduleHash;
  }

  /** The wasm heap ({@code vmemory_0}). */
  public PageMap heap() {
    return heap;
  }

  /** The heap size in 64 KiB wasm pages. */
  public long heapSizeWasmPages() {
    return heapSizeWasmPages;
  }

  /** The stable memory. */
  public PageMap stableMemory() {
    return stableMemory;
  }

  /** The stable memory size in 64 KiB wasm pages. */
  public long stableMemorySizeWasmPages() {
    return stableMemorySizeWasmPages;
  }

  /** The exported globals, in export order. */
  public List<WasmGlobal> exportedGlobals() {
    return exportedGlobals;
  }

  /** A copy with other memories and globals (same module): the result of an execution. */
  public ExecutionState withMemories(PageMap newHeap, long newHeapPages, PageMap newStable,
      long newStablePages, List<WasmGlobal> globals) {
    return new ExecutionState(wasmBinary, moduleHash, newHeap, newHeapPages, newStable,
        newStablePages, globals, nativeKind);
  }

  /**
   * Whether the two states have the same module, sizes and globals and memories with the same
   * contents in their first {@code max(size)} bytes.
   */
  public boolean contentEquals(ExecutionState o) {
    if (!wasmBinary.equals(o.wasmBinary) || !Objects.equals(nativeKind, o.nativeKind)
        || heapSizeWasmPages != o.heapSizeWasmPages
        || stableMemorySizeWasmPages != o.stableMemorySizeWasmPages
        || !exportedGlobals.equals(o.exportedGlobals)) {
      return false;
    }
    return sameContents(heap, o.heap, heapSizeWasmPages)
        && sameContents(stableMemory, o.stableMemory, stableMemorySizeWasmPages);
  }

  private static boolean sameContents(PageMap a, PageMap b, long wasmPages) {
    long pages = wasmPages * 16;
    byte[] x = new byte[PageMap.PAGE_SIZE];
    byte[] y = new byte[PageMap.PAGE_SIZE];
    for (long p = 0; p < pages; p++) {
      a.readPage(p, x);
      b.readPage(p, y);
      if (!java.util.Arrays.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "ExecutionState(module=" + moduleHash + ", heap=" + heapSizeWasmPages
        + " wasm pages, stable=" + stableMemorySizeWasmPages + " wasm pages)";
  }
}
