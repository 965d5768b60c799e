package org.jicp.wasm.execution;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.RejectCode;

/**
 * Canister fork: a new canister whose code, memories, globals, certified data and chunk store
 * are those of another canister at one moment, and whose controllers, settings and cycles
 * balance are copied from it — built only from management canister calls, so that it works
 * wherever those calls reach (a {@code Subnet}, a replica's subnets):
 *
 * <ol>
 *   <li>{@code canister_status} of the source (controllers, settings, cycles);
 *   <li>{@code take_canister_snapshot} of the source;
 *   <li>{@code provisional_create_canister_with_cycles} with those settings and cycles;
 *   <li>{@link Mode#SHARE}: {@code load_canister_snapshot} of the source's snapshot onto the new
 *       canister — the IC lets a controller of both canisters of a subnet load one's snapshot on
 *       the other, and the snapshot's {@code PageMap}s then back both canisters (copy on write:
 *       no byte is copied, a fork of a 100 MiB canister costs what a snapshot costs);
 *       <br>{@link Mode#TRANSFER}: {@code read_canister_snapshot_metadata} and {@code
 *       read_canister_snapshot_data} of the source's snapshot, {@code
 *       upload_canister_snapshot_metadata} and {@code upload_canister_snapshot_data} into a
 *       snapshot of the new canister (slices of {@value #SLICE_BYTES} bytes; slices of zeros are
 *       not uploaded, as an uploaded snapshot starts zeroed), {@code load_canister_snapshot} of
 *       it, then {@code delete_canister_snapshot} — for a target on another subnet, as DFINITY's
 *       tools download and upload snapshots;
 *   <li>{@code delete_canister_snapshot} of the source's snapshot.
 * </ol>
 *
 * <p>The caller must control the source. The fork has the source's state as of the round that
 * takes the snapshot; the two diverge after. As on the IC, the global timer is carried only by
 * {@link Mode#TRANSFER} (a snapshot taken from a canister does not restore its timer when
 * loaded), and calls the source has open are not continued by the fork (stop the source first
 * for a canister that may be waiting for responses). On failure the steps done are undone as far
 * as possible (the snapshots deleted, the new canister stopped and deleted) and {@link
 * ForkException} names the step.
 */
public final class CanisterFork {
  /** The size of the slices read and uploaded by {@link Mode#TRANSFER}. */
  public static final int SLICE_BYTES = 1 << 20;

  private CanisterFork() {}

  /** How the new canister receives the source's state. */
  public enum Mode {
    /** Load the source's snapshot on the new canister (same subnet; copy on write). */
    SHARE,
    /** Download the source's snapshot and upload it to the new canister (any subnet). */
    TRANSFER
  }

  /**
   * Issues calls to the management canister: {@code method} with Candid argument {@code arg},
   * routed by {@code effective} (the effective canister id), from the principal forking.
   */
  @FunctionalInterface
  public interface Caller {
    /** The answer of the call (a reply's Candid bytes or a reject). */
    ResponsePayload call(CanisterId effective, String method, byte[] arg);
  }

  /**
   * What to fork and where.
   *
   * @param mode how the state travels
   * @param createOn the effective canister id of the creation call (a canister id of the target
   *     subnet; for {@link Mode#SHARE} the source itself)
   * @param cycles the new canister's balance (empty: the source's balance)
   */
  public record Options(Mode mode, CanisterId createOn, Optional<Cycles> cycles) {
    /** Validates the components. */
    public Options {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(createOn, "createOn");
      Objects.requireNonNull(cycles, "cycles");
    }

    /** A fork on the source's subnet with {@code mode} and the source's balance. */
    public static Options sameSubnet(CanisterId source, Mode mode) {
      return new Options(mode, source, Optional.empty());
    }
  }

  /** A fork that could not complete: the step, and the reject that stopped it. */
  public static final class ForkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String step;
    private final RejectCode code;
    private final String rejectMessage;

    ForkException(String step, RejectCode code, String rejectMessage) {
      super("canister fork failed at " + step + ": reject " + code.code() + " " + rejectMessage);
      this.step = step;
      this.code = code;
      this.rejectMessage = rejectMessage;
    }

    /** The management method that was rejected. */
    public String step() {
      return step;
    }

    /** Its reject code. */
    public RejectCode rejectCode() {
      return code;
    }

