package org.jicp.replica.net;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Explains a stalled node in its own log: the node's driver {@linkplain #loopDone reports} every
 * loop it completes and the finalized height it reached; {@link #check} (every second, on the
 * watchdog's own thread) logs one line and a dump of every thread — stacks, the monitors and locks
 * each holds and waits for, and the JVM's deadlock detection — when the driver has not completed
 * a loop for {@code stallNanos} (it is blocked or spinning), or when the finalized height has not
 * moved for {@code stallNanos} (consensus does not progress: the dump then shows what the threads
 * do while the loop goes round). It reports again every {@code stallNanos} while the stall lasts,
 * and once when it ends. The clock is passed in, so the rules are tested without waiting.
 */
final class NodeWatchdog {
  /** What a check found. */
  enum Verdict { OK, DRIVER_STALLED, HEIGHT_STALLED }

  private final long stallNanos;
  private final LongSupplier clock;
  private final Consumer<String> log;
  private final String node;
  private volatile long loopAt;
  private volatile long loops;
  private volatile long height = -1;
  private volatile long heightAt;
  private long reportedAt = Long.MIN_VALUE;
  private boolean stalled;

  NodeWatchdog(String node, long stallNanos, LongSupplier clock, Consumer<String> log) {
    this.node = node;
    this.stallNanos = stallNanos;
    this.clock = clock;
    this.log = log;
    long now = clock.getAsLong();
    this.loopAt = now;
    this.heightAt = now;
  }

  /** The driver completed a loop with the node at {@code finalizedHeight}. */
  void loopDone(long finalizedHeight) {
    long now = clock.getAsLong();
    loopAt = now;
    loops++;
    if (finalizedHeight != height) {
      height = finalizedHeight;
      heightAt = now;
    }
  }

  /** Checks for a stall now, logging a report (with a thread dump) if there is one. */
  synchronized Verdict check() {
    long now = clock.getAsLong();
    long sinceLoop = now - loopAt;
    long sinceHeight = now - heightAt;
    Verdict v = sinceLoop >= stallNanos ? Verdict.DRIVER_STALLED
        : sinceHeight >= stallNanos ? Verdict.HEIGHT_STALLED : Verdict.OK;
    if (v == Verdict.OK) {
      if (stalled) {
        log.accept("watchdog: node " + node + " progresses again (finalized " + height + ")");
        stalled = false;
      }
      return v;
    }
    if (!stalled || now - reportedAt >= stallNanos) {
      stalled = true;
      reportedAt = now;
      log.accept("watchdog: node " + node + (v == Verdict.DRIVER_STALLED
          ? " driver loop blocked: last loop completed " + sinceLoop / 1_000_000 + " ms ago"
          : " finalized height " + height + " unchanged for " + sinceHeight / 1_000_000
              + " ms (driver loops go on: " + loops + ")")
          + "; thread dump follows\n" + threadDump());
    }
    return v;
  }

  /** Every thread's state, full stack, held monitors and locks, and any deadlock found. */
  static String threadDump() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    StringBuilder sb = new StringBuilder();
    long[] deadlocked = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads()
        : mx.findMonitorDeadlockedThreads();
    if (deadlocked != null) {
      sb.append("DEADLOCK among thread ids ").append(java.util.Arrays.toString(deadlocked))
          .append('\n');
    }
    for (ThreadInfo t : mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(),
        mx.isSynchronizerUsageSupported())) {
      sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
          .append(' ').append(t.getThreadState());
      if (t.getLockName() != null) {
        sb.append(" on ").append(t.getLockName());
      }
      if (t.getLockOwnerName() != null) {
        sb.append(" owned by \"").append(t.getLockOwnerName()).append("\" #")
            .append(t.getLockOwnerId());
      }
      sb.append('\n');
      StackTraceElement[] st = t.getStackTrace();
      for (int i = 0; i < st.length; i++) {
        sb.append("\tat ").append(st[i]).append('\n');
        for (MonitorInfo m : t.getLockedMonitors()) {
          if (m.getLockedStackDepth() == i) {
            sb.append("\t- locked ").append(m).append('\n');
          }
        }
      }
      for (LockInfo l : t.getLockedSynchronizers()) {
        sb.append("\t- holds ").append(l).append('\n');
      }
    }
    return sb.toString();
  }
}
