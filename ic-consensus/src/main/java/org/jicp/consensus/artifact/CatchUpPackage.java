package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.Height;

/**
 * A catch-up package ({@code CatchUpPackage}): the content signed by the subnet's high-threshold
 * key, which resharing keeps constant, so that any node can check it with the subnet public key
 * alone.
 *
 * @param content the content
 * @param signature the combined high-threshold signature
 */
public record CatchUpPackage(CatchUpContent content, ThresholdSignature signature) implements ConsensusMessage {
  /** Validates the components. */
  public CatchUpPackage {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  @Override
  public Height height() {
    return content.height();
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.CATCH_UP_PACKAGE;
  }
}
