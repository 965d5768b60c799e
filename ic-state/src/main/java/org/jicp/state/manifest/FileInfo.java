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
      throw new IllegalArgumentException("bad file entry " + printable(relativePath));
    }
    if (!isSafeRelativePath(relativePath)) {
      throw new IllegalArgumentException("not a safe relative path: " + printable(relativePath));
    }
  }

  /**
   * Whether {@code p} is a relative path jicp writes and any file system accepts: components
   * separated by {@code /}, each non-empty, not {@code .} or {@code ..}, of printable ASCII
   * without {@code \} (so no NUL, no control character, no drive letter trick).
   */
  public static boolean isSafeRelativePath(String p) {
    if (p.isEmpty() || p.length() > 4096) {
      return false;
    }
    for (String c : p.split("/", -1)) {
      if (c.isEmpty() || c.equals(".") || c.equals("..")) {
        return false;
      }
      for (int i = 0; i < c.length(); i++) {
        char ch = c.charAt(i);
        if (ch <= 0x20 || ch >= 0x7f || ch == '\\' || ch == ':') {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code s} with non-printable characters escaped, for error messages. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(256).forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7f) {
        b.append((char) cp);
      } else {
        b.append(String.format("\\u%04x", cp));
      }
    });
    return b.toString();
  }
}
