package org.jicp.wasm.execution;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that may run queries themselves. {@link RoundExecutor#query} called on one of these
 * runs a wasm query on the calling thread, concurrently with other queries and with the rounds,
 * instead of handing it to the executor's execution thread. Such a thread has the execution
 * thread's stack (1 GiB, reserved, not committed): a deep but bounded recursion must trap on the
 * instrumentation's call-depth limit the same way on every thread, never overflow the Java stack
 * first. Any other caller's queries go to the execution thread as before.
 */
public final class QueryThreads {
  /**
   * The system property with the number of queries of a canister version that run on the
   * execution thread before query threads restore live instances of it (read when an executor
   * is built; default {@link #DEFAULT_RESTORE_AFTER}). Restoring copies the whole heap and builds
   * an instance, dozens of queries' worth of work; the execution thread's instance already
   * mirrors the version a round has just made. 0: query threads restore at once.
   */
  public static final String RESTORE_AFTER_PROPERTY = "jicp.queryRestoreAfter";
  /** The default of {@link #RESTORE_AFTER_PROPERTY}. */
  public static final int DEFAULT_RESTORE_AFTER = 16;

  /** The stack size of a query thread: the execution thread's. */
  public static final long STACK_BYTES = 1L << 30;

  private QueryThreads() {}

  /** The marker type. */
  private static final class QueryThread extends Thread {
    QueryThread(Runnable r, String name) {
      super(null, r, name, STACK_BYTES);
    }
  }

  /** A new (unstarted) query thread running {@code r}. */
  public static Thread newThread(Runnable r, String name) {
    return new QueryThread(Objects.requireNonNull(r, "r"), Objects.requireNonNull(name, "name"));
  }

  /** A factory of daemon query threads named {@code prefix-1}, {@code prefix-2}, … */
  public static ThreadFactory factory(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = newThread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Whether the current thread is a query thread. */
  public static boolean isCurrent() {
    return Thread.currentThread() instanceof QueryThread;
  }
}
