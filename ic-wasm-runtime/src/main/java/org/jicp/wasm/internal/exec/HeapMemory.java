package org.jicp.wasm.internal.exec;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jicp.state.pagemap.PageMap;

/**
 * The wasm heap as Chicory sees it, mirroring a {@link PageMap} version, with every write marking
 * its 4 KiB pages dirty. The first write to a page of the committed version also saves the page's
 * old bytes in an undo log. After an execution the dirty pages either go into the next {@code
 * PageMap} ({@link #commit}) or are copied back from the undo log ({@link #rollback}: no {@code
 * PageMap} look-up, which matters for queries, always rolled back), so neither costs more than
 * the pages touched.
 *
 * <p>Storage is paged, not one Java array: the first {@link #LOW_BYTES} (2 GiB − 64 KiB, what a
 * Java array can hold) live in one array that grows by doubling, the rest in 16 MiB chunks, so a
 * heap may reach the IC's 4 GiB (wasm32) or 6 GiB (wasm64). Chicory hands addresses over as
 * {@code int}s: they are read as unsigned 32-bit values. Addresses past 4 GiB, and those past 2 GiB
 * that Chicory's engines refuse to pass, reach the heap through {@link #window} (memory 1 of a
 * lowered module, see {@code Instrumenter}) and the long-address methods used by the host.
 */
public final class HeapMemory implements Memory {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final int OS_PAGE_SHIFT = 12;
  private static final int OS_PAGE = 1 << OS_PAGE_SHIFT;
  /** The bytes held in the one array: 32,767 wasm pages (Chicory's own memory limit). */
  public static final long LOW_BYTES = (long) RUNTIME_MAX_PAGES * PAGE_SIZE;
  private static final int CHUNK_SHIFT = 24;
  private static final int CHUNK = 1 << CHUNK_SHIFT;

  /** The low bytes; may be longer than the memory (growth reserves capacity); beyond: zeros. */
  private byte[] data;
  /** Chunks of the bytes past {@link #LOW_BYTES}, allocated as the memory grows. */
  private byte[][] high = new byte[0][];
  /** The memory's size in bytes: {@code pages * PAGE_SIZE}. */
  private long limit;
  /** The part of the memory in {@link #data}: {@code min(limit, LOW_BYTES)}. */
  private int lowLimit;
  private int pages;
  private final int initialPages;
  private final int maxPages;
  private final long[] dirty;
  private int[] dirtyList = new int[64];
  private int dirtyCount;
  /** The old bytes of dirty page {@code dirtyList[i]} at {@code i * 4096} (committed pages). */
  private byte[] undo = new byte[0];
  /** The undo log capacity kept between executions (bytes); larger logs are dropped. */
  private static final int UNDO_KEPT = 64 << OS_PAGE_SHIFT;
  /** Dirty pages past this many are restored from the {@code PageMap} instead (64 MiB log). */
  private static final int UNDO_MAX_PAGES = 16_384;
  private DataSegment[] segments;
  /** Per data segment: its offset (unsigned) where {@link #segmentOffsetKnown}. */
  private long[] segmentOffsets;
  private boolean[] segmentOffsetKnown;
  private boolean applySegments = true;
  private PageMap base = PageMap.empty();
  private int basePages;
  private final Window window = new Window();
  /** Growing past this many pages traps (the canister's wasm memory limit). */
  private long trapAbovePages = Long.MAX_VALUE;

  /** A memory of {@code initialPages} wasm pages that may grow to {@code maxPages}. */
  public HeapMemory(int initialPages, int maxPages) {
    if (initialPages < 0 || maxPages < 0) {
      throw new IllegalArgumentException("negative page count");
    }
    this.initialPages = initialPages;
    this.maxPages = Math.max(maxPages, initialPages);
    this.pages = 0;
    this.basePages = initialPages;
    this.data = new byte[0];
    this.dirty = new long[(int) (((long) this.maxPages * 16 + 63) / 64 + 1)];
    resize(initialPages);
  }

