package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.checkpoint.StateDigest;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.IngressHistory;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.Test;

/**
 * Bad input to a round (issue 13, "Bad input"): an ingress message to a missing, stopped or
 * out-of-cycles canister, to a full input queue (500), one over the size limit, one to an unknown
 * management method or one users may not call, and malformed Candid for the management canister.
 * Each is fed to {@code executeRound} directly (as a block from another node would be, past the
 * ingress filter) next to well-formed messages, and must (1) end as a rejected status in the
 * ingress history with the IC's reject code, error code and message, never as an exception
 * escaping the round, and (2) leave the state byte-identical ({@link StateDigest}) to the state
 * the same round gives without it, once its history entry is removed and what the IC also
 * changes is put back — the cycles charged (here: nothing, but for the malformed argument of a
 * method the managed canister pays for, which the IC charges at induction too) and the count of
 * executed update messages.
 */
class BadInputTest {
  private static final byte[] STORE = TestModules.wasm("store");
  private static final byte[] NONE = new byte[0];
  private static final Principal ANON = Subnet.ANONYMOUS;
  private static final long SECOND = 1_000_000_000L;
  private static int nextId;

  /** A subnet with three store canisters: {@code ok}, {@code stopped}, {@code frozen}. */
  private static final class World implements AutoCloseable {
    final Subnet s = Subnet.create(Engine.INTERPRETER);
    final CanisterId ok;
    final CanisterId stopped;
    final CanisterId frozen;

    World() {
      ok = installed();
      stopped = installed();
      s.setStatus(stopped, CanisterStatus.STOPPED);
      frozen = installed();
      // A freezing threshold of 2^60 seconds: every charge would freeze it.
      assertThat(ManagementCalls.ingress(s, ANON, frozen, "update_settings",
          new ManagementApi.UpdateSettingsArgs(frozen.principal(), new ManagementApi
              .CanisterSettings(Optional.empty(), Optional.empty(), Optional.empty(),
              Optional.of(BigInteger.TWO.pow(60)), Optional.empty(), Optional.empty(),
              Optional.empty(), Optional.empty()), Optional.empty())).reply()).isPresent();
    }

    private CanisterId installed() {
      CanisterId id = s.createCanister();
      assertThat(s.install(id, STORE, NONE, InstallMode.INSTALL).isReply()).isTrue();
      return id;
    }

    RoundExecutor executor() {
      return s.executor();
    }

    @Override
    public void close() {
      s.close();
    }
  }

  private static CanisterMessage.Ingress ingress(ReplicatedState st, CanisterId receiver,
      CanisterId effective, String method, byte[] arg) {
    byte[] id = ByteBuffer.allocate(32).putInt(0, 0x6A1C_0000 + nextId++).array();
    return new CanisterMessage.Ingress(MessageId.of(id), ANON, receiver, effective, method,
        Bytes.of(arg), st.metadata().timeNanos() + 300 * SECOND);
  }

  private static RoundInputs inputs(ReplicatedState st, List<CanisterMessage.Ingress> in) {
    return new RoundInputs(st.height().increment(), st.metadata().timeNanos() + SECOND,
        Bytes.of(new byte[32]), st.metadata().registryVersion(), RoutingTable.empty(),
        new TreeMap<>(), in, new TreeMap<>(), false);
  }

  /**
   * Runs one round from {@code before} with {@code good} and {@code bad}, and one without
   * {@code bad}; checks {@code bad}'s status and that the two states differ only in what the IC
   * changes. Returns the rejected status.
   */
  private static IngressStatus rejectedAlone(World w, List<CanisterMessage.Ingress> good,
      CanisterMessage.Ingress bad, Optional<CanisterId> payer, long executed) {
    ReplicatedState before = w.s.state();
    List<CanisterMessage.Ingress> all = new ArrayList<>(good);
    all.add(bad);
    ReplicatedState with = w.executor().executeRound(before, inputs(before, all));
    ReplicatedState without = w.executor().executeRound(before, inputs(before, good));
    IngressStatus st = with.metadata().ingressHistory().get(bad.messageId()).orElseThrow();
    assertThat(st.kind()).isEqualTo(IngressStatus.Kind.REJECTED);
    // Put back what the IC also changes: the history entry, the charge, the update count.
    TreeMap<MessageId, IngressStatus> history = new TreeMap<>(
        with.metadata().ingressHistory().asMap());
    history.remove(bad.messageId());
    ReplicatedState normalized = with.withMetadata(with.metadata().withIngressHistory(
        IngressHistory.of(history)));
    Cycles charged = Cycles.ZERO;
    if (payer.isPresent()) {
      CanisterState a = normalized.canister(payer.get()).orElseThrow();
      CanisterState b = without.canister(payer.get()).orElseThrow();
      charged = b.system().cyclesBalance().subtract(a.system().cyclesBalance());
      assertThat(charged.value()).isPositive();
      normalized = normalized.withCanister(a.withSystem(a.system().withCyclesBalance(
          b.system().cyclesBalance())));
    }
    assertThat(normalized.metadata().consumedCyclesTotal())
        .isEqualTo(without.metadata().consumedCyclesTotal().add(charged));
    assertThat(normalized.metadata().updateTransactionsTotal())
        .isEqualTo(without.metadata().updateTransactionsTotal() + executed);
    normalized = normalized.withMetadata(normalized.metadata().toBuilder()
        .consumedCyclesTotal(without.metadata().consumedCyclesTotal())
        .updateTransactionsTotal(without.metadata().updateTransactionsTotal()).build());
    assertThat(StateDigest.of(normalized)).isEqualTo(StateDigest.of(without));
    // The well-formed messages ran as they do alone.
    for (CanisterMessage.Ingress g : good) {
      assertThat(with.metadata().ingressHistory().get(g.messageId()))
          .isEqualTo(without.metadata().ingressHistory().get(g.messageId()));
    }
    return st;
  }

