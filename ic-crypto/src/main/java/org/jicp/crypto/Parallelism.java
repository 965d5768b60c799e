package org.jicp.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;

/**
 * How a verification may split its independent work (hashing, scalar multiplications, Miller
 * loops): into at most {@link #tasks()} parts, the first run by the calling thread and the others
 * submitted to an {@link Executor}. The results never depend on it: a parallel verification
 * computes the same field and group elements as the sequential one, only in another order, and
 * draws its random coefficients on the calling thread before it splits. Immutable.
 *
 * <p>The calling thread waits for the executor's parts: an executor whose threads themselves wait
 * in a parallel verification can run out of threads (the common pool compensates for blocked
 * workers; a fixed pool does not), so give nested verifications a pool of their own.
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newFixedThreadPool(3);
 * boolean ok = BlsScheme.IC.batchVerify(keys, msgs, sigs, rng, Parallelism.of(pool, 4));
 * }</pre>
 */
public final class Parallelism {
  private static final Parallelism SEQUENTIAL = new Parallelism(Runnable::run, 1);

  private final Executor executor;
  private final int tasks;

  private Parallelism(Executor executor, int tasks) {
    this.executor = executor;
    this.tasks = tasks;
  }

  /**
   * Up to {@code tasks} parts, the first on the caller, the others on {@code executor} (so a pool
   * of {@code tasks - 1} threads keeps {@code tasks} threads busy).
   *
   * @throws IllegalArgumentException if tasks is below 1
   */
  public static Parallelism of(Executor executor, int tasks) {
    Objects.requireNonNull(executor, "executor");
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be at least 1, got " + tasks);
    }
    return new Parallelism(executor, tasks);
  }

  /** The common fork-join pool, with one part per processor (its parallelism plus the caller). */
  public static Parallelism commonPool() {
    ForkJoinPool pool = ForkJoinPool.commonPool();
    return new Parallelism(pool, Math.max(1, pool.getParallelism() + 1));
  }

  /** Everything on the calling thread. */
  public static Parallelism sequential() {
    return SEQUENTIAL;
  }

  /** The most parts a computation is split into. */
  public int tasks() {
    return tasks;
  }

  /**
   * Computes {@code part.apply(i)} for i in [0, parts) and returns the results in order: part 0
   * on the calling thread, the others on the executor. A part's unchecked exception is rethrown
   * (after every part has finished).
   */
  public <T> List<T> run(int parts, IntFunction<T> part) {
    if (parts <= 1 || tasks == 1) {
      List<T> out = new ArrayList<>(Math.max(parts, 0));
      for (int i = 0; i < parts; i++) {
        out.add(part.apply(i));
      }
      return out;
    }
    List<CompletableFuture<T>> futures = new ArrayList<>(parts - 1);
    for (int i = 1; i < parts; i++) {
      final int index = i;
      futures.add(CompletableFuture.supplyAsync(() -> part.apply(index), executor));
    }
    List<T> out = new ArrayList<>(parts);
    RuntimeException failure = null;
    try {
      out.add(part.apply(0));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (CompletableFuture<T> f : futures) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  /**
   * Splits [0, n) into at most {@link #tasks()} contiguous ranges of nearly equal size (none
   * empty) and computes {@code range.apply(from, to)} for each, in order.
   */
  public <T> List<T> runRanges(int n, RangeFunction<T> range) {
    int parts = Math.min(n, tasks);
    if (parts <= 0) {
      return List.of();
    }
    return run(parts, i -> range.apply((int) ((long) n * i / parts), (int) ((long) n * (i + 1) / parts)));
  }

  /** A computation over the index range [from, to). */
  @FunctionalInterface
  public interface RangeFunction<T> {
    /** The result for indices from (inclusive) to to (exclusive). */
    T apply(int from, int to);
  }

  @Override
  public String toString() {
    return "Parallelism(" + tasks + " tasks)";
  }
}