  /**
   * The offsets of the module's data segments, as decoded by jicp (unsigned; evaluating the
   * segment's offset expression where not {@code known}): a memory64 module's offsets may not fit
   * an {@code int}.
   */
  public void segmentOffsets(long[] offsets, boolean[] known) {
    this.segmentOffsets = offsets.clone();
    this.segmentOffsetKnown = known.clone();
  }

  /**
   * Makes a {@code memory.grow} past {@code pages} trap with the IC's "wasm memory limit" error
   * (before the memory is allocated; the IC traps in its grow hook right after the grow).
   */
  public void trapAbove(long pages) {
    this.trapAbovePages = pages;
  }

  /** The IC's trap for a heap grown past the canister's wasm memory limit (IC0539). */
  public static CanisterTrap limitExceeded(long limitPages, long pages) {
    return new CanisterTrap(CanisterTrap.Kind.MEMORY_LIMIT, "Canister exceeded its current Wasm "
        + "memory limit of " + limitPages * PAGE_SIZE + " bytes. The peak Wasm memory usage was "
        + pages * PAGE_SIZE + " bytes. If the canister reaches 4GiB, then it may stop "
        + "functioning and may become unrecoverable. Please reach out to the canister owner to "
        + "investigate the reason for the increased memory usage. It might be necessary to move "
        + "data from the Wasm memory to the stable memory. If such high Wasm memory usage is "
        + "expected and safe, then the developer can increase the Wasm memory limit in the "
        + "canister settings.");
  }

  /**
   * Loads the memory from a state's heap: {@code pages} wasm pages of {@code heap}. Data segments
   * are then not applied at instantiation (the heap already holds them), as on the IC.
   */
  public void load(PageMap heap, int wasmPages) {
    if (wasmPages > maxPages) {
      throw new IllegalStateException("heap of " + wasmPages + " pages exceeds the maximum");
    }
    data = new byte[0];
    high = new byte[0][];
    resize(wasmPages);
    heap.read(0, data, 0, lowLimit);
    for (int c = 0; c < high.length; c++) {
      long at = LOW_BYTES + ((long) c << CHUNK_SHIFT);
      int len = (int) Math.min(CHUNK, limit - at);
      heap.read(at, high[c], 0, len);
    }
    base = heap;
    basePages = wasmPages;
    applySegments = false;
    clearDirty();
  }

  /** Sets the size to {@code newPages} (growing storage; the bytes past the old size are 0). */
  private void resize(int newPages) {
    long newLimit = (long) newPages * PAGE_SIZE;
    int newLow = (int) Math.min(newLimit, LOW_BYTES);
    if (newLow > data.length) {
      long cap = Math.max(newLow, Math.min((long) data.length * 2,
          Math.min((long) maxPages * PAGE_SIZE, LOW_BYTES)));
      data = Arrays.copyOf(data, (int) cap);
    }
    if (newLimit > LOW_BYTES) {
      int chunks = (int) ((newLimit - LOW_BYTES + CHUNK - 1) >>> CHUNK_SHIFT);
      if (chunks > high.length) {
        int old = high.length;
        high = Arrays.copyOf(high, chunks);
        for (int c = old; c < chunks; c++) {
          high[c] = new byte[CHUNK];
        }
      }
    }
    pages = newPages;
    limit = newLimit;
    lowLimit = newLow;
  }

  /** Marks the current contents as the committed version {@code heap} (after install). */
  public void rebase(PageMap heap) {
    base = heap;
    basePages = pages;
    clearDirty();
  }

  /** The number of 4 KiB pages written since the last commit or rollback. */
  public int dirtyPageCount() {
    return dirtyCount;
  }

  /** The memory's size in bytes. */
  public long size() {
    return limit;
  }

  /** The bytes this memory holds on the Java heap (storage, undo log, dirty-page tracking). */
  public long footprintBytes() {
    return (long) data.length + (long) high.length * CHUNK + undo.length + dirty.length * 8L
        + dirtyList.length * 4L;
  }

