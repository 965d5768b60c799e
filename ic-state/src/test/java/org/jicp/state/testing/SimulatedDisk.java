package org.jicp.state.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jicp.state.FileLayer;

/**
 * A file layer that performs every change on the real disk (so the code under test reads what it
 * wrote) and also replays it on a model of what a crash would keep, in the strict POSIX sense:
 *
 * <ul>
 *   <li>a file's bytes survive only up to its last {@code fsync};
 *   <li>a directory entry (a created file or directory, a link, a deletion, either side of a
 *       rename) survives only once that directory is fsynced; a rename is one journaled change,
 *       persisted in both directories when either is fsynced (as ext4 and XFS do);
 *   <li>what was on disk when the model started is durable.
 * </ul>
 *
 * <p>Every change is one numbered step ({@link #steps()}); {@link #crashImage(int, Path)} writes
 * the directory tree that a crash just before step {@code k} leaves, and {@link
 * #volatileImage(int, Path)} the tree as the running process saw it (every change persisted), for
 * loading after a simulated restart. {@link #hardLinks} {@code false} simulates a file system
 * without hard links, so that {@link FileLayer#link}'s copy fallback runs.
 */
public final class SimulatedDisk implements FileLayer {
  /** One recorded change. */
  public record Step(String kind, Path path, Path other, byte[] data) {
    @Override
    public String toString() {
      return kind + " " + path.getFileName() + (other == null ? "" : " " + other.getFileName());
    }
  }

  private final Path root;
  private final List<Step> steps = new ArrayList<>();
  private final Map<Path, Node> initial;

  /** Whether hard links succeed; false makes {@link #link} copy. */
  public boolean hardLinks = true;

  private SimulatedDisk(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.initial = snapshot(this.root);
  }

  /** Starts recording changes under {@code root}; its present contents count as durable. */
  public static SimulatedDisk over(Path root) {
    return new SimulatedDisk(root);
  }

  /** The changes recorded so far. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  // ---- the file layer: do it for real, and record it ----

  @Override
  public OutputFile create(Path file) {
    OutputFile real = DEFAULT.create(file);
    Path f = file.toAbsolutePath().normalize();
    steps.add(new Step("create", f, null, null));
    return new OutputFile() {
      @Override
      public void write(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        real.write(data);
        steps.add(new Step("write", f, null, b));
      }

      @Override
      public void fsync() {
        real.fsync();
        steps.add(new Step("fsync", f, null, null));
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }

  @Override
  public void createDirectories(Path dir) {
    DEFAULT.createDirectories(dir);
    steps.add(new Step("mkdirs", dir.toAbsolutePath().normalize(), null, null));
  }

  @Override
  public void fsyncDirectory(Path dir) {
    DEFAULT.fsyncDirectory(dir);
    steps.add(new Step("fsync-dir", dir.toAbsolutePath().normalize(), null, null));
  }

  @Override
  public void rename(Path from, Path to) {
    DEFAULT.rename(from, to);
    steps.add(new Step("rename", from.toAbsolutePath().normalize(), to.toAbsolutePath().normalize(),
        null));
  }

  @Override
  public boolean hardLink(Path existing, Path link) {
    if (!hardLinks) {
      return false;
    }
    boolean ok = DEFAULT.hardLink(existing, link);
    if (ok) {
      steps.add(new Step("link", link.toAbsolutePath().normalize(),
          existing.toAbsolutePath().normalize(), null));
    }
    return ok;
  }

  @Override
  public void deleteRecursively(Path path) {
    DEFAULT.deleteRecursively(path);
    steps.add(new Step("delete", path.toAbsolutePath().normalize(), null, null));
  }

  // ---- the model ----

  /** An inode: a file (bytes) or a directory (entries), each with its volatile and durable view. */
  private static final class Node {
    final boolean dir;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] durableData = new byte[0];
    Map<String, Node> entries = new TreeMap<>();
    Map<String, Node> durableEntries = new TreeMap<>();

