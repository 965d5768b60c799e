package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calls from a canister to the management canister ({@code management_proxy.wat}): {@code
 * raw_rand}, {@code canister_status}, {@code deposit_cycles}, and what is not served.
 */
class ManagementCanisterTest {
  private static final byte[] NONE = new byte[0];

  private static CanisterId proxy(Subnet s) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, TestModules.wasm("management_proxy"), NONE, InstallMode.INSTALL))
        .hasToString("reply 0x");
    return id;
  }

  /** The proxy's answer: 0x00 + reply bytes, or 0x01 + code + message. */
  private static byte[] call(Subnet s, CanisterId proxy, long cycles, String method,
      byte[] payload) {
    ByteArrayOutputStream arg = new ByteArrayOutputStream();
    arg.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(cycles)
        .array());
    arg.write(method.length());
    arg.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
    arg.writeBytes(payload);
    CallResult r = s.update(proxy, "call", arg.toByteArray());
    assertThat(r).as(r.toString()).isInstanceOf(CallResult.Reply.class);
    return ((CallResult.Reply) r).data().toByteArray();
  }

  private static byte[] replied(byte[] answer) {
    assertThat(answer[0]).as(new String(answer, StandardCharsets.UTF_8)).isZero();
    return Arrays.copyOfRange(answer, 1, answer.length);
  }

  private static String rejected(byte[] answer) {
    assertThat(answer[0]).isEqualTo((byte) 1);
    return answer[1] + " " + new String(answer, 2, answer.length - 2, StandardCharsets.UTF_8);
  }

  private static byte[] canisterIdArg(CanisterId id) {
    return CandidEncoder.encode(List.of(CandidValue.record(
        CandidValue.field("canister_id", CandidValue.principal(id.principal())))));
  }

  private static byte[] randomBytes(byte[] reply) {
    // (blob): DIDL, one type (vec nat8), one argument of it, 32 bytes.
    assertThat(Arrays.copyOfRange(reply, 0, 10)).isEqualTo(new byte[] {'D', 'I', 'D', 'L', 1,
        0x6d, 0x7b, 1, 0, 32});
    assertThat(reply).hasSize(42);
    return Arrays.copyOfRange(reply, 10, 42);
  }

  private static List<byte[]> threeRandoms(byte[] seed) {
    try (Subnet s = seed == null ? Subnet.create(Engine.COMPILER) : Subnet.create(Engine.COMPILER,
        ExecutionConfig.applicationSubnet(), FeeSchedule.applicationSubnet(), seed)) {
      CanisterId p = proxy(s);
      byte[] empty = CandidEncoder.empty();
      return List.of(randomBytes(replied(call(s, p, 0, "raw_rand", empty))),
          randomBytes(replied(call(s, p, 0, "raw_rand", empty))),
          randomBytes(replied(call(s, p, 0, "raw_rand", empty))));
    }
  }

  @Test
  void rawRand_32FreshBytesPerCall_deterministicPerSeed() {
    List<byte[]> a = threeRandoms(null);
    assertThat(a.get(0)).isNotEqualTo(a.get(1));
    assertThat(a.get(1)).isNotEqualTo(a.get(2));
    List<byte[]> again = threeRandoms(null);
    for (int i = 0; i < 3; i++) {
      assertThat(again.get(i)).isEqualTo(a.get(i));
    }
    List<byte[]> other = threeRandoms(new byte[] {42});
    assertThat(other.get(0)).isNotEqualTo(a.get(0));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void canisterStatus_byAController_reportsTheSpecRecord(Engine e) throws Exception {
    try (Subnet s = Subnet.create(e)) {
      CanisterId p = proxy(s);
      CanisterId target = s.createCanister();
      byte[] wasm = TestModules.wasm("callee");
      s.install(target, wasm, NONE, InstallMode.INSTALL);
      s.setControllers(target, List.of(p.principal(), Subnet.ANONYMOUS));
      byte[] reply = replied(call(s, p, 0, "canister_status", canisterIdArg(target)));
      CandidValue.Record r = (CandidValue.Record) CandidDecoder.standard().decode(reply)
          .values().get(0);
      assertThat(r.get("status").orElseThrow()).isEqualTo(CandidValue.variant("running"));
      CandidValue.Record settings = (CandidValue.Record) r.get("settings").orElseThrow();
      assertThat(((CandidValue.Vec) settings.get("controllers").orElseThrow()).elements())
          .containsExactlyInAnyOrder(CandidValue.principal(p.principal()),
              CandidValue.principal(Subnet.ANONYMOUS));
      assertThat(settings.get("freezing_threshold").orElseThrow())
          .isEqualTo(CandidValue.nat(30L * 24 * 3600));
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(wasm);
      assertThat(r.get("module_hash").orElseThrow())
          .isEqualTo(CandidValue.some(CandidValue.blob(hash)));
      assertThat(r.get("cycles").orElseThrow())
          .isEqualTo(CandidValue.nat(s.cyclesBalance(target).value()));
      CandidValue.Record metrics = (CandidValue.Record) r.get("memory_metrics").orElseThrow();
      assertThat(metrics.get("wasm_binary_size").orElseThrow())
          .isEqualTo(CandidValue.nat(wasm.length));
      assertThat(r.get("version").orElseThrow()).isInstanceOf(CandidValue.Nat64.class);
    }
  }

  @Test
  void canisterStatus_byANonController_isRejected_unknownTarget_badArgument() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId p = proxy(s);
      CanisterId target = s.createCanister();
      assertThat(rejected(call(s, p, 0, "canister_status", canisterIdArg(target))))
          .isEqualTo("5 Only the controllers of the canister " + target + " can control it.\n"
              + "Canister's controllers: 2vxsx-fae\nSender's ID: " + p);
      CanisterId missing = CanisterId.fromIndex(99);
      assertThat(rejected(call(s, p, 0, "canister_status", canisterIdArg(missing))))
          .startsWith("3 ");
      assertThat(rejected(call(s, p, 0, "canister_status", CandidEncoder.empty())))
          .startsWith("4 Error decoding candid: argument 0 is missing");
    }
  }

  @Test
  void depositCycles_movesTheAttachedCyclesToTheTarget() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId p = proxy(s);
      CanisterId target = s.createCanister(); // empty: no storage charges
      Cycles before = s.cyclesBalance(target);
      Cycles proxyBefore = s.cyclesBalance(p);
      long amount = 1_000_000_000L;
      assertThat(replied(call(s, p, amount, "deposit_cycles", canisterIdArg(target))))
          .isEqualTo(CandidEncoder.empty());
      assertThat(s.cyclesBalance(target).value())
          .isEqualTo(before.value().add(BigInteger.valueOf(amount)));
      assertThat(proxyBefore.value().subtract(s.cyclesBalance(p).value()))
          .isGreaterThanOrEqualTo(BigInteger.valueOf(amount));
    }
  }

  @Test
  void unofferedMethod_isRejectedNamingTheMethod_cyclesRefunded() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId p = proxy(s);
      Cycles before = s.cyclesBalance(p);
      long amount = 1_000_000_000_000L;
      assertThat(rejected(call(s, p, amount, "sign_with_ecdsa", CandidEncoder.empty())))
          .isEqualTo("4 Management canister method sign_with_ecdsa is not offered by this "
              + "replica (jicp)");
      // Only fees were spent: the attached cycles came back.
      assertThat(before.value().subtract(s.cyclesBalance(p).value()))
          .isLessThan(BigInteger.valueOf(amount / 10));
    }
  }
}
