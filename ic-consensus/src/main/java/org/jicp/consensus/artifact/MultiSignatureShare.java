package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * One notary's share of a multi-signature (committee signing key, BLS12-381 min-sig with proof of
 * possession in the real crypto).
 *
 * @param signer the signing node
 * @param signature the share bytes
 */
public record MultiSignatureShare(NodeId signer, Bytes signature) {
  /** Validates the components. */
  public MultiSignatureShare {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }
}