    Node(boolean dir) {
      this.dir = dir;
    }
  }

  private record PendingRename(Node fromDir, String fromName, Node toDir, String toName, Node node) {}

  private static Map<Path, Node> snapshot(Path root) {
    Map<Path, Node> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        Node n = new Node(Files.isDirectory(p));
        if (!n.dir) {
          byte[] b = Files.readAllBytes(p);
          n.data.writeBytes(b);
          n.durableData = b;
        }
        out.put(p, n);
        if (!p.equals(root)) {
          Node parent = out.get(p.getParent());
          parent.entries.put(p.getFileName().toString(), n);
          parent.durableEntries.put(p.getFileName().toString(), n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Replays the first {@code k} steps on a fresh copy of the initial model; returns its root. */
  private Node replay(int k) {
    Map<Path, Node> start = snapshot(initialCopyRoot());
    Node top = start.values().iterator().next();
    List<PendingRename> pending = new ArrayList<>();
    Map<Path, Node> open = new TreeMap<>();
    for (int i = 0; i < k; i++) {
      Step s = steps.get(i);
      switch (s.kind()) {
        case "create" -> {
          Node n = new Node(false);
          dir(top, s.path().getParent()).entries.put(name(s.path()), n);
          open.put(s.path(), n);
        }
        case "write" -> open.get(s.path()).data.writeBytes(s.data());
        case "fsync" -> {
          Node n = open.get(s.path());
          n.durableData = n.data.toByteArray();
        }
        case "mkdirs" -> dir(top, s.path());
        case "fsync-dir" -> {
          Node d = dir(top, s.path());
          d.durableEntries = new TreeMap<>(d.entries);
          for (Iterator<PendingRename> it = pending.iterator(); it.hasNext(); ) {
            PendingRename r = it.next();
            if (r.fromDir() == d || r.toDir() == d) {
              if (r.fromDir().durableEntries.get(r.fromName()) == r.node()) {
                r.fromDir().durableEntries.remove(r.fromName());
              }
              r.toDir().durableEntries.put(r.toName(), r.node());
              it.remove();
            }
          }
        }
        case "rename" -> {
          Node from = dir(top, s.path().getParent());
          Node n = from.entries.remove(name(s.path()));
          Node to = dir(top, s.other().getParent());
          to.entries.put(name(s.other()), n);
          pending.add(new PendingRename(from, name(s.path()), to, name(s.other()), n));
        }
        case "link" -> {
          Node existing = lookup(top, s.other());
          dir(top, s.path().getParent()).entries.put(name(s.path()), existing);
        }
        case "delete" -> {
          Node parent = lookup(top, s.path().getParent());
          if (parent != null) {
            parent.entries.remove(name(s.path()));
          }
        }
        default -> throw new AssertionError(s.kind());
      }
    }
    return top;
  }

  /**
   * The durable tree of a crash just before step {@code k} (0 = before any change), written
   * under {@code out} (which must not exist).
   */
  public void crashImage(int k, Path out) {
    write(replay(k), out, true);
  }

  /** The tree after the first {@code k} steps with every change persisted, written to {@code out}. */
  public void volatileImage(int k, Path out) {
    write(replay(k), out, false);
  }

  private static void write(Node n, Path out, boolean durable) {
    try {
      if (n.dir) {
        Files.createDirectories(out);
        for (Map.Entry<String, Node> e : (durable ? n.durableEntries : n.entries).entrySet()) {
          write(e.getValue(), out.resolve(e.getKey()), durable);
        }
      } else {
        Files.write(out, durable ? n.durableData : n.data.toByteArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The initial model is rebuilt for each replay from a private copy of the starting tree.
  private Path initialCopy;

  private Path initialCopyRoot() {
    if (initialCopy == null) {
      try {
        initialCopy = Files.createTempDirectory("simulated-disk");
        initialCopy.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Node top = initial.get(root);
      write(top, initialCopy.resolve("root"), true);
    }
    return initialCopy.resolve("root");
  }

  /** Deletes the private copy of the starting tree. */
  public void dispose() {
    if (initialCopy != null) {
      DEFAULT.deleteRecursively(initialCopy);
      initialCopy = null;
    }
  }

  private String name(Path p) {
    return p.getFileName().toString();
  }

  private Node lookup(Node top, Path p) {
    Node n = top;
    for (Path c : root.relativize(p)) {
      if (c.toString().isEmpty()) {
        continue;
      }
      n = n.entries.get(c.toString());
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  private Node dir(Node top, Path p) {
    if (!p.startsWith(root)) {
      throw new AssertionError(p + " is outside the simulated disk " + root);
    }
    Node n = top;
    for (Path c : root.relativize(p)) {
      if (c.toString().isEmpty()) {
        continue;
      }
      n = n.entries.computeIfAbsent(c.toString(), x -> new Node(true));
    }
    return n;
  }
}