  /** Writes the dirty pages into a new version of the base map and makes it the base. */
  public PageMap commit() {
    if (dirtyCount == 0) {
      basePages = pages;
      return base;
    }
    PageMap.Transaction tx = base.begin();
    byte[] page = new byte[OS_PAGE];
    for (int i = 0; i < dirtyCount; i++) {
      long off = (long) dirtyList[i] << OS_PAGE_SHIFT;
      if (off < limit) {
        if (off + OS_PAGE <= lowLimit) {
          tx.write(off, data, (int) off, OS_PAGE);
        } else {
          readRaw(off, page, 0, OS_PAGE);
          tx.write(off, page, 0, OS_PAGE);
        }
      }
    }
    base = tx.commit();
    basePages = pages;
    clearDirty();
    return base;
  }

  /** Restores the dirty pages and the size from the base version. */
  public void rollback() {
    if (pages != basePages) {
      long baseLimit = (long) basePages * PAGE_SIZE;
      zeroRaw(baseLimit, limit - baseLimit);
      int low = (int) Math.min(baseLimit, LOW_BYTES);
      pages = basePages;
      limit = baseLimit;
      lowLimit = low;
    }
    byte[] page = new byte[OS_PAGE];
    for (int i = 0; i < dirtyCount; i++) {
      long off = (long) dirtyList[i] << OS_PAGE_SHIFT;
      if (off < limit) {
        if (i < UNDO_MAX_PAGES) {
          writeRaw(off, undo, i << OS_PAGE_SHIFT, OS_PAGE);
        } else {
          base.read(off, page, 0, OS_PAGE);
          writeRaw(off, page, 0, OS_PAGE);
        }
      }
    }
    clearDirty();
  }

  private void clearDirty() {
    for (int i = 0; i < dirtyCount; i++) {
      int p = dirtyList[i];
      dirty[p >>> 6] &= ~(1L << (p & 63));
    }
    dirtyCount = 0;
    if (undo.length > UNDO_KEPT) {
      undo = new byte[UNDO_KEPT];
    }
  }

  // ---- raw storage access (no bounds checks, no dirty marking) ----

  private void readRaw(long addr, byte[] dst, int dstOff, int len) {
    while (len > 0) {
      if (addr < LOW_BYTES) {
        int n = (int) Math.min(len, LOW_BYTES - addr);
        System.arraycopy(data, (int) addr, dst, dstOff, n);
        addr += n;
        dstOff += n;
        len -= n;
      } else {
        long h = addr - LOW_BYTES;
        int c = (int) (h >>> CHUNK_SHIFT);
        int at = (int) (h & (CHUNK - 1));
        int n = Math.min(len, CHUNK - at);
        System.arraycopy(high[c], at, dst, dstOff, n);
        addr += n;
        dstOff += n;
        len -= n;
      }
    }
  }

  private void writeRaw(long addr, byte[] src, int srcOff, int len) {
    while (len > 0) {
      if (addr < LOW_BYTES) {
        int n = (int) Math.min(len, LOW_BYTES - addr);
        System.arraycopy(src, srcOff, data, (int) addr, n);
        addr += n;
        srcOff += n;
        len -= n;
      } else {
        long h = addr - LOW_BYTES;
        int c = (int) (h >>> CHUNK_SHIFT);
        int at = (int) (h & (CHUNK - 1));
        int n = Math.min(len, CHUNK - at);
        System.arraycopy(src, srcOff, high[c], at, n);
        addr += n;
        srcOff += n;
        len -= n;
      }
    }
  }

  private void fillRaw(long addr, long len, byte v) {
    while (len > 0) {
      if (addr < LOW_BYTES) {
        int n = (int) Math.min(len, LOW_BYTES - addr);
        Arrays.fill(data, (int) addr, (int) addr + n, v);
        addr += n;
        len -= n;
      } else {
        long h = addr - LOW_BYTES;
        int c = (int) (h >>> CHUNK_SHIFT);
        int at = (int) (h & (CHUNK - 1));
        int n = (int) Math.min(len, CHUNK - at);
        Arrays.fill(high[c], at, at + n, v);
        addr += n;
        len -= n;
      }
    }
  }

