package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.wasm.ManagementCalls.Answer;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.ManagementApi.CanisterIdRecord;
import org.jicp.wasm.execution.ManagementApi.ProvisionalCreateCanisterArgs;
import org.jicp.wasm.execution.ManagementApi.SnapshotArgs;
import org.junit.jupiter.api.Test;

/**
 * The management canister, method by method, with the IC's error cases and its reject codes,
 * error codes and messages (dfinity/ic {@code canister_manager.rs} and {@code
 * canister_manager/types.rs}): calls by non-controllers, on missing canisters, with malformed
 * Candid, on stopped canisters, by canisters that cannot pay, with another canister's snapshot;
 * and the snapshot download and upload methods, the log filter, {@code canister_info} and the
 * ingress filter. Ingress calls are checked with the error code the ingress history records;
 * calls from a canister go through {@code management_proxy.wat}.
 */
class ManagementMethodsTest {
  private static final Principal ANON = Subnet.ANONYMOUS;
  private static final Principal USER = Principal.fromBytes(new byte[] {(byte) 0xAB, 0x01, 2});
  private static final byte[] STORE = TestModules.wasm("store");
  private static final byte[] NONE = new byte[0];
  private static final Optional<Long> NO_VERSION = Optional.empty();

  /** A subnet with the store canister (controlled by the anonymous principal) and a proxy. */
  private static final class World implements AutoCloseable {
    final Subnet s = Subnet.create(Engine.INTERPRETER);
    final CanisterId c;
    final CanisterId proxy;

    World() {
      c = s.createCanister();
      assertThat(s.install(c, STORE, NONE, InstallMode.INSTALL).isReply()).isTrue();
      proxy = ManagementCalls.proxy(s);
    }

    Answer ingress(String method, Object arg) {
      return ManagementCalls.ingress(s, ANON, c, method, arg);
    }

    Answer asUser(CanisterId effective, String method, Object arg) {
      return ManagementCalls.ingress(s, USER, effective, method, arg);
    }

    Answer fromProxy(String method, Object arg) {
      return ManagementCalls.fromCanister(s, proxy, method, arg);
    }

    /** A canister created by the proxy (so controlled by it) with {@code cycles}. */
    CanisterId owned(long cycles) {
      return new CanisterId(ManagementApi.decode(fromProxy(
          "provisional_create_canister_with_cycles", new ProvisionalCreateCanisterArgs(
              Optional.of(BigInteger.valueOf(cycles)), Optional.empty(), Optional.empty(),
              NO_VERSION)).replied(), ManagementApi.CanisterIdResult.class).canisterId());
    }

    long inc(CanisterId id) {
      return le(s.update(id, "inc", NONE));
    }

    long query(CanisterId id, String method) {
      return le(s.query(id, method, NONE));
    }

    Bytes snapshot(CanisterId id, Principal controller) {
      return ManagementApi.decode(ManagementCalls.ingress(s, controller, id,
          "take_canister_snapshot", new ManagementApi.TakeSnapshotArgs(id.principal(),
              Optional.empty(), Optional.empty(), NO_VERSION)).replied(),
          ManagementApi.Snapshot.class).id();
    }

    @Override
    public void close() {
      s.close();
    }
  }

