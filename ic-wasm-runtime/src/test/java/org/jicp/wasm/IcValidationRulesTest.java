package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jicp.wasm.ModuleBuilder.I32;
import static org.jicp.wasm.ModuleBuilder.NONE;
import static org.jicp.wasm.ModuleBuilder.bytes;

import java.util.Set;
import org.jicp.wasm.internal.binary.ByteWriter;
import org.jicp.wasm.internal.binary.IcValidation;
import org.jicp.wasm.internal.binary.ParsedModule;
import org.junit.jupiter.api.Test;

/**
 * {@link IcValidation}, the IC's rules on a decoded module, at the edges of each limit (accepted at
 * it, rejected one past it) and on the rejection paths the mutation run found untested: memory
 * counts, imports that are not functions, reserved and mistyped exports, method-name budgets,
 * duplicate {@code icp:} sections; and the {@link IcValidation.Info} it reports.
 */
class IcValidationRulesTest {
  private static final byte[] EMPTY_BODY = bytes(0, 0x0B);

  private static ModuleBuilder base() {
    ModuleBuilder m = new ModuleBuilder();
    int f = m.func(NONE, NONE, EMPTY_BODY);
    m.export("canister_update ok", f);
    return m;
  }

  private static IcValidation.Info validate(byte[] wasm) {
    return IcValidation.validate(ParsedModule.parse(wasm));
  }

  private static String rule(byte[] wasm) {
    try {
      validate(wasm);
    } catch (InvalidWasmException e) {
      return e.rule();
    }
    throw new AssertionError("accepted");
  }

  private static byte[] i32Const(int v) {
    return new ByteWriter().u8(0x41).sleb(v).toByteArray();
  }

  /** A module whose only section is an import of {@code ic0.m} of kind {@code kind}. */
  private static byte[] importOfKind(int kind, byte[] desc, boolean alsoMemory) {
    ByteWriter out = new ByteWriter().bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    out.section(2, new ByteWriter().u32(1).name("ic0").name("m").u8(kind).bytes(desc));
    if (alsoMemory) {
      out.section(5, new ByteWriter().u32(1).u8(0).u32(1));
    }
    return out.toByteArray();
  }

  @Test
  void validate_info_reportsMethodsEntryPointsAndMetadata() {
    ModuleBuilder m = base();
    int f = 0;
    m.export("canister_query q", f);
    m.export("canister_composite_query cq", f);
    m.export("canister_init", f);
    m.export("canister_heartbeat", f);
    m.export("helper", f);
    m.custom("icp:public candid:service", bytes(1, 2));
    m.custom("icp:private secret", bytes(3));
    IcValidation.Info info = validate(m.build());
    assertThat(info.updates()).containsExactly("ok");
    assertThat(info.queries()).containsExactly("q");
    assertThat(info.compositeQueries()).containsExactly("cq");
    assertThat(info.entryPoints()).isEqualTo(Set.of("canister_init", "canister_heartbeat"));
    assertThat(info.publicMetadata()).containsOnlyKeys("candid:service");
    assertThat(info.publicMetadata().get("candid:service")).containsExactly(1, 2);
    assertThat(info.privateMetadata()).containsOnlyKeys("secret");
  }

  @Test
  void validate_twoMemories_rejected() {
    assertThat(rule(importOfKind(2, bytes(0, 1), true))).isEqualTo("memory count");
  }

  @Test
  void validate_importOfAMemoryOrGlobal_rejectedAsImportKind() {
    assertThat(rule(importOfKind(2, bytes(0, 1), false))).isEqualTo("import kind");
    assertThat(rule(importOfKind(3, bytes(I32, 0), false))).isEqualTo("import kind");
  }

  @Test
  void validate_wasm64MemoryAtSixGiB_acceptedAndOnePagePast_rejected() {
    validate(base().memoryLimits(0x05, 1, 98_304).build());
    validate(base().memoryLimits(0x04, 98_304, -1).build());
    assertThatThrownBy(() -> validate(base().memoryLimits(0x04, 98_305, -1).build()))
        .isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("declared 98305 pages, allowed 98304 pages");
    assertThatThrownBy(() -> validate(base().memoryLimits(0x05, 98_305, 98_306).build()))
        .hasMessageContaining("declared 98306 pages");
    // 32-bit memories are not bound by the 6 GiB rule.
    validate(base().memoryLimits(0x01, 1, 65_536).build());
  }

  @Test
  void validate_dataSegmentEndingAtTheMemoryEnd_acceptedAndOneBytePast_rejected() {
    validate(base().data(i32Const(65_535), bytes(7)).build());
    validate(base().data(i32Const(65_536), NONE).build());
    assertThat(rule(base().data(i32Const(65_536), bytes(7)).build()))
        .isEqualTo("data segment bounds");
    assertThat(rule(base().data(i32Const(65_537), NONE).build()))
        .isEqualTo("data segment bounds");
    assertThat(rule(base().data(i32Const(0), new byte[65_537]).build()))
        .isEqualTo("data segment bounds");
    validate(base().data(i32Const(0), new byte[65_536]).build());
  }

