package org.jicp.state.replicated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/**
 * {@link CanisterLog#append} (records in a buffer shared by the versions of a log) against the
 * definition it replaced: copy the records, add the new one, drop the oldest while the contents
 * pass {@link CanisterLog#MAX_BYTES}. Random appends to random earlier versions (so that the
 * shared buffer is both extended and forked); every version is compared, again at the end, with
 * its model. Seeded: {@code -Djicp.seed=S}.
 */
class CanisterLogPropertyTest {
  private static final long SEED = Long.getLong("jicp.seed", 20261207L);
  private static final int CASES = 200;

  /** The former {@code append}: the whole list copied per record. */
  private static List<CanisterLog.Record> model(List<CanisterLog.Record> records, long idx,
      long ts, Bytes content) {
    Bytes c = content.length() > CanisterLog.MAX_BYTES
        ? content.slice(0, CanisterLog.MAX_BYTES) : content;
    List<CanisterLog.Record> rs = new ArrayList<>(records);
    rs.add(new CanisterLog.Record(idx, ts, c));
    long total = 0;
    for (CanisterLog.Record r : rs) {
      total += r.content().length();
    }
    while (total > CanisterLog.MAX_BYTES) {
      total -= rs.remove(0).content().length();
    }
    return rs;
  }

  @Test
  void append_randomVersionsAndSizes_equalsCopyingDefinition() {
    System.out.println("CanisterLogPropertyTest seed=" + SEED);
    SplittableRandom rnd = new SplittableRandom(SEED);
    int checked = 0;
    for (int c = 0; c < CASES; c++) {
      List<CanisterLog> versions = new ArrayList<>(List.of(CanisterLog.EMPTY));
      List<List<CanisterLog.Record>> models = new ArrayList<>(List.of(List.of()));
      int steps = 1 + rnd.nextInt(300);
      for (int i = 0; i < steps; i++) {
        // Mostly the newest version (the round's case), sometimes an older one (a fork).
        int v = rnd.nextInt(4) == 0 ? rnd.nextInt(versions.size()) : versions.size() - 1;
        int len = switch (rnd.nextInt(10)) {
          case 0 -> 0;
          case 1 -> CanisterLog.MAX_BYTES + rnd.nextInt(100);
          case 2 -> CanisterLog.MAX_BYTES;
          default -> rnd.nextInt(200);
        };
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        CanisterLog before = versions.get(v);
        long ts = rnd.nextLong(1L << 60);
        CanisterLog after = before.append(ts, Bytes.of(b));
        List<CanisterLog.Record> m = model(models.get(v), before.nextIdx(), ts, Bytes.of(b));
        assertThat(after.records()).isEqualTo(m);
        assertThat(after.nextIdx()).isEqualTo(before.nextIdx() + 1);
        assertThat(after.bytes()).isEqualTo(
            m.stream().mapToLong(r -> r.content().length()).sum()).isLessThanOrEqualTo(
            CanisterLog.MAX_BYTES);
        assertThat(after).isEqualTo(new CanisterLog(after.nextIdx(), m))
            .hasSameHashCodeAs(new CanisterLog(after.nextIdx(), m));
        versions.add(after);
        models.add(m);
      }
      for (int v = 0; v < versions.size(); v++) {
        assertThat(versions.get(v).records()).as("case %d version %d unchanged", c, v)
            .isEqualTo(models.get(v));
        checked++;
      }
    }
    System.out.println("CanisterLogPropertyTest: " + CASES + " cases, " + checked
        + " versions checked");
    assertThat(checked).isGreaterThan(CASES);
  }

  @Test
  void records_ofAppendedLog_areUnmodifiable() {
    CanisterLog l = CanisterLog.EMPTY.append(1, Bytes.fromHex("6869"));
    assertThatThrownBy(() -> l.records().add(l.records().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> l.records().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
