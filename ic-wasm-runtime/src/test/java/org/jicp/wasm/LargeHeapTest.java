package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult.Reply;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Heaps past 2 GiB (the paged heap, the lowered accesses through the heap window) and the
 * canister's wasm memory limit, with the harness {@code looper.allocate(mb)}. The limit cases run
 * in the default build; the 2.2 GiB allocation needs some 8 GiB of Java heap and runs with {@code
 * -Djicp.largeHeap=true} (the {@code large-heap} profile: {@code mvn -P large-heap ...}).
 */
class LargeHeapTest {
  private static Subnet subnet(long memoryLimit) {
    return Subnet.create(Engine.COMPILER, ExecutionConfig.applicationSubnet()
        .withWasmMemoryLimit(memoryLimit), FeeSchedule.applicationSubnet());
  }

  private static CanisterId installed(Subnet s, byte[] wasm) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, wasm, Candid.EMPTY, InstallMode.INSTALL)).hasToString("reply 0x");
    return id;
  }

  @ParameterizedTest
  @ValueSource(strings = {"wasm32", "wasm64"})
  void allocate_pastTheWasmMemoryLimit_rejectedWithTheIcError_stateKept(String build) {
    long limit = 64L << 20;
    try (Subnet s = subnet(limit)) {
      CanisterId l = installed(s, Harness.motoko(build, "looper"));
      long pagesBefore = s.state().canister(l).orElseThrow().execution().orElseThrow()
          .heapSizeWasmPages();
      CallResult r = s.update(l, "allocate", Candid.nat(200)); // >= 100 MiB on either build
      assertThat(r.toString()).startsWith("reject 5 Error from Canister " + l + ": Canister "
          + "exceeded its current Wasm memory limit of " + limit + " bytes. The peak Wasm memory "
          + "usage was ");
      assertThat(s.state().canister(l).orElseThrow().execution().orElseThrow()
          .heapSizeWasmPages()).isEqualTo(pagesBefore);
      assertThat(s.update(l, "allocate", Candid.nat(1))).isInstanceOf(Reply.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"wasm32", "wasm64"})
  void allocate_pastTwoGib_growsThePagedHeap(String build) {
    assumeTrue(Boolean.getBoolean("jicp.largeHeap"), "needs -Djicp.largeHeap=true (profile "
        + "large-heap) and some 8 GiB of Java heap");
    try (Subnet s = subnet(build.equals("wasm64") ? ExecutionConfig.MAX_WASM64_MEMORY_BYTES
        : ExecutionConfig.MAX_WASM_MEMORY_BYTES)) {
      CanisterId l = installed(s, Harness.motoko(build, "looper"));
      // wasm64: an array of 2.2 GiB (8-byte elements); wasm32: of 2^29 - 131,072 4-byte
      // (compact Nat64) elements, near 32-bit Motoko's largest array, which with the rest of the
      // heap passes the 32,767 pages Chicory's own memory stops at
      int mb = build.equals("wasm64") ? 2200 : 4095;
      CallResult r = s.update(l, "allocate", Candid.nat(mb));
      assertThat(r).as(r.toString()).isInstanceOf(Reply.class);
      long pages = s.state().canister(l).orElseThrow().execution().orElseThrow()
          .heapSizeWasmPages();
      assertThat(pages).isGreaterThan(com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES);
      // the canister still works on the large heap (queries read it, updates commit)
      assertThat(s.update(l, "allocate", Candid.nat(1))).isInstanceOf(Reply.class);
      long[] spin = Candid.decodeNat64Pair(((Reply) s.update(l, "spin", Candid.nat64(1000)))
          .data().toByteArray());
      assertThat(spin[1]).isPositive();
    }
  }
}
