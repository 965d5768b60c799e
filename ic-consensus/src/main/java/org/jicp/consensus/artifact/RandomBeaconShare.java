package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * A node's share of the random beacon at a height ({@code RandomBeaconShare}): a threshold
 * signature share, by the active low-threshold key, on {@code (version, height, parent)}.
 *
 * @param content the beacon content
 * @param signature the share
 */
public record RandomBeaconShare(RandomBeaconContent content, ThresholdSignatureShare signature) implements ConsensusMessage {
  /** Validates the components. */
  public RandomBeaconShare {
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
    return ArtifactType.RANDOM_BEACON_SHARE;
  }
}