  private static String text(IngressStatus st) {
    return st.rejectCode() + " " + st.errorCode().map(ErrorCode::text).orElse("-") + " "
        + st.rejectMessage().orElseThrow();
  }

  private static IngressStatus rejectedAlone(World w, CanisterMessage.Ingress bad) {
    ReplicatedState st = w.s.state();
    List<CanisterMessage.Ingress> good = List.of(ingress(st, w.ok, w.ok, "inc", NONE));
    return rejectedAlone(w, good, bad, Optional.empty(), 0);
  }

  @Test
  void ingress_toAMissingCanister_rejected3WithIC0301_stateUnchanged() {
    try (World w = new World()) {
      CanisterId missing = CanisterId.fromIndex(999);
      IngressStatus st = rejectedAlone(w, ingress(w.s.state(), missing, missing, "inc", NONE));
      assertThat(text(st)).isEqualTo("3 IC0301 Canister " + missing + " not found");
    }
  }

  @Test
  void ingress_toAStoppedCanister_rejected5WithIC0508_stateUnchanged() {
    try (World w = new World()) {
      IngressStatus st = rejectedAlone(w, ingress(w.s.state(), w.stopped, w.stopped, "inc",
          NONE));
      assertThat(text(st)).isEqualTo("5 IC0508 Canister " + w.stopped + " is stopped");
    }
  }

  @Test
  void ingress_toAnOutOfCyclesCanister_rejected2WithIC0207_stateUnchanged() {
    try (World w = new World()) {
      IngressStatus st = rejectedAlone(w, ingress(w.s.state(), w.frozen, w.frozen, "inc",
          NONE));
      assertThat(text(st)).startsWith("2 IC0207 Canister " + w.frozen + " is out of cycles: "
          + "please top up the canister with at least ");
      // To the management canister for it: the managed canister cannot pay either.
      IngressStatus m = rejectedAlone(w, ingress(w.s.state(), RoundExecutor.managementCanister(),
          w.frozen, "canister_status", ManagementApi.encode(new ManagementApi.CanisterIdRecord(
              w.frozen.principal()))));
      assertThat(text(m)).startsWith("2 IC0207 Canister " + w.frozen + " is out of cycles");
    }
  }

