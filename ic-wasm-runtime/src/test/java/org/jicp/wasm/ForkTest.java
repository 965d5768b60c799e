package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.jicp.crypto.Principal;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.CanisterFork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Canister fork ({@link CanisterFork}, {@link Subnet#fork}) on the test canister {@code
 * store.wat}: a fork has its source's code, heap, stable memory, globals, certified data, chunk
 * store, controllers, settings and cycles at fork time, behaves as its source, and the two
 * diverge after; {@link CanisterFork.Mode#SHARE} shares the source's pages, {@link
 * CanisterFork.Mode#TRANSFER} copies them through snapshot download and upload; a failed fork
 * leaves nothing behind.
 */
class ForkTest {
  private static final byte[] STORE = TestModules.wasm("store");
  private static final byte[] NONE = new byte[0];

  private static long le(CallResult r) {
    assertThat(r.isReply()).as(r.toString()).isTrue();
    return ByteBuffer.wrap(((CallResult.Reply) r).data().toByteArray())
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** Whether two memories have the same contents over {@code wasmPages}. */
  static boolean sameContents(PageMap a, PageMap b, long wasmPages) {
    byte[] x = new byte[PageMap.PAGE_SIZE];
    byte[] y = new byte[PageMap.PAGE_SIZE];
    for (long p = 0; p < wasmPages * 16; p++) {
      a.readPage(p, x);
      b.readPage(p, y);
      if (!java.util.Arrays.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  /** The parts of two canisters a fork copies are equal. */
  static void assertForked(Subnet s, CanisterId source, CanisterId fork) {
    CanisterState a = s.state().canister(source).orElseThrow();
    CanisterState b = s.state().canister(fork).orElseThrow();
    ExecutionState x = a.execution().orElseThrow();
    ExecutionState y = b.execution().orElseThrow();
    assertThat(y.moduleHash()).isEqualTo(x.moduleHash());
    assertThat(y.heapSizeWasmPages()).isEqualTo(x.heapSizeWasmPages());
    assertThat(y.stableMemorySizeWasmPages()).isEqualTo(x.stableMemorySizeWasmPages());
    assertThat(sameContents(x.heap(), y.heap(), x.heapSizeWasmPages())).isTrue();
    assertThat(sameContents(x.stableMemory(), y.stableMemory(), x.stableMemorySizeWasmPages()))
        .isTrue();
    assertThat(y.exportedGlobals()).isEqualTo(x.exportedGlobals());
    assertThat(b.system().certifiedData()).isEqualTo(a.system().certifiedData());
    assertThat(b.system().chunkStore()).isEqualTo(a.system().chunkStore());
    assertThat(b.system().controllers()).isEqualTo(a.system().controllers());
    assertThat(b.system().settings()).isEqualTo(a.system().settings());
    assertThat(s.state().snapshots()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(CanisterFork.Mode.class)
  void fork_midLife_behavesAsItsSource_thenTheTwoDiverge(CanisterFork.Mode mode) {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = s.createCanister();
      s.install(c, STORE, NONE, InstallMode.INSTALL);
      le(s.update(c, "inc", NONE));
      le(s.update(c, "inc", NONE));
      s.callManagement("upload_chunk", org.jicp.wasm.execution.ManagementApi.encode(
          new org.jicp.wasm.execution.ManagementApi.UploadChunkArgs(c.principal(),
              org.jicp.crypto.Bytes.of(new byte[] {5}))), c, Subnet.ANONYMOUS);
      CanisterId f = s.fork(c, mode);
      assertThat(f).isNotEqualTo(c);
      assertForked(s, c, f);
      // Cycles: the source's balance when the fork was created (both paid rounds since).
      assertThat(s.cyclesBalance(f).value()).isPositive();
      for (String q : List.of("global", "heap", "stable")) {
        assertThat(le(s.query(f, q, NONE))).as(q).isEqualTo(2);
      }
      assertThat(le(s.update(f, "inc", NONE))).isEqualTo(3);
      assertThat(le(s.update(f, "inc", NONE))).isEqualTo(4);
      assertThat(le(s.update(c, "inc", NONE))).isEqualTo(3);
      for (String q : List.of("global", "heap", "stable")) {
        assertThat(le(s.query(c, q, NONE))).as(q).isEqualTo(3);
        assertThat(le(s.query(f, q, NONE))).as(q).isEqualTo(4);
      }
      // The fork's history records the load of the source's snapshot.
      var changes = s.state().canister(f).orElseThrow().system().history().recentChanges();
      assertThat(changes).hasSize(2);
      var load = (org.jicp.state.replicated.CanisterHistory.LoadSnapshot) changes.get(1)
          .details();
      assertThat(load.fromCanisterId()).isEqualTo(mode == CanisterFork.Mode.SHARE
          ? java.util.Optional.of(c) : java.util.Optional.empty());
    }
  }

  @Test
  void fork_share_usesTheSourcesPages_transferCopiesThem() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = s.createCanister();
      s.install(c, STORE, NONE, InstallMode.INSTALL);
      // 40 wasm pages with a byte written in each 4 KiB page
      le(s.update(c, "fill", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(40)
          .array()));
      CanisterId shared = s.fork(c, CanisterFork.Mode.SHARE);
      CanisterId copied = s.fork(c, CanisterFork.Mode.TRANSFER);
      PageMap source = s.state().canister(c).orElseThrow().execution().orElseThrow().heap();
      assertThat(s.state().canister(shared).orElseThrow().execution().orElseThrow().heap())
          .isSameAs(source);
      PageMap copy = s.state().canister(copied).orElseThrow().execution().orElseThrow().heap();
      assertThat(copy).isNotSameAs(source);
      assertThat(sameContents(source, copy, 40)).isTrue();
      assertForked(s, c, shared);
      assertForked(s, c, copied);
    }
  }

  @Test
  void fork_byANonController_orOfAnEmptyCanister_failsAndLeavesNothing() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = s.createCanister();
      s.install(c, STORE, NONE, InstallMode.INSTALL);
      int canisters = s.state().canisters().size();
      Principal user = Principal.fromBytes(new byte[] {7, 7, 7});
      assertThatThrownBy(() -> s.fork(c, CanisterFork.Mode.SHARE, user))
          .isInstanceOf(CanisterFork.ForkException.class)
          .hasMessage("canister fork failed at canister_status: reject 5 Only controllers of "
              + "canister " + c + " can call ic00 method canister_status");
      CanisterId empty = s.createCanister();
      CanisterFork.ForkException e = org.junit.jupiter.api.Assertions.assertThrows(
          CanisterFork.ForkException.class, () -> s.fork(empty));
      assertThat(e.step()).isEqualTo("take_canister_snapshot");
      assertThat(e.rejectMessage()).isEqualTo("Failed to create snapshot for empty canister "
          + empty + ":");
      assertThat(s.state().canisters()).hasSize(canisters + 1);
      assertThat(s.state().snapshots()).isEmpty();
    }
  }

  @Test
  void scenario_fork_printsTheNewCanister_whichBecomesTheNextDollar() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      List<String> out = new java.util.ArrayList<>();
      Scenario scn = Scenario.parse(ScenarioTest.DIR.resolve("fork.scn"));
      assertThatThrownBy(() -> scn.run(s, out::add))
          .isInstanceOf(MalformedScenarioException.class)
          .hasMessageContaining("$3 refers to canister #3 but 2 were created");
      String v1 = "reply 0x0100000000000000";
      String v2 = "reply 0x0200000000000000";
      String v3 = "reply 0x0300000000000000";
      String v4 = "reply 0x0400000000000000";
      assertThat(out).hasSize(12);
      assertThat(out.get(0)).startsWith("created ");
      assertThat(out.get(4)).startsWith("created ").isNotEqualTo(out.get(0));
      assertThat(out.subList(1, 4)).containsExactly("ok", v1, v2);
      assertThat(out.subList(5, 12)).containsExactly(v2, v2, v3, v4, v3, v3, v4);
    }
  }
}