  private void zeroRaw(long addr, long len) {
    if (len > 0) {
      // The low array may be longer than the memory: clear exactly the range.
      fillRaw(addr, len, (byte) 0);
    }
  }

  private byte byteRaw(long addr) {
    if (addr < LOW_BYTES) {
      return data[(int) addr];
    }
    long h = addr - LOW_BYTES;
    return high[(int) (h >>> CHUNK_SHIFT)][(int) (h & (CHUNK - 1))];
  }

  private void putByteRaw(long addr, byte v) {
    if (addr < LOW_BYTES) {
      data[(int) addr] = v;
    } else {
      long h = addr - LOW_BYTES;
      high[(int) (h >>> CHUNK_SHIFT)][(int) (h & (CHUNK - 1))] = v;
    }
  }

  /** Little-endian read of {@code size} (1..8) bytes anywhere (bounds already checked). */
  private long readSlow(long addr, int size) {
    long v = 0;
    for (int i = size - 1; i >= 0; i--) {
      v = (v << 8) | (byteRaw(addr + i) & 0xFF);
    }
    return v;
  }

  private void writeSlow(long addr, int size, long v) {
    for (int i = 0; i < size; i++) {
      putByteRaw(addr + i, (byte) (v >>> (8 * i)));
    }
  }

  // ---- dirty marking ----

  /** {@link #mark} for an access of 1..8 bytes below 2 GiB: the common case inline. */
  private void markSmall(int addr, int len) {
    int p = addr >>> OS_PAGE_SHIFT;
    if (p != (addr + len - 1) >>> OS_PAGE_SHIFT || (dirty[p >>> 6] & (1L << p)) == 0) {
      mark(addr & 0xFFFF_FFFFL, len);
    }
  }

  private void mark(long addr, long len) {
    if (len <= 0) {
      return;
    }
    int first = (int) (addr >>> OS_PAGE_SHIFT);
    int last = (int) ((addr + len - 1) >>> OS_PAGE_SHIFT);
    long baseLimit = (long) basePages * PAGE_SIZE;
    for (int p = first; p <= last; p++) {
      long bit = 1L << (p & 63);
      long w = dirty[p >>> 6];
      if ((w & bit) == 0) {
        dirty[p >>> 6] = w | bit;
        if (dirtyCount == dirtyList.length) {
          dirtyList = Arrays.copyOf(dirtyList, dirtyCount * 2);
        }
        long off = (long) p << OS_PAGE_SHIFT;
        if (dirtyCount < UNDO_MAX_PAGES && off < baseLimit) {
          // The committed bytes: storage still holds them (this is the page's first write).
          int at = dirtyCount << OS_PAGE_SHIFT;
          if (at + OS_PAGE > undo.length) {
            undo = Arrays.copyOf(undo, Math.max(undo.length * 2, at + OS_PAGE));
          }
          readRaw(off, undo, at, OS_PAGE);
        }
        dirtyList[dirtyCount++] = p;
      }
    }
  }

  // ---- bounds ----

  private static WasmRuntimeException oob(long addr, long size) {
    return new WasmRuntimeException("out of bounds memory access: address "
        + Long.toUnsignedString(addr) + ", size " + size);
  }

  /** Checks {@code [addr, addr + size)} (addr unsigned 64-bit, size ≥ 0) lies in the memory. */
  private void check(long addr, long size) {
    if (size < 0 || Long.compareUnsigned(addr, limit) > 0 || size > limit - addr) {
      throw oob(addr, size);
    }
  }

  // ---- the host's API: 64-bit addresses ----

  /** Copies {@code len} bytes at {@code addr} into {@code dst} (bounds-checked). */
  public void readInto(long addr, byte[] dst, int dstOff, int len) {
    check(addr, len);
    readRaw(addr, dst, dstOff, len);
  }

