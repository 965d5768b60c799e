package org.jicp.wasm;

import org.jicp.types.RejectCode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult.Reject;
import org.jicp.wasm.CallResult.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario of the harness README over the real files in ../shared/harness: the Motoko
 * canisters of both builds (wasm32 by motoko@3.11.3, wasm64 by motoko@4.10.0: memory64, table64,
 * enhanced orthogonal persistence) on both engines, and the raw canisters per engine.
 */
class HarnessScenariosTest {
  /** Both Motoko builds on both engines. */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> builds() {
    java.util.List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
    for (String b : new String[] {"wasm32", "wasm64"}) {
      for (Engine e : Engine.values()) {
        out.add(org.junit.jupiter.params.provider.Arguments.of(b, e));
      }
    }
    return out.stream();
  }

  private static Subnet subnet(Engine e) {
    // A lower per-message limit keeps `forever` short on the interpreter.
    return Subnet.create(e, ExecutionConfig.applicationSubnet()
            .withInstructionLimits(200_000_000L, ExecutionConfig.MAX_INSTRUCTIONS_PER_QUERY),
        org.jicp.wasm.cycles.FeeSchedule.applicationSubnet());
  }

  private static CanisterId installed(Subnet s, byte[] wasm, byte[] arg) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, wasm, arg, InstallMode.INSTALL)).hasToString("reply 0x");
    return id;
  }

  private static String reply(CallResult r) {
    assertThat(r).isInstanceOf(Reply.class);
    return Candid.hex(((Reply) r).data().toByteArray());
  }

  private static byte[] replyBytes(CallResult r) {
    assertThat(r).as(r.toString()).isInstanceOf(Reply.class);
    return ((Reply) r).data().toByteArray();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("builds")
  void counter_threeIncs_getRepliesThree(String build, Engine e) {
    try (Subnet s = subnet(e)) {
      CanisterId c = installed(s, Harness.motoko(build, "counter"), Candid.EMPTY);
      for (int i = 0; i < 3; i++) {
        assertThat(reply(s.update(c, "inc", Candid.EMPTY))).isEqualTo("4449444c0000");
      }
      assertThat(reply(s.query(c, "get", Candid.EMPTY))).isEqualTo("4449444c00017d03");
      assertThat(reply(s.query(c, "get", Candid.nat(9)))).isEqualTo("4449444c00017d03");
      assertThat(Candid.decodeText(replyBytes(s.query(c, "greet", Candid.text("X")))))
          .isEqualTo("Hello, X!");
      assertThat(s.debugLog()).anyMatch(l -> l.endsWith("counter: inc -> 3"));
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void stableStore_forkedMidLife_behavesAsItsSource_thenTheTwoDiverge(Engine e) {
    try (Subnet s = subnet(e)) {
      byte[] wasm = Harness.motoko("stable_store");
      CanisterId c = installed(s, wasm, Candid.EMPTY);
      reply(s.update(c, "put", Candid.text("a")));
      reply(s.update(c, "put", Candid.text("b")));
      assertThat(s.install(c, wasm, Candid.EMPTY, InstallMode.UPGRADE)).hasToString("reply 0x");
      reply(s.update(c, "put", Candid.text("c")));
      String[][] queries = {{"entries", "4449444c0000"}, {"upgrades", "4449444c0000"},
          {"transientCounter", "4449444c0000"}, {"regionPages", "4449444c0000"},
          {"regionRead", Candid.hex(Candid.nat64Nat(0, 3))}};
      java.util.Map<org.jicp.wasm.execution.CanisterFork.Mode, CanisterId> forks =
          new java.util.EnumMap<>(org.jicp.wasm.execution.CanisterFork.Mode.class);
      for (var mode : org.jicp.wasm.execution.CanisterFork.Mode.values()) {
        CanisterId f = s.fork(c, mode);
        ForkTest.assertForked(s, c, f);
        for (String[] q : queries) {
          byte[] arg = HexFormat.of().parseHex(q[1]);
          assertThat(reply(s.query(f, q[0], arg))).as(mode + " " + q[0])
              .isEqualTo(reply(s.query(c, q[0], arg)));
        }
        forks.put(mode, f);
      }
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d71010003016101620163");
      // They diverge: each keeps its own entries, upgrades and stable memory.
      reply(s.update(c, "put", Candid.text("d")));
      for (CanisterId f : forks.values()) {
        assertThat(reply(s.update(f, "put", Candid.text("x")))).isEqualTo("4449444c00017d04");
        assertThat(s.install(f, wasm, Candid.EMPTY, InstallMode.UPGRADE))
            .hasToString("reply 0x");
        assertThat(reply(s.query(f, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d02");
        assertThat(reply(s.query(f, "entries", Candid.EMPTY)))
            .isEqualTo("4449444c016d7101000401610162016301" + "78");
      }
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d7101000401610162016301" + "64");
      assertThat(reply(s.query(c, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d01");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("builds")
  void stableStore_upgradeKeepsStableState_reinstallWipes(String build, Engine e) {
    try (Subnet s = subnet(e)) {
      byte[] wasm = Harness.motoko(build, "stable_store");
      CanisterId c = installed(s, wasm, Candid.EMPTY);
      assertThat(reply(s.update(c, "put", Candid.text("a")))).isEqualTo("4449444c00017d01");
      assertThat(reply(s.update(c, "put", Candid.text("b")))).isEqualTo("4449444c00017d02");
      assertThat(s.install(c, wasm, Candid.EMPTY, InstallMode.UPGRADE)).hasToString("reply 0x");
      assertThat(reply(s.query(c, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d01");
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d7101000201610162");
      assertThat(reply(s.query(c, "transientCounter", Candid.EMPTY)))
          .isEqualTo("4449444c00017d00");
      assertThat(reply(s.query(c, "regionRead", Candid.nat64Nat(0, 2))))
          .isEqualTo("4449444c016d7b0100026162");
      assertThat(s.debugLog()).anyMatch(l -> l.contains("stable_store: preupgrade, entries=2"))
          .anyMatch(l -> l.contains("stable_store: postupgrade #1"));
      if (build.equals("wasm32")) {
        // classic persistence: the stable variables serialized into stable memory
        assertThat(s.state().canister(c).orElseThrow().execution().orElseThrow()
            .stableMemorySizeWasmPages()).isEqualTo(145);
      }
      assertThat(s.install(c, wasm, Candid.EMPTY, InstallMode.REINSTALL)).hasToString("reply 0x");
      assertThat(reply(s.query(c, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d00");
      assertThat(reply(s.query(c, "entries", Candid.EMPTY))).isEqualTo("4449444c016d71010000");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("builds")
  void trapper_everyTrapRollsBack(String build, Engine e) {
    try (Subnet s = subnet(e)) {
      CanisterId t = installed(s, Harness.motoko(build, "trapper"), Candid.EMPTY);
      assertThat(reply(s.update(t, "bump", Candid.EMPTY))).isEqualTo("4449444c00017d01");
      CallResult r = s.update(t, "bumpThenTrap", Candid.EMPTY);
      assertThat(r).isInstanceOf(Reject.class);
      assertThat(((Reject) r).code()).isEqualTo(RejectCode.CANISTER_ERROR);
      assertThat(reply(s.query(t, "get", Candid.EMPTY))).isEqualTo("4449444c00017d01");
      assertThat(s.update(t, "boom", Candid.EMPTY).toString())
          .startsWith("reject 5 ").contains("boom");
      assertThat(s.update(t, "divide", Candid.nats(1, 0)).toString())
          .startsWith("reject 5 ").containsIgnoringCase("divide by zero");
      assertThat(reply(s.update(t, "divide", Candid.nats(7, 2)))).isEqualTo("4449444c00017d03");
      assertThat(s.update(t, "assertPositive", Candid.nat(0)).toString())
          .startsWith("reject 5 ").contains("assertion failed");
      assertThat(s.update(t, "outOfBounds", Candid.nat(9)).toString())
          .startsWith("reject 5 ").contains("Array index out of bounds");
      assertThat(s.query(t, "queryBoom", Candid.EMPTY).toString()).startsWith("reject 5 ");
      assertThat(reply(s.query(t, "get", Candid.EMPTY))).isEqualTo("4449444c00017d01");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("builds")
  void caller_interCanisterCalls_rejectCodes3And5(String build, Engine e) {
    try (Subnet s = subnet(e)) {
      CanisterId counter = installed(s, Harness.motoko(build, "counter"), Candid.EMPTY);
      CanisterId trapper = installed(s, Harness.motoko(build, "trapper"), Candid.EMPTY);
      CanisterId caller = installed(s, Harness.motoko(build, "caller"), Candid.EMPTY);
      assertThat(reply(s.update(caller, "callInc", Candid.principal(counter.toByteArray()))))
          .isEqualTo("4449444c00017d01");
      assertThat(Candid.decodeText(replyBytes(s.update(caller, "callGreet",
          Candid.principalText(counter.toByteArray(), "jicp"))))).isEqualTo("Hello, jicp!");
      String boom = Candid.decodeText(replyBytes(s.update(caller, "callBoom",
          Candid.principal(trapper.toByteArray()))));
      assertThat(boom).startsWith("5: ").contains("boom");
      String missing = Candid.decodeText(replyBytes(s.update(caller, "callMissing",
          Candid.principal(counter.toByteArray()))));
      assertThat(missing).isEqualTo("3: Canister " + counter
          + " has no update method 'no_such_method'");
      assertThat(reply(s.query(caller, "callCount", Candid.EMPTY)))
          .isEqualTo("4449444c00017d04");
      assertThat(reply(s.query(counter, "get", Candid.EMPTY))).isEqualTo("4449444c00017d01");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("builds")
  void looper_spinQuery_knownAnswer_foreverHitsTheLimit(String build, Engine e) {
    try (Subnet s = subnet(e)) {
      CanisterId l = installed(s, Harness.motoko(build, "looper"), Candid.EMPTY);
      long[] q = Candid.decodeNat64Pair(replyBytes(s.query(l, "spinQuery",
          Candid.nat64(3_000_000))));
      assertThat(q[0]).isEqualTo(1019292363339134407L);
      assertThat(q[1]).isGreaterThan(3_000_000L * 45);
      CallResult f = s.update(l, "forever", Candid.EMPTY);
      assertThat(f).hasToString("reject 5 Error from Canister " + l
          + ": Canister exceeded the limit of 200000000 instructions for single message "
          + "execution.");
      long[] u = Candid.decodeNat64Pair(replyBytes(s.update(l, "spin", Candid.nat64(1000))));
      assertThat(u[1]).isGreaterThan(45_000L).isLessThan(200_000L);
    }
  }

  /**
   * {@code forever} under the IC's default limit (40B instructions per update) on the compiler
   * engine: the loop must run compiled (about 10 s), sliced into 2B slices over 20 rounds, and
   * end with the instruction-limit reject, after which the canister keeps working.
   */
  @org.junit.jupiter.api.Test
  void looper_forever_atTheDefault40BLimit_onTheCompiler() {
    try (Subnet s = Subnet.create(Engine.COMPILER, ExecutionConfig.applicationSubnet(),
        org.jicp.wasm.cycles.FeeSchedule.applicationSubnet())) {
      CanisterId l = installed(s, Harness.motoko("looper"), Candid.EMPTY);
      long h0 = s.state().height().value();
      CallResult f = s.update(l, "forever", Candid.EMPTY);
      assertThat(f).hasToString("reject 5 Error from Canister " + l
          + ": Canister exceeded the limit of 40000000000 instructions for single message "
          + "execution.");
      // Sliced (deterministic time slicing): 20 slices of 2B, one per round.
      assertThat(s.state().height().value() - h0).isGreaterThanOrEqualTo(20);
      assertThat(Candid.decodeNat64Pair(replyBytes(s.update(l, "spin", Candid.nat64(10))))[1]).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rawHello_allMethods(Engine e) {
    try (Subnet s = subnet(e)) {
      CanisterId h = installed(s, Harness.raw("hello"), new byte[] {1, 2});
      assertThat(s.debugLog()).contains("[" + h + "] hello canister init");
      assertThat(reply(s.query(h, "hello", new byte[0]))).isEqualTo("68656c6c6f");
      assertThat(reply(s.query(h, "hello_candid", new byte[0])))
          .isEqualTo("4449444c0001710568656c6c6f");
      assertThat(reply(s.query(h, "whoami", new byte[0]))).isEqualTo("04");
      assertThat(reply(s.update(h, "echo", new byte[] {9, 8}))).isEqualTo("0908");
      assertThat(reply(s.query(h, "read", new byte[0]))).isEqualTo("0200000000000000");
      assertThat(reply(s.update(h, "inc", new byte[0]))).isEqualTo("0300000000000000");
      assertThat(s.update(h, "boom", new byte[0]).toString())
          .isEqualTo("reject 5 Canister " + h + " trapped explicitly: oops");
      assertThat(s.update(h, "noreply", new byte[0]).toString())
          .isEqualTo("reject 5 Canister " + h + " did not reply to the call");
      assertThat(s.update(h, "double_reply", new byte[0]).toString()).startsWith("reject 5 ");
      assertThat(reply(s.query(h, "read", new byte[0]))).isEqualTo("0300000000000000");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rawBench_knownAnswers(Engine e) {
    try (Subnet s = subnet(e)) {
      CanisterId b = installed(s, Harness.raw("bench"), new byte[0]);
      byte[] n = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000)
          .array();
      byte[] acc = replyBytes(s.query(b, "loop", n));
      assertThat(ByteBuffer.wrap(acc).order(ByteOrder.LITTLE_ENDIAN).getLong())
          .isEqualTo(1014180343L);
      byte[] arg = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(3)
          .array();
      assertThat(HexFormat.of().formatHex(replyBytes(s.query(b, "sha256", arg))))
          .isEqualTo("8cf6c27e057dd0e32e90deea43f877ab03eb0f39db85ba8a7f9bf8a9b98a3c32");
    }
  }
}
