package org.jicp.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The file operations through which the state manager changes the disk: every write, fsync,
 * rename, link and delete goes through here, so that tests can inject a crash at any step (see
 * the crash tests) and a replica could add instrumentation. Reading is not part of it.
 *
 * <p>{@link #DEFAULT} is the real file system (NIO). Failures surface as {@link
 * UncheckedIOException}.
 */
public interface FileLayer {
  /** A file open for writing. */
  interface OutputFile extends AutoCloseable {
    /** Appends all of {@code data}. */
    void write(ByteBuffer data);

    /** Forces the written bytes to stable storage ({@code fsync}). */
    void fsync();

    /** Closes the file. */
    @Override
    void close();
  }

  /** Creates a new file (it must not exist) for writing. */
  OutputFile create(Path file);

  /** Creates a directory and any missing parents. */
  void createDirectories(Path dir);

  /** Forces a directory's entries to stable storage (after a rename or a new file in it). */
  void fsyncDirectory(Path dir);

  /** Atomically renames {@code from} to {@code to}, which must not exist. */
  void rename(Path from, Path to);

  /**
   * Makes {@code link} a hard link to {@code existing}; returns false, creating nothing, where
   * the file system cannot (then {@link #link} copies).
   */
  default boolean hardLink(Path existing, Path link) {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /**
   * Makes {@code link} a hard link to {@code existing}, or where links are unsupported a copy
   * written through {@link #create} and fsynced, so that the copy is as durable as a link once
   * the caller fsyncs the directory. (The copy used to be left unsynced: a crash after the
   * checkpoint's commit rename could lose its contents.)
   */
  default void link(Path existing, Path link) {
    if (hardLink(existing, link)) {
      return;
    }
    try (FileChannel in = FileChannel.open(existing, StandardOpenOption.READ);
        OutputFile out = create(link)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (in.read(buf) >= 0) {
        buf.flip();
        out.write(buf);
        buf.clear();
      }
      out.fsync();
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + existing + " to " + link, e);
    }
  }

  /** Deletes a file, or a directory with everything in it; nothing if it does not exist. */
  void deleteRecursively(Path path);

  /**
   * Whether several threads may fsync (files through their {@link OutputFile}s, and directories)
   * at the same time, also while another thread writes other files; the state manager then syncs
   * a checkpoint's files in parallel, the large ones as soon as they are written. False by
   * default (a layer that records its operations sees them in one deterministic order).
   */
  default boolean syncsConcurrently() {
    return false;
  }

  /** The real file system. */
  FileLayer DEFAULT = new FileLayer() {
    @Override
    public OutputFile create(Path file) {
      try {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return new OutputFile() {
          @Override
          public void write(ByteBuffer data) {
            try {
              while (data.hasRemaining()) {
                ch.write(data);
              }
            } catch (IOException e) {
              throw new UncheckedIOException("writing " + file, e);
            }
          }

          @Override
          public void fsync() {
            try {
              ch.force(true);
            } catch (IOException e) {
              throw new UncheckedIOException("fsync of " + file, e);
            }
          }

          @Override
          public void close() {
            try {
              ch.close();
            } catch (IOException e) {
              throw new UncheckedIOException("closing " + file, e);
            }
          }
        };
      } catch (IOException e) {
        throw new UncheckedIOException("creating " + file, e);
      }
    }

    @Override
    public void createDirectories(Path dir) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("creating directory " + dir, e);
      }
    }

    @Override
    public void fsyncDirectory(Path dir) {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException e) {
        // Some platforms cannot open a directory for fsync; Linux can, and that is what counts.
        if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
          throw new UncheckedIOException("fsync of directory " + dir, e);
        }
      }
    }

    @Override
    public void rename(Path from, Path to) {
      try {
        if (Files.exists(to)) {
          throw new FileAlreadyExistsException(to.toString());
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("renaming " + from + " to " + to, e);
      }
    }

    @Override
    public boolean syncsConcurrently() {
      return true;
    }

    @Override
    public void deleteRecursively(Path path) {
      if (!Files.exists(path)) {
        return;
      }
      try (Stream<Path> s = Files.walk(path)) {
        for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("deleting " + path, e);
      }
    }
  };

  /**
   * {@code layer} without any {@code fsync} (of files or directories): for state that need not
   * survive a power loss (temporary checkpoint directories of in-memory replicas, tests).
   */
  static FileLayer withoutSync(FileLayer layer) {
    return new FileLayer() {
      @Override
      public OutputFile create(Path file) {
        OutputFile f = layer.create(file);
        return new OutputFile() {
          @Override
          public void write(java.nio.ByteBuffer data) {
            f.write(data);
          }

          @Override
          public void fsync() {}

          @Override
          public void close() {
            f.close();
          }
        };
      }

      @Override
      public void createDirectories(Path dir) {
        layer.createDirectories(dir);
      }

      @Override
      public void fsyncDirectory(Path dir) {}

      @Override
      public void rename(Path from, Path to) {
        layer.rename(from, to);
      }

      @Override
      public void link(Path existing, Path link) {
        layer.link(existing, link);
      }

      @Override
      public void deleteRecursively(Path path) {
        layer.deleteRecursively(path);
      }
    };
  }
}
