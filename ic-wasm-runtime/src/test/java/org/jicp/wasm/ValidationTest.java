package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jicp.wasm.ModuleBuilder.I32;
import static org.jicp.wasm.ModuleBuilder.NONE;
import static org.jicp.wasm.ModuleBuilder.bytes;

import java.util.Arrays;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private static final byte[] EMPTY_BODY = bytes(0, 0x0B);

  private static ModuleBuilder base() {
    ModuleBuilder m = new ModuleBuilder();
    int f = m.func(NONE, NONE, EMPTY_BODY);
    m.export("canister_update ok", f);
    return m;
  }

  @Test
  void validate_minimalModule_passes() {
    Subnet.validate(base().build());
  }

  @Test
  void validate_garbage_isMalformed() {
    assertThatThrownBy(() -> Subnet.validate(new byte[] {1, 2, 3}))
        .isInstanceOf(MalformedWasmException.class).hasMessageContaining("magic");
    byte[] truncated = Arrays.copyOf(base().build(), 20);
    assertThatThrownBy(() -> Subnet.validate(truncated))
        .isInstanceOf(MalformedWasmException.class);
  }

  @Test
  void validate_moduleOver100MiB_rejected() {
    byte[] big = new byte[(100 << 20) + 1];
    System.arraycopy(base().build(), 0, big, 0, 8);
    assertThatThrownBy(() -> Subnet.validate(big)).isInstanceOf(InvalidWasmException.class)
        .satisfies(e -> assertThat(((InvalidWasmException) e).rule()).isEqualTo("module size"));
  }

  @Test
  void validate_codeSectionOver10MiB_rejected() {
    byte[] body = new byte[(10 << 20) + 10];
    Arrays.fill(body, (byte) 0x01);
    body[0] = 0;
    body[body.length - 1] = 0x0B;
    ModuleBuilder m = base();
    m.func(NONE, NONE, body);
    assertThatThrownBy(() -> Subnet.validate(m.build()))
        .isInstanceOf(InvalidWasmException.class)
        .satisfies(e -> assertThat(((InvalidWasmException) e).rule())
            .isEqualTo("code section size"));
  }

  @Test
  void validate_over50000Functions_rejected() {
    ModuleBuilder m = base();
    for (int i = 0; i < 50_000; i++) {
      m.func(NONE, NONE, EMPTY_BODY);
    }
    assertThatThrownBy(() -> Subnet.validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("function count").hasMessageContaining("50001");
  }

  @Test
  void validate_over1000Globals_rejected() {
    assertThatThrownBy(() -> Subnet.validate(base().globals(1001).build()))
        .isInstanceOf(InvalidWasmException.class).hasMessageContaining("global count");
    Subnet.validate(base().globals(1000).build());
  }

  @Test
  void validate_icpCustomSections_countSizeAndNames() {
    ModuleBuilder m = base();
    for (int i = 0; i < 17; i++) {
      m.custom("icp:public s" + i, new byte[1]);
    }
    assertThatThrownBy(() -> Subnet.validate(m.build()))
        .hasMessageContaining("icp custom section count");
    assertThatThrownBy(() -> Subnet.validate(base().custom("icp:public big",
        new byte[(1 << 20) + 1]).build())).hasMessageContaining("icp custom section size");
    assertThatThrownBy(() -> Subnet.validate(base().custom("icp:other x", new byte[1]).build()))
        .isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("custom section 'icp:other x'");
    Subnet.validate(base().custom("other", new byte[1]).custom("icp:private candid:service",
        new byte[3]).build());
  }

  @Test
  void validate_unknownCanisterExport_rejected() {
    ModuleBuilder m = base();
    m.export("canister_foo", 0);
    assertThatThrownBy(() -> Subnet.validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("export 'canister_foo'");
  }

  @Test
  void validate_sameMethodAsUpdateAndQuery_rejected() {
    ModuleBuilder m = base();
    m.export("canister_query ok", 0);
    assertThatThrownBy(() -> Subnet.validate(m.build()))
        .hasMessageContaining("duplicate method");
  }

  @Test
  void validate_importsOnlyFromIc0WithTheRightSignature() {
    ModuleBuilder env = new ModuleBuilder();
    env.importFunc("env", "f", NONE, NONE);
    assertThatThrownBy(() -> Subnet.validate(env.build()))
        .hasMessageContaining("import 'env.f'");
    ModuleBuilder sig = new ModuleBuilder();
    sig.importFunc("ic0", "msg_reply", new byte[] {I32}, NONE);
    assertThatThrownBy(() -> Subnet.validate(sig.build()))
        .isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("import signature")
        .hasMessageContaining("expected () -> (), found (i32) -> ()");
    ModuleBuilder unknown = new ModuleBuilder();
    unknown.importFunc("ic0", "no_such_function", NONE, NONE);
    assertThatThrownBy(() -> Subnet.validate(unknown.build()))
        .hasMessageContaining("unknown ic0 function");
  }

  @Test
  void validate_memory64_isLoweredAndAccepted() {
    Subnet.validate(base().memory64().build());
    for (String c : new String[] {"counter", "caller", "looper", "stable_store", "trapper"}) {
      Subnet.validate(Harness.motoko64(c));
    }
  }

  private static String rule(byte[] wasm) {
    try {
      Subnet.validate(wasm);
    } catch (InvalidWasmException e) {
      return e.rule();
    }
    throw new AssertionError("accepted");
  }

  private static byte[] i64Const(long v) {
    return new org.jicp.wasm.internal.binary.ByteWriter().u8(0x42).sleb(v).toByteArray();
  }

  @Test
  void validate_badWasm64Modules_typedRejectionNamingTheRule() {
    // limits: minimum above maximum; past the memory64 bound of 2^48 pages; past the IC's 6 GiB
    assertThat(rule(base().memoryLimits(0x05, 5, 2).build())).isEqualTo("limits");
    assertThat(rule(base().memoryLimits(0x04, (1L << 48) + 1, -1).build())).isEqualTo("limits");
    assertThat(rule(base().memoryLimits(0x05, 1, 98_305).build()))
        .isEqualTo("wasm memory size");
    // a 64-bit data offset past the memory, and a segment larger than the memory
    assertThat(rule(base().memory64().data(i64Const(1L << 33), bytes(1)).build()))
        .isEqualTo("data segment bounds");
    assertThat(rule(base().memory64().data(i64Const(0), new byte[65537]).build()))
        .isEqualTo("data segment bounds");
    assertThat(rule(base().memory64().data(i64Const(-1), bytes(1)).build()))
        .isEqualTo("data segment bounds");
    // mixed index types: an i32 offset for a memory64, an i32 address for a memory64 load
    assertThat(rule(base().memory64().data(bytes(0x41, 0), bytes(1)).build()))
        .isEqualTo("data segment offset");
    ModuleBuilder m = base().memory64();
    m.func(NONE, NONE, bytes(0, 0x41, 0, 0x28, 2, 0, 0x1A, 0x0B)); // i32.const 0; i32.load
    assertThat(rule(m.build())).isEqualTo("wasm validation");
    ModuleBuilder g = base().memory64();
    g.func(NONE, NONE, bytes(0, 0x41, 1, 0x40, 0, 0x1A, 0x0B)); // memory.grow with an i32 delta
    assertThat(rule(g.build())).isEqualTo("wasm validation");
  }

  @Test
  void validate_wasm64ImportWith32BitPointers_rejectedWithTheSignature() {
    ModuleBuilder m = base().memory64();
    m.importFunc("ic0", "msg_reply_data_append", bytes(0x7F, 0x7F), NONE);
    assertThatThrownBy(() -> Subnet.validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("import signature").hasMessageContaining("expected (i64, i64)");
  }

  @Test
  void validate_wasm64ImportOfA32BitOnlyFunction_rejected() {
    ModuleBuilder m = base().memory64();
    m.importFunc("ic0", "stable_size", NONE, bytes(0x7F));
    assertThatThrownBy(() -> Subnet.validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("wasm32 modules only");
  }

  @Test
  void validate_typeError_rejectedByWasmValidation() {
    ModuleBuilder m = base();
    m.func(NONE, NONE, bytes(0, 0x6A, 0x1A, 0x0B)); // i32.add on an empty stack
    assertThatThrownBy(() -> Subnet.validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .satisfies(e -> assertThat(((InvalidWasmException) e).rule())
            .isEqualTo("wasm validation"));
  }

  @Test
  void install_invalidModule_rejectsAndLeavesTheCanisterEmpty() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = s.createCanister();
      var before = s.state().canister(c).orElseThrow().system();
      byte[] wasm = {0, 'a', 's', 'm', 2, 0, 0, 0};
      CallResult r = s.install(c, wasm, NONE, InstallMode.INSTALL);
      assertThat(r.toString()).startsWith("reject 5 Wasm module of canister " + c
          + " is not valid");
      var after = s.state().canister(c).orElseThrow();
      assertThat(after.execution()).isEmpty();
      assertThat(after.system().canisterVersion()).isEqualTo(before.canisterVersion());
      assertThat(after.system().history()).isEqualTo(before.history());
      // The canister paid the ingress induction fee of the install_code message, nothing else.
      int size = "install_code".length() + org.jicp.wasm.execution.ManagementApi.encode(
          new org.jicp.wasm.execution.ManagementApi.InstallCodeArgs(
              new org.jicp.wasm.execution.ManagementApi.InstallMode.Install(), c.principal(),
              org.jicp.crypto.Bytes.of(wasm), org.jicp.crypto.Bytes.of(NONE),
              java.util.Optional.empty())).length;
      assertThat(after.system().cyclesBalance()).isEqualTo(before.cyclesBalance()
          .subtract(org.jicp.wasm.cycles.FeeSchedule.applicationSubnet()
              .ingressInductionCost(size)));
    }
  }
}
