package org.jicp.wasm.internal.exec;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread that runs wasm: one daemon thread with a large stack (deep but bounded recursion must
 * trap the same way every time, not overflow the caller's stack), to which callers hand their work
 * and wait for the result.
 *
 * <p>The hand-off is a single slot with a short spin before parking on both sides: a message takes
 * a few microseconds to execute, and an executor's park/unpark round trip (two thread wake-ups per
 * call, tens of microseconds each once the threads sleep) would cost more than the message. Each
 * side spins for at most {@link #SPIN_NANOS} before it parks, so an idle subnet costs nothing.
 */
public final class ExecutionThread implements AutoCloseable {
  /** How long a side busy-waits for the other before parking. */
  static final long SPIN_NANOS = 50_000;

  private static final class Job {
    final Callable<?> work;
    final Thread caller;
    volatile boolean done;
    Object result;
    Throwable error;

    Job(Callable<?> work, Thread caller) {
      this.work = work;
      this.caller = caller;
    }
  }

  private final Thread worker;
  private final ReentrantLock callers = new ReentrantLock();
  private volatile Job pending;
  private volatile boolean closed;

  /** Starts the thread. */
  public ExecutionThread(String name, long stackSize) {
    worker = new Thread(null, this::run, name, stackSize);
    worker.setDaemon(true);
    worker.start();
  }

  /** Whether the current thread is this execution thread (work then runs inline). */
  public boolean isCurrent() {
    return Thread.currentThread() == worker;
  }

  /**
   * Runs {@code work} on the execution thread (inline when called from it) and returns its result;
   * its unchecked exceptions and errors are rethrown as they are, checked ones wrapped in an {@link
   * IllegalStateException}. Callers are served one at a time. The wait is not interruptible (the
   * work cannot be abandoned half done); an interrupt is kept for the caller.
   *
   * @throws IllegalStateException once closed
   */
  @SuppressWarnings("unchecked")
  public <T> T call(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    if (isCurrent()) {
      return callInline(work);
    }
    callers.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the execution thread is closed");
      }
      Job job = new Job(work, Thread.currentThread());
      pending = job;
      LockSupport.unpark(worker);
      boolean interrupted = false;
      long start = System.nanoTime();
      while (!job.done) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
          if (Thread.interrupted()) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (job.error instanceof RuntimeException re) {
        throw re;
      }
      if (job.error instanceof Error er) {
        throw er;
      }
      if (job.error != null) {
        throw new IllegalStateException(job.error);
      }
      return (T) job.result;
    } finally {
      callers.unlock();
    }
  }

  private static <T> T callInline(Callable<T> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void run() {
    while (!closed) {
      Job job = pending;
      if (job == null) {
        long start = System.nanoTime();
        while ((job = pending) == null && !closed && System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        }
        if (job == null) {
          LockSupport.park(this);
          Thread.interrupted(); // work that re-asserted an interrupt must not make park spin
          continue;
        }
      }
      pending = null;
      Thread.interrupted(); // each job starts uninterrupted, as on an executor
      try {
        job.result = job.work.call();
      } catch (Throwable t) {
        job.error = t;
      }
      job.done = true;
      LockSupport.unpark(job.caller);
    }
  }

  /**
   * Stops the thread: waits for a call in progress to finish (from another thread), then makes
   * later calls throw. Called from the execution thread itself (inside a call), the thread stops
   * once that call returns.
   */
  @Override
  public void close() {
    if (isCurrent()) {
      closed = true;
      return;
    }
    callers.lock();
    try {
      closed = true;
      LockSupport.unpark(worker);
    } finally {
      callers.unlock();
    }
  }
}
