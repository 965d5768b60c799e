package org.jicp.state.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jicp.state.InvalidCheckpointException;

/**
 * Computes the manifest of a checkpoint directory: every regular file under it, sorted by relative
 * path, cut into 1 MiB chunks read with positional reads (never a whole file in memory).
 *
 * <p>Files named in {@link #EXCLUDED} are bookkeeping, not state, and are left out. A checkpoint
 * that hard-links files of the previous one can pass that checkpoint's manifest and the linked
 * paths: their entries are reused instead of rehashed (the IC does the same, and also re-hashes a
 * sample of the reused chunks; this implementation trusts the links, which it made itself).
 */
public final class ManifestBuilder {
  /** Files in a checkpoint directory that are not part of its state. */
  public static final Set<String> EXCLUDED = Set.of("unverified_checkpoint_marker", "manifest.pbuf");

  /** A chunk-sized read buffer per hashing thread. */
  private static final ThreadLocal<byte[]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[Manifest.CHUNK_SIZE]);

  private ManifestBuilder() {}

  /** The manifest of {@code dir}, hashing every file. */
  public static Manifest compute(Path dir) {
    return compute(dir, null, Set.of());
  }

  /**
   * The manifest of {@code dir}, reusing the entries of {@code previous} for the files in {@code
   * unchangedPaths} (relative paths whose contents are known to be identical).
   */
  public static Manifest compute(Path dir, Manifest previous, Set<String> unchangedPaths) {
    Objects.requireNonNull(dir, "dir");
    List<String> paths = listFiles(dir);
    Map<String, Integer> prevIndex = new HashMap<>();
    if (previous != null) {
      for (int i = 0; i < previous.files().size(); i++) {
        prevIndex.put(previous.files().get(i).relativePath(), i);
      }
    }
    // Files are hashed in parallel (common pool), each into its own list, and assembled in path
    // order: the manifest does not depend on the schedule.
    List<List<ChunkInfo>> perFile = new ArrayList<>(paths.size());
    long[] sizes = new long[paths.size()];
    for (int fi = 0; fi < paths.size(); fi++) {
      perFile.add(null);
    }
    IntStream.range(0, paths.size()).parallel().forEach(fi -> {
      String rel = paths.get(fi);
      Integer prev = unchangedPaths.contains(rel) ? prevIndex.get(rel) : null;
      List<ChunkInfo> fileChunks = new ArrayList<>();
      if (prev != null) {
        FileInfo pf = previous.files().get(prev);
        sizes[fi] = pf.sizeBytes();
        for (ChunkInfo c : previous.chunksOf(prev)) {
          fileChunks.add(new ChunkInfo(fi, c.sizeBytes(), c.offset(), c.hash()));
        }
      } else {
        sizes[fi] = hashFile(dir.resolve(rel), fi, BUFFER.get(), fileChunks);
      }
      perFile.set(fi, fileChunks);
    });
    List<FileInfo> files = new ArrayList<>(paths.size());
    List<ChunkInfo> chunks = new ArrayList<>();
    for (int fi = 0; fi < paths.size(); fi++) {
      List<ChunkInfo> fileChunks = perFile.get(fi);
      chunks.addAll(fileChunks);
      files.add(new FileInfo(paths.get(fi), sizes[fi], Manifest.fileHash(fileChunks)));
    }
    return new Manifest(Manifest.VERSION, files, chunks);
  }

  private static long hashFile(Path file, int fi, byte[] buf, List<ChunkInfo> out) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      for (long off = 0; off < size; off += Manifest.CHUNK_SIZE) {
        int len = (int) Math.min(Manifest.CHUNK_SIZE, size - off);
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        while (b.hasRemaining()) {
          if (ch.read(b, off + b.position()) < 0) {
            throw new InvalidCheckpointException(file, "file shrank while hashing");
          }
        }
        out.add(new ChunkInfo(fi, len, off, Manifest.chunkHash(buf, 0, len)));
      }
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException("hashing " + file, e);
    }
  }

  /** The relative paths ({@code /}-separated) of the state files under {@code dir}, sorted. */
  public static List<String> listFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isRegularFile).forEach(p -> {
        String rel = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
        if (!EXCLUDED.contains(rel)) {
          out.add(rel);
        }
      });
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir, e);
    }
  }
}
