package org.jicp.state.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jicp.state.FileLayer;

/**
 * A {@link FileLayer} over another that defers the fsyncs until {@link #flush}: a file whose
 * writer asked for an fsync stays open after its {@code close} until the flush fsyncs and closes
 * it, and each directory fsync is done once, after every file's. A checkpoint is crash-safe as
 * long as everything in it is durable before its commit rename, so the state manager flushes once
 * before that rename instead of waiting for thousands of fsyncs one after another; on a layer that
 * {@linkplain FileLayer#syncsConcurrently() allows it} the flush runs the fsyncs on several
 * threads (as the IC syncs its checkpoint files in parallel). At most {@link #MAX_OPEN} files are
 * held open: past it the batch is flushed early.
 *
 * <p><b>Early file syncs.</b> On such a layer a file of at least {@link #EARLY_SYNC_BYTES} is not
 * held until the flush: its fsync starts on a background thread as soon as its writer closes it
 * (its bytes are final then), so that the disk writes the large files (the memories' overlays)
 * while the state manager is still writing and hashing the rest, instead of all of it after the
 * last write. This changes when a file becomes durable, not what is durable at the commit: {@link
 * #flush} still waits for every file's fsync, then fsyncs the directories, and only then may the
 * caller commit. Small files stay batched (their syncs are journal commits more than data). The
 * system property {@value #EARLY_SYNC_PROPERTY}{@code =false} turns it off (the benchmarks' peer).
 * Not thread-safe (the state manager's thread); the background syncs touch only their own files.
 */
final class SyncBatch implements FileLayer {
  /** The most files held open for their deferred fsync. */
  static final int MAX_OPEN = 1024;
  private static final int THREADS = 8;
  /** Files of at least this many bytes start their fsync when closed (see the class comment). */
  static final long EARLY_SYNC_BYTES = 64 * 1024;
  /** The most files open for a background sync (started or queued). */
  static final int MAX_SYNCING = 256;
  /** The system property that turns the early syncs off ({@code false}). */
  static final String EARLY_SYNC_PROPERTY = "jicp.checkpoint.earlySync";

  private final FileLayer fs;
  private final List<OutputFile> files = new ArrayList<>();
  private final Set<Path> dirs = new LinkedHashSet<>();
  /** Whether large files start their fsync when closed. */
  private final boolean early;
  /** The background fsyncs started (each also closes its file), oldest first. */
  private final ArrayDeque<Future<?>> syncing = new ArrayDeque<>();
  private ExecutorService pool;
  /** Set when abandoned: a background sync not yet started then only closes its file. */
  private volatile boolean abandoned;

  SyncBatch(FileLayer fs) {
    this.fs = fs;
    this.early = fs.syncsConcurrently()
        && !"false".equals(System.getProperty(EARLY_SYNC_PROPERTY));
  }

  @Override
  public OutputFile create(Path file) {
    OutputFile out = fs.create(file);
    return new OutputFile() {
      private boolean sync;
      private long written;

      @Override
      public void write(ByteBuffer data) {
        written += data.remaining();
        out.write(data);
      }

      @Override
      public void fsync() {
        sync = true;
      }

      @Override
      public void close() {
        if (!sync) {
          out.close();
          return;
        }
        if (early && written >= EARLY_SYNC_BYTES) {
          syncInBackground(out);
          return;
        }
        files.add(out);
        if (files.size() >= MAX_OPEN) {
          flushFiles();
        }
      }
    };
  }

  @Override
  public void createDirectories(Path dir) {
    fs.createDirectories(dir);
  }

  @Override
  public void fsyncDirectory(Path dir) {
    dirs.add(dir);
  }

  @Override
  public void rename(Path from, Path to) {
    fs.rename(from, to);
  }

  @Override
  public boolean hardLink(Path existing, Path link) {
    return fs.hardLink(existing, link);
  }

  @Override
  public void link(Path existing, Path link) {
    fs.link(existing, link);
  }

  @Override
  public void deleteRecursively(Path path) {
    fs.deleteRecursively(path);
  }

  @Override
  public boolean syncsConcurrently() {
    return fs.syncsConcurrently();
  }

  /** Fsyncs and closes every held file, then fsyncs every directory asked for. */
  void flush() {
    try {
      awaitBackground(0);
    } finally {
      shutdownPool();
    }
    flushFiles();
    List<Path> ds = new ArrayList<>(dirs);
    dirs.clear();
    run(ds.size(), i -> fs.fsyncDirectory(ds.get(i)));
  }

  /** Closes the held files without syncing them (after a failure). */
  void abandon() {
    abandoned = true;
    try {
      awaitBackground(0);
    } catch (RuntimeException | Error e) {
      // already failing: the first error is the one reported
    } finally {
      shutdownPool();
    }
    for (OutputFile f : files) {
      try {
        f.close();
      } catch (RuntimeException e) {
        // already failing: the first error is the one reported
      }
    }
    files.clear();
    dirs.clear();
  }

  /** Starts fsync-then-close of {@code out} on the pool; waits if too many files are open. */
  private void syncInBackground(OutputFile out) {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "jicp-checkpoint-early-sync");
        t.setDaemon(true);
        return t;
      });
    }
    syncing.add(pool.submit(() -> {
      try {
        if (!abandoned) {
          out.fsync();
        }
      } finally {
        out.close();
      }
    }));
    if (syncing.size() >= MAX_SYNCING) {
      awaitBackground(MAX_SYNCING / 2);
    }
  }

  /**
   * Waits for the oldest background syncs until at most {@code left} remain; every one is waited
   * for even after a failure (so that none still runs when this returns with {@code left == 0}),
   * then the first failure is thrown.
   */
  private void awaitBackground(int left) {
    Throwable first = null;
    boolean interrupted = false;
    while (syncing.size() > left) {
      Future<?> f = syncing.peek();
      try {
        f.get();
        syncing.poll();
      } catch (ExecutionException e) {
        syncing.poll();
        first = first == null ? e.getCause() : first;
      } catch (InterruptedException e) {
        // the fsyncs end by themselves: keep waiting, then restore the interrupt
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error err) {
      throw err;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  private void shutdownPool() {
    if (pool != null) {
      pool.shutdown();
      pool = null;
    }
  }

  private void flushFiles() {
    List<OutputFile> held = new ArrayList<>(files);
    files.clear();
    try {
      run(held.size(), i -> held.get(i).fsync());
    } finally {
      RuntimeException first = null;
      for (OutputFile f : held) {
        try {
          f.close();
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private interface Task {
    void run(int i);
  }

  /** Runs task 0..n-1: in order on this thread, or on a few threads where the layer allows. */
  private void run(int n, Task task) {
    if (n == 0) {
      return;
    }
    if (!fs.syncsConcurrently() || n == 1) {
      for (int i = 0; i < n; i++) {
        task.run(i);
      }
      return;
    }
    int threads = Math.min(THREADS, n);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jicp-checkpoint-sync");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> done = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        int from = t;
        done.add(pool.submit(() -> {
          for (int i = from; i < n; i += threads) {
            task.run(i);
          }
        }));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) {
            throw re;
          }
          if (c instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while syncing a checkpoint", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