  @Test
  void ingress_toAFullQueue_the501stIsRejected2WithIC0201_stateUnchanged() {
    try (World w = new World()) {
      ReplicatedState st = w.s.state();
      List<CanisterMessage.Ingress> good = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        good.add(ingress(st, w.ok, w.ok, "inc", NONE));
      }
      IngressStatus s = rejectedAlone(w, good, ingress(st, w.ok, w.ok, "inc", NONE),
          Optional.empty(), 0);
      assertThat(text(s)).isEqualTo("2 IC0201 Canister " + w.ok + " has no room for more "
          + "ingress messages: its input queue is full (500)");
    }
  }

  @Test
  void ingress_overTheSizeLimit_rejected4WithIC0406_stateUnchanged_andRefusedAtInspect() {
    try (World w = new World()) {
      byte[] big = new byte[(int) ExecutionConfig.MAX_INGRESS_BYTES_PER_MESSAGE_APP_SUBNET];
      CanisterMessage.Ingress m = ingress(w.s.state(), w.ok, w.ok, "inc", big);
      IngressStatus st = rejectedAlone(w, m);
      assertThat(text(st)).isEqualTo("4 IC0406 Ingress message of " + (big.length + 3)
          + " bytes (method name and argument) exceeds the limit of 2097152 bytes per message "
          + "of this subnet");
      assertThat(w.executor().inspect(w.s.state(), m).orElseThrow().message())
          .isEqualTo(st.rejectMessage().orElseThrow());
      assertThat(w.s.update(w.ok, "inc", big).toString()).startsWith("reject 4 Ingress message");
    }
  }

  @Test
  void managementIngress_unknownOrNotAllowedMethod_rejectedAtInduction_stateUnchanged() {
    try (World w = new World()) {
      CanisterId ic00 = RoundExecutor.managementCanister();
      IngressStatus unknown = rejectedAlone(w, ingress(w.s.state(), ic00, w.ok, "frobnicate",
          NONE));
      assertThat(text(unknown)).isEqualTo("5 IC0536 Cannot enqueue management message because "
          + "frobnicate method is unknown.");
      IngressStatus notAllowed = rejectedAlone(w, ingress(w.s.state(), ic00, w.ok, "raw_rand",
          org.jicp.candid.CandidEncoder.empty()));
      assertThat(text(notAllowed)).isEqualTo("4 IC0406 Cannot enqueue management message "
          + "because raw_rand method is not allowed to be called via ingress messages.");
    }
  }

  @Test
  void managementIngress_malformedCandid_rejectedWithIC0408_stateUnchanged() {
    try (World w = new World()) {
      CanisterId ic00 = RoundExecutor.managementCanister();
      byte[] junk = {'D', 'I', 'D', 'L', 9};
      // A method naming a canister: refused at induction, nobody pays.
      IngressStatus st = rejectedAlone(w, ingress(w.s.state(), ic00, w.ok, "install_code",
          junk));
      assertThat(text(st)).isEqualTo("4 IC0408 Cannot enqueue management message because its"
          + " Candid payload is invalid.");
      // A well-formed argument whose wasm module is junk: inducted (the canister pays the fee)
      // and rejected by install_code, which leaves the canister as it was.
      ReplicatedState before = w.s.state();
      byte[] badInstall = ManagementApi.encode(new ManagementApi.InstallCodeArgs(
          new ManagementApi.InstallMode.Reinstall(), w.ok.principal(), Bytes.of(junk),
          Bytes.EMPTY, Optional.empty()));
      IngressStatus install = rejectedAlone(w, List.of(ingress(before, w.ok, w.ok, "inc",
          NONE)), ingress(before, ic00, w.ok, "install_code", badInstall), Optional.of(w.ok),
          1);
      assertThat(text(install)).startsWith("5 IC0505 Wasm module of canister " + w.ok
          + " is not valid");
      // A subnet-wide method: inducted for free, rejected by the management canister.
      IngressStatus create = rejectedAlone(w, List.of(ingress(w.s.state(), w.ok, w.ok, "inc",
          NONE)), ingress(w.s.state(), ic00, w.ok, "provisional_create_canister_with_cycles",
          junk), Optional.empty(), 1);
      assertThat(text(create)).startsWith("4 IC0408 Error decoding candid: ");
    }
  }

  @Test
  void manyMalformedManagementMessages_inOneRound_neverEscapeTheRound() {
    try (World w = new World()) {
      long seed = 0x5EEDL;
      System.out.println("manyMalformedManagementMessages seed=" + seed);
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
      List<String> methods = new ArrayList<>(List.of("create_canister", "update_settings",
          "upload_chunk", "install_code", "install_chunked_code", "uninstall_code",
          "start_canister", "stop_canister", "canister_status", "delete_canister",
          "take_canister_snapshot", "load_canister_snapshot", "read_canister_snapshot_metadata",
          "read_canister_snapshot_data", "upload_canister_snapshot_metadata",
          "upload_canister_snapshot_data", "list_canister_snapshots",
          "delete_canister_snapshot", "provisional_create_canister_with_cycles",
          "provisional_top_up_canister", "fetch_canister_logs", "raw_rand", "sign_with_ecdsa",
          "", "x"));
      ReplicatedState st = w.s.state();
      List<CanisterMessage.Ingress> in = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        byte[] arg;
        int kind = rnd.nextInt(3);
        if (kind == 0) {
          arg = new byte[rnd.nextInt(64)];
          rnd.nextBytes(arg);
        } else {
          // a valid canister_id record, truncated or with a flipped byte
          arg = ManagementApi.encode(new ManagementApi.CanisterIdRecord(w.ok.principal()));
          if (kind == 1) {
            arg = java.util.Arrays.copyOf(arg, rnd.nextInt(arg.length));
          } else {
            arg[rnd.nextInt(arg.length)] ^= (byte) (1 + rnd.nextInt(255));
          }
        }
        in.add(ingress(st, RoundExecutor.managementCanister(), w.ok,
            methods.get(rnd.nextInt(methods.size())), arg));
      }
      ReplicatedState after = w.executor().executeRound(st, inputs(st, in));
      for (int r = 0; r < 3; r++) {
        after = w.executor().executeRound(after, inputs(after, List.of()));
      }
      int rejected = 0;
      for (CanisterMessage.Ingress m : in) {
        IngressStatus s = after.metadata().ingressHistory().get(m.messageId()).orElseThrow();
        assertThat(s.kind().isTerminal()).isTrue();
        if (s.kind() == IngressStatus.Kind.REJECTED) {
          rejected++;
          assertThat(s.errorCode()).isPresent();
        }
      }
      assertThat(rejected).isGreaterThan(250);
    }
  }
}
