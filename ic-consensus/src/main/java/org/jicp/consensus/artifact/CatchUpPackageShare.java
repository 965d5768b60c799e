package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * A node's share of a catch-up package, by the high-threshold key active at the summary height.
 *
 * @param content the signed content
 * @param signature the share
 */
public record CatchUpPackageShare(CatchUpShareContent content, ThresholdSignatureShare signature) implements ConsensusMessage {
  /** Validates the components. */
  public CatchUpPackageShare {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  /** The signing node. */
  public NodeId signer() {
    return signature.signer();
  }

  @Override
  public Height height() {
    return content.height();
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.CATCH_UP_PACKAGE_SHARE;
  }
}