  /** Writes {@code size} bytes of {@code src} at {@code addr} (bounds-checked, marked dirty). */
  public void write(long addr, byte[] src, int offset, int size) {
    check(addr, size);
    mark(addr, size);
    writeRaw(addr, src, offset, size);
  }

  /** {@code memory.fill} with a 64-bit destination and size. */
  public void fill64(long dest, byte value, long size) {
    check(dest, size);
    mark(dest, size);
    fillRaw(dest, size, value);
  }

  /** {@code memory.copy} with 64-bit addresses and size (overlapping ranges as memmove). */
  public void copy64(long dest, long src, long size) {
    check(src, size);
    check(dest, size);
    if (size == 0) {
      return;
    }
    mark(dest, size);
    if (src + size <= lowLimit && dest + size <= lowLimit) {
      System.arraycopy(data, (int) src, data, (int) dest, (int) size);
      return;
    }
    int step = 1 << 20;
    byte[] buf = new byte[(int) Math.min(size, step)];
    if (Long.compareUnsigned(dest, src) <= 0) {
      for (long done = 0; done < size; done += step) {
        int n = (int) Math.min(step, size - done);
        readRaw(src + done, buf, 0, n);
        writeRaw(dest + done, buf, 0, n);
      }
    } else {
      for (long left = size; left > 0; left -= step) {
        int n = (int) Math.min(step, left);
        readRaw(src + left - n, buf, 0, n);
        writeRaw(dest + left - n, buf, 0, n);
      }
    }
  }

  /** {@code memory.init} with a 64-bit destination. */
  public void init64(int segmentId, long dest, long offset, long size) {
    DataSegment s = segments == null || segmentId < 0 || segmentId >= segments.length ? null
        : segments[segmentId];
    byte[] d = s == null ? new byte[0] : s.data();
    if (offset < 0 || size < 0 || offset + size > d.length) {
      throw oob(dest, size);
    }
    write(dest, d, (int) offset, (int) size);
  }

  /**
   * The window onto this heap past 2 GiB: memory 1 of a lowered module. Its int address (the
   * access's offset) is added to the effective address in {@code eaGlobal}.
   */
  public Memory window(GlobalInstance eaGlobal) {
    window.ea = eaGlobal;
    return window;
  }

  /** The window memory (without its global yet) for the instance builder. */
  Memory window() {
    return window;
  }

  // ---- Chicory's Memory: int addresses read as unsigned ----

  @Override
  public int pages() {
    return pages;
  }

  @Override
  public int grow(int delta) {
    int old = pages;
    long next = (long) old + delta;
    if (delta < 0 || next > maxPages) {
      return -1;
    }
    if (next > trapAbovePages && delta > 0) {
      throw limitExceeded(trapAbovePages, next);
    }
    if (delta > 0) {
      resize((int) next);
    }
    return old;
  }

  @Override
  public int initialPages() {
    return initialPages;
  }