  private static long le(CallResult r) {
    assertThat(r.isReply()).as(r.toString()).isTrue();
    return ByteBuffer.wrap(((CallResult.Reply) r).data().toByteArray())
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** An argument for every method only controllers may call, naming {@code x}. */
  private static Map<String, Object> controllerCalls(Principal x, Bytes snapshot) {
    Optional<Bytes> none = Optional.empty();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("canister_status", new CanisterIdRecord(x));
    m.put("start_canister", new CanisterIdRecord(x));
    m.put("stop_canister", new CanisterIdRecord(x));
    m.put("delete_canister", new CanisterIdRecord(x));
    m.put("uninstall_code", new ManagementApi.UninstallCodeArgs(x, NO_VERSION));
    m.put("update_settings", new ManagementApi.UpdateSettingsArgs(x,
        ManagementApi.CanisterSettings.none(), NO_VERSION));
    m.put("install_code", new ManagementApi.InstallCodeArgs(
        new ManagementApi.InstallMode.Reinstall(), x, Bytes.of(STORE), Bytes.EMPTY, NO_VERSION));
    m.put("install_chunked_code", new ManagementApi.InstallChunkedCodeArgs(
        new ManagementApi.InstallMode.Reinstall(), x, Optional.empty(), List.of(),
        Bytes.of(new byte[32]), Bytes.EMPTY, NO_VERSION));
    m.put("upload_chunk", new ManagementApi.UploadChunkArgs(x, Bytes.of(new byte[] {1})));
    m.put("stored_chunks", new CanisterIdRecord(x));
    m.put("clear_chunk_store", new CanisterIdRecord(x));
    m.put("take_canister_snapshot", new ManagementApi.TakeSnapshotArgs(x, none,
        Optional.empty(), NO_VERSION));
    m.put("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(x, snapshot,
        NO_VERSION));
    m.put("list_canister_snapshots", new CanisterIdRecord(x));
    m.put("delete_canister_snapshot", new SnapshotArgs(x, snapshot));
    m.put("read_canister_snapshot_metadata", new SnapshotArgs(x, snapshot));
    m.put("read_canister_snapshot_data", new ManagementApi.ReadSnapshotDataArgs(x, snapshot,
        new ManagementApi.SnapshotDataKind.WasmModule(0, 8)));
    m.put("upload_canister_snapshot_metadata", new ManagementApi.UploadSnapshotMetadataArgs(x,
        none, 8, List.of(), 0, 0, Bytes.EMPTY, Optional.empty(), Optional.empty()));
    m.put("upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(x,
        snapshot, new ManagementApi.SnapshotDataOffset.WasmModule(new ManagementApi.Offset(0)),
        Bytes.of(new byte[1])));
    return m;
  }

  // ------------------------------------------------------------------ non-controllers

  @Test
  void controllerMethods_byANonController_areRejectedWithIC0512() {
    try (World w = new World()) {
      Bytes snap = w.snapshot(w.c, ANON);
      Map<String, Object> calls = controllerCalls(w.c.principal(), snap);
      List<String> checked = new ArrayList<>();
      for (var e : calls.entrySet()) {
        // A user's ingress message: refused by the ingress filter, never in a block.
        Answer a = w.asUser(w.c, e.getKey(), e.getValue());
        assertThat(a.filtered()).as(e.getKey()).isTrue();
        assertThat(a.rejected()).as(e.getKey()).isEqualTo("5 Only controllers of canister "
            + w.c + " can call ic00 method " + e.getKey());
        // A canister's call: rejected by the management canister.
        assertThat(w.fromProxy(e.getKey(), e.getValue()).rejected()).as(e.getKey())
            .isEqualTo("5 Only the controllers of the canister " + w.c + " can control it.\n"
                + "Canister's controllers: " + ANON + "\nSender's ID: " + w.proxy);
        checked.add(e.getKey());
      }
      assertThat(checked).hasSize(19);
      // Nothing changed: the canister still runs its code with its snapshot.
      assertThat(w.inc(w.c)).isEqualTo(1);
    }
  }

  @Test
  void canisterStatus_byTheCanisterItself_isServed() {
    try (World w = new World()) {
      byte[] status = w.fromProxy("canister_status", new CanisterIdRecord(w.proxy.principal()))
          .replied();
      assertThat(ManagementApi.decode(status, ManagementApi.CanisterStatusResult.class).status())
          .isEqualTo(ManagementApi.CanisterStatusType.RUNNING);
    }
  }

  // ------------------------------------------------------------------ missing canisters

  @Test
  void canisterMethods_onAMissingCanister_areRejectedWithIC0301() {
    try (World w = new World()) {
      CanisterId missing = CanisterId.fromIndex(999);
      Map<String, Object> calls = controllerCalls(missing.principal(),
          new org.jicp.state.replicated.SnapshotId(missing, 0).bytes());
      calls.put("deposit_cycles", new CanisterIdRecord(missing.principal()));
      calls.put("provisional_top_up_canister", new ManagementApi.TopUpArgs(
          missing.principal(), BigInteger.TEN));
      calls.put("canister_info", new ManagementApi.CanisterInfoArgs(missing.principal(),
          Optional.empty()));
      calls.put("fetch_canister_logs", new ManagementApi.FetchLogsArgs(missing.principal()));
      int n = 0;
      for (var e : calls.entrySet()) {
        assertThat(w.fromProxy(e.getKey(), e.getValue()).rejected()).as(e.getKey())
            .isEqualTo("3 Canister " + missing + " not found.");
        n++;
      }
      assertThat(n).isEqualTo(23);
      // As ingress: refused by the filter (controller methods) or at induction.
      assertThat(w.asUser(missing, "canister_status", new CanisterIdRecord(
          missing.principal())).rejected()).isEqualTo("3 Canister " + missing + " not found");
      Answer topUp = ManagementCalls.ingress(w.s, USER, missing, "provisional_top_up_canister",
          new ManagementApi.TopUpArgs(missing.principal(), BigInteger.TEN));
      assertThat(topUp.rejectedWithError()).isEqualTo("3 IC0301 Canister " + missing
          + " not found");
    }
  }

  // ------------------------------------------------------------------ malformed Candid

  @Test
  void everyServedMethod_withMalformedCandid_isRejectedWithIC0408() {
    try (World w = new World()) {
      byte[] junk = "not candid".getBytes(StandardCharsets.US_ASCII);
      List<String> methods = new ArrayList<>(controllerCalls(w.c.principal(), Bytes.EMPTY)
          .keySet());
      methods.addAll(List.of("create_canister", "deposit_cycles", "raw_rand", "canister_info",
          "subnet_info", "provisional_create_canister_with_cycles",
          "provisional_top_up_canister", "fetch_canister_logs"));
      assertThat(methods).hasSize(27);
      for (String m : methods) {
        assertThat(ManagementCalls.fromCanister(w.s, w.proxy, 0, m, junk).rejected()).as(m)
            .startsWith("4 Error decoding candid: ");
      }
      // As ingress, with the error code in the ingress history (the methods users may call).
      int ingress = 0;
      for (String m : methods) {
        if (List.of("raw_rand", "deposit_cycles", "canister_info", "subnet_info",
            "create_canister", "fetch_canister_logs").contains(m)) {
          continue;
        }
        Answer a = ManagementCalls.ingress(w.s, ANON, w.c, m, junk);
        assertThat(a.filtered()).as(m).isFalse();
        // Refused at induction when the canister id cannot be read (nobody pays), else by
        // the management canister.
        assertThat(a.rejectedWithError()).as(m).startsWith(
            m.startsWith("provisional_create") ? "4 IC0408 Error decoding candid: "
                : "4 IC0408 Cannot enqueue management message because its Candid payload is "
                    + "invalid.");
        ingress++;
      }
      assertThat(ingress).isEqualTo(21);
      assertThat(w.query(w.c, "global")).isZero();
    }
  }

  // ------------------------------------------------------------------ stopped canisters

  @Test
  void stoppedCanister_callsRejectedWithIC0508_deleteOnlyWhenStopped_snapshotsWork() {
    try (World w = new World()) {
      CanisterIdRecord c = new CanisterIdRecord(w.c.principal());
      assertThat(w.inc(w.c)).isEqualTo(1);
      assertThat(w.ingress("delete_canister", c).rejectedWithError()).isEqualTo("5 IC0510 "
          + "Canister " + w.c + " must be stopped before it is deleted.");
      w.ingress("stop_canister", c).replied();
      assertThat(w.s.state().canister(w.c).orElseThrow().system().status())
          .isEqualTo(CanisterStatus.STOPPED);
      w.ingress("stop_canister", c).replied(); // already stopped: at once
      assertThat(w.s.update(w.c, "inc", NONE).toString())
          .isEqualTo("reject 5 Canister " + w.c + " is stopped");
      assertThat(w.s.query(w.c, "global", NONE).toString()).startsWith("reject 5 ");
      // Snapshots of a stopped canister: taken, loaded, and the canister runs them after start.
      Bytes snap = w.snapshot(w.c, ANON);
      w.ingress("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(w.c.principal(),
          snap, NO_VERSION)).replied();
      w.ingress("start_canister", c).replied();
      assertThat(w.inc(w.c)).isEqualTo(2);
      w.ingress("stop_canister", c).replied();
      w.ingress("delete_canister", c).replied();
      assertThat(w.s.state().canister(w.c)).isEmpty();
      assertThat(w.s.state().snapshots()).isEmpty();
      assertThat(w.s.update(w.c, "inc", NONE).toString())
          .isEqualTo("reject 3 Canister " + w.c + " not found");
    }
  }

  @Test
  void deleteCanister_itself_isRejectedWithIC0512() {
    try (World w = new World()) {
      w.s.setControllers(w.proxy, List.of(ANON, w.proxy.principal()));
      assertThat(w.fromProxy("delete_canister", new CanisterIdRecord(w.proxy.principal()))
          .rejected()).isEqualTo("5 Canister " + w.proxy + " cannot delete itself.");
    }
  }

  // ------------------------------------------------------------------ cycles

  @Test
  void ingress_whenTheManagedCanisterCannotPayTheInductionFee_isRejectedWithIC0207() {
    try (World w = new World()) {
      CanisterId poor = w.s.createCanister(Cycles.of(1000));
      Answer a = ManagementCalls.ingress(w.s, ANON, poor, "canister_status",
          new CanisterIdRecord(poor.principal()));
      assertThat(a.rejectedWithError()).startsWith("2 IC0207 Canister " + poor
          + " is out of cycles: please top up the canister with at least ");
      assertThat(w.s.cyclesBalance(poor)).isEqualTo(Cycles.of(1000));
      // update_settings is let in (its fee is charged after the settings apply).
      assertThat(ManagementCalls.ingress(w.s, ANON, poor, "update_settings",
          new ManagementApi.UpdateSettingsArgs(poor.principal(),
              ManagementApi.CanisterSettings.none(), NO_VERSION)).reply()).isPresent();
    }
  }

  @Test
  void chargedMethods_onACanisterThatCannotPay_areRejectedWithIC0207_andOthersWithTheirCodes() {
    try (World w = new World()) {
      CanisterId own = w.owned(2_000_000_000_000L);
      w.fromProxy("install_code", new ManagementApi.InstallCodeArgs(
          new ManagementApi.InstallMode.Install(), own.principal(), Bytes.of(STORE),
          Bytes.EMPTY, NO_VERSION)).replied();
      Bytes snap = ManagementApi.decode(w.fromProxy("take_canister_snapshot",
          new ManagementApi.TakeSnapshotArgs(own.principal(), Optional.empty(), Optional.empty(),
              NO_VERSION)).replied(), ManagementApi.Snapshot.class).id();
      // Freeze it: a freezing threshold of 2^60 seconds puts every charge below the threshold.
      w.fromProxy("update_settings", new ManagementApi.UpdateSettingsArgs(own.principal(),
          new ManagementApi.CanisterSettings(Optional.empty(), Optional.empty(),
              Optional.empty(), Optional.of(BigInteger.TWO.pow(60)), Optional.empty(),
              Optional.empty(), Optional.empty(), Optional.empty()), NO_VERSION)).replied();
      Cycles before = w.s.cyclesBalance(own);
      String snapshotting = "2 Canister snapshotting failed with: `Canister " + own
          + " is out of cycles: please top up the canister with at least ";
      Map<String, Object> charged = new LinkedHashMap<>();
      charged.put("take_canister_snapshot", new ManagementApi.TakeSnapshotArgs(own.principal(),
          Optional.empty(), Optional.empty(), NO_VERSION));
      charged.put("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(own.principal(),
          snap, NO_VERSION));
      charged.put("read_canister_snapshot_data", new ManagementApi.ReadSnapshotDataArgs(
          own.principal(), snap, new ManagementApi.SnapshotDataKind.WasmModule(0, 8)));
      charged.put("upload_canister_snapshot_metadata",
          new ManagementApi.UploadSnapshotMetadataArgs(own.principal(), Optional.empty(), 8,
              List.of(), 0, 0, Bytes.EMPTY, Optional.empty(), Optional.empty()));
      for (var e : charged.entrySet()) {
        assertThat(w.fromProxy(e.getKey(), e.getValue()).rejected()).as(e.getKey())
            .startsWith(snapshotting);
      }
      assertThat(w.fromProxy("upload_chunk", new ManagementApi.UploadChunkArgs(own.principal(),
          Bytes.of(new byte[] {1}))).rejected()).startsWith("2 Canister " + own
          + " is out of cycles");
      assertThat(w.fromProxy("install_code", new ManagementApi.InstallCodeArgs(
          new ManagementApi.InstallMode.Reinstall(), own.principal(), Bytes.of(STORE),
          Bytes.EMPTY, NO_VERSION)).rejected()).startsWith("2 Canister " + own
          + " is out of cycles");
      assertThat(w.fromProxy("update_settings", new ManagementApi.UpdateSettingsArgs(
          own.principal(), new ManagementApi.CanisterSettings(Optional.empty(),
              Optional.of(BigInteger.valueOf(50)), Optional.empty(), Optional.empty(),
              Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
          NO_VERSION)).rejected()).startsWith("5 Cannot increase compute allocation to 50% due"
          + " to insufficient cycles. At least ");
      // None of these charged anything (the canister paid storage for the rounds only).
      assertThat(before.subtract(w.s.cyclesBalance(own)).compareTo(
          org.jicp.wasm.cycles.FeeSchedule.applicationSubnet().executionCost(1_000_000L)))
          .isLessThan(0);
      assertThat(w.s.state().snapshots()).hasSize(1);
      // create_canister needs its fee attached.
      assertThat(ManagementCalls.fromCanister(w.s, w.proxy, 1000, "create_canister",
          ManagementApi.encode(new ManagementApi.CreateCanisterArgs(Optional.empty(),
              NO_VERSION))).rejected()).startsWith("4 Creating a canister requires a fee of ");
    }
  }

  @Test
  void snapshotCharges_areTheInstructionsTheIcCharges() {
    try (World w = new World()) {
      Cycles before = w.s.cyclesBalance(w.c);
      Bytes snap = w.snapshot(w.c, ANON);
      Cycles after = w.s.cyclesBalance(w.c);
      var fees = org.jicp.wasm.cycles.FeeSchedule.applicationSubnet();
      long size = w.s.state().snapshots().values().iterator().next().size();
      Cycles expected = fees.executionCost(2_000_000_000L + size);
      // Also paid: the ingress induction fee of the message and a round of storage.
      assertThat(before.subtract(after).compareTo(expected)).isGreaterThanOrEqualTo(0);
      assertThat(before.subtract(after).subtract(expected).compareTo(
          fees.executionCost(200_000_000L))).isLessThan(0);
      assertThat(snap.length()).isEqualTo(8 + 10);
    }
  }

  // ------------------------------------------------------------------ other canister's snapshot

  @Test
  void snapshotMethods_withAnotherCanistersSnapshot_areRejected() {
    try (World w = new World()) {
      CanisterId other = w.s.createCanister();
      w.s.install(other, STORE, NONE, InstallMode.INSTALL);
      Bytes theirs = w.snapshot(other, ANON);
      Principal c = w.c.principal();
      String notOurs = "4 The snapshot " + theirs.toHex() + " does not belong to canister "
          + w.c + ".";
      Map<String, Object> calls = new LinkedHashMap<>();
      calls.put("read_canister_snapshot_metadata", new SnapshotArgs(c, theirs));
      calls.put("read_canister_snapshot_data", new ManagementApi.ReadSnapshotDataArgs(c, theirs,
          new ManagementApi.SnapshotDataKind.WasmModule(0, 8)));
      calls.put("upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(c,
          theirs, new ManagementApi.SnapshotDataOffset.WasmChunk(), Bytes.of(new byte[1])));
      calls.put("delete_canister_snapshot", new SnapshotArgs(c, theirs));
      calls.put("take_canister_snapshot", new ManagementApi.TakeSnapshotArgs(c,
          Optional.of(theirs), Optional.empty(), NO_VERSION));
      calls.put("upload_canister_snapshot_metadata", new ManagementApi.UploadSnapshotMetadataArgs(
          c, Optional.of(theirs), 8, List.of(), 0, 0, Bytes.EMPTY, Optional.empty(),
          Optional.empty()));
      for (var e : calls.entrySet()) {
        assertThat(w.ingress(e.getKey(), e.getValue()).rejectedWithError()).as(e.getKey())
            .isEqualTo(notOurs.replaceFirst("^4 ", "4 IC0406 "));
      }
      assertThat(w.s.state().snapshots()).hasSize(1);
      // A missing snapshot: IC0305.
      Bytes missing = new org.jicp.state.replicated.SnapshotId(w.c, 77).bytes();
      assertThat(w.ingress("delete_canister_snapshot", new SnapshotArgs(c, missing))
          .rejectedWithError()).isEqualTo("3 IC0305 Could not find the snapshot ID "
          + missing.toHex() + " for canister " + w.c + ".");
    }
  }

  @Test
  void loadCanisterSnapshot_ofAnotherCanister_needsAControllerOfBoth() {
    try (World w = new World()) {
      CanisterId other = w.s.createCanister();
      w.s.install(other, STORE, NONE, InstallMode.INSTALL);
      w.inc(other);
      w.inc(other);
      Bytes theirs = w.snapshot(other, ANON);
      // The anonymous principal controls both: the load shares the snapshot's pages.
      w.ingress("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(w.c.principal(),
          theirs, NO_VERSION)).replied();
      assertThat(w.query(w.c, "global")).isEqualTo(2);
      assertThat(w.query(w.c, "heap")).isEqualTo(2);
      assertThat(w.query(w.c, "stable")).isEqualTo(2);
      var es = w.s.state().canister(w.c).orElseThrow().execution().orElseThrow();
      var snap = w.s.state().snapshots().values().iterator().next();
      assertThat(es.heap()).isSameAs(snap.heap());
      // History: load_snapshot from the other canister.
      var last = w.s.state().canister(w.c).orElseThrow().system().history().recentChanges();
      assertThat(last.get(last.size() - 1).details()).isEqualTo(
          new org.jicp.state.replicated.CanisterHistory.LoadSnapshot(snap.canisterVersion(),
              theirs,
              snap.takenAtTimestampNanos(), Optional.of(other),
              org.jicp.state.replicated.CanisterSnapshot.Source.TAKEN_FROM_CANISTER));
      // A controller of the target only: rejected.
      CanisterId own = w.owned(2_000_000_000_000L);
      assertThat(w.fromProxy("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(
          own.principal(), theirs, NO_VERSION)).rejected()).isEqualTo("4 Only a controller of "
          + "the canister that snapshot " + theirs.toHex() + " belongs to can load it on "
          + "canister " + own + ". Sender: " + w.proxy + ".");
    }
  }

  // ------------------------------------------------------------------ download and upload

  @Test
  void readSnapshotMetadataAndData_describeTheSnapshot() throws Exception {
    try (World w = new World()) {
      w.inc(w.c);
      w.inc(w.c);
      w.inc(w.c);
      Bytes chunk = Bytes.of("chunk".getBytes(StandardCharsets.US_ASCII));
      w.ingress("upload_chunk", new ManagementApi.UploadChunkArgs(w.c.principal(), chunk))
          .replied();
      Bytes snap = w.snapshot(w.c, ANON);
      long takenAt = w.s.timeNanos();
      var md = ManagementApi.decode(w.ingress("read_canister_snapshot_metadata",
          new SnapshotArgs(w.c.principal(), snap)).replied(),
          ManagementApi.ReadSnapshotMetadataResult.class);
      var st = w.s.state().canister(w.c).orElseThrow().system();
      assertThat(md.snapshotSource()).isEqualTo(ManagementApi.SnapshotSource.TAKEN_FROM_CANISTER);
      assertThat(md.takenAtTimestamp()).isEqualTo(takenAt);
      assertThat(md.wasmModuleSize()).isEqualTo(STORE.length);
      assertThat(md.globals()).containsExactly(new ManagementApi.Global.I64(3));
      assertThat(md.wasmMemorySize()).isEqualTo(65536);
      assertThat(md.stableMemorySize()).isEqualTo(65536);
      assertThat(md.wasmChunkStore()).containsExactly(new ManagementApi.ChunkHash(Bytes.of(
          java.security.MessageDigest.getInstance("SHA-256").digest(chunk.toByteArray()))));
      assertThat(md.canisterVersion()).isEqualTo(st.canisterVersion());
      assertThat(md.certifiedData()).isEqualTo(Bytes.of(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}));
      assertThat(md.globalTimer()).contains(new ManagementApi.GlobalTimer.Inactive());
      assertThat(md.onLowWasmMemoryHookStatus())
          .contains(ManagementApi.OnLowWasmMemoryHookStatus.CONDITION_NOT_SATISFIED);
      assertThat(read(w, snap, new ManagementApi.SnapshotDataKind.WasmModule(0, STORE.length)))
          .isEqualTo(STORE);
      assertThat(read(w, snap, new ManagementApi.SnapshotDataKind.WasmMemory(0, 8)))
          .isEqualTo(new byte[] {3, 0, 0, 0, 0, 0, 0, 0});
      assertThat(read(w, snap, new ManagementApi.SnapshotDataKind.StableMemory(65528, 8)))
          .isEqualTo(new byte[8]);
      assertThat(read(w, snap, new ManagementApi.SnapshotDataKind.WasmChunk(
          md.wasmChunkStore().get(0)))).isEqualTo(chunk.toByteArray());
      // The IC's limits and bounds.
      assertThat(w.ingress("read_canister_snapshot_data", new ManagementApi.ReadSnapshotDataArgs(
          w.c.principal(), snap, new ManagementApi.SnapshotDataKind.WasmMemory(0, 2_000_001)))
          .rejectedWithError()).isEqualTo("4 IC0408 Requested slice too large: 2000001 > "
          + "2000000");
      assertThat(w.ingress("read_canister_snapshot_data", new ManagementApi.ReadSnapshotDataArgs(
          w.c.principal(), snap, new ManagementApi.SnapshotDataKind.StableMemory(65530, 8)))
          .rejectedWithError()).isEqualTo("4 IC0408 Invalid subslice into wasm module / main "
          + "memory / stable memory: offset: 65530, size: 8");
      assertThat(w.ingress("read_canister_snapshot_data", new ManagementApi.ReadSnapshotDataArgs(
          w.c.principal(), snap, new ManagementApi.SnapshotDataKind.WasmChunk(
              new ManagementApi.ChunkHash(Bytes.of(new byte[32]))))).rejectedWithError())
          .startsWith("5 IC0504 Error from Wasm chunk store: WasmChunkHash ");
    }
  }

  private static byte[] read(World w, Bytes snap, ManagementApi.SnapshotDataKind kind) {
    return ManagementApi.decode(w.ingress("read_canister_snapshot_data",
        new ManagementApi.ReadSnapshotDataArgs(w.c.principal(), snap, kind)).replied(),
        ManagementApi.ReadSnapshotDataResult.class).chunk().toByteArray();
  }

  @Test
  void uploadSnapshot_thenLoad_givesTheUploadedState() {
    try (World w = new World()) {
      Principal c = w.c.principal();
      Bytes up = ManagementApi.decode(w.ingress("upload_canister_snapshot_metadata",
          new ManagementApi.UploadSnapshotMetadataArgs(c, Optional.empty(), STORE.length,
              List.of(new ManagementApi.Global.I64(40)), 2 * 65536, 65536,
              Bytes.of(new byte[] {9}), Optional.of(new ManagementApi.GlobalTimer.Active(
                  w.s.timeNanos() + 3_600_000_000_000L)), Optional.empty())).replied(),
          ManagementApi.UploadSnapshotMetadataResult.class).snapshotId();
      upload(w, up, new ManagementApi.SnapshotDataOffset.WasmModule(new ManagementApi.Offset(0)),
          java.util.Arrays.copyOfRange(STORE, 0, 100));
      upload(w, up, new ManagementApi.SnapshotDataOffset.WasmModule(
          new ManagementApi.Offset(100)), java.util.Arrays.copyOfRange(STORE, 100,
          STORE.length));
      upload(w, up, new ManagementApi.SnapshotDataOffset.WasmMemory(new ManagementApi.Offset(0)),
          new byte[] {41});
      upload(w, up, new ManagementApi.SnapshotDataOffset.StableMemory(
          new ManagementApi.Offset(0)), new byte[] {42});
      upload(w, up, new ManagementApi.SnapshotDataOffset.WasmChunk(), new byte[] {7});
      // Out of bounds, and writing to a snapshot taken from the canister.
      assertThat(w.ingress("upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(
          c, up, new ManagementApi.SnapshotDataOffset.StableMemory(new ManagementApi.Offset(
              65535)), Bytes.of(new byte[2]))).rejectedWithError()).isEqualTo("4 IC0408 Invalid "
          + "subslice into wasm module / main memory / stable memory: offset: 65535, size: 2");
      Bytes taken = w.snapshot(w.c, ANON);
      assertThat(w.ingress("upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(
          c, taken, new ManagementApi.SnapshotDataOffset.WasmChunk(), Bytes.of(new byte[1])))
          .rejectedWithError()).isEqualTo("4 IC0409 Only canister snapshots created by metadata "
          + "upload can be mutated.");
      w.ingress("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(c, up, NO_VERSION))
          .replied();
      assertThat(w.query(w.c, "global")).isEqualTo(40);
      assertThat(w.query(w.c, "heap")).isEqualTo(41);
      assertThat(w.query(w.c, "stable")).isEqualTo(42);
      var sys = w.s.state().canister(w.c).orElseThrow().system();
      assertThat(sys.certifiedData()).isEqualTo(Bytes.of(new byte[] {9}));
      assertThat(sys.chunkStore().chunks()).hasSize(1);
      assertThat(sys.globalTimerNanos()).isGreaterThan(w.s.timeNanos());
      assertThat(w.s.state().canister(w.c).orElseThrow().execution().orElseThrow()
          .heapSizeWasmPages()).isEqualTo(2);
      assertThat(w.inc(w.c)).isEqualTo(41);
    }
  }

  private static void upload(World w, Bytes snap, ManagementApi.SnapshotDataOffset at,
      byte[] data) {
    w.ingress("upload_canister_snapshot_data", new ManagementApi.UploadSnapshotDataArgs(
        w.c.principal(), snap, at, Bytes.of(data))).replied();
  }

  @Test
  void uploadSnapshotMetadata_invalid_isRejectedWithIC0408_andTheLimitHolds() {
    try (World w = new World()) {
      Principal c = w.c.principal();
      Map<String, ManagementApi.UploadSnapshotMetadataArgs> bad = new LinkedHashMap<>();
      bad.put("WasmModuleEmpty", meta(c, 0, 0, 0, 0));
      bad.put("WasmModuleTooLarge", meta(c, (100L << 20) + 1, 0, 0, 0));
      bad.put("WasmMemoryNotPageAligned", meta(c, 8, 100, 0, 0));
      bad.put("WasmMemoryTooLarge", meta(c, 8, (4L << 30) + 65536, 0, 0));
      bad.put("StableMemoryNotPageAligned", meta(c, 8, 0, 1, 0));
      bad.put("StableMemoryTooLarge", meta(c, 8, 0, (500L << 30) + 65536, 0));
      bad.put("CertifiedDataTooLarge", meta(c, 8, 0, 0, 33));
      for (var e : bad.entrySet()) {
        assertThat(w.ingress("upload_canister_snapshot_metadata", e.getValue())
            .rejectedWithError()).isEqualTo("4 IC0408 Snapshot Metadata contains invalid data: "
            + e.getKey());
      }
      for (int i = 0; i < 10; i++) {
        w.ingress("upload_canister_snapshot_metadata", meta(c, 8, 0, 0, 0)).replied();
      }
      assertThat(w.ingress("upload_canister_snapshot_metadata", meta(c, 8, 0, 0, 0))
          .rejectedWithError()).isEqualTo("4 IC0406 Canister " + w.c + " has reached the "
          + "maximum number of snapshots allowed: 10.");
      assertThat(w.ingress("take_canister_snapshot", new ManagementApi.TakeSnapshotArgs(c,
          Optional.empty(), Optional.empty(), NO_VERSION)).rejectedWithError())
          .isEqualTo("4 IC0406 Canister " + w.c + " has reached the maximum number of snapshots"
              + " allowed: 10.");
      // An uploaded snapshot whose module was not uploaded (zeros) cannot be loaded.
      Bytes first = w.s.state().snapshots().keySet().iterator().next().bytes();
      assertThat(w.ingress("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(c, first,
          NO_VERSION)).rejectedWithError()).startsWith("5 IC0505 Wasm module of canister " + w.c
          + " is not valid");
      assertThat(w.query(w.c, "global")).isZero();
    }
  }

  private static ManagementApi.UploadSnapshotMetadataArgs meta(Principal c, long module,
      long heap, long stable, int certified) {
    return new ManagementApi.UploadSnapshotMetadataArgs(c, Optional.empty(), module, List.of(),
        heap, stable, Bytes.of(new byte[certified]), Optional.empty(), Optional.empty());
  }

  @Test
  void loadCanisterSnapshot_uploadedWithOtherGlobals_isRejectedWithIC0408() {
    try (World w = new World()) {
      Principal c = w.c.principal();
      Bytes up = ManagementApi.decode(w.ingress("upload_canister_snapshot_metadata",
          new ManagementApi.UploadSnapshotMetadataArgs(c, Optional.empty(), STORE.length,
              List.of(new ManagementApi.Global.I32(1)), 65536, 0, Bytes.EMPTY, Optional.empty(),
              Optional.empty())).replied(), ManagementApi.UploadSnapshotMetadataResult.class)
          .snapshotId();
      upload(w, up, new ManagementApi.SnapshotDataOffset.WasmModule(new ManagementApi.Offset(0)),
          STORE);
      assertThat(w.ingress("load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(c, up,
          NO_VERSION)).rejectedWithError()).isEqualTo("4 IC0408 Wasm exported globals of "
          + "canister module and snapshot metadata do not match.");
    }
  }

  // ------------------------------------------------------------------ logs, info, filter

  @Test
  void fetchCanisterLogs_filtersByIndexAndTime_asAQueryAndFromACanister() {
    try (World w = new World()) {
      for (String line : List.of("a", "b", "c", "d")) {
        assertThat(w.s.update(w.c, "print", line.getBytes(StandardCharsets.UTF_8)).isReply())
            .isTrue();
      }
      var all = logs(w, Optional.empty(), true);
      assertThat(all).extracting(r -> new String(r.content().toByteArray(),
          StandardCharsets.UTF_8)).containsExactly("a", "b", "c", "d");
      assertThat(logs(w, Optional.of(new ManagementApi.LogFilter.ByIdx(all.get(1).idx(),
          all.get(3).idx())), true)).extracting(ManagementApi.LogRecord::idx)
          .containsExactly(all.get(1).idx(), all.get(2).idx());
      assertThat(logs(w, Optional.of(new ManagementApi.LogFilter.ByTimestampNanos(
          all.get(2).timestampNanos(), Long.MAX_VALUE)), true)).hasSize(2);
      // From a canister (the proxy is no controller: the default visibility refuses it).
      w.s.setControllers(w.c, List.of(ANON, w.proxy.principal()));
      assertThat(logs(w, Optional.of(new ManagementApi.LogFilter.ByIdx(0, 1)), false))
          .hasSize(1);
      // Not as an ingress update.
      Answer a = ManagementCalls.ingress(w.s, ANON, w.c, "fetch_canister_logs",
          new ManagementApi.FetchLogsArgs(w.c.principal()));
      assertThat(a.filtered()).isTrue();
      assertThat(a.rejected()).isEqualTo("4 fetch_canister_logs API is not accessible via "
          + "ingress in replicated mode");
    }
  }

  private static List<ManagementApi.LogRecord> logs(World w,
      Optional<ManagementApi.LogFilter> filter, boolean query) {
    ManagementApi.FetchLogsArgs args = new ManagementApi.FetchLogsArgs(w.c.principal(), filter);
    byte[] reply = query ? ((CallResult.Reply) w.s.query(org.jicp.wasm.execution.RoundExecutor.managementCanister(),
        "fetch_canister_logs", ManagementApi.encode(args))).data().toByteArray()
        : w.fromProxy("fetch_canister_logs", args).replied();
    return ManagementApi.decode(reply, ManagementApi.FetchLogsResult.class).canisterLogRecords();
  }

  @Test
  void canisterOnlyMethods_byIngress_areRefused_andCanisterInfoIsAQuery() {
    try (World w = new World()) {
      for (String m : List.of("raw_rand", "deposit_cycles", "canister_info", "subnet_info",
          "create_canister", "no_such_method")) {
        Answer a = ManagementCalls.ingress(w.s, ANON, w.c, m, CandidEncoder.empty());
        assertThat(a.filtered()).as(m).isTrue();
        assertThat(a.rejected()).isEqualTo("4 Only canisters can call ic00 method " + m);
      }
      byte[] arg = ManagementApi.encode(new ManagementApi.CanisterInfoArgs(w.c.principal(),
          Optional.of(2L)));
      CallResult q = w.s.query(org.jicp.wasm.execution.RoundExecutor.managementCanister(), "canister_info", arg);
      byte[] fromCanister = ManagementCalls.fromCanister(w.s, w.proxy, 0, "canister_info", arg)
          .replied();
      assertThat(((CallResult.Reply) q).data().toByteArray()).isEqualTo(fromCanister);
      // A canister's call to a method the management canister does not have: IC0536.
      assertThat(ManagementCalls.fromCanister(w.s, w.proxy, 0, "no_such_method",
          CandidEncoder.empty()).rejected()).isEqualTo("5 Management canister has no method "
          + "'no_such_method'");
    }
  }

  @Test
  void uninstallCode_clearsCodeMemoriesLogChunksAndCertifiedData() {
    try (World w = new World()) {
      w.inc(w.c);
      w.s.update(w.c, "print", "x".getBytes(StandardCharsets.UTF_8));
      w.ingress("upload_chunk", new ManagementApi.UploadChunkArgs(w.c.principal(),
          Bytes.of(new byte[] {1}))).replied();
      w.ingress("uninstall_code", new ManagementApi.UninstallCodeArgs(w.c.principal(),
          NO_VERSION)).replied();
      var cs = w.s.state().canister(w.c).orElseThrow();
      assertThat(cs.execution()).isEmpty();
      assertThat(cs.system().log().records()).isEmpty();
      assertThat(cs.system().chunkStore().chunks()).isEmpty();
      assertThat(cs.system().certifiedData()).isEqualTo(Bytes.EMPTY);
      assertThat(w.s.update(w.c, "inc", NONE).toString()).isEqualTo("reject 3 Canister " + w.c
          + " contains no Wasm module");
    }
  }

  @Test
  void updateSettings_unkeptSettings_onlyAtTheirDefaults() {
    try (World w = new World()) {
      var s = new ManagementApi.CanisterSettings(Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(BigInteger.ZERO),
          Optional.empty(), Optional.of(BigInteger.valueOf(4096)), Optional.of(
              new ManagementApi.LogVisibility.Controllers()), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(List.of()));
      w.ingress("update_settings", new ManagementApi.UpdateSettingsArgs(w.c.principal(), s,
          NO_VERSION)).replied();
      var env = new ManagementApi.CanisterSettings(Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(List.of(
              new ManagementApi.EnvironmentVariable("k", "v"))));
      assertThat(w.ingress("update_settings", new ManagementApi.UpdateSettingsArgs(
          w.c.principal(), env, NO_VERSION)).rejectedWithError()).isEqualTo("5 IC0504 Could not"
          + " validate the settings: environment_variables are not supported by this replica "
          + "(jicp)");
      var tooMany = ManagementApi.CanisterSettings.controllers(java.util.Collections.nCopies(11,
          ANON));
      assertThat(w.ingress("update_settings", new ManagementApi.UpdateSettingsArgs(
          w.c.principal(), tooMany, NO_VERSION)).rejectedWithError()).isEqualTo("5 IC0504 "
          + "Could not validate the settings: Invalid settings: 'controllers' length exceeds "
          + "maximum size allowed of 10.");
    }
  }

  /** Error codes used above exist with the IC's numbers. */
  @Test
  void errorCodes_haveTheIcNumbers() {
    assertThat(ErrorCode.CANISTER_SNAPSHOT_IMMUTABLE.text()).isEqualTo("IC0409");
    assertThat(ErrorCode.CANISTER_SNAPSHOT_NOT_FOUND.text()).isEqualTo("IC0305");
  }
}
