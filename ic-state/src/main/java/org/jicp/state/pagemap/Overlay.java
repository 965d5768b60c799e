package org.jicp.state.pagemap;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import org.jicp.state.FileLayer;
import org.jicp.state.InvalidCheckpointException;

/**
 * One overlay file of a {@link PageMap}'s on-disk layers, in the IC's overlay layout (version 0,
 * after {@code rs/replicated_state/src/page_map/storage.rs}), all integers little-endian:
 *
 * <pre>
 * page data      N × 4096 bytes, in increasing page order (mmap-aligned)
 * index          R × (start_page u64, end_page u64 exclusive, file_offset_in_pages u64)
 * page count     N, u64
 * version        0, u32
 * </pre>
 *
 * <p>An opened overlay reads pages with positional reads ({@link FileChannel#read(ByteBuffer,
 * long)}), never copying the whole file. The channel closes when the overlay becomes unreachable.
 * Instances are immutable and safe to share between threads.
 */
public final class Overlay {
  /** The overlay format version this code writes and reads. */
  public static final int VERSION = 0;

  private static final int ENTRY = 24;
  private static final int TRAILER = 12;
  private static final Cleaner CLEANER = Cleaner.create();

  private final Path path;
  private final FileChannel channel;
  private final long[] starts;
  private final long[] ends;
  private final long[] offsets;
  private final long pageCount;

