package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.wasm.CallResult.Reply;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deterministic time slicing (issue 17 §4): long updates and installs run in slices across
 * rounds, with the same outcome as in one go. Slices of 10M instructions over {@code looper.spin}
 * of about 100M keep the build short; {@code looper_forever_atTheDefault40BLimit_onTheCompiler}
 * ({@link HarnessScenariosTest}) runs the IC's 2B slices up to the 40B limit.
 */
class TimeSlicingTest {
  static final long SLICE = 10_000_000L;
  /** The interpreter runs some 5M instructions/s: a tenth of the work, in 2M slices. */
  static final long INTERPRETER_SLICE = 2_000_000L;
  /** Iterations of {@code looper.spin}: about 100M instructions (10 slices). */
  static final long SPIN = 2_000_000L;

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> builds() {
    return HarnessScenariosTest.builds();
  }

  /** Time stands still (no storage charges), so rounds can be compared by their state. */
  static ExecutionConfig config(long slice) {
    return ExecutionConfig.applicationSubnet().withSliceLimits(slice, slice)
        .withSecondsPerRound(0);
  }

  static ExecutionConfig unsliced() {
    return config(ExecutionConfig.MAX_INSTRUCTIONS_PER_INSTALL_CODE);
  }

  static Subnet subnet(Engine e, ExecutionConfig c) {
    return Subnet.create(e, c, FeeSchedule.applicationSubnet());
  }

