package org.jicp.consensus.artifact;

import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * An aggregated multi-signature with its signers: accountable, unlike a threshold signature.
 *
 * @param signers the signers, sorted, distinct
 * @param signature the aggregate bytes
 */
public record MultiSignature(List<NodeId> signers, Bytes signature) {
  /** Validates and copies the components. */
  public MultiSignature {
    signers = Artifacts.sortedDistinct("signers", signers);
    Artifacts.requireBytes("signature", signature);
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a multi-signature has at least one signer");
    }
  }
}
