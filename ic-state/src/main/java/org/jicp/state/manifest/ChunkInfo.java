package org.jicp.state.manifest;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * An entry of a manifest's chunk table.
 *
 * @param fileIndex the index of the file in the file table
 * @param sizeBytes the chunk size (at most 1 MiB)
 * @param offset the chunk's offset in the file
 * @param hash {@code H(ds("ic-state-chunk") · bytes)}
 */
public record ChunkInfo(int fileIndex, int sizeBytes, long offset, Bytes hash) {
  /** Validates the components. */
  public ChunkInfo {
    Objects.requireNonNull(hash, "hash");
    if (fileIndex < 0 || sizeBytes < 0 || sizeBytes > Manifest.CHUNK_SIZE || offset < 0
        || hash.length() != 32) {
      throw new IllegalArgumentException("bad chunk entry of file " + fileIndex + " at " + offset);
    }
  }
}
