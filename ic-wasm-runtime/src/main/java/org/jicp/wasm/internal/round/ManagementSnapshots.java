package org.jicp.wasm.internal.round;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterHistory;
import org.jicp.state.replicated.CanisterSnapshot;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ChunkStore;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.SnapshotId;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SystemState;
import org.jicp.state.replicated.WasmGlobal;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.wasm.WasmException;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.internal.exec.LoadedModule;

/**
 * The management canister's snapshot methods (interface specification, "IC method
 * take_canister_snapshot" … "delete_canister_snapshot"; dfinity/ic {@code canister_manager.rs}
 * and {@code canister_snapshots.rs}): take, load (also a snapshot of another canister of the
 * subnet whose controllers include the caller), list, delete, and the download ({@code
 * read_canister_snapshot_metadata}/{@code _data}) and upload ({@code
 * upload_canister_snapshot_metadata}/{@code _data}) of a snapshot's contents. Snapshots are
 * {@code PageMap} values: taking or loading one shares pages with the canister (copy on write).
 * Charges as the IC: 2B instructions plus the snapshot's size to take, load or create one by
 * upload; 5M plus the slice's size to read data; one instruction per byte (200M for a chunk) to
 * upload data — all paid by the canister, which must stay above its freezing threshold.
 */
final class ManagementSnapshots {
  /** Baseline instructions to take, load or upload a snapshot (2B). */
  static final long SNAPSHOT_BASELINE_INSTRUCTIONS = 2_000_000_000L;
  /** Baseline instructions to read or write snapshot data (5M). */
  static final long SNAPSHOT_DATA_BASELINE_INSTRUCTIONS = 5_000_000L;
  /** The largest slice {@code read_canister_snapshot_data} returns ({@code MAX_SLICE_SIZE_BYTES}). */
  static final long MAX_SLICE_SIZE_BYTES = 2_000_000L;
  /** The largest module ({@code WASM_MAX_SIZE}). */
  static final long MAX_MODULE_BYTES = 100L << 20;
  /** The largest wasm32 heap ({@code MAX_WASM_MEMORY_IN_BYTES}). */
  static final long MAX_WASM_MEMORY_BYTES = 4L << 30;
  /** The largest stable memory ({@code MAX_STABLE_MEMORY_IN_BYTES}). */
  static final long MAX_STABLE_MEMORY_BYTES = 500L << 30;
  /** The most globals a module may have ({@code MAX_GLOBALS}). */
  static final int MAX_GLOBALS = 1000;
  private static final long WASM_PAGE = 65536;

  private final Management m;
  private final Round round;

  ManagementSnapshots(Management m) {
    this.m = m;
    this.round = m.round;
  }

  // ------------------------------------------------------------------ shared

  /** The IC's {@code CanisterSnapshotNotFound}. */
  private static Management.Rejection notFound(CanisterId canister, Bytes raw) {
    return new Management.Rejection(ErrorCode.CANISTER_SNAPSHOT_NOT_FOUND,
        "Could not find the snapshot ID " + raw.toHex() + " for canister " + canister + ".");
  }

  /** The id {@code raw} names, if such a snapshot exists (of any canister). */
  private SnapshotId existing(CanisterId canister, Bytes raw) {
    SnapshotId id;
    try {
      id = SnapshotId.fromBytes(raw.toByteArray());
    } catch (RuntimeException e) {
      throw notFound(canister, raw);
    }
    if (!round.state.snapshots().containsKey(id)) {
      throw notFound(canister, raw);
    }
    return id;
  }

