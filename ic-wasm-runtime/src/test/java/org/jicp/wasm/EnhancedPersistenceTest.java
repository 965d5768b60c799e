package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult.Reply;
import org.jicp.wasm.execution.ManagementApi.WasmMemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Upgrades of a canister with enhanced orthogonal persistence (the wasm64 Motoko {@code
 * stable_store}, which declares {@code icp:private enhanced-orthogonal-persistence}) under the
 * IC's {@code wasm_memory_persistence} rules ({@code determine_main_memory_handling} in dfinity/ic:
 * missing option for an EOP canister rejected, {@code keep} for a non-EOP module rejected).
 */
class EnhancedPersistenceTest {
  private static final byte[] STORE64 = Harness.motoko64("stable_store");

  private static String reply(CallResult r) {
    assertThat(r).as(r.toString()).isInstanceOf(Reply.class);
    return Candid.hex(((Reply) r).data().toByteArray());
  }

  private static CanisterId withTwoEntries(Subnet s) {
    CanisterId c = s.createCanister();
    assertThat(s.install(c, STORE64, Candid.EMPTY, InstallMode.INSTALL)).hasToString("reply 0x");
    assertThat(reply(s.update(c, "put", Candid.text("a")))).isEqualTo("4449444c00017d01");
    assertThat(reply(s.update(c, "put", Candid.text("b")))).isEqualTo("4449444c00017d02");
    return c;
  }

  @Test
  void upgrade_eopCanisterWithoutTheOption_rejectedWithTheIcMessage_stateKept() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId c = withTwoEntries(s);
      byte[] hash = s.state().canister(c).orElseThrow().execution().orElseThrow().wasmBinary()
          .toByteArray();
      CallResult r = s.install(c, STORE64, Candid.EMPTY, InstallMode.UPGRADE, null);
      assertThat(r).hasToString("reject 5 Missing upgrade option: Enhanced orthogonal persistence "
          + "requires the `wasm_memory_persistence` upgrade option.");
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d7101000201610162");
      assertThat(s.state().canister(c).orElseThrow().execution().orElseThrow().wasmBinary()
          .toByteArray()).isEqualTo(hash);
    }
  }

  @Test
  void upgrade_keep_keepsTheHeap_asTheWasm32BuildDoesThroughStableMemory() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId c = withTwoEntries(s);
      assertThat(s.install(c, STORE64, Candid.EMPTY, InstallMode.UPGRADE,
          WasmMemoryPersistence.KEEP)).hasToString("reply 0x");
      assertThat(reply(s.query(c, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d01");
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d7101000201610162");
      assertThat(reply(s.query(c, "transientCounter", Candid.EMPTY)))
          .isEqualTo("4449444c00017d00");
      // a second upgrade keeps counting
      assertThat(s.install(c, STORE64, Candid.EMPTY, InstallMode.UPGRADE,
          WasmMemoryPersistence.KEEP)).hasToString("reply 0x");
      assertThat(reply(s.query(c, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d02");
    }
  }

  @Test
  void upgrade_replace_dropsTheHeap() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId c = withTwoEntries(s);
      CallResult r = s.install(c, STORE64, Candid.EMPTY, InstallMode.UPGRADE,
          WasmMemoryPersistence.REPLACE);
      // The old heap is gone: the canister's stable variables are not where the new instance
      // looks (Motoko's EOP keeps them in the heap), so it starts over or refuses the upgrade.
      if (r.isReply()) {
        assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
            .isNotEqualTo("4449444c016d7101000201610162");
      } else {
        assertThat(r.toString()).startsWith("reject 5 ");
        assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
            .isEqualTo("4449444c016d7101000201610162");
      }
    }
  }

  @Test
  void upgrade_keepToAModuleWithoutEop_rejectedAsInvalidOption() {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId c = withTwoEntries(s);
      CallResult r = s.install(c, Harness.motoko("stable_store"), Candid.EMPTY,
          InstallMode.UPGRADE, WasmMemoryPersistence.KEEP);
      assertThat(r).hasToString("reject 5 Invalid upgrade option: The `wasm_memory_persistence: "
          + "opt Keep` upgrade option requires that the new canister module supports enhanced "
          + "orthogonal persistence.");
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d7101000201610162");
    }
  }

  @Test
  void upgrade_fourArgumentApi_keepsTheHeapOfAnEopCanister_asDfxDoes() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = withTwoEntries(s);
      assertThat(s.install(c, STORE64, Candid.EMPTY, InstallMode.UPGRADE))
          .hasToString("reply 0x");
      assertThat(reply(s.query(c, "upgrades", Candid.EMPTY))).isEqualTo("4449444c00017d01");
      assertThat(reply(s.query(c, "entries", Candid.EMPTY)))
          .isEqualTo("4449444c016d7101000201610162");
    }
  }
}