  private Overlay(Path path, FileChannel ch, long[] starts, long[] ends, long[] offsets, long n) {
    this.path = path;
    this.channel = ch;
    this.starts = starts;
    this.ends = ends;
    this.offsets = offsets;
    this.pageCount = n;
    CLEANER.register(this, () -> {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing a read-only channel: nothing to lose.
      }
    });
  }

  /**
   * Opens and validates an overlay file.
   *
   * @throws InvalidCheckpointException naming the file if it cannot be read or its layout is
   *     broken (bad version, truncated, index out of order or pointing outside the data)
   */
  public static Overlay open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new InvalidCheckpointException(path, "cannot open overlay: " + e, e);
    }
    try {
      long size = ch.size();
      if (size < TRAILER) {
        throw new InvalidCheckpointException(path, "overlay of " + size + " bytes is truncated");
      }
      ByteBuffer trailer = readFully(ch, size - TRAILER, TRAILER, path);
      long n = trailer.getLong();
      int version = trailer.getInt();
      if (version != VERSION) {
        throw new InvalidCheckpointException(path, "overlay version " + version + ", expected 0");
      }
      if (n < 0 || n > (size - TRAILER) / PageMap.PAGE_SIZE) {
        throw new InvalidCheckpointException(
            path, "overlay claims " + n + " pages but has " + size + " bytes");
      }
      long indexBytes = size - TRAILER - n * PageMap.PAGE_SIZE;
      if (indexBytes % ENTRY != 0 || indexBytes / ENTRY > Integer.MAX_VALUE) {
        throw new InvalidCheckpointException(path, "overlay index of " + indexBytes + " bytes");
      }
      int r = (int) (indexBytes / ENTRY);
      ByteBuffer idx = readFully(ch, n * PageMap.PAGE_SIZE, (int) indexBytes, path);
      long[] s = new long[r];
      long[] e = new long[r];
      long[] o = new long[r];
      long covered = 0;
      for (int i = 0; i < r; i++) {
        s[i] = idx.getLong();
        e[i] = idx.getLong();
        o[i] = idx.getLong();
        if (s[i] < 0 || e[i] <= s[i] || (i > 0 && s[i] < e[i - 1])
            || o[i] < 0 || o[i] + (e[i] - s[i]) > n) {
          throw new InvalidCheckpointException(
              path, "overlay index entry " + i + " [" + s[i] + ", " + e[i] + ") at page " + o[i]
                  + " is out of order or outside the " + n + " data pages");
        }
        covered += e[i] - s[i];
      }
      if (covered != n) {
        throw new InvalidCheckpointException(
            path, "overlay index covers " + covered + " pages, data has " + n);
      }
      return new Overlay(path, ch, s, e, o, n);
    } catch (InvalidCheckpointException e) {
      closeQuietly(ch);
      throw e;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new InvalidCheckpointException(path, "cannot read overlay: " + e, e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Already failing.
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long pos, int len, Path path)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int k = ch.read(b, pos + b.position());
      if (k < 0) {
        throw new InvalidCheckpointException(path, "unexpected end of file at " + (pos + b.position()));
      }
    }
    b.flip();
    return b;
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The number of pages stored. */
  public long pageCount() {
    return pageCount;
  }

  /** The position in the index of the range holding {@code page}, or -1. */
  private int find(long page) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (page < starts[mid]) {
        hi = mid - 1;
      } else if (page >= ends[mid]) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** Whether the overlay holds {@code page}. */
  public boolean contains(long page) {
    return find(page) >= 0;
  }

  /**
   * Reads {@code len} bytes of {@code page} from {@code offsetInPage} into {@code dst}; returns
   * false (reading nothing) if the overlay does not hold the page.
   */
  boolean read(long page, int offsetInPage, byte[] dst, int dstOff, int len) {
    int i = find(page);
    if (i < 0) {
      return false;
    }
    long pos = (offsets[i] + (page - starts[i])) * PageMap.PAGE_SIZE + offsetInPage;
    ByteBuffer b = ByteBuffer.wrap(dst, dstOff, len);
    try {
      while (b.hasRemaining()) {
        if (channel.read(b, pos + (b.position() - dstOff)) < 0) {
          throw new InvalidCheckpointException(path, "overlay truncated at byte " + pos);
        }
      }
    } catch (IOException e) {
      throw new InvalidCheckpointException(path, "cannot read page " + page + ": " + e, e);
    }
    return true;
  }

  /** Visits every page index the overlay holds, in increasing order. */
  void forEachPage(java.util.function.LongConsumer c) {
    for (int i = 0; i < starts.length; i++) {
      for (long p = starts[i]; p < ends[i]; p++) {
        c.accept(p);
      }
    }
  }

  /** Supplies the contents of a page while an overlay is written. */
  @FunctionalInterface
  public interface PageSupplier {
    /** Fills {@code dst} (4096 bytes) with the contents of page {@code page}. */
    void read(long page, byte[] dst);
  }

  /**
   * Writes the pages {@code indices} (strictly increasing) as a new overlay file through {@code
   * fs}, taking their contents from {@code src} one at a time (so a merge of large overlays does
   * not hold them in memory), and fsyncs it. The caller fsyncs the directory.
   */
  public static void write(FileLayer fs, Path path, long[] indices, PageSupplier src) {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(src, "src");
    List<long[]> ranges = new ArrayList<>();
    long[] cur = null;
    for (int i = 0; i < indices.length; i++) {
      long p = indices[i];
      if (i > 0 && p <= indices[i - 1]) {
        throw new IllegalArgumentException("page indices must strictly increase at " + i);
      }
      if (cur != null && cur[1] == p) {
        cur[1]++;
      } else {
        cur = new long[] {p, p + 1, i};
        ranges.add(cur);
      }
    }
    try (FileLayer.OutputFile out = fs.create(path)) {
      // Pages go out in batches of up to 256 (1 MiB) per write call.
      ByteBuffer buf = ByteBuffer.allocate(256 * PageMap.PAGE_SIZE);
      byte[] page = new byte[PageMap.PAGE_SIZE];
      for (long p : indices) {
        if (!buf.hasRemaining()) {
          buf.flip();
          out.write(buf);
          buf.clear();
        }
        src.read(p, page);
        buf.put(page);
      }
      buf.flip();
      if (buf.hasRemaining()) {
        out.write(buf);
      }
      ByteBuffer tail =
          ByteBuffer.allocate(ranges.size() * ENTRY + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
      for (long[] r : ranges) {
        tail.putLong(r[0]).putLong(r[1]).putLong(r[2]);
      }
      tail.putLong(indices.length).putInt(VERSION);
      tail.flip();
      out.write(tail);
      out.fsync();
    }
  }

  /** Writes {@code pages} (index → 4096 bytes) as a new overlay; see the streaming variant. */
  public static void write(FileLayer fs, Path path, SortedMap<Long, byte[]> pages) {
    long[] idx = pages.keySet().stream().mapToLong(Long::longValue).toArray();
    write(fs, path, idx, (p, dst) -> System.arraycopy(pages.get(p), 0, dst, 0, PageMap.PAGE_SIZE));
  }

  @Override
  public String toString() {
    return "Overlay(" + path + ", " + pageCount + " pages)";
  }
}