  @Override
  public int maximumPages() {
    return maxPages;
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public Object lock(int address) {
    throw new UnsupportedOperationException("shared memory is not supported");
  }

  @Override
  public int waitOn(int address, int expected, long timeout) {
    throw new WasmRuntimeException("atomic wait on a non-shared memory");
  }

  @Override
  public int waitOn(int address, long expected, long timeout) {
    throw new WasmRuntimeException("atomic wait on a non-shared memory");
  }

  @Override
  public int notify(int address, int maxThreads) {
    return 0;
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments) {
    this.segments = dataSegments;
    if (dataSegments == null || !applySegments) {
      return;
    }
    for (int i = 0; i < dataSegments.length; i++) {
      DataSegment s = dataSegments[i];
      if (s instanceof ActiveDataSegment a) {
        long off;
        if (segmentOffsets != null && i < segmentOffsets.length && segmentOffsetKnown[i]) {
          off = segmentOffsets[i];
        } else {
          off = ConstantEvaluators.computeConstantValue(instance, a.offsetInstructions())[0]
              & 0xFFFF_FFFFL;
        }
        byte[] d = a.data();
        if (Long.compareUnsigned(off, limit) > 0 || d.length > limit - off) {
          throw new UninstantiableException("out of bounds memory access: data segment at "
              + Long.toUnsignedString(off));
        }
        write(off, d, 0, d.length);
      }
    }
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    init64(segmentId, dest & 0xFFFF_FFFFL, offset & 0xFFFF_FFFFL, size & 0xFFFF_FFFFL);
  }

  @Override
  public void drop(int segment) {
    if (segments != null && segment >= 0 && segment < segments.length) {
      segments = segments.clone();
      segments[segment] = null;
    }
  }

  @Override
  public void write(int addr, byte[] src, int offset, int size) {
    write(addr & 0xFFFF_FFFFL, src, offset, size);
  }

  @Override
  public byte read(int addr) {
    if (addr >= 0 && addr < lowLimit) {
      return data[addr];
    }
    return (byte) readAt(addr & 0xFFFF_FFFFL, 1);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    byte[] out = new byte[len];
    readInto(addr & 0xFFFF_FFFFL, out, 0, len);
    return out;
  }

  /** A checked little-endian read of 1..8 bytes at a 64-bit address. */
  long readAt(long addr, int size) {
    check(addr, size);
    return readSlow(addr, size);
  }

  /** A checked little-endian write of 1..8 bytes at a 64-bit address. */
  void writeAt(long addr, int size, long v) {
    check(addr, size);
    mark(addr, size);
    writeSlow(addr, size, v);
  }

  @Override
  public void writeI32(int addr, int v) {
    if (addr >= 0 && addr <= lowLimit - 4) {
      markSmall(addr, 4);
      INT.set(data, addr, v);
    } else {
      writeAt(addr & 0xFFFF_FFFFL, 4, v);
    }
  }

  @Override
  public int readInt(int addr) {
    if (addr >= 0 && addr <= lowLimit - 4) {
      return (int) INT.get(data, addr);
    }
    return (int) readAt(addr & 0xFFFF_FFFFL, 4);
  }

  @Override
  public void writeLong(int addr, long v) {
    if (addr >= 0 && addr <= lowLimit - 8) {
      markSmall(addr, 8);
      LONG.set(data, addr, v);
    } else {
      writeAt(addr & 0xFFFF_FFFFL, 8, v);
    }
  }

  @Override
  public long readLong(int addr) {
    if (addr >= 0 && addr <= lowLimit - 8) {
      return (long) LONG.get(data, addr);
    }
    return readAt(addr & 0xFFFF_FFFFL, 8);
  }

  @Override
  public void writeShort(int addr, short v) {
    if (addr >= 0 && addr <= lowLimit - 2) {
      markSmall(addr, 2);
      SHORT.set(data, addr, v);
    } else {
      writeAt(addr & 0xFFFF_FFFFL, 2, v);
    }
  }

  @Override
  public short readShort(int addr) {
    if (addr >= 0 && addr <= lowLimit - 2) {
      return (short) SHORT.get(data, addr);
    }
    return (short) readAt(addr & 0xFFFF_FFFFL, 2);
  }

  @Override
  public long readU16(int addr) {
    return readShort(addr) & 0xFFFFL;
  }

  @Override
  public void writeByte(int addr, byte v) {
    if (addr >= 0 && addr < lowLimit) {
      markSmall(addr, 1);
      data[addr] = v;
    } else {
      writeAt(addr & 0xFFFF_FFFFL, 1, v);
    }
  }

  @Override
  public void writeF32(int addr, float v) {
    writeI32(addr, Float.floatToRawIntBits(v));
  }

  @Override
  public long readF32(int addr) {
    return readInt(addr) & 0xFFFF_FFFFL;
  }

  @Override
  public float readFloat(int addr) {
    return Float.intBitsToFloat(readInt(addr));
  }

  @Override
  public void writeF64(int addr, double v) {
    writeLong(addr, Double.doubleToRawLongBits(v));
  }

  @Override
  public double readDouble(int addr) {
    return Double.longBitsToDouble(readLong(addr));
  }

  @Override
  public long readF64(int addr) {
    return readLong(addr);
  }

  /**
   * Nothing: Chicory calls this at instantiation, and the memory is either new (all zeros) or
   * loaded from the state, which must not be wiped.
   */
  @Override
  public void zero() {}

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    long from = fromIndex & 0xFFFF_FFFFL;
    long to = toIndex & 0xFFFF_FFFFL;
    if (to < from) {
      throw oob(from, to - from);
    }
    fill64(from, value, to - from);
  }

