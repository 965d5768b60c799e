package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * A node's share of a threshold signature (its NI-DKG key share).
 *
 * @param signer the signing node
 * @param signature the share bytes
 */
public record ThresholdSignatureShare(NodeId signer, Bytes signature) {
  /** Validates the components. */
  public ThresholdSignatureShare {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }
}