  /** The snapshot {@code raw} names, if it belongs to {@code canister} ({@code get_snapshot}). */
  private SnapshotId snapshotOf(CanisterId canister, Bytes raw) {
    SnapshotId id = existing(canister, raw);
    if (!id.canisterId().equals(canister)) {
      throw new Management.Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE,
          "The snapshot " + raw.toHex() + " does not belong to canister " + canister + ".");
    }
    return id;
  }

  private int count(CanisterId canister) {
    int n = 0;
    for (SnapshotId k : round.state.snapshots().keySet()) {
      if (k.canisterId().equals(canister)) {
        n++;
      }
    }
    return n;
  }

  private void requireRoom(CanisterId canister) {
    if (count(canister) >= Management.MAX_SNAPSHOTS_PER_CANISTER) {
      throw new Management.Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE, "Canister "
          + canister + " has reached the maximum number of snapshots allowed: "
          + Management.MAX_SNAPSHOTS_PER_CANISTER + ".");
    }
  }

  /** The IC's {@code CanisterSnapshotNotEnoughCycles}. */
  private static Management.Rejection notEnoughCycles(String message) {
    return new Management.Rejection(ErrorCode.CANISTER_OUT_OF_CYCLES,
        "Canister snapshotting failed with: `" + message + "`");
  }

  /** The IC's {@code InvalidSlice}. */
  private static Management.Rejection invalidSlice(long offset, long size) {
    return new Management.Rejection(ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
        "Invalid subslice into wasm module / main memory / stable memory: offset: "
            + Long.toUnsignedString(offset) + ", size: " + Long.toUnsignedString(size));
  }

  private SnapshotId newId(CanisterId canister) {
    SubnetMetadata md = round.state.metadata();
    SnapshotId id = new SnapshotId(canister, md.nextSnapshotId());
    round.state = round.state.withMetadata(md.toBuilder().nextSnapshotId(md.nextSnapshotId() + 1)
        .build());
    return id;
  }

  private void put(SnapshotId id, CanisterSnapshot s) {
    TreeMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>(round.state.snapshots());
    snaps.put(id, s);
    round.state = round.state.withSnapshots(snaps);
  }

  private void remove(SnapshotId id) {
    TreeMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>(round.state.snapshots());
    snaps.remove(id);
    round.state = round.state.withSnapshots(snaps);
  }

  /** Whether {@code offset + size <= length} (unsigned, without overflow). */
  private static boolean fits(long offset, long size, long length) {
    return Long.compareUnsigned(offset, length) <= 0
        && Long.compareUnsigned(size, length - offset) <= 0;
  }

  // ------------------------------------------------------------------ take, load, list, delete

  /** {@code take_canister_snapshot}. */
  Object take(Management.Call c) {
    ManagementApi.TakeSnapshotArgs a = Management.decode(c, ManagementApi.TakeSnapshotArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    Optional<SnapshotId> replace = a.replaceSnapshot().map(r -> snapshotOf(cs.id(), r));
    if (replace.isEmpty()) {
      requireRoom(cs.id());
    }
    if (cs.execution().isEmpty()) {
      throw new Management.Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE,
          "Failed to create snapshot for empty canister " + cs.id() + ":");
    }
    if (cs.execution().get().nativeKind().isPresent()) {
      round.natives.flush(cs.id());
    }
    CanisterState now = round.canister(cs.id()).orElseThrow();
    ExecutionState es = now.execution().get();
    CanisterSnapshot snap = new CanisterSnapshot(cs.id(),
        CanisterSnapshot.Source.TAKEN_FROM_CANISTER, round.time(),
        now.system().canisterVersion(), es.wasmBinary(), es.heap(),
        es.heapSizeWasmPages() * WASM_PAGE, es.stableMemory(),
        es.stableMemorySizeWasmPages() * WASM_PAGE, es.exportedGlobals(),
        now.system().certifiedData(), now.system().chunkStore(),
        now.system().globalTimerNanos());
    m.chargeInstructions(c, cs.id(), SNAPSHOT_BASELINE_INSTRUCTIONS + snap.size(),
        ManagementSnapshots::notEnoughCycles);
    replace.ifPresent(this::remove);
    SnapshotId id = newId(cs.id());
    put(id, snap);
    if (a.uninstallCode().orElse(false)) {
      m.uninstall(cs.id(), c.historyOrigin());
    }
    return ManagementApi.encode(new ManagementApi.Snapshot(id.bytes(),
        snap.takenAtTimestampNanos(), snap.size()));
  }

  /**
   * {@code load_canister_snapshot}: the snapshot may belong to another canister of this subnet
   * if the caller controls that one too (the snapshot's pages are then shared by both).
   */
  Object load(Management.Call c) {
    ManagementApi.LoadSnapshotArgs a = Management.decode(c, ManagementApi.LoadSnapshotArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    SnapshotId id = existing(cs.id(), a.snapshotId());
    CanisterSnapshot snap = round.state.snapshots().get(id);
    CanisterId owner = id.canisterId();
    if (!owner.equals(cs.id())) {
      CanisterState os = round.canister(owner).orElseThrow(() -> Management.notFound(owner));
      if (!os.system().controllers().contains(c.caller)) {
        throw new Management.Rejection(ErrorCode.CANISTER_REJECTED_MESSAGE,
            "Only a controller of the canister that snapshot " + id + " belongs to can load it"
                + " on canister " + cs.id() + ". Sender: " + c.caller + ".");
      }
    }
    // As the IC: the baseline must be affordable before the module is checked; it is charged,
    // with the snapshot's size, only if the load succeeds.
    Cycles baseline = round.fees.executionCost(SNAPSHOT_BASELINE_INSTRUCTIONS);
    if (!round.canPay(cs, baseline)) {
      throw notEnoughCycles(round.outOfCyclesMessage(cs.id(), baseline, cs));
    }
    ExecutionState es = executionState(cs.id(), snap);
    m.chargeInstructions(c, cs.id(), SNAPSHOT_BASELINE_INSTRUCTIONS + snap.size(),
        ManagementSnapshots::notEnoughCycles);
    CanisterState now = round.canister(cs.id()).orElseThrow();
    SystemState.Builder b = m.newVersion(now).certifiedData(snap.certifiedData())
        .chunkStore(snap.chunkStore());
    // As the IC: the global timer is restored only from uploaded snapshots that record it.
    if (snap.source() == CanisterSnapshot.Source.METADATA_UPLOAD
        && snap.globalTimerNanos() != CanisterSnapshot.TIMER_NOT_RECORDED) {
      b.globalTimerNanos(snap.globalTimerNanos());
    }
    SystemState s = b.build();
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), c.historyOrigin(), new CanisterHistory.LoadSnapshot(
            snap.canisterVersion(), id.bytes(), snap.takenAtTimestampNanos(),
            owner.equals(cs.id()) ? Optional.empty() : Optional.of(owner), snap.source()))))
        .build();
    round.runtimes.forget(cs.id());
    round.put(new CanisterState(s, Optional.of(es)));
    return Management.EMPTY_REPLY;
  }

  /** The execution state a snapshot describes, after the IC's checks of its module. */
  private ExecutionState executionState(CanisterId target, CanisterSnapshot snap) {
    String text = snap.wasmModule().length() < 200 ? new String(snap.wasmModule().toByteArray(),
        StandardCharsets.UTF_8) : "";
    if (text.startsWith(InstallCode.NATIVE_PREFIX)) {
      return ExecutionState.nativeCanister(text.substring(InstallCode.NATIVE_PREFIX.length()),
          snap.wasmModule(), snap.stableMemory(), snap.stableMemorySizeBytes() / WASM_PAGE);
    }
    LoadedModule module;
    try {
      module = round.runtimes.load(snap.wasmModule().toByteArray());
    } catch (WasmException e) {
      throw new Management.Rejection(ErrorCode.CANISTER_INVALID_WASM, "Wasm module of canister "
          + target + " is not valid: " + e.getMessage());
    }
    if (snap.source() == CanisterSnapshot.Source.METADATA_UPLOAD
        && !globalTypes(module).equals(snap.globals().stream().map(WasmGlobal::type).toList())) {
      throw new Management.Rejection(ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
          "Wasm exported globals of canister module and snapshot metadata do not match.");
    }
    return new ExecutionState(snap.wasmModule(), snap.heap(), snap.heapSizeBytes() / WASM_PAGE,
        snap.stableMemory(), snap.stableMemorySizeBytes() / WASM_PAGE, snap.globals());
  }

  /** The types of the globals jicp persists for {@code module} (as {@code LiveInstance}). */
  private static List<WasmGlobal.Type> globalTypes(LoadedModule module) {
    List<WasmGlobal.Type> out = new ArrayList<>();
    var section = module.variant(false).module().globalSection();
    int n = Math.min(module.variant(false).instrumented().globalCount(), section.globalCount());
    for (int i = 0; i < n; i++) {
      var t = section.getGlobal(i).valueType();
      if (t.equals(com.dylibso.chicory.wasm.types.ValType.I32)) {
        out.add(WasmGlobal.Type.I32);
      } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.I64)) {
        out.add(WasmGlobal.Type.I64);
      } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F32)) {
        out.add(WasmGlobal.Type.F32);
      } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F64)) {
        out.add(WasmGlobal.Type.F64);
      }
    }
    return out;
  }

  /** {@code list_canister_snapshots}. */
  Object list(Management.Call c) {
    ManagementApi.CanisterIdRecord a = Management.decode(c, ManagementApi.CanisterIdRecord.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    List<ManagementApi.Snapshot> out = new ArrayList<>();
    round.state.snapshots().forEach((k, v) -> {
      if (k.canisterId().equals(cs.id())) {
        out.add(new ManagementApi.Snapshot(k.bytes(), v.takenAtTimestampNanos(), v.size()));
      }
    });
    return ManagementApi.MAPPER.encodeAs(new org.jicp.candid.mapping.TypeRef<
        List<ManagementApi.Snapshot>>() {}.type(), out);
  }

  /** {@code delete_canister_snapshot}. */
  Object delete(Management.Call c) {
    ManagementApi.SnapshotArgs a = Management.decode(c, ManagementApi.SnapshotArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    remove(snapshotOf(cs.id(), a.snapshotId()));
    return Management.EMPTY_REPLY;
  }

  // ------------------------------------------------------------------ download

  /** {@code read_canister_snapshot_metadata}. */
  Object readMetadata(Management.Call c) {
    ManagementApi.SnapshotArgs a = Management.decode(c, ManagementApi.SnapshotArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    CanisterSnapshot s = round.state.snapshots().get(snapshotOf(cs.id(), a.snapshotId()));
    boolean taken = s.source() == CanisterSnapshot.Source.TAKEN_FROM_CANISTER;
    List<ManagementApi.ChunkHash> chunks = new ArrayList<>();
    s.chunkStore().chunks().keySet().forEach(h -> chunks.add(new ManagementApi.ChunkHash(h)));
    Optional<ManagementApi.GlobalTimer> timer = s.globalTimerNanos()
        == CanisterSnapshot.TIMER_NOT_RECORDED ? Optional.empty()
        : Optional.of(s.globalTimerNanos() == 0 ? new ManagementApi.GlobalTimer.Inactive()
            : new ManagementApi.GlobalTimer.Active(s.globalTimerNanos()));
    // jicp never schedules the low-memory hook: its condition does not hold for taken
    // snapshots; an uploaded snapshot's hook status is not kept.
    Optional<ManagementApi.OnLowWasmMemoryHookStatus> hook = taken
        ? Optional.of(ManagementApi.OnLowWasmMemoryHookStatus.CONDITION_NOT_SATISFIED)
        : Optional.empty();
    return ManagementApi.encode(new ManagementApi.ReadSnapshotMetadataResult(
        (taken ? ManagementApi.SnapshotSource.TAKEN_FROM_CANISTER
            : ManagementApi.SnapshotSource.METADATA_UPLOAD).value(),
        s.takenAtTimestampNanos(), s.wasmModule().length(), toApi(s.globals()),
        s.heapSizeBytes(), s.stableMemorySizeBytes(), chunks, s.canisterVersion(),
        s.certifiedData(), timer, hook));
  }

  private static List<ManagementApi.Global> toApi(List<WasmGlobal> gs) {
    List<ManagementApi.Global> out = new ArrayList<>();
    for (WasmGlobal g : gs) {
      ManagementApi.Global v = switch (g.type()) {
        case I32 -> new ManagementApi.Global.I32((int) g.bits());
        case I64 -> new ManagementApi.Global.I64(g.bits());
        case F32 -> new ManagementApi.Global.F32(Float.intBitsToFloat((int) g.bits()));
        case F64 -> new ManagementApi.Global.F64(Double.longBitsToDouble(g.bits()));
      };
      out.add(v);
    }
    return out;
  }

  /** {@code read_canister_snapshot_data}. */
  Object readData(Management.Call c) {
    ManagementApi.ReadSnapshotDataArgs a =
        Management.decode(c, ManagementApi.ReadSnapshotDataArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    CanisterSnapshot s = round.state.snapshots().get(snapshotOf(cs.id(), a.snapshotId()));
    ManagementApi.SnapshotDataKind kind = a.kind();
    long size;
    if (kind instanceof ManagementApi.SnapshotDataKind.WasmModule k) {
      size = k.size();
    } else if (kind instanceof ManagementApi.SnapshotDataKind.WasmMemory k) {
      size = k.size();
    } else if (kind instanceof ManagementApi.SnapshotDataKind.StableMemory k) {
      size = k.size();
    } else {
      size = ChunkStore.MAX_CHUNK_BYTES;
    }
    if (Long.compareUnsigned(size, MAX_SLICE_SIZE_BYTES) > 0) {
      throw new Management.Rejection(ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
          "Requested slice too large: " + Long.toUnsignedString(size) + " > "
              + MAX_SLICE_SIZE_BYTES);
    }
    m.chargeInstructions(c, cs.id(), SNAPSHOT_DATA_BASELINE_INSTRUCTIONS + size,
        ManagementSnapshots::notEnoughCycles);
    byte[] chunk;
    if (kind instanceof ManagementApi.SnapshotDataKind.WasmModule k) {
      if (!fits(k.offset(), k.size(), s.wasmModule().length())) {
        throw invalidSlice(k.offset(), k.size());
      }
      chunk = java.util.Arrays.copyOfRange(s.wasmModule().toByteArray(), (int) k.offset(),
          (int) (k.offset() + k.size()));
    } else if (kind instanceof ManagementApi.SnapshotDataKind.WasmMemory k) {
      chunk = memorySlice(s.heap(), s.heapSizeBytes(), k.offset(), k.size());
    } else if (kind instanceof ManagementApi.SnapshotDataKind.StableMemory k) {
      chunk = memorySlice(s.stableMemory(), s.stableMemorySizeBytes(), k.offset(), k.size());
    } else {
      Bytes hash = ((ManagementApi.SnapshotDataKind.WasmChunk) kind).value().hash();
      if (hash.length() != 32) {
        throw Management.chunkStoreError("Bytes " + hash.toHex()
            + " are not a valid WasmChunkHash");
      }
      Bytes data = s.chunkStore().chunks().get(hash);
      if (data == null) {
        throw Management.chunkStoreError("WasmChunkHash " + hash.toHex() + " not found");
      }
      chunk = data.toByteArray();
    }
    return ManagementApi.encode(new ManagementApi.ReadSnapshotDataResult(Bytes.of(chunk)));
  }

  private static byte[] memorySlice(PageMap memory, long length, long offset, long size) {
    if (!fits(offset, size, length)) {
      throw invalidSlice(offset, size);
    }
    byte[] out = new byte[(int) size];
    memory.read(offset, out, 0, (int) size);
    return out;
  }

  // ------------------------------------------------------------------ upload

  /** The IC's {@code MetadataValidationError}s (by their Rust names). */
  private static Management.Rejection invalidMetadata(String error) {
    return new Management.Rejection(ErrorCode.INVALID_MANAGEMENT_PAYLOAD,
        "Snapshot Metadata contains invalid data: " + error);
  }

  /** {@code upload_canister_snapshot_metadata}: a new snapshot with zeroed contents. */
  Object uploadMetadata(Management.Call c) {
    ManagementApi.UploadSnapshotMetadataArgs a =
        Management.decode(c, ManagementApi.UploadSnapshotMetadataArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    if (a.wasmModuleSize() == 0) {
      throw invalidMetadata("WasmModuleEmpty");
    }
    if (Long.compareUnsigned(a.wasmModuleSize(), MAX_MODULE_BYTES) > 0) {
      throw invalidMetadata("WasmModuleTooLarge");
    }
    if (Long.remainderUnsigned(a.wasmMemorySize(), WASM_PAGE) != 0) {
      throw invalidMetadata("WasmMemoryNotPageAligned");
    }
    if (Long.compareUnsigned(a.wasmMemorySize(), MAX_WASM_MEMORY_BYTES) > 0) {
      throw invalidMetadata("WasmMemoryTooLarge");
    }
    if (Long.remainderUnsigned(a.stableMemorySize(), WASM_PAGE) != 0) {
      throw invalidMetadata("StableMemoryNotPageAligned");
    }
    if (Long.compareUnsigned(a.stableMemorySize(), MAX_STABLE_MEMORY_BYTES) > 0) {
      throw invalidMetadata("StableMemoryTooLarge");
    }
    if (a.globals().size() > MAX_GLOBALS) {
      throw invalidMetadata("ExportedGlobalsTooLarge");
    }
    if (a.certifiedData().length() > 32) {
      throw invalidMetadata("CertifiedDataTooLarge");
    }
    List<WasmGlobal> globals = fromApi(a.globals());
    Optional<SnapshotId> replace = a.replaceSnapshot().map(r -> snapshotOf(cs.id(), r));
    if (replace.isEmpty()) {
      requireRoom(cs.id());
    }
    long timer = a.globalTimer().map(t -> t instanceof ManagementApi.GlobalTimer.Active x
        ? (x.value() < 0 ? Long.MAX_VALUE : x.value()) : 0L)
        .orElse(CanisterSnapshot.TIMER_NOT_RECORDED);
    CanisterSnapshot snap = new CanisterSnapshot(cs.id(),
        CanisterSnapshot.Source.METADATA_UPLOAD, round.time(), cs.system().canisterVersion(),
        Bytes.of(new byte[(int) a.wasmModuleSize()]), PageMap.empty(), a.wasmMemorySize(),
        PageMap.empty(), a.stableMemorySize(), globals, a.certifiedData(), ChunkStore.EMPTY,
        timer);
    m.chargeInstructions(c, cs.id(), SNAPSHOT_BASELINE_INSTRUCTIONS + snap.size(),
        ManagementSnapshots::notEnoughCycles);
    replace.ifPresent(this::remove);
    SnapshotId id = newId(cs.id());
    put(id, snap);
    return ManagementApi.encode(new ManagementApi.UploadSnapshotMetadataResult(id.bytes()));
  }

  private static List<WasmGlobal> fromApi(List<ManagementApi.Global> gs) {
    List<WasmGlobal> out = new ArrayList<>();
    for (ManagementApi.Global g : gs) {
      if (g instanceof ManagementApi.Global.I32 x) {
        out.add(new WasmGlobal(WasmGlobal.Type.I32, x.value() & 0xFFFF_FFFFL));
      } else if (g instanceof ManagementApi.Global.I64 x) {
        out.add(new WasmGlobal(WasmGlobal.Type.I64, x.value()));
      } else if (g instanceof ManagementApi.Global.F32 x) {
        out.add(new WasmGlobal(WasmGlobal.Type.F32,
            Float.floatToRawIntBits(x.value()) & 0xFFFF_FFFFL));
      } else if (g instanceof ManagementApi.Global.F64 x) {
        out.add(new WasmGlobal(WasmGlobal.Type.F64, Double.doubleToRawLongBits(x.value())));
      } else {
        throw invalidMetadata("v128 globals are not supported by this replica (no SIMD)");
      }
    }
    return out;
  }

  /** {@code upload_canister_snapshot_data}: writes into a snapshot made by metadata upload. */
  Object uploadData(Management.Call c) {
    ManagementApi.UploadSnapshotDataArgs a =
        Management.decode(c, ManagementApi.UploadSnapshotDataArgs.class);
    CanisterState cs = m.controlled(c, a.canisterId());
    SnapshotId id = snapshotOf(cs.id(), a.snapshotId());
    CanisterSnapshot s = round.state.snapshots().get(id);
    if (s.source() != CanisterSnapshot.Source.METADATA_UPLOAD) {
      throw new Management.Rejection(ErrorCode.CANISTER_SNAPSHOT_IMMUTABLE,
          "Only canister snapshots created by metadata upload can be mutated.");
    }
    byte[] chunk = a.chunk().toByteArray();
    boolean toChunkStore = a.kind() instanceof ManagementApi.SnapshotDataOffset.WasmChunk;
    m.chargeInstructions(c, cs.id(), toChunkStore ? Management.UPLOAD_CHUNK_INSTRUCTIONS
        : chunk.length, ManagementSnapshots::notEnoughCycles);
    ManagementApi.SnapshotDataOffset kind = a.kind();
    CanisterSnapshot next;
    if (kind instanceof ManagementApi.SnapshotDataOffset.WasmModule k) {
      long offset = k.value().offset();
      if (!fits(offset, chunk.length, s.wasmModule().length())) {
        throw invalidSlice(offset, chunk.length);
      }
      byte[] module = s.wasmModule().toByteArray();
      System.arraycopy(chunk, 0, module, (int) offset, chunk.length);
      next = s.withContents(Bytes.of(module), s.heap(), s.stableMemory(), s.chunkStore());
    } else if (kind instanceof ManagementApi.SnapshotDataOffset.WasmMemory k) {
      next = s.withContents(s.wasmModule(), write(s.heap(), s.heapSizeBytes(),
          k.value().offset(), chunk), s.stableMemory(), s.chunkStore());
    } else if (kind instanceof ManagementApi.SnapshotDataOffset.StableMemory k) {
      next = s.withContents(s.wasmModule(), s.heap(), write(s.stableMemory(),
          s.stableMemorySizeBytes(), k.value().offset(), chunk), s.chunkStore());
    } else {
      if (chunk.length > ChunkStore.MAX_CHUNK_BYTES) {
        throw Management.chunkStoreError("Wasm chunk size " + chunk.length
            + " exceeds the maximum chunk size of " + ChunkStore.MAX_CHUNK_BYTES);
      }
      Bytes hash = Bytes.of(Runtimes.sha256(chunk));
      ChunkStore store = s.chunkStore();
      if (store.chunks().containsKey(hash)) {
        next = s;
      } else if (store.chunks().size() >= ChunkStore.MAX_CHUNKS) {
        throw Management.chunkStoreError("Wasm chunk store has already reached maximum "
            + "capacity of " + ChunkStore.MAX_CHUNKS + " chunks");
      } else {
        next = s.withContents(s.wasmModule(), s.heap(), s.stableMemory(),
            store.put(hash, a.chunk()));
      }
    }
    put(id, next);
    return Management.EMPTY_REPLY;
  }

  private static PageMap write(PageMap memory, long length, long offset, byte[] chunk) {
    if (!fits(offset, chunk.length, length)) {
      throw invalidSlice(offset, chunk.length);
    }
    PageMap.Transaction t = memory.begin();
    t.write(offset, chunk, 0, chunk.length);
    return t.commit();
  }
}
