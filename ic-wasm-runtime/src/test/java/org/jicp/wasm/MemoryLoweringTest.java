package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The memory64 rules of the WebAssembly memory64 proposal (addresses and offsets are u64, the
 * effective address is computed without wrapping and traps past the memory, memory.size/grow
 * count pages in i64 and grow returns -1 on failure, bulk operations take i64 addresses and
 * sizes) on the lowered module, on both engines: {@code src/test/wat/memory64.wat}. The
 * proposal's own {@code .wast} files are not reachable from Maven Central or npm, so these cases
 * restate its rules (address64, memory64, memory_grow64, memory_fill64, memory_copy64,
 * memory_init64 and load64 families) on a 2-page memory with a maximum of 4.
 */
class MemoryLoweringTest {
  private static final long PAGE = 65536;
  private static final long LIMIT = 1_000_000_000L;

  private static MeteredModule load(Engine e) {
    return MeteredModule.load(TestModules.wasm("memory64"), e, true);
  }

  private static void traps(MeteredModule m, String fn, long... args) {
    assertThatThrownBy(() -> m.call(fn, LIMIT, args)).as(fn + " " + List.of(args))
        .hasMessageContaining("out of bounds memory access");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void loads_inBoundsReadDataSegment_outOfBoundsTrap(Engine e) {
    MeteredModule m = load(e);
    assertThat(m.call("load8", LIMIT, 65530)[0]).isEqualTo('a');
    assertThat((int) m.call("load32", LIMIT, 65530)[0]).isEqualTo(0x64636261);
    assertThat(m.call("load64", LIMIT, 65530)[0]).isEqualTo(0x6665_6463_6261L);
    assertThat(m.call("load32", LIMIT, 2 * PAGE - 4)[0]).isZero();
    List<long[]> oob = new ArrayList<>();
    for (long a : new long[] {2 * PAGE - 3, 2 * PAGE, 1L << 31, (1L << 32) - 1, 1L << 32,
        (1L << 32) + 65530, 1L << 63, -1L, -4L}) {
      traps(m, "load32", a);
      traps(m, "load8", a < 0 || a >= 2 * PAGE ? a : 2 * PAGE);
      oob.add(new long[] {a});
    }
    assertThat(oob).hasSize(9);
    // offset 0xFFFFFFFF: the effective address passes the memory whatever the address
    traps(m, "load32_off", 0);
    traps(m, "load32_off", 1);
    // a u64 offset: address + offset overflows 2^64 (no wrap-around) or lies past the memory
    traps(m, "load8_hugeoff", 0x10);
    traps(m, "load8_hugeoff", 0);
    traps(m, "load8_hugeoff", 0x20);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void stores_roundTrip_andTrapOutOfBoundsWithoutWriting(Engine e) {
    MeteredModule m = load(e);
    m.call("store32", LIMIT, 2 * PAGE - 4, 0x12345678);
    assertThat((int) m.call("load32", LIMIT, 2 * PAGE - 4)[0]).isEqualTo(0x12345678);
    m.call("store64", LIMIT, 8, 0x0102030405060708L);
    assertThat(m.call("load64", LIMIT, 8)[0]).isEqualTo(0x0102030405060708L);
    m.call("storef64", LIMIT, 16, Double.doubleToRawLongBits(2.5));
    assertThat(Double.longBitsToDouble(m.call("loadf64", LIMIT, 16)[0])).isEqualTo(2.5);
    traps(m, "store32", 2 * PAGE - 2, 7);
    traps(m, "store64", 1L << 32, 7);
    traps(m, "store64", -8L, 7);
    // the trapped stores wrote nothing
    assertThat(m.call("load8", LIMIT, 2 * PAGE - 2)[0]).isEqualTo(0x34);
    assertThat(m.call("load8", LIMIT, 2 * PAGE - 1)[0]).isEqualTo(0x12);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sizeAndGrow_countPagesInI64_andFailWithMinusOne(Engine e) {
    MeteredModule m = load(e);
    assertThat(m.call("size", LIMIT)[0]).isEqualTo(2);
    assertThat(m.call("grow", LIMIT, 1)[0]).isEqualTo(2);
    assertThat(m.call("size", LIMIT)[0]).isEqualTo(3);
    assertThat(m.call("grow", LIMIT, 2)[0]).isEqualTo(-1); // past the maximum of 4
    assertThat(m.call("grow", LIMIT, 1L << 40)[0]).isEqualTo(-1);
    assertThat(m.call("grow", LIMIT, -1L)[0]).isEqualTo(-1);
    assertThat(m.call("grow", LIMIT, 0)[0]).isEqualTo(3);
    assertThat(m.call("grow", LIMIT, 1)[0]).isEqualTo(3);
    assertThat(m.call("size", LIMIT)[0]).isEqualTo(4);
    assertThat(m.call("load32", LIMIT, 4 * PAGE - 4)[0]).isZero();
    traps(m, "load32", 4 * PAGE - 3);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void bulkOperations_withI64Operands(Engine e) {
    MeteredModule m = load(e);
    m.call("fill", LIMIT, 100, 7, 10);
    assertThat(m.call("sum", LIMIT, 100, 10)[0]).isEqualTo(70);
    assertThat(m.call("sum", LIMIT, 99, 12)[0]).isEqualTo(70);
    m.call("fill", LIMIT, 2 * PAGE, 1, 0); // empty at the end: allowed
    traps(m, "fill", 2 * PAGE + 1, 1, 0);
    traps(m, "fill", 2 * PAGE - 5, 1, 10);
    assertThatThrownBy(() -> m.call("fill", 100 * LIMIT, 0, 1, 1L << 32))
        .hasMessageContaining("out of bounds memory access"); // charged 2^32 first, then traps
    traps(m, "fill", 1L << 32, 1, 1);
    assertThat(m.call("sum", LIMIT, 2 * PAGE - 5, 5)[0]).isZero(); // nothing written
    m.call("copy", LIMIT, 102, 100, 10); // overlapping, forwards
    assertThat(m.call("sum", LIMIT, 100, 12)[0]).isEqualTo(84);
    m.call("copy", LIMIT, 0, 65530, 6);
    assertThat((int) m.call("load32", LIMIT, 0)[0]).isEqualTo(0x64636261);
    traps(m, "copy", 0, 2 * PAGE - 2, 4);
    traps(m, "copy", -1L, 0, 1);
    traps(m, "copy", 0, 1L << 33, 1);
    m.call("init", LIMIT, 200, 0, 8);
    assertThat(m.call("load64", LIMIT, 200)[0]).isEqualTo(0x2165_7669_7373_6170L); // "passive!"
    traps(m, "init", 200, 4, 5);
    traps(m, "init", 2 * PAGE - 4, 0, 8);
    traps(m, "init", 1L << 40, 0, 1);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void metering_countsTheOriginalInstructions_withWasm64LoadStoreCosts(Engine e) {
    MeteredModule m = load(e);
    m.call("load8", LIMIT, 65530);
    // entry 1 + local.get 1 + i32.load8_u 2 (wasm64) + end 0; the lowering's checks are free
    assertThat(m.lastInstructions()).isEqualTo(4);
    m.call("store64", LIMIT, 8, 1);
    assertThat(m.lastInstructions()).isEqualTo(5);
    m.call("size", LIMIT);
    assertThat(m.lastInstructions()).isEqualTo(21);
    m.call("fill", LIMIT, 0, 0, 1000);
    // entry 1 + 3 local.get + memory.fill 100 static + 1000 dynamic
    assertThat(m.lastInstructions()).isEqualTo(1104);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void table64_i64IndicesDispatch_andTrapPast2To32WithoutWrapping(Engine e) {
    MeteredModule m = MeteredModule.load(TestModules.wasm("table64"), e, true);
    assertThat(m.call("dispatch", LIMIT, 1, 5)[0]).isEqualTo(10);
    assertThat(m.call("dispatch", LIMIT, 2, 5)[0]).isEqualTo(6);
    assertThat(m.call("tsize", LIMIT)[0]).isEqualTo(4);
    assertThat(m.call("tget_null", LIMIT, 0)[0]).isEqualTo(1);
    assertThat(m.call("tget_null", LIMIT, 1)[0]).isZero();
    for (long i : new long[] {0, 4, (1L << 32) + 1, (1L << 32) + 2, -1L}) {
      assertThatThrownBy(() -> m.call("dispatch", LIMIT, i, 5)).as("index " + i)
          .isInstanceOf(RuntimeException.class);
    }
    for (long i : new long[] {4, 1L << 32, (1L << 32) + 1, -1L}) {
      assertThatThrownBy(() -> m.call("tget_null", LIMIT, i)).as("index " + i)
          .isInstanceOf(RuntimeException.class);
    }
  }
}
