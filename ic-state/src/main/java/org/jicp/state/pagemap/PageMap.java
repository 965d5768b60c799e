package org.jicp.state.pagemap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jicp.state.FileLayer;

/**
 * A canister memory (wasm heap, stable memory) as 4 KiB pages, as the IC's {@code PageMap}
 * ({@code rs/replicated_state/src/page_map.rs}): an immutable stack of on-disk {@link Overlay}
 * layers (oldest first; the newest layer holding a page wins) under an in-memory delta of the
 * pages changed since the last checkpoint. Pages that no layer holds read as zeros, so a memory of
 * hundreds of GiB with few pages touched costs only those pages.
 *
 * <p><b>Values and snapshots.</b> A {@code PageMap} is an immutable value: keeping a reference is
 * a snapshot, free of cost, that stays readable while newer versions are built (a query reads a
 * snapshot while an update executes).
 *
 * <p><b>Executions.</b> Writes happen in a {@link Transaction} (from {@link #begin()}): its dirty
 * pages are private until {@link Transaction#commit()} returns the next version; dropping the
 * transaction (a trap) leaves this map byte-identical.
 *
 * <p><b>Concurrency.</b> Any number of threads may read one {@code PageMap} (or different
 * versions) at once. A {@link Transaction} belongs to one thread (the single writer of an
 * execution); it is not thread-safe. Overlay files are only read; they are never changed after
 * they are written.
 */
public final class PageMap {
  /** The page size: 4 KiB (OS pages, not 64 KiB wasm pages). */
  public static final int PAGE_SIZE = 4096;

  /** The most overlays a memory keeps; a checkpoint that would exceed it merges them (as the IC). */
  public static final int MAX_OVERLAYS = 7;

