package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.Height;

/**
 * A finalization ({@code Finalization}): at least the threshold of notaries' shares on the content, aggregated
 * into one multi-signature that names its signers.
 *
 * @param content the signed content
 * @param signature the aggregate and its signers
 */
public record Finalization(FinalizationContent content, MultiSignature signature) implements ConsensusMessage {
  /** Validates the components. */
  public Finalization {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  @Override
  public Height height() {
    return content.height();
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.FINALIZATION;
  }
}
