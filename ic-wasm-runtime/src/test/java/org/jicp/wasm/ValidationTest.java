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
  void validate_memory64_notSupportedByThisEngine() {
    assertThatThrownBy(() -> Subnet.validate(base().memory64().build()))
        .isInstanceOf(UnsupportedWasmFeatureException.class)
        .hasMessageContaining("memory64 is not supported by this engine");
    assertThatThrownBy(() -> Subnet.validate(Harness.read("motoko/out/wasm64/counter.wasm")))
        .isInstanceOf(UnsupportedWasmFeatureException.class)
        .hasMessageContaining("not supported by this engine");
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
