package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.wasm.ModuleBuilder.F32;
import static org.jicp.wasm.ModuleBuilder.F64;
import static org.jicp.wasm.ModuleBuilder.I32;
import static org.jicp.wasm.ModuleBuilder.I64;
import static org.jicp.wasm.ModuleBuilder.NONE;
import static org.jicp.wasm.ModuleBuilder.bytes;
import static org.jicp.wasm.ModuleBuilder.concat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Metering, NaN canonicalization, contexts, limits and cycles on hand-built modules. */
class ExecutionTest {
  /** A module whose methods reply with computed bytes; imports perf counter and reply. */
  private static final class Mod {
    final ModuleBuilder m = new ModuleBuilder();
    final int perf = m.importFunc("ic0", "performance_counter", new byte[] {I32},
        new byte[] {I64});
    final int append = m.importFunc("ic0", "msg_reply_data_append", new byte[] {I32, I32}, NONE);
    final int reply = m.importFunc("ic0", "msg_reply", NONE, NONE);
    final int callNew = m.importFunc("ic0", "call_new",
        new byte[] {I32, I32, I32, I32, I32, I32, I32, I32}, NONE);

    /** Body: code, then reply with memory[0..n). */
    byte[] replying(byte[] code, int n) {
      return concat(bytes(0), code, bytes(0x41, 0, 0x41, n, 0x10, append, 0x10, reply, 0x0B));
    }
  }

