package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** {@link NodeWatchdog} on a clock the test moves. */
class NodeWatchdogTest {
  private static final long S = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(1_000 * S);
  private final List<String> log = new ArrayList<>();
  private final NodeWatchdog w = new NodeWatchdog("n", 30 * S, clock::get, log::add);

  @Test
  void progressingNode_isQuiet() {
    for (int h = 1; h <= 100; h++) {
      clock.addAndGet(S);
      w.loopDone(h);
      assertThat(w.check()).isEqualTo(NodeWatchdog.Verdict.OK);
    }
    assertThat(log).isEmpty();
  }

  @Test
  void blockedDriver_reportedWithAThreadDump_everyStallPeriod_thenRecovery() {
    w.loopDone(5);
    clock.addAndGet(29 * S);
    assertThat(w.check()).isEqualTo(NodeWatchdog.Verdict.OK);
    clock.addAndGet(S);
    assertThat(w.check()).isEqualTo(NodeWatchdog.Verdict.DRIVER_STALLED);
    assertThat(log).hasSize(1);
    assertThat(log.get(0)).contains("driver loop blocked", "30000 ms", "thread dump",
        "NodeWatchdogTest"); // this thread's stack is in the dump
    clock.addAndGet(10 * S);
    w.check();
    assertThat(log).hasSize(1); // not again before another stall period
    clock.addAndGet(20 * S);
    w.check();
    assertThat(log).hasSize(2);
    w.loopDone(6);
    assertThat(w.check()).isEqualTo(NodeWatchdog.Verdict.OK);
    assertThat(log).hasSize(3);
    assertThat(log.get(2)).contains("progresses again", "finalized 6");
  }

  @Test
  void loopingWithoutNewHeights_reportedAsAHeightStall() {
    w.loopDone(13);
    for (int i = 0; i < 31; i++) {
      clock.addAndGet(S);
      w.loopDone(13);
    }
    assertThat(w.check()).isEqualTo(NodeWatchdog.Verdict.HEIGHT_STALLED);
    assertThat(log.get(0)).contains("finalized height 13 unchanged for 31000 ms",
        "driver loops go on: 32");
  }

  @Test
  void threadDump_namesADeadlockAndWhoHoldsWhat() throws Exception {
    ReentrantLock a = new ReentrantLock();
    ReentrantLock b = new ReentrantLock();
    CountDownLatch both = new CountDownLatch(2);
    Thread t1 = new Thread(() -> lockBoth(a, b, both), "watchdog-test-1");
    Thread t2 = new Thread(() -> lockBoth(b, a, both), "watchdog-test-2");
    t1.setDaemon(true);
    t2.setDaemon(true);
    t1.start();
    t2.start();
    try {
      String dump = "";
      for (int i = 0; i < 500 && !dump.contains("DEADLOCK"); i++) {
        Thread.sleep(20);
        dump = NodeWatchdog.threadDump();
      }
      assertThat(dump).contains("DEADLOCK", "\"watchdog-test-1\"", "WAITING",
          "owned by \"watchdog-test-2\"", "- holds java.util.concurrent.locks.ReentrantLock");
    } finally {
      t1.interrupt(); // lockInterruptibly: the deadlock ends
      t2.interrupt();
      t1.join(5_000);
      t2.join(5_000);
    }
  }

  private static void lockBoth(ReentrantLock first, ReentrantLock second, CountDownLatch both) {
    try {
      first.lockInterruptibly();
      try {
        both.countDown();
        both.await();
        second.lockInterruptibly();
        second.unlock();
      } finally {
        first.unlock();
      }
    } catch (InterruptedException e) {
      // the test ends the deadlock
    }
  }
}