    /** Its reject message. */
    public String rejectMessage() {
      return rejectMessage;
    }
  }

  /**
   * Forks {@code source}: returns the new canister's id.
   *
   * @throws ForkException if a management call is rejected (not controller, source empty or with
   *     the maximum number of snapshots, out of cycles, …)
   */
  public static CanisterId fork(Caller caller, CanisterId source, Options options) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(options, "options");
    Run run = new Run(caller, source);
    try {
      return run.fork(options);
    } catch (ForkException e) {
      run.undo();
      throw e;
    }
  }

  /** One fork's calls and what to undo if it fails. */
  private static final class Run {
    private final Caller caller;
    private final CanisterId source;
    private Bytes sourceSnapshot;
    private CanisterId created;
    private Bytes uploaded;

    Run(Caller caller, CanisterId source) {
      this.caller = caller;
      this.source = source;
    }

    private byte[] call(CanisterId effective, String method, Object arg) {
      ResponsePayload p = caller.call(effective, method, ManagementApi.encode(arg));
      if (p instanceof ResponsePayload.Reply r) {
        return r.data().toByteArray();
      }
      ResponsePayload.Reject j = (ResponsePayload.Reject) p;
      throw new ForkException(method, j.code(), j.message());
    }

    CanisterId fork(Options o) {
      ManagementApi.CanisterStatusResult status = ManagementApi.decode(call(source,
          "canister_status", new ManagementApi.CanisterIdRecord(source.principal())),
          ManagementApi.CanisterStatusResult.class);
      ManagementApi.Snapshot snap = ManagementApi.decode(call(source, "take_canister_snapshot",
          new ManagementApi.TakeSnapshotArgs(source.principal(), Optional.empty(),
              Optional.empty(), Optional.empty())), ManagementApi.Snapshot.class);
      sourceSnapshot = snap.id();
      BigInteger cycles = o.cycles().map(Cycles::value).orElse(status.cycles());
      created = new CanisterId(ManagementApi.decode(call(o.createOn(),
          "provisional_create_canister_with_cycles",
          new ManagementApi.ProvisionalCreateCanisterArgs(Optional.of(cycles),
              Optional.of(status.settings().toSettings()), Optional.empty(), Optional.empty())),
          ManagementApi.CanisterIdResult.class).canisterId());
      Bytes toLoad = o.mode() == Mode.SHARE ? sourceSnapshot : transfer();
      call(created, "load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(
          created.principal(), toLoad, Optional.empty()));
      if (uploaded != null) {
        call(created, "delete_canister_snapshot", new ManagementApi.SnapshotArgs(
            created.principal(), uploaded));
        uploaded = null;
      }
      call(source, "delete_canister_snapshot", new ManagementApi.SnapshotArgs(
          source.principal(), sourceSnapshot));
      sourceSnapshot = null;
      CanisterId out = created;
      created = null;
      return out;
    }

    /** Copies the source's snapshot into a new snapshot of {@link #created}; returns its id. */
    private Bytes transfer() {
      ManagementApi.ReadSnapshotMetadataResult md = ManagementApi.decode(call(source,
          "read_canister_snapshot_metadata", new ManagementApi.SnapshotArgs(source.principal(),
              sourceSnapshot)), ManagementApi.ReadSnapshotMetadataResult.class);
      uploaded = ManagementApi.decode(call(created, "upload_canister_snapshot_metadata",
          new ManagementApi.UploadSnapshotMetadataArgs(created.principal(), Optional.empty(),
              md.wasmModuleSize(), md.globals(), md.wasmMemorySize(), md.stableMemorySize(),
              md.certifiedData(), md.globalTimer(), md.onLowWasmMemoryHookStatus())),
          ManagementApi.UploadSnapshotMetadataResult.class).snapshotId();
      copy(md.wasmModuleSize(), Part.MODULE);
      copy(md.wasmMemorySize(), Part.HEAP);
      copy(md.stableMemorySize(), Part.STABLE);
      for (ManagementApi.ChunkHash h : md.wasmChunkStore()) {
        byte[] chunk = read(new ManagementApi.SnapshotDataKind.WasmChunk(h));
        call(created, "upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(
            created.principal(), uploaded, new ManagementApi.SnapshotDataOffset.WasmChunk(),
            Bytes.of(chunk)));
      }
      return uploaded;
    }

    private enum Part { MODULE, HEAP, STABLE }

    private void copy(long size, Part part) {
      for (long offset = 0; Long.compareUnsigned(offset, size) < 0; offset += SLICE_BYTES) {
        long n = Math.min(SLICE_BYTES, size - offset);
        ManagementApi.SnapshotDataKind kind = switch (part) {
          case MODULE -> new ManagementApi.SnapshotDataKind.WasmModule(offset, n);
          case HEAP -> new ManagementApi.SnapshotDataKind.WasmMemory(offset, n);
          case STABLE -> new ManagementApi.SnapshotDataKind.StableMemory(offset, n);
        };
        byte[] slice = read(kind);
        if (part != Part.MODULE && isZero(slice)) {
          continue;
        }
        ManagementApi.Offset at = new ManagementApi.Offset(offset);
        ManagementApi.SnapshotDataOffset where = switch (part) {
          case MODULE -> new ManagementApi.SnapshotDataOffset.WasmModule(at);
          case HEAP -> new ManagementApi.SnapshotDataOffset.WasmMemory(at);
          case STABLE -> new ManagementApi.SnapshotDataOffset.StableMemory(at);
        };
        call(created, "upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(
            created.principal(), uploaded, where, Bytes.of(slice)));
      }
    }

    private byte[] read(ManagementApi.SnapshotDataKind kind) {
      return ManagementApi.decode(call(source, "read_canister_snapshot_data",
          new ManagementApi.ReadSnapshotDataArgs(source.principal(), sourceSnapshot, kind)),
          ManagementApi.ReadSnapshotDataResult.class).chunk().toByteArray();
    }

    private static boolean isZero(byte[] b) {
      return Arrays.mismatch(b, new byte[b.length]) < 0;
    }

    /** Best effort: deletes what this run made (its failures are ignored). */
    void undo() {
      if (created != null) {
        quietly(created, "stop_canister", new ManagementApi.CanisterIdRecord(
            created.principal()));
        quietly(created, "delete_canister", new ManagementApi.CanisterIdRecord(
            created.principal()));
      }
      if (sourceSnapshot != null) {
        quietly(source, "delete_canister_snapshot", new ManagementApi.SnapshotArgs(
            source.principal(), sourceSnapshot));
      }
    }

    private void quietly(CanisterId effective, String method, Object arg) {
      try {
        caller.call(effective, method, ManagementApi.encode(arg));
      } catch (RuntimeException ignored) {
        // cleanup after a failure: the original failure is what the caller sees
      }
    }
  }
}
