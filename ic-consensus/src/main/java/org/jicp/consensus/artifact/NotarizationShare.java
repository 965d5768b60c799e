package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * One notary's notarization share ({@code NotarizationShare}): a multi-signature share on the content.
 *
 * @param content the signed content
 * @param signature the share
 */
public record NotarizationShare(NotarizationContent content, MultiSignatureShare signature) implements ConsensusMessage {
  /** Validates the components. */
  public NotarizationShare {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  /** The signing notary. */
  public NodeId signer() {
    return signature.signer();
  }

  @Override
  public Height height() {
    return content.height();
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.NOTARIZATION_SHARE;
  }
}