  private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];
  private static final PageMap EMPTY = new PageMap(List.of(), PageDelta.EMPTY);

  private final List<Overlay> overlays;
  private final PageDelta delta;

  private PageMap(List<Overlay> overlays, PageDelta delta) {
    this.overlays = overlays;
    this.delta = delta;
  }

  /** The all-zero memory with no layers. */
  public static PageMap empty() {
    return EMPTY;
  }

  /**
   * A memory backed by the given overlay files (oldest first), with no delta.
   *
   * @throws org.jicp.state.InvalidCheckpointException naming a file that is malformed
   */
  public static PageMap open(List<Path> overlayFiles) {
    List<Overlay> list = new ArrayList<>(overlayFiles.size());
    for (Path p : overlayFiles) {
      list.add(Overlay.open(p));
    }
    return new PageMap(List.copyOf(list), PageDelta.EMPTY);
  }

  /** The on-disk layers, oldest first. */
  public List<Overlay> overlays() {
    return overlays;
  }

  /** The number of pages changed since the layers were written. */
  public int deltaPageCount() {
    return delta.size();
  }

  /** The indices of the pages changed since the layers were written, increasing. */
  public long[] deltaPageIndices() {
    long[] out = new long[delta.size()];
    int[] i = {0};
    delta.forEach((idx, page) -> out[i[0]++] = idx);
    return out;
  }

  /** Copies page {@code index} into {@code dst} (4096 bytes). */
  public void readPage(long index, byte[] dst) {
    read(index * PAGE_SIZE, dst, 0, PAGE_SIZE);
  }

  /** A copy of page {@code index}. */
  public byte[] page(long index) {
    byte[] b = new byte[PAGE_SIZE];
    readPage(index, b);
    return b;
  }

  /** Copies {@code len} bytes from byte offset {@code offset} of the memory into {@code dst}. */
  public void read(long offset, byte[] dst, int dstOff, int len) {
    Objects.checkFromIndexSize(dstOff, len, dst.length);
    forEachSpan(offset, dstOff, len, (page, in, at, n) -> readWithin(page, in, dst, at, n));
  }

  /** The part of one page that a byte range covers. */
  @FunctionalInterface
  private interface SpanVisitor {
    void visit(long page, int offsetInPage, int bufferOffset, int length);
  }

  /** Cuts {@code [offset, offset + len)} at page boundaries; {@code bufOff} tracks the buffer. */
  private static void forEachSpan(long offset, int bufOff, int len, SpanVisitor v) {
    if (offset < 0) {
      throw new IndexOutOfBoundsException("negative offset " + offset);
    }
    while (len > 0) {
      long page = offset / PAGE_SIZE;
      int in = (int) (offset % PAGE_SIZE);
      int n = Math.min(len, PAGE_SIZE - in);
      v.visit(page, in, bufOff, n);
      offset += n;
      bufOff += n;
      len -= n;
    }
  }

  private void readWithin(long page, int in, byte[] dst, int dstOff, int n) {
    PageDelta.checkIndex(page);
    byte[] p = delta.get(page);
    if (p != null) {
      System.arraycopy(p, in, dst, dstOff, n);
      return;
    }
    for (int i = overlays.size() - 1; i >= 0; i--) {
      if (overlays.get(i).read(page, in, dst, dstOff, n)) {
        return;
      }
    }
    Arrays.fill(dst, dstOff, dstOff + n, (byte) 0);
  }

  /** Begins an execution's writes over this version. */
  public Transaction begin() {
    return new Transaction(this);
  }

  /**
   * This memory with the delta pages replaced by the given layers: what a checkpoint loads after
   * writing the delta out. Package use by the checkpoint writer through {@link #withOverlays}.
   */
  public PageMap withOverlays(List<Overlay> newOverlays) {
    return new PageMap(List.copyOf(newOverlays), PageDelta.EMPTY);
  }

  /**
   * Writes this memory's delta as a new overlay file {@code file} (nothing is written if the
   * delta is empty). Returns whether a file was written.
   */
  public boolean writeDelta(FileLayer fs, Path file) {
    if (delta.size() == 0) {
      return false;
    }
    TreeMap<Long, byte[]> pages = new TreeMap<>();
    delta.forEach(pages::put);
    Overlay.write(fs, file, pages);
    return true;
  }

  /**
   * Writes the whole memory (every page any layer or the delta holds) as one overlay file: the
   * merge that keeps the number of overlays bounded.
   */
  public void writeMerged(FileLayer fs, Path file) {
    java.util.TreeSet<Long> all = new java.util.TreeSet<>();
    for (Overlay o : overlays) {
      o.forEachPage(all::add);
    }
    delta.forEach((i, p) -> all.add(i));
    long[] idx = all.stream().mapToLong(Long::longValue).toArray();
    Overlay.write(fs, file, idx, this::readPage);
  }

  /**
   * An execution's private writes over a {@link PageMap} version: copy-on-write of whole pages,
   * reads see the writes. Not thread-safe: one writer.
   */
  public static final class Transaction {
    private final PageMap base;
    private final Map<Long, byte[]> dirty = new HashMap<>();

    private Transaction(PageMap base) {
      this.base = base;
    }

    /** Writes {@code len} bytes of {@code src} at byte {@code offset} of the memory. */
    public void write(long offset, byte[] src, int srcOff, int len) {
      Objects.checkFromIndexSize(srcOff, len, src.length);
      forEachSpan(offset, srcOff, len, (page, in, at, n) -> {
        byte[] p = dirty.get(page);
        if (p == null) {
          PageDelta.checkIndex(page);
          p = new byte[PAGE_SIZE];
          if (n < PAGE_SIZE) {
            base.readPage(page, p);
          }
          dirty.put(page, p);
        }
        System.arraycopy(src, at, p, in, n);
      });
    }

    /** Reads through the transaction's writes. */
    public void read(long offset, byte[] dst, int dstOff, int len) {
      Objects.checkFromIndexSize(dstOff, len, dst.length);
      forEachSpan(offset, dstOff, len, (page, in, at, n) -> {
        byte[] p = dirty.get(page);
        if (p != null) {
          System.arraycopy(p, in, dst, at, n);
        } else {
          base.readWithin(page, in, dst, at, n);
        }
      });
    }

    /** The number of pages this transaction has written. */
    public int dirtyPageCount() {
      return dirty.size();
    }

    /**
     * The next version: the base with this transaction's pages. The transaction must not be used
     * afterwards.
     */
    public PageMap commit() {
      if (dirty.isEmpty()) {
        return base;
      }
      PageMap next = new PageMap(base.overlays, base.delta.putAll(dirty));
      dirty.clear();
      return next;
    }
  }

  @Override
  public String toString() {
    return "PageMap(" + overlays.size() + " overlays, " + delta.size() + " delta pages)";
  }
}
