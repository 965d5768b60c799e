package org.jicp.state.manifest;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * An entry of a manifest's file table.
 *
 * @param relativePath the path relative to the checkpoint root, with {@code /} separators
 * @param sizeBytes the file size
 * @param hash {@code H(ds("ic-state-file") · u32 n · Σ(u32 size · u64 offset · chunk_hash))} over
 *     the file's chunks (state sync V3)
 */
public record FileInfo(String relativePath, long sizeBytes, Bytes hash) {
  /** Validates the components. */
  public FileInfo {
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(hash, "hash");
    if (sizeBytes < 0 || hash.length() != 32) {
      throw new IllegalArgumentException("bad file entry " + relativePath);
    }
    if (relativePath.isEmpty() || relativePath.startsWith("/") || relativePath.contains("\\")
        || java.util.Arrays.asList(relativePath.split("/")).contains("..")) {
      throw new IllegalArgumentException("not a safe relative path: " + relativePath);
    }
  }
}
