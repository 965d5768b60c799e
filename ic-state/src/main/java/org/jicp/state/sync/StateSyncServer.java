package org.jicp.state.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.jicp.types.Height;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manifest.ChunkInfo;
import org.jicp.state.manifest.Manifest;

/** Serves the chunks of local checkpoints to syncing peers. Thread-safe (it only reads). */
public final class StateSyncServer {
  /** The id of the meta-manifest chunk. */
  public static final long META_MANIFEST_CHUNK = 0;

  /** The first id of the manifest slices ({@code MANIFEST_CHUNK_ID_OFFSET = 2^31}). */
  public static final long MANIFEST_CHUNK_ID_OFFSET = 1L << 31;

  private final StateManager stateManager;

  /** A server of {@code stateManager}'s checkpoints. */
  public StateSyncServer(StateManager stateManager) {
    this.stateManager = Objects.requireNonNull(stateManager, "stateManager");
  }

  /**
   * Chunk {@code chunkId} of the checkpoint at {@code height}.
   *
   * @throws IllegalArgumentException if there is no such checkpoint or chunk
   */
  public byte[] chunk(Height height, long chunkId) {
    if (!stateManager.checkpointHeights().contains(height)) {
      throw new IllegalArgumentException("no checkpoint at height " + height);
    }
    Manifest m = stateManager.manifest(height);
    if (chunkId == META_MANIFEST_CHUNK) {
      return m.metaManifest().encode();
    }
    if (chunkId >= MANIFEST_CHUNK_ID_OFFSET) {
      byte[] enc = m.encode();
      long j = chunkId - MANIFEST_CHUNK_ID_OFFSET;
      long from = j * Manifest.CHUNK_SIZE;
      if (from >= enc.length) {
        throw new IllegalArgumentException("no manifest slice " + j);
      }
      return Arrays.copyOfRange(enc, (int) from, (int) Math.min(enc.length, from + Manifest.CHUNK_SIZE));
    }
    long i = chunkId - 1;
    if (i < 0 || i >= m.chunks().size()) {
      throw new IllegalArgumentException("no chunk " + chunkId);
    }
    ChunkInfo c = m.chunks().get((int) i);
    Path file = stateManager.layout().checkpoint(height)
        .resolve(m.files().get(c.fileIndex()).relativePath());
    return readRange(file, c.offset(), c.sizeBytes());
  }

  static byte[] readRange(Path file, long offset, int size) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(size);
      while (b.hasRemaining()) {
        if (ch.read(b, offset + b.position()) < 0) {
          break;
        }
      }
      return Arrays.copyOf(b.array(), b.position());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