  static CanisterId installed(Subnet s, byte[] wasm, byte[] arg) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, wasm, arg, InstallMode.INSTALL)).hasToString("reply 0x");
    return id;
  }

  static byte[] replyBytes(CallResult r) {
    assertThat(r).as(r.toString()).isInstanceOf(Reply.class);
    return ((Reply) r).data().toByteArray();
  }

  /** Drives rounds of a subnet by hand: ingress in chosen rounds, checkpoints, statuses. */
  static final class Rounds {
    final Subnet s;
    long next;

    Rounds(Subnet s) {
      this.s = s;
    }

    CanisterMessage.Ingress ingress(CanisterId to, String method, byte[] arg) {
      byte[] id = new byte[32];
      ByteBuffer.wrap(id).putLong(0x5175_0000_0000L + next++);
      ReplicatedState st = s.state();
      return new CanisterMessage.Ingress(MessageId.of(id), Principal.anonymous(), to, to, method,
          Bytes.of(arg), st.metadata().timeNanos() + 60_000_000_000L);
    }

    void round(boolean checkpoint, CanisterMessage.Ingress... in) {
      ReplicatedState st = s.state();
      RoundInputs inputs = new RoundInputs(st.height().increment(), st.metadata().timeNanos(),
          Bytes.of(new byte[32]), st.metadata().registryVersion(), RoutingTable.empty(),
          new TreeMap<>(), List.of(in), new TreeMap<>(), checkpoint);
      s.restore(s.executor().executeRound(st, inputs));
    }

    IngressStatus status(CanisterMessage.Ingress m) {
      return s.state().metadata().ingressHistory().get(m.messageId()).orElseThrow();
    }

    /** Runs rounds until {@code m} is answered; returns how many. */
    int untilDone(CanisterMessage.Ingress m) {
      int n = 0;
      while (!status(m).kind().isTerminal()) {
        round(false);
        n++;
        assertThat(n).as("rounds").isLessThan(10_000);
      }
      return n;
    }

    byte[] reply(CanisterMessage.Ingress m) {
      IngressStatus st = status(m);
      assertThat(st.kind()).as(st.toString()).isEqualTo(IngressStatus.Kind.REPLIED);
      return st.reply().orElseThrow().toByteArray();
    }
  }

  /** A sliced and an unsliced subnet run the same long update: the same everything. */
  @ParameterizedTest
  @MethodSource("builds")
  void spin_slicedAndUnsliced_sameReplyCounterCyclesAndState(String build, Engine e) {
    long spin = e == Engine.INTERPRETER ? SPIN / 10 : SPIN;
    long slice = e == Engine.INTERPRETER ? INTERPRETER_SLICE : SLICE;
    try (Subnet sliced = subnet(e, config(slice)); Subnet whole = subnet(e, unsliced())) {
      CanisterId a = installed(sliced, Harness.motoko(build, "looper"), Candid.EMPTY);
      CanisterId b = installed(whole, Harness.motoko(build, "looper"), Candid.EMPTY);
      long h0 = sliced.state().height().value();
      long w0 = whole.state().height().value();
      byte[] ra = replyBytes(sliced.update(a, "spin", Candid.nat64(spin)));
      byte[] rb = replyBytes(whole.update(b, "spin", Candid.nat64(spin)));
      long[] pa = Candid.decodeNat64Pair(ra);
      assertThat(ra).isEqualTo(rb);
      assertThat(pa[1]).as("performance_counter").isGreaterThan(3 * slice);
      System.out.println("spin " + build + " " + e + ": " + pa[1] + " instructions, "
          + (sliced.state().height().value() - h0) + " rounds sliced");
      long slicedRounds = sliced.state().height().value() - h0;
      long wholeRounds = whole.state().height().value() - w0;
      assertThat(slicedRounds).isGreaterThanOrEqualTo(wholeRounds + pa[1] / slice);
      assertThat(sliced.cyclesBalance(a)).isEqualTo(whole.cyclesBalance(b));
      assertThat(sliced.stateDigest()).isEqualTo(whole.stateDigest());
      assertThat(replyBytes(sliced.query(a, "last", Candid.EMPTY)))
          .isEqualTo(replyBytes(whole.query(b, "last", Candid.EMPTY)));
    }
  }

  /**
   * While a long update is paused: another canister is answered, queries see the last committed
   * state, a second message to the paused canister waits; then both complete in order.
   */
  @Test
  void pausedUpdate_othersProgress_queriesSeeOldState_secondMessageWaits() {
    try (Subnet s = subnet(Engine.COMPILER, config(SLICE))) {
      CanisterId looper = installed(s, Harness.motoko("looper"), Candid.EMPTY);
      CanisterId counter = installed(s, Harness.motoko("counter"), Candid.EMPTY);
      byte[] lastBefore = replyBytes(s.query(looper, "last", Candid.EMPTY));
      Rounds r = new Rounds(s);
      CanisterMessage.Ingress spin = r.ingress(looper, "spin", Candid.nat64(SPIN));
      r.round(false, spin);
      assertThat(r.status(spin).kind()).isEqualTo(IngressStatus.Kind.PROCESSING);
      assertThat(s.state().canister(looper).orElseThrow().system().queues().input())
          .containsExactly(spin); // still queued: nothing of it is in the state
      assertThat(replyBytes(s.query(looper, "last", Candid.EMPTY))).isEqualTo(lastBefore);

      CanisterMessage.Ingress inc = r.ingress(counter, "inc", Candid.EMPTY);
      CanisterMessage.Ingress second = r.ingress(looper, "spin", Candid.nat64(10));
      r.round(false, inc, second);
      assertThat(r.status(inc).kind()).isEqualTo(IngressStatus.Kind.REPLIED);
      assertThat(r.status(spin).kind()).isEqualTo(IngressStatus.Kind.PROCESSING);
      assertThat(r.status(second).kind()).isEqualTo(IngressStatus.Kind.RECEIVED);
      assertThat(replyBytes(s.query(counter, "get", Candid.EMPTY)))
          .isEqualTo(Candid.hex("4449444c00017d01"));
      assertThat(replyBytes(s.query(looper, "last", Candid.EMPTY))).isEqualTo(lastBefore);

      while (!r.status(spin).kind().isTerminal()) {
        assertThat(r.status(second).kind()).isEqualTo(IngressStatus.Kind.RECEIVED);
        r.round(false);
      }
      long[] first = Candid.decodeNat64Pair(r.reply(spin));
      r.untilDone(second);
      long[] after = Candid.decodeNat64Pair(r.reply(second));
      assertThat(first[1]).isGreaterThan(3 * SLICE);
      assertThat(after[1]).isLessThan(SLICE);
      assertThat(replyBytes(s.query(looper, "last", Candid.EMPTY)))
          .isEqualTo(nat64Reply(after[0]));
    }
  }

  private static byte[] nat64Reply(long v) {
    ByteBuffer b = ByteBuffer.allocate(7 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Candid.hex("4449444c000178")).putLong(v);
    return b.array();
  }

  /**
   * A checkpoint (and a restored state) aborts the paused execution; the message runs again from
   * scratch and ends as it would have without the abort.
   */
  @Test
  void pausedUpdate_checkpointOrRestore_abortedAndRerunWithTheSameResult() {
    byte[] expected;
    int plainRounds;
    Optional<org.jicp.crypto.Bytes> digest;
    try (Subnet s = subnet(Engine.COMPILER, config(SLICE))) {
      CanisterId l = installed(s, Harness.motoko("looper"), Candid.EMPTY);
      Rounds r = new Rounds(s);
      CanisterMessage.Ingress m = r.ingress(l, "spin", Candid.nat64(SPIN));
      r.round(false, m);
      plainRounds = 1 + r.untilDone(m);
      expected = r.reply(m);
      digest = Optional.of(s.stateDigest());
    }
    try (Subnet s = subnet(Engine.COMPILER, config(SLICE))) {
      CanisterId l = installed(s, Harness.motoko("looper"), Candid.EMPTY);
      Rounds r = new Rounds(s);
      CanisterMessage.Ingress m = r.ingress(l, "spin", Candid.nat64(SPIN));
      r.round(false, m);
      r.round(false);
      r.round(true); // checkpoint: aborted, restarts next round
      assertThat(r.status(m).kind()).isEqualTo(IngressStatus.Kind.PROCESSING);
      r.round(false);
      // A restart from a copy of the state (another object): aborted again.
      ReplicatedState copy = s.state().withMetadata(s.state().metadata());
      s.restore(copy);
      int rounds = 4 + r.untilDone(m);
      assertThat(r.reply(m)).isEqualTo(expected);
      assertThat(rounds).isGreaterThan(plainRounds + 2);
      assertThat(s.stateDigest()).isEqualTo(digest.orElseThrow());
    }
  }

  /** Past the message's total the IC's instruction-limit error (IC0522), also when sliced. */
  @Test
  void sliced_pastTheTotalLimit_trapsWithTheIcError() {
    ExecutionConfig c = config(SLICE).withInstructionLimits(50_000_000L,
        ExecutionConfig.MAX_INSTRUCTIONS_PER_QUERY);
    try (Subnet s = subnet(Engine.COMPILER, c)) {
      CanisterId l = installed(s, Harness.motoko("looper"), Candid.EMPTY);
      Rounds r = new Rounds(s);
      CanisterMessage.Ingress f = r.ingress(l, "forever", Candid.EMPTY);
      r.round(false, f);
      int rounds = 1 + r.untilDone(f);
      IngressStatus st = r.status(f);
      assertThat(st.kind()).isEqualTo(IngressStatus.Kind.REJECTED);
      assertThat(st.rejectCode()).isEqualTo(5);
      assertThat(st.errorCode()).contains(ErrorCode.CANISTER_INSTRUCTION_LIMIT_EXCEEDED);
      assertThat(st.rejectMessage()).contains("Error from Canister " + l + ": Canister exceeded "
          + "the limit of 50000000 instructions for single message execution.");
      assertThat(rounds).isGreaterThanOrEqualTo(5);
      long[] after = Candid.decodeNat64Pair(replyBytes(s.update(l, "spin", Candid.nat64(10))));
      assertThat(after[1]).isPositive();
    }
  }

  private static byte[] le32(int n) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array();
  }

  /** Iterations of slow_init's hooks: about 40M instructions. */
  static final int INIT_SPIN = 3_000_000;

  /**
   * install and upgrade with long hooks: sliced as updates are; while the install is paused
   * other canisters run and queries see the old module's state; the same outcome as unsliced.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Engine.class)
  void install_sliced_sameOutcome_othersProgress(Engine e) {
    int n = e == Engine.INTERPRETER ? INIT_SPIN / 8 : INIT_SPIN;
    long slice = e == Engine.INTERPRETER ? INTERPRETER_SLICE : SLICE;
    byte[] wasm = TestModules.wasm("slow_init");
    List<byte[]> results = new ArrayList<>();
    List<Bytes> digests = new ArrayList<>();
    List<Long> rounds = new ArrayList<>();
    for (ExecutionConfig c : List.of(config(slice), unsliced())) {
      try (Subnet s = subnet(e, c)) {
        CanisterId counter = installed(s, Harness.motoko("counter"), Candid.EMPTY);
        long h0 = s.state().height().value();
        CanisterId id = installed(s, wasm, le32(n));
        rounds.add(s.state().height().value() - h0);
        byte[] first = replyBytes(s.query(id, "result", new byte[0]));
        // An upgrade driven round by round: the counter is answered meanwhile.
        Rounds r = new Rounds(s);
        byte[] upgrade = org.jicp.wasm.execution.ManagementApi.encode(
            new org.jicp.wasm.execution.ManagementApi.InstallCodeArgs(
                new org.jicp.wasm.execution.ManagementApi.InstallMode.Upgrade(Optional.empty()),
                id.principal(), Bytes.of(wasm), Bytes.of(le32(n + 1)), Optional.empty()));
        CanisterMessage.Ingress up = r.ingress(
            org.jicp.wasm.execution.RoundExecutor.managementCanister(), "install_code", upgrade);
        up = new CanisterMessage.Ingress(up.messageId(), up.source(), up.receiver(), id,
            up.methodName(), up.methodPayload(), up.expiryNanos());
        r.round(false, up);
        CanisterMessage.Ingress inc = r.ingress(counter, "inc", Candid.EMPTY);
        r.round(false, inc);
        assertThat(r.status(inc).kind()).isEqualTo(IngressStatus.Kind.REPLIED);
        if (c.maxInstructionsPerInstallSlice() == slice) {
          assertThat(r.status(up).kind()).isEqualTo(IngressStatus.Kind.PROCESSING);
          assertThat(replyBytes(s.query(id, "result", new byte[0]))).isEqualTo(first);
        }
        r.untilDone(up);
        assertThat(r.status(up).kind()).as(r.status(up).toString())
            .isEqualTo(IngressStatus.Kind.REPLIED);
        byte[] second = replyBytes(s.query(id, "result", new byte[0]));
        assertThat(second).isNotEqualTo(first);
        results.add(first);
        results.add(second);
        digests.add(s.stateDigest());
        long perf = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
        assertThat(perf).isGreaterThan(n * 5L);
      }
    }
    assertThat(results.get(0)).isEqualTo(results.get(2));
    assertThat(results.get(1)).isEqualTo(results.get(3));
    assertThat(digests.get(0)).isEqualTo(digests.get(1));
    assertThat(rounds.get(0)).isGreaterThan(rounds.get(1) + 2);
  }

  /**
   * The IC's own slices (2B) over a multi-billion-instruction update, against the same update
   * unsliced: identical reply, {@code performance_counter}, cycles and state. Needs {@code
   * -Djicp.dts.long=true} (profile {@code dts}).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"wasm32", "wasm64"})
  void spin_billions_slicedAtTheIcsTwoBillion_sameAsUnsliced(String build) {
    org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("jicp.dts.long"),
        "needs -Djicp.dts.long=true (profile dts)");
    ExecutionConfig ic = ExecutionConfig.applicationSubnet().withSecondsPerRound(0);
    try (Subnet sliced = subnet(Engine.COMPILER, ic); Subnet whole = subnet(Engine.COMPILER,
        unsliced())) {
      CanisterId a = installed(sliced, Harness.motoko(build, "looper"), Candid.EMPTY);
      CanisterId b = installed(whole, Harness.motoko(build, "looper"), Candid.EMPTY);
      long h0 = sliced.state().height().value();
      byte[] ra = replyBytes(sliced.update(a, "spin", Candid.nat64(100_000_000L)));
      byte[] rb = replyBytes(whole.update(b, "spin", Candid.nat64(100_000_000L)));
      long[] pa = Candid.decodeNat64Pair(ra);
      long rounds = sliced.state().height().value() - h0;
      System.out.println("spin(100M) " + build + ": " + pa[1] + " instructions, " + rounds
          + " rounds at 2B slices");
      assertThat(ra).isEqualTo(rb);
      assertThat(pa[1]).isGreaterThan(2 * ExecutionConfig.MAX_INSTRUCTIONS_PER_SLICE);
      assertThat(rounds).isGreaterThanOrEqualTo(1 + pa[1]
          / ExecutionConfig.MAX_INSTRUCTIONS_PER_SLICE);
      assertThat(sliced.cyclesBalance(a)).isEqualTo(whole.cyclesBalance(b));
      assertThat(sliced.stateDigest()).isEqualTo(whole.stateDigest());
    }
  }
}