  @Test
  void validate_nonConstantDataOffsetIn32BitMemory_rejectedNamingI32() {
    ModuleBuilder m = base().globals(1);
    m.data(bytes(0x23, 0), bytes(1)); // global.get 0
    assertThatThrownBy(() -> validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("data segment offset")
        .hasMessageContaining("for 32bit memory: must be a single i32.const");
  }

  @Test
  void validate_reservedOrDuplicateExports_rejected() {
    ModuleBuilder dup = base();
    dup.export("canister_update ok", 0);
    assertThat(rule(dup.build())).isEqualTo("duplicate export");
    ModuleBuilder start = base();
    start.export("canister_start", 0);
    assertThat(rule(start.build())).isEqualTo("reserved export");
    ModuleBuilder counter = base();
    counter.export("canister counter_instructions", 0);
    assertThat(rule(counter.build())).isEqualTo("reserved export");
  }

  @Test
  void validate_entryPointWithParamsOrResults_rejected() {
    ModuleBuilder p = base();
    int f = p.func(new byte[] {I32}, NONE, EMPTY_BODY);
    p.export("canister_update p", f);
    assertThat(rule(p.build())).isEqualTo("entry point type");
    ModuleBuilder r = base();
    int g = r.func(NONE, new byte[] {I32}, bytes(0, 0x41, 0, 0x0B));
    r.export("canister_query r", g);
    assertThat(rule(r.build())).isEqualTo("entry point type");
    ModuleBuilder ok = base();
    int h = ok.func(new byte[] {I32}, NONE, EMPTY_BODY);
    ok.export("helper", h);
    validate(ok.build());
  }

  @Test
  void validate_entryPointIndexOutOfRange_rejected() {
    ModuleBuilder m = base();
    m.export("canister_update far", 1);
    assertThat(rule(m.build())).isEqualTo("function index");
  }

  @Test
  void validate_sameMethodAsQueryAndCompositeQuery_rejected() {
    ModuleBuilder m = base();
    m.export("canister_query x", 0);
    m.export("canister_composite_query x", 0);
    assertThat(rule(m.build())).isEqualTo("duplicate method");
    ModuleBuilder u = base();
    u.export("canister_composite_query ok", 0);
    assertThat(rule(u.build())).isEqualTo("duplicate method");
  }

  @Test
  void validate_exportedMethodCount_acceptedAtLimitRejectedPast() {
    ModuleBuilder m = new ModuleBuilder();
    int f = m.func(NONE, NONE, EMPTY_BODY);
    for (int i = 0; i < IcValidation.MAX_EXPORTED_METHODS; i++) {
      m.export("canister_update m" + i, f);
    }
    assertThat(validate(m.build()).updates()).hasSize(1000);
    m.export("canister_query one_more", f);
    assertThatThrownBy(() -> validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("1001 methods exceed the limit of 1000");
  }

  @Test
  void validate_exportedNameBytes_acceptedAtLimitRejectedPast() {
    ModuleBuilder m = new ModuleBuilder();
    int f = m.func(NONE, NONE, EMPTY_BODY);
    for (int i = 0; i < 100; i++) {
      m.export("canister_update " + String.format("%03d", i) + "x".repeat(197), f);
    }
    validate(m.build()); // 100 names of 200 bytes: 20,000
    m.export("canister_query y", f);
    assertThatThrownBy(() -> validate(m.build())).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("20001 bytes exceed the limit of 20000");
  }

  @Test
  void validate_icpSections_limitsAtTheirEdgesAndDuplicates() {
    ModuleBuilder sixteen = base();
    for (int i = 0; i < IcValidation.MAX_ICP_CUSTOM_SECTIONS; i++) {
      sixteen.custom("icp:private s" + i, bytes(1));
    }
    validate(sixteen.build());
    // name "big" (3 bytes) + content: exactly 1 MiB accepted, one byte more rejected
    validate(base().custom("icp:public big", new byte[(1 << 20) - 3]).build());
    assertThatThrownBy(() -> validate(base().custom("icp:public big",
        new byte[(1 << 20) - 2]).build())).hasMessageContaining("icp custom section size");
    assertThat(rule(base().custom("icp:public a", bytes(1)).custom("icp:private a", bytes(2))
        .build())).isEqualTo("duplicate icp custom section");
    assertThat(rule(base().custom("icp:private a", bytes(1)).custom("icp:public a", bytes(2))
        .build())).isEqualTo("duplicate icp custom section");
  }

  @Test
  void validate_importTypeIndexJustPastTheTypes_rejected() {
    ParsedModule m = ParsedModule.parse(base().build());
    m.imports.add(new ParsedModule.Import("ic0", "msg_reply", 0, m.types.size()));
    assertThatThrownBy(() -> IcValidation.validate(m)).isInstanceOf(InvalidWasmException.class)
        .satisfies(e -> assertThat(((InvalidWasmException) e).rule()).isEqualTo("type index"));
    ParsedModule ok = ParsedModule.parse(base().build());
    ok.imports.add(new ParsedModule.Import("ic0", "msg_reply", 0, ok.types.size() - 1));
    IcValidation.validate(ok); // type 0 is () -> (), msg_reply's type
  }

  @Test
  void validate_limitsOnTheDecodedModule_rejectJustPast() {
    ParsedModule code = ParsedModule.parse(base().build());
    code.codeSectionSize = IcValidation.MAX_CODE_SECTION_BYTES;
    IcValidation.validate(code);
    code.codeSectionSize++;
    assertThatThrownBy(() -> IcValidation.validate(code)).isInstanceOf(InvalidWasmException.class)
        .hasMessageContaining("10485761 bytes exceed");
    ParsedModule globals = ParsedModule.parse(base().globals(999).build());
    globals.importedGlobals = 1;
    IcValidation.validate(globals);
    globals.importedGlobals = 2;
    assertThatThrownBy(() -> IcValidation.validate(globals))
        .hasMessageContaining("1001 globals exceed");
    ParsedModule funcs = ParsedModule.parse(base().build());
    funcs.functionTypes = new int[IcValidation.MAX_FUNCTIONS];
    IcValidation.validate(funcs);
    funcs.functionTypes = new int[IcValidation.MAX_FUNCTIONS + 1];
    assertThatThrownBy(() -> IcValidation.validate(funcs))
        .hasMessageContaining("50001 functions exceed");
  }
}
