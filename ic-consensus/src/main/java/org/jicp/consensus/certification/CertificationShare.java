package org.jicp.consensus.certification;

import java.util.Objects;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/**
 * One node's share of the subnet's threshold signature on the root hash of its state at a height
 * (dfinity/ic {@code CertificationShare}), by its share of the active high-threshold key.
 *
 * @param height the state's height
 * @param rootHash the certified-tree root hash the node computed
 * @param signature the signer and its signature share on {@link #signedBytes()}
 */
public record CertificationShare(Height height, Bytes rootHash, ThresholdSignatureShare signature) implements CertificationMessage {
  /** Validates the components. */
  public CertificationShare {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(signature, "signature");
    if (Objects.requireNonNull(rootHash, "rootHash").length() != 32) {
      throw new IllegalArgumentException("a root hash is 32 bytes, got " + rootHash.length());
    }
  }
}
