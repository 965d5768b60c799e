package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;

/** The management canister's interface (excerpt) as plain Java types. */
class ManagementCanisterMappingTest {
  private static final DidFile IC = DidFile.parse(ManagementCanisterExcerpt.DID);
  private final CandidMapper mapper = CandidMapper.standard();

  sealed interface LogVisibility permits Controllers, Public, AllowedViewers {}

  @CandidName("controllers")
  record Controllers() implements LogVisibility {}

  @CandidName("public")
  record Public() implements LogVisibility {}

  @CandidName("allowed_viewers")
  record AllowedViewers(List<Principal> viewers) implements LogVisibility {}

  record CanisterSettings(
      Optional<List<Principal>> controllers,
      @CandidName("compute_allocation") Optional<BigInteger> computeAllocation,
      @CandidName("memory_allocation") Optional<BigInteger> memoryAllocation,
      @CandidName("freezing_threshold") Optional<BigInteger> freezingThreshold,
      @CandidName("log_visibility") Optional<LogVisibility> logVisibility) {}

  record CreateCanisterArgs(
      Optional<CanisterSettings> settings,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Long senderCanisterVersion) {}

  enum WasmMemoryPersistence {
    keep,
    replace
  }

  record UpgradeOptions(
      @CandidName("skip_pre_upgrade") Optional<Boolean> skipPreUpgrade,
      @CandidName("wasm_memory_persistence") Optional<WasmMemoryPersistence> persistence) {}

  sealed interface InstallMode permits Install, Reinstall, Upgrade {}

  @CandidName("install")
  record Install() implements InstallMode {}

  @CandidName("reinstall")
  record Reinstall() implements InstallMode {}

  @CandidName("upgrade")
  record Upgrade(Optional<UpgradeOptions> options) implements InstallMode {}

  record InstallCodeArgs(
      InstallMode mode,
      @CandidName("canister_id") Principal canisterId,
      @CandidName("wasm_module") byte[] wasmModule,
      byte[] arg,
      @CandidName("sender_canister_version") @CandidAs("opt nat64") Optional<Long> version) {}

  enum Status {
    running,
    stopping,
    stopped
  }

  record DefiniteSettings(
      List<Principal> controllers,
      @CandidName("compute_allocation") BigInteger computeAllocation,
      @CandidName("memory_allocation") BigInteger memoryAllocation,
      @CandidName("freezing_threshold") BigInteger freezingThreshold,
      @CandidName("log_visibility") LogVisibility logVisibility) {}

  record CanisterStatusResult(
      Status status,
      DefiniteSettings settings,
      @CandidName("module_hash") Optional<byte[]> moduleHash,
      @CandidName("memory_size") BigInteger memorySize,
      BigInteger cycles,
      @CandidName("idle_cycles_burned_per_day") BigInteger idleCyclesBurnedPerDay) {}

  @Test
  void javaTypes_haveTheInterfaceTypes() {
    assertEquivalent(CreateCanisterArgs.class, "create_canister_args");
    assertEquivalent(CanisterStatusResult.class, "canister_status_result");
    assertEquivalent(LogVisibility.class, "log_visibility");
    assertEquivalent(InstallMode.class, "canister_install_mode");
  }

  private void assertEquivalent(Class<?> c, String name) {
    CandidType javaSide = mapper.typeOf(c);
    CandidType didSide = IC.types().ref(name);
    assertThat(CandidTypes.equivalent(javaSide, didSide))
        .as("%s: %s vs %s", c.getSimpleName(), javaSide, didSide.resolve())
        .isTrue();
  }

  @Test
  void createCanisterArgs_encodeAtTheMethodTypeAndReadBackAsText() {
    CreateCanisterArgs args =
        new CreateCanisterArgs(
            Optional.of(new CanisterSettings(
                Optional.of(List.of(Principal.anonymous())), Optional.empty(),
                Optional.of(BigInteger.valueOf(1 << 20)), Optional.empty(),
                Optional.of(new AllowedViewers(List.of(Principal.managementCanister()))))),
            7L);
    byte[] msg = mapper.encode(args);
    CandidType.Func create = IC.method("create_canister").orElseThrow();
    List<CandidValue> asDid = CandidDecoder.standard().decode(msg, create.args());
    assertThat(CandidText.printArgs(asDid))
        .contains("log_visibility = opt variant { allowed_viewers = vec { principal \"aaaaa-aa\" }")
        .contains("sender_canister_version = opt 7");
    assertThat(mapper.decode(msg, CreateCanisterArgs.class).senderCanisterVersion()).isEqualTo(7L);
  }

  @Test
  void canisterStatusReply_fromTheInterfaceTypes_decodesIntoJava() {
    CandidType.Func status = IC.method("canister_status").orElseThrow();
    List<CandidValue> reply =
        CandidText.parseArgs(
            "(record { status = variant { running }; settings = record { controllers = vec {};"
                + " compute_allocation = 0; memory_allocation = 0; freezing_threshold = 2_592_000;"
                + " log_visibility = variant { controllers } }; module_hash = opt blob \"\\ab\";"
                + " memory_size = 1234; cycles = 3_000_000_000_000; idle_cycles_burned_per_day"
                + " = 42 })",
            status.results(), IC.types());
    byte[] msg = CandidEncoder.encode(status.results(), reply);
    CanisterStatusResult r = mapper.decode(msg, CanisterStatusResult.class);
    assertThat(r.status()).isEqualTo(Status.running);
    assertThat(r.settings().logVisibility()).isEqualTo(new Controllers());
    assertThat(r.cycles()).isEqualTo(new BigInteger("3000000000000"));
    assertThat(r.moduleHash()).hasValueSatisfying(h -> assertThat(h).containsExactly(0xab));
  }

  @Test
  void installCode_upgradeWithOptions_roundTrips() {
    InstallCodeArgs a =
        new InstallCodeArgs(
            new Upgrade(Optional.of(new UpgradeOptions(Optional.of(true),
                Optional.of(WasmMemoryPersistence.keep)))),
            Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai"), new byte[] {0, 'a', 's', 'm'},
            new byte[0], Optional.of(-1L));
    byte[] msg = mapper.encode(a);
    CandidType.Func install = IC.method("install_code").orElseThrow();
    String text = CandidText.printArgs(CandidDecoder.standard().decode(msg, install.args()));
    assertThat(text).contains("mode = variant { upgrade = opt record {")
        .contains("sender_canister_version = opt 18446744073709551615");
    InstallCodeArgs back = mapper.decode(msg, InstallCodeArgs.class);
    assertThat(back.mode()).isEqualTo(a.mode());
    assertThat(back.version()).contains(-1L);
  }
}
