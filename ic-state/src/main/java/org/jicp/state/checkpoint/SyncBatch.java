package org.jicp.state.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * held open: past it the batch is flushed early. Not thread-safe (the state manager's thread).
 */
final class SyncBatch implements FileLayer {
  /** The most files held open for their deferred fsync. */
  static final int MAX_OPEN = 1024;
  private static final int THREADS = 8;

  private final FileLayer fs;
  private final List<OutputFile> files = new ArrayList<>();
  private final Set<Path> dirs = new LinkedHashSet<>();

  SyncBatch(FileLayer fs) {
    this.fs = fs;
  }

  @Override
  public OutputFile create(Path file) {
    OutputFile out = fs.create(file);
    return new OutputFile() {
      private boolean sync;

      @Override
      public void write(ByteBuffer data) {
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
    flushFiles();
    List<Path> ds = new ArrayList<>(dirs);
    dirs.clear();
    run(ds.size(), i -> fs.fsyncDirectory(ds.get(i)));
  }

  /** Closes the held files without syncing them (after a failure). */
  void abandon() {
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
