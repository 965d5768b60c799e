package org.jicp.wasm.internal.exec;

import com.dylibso.chicory.runtime.ConstantEvaluators;
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
 * The wasm heap as Chicory sees it: a flat byte array that mirrors a {@link PageMap} version, with
 * every write marking its 4 KiB pages dirty. The first write to a page of the committed version
 * also saves the page's old bytes in an undo log. After an execution the dirty pages either go
 * into the next {@code PageMap} ({@link #commit}) or are copied back from the undo log ({@link
 * #rollback}: no {@code PageMap} look-up, which matters for queries, always rolled back), so
 * neither costs more than the pages touched.
 */
public final class HeapMemory implements Memory {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final int OS_PAGE_SHIFT = 12;

  /** The bytes; may be longer than {@link #limit} (growth reserves capacity); beyond: zeros. */
  private byte[] data;
  /** The memory's size in bytes: {@code pages * PAGE_SIZE}. */
  private int limit;
  private int pages;
  private final int initialPages;
  private final int maxPages;
  private final long[] dirty;
  private int[] dirtyList = new int[64];
  private int dirtyCount;
  /** The old bytes of dirty page {@code dirtyList[i]} at {@code i * 4096} (committed pages). */
  private byte[] undo = new byte[UNDO_KEPT];
  /** The undo log capacity kept between executions (bytes); larger logs are dropped. */
  private static final int UNDO_KEPT = 64 << OS_PAGE_SHIFT;
  /** Dirty pages past this many are restored from the {@code PageMap} instead (64 MiB log). */
  private static final int UNDO_MAX_PAGES = 16_384;
  private DataSegment[] segments;
  private boolean applySegments = true;
  /** Loaded from a heap and not yet through the instance's initialisation (zero, segments). */
  private boolean loadedNotInstantiated;
  private PageMap base = PageMap.empty();
  private int basePages;

  /** A memory of {@code initialPages} wasm pages that may grow to {@code maxPages}. */
  public HeapMemory(int initialPages, int maxPages) {
    this.initialPages = initialPages;
    this.maxPages = Math.max(maxPages, initialPages);
    this.pages = initialPages;
    this.basePages = initialPages;
    this.data = new byte[initialPages * PAGE_SIZE];
    this.limit = data.length;
    this.dirty = new long[(this.maxPages * 16 + 63) / 64 + 1];
  }

  /**
   * Loads the memory from a state's heap: {@code pages} wasm pages of {@code heap}. Data segments
   * are then not applied at instantiation (the heap already holds them), as on the IC.
   */
  public void load(PageMap heap, int wasmPages) {
    if (wasmPages > maxPages) {
      throw new IllegalStateException("heap of " + wasmPages + " pages exceeds the maximum");
    }
    data = new byte[wasmPages * PAGE_SIZE];
    heap.read(0, data, 0, data.length);
    pages = wasmPages;
    limit = data.length;
    base = heap;
    basePages = wasmPages;
    applySegments = false;
    loadedNotInstantiated = true;
    clearDirty();
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

  /** Writes the dirty pages into a new version of the base map and makes it the base. */
  public PageMap commit() {
    if (dirtyCount == 0) {
      base = base;
      basePages = pages;
      return base;
    }
    PageMap.Transaction tx = base.begin();
    for (int i = 0; i < dirtyCount; i++) {
      int off = dirtyList[i] << OS_PAGE_SHIFT;
      if (off < limit) {
        tx.write(off, data, off, PageMap.PAGE_SIZE);
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
      int baseLimit = basePages * PAGE_SIZE;
      Arrays.fill(data, baseLimit, limit, (byte) 0);
      pages = basePages;
      limit = baseLimit;
    }
    for (int i = 0; i < dirtyCount; i++) {
      int off = dirtyList[i] << OS_PAGE_SHIFT;
      if (off < limit) {
        if (i < UNDO_MAX_PAGES) {
          System.arraycopy(undo, i << OS_PAGE_SHIFT, data, off, PageMap.PAGE_SIZE);
        } else {
          base.read(off, data, off, PageMap.PAGE_SIZE);
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

  /** {@link #mark} for an access of 1..8 bytes: the common case (page already dirty) inline. */
  private void markSmall(int addr, int len) {
    int p = addr >>> OS_PAGE_SHIFT;
    if (p != (addr + len - 1) >>> OS_PAGE_SHIFT || (dirty[p >>> 6] & (1L << p)) == 0) {
      mark(addr, len);
    }
  }

  private void mark(int addr, int len) {
    if (len <= 0) {
      return;
    }
    int first = addr >>> OS_PAGE_SHIFT;
    int last = (addr + len - 1) >>> OS_PAGE_SHIFT;
    for (int p = first; p <= last; p++) {
      long bit = 1L << (p & 63);
      long w = dirty[p >>> 6];
      if ((w & bit) == 0) {
        dirty[p >>> 6] = w | bit;
        if (dirtyCount == dirtyList.length) {
          dirtyList = Arrays.copyOf(dirtyList, dirtyCount * 2);
        }
        int off = p << OS_PAGE_SHIFT;
        if (dirtyCount < UNDO_MAX_PAGES && off < basePages * PAGE_SIZE) {
          // The committed bytes: the array still holds them (this is the page's first write).
          int at = dirtyCount << OS_PAGE_SHIFT;
          if (at + PageMap.PAGE_SIZE > undo.length) {
            undo = Arrays.copyOf(undo, Math.max(undo.length * 2, at + PageMap.PAGE_SIZE));
          }
          System.arraycopy(data, off, undo, at, PageMap.PAGE_SIZE);
        }
        dirtyList[dirtyCount++] = p;
      }
    }
  }

  private static WasmRuntimeException oob(int addr, int size) {
    return new WasmRuntimeException("out of bounds memory access: address "
        + Integer.toUnsignedString(addr) + ", size " + size);
  }

  private void check(int addr, int size) {
    if (addr < 0 || size < 0 || (long) addr + size > limit) {
      throw oob(addr, size);
    }
  }

  /** Bounds check of a {@code size}-byte access (size 1..8). */
  private void at(int addr, int size) {
    if (addr < 0 || addr > limit - size) {
      throw oob(addr, size);
    }
  }

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
    if (delta > 0) {
      int newLimit = (int) next * PAGE_SIZE;
      if (newLimit > data.length) {
        // Amortized growth: double the capacity (bounded by the maximum); the tail is zeros.
        long cap = Math.max(newLimit, Math.min((long) data.length * 2,
            (long) maxPages * PAGE_SIZE));
        data = Arrays.copyOf(data, (int) Math.min(cap, Integer.MAX_VALUE - 8));
      }
      pages = (int) next;
      limit = newLimit;
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
    loadedNotInstantiated = false;
    if (dataSegments == null || !applySegments) {
      return;
    }
    for (DataSegment s : dataSegments) {
      if (s instanceof ActiveDataSegment a) {
        int off = (int) ConstantEvaluators.computeConstantValue(instance,
            a.offsetInstructions())[0];
        byte[] d = a.data();
        if (off < 0 || (long) off + d.length > limit) {
          throw new UninstantiableException("out of bounds memory access: data segment at "
              + Integer.toUnsignedString(off));
        }
        write(off, d, 0, d.length);
      }
    }
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    DataSegment s = segments[segmentId];
    byte[] d = s == null ? new byte[0] : s.data();
    if (offset < 0 || size < 0 || (long) offset + size > d.length) {
      throw oob(dest, size);
    }
    write(dest, d, offset, size);
  }

  @Override
  public void drop(int segment) {
    if (segments != null && segment < segments.length) {
      segments = segments.clone();
      segments[segment] = null;
    }
  }

  @Override
  public void write(int addr, byte[] src, int offset, int size) {
    check(addr, size);
    mark(addr, size);
    System.arraycopy(src, offset, data, addr, size);
  }

  @Override
  public byte read(int addr) {
    at(addr, 1);
    return data[addr];
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    check(addr, len);
    return Arrays.copyOfRange(data, addr, addr + len);
  }

  /** Copies {@code len} bytes at {@code addr} into {@code dst} (bounds-checked). */
  public void readInto(int addr, byte[] dst, int dstOff, int len) {
    check(addr, len);
    System.arraycopy(data, addr, dst, dstOff, len);
  }

  @Override
  public void writeI32(int addr, int v) {
    at(addr, 4);
    markSmall(addr, 4);
    INT.set(data, addr, v);
  }

  @Override
  public int readInt(int addr) {
    at(addr, 4);
    return (int) INT.get(data, addr);
  }

  @Override
  public void writeLong(int addr, long v) {
    at(addr, 8);
    markSmall(addr, 8);
    LONG.set(data, addr, v);
  }

  @Override
  public long readLong(int addr) {
    at(addr, 8);
    return (long) LONG.get(data, addr);
  }

  @Override
  public void writeShort(int addr, short v) {
    at(addr, 2);
    markSmall(addr, 2);
    SHORT.set(data, addr, v);
  }

  @Override
  public short readShort(int addr) {
    at(addr, 2);
    return (short) SHORT.get(data, addr);
  }

  @Override
  public long readU16(int addr) {
    return readShort(addr) & 0xFFFFL;
  }

  @Override
  public void writeByte(int addr, byte v) {
    at(addr, 1);
    markSmall(addr, 1);
    data[addr] = v;
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

  @Override
  public void zero() {
    if (loadedNotInstantiated) {
      // Instantiation zeroes the memory before applying data segments; a memory loaded from a
      // state's heap keeps its contents (the heap is the state).
      return;
    }
    mark(0, limit);
    Arrays.fill(data, 0, limit, (byte) 0);
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    if (fromIndex < 0 || toIndex < fromIndex || toIndex > limit) {
      throw oob(fromIndex, toIndex - fromIndex);
    }
    mark(fromIndex, toIndex - fromIndex);
    Arrays.fill(data, fromIndex, toIndex, value);
  }

  @Override
  public void copy(int dest, int src, int size) {
    check(src, size);
    check(dest, size);
    mark(dest, size);
    System.arraycopy(data, src, data, dest, size);
  }
}