  private static long u64(CallResult r) {
    return ByteBuffer.wrap(((CallResult.Reply) r).data().toByteArray())
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static int u32(CallResult r) {
    return ByteBuffer.wrap(((CallResult.Reply) r).data().toByteArray())
        .order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private static CanisterId install(Subnet s, byte[] wasm) {
    CanisterId c = s.createCanister();
    assertThat(s.install(c, wasm, NONE, InstallMode.INSTALL)).hasToString("reply 0x");
    return c;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void performanceCounter_straightLine_countsTheIcCosts(Engine e) {
    Mod m = new Mod();
    // i32.const 0; i32.const 0; call perf; i64.store; then reply 8 bytes.
    int f = m.m.func(NONE, NONE, m.replying(bytes(0x41, 0, 0x41, 0, 0x10, m.perf, 0x37, 3, 0),
        8));
    m.m.export("canister_update m", f);
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = install(s, m.m.build());
      // entry 1 + const 1 + const 1 + call 5 + store 1 + const 1 + const 1 + call 5 + call 5 = 21
      // (one block, charged at entry), then the 200-instruction overhead of the counter call.
      assertThat(u64(s.update(c, "m", NONE))).isEqualTo(221);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void performanceCounter_loop_chargesEveryIteration(Engine e) {
    Mod m = new Mod();
    // local i32 n = 10; loop: n = n - 1; br_if (n != 0); end; then store perf counter.
    byte[] code = concat(bytes(1, 1, I32), // one i32 local
        bytes(0x41, 10, 0x21, 0), // n = 10
        bytes(0x03, 0x40, 0x20, 0, 0x41, 1, 0x6B, 0x22, 0, 0x0D, 0, 0x0B),
        bytes(0x41, 0, 0x41, 0, 0x10, m.perf, 0x37, 3, 0),
        bytes(0x41, 0, 0x41, 8, 0x10, m.append, 0x10, m.reply, 0x0B));
    int f = m.m.func(NONE, NONE, code);
    m.m.export("canister_update m", f);
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = install(s, m.m.build());
      // entry block: 1 + const 1 + set 1 + loop 0 = 3; loop body: get, const, sub, tee 4 +
      // br_if 2 = 6, ten times = 60; after br_if: end 0 + const, const, call 5 = 7 (up to the
      // counter call, the rest of the block is charged with it) + store ... all in one block:
      // end 0, const 1, const 1, call 5, store 1, const 1, const 1, call 5, call 5, end 0 = 20.
      assertThat(u64(s.update(c, "m", NONE))).isEqualTo(3 + 60 + 20 + 200);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void nanCanonicalization_f32DivAndF64Sqrt_giveTheCanonicalNan(Engine e) {
    Mod m = new Mod();
    // store f32 (0/0) at 0
    int f1 = m.m.func(NONE, NONE, m.replying(bytes(0x41, 0, 0x43, 0, 0, 0, 0, 0x43, 0, 0, 0, 0,
        0x95, 0x38, 2, 0), 4));
    m.m.export("canister_query f32", f1);
    // store f64 sqrt(-1) at 0
    int f2 = m.m.func(NONE, NONE, m.replying(concat(bytes(0x41, 0, 0x44),
        bytes(0, 0, 0, 0, 0, 0, 0xF0, 0xBF), bytes(0x9F, 0x39, 3, 0)), 8));
    m.m.export("canister_query f64", f2);
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = install(s, m.m.build());
      assertThat(u32(s.query(c, "f32", NONE))).isEqualTo(0x7FC00000);
      assertThat(u64(s.query(c, "f64", NONE))).isEqualTo(0x7FF8000000000000L);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void unavailableFunction_trapsWithTheContext(Engine e) {
    Mod m = new Mod();
    int f = m.m.func(NONE, NONE, bytes(0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0,
        0x41, 0, 0x41, 0, 0x10, m.callNew, 0x0B));
    m.m.export("canister_query q", f);
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = install(s, m.m.build());
      assertThat(s.query(c, "q", NONE).toString()).isEqualTo("reject 5 Canister " + c
          + " trapped: \"ic0.call_new\" cannot be executed in non-replicated query mode");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void infiniteRecursion_trapsAtTheSameDepth_subnetKeepsWorking(Engine e) {
    ModuleBuilder m = new ModuleBuilder();
    int rec = m.func(NONE, NONE, bytes(0, 0x10, 0, 0x0B)); // calls itself (index 0)
    m.export("canister_update rec", rec);
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = install(s, m.build());
      Bytes before = s.stateDigest();
      CallResult r = s.update(c, "rec", NONE);
      assertThat(r.toString()).isEqualTo("reject 5 Canister " + c
          + " trapped: stack overflow: call depth exceeds "
          + ExecutionConfig.DEFAULT_MAX_CALL_DEPTH);
      // Only the cycles changed (execution was paid for); the memories are as before.
      assertThat(s.update(c, "rec", NONE)).isEqualTo(r);
      CanisterId other = install(s, Harness.raw("hello"));
      assertThat(s.query(other, "hello", NONE).isReply()).isTrue();
      assertThat(before).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void memoryLimit_growthPastTheLimitTraps_stateUnchanged(Engine e) {
    try (Subnet s = Subnet.create(e, ExecutionConfig.applicationSubnet()
        .withWasmMemoryLimit(64L << 20), FeeSchedule.applicationSubnet())) {
      CanisterId l = install(s, Harness.motoko("looper"));
      var heapBefore = s.state().canister(l).orElseThrow().execution().orElseThrow();
      CallResult r = s.update(l, "allocate", Candid.nat(200));
      assertThat(r.toString()).startsWith("reject 5 ").contains("memory");
      var heapAfter = s.state().canister(l).orElseThrow().execution().orElseThrow();
      assertThat(heapAfter).isSameAs(heapBefore);
      assertThat(s.update(l, "allocate", Candid.nat(1)).isReply()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void outOfCycles_rejectedWithCode2_noStateChange(Engine e) {
    ExecutionConfig cfg = ExecutionConfig.applicationSubnet().withInstallLimit(1_000_000_000L);
    try (Subnet s = Subnet.create(e, cfg, FeeSchedule.applicationSubnet())) {
      // Enough for an install prepaid at 1B instructions, not for an update prepaid at 40B.
      CanisterId c = s.createCanister(Cycles.of(10_000_000_000L));
      assertThat(s.install(c, Harness.raw("hello"), NONE, InstallMode.INSTALL).isReply())
          .isTrue();
      var es = s.state().canister(c).orElseThrow().execution().orElseThrow();
      CallResult r = s.update(c, "inc", NONE);
      assertThat(r.toString()).startsWith("reject 2 Canister " + c + " is out of cycles");
      assertThat(s.state().canister(c).orElseThrow().execution().orElseThrow()).isSameAs(es);
      assertThat(s.query(c, "read", NONE)).hasToString("reply 0x0000000000000000");
      CanisterId rich = s.createCanister();
      assertThat(s.install(rich, Harness.raw("hello"), NONE, InstallMode.INSTALL).isReply())
          .isTrue();
      assertThat(s.update(rich, "inc", NONE)).hasToString("reply 0x0100000000000000");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void cycles_updatePaysTheUsedInstructionsOnly(Engine e) {
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = install(s, Harness.raw("hello"));
      Cycles before = s.cyclesBalance(c);
      s.update(c, "inc", NONE);
      Cycles spent = before.subtract(s.cyclesBalance(c));
      FeeSchedule f = FeeSchedule.applicationSubnet();
      // ingress induction (1.2M + 2k * 3 bytes) + 5M + ~1 per instruction + 1 s of storage.
      assertThat(spent.value().longValue()).isGreaterThan(6_200_000L + 6_000L)
          .isLessThan(6_206_000L + 100_000L + f.memoryCost(70_000L, 1).value().longValue());
    }
  }
}
