package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * A node's own signature (node signing key; Ed25519 in the IC and in the real crypto), as on block
 * proposals and dealings.
 *
 * @param signer the signing node
 * @param signature the signature bytes
 */
public record BasicSignature(NodeId signer, Bytes signature) {
  /** Validates the components. */
  public BasicSignature {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }
}
