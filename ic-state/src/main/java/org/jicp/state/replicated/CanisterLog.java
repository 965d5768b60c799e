package org.jicp.state.replicated;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

  /** Validates and copies the components. */
  public CanisterLog {
    if (nextIdx < 0) {
      throw new IllegalArgumentException("negative index");
    }
    records = List.copyOf(records);
  }

  /** The bytes of record contents kept. */
  public long bytes() {
    long n = 0;
    for (Record r : records) {
      n += r.content().length();
    }
    return n;
  }

  /** A copy with {@code content} appended (truncated to the limit), dropping the oldest. */
  public CanisterLog append(long timestampNanos, Bytes content) {
    Bytes c = content.length() > MAX_BYTES ? content.slice(0, MAX_BYTES) : content;
    List<Record> rs = new ArrayList<>(records);
    rs.add(new Record(nextIdx, timestampNanos, c));
    long total = 0;
    for (Record r : rs) {
      total += r.content().length();
    }
    while (total > MAX_BYTES) {
      total -= rs.remove(0).content().length();
    }
    return new CanisterLog(nextIdx + 1, rs);
  }
}
