package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * A node's share of the random tape at a height ({@code RandomTapeShare}), by the active
 * low-threshold key.
 *
 * @param content the tape content
 * @param signature the share
 */
public record RandomTapeShare(RandomTapeContent content, ThresholdSignatureShare signature) implements ConsensusMessage {
  /** Validates the components. */
  public RandomTapeShare {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  /** The signing node. */
  public NodeId signer() {
    return signature.signer();
  }

  @Override
  public Height height() {
    return Height.of(content.height());
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.RANDOM_TAPE_SHARE;
  }
}
