package org.jicp.wasm.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.jicp.state.pagemap.PageMap;
import org.junit.jupiter.api.Test;

/** The heap's rollback (undo log, and the PageMap fallback past it) and commit. */
class HeapMemoryTest {
  private static byte[] contents(HeapMemory m) {
    return m.readBytes(0, m.pages() * 65536);
  }

  private static HeapMemory loaded(int pages, long seed) {
    byte[] init = new byte[pages * 65536];
    new SplittableRandom(seed).nextBytes(init);
    PageMap.Transaction tx = PageMap.empty().begin();
    tx.write(0, init, 0, init.length);
    HeapMemory m = new HeapMemory(pages, pages + 8);
    m.load(tx.commit(), pages);
    // What instantiation does next: zero (kept for a loaded heap), then the data segments.
    m.zero();
    m.initialize(null, null);
    assertThat(contents(m)).isEqualTo(init);
    return m;
  }

  @Test
  void load_thenInstantiation_keepsTheHeap() {
    // Chicory zeroes a memory at instantiation: a heap loaded from the state must survive it
    // (found by ReplicatedExecutionPropertyTest's restarts).
    HeapMemory m = loaded(2, 5);
    byte[] before = contents(m);
    m.zero();
    assertThat(contents(m)).isEqualTo(before);
  }

  @Test
  void rollback_afterWritesGrowthAndBulkOps_restoresTheCommittedBytes() {
    long seed = 7;
    HeapMemory m = loaded(4, seed);
    byte[] before = contents(m);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 1000; i++) {
      int addr = r.nextInt(4 * 65536 - 8);
      switch (i % 4) {
        case 0 -> m.writeI32(addr, r.nextInt());
        case 1 -> m.writeLong(addr, r.nextLong());
        case 2 -> m.writeByte(addr, (byte) 1);
        default -> m.writeShort(addr, (short) 2);
      }
    }
    m.fill((byte) 9, 100, 70_000);
    m.copy(10, 200_000, 5000);
    m.grow(2);
    m.writeI32(5 * 65536, 42);
    m.rollback();
    assertThat(m.pages()).isEqualTo(4);
    assertThat(contents(m)).isEqualTo(before);
    // Growing again shows zeros, not the rolled-back write.
    m.grow(2);
    assertThat(m.readInt(5 * 65536)).isZero();
  }

  @Test
  void rollback_moreDirtyPagesThanTheUndoLog_restoresTheRestFromThePageMap() {
    int pages = 1100; // 17,600 OS pages > the 16,384 the undo log holds
    HeapMemory m = loaded(pages, 11);
    byte[] before = contents(m);
    m.fill((byte) 0, 0, pages * 65536);
    assertThat(m.dirtyPageCount()).isEqualTo(pages * 16);
    m.rollback();
    assertThat(contents(m)).isEqualTo(before);
  }

  @Test
  void commit_thenRollback_keepsTheCommittedWrites() {
    HeapMemory m = loaded(2, 3);
    m.writeLong(8, 0x1122334455667788L);
    PageMap committed = m.commit();
    m.writeLong(8, -1);
    m.rollback();
    assertThat(m.readLong(8)).isEqualTo(0x1122334455667788L);
    byte[] b = new byte[8];
    committed.read(8, b, 0, 8);
    assertThat(b[0]).isEqualTo((byte) 0x88);
  }
}
