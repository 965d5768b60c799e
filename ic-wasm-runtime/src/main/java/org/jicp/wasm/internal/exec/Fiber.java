package org.jicp.wasm.internal.exec;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A piece of work on its own thread that can pause itself and be resumed by its owner: how a
 * sliced execution (deterministic time slicing) keeps its wasm stack between rounds. The owner
 * and the fiber never run at the same time: {@link #start} and {@link #resume} return only once
 * the work paused (from inside it, {@link #pauseCurrent}) or finished, and the fiber waits while
 * the owner runs. Slices take a long time, so the hand-off is a plain monitor.
 *
 * <p>The thread has the same large stack as the execution thread, so deep recursion behaves the
 * same in a sliced and an unsliced run.
 */
public final class Fiber {
  private static final ThreadLocal<Fiber> CURRENT = new ThreadLocal<>();

  /** Thrown inside the fiber by {@link #pauseCurrent} when the owner aborts it. */
  public static final class Aborted extends Error {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super("paused execution aborted", null, false, false);
    }
  }

  private final Object lock = new Object();
  private final Thread thread;
  /** Guarded by {@link #lock}. */
  private boolean running;
  private boolean done;
  private boolean aborted;
  private Object result;
  private Throwable error;

  private Fiber(String name, long stackSize, Callable<?> work) {
    thread = new Thread(null, () -> body(work), name, stackSize);
    thread.setDaemon(true);
  }

  /**
   * Runs {@code work} on a new fiber until it pauses or finishes.
   *
   * @return the fiber ({@link #isDone()} tells which)
   */
  public static Fiber start(String name, long stackSize, Callable<?> work) {
    Fiber f = new Fiber(name, stackSize, Objects.requireNonNull(work, "work"));
    synchronized (f.lock) {
      f.running = true;
      f.thread.start();
      f.awaitStop();
    }
    return f;
  }

  /** The fiber the current thread runs, or null on any other thread. */
  public static Fiber current() {
    return CURRENT.get();
  }

  private void body(Callable<?> work) {
    CURRENT.set(this);
    Object r = null;
    Throwable t = null;
    try {
      r = work.call();
    } catch (Throwable e) {
      t = e;
    }
    synchronized (lock) {
      result = r;
      error = t;
      done = true;
      running = false;
      lock.notifyAll();
    }
  }

  /** Called on the fiber: hands control back to the owner and waits to be resumed. */
  public void pauseCurrent() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("pause from outside the fiber");
    }
    synchronized (lock) {
      if (aborted) {
        throw new Aborted();
      }
      running = false;
      lock.notifyAll();
      boolean interrupted = false;
      while (!running) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (aborted) {
        throw new Aborted();
      }
    }
  }

  /** Resumes a paused fiber until it pauses again or finishes. */
  public void resume() {
    synchronized (lock) {
      if (done) {
        throw new IllegalStateException("the fiber has finished");
      }
      running = true;
      lock.notifyAll();
      awaitStop();
    }
  }

  private void awaitStop() {
    boolean interrupted = false;
    while (running) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the work finished (it will not pause again). */
  public boolean isDone() {
    synchronized (lock) {
      return done;
    }
  }

  /** The work's result; its exception rethrown (unchecked as is, checked ones wrapped). */
  public Object result() {
    synchronized (lock) {
      if (!done) {
        throw new IllegalStateException("the fiber has not finished");
      }
      if (error instanceof RuntimeException re) {
        throw re;
      }
      if (error instanceof Error er) {
        throw er;
      }
      if (error != null) {
        throw new IllegalStateException(error);
      }
      return result;
    }
  }

  /**
   * Ends a paused fiber: its pause throws {@link Aborted}, which unwinds the work; returns once
   * the thread has ended. Nothing of the work is kept.
   */
  public void abort() {
    synchronized (lock) {
      if (done) {
        return;
      }
      aborted = true;
      running = true;
      lock.notifyAll();
      awaitStop();
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
