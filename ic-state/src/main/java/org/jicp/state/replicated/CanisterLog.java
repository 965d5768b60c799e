package org.jicp.state.replicated;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.jicp.crypto.Bytes;

/**
 * A canister's log buffer ({@code fetch_canister_logs}): the records of its {@code debug_print}
 * calls and traps, numbered from 0, the oldest dropped when the contents pass {@link
 * #MAX_BYTES} (the IC's canister log buffer size).
 *
 * @param nextIdx the index the next record gets
 * @param records the records, oldest first
 */
public record CanisterLog(long nextIdx, List<Record> records) {
  /** The most bytes of record contents kept: 4 KiB. */
  public static final int MAX_BYTES = 4 * 1024;

  /** An empty log. */
  public static final CanisterLog EMPTY = new CanisterLog(0, List.of());

  /**
   * One log record.
   *
   * @param idx its index
   * @param timestampNanos when it was written
   * @param content the bytes printed
   */
  public record Record(long idx, long timestampNanos, Bytes content) {
    /** Validates the component. */
    public Record {
      Objects.requireNonNull(content, "content");
    }
  }

  /** Validates and copies the components (a log's own record list is kept as it is). */
  public CanisterLog {
    if (nextIdx < 0) {
      throw new IllegalArgumentException("negative index");
    }
    records = records instanceof Window ? records : List.copyOf(records);
  }

  /** The bytes of record contents kept. */
  public long bytes() {
    return Window.of(records).bytes();
  }

  /**
   * A copy with {@code content} appended (truncated to the limit), dropping the oldest records
   * while the contents pass the limit. Amortized constant time: the records live in a buffer the
   * versions of a log share (see {@link Window}), not copied per record.
   */
  public CanisterLog append(long timestampNanos, Bytes content) {
    Bytes c = content.length() > MAX_BYTES ? content.slice(0, MAX_BYTES) : content;
    Window w = Window.of(records).plus(new Record(nextIdx, timestampNanos, c));
    return new CanisterLog(nextIdx + 1, w.dropOldestAbove(MAX_BYTES));
  }

  /**
   * An immutable run {@code [from, to)} of a shared append-only buffer of records. Appending to
   * the newest version of a log writes into the buffer's next free slot and shares it; appending
   * to an older version (whose end is not the buffer's end any more) or to a full buffer copies
   * the run into a new buffer of twice its size. Slots below a buffer's size are never written
   * again, so every version stays what it was; the buffer keeps the running byte totals, so the
   * size of a run's contents is a subtraction.
   */
  static final class Window extends AbstractList<Record> implements RandomAccess {
    private static final Window EMPTY_WINDOW = new Window(new Buffer(0), 0, 0);

    /** The shared storage: records and running content sizes ({@code total[i]} before i). */
    private static final class Buffer {
      final Record[] items;
      final long[] total;
      int size;

      Buffer(int capacity) {
        items = new Record[capacity];
        total = new long[capacity + 1];
      }
    }

    private final Buffer buf;
    private final int from;
    private final int to;

    private Window(Buffer buf, int from, int to) {
      this.buf = buf;
      this.from = from;
      this.to = to;
    }

    /** {@code records} as a window ({@code records} itself if it is one). */
    static Window of(List<Record> records) {
      if (records instanceof Window w) {
        return w;
      }
      if (records.isEmpty()) {
        return EMPTY_WINDOW;
      }
      Buffer b = new Buffer(records.size() * 2);
      for (Record r : records) {
        append(b, r);
      }
      return new Window(b, 0, b.size);
    }

    private static void append(Buffer b, Record r) {
      b.items[b.size] = r;
      b.total[b.size + 1] = b.total[b.size] + r.content().length();
      b.size++;
    }

    /** This run with {@code r} after its last record. */
    Window plus(Record r) {
      synchronized (buf) {
        if (buf.size == to && to < buf.items.length) {
          append(buf, r);
          return new Window(buf, from, to + 1);
        }
      }
      Buffer b = new Buffer(Math.max(8, 2 * (to - from + 1)));
      for (int i = from; i < to; i++) {
        append(b, buf.items[i]);
      }
      append(b, r);
      return new Window(b, 0, b.size);
    }

    /** This run without its oldest records while their contents pass {@code maxBytes}. */
    Window dropOldestAbove(long maxBytes) {
      int f = from;
      while (buf.total[to] - buf.total[f] > maxBytes) {
        f++;
      }
      return f == from ? this : new Window(buf, f, to);
    }

    long bytes() {
      return buf.total[to] - buf.total[from];
    }

    @Override
    public Record get(int index) {
      Objects.checkIndex(index, to - from);
      return buf.items[from + index];
    }

    @Override
    public int size() {
      return to - from;
    }
  }
}
