package org.jicp.consensus.component;

import java.util.Objects;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.RandomTape;
import org.jicp.types.Height;

/**
 * A finalized block handed to message routing for execution ({@code Batch} of the IC): the
 * block (its payload and validation context) and the random tape of its height.
 *
 * @param height the height
 * @param block the finalized block
 * @param randomTape the tape whose hash seeds execution's randomness
 */
public record Batch(Height height, HashedBlock block, RandomTape randomTape) {
  /** Validates the components. */
  public Batch {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(randomTape, "randomTape");
    if (!block.height().equals(height) || randomTape.height().compareTo(height) != 0) {
      throw new IllegalArgumentException("a batch's block and tape are of its height " + height);
    }
  }
}
