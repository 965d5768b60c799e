package org.jicp.types.ports;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/**
 * A committed state whose certified-tree root hash awaits the subnet's certification.
 *
 * @param height the state's height
 * @param rootHash the 32-byte root hash of its certified state tree
 */
public record StateHashToCertify(Height height, Bytes rootHash) {
  /** Validates the components. */
  public StateHashToCertify {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(rootHash, "rootHash");
  }
}