  @Override
  public void copy(int dest, int src, int size) {
    copy64(dest & 0xFFFF_FFFFL, src & 0xFFFF_FFFFL, size & 0xFFFF_FFFFL);
  }

  /**
   * Memory 1 of a lowered module: the heap at 64-bit effective address {@code ea + address},
   * where {@code ea} is the instrumentation's global set just before the access and {@code
   * address} (the access's offset) is read as unsigned. An address sum past 2^64 is out of bounds.
   */
  private final class Window implements Memory {
    GlobalInstance ea;

    private long at(int addr) {
      long base = ea.getValue();
      long a = base + (addr & 0xFFFF_FFFFL);
      if (Long.compareUnsigned(a, base) < 0) {
        throw oob(-1L, 0);
      }
      return a;
    }

    @Override
    public int pages() {
      return HeapMemory.this.pages;
    }

    @Override
    public int grow(int delta) {
      return -1;
    }

    @Override
    public int initialPages() {
      return 0;
    }

    @Override
    public int maximumPages() {
      return HeapMemory.this.maxPages;
    }

    @Override
    public boolean shared() {
      return false;
    }

    @Override
    public Object lock(int address) {
      throw new UnsupportedOperationException("shared memory is not supported");
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
      throw new WasmRuntimeException("atomic wait on a non-shared memory");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
      throw new WasmRuntimeException("atomic wait on a non-shared memory");
    }

    @Override
    public int notify(int address, int maxThreads) {
      return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {}

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
      throw new WasmRuntimeException("memory.init on the heap window");
    }

    @Override
    public void drop(int segment) {}

    @Override
    public void write(int addr, byte[] src, int offset, int size) {
      HeapMemory.this.write(at(addr), src, offset, size);
    }

    @Override
    public byte read(int addr) {
      return (byte) readAt(at(addr), 1);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
      byte[] out = new byte[len];
      readInto(at(addr), out, 0, len);
      return out;
    }

    @Override
    public void writeI32(int addr, int v) {
      writeAt(at(addr), 4, v);
    }

    @Override
    public int readInt(int addr) {
      return (int) readAt(at(addr), 4);
    }

    @Override
    public void writeLong(int addr, long v) {
      writeAt(at(addr), 8, v);
    }

    @Override
    public long readLong(int addr) {
      return readAt(at(addr), 8);
    }

    @Override
    public void writeShort(int addr, short v) {
      writeAt(at(addr), 2, v);
    }

    @Override
    public short readShort(int addr) {
      return (short) readAt(at(addr), 2);
    }

    @Override
    public long readU16(int addr) {
      return readAt(at(addr), 2);
    }

    @Override
    public void writeByte(int addr, byte v) {
      writeAt(at(addr), 1, v);
    }

    @Override
    public void writeF32(int addr, float v) {
      writeI32(addr, Float.floatToRawIntBits(v));
    }

    @Override
    public long readF32(int addr) {
      return readAt(at(addr), 4);
    }

    @Override
    public float readFloat(int addr) {
      return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public void writeF64(int addr, double v) {
      writeLong(addr, Double.doubleToRawLongBits(v));
    }

    @Override
    public double readDouble(int addr) {
      return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public long readF64(int addr) {
      return readLong(addr);
    }

    @Override
    public void zero() {}

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
      throw new WasmRuntimeException("memory.fill on the heap window");
    }

    @Override
    public void copy(int dest, int src, int size) {
      throw new WasmRuntimeException("memory.copy on the heap window");
    }
  }
}
