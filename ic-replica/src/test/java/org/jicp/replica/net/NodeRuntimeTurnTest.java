package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeRuntime#passes}, the driver's turn, on a clock the test moves: a turn ends when
 * nothing new comes, or when its budget is spent even if peers keep bringing work (the duties and
 * the watchdog's heartbeat then run), and every pass sees the time it runs at.
 */
class NodeRuntimeTurnTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
  private final List<Long> seen = new ArrayList<>();

  @Test
  void slowPassesThatAlwaysFindWork_endTheTurnWithinItsBudget_atAdvancingTimes() {
    // under load each pass takes 300 ms (verifying a backlog) and re-sends keep coming
    boolean more = NodeRuntime.passes(clock::get, 500 * MS, t -> {
      seen.add(t);
      clock.addAndGet(300 * MS);
      return true;
    });
    assertThat(more).isTrue();
    assertThat(seen).hasSize(2); // not 1,000 passes, tens of minutes at this pace
    assertThat(seen.get(1) - seen.get(0)).isEqualTo(300 * MS); // consensus saw time move
  }

  @Test
  void passes_stopWhenNothingNewComes() {
    int[] left = {3};
    boolean more = NodeRuntime.passes(clock::get, 500 * MS, t -> {
      seen.add(t);
      clock.addAndGet(MS);
      return left[0]-- > 0;
    });
    assertThat(more).isFalse();
    assertThat(seen).hasSize(4);
  }

  @Test
  void aClockThatDoesNotMove_cannotKeepATurnGoing() {
    boolean more = NodeRuntime.passes(clock::get, 500 * MS, t -> {
      seen.add(t);
      return true;
    });
    assertThat(more).isTrue();
    assertThat(seen).hasSize(NodeRuntime.MAX_PASSES);
  }
}
