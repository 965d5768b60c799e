package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;

/**
 * The random tape of a height ({@code RandomTape}): execution's randomness for the batch of that
 * height, made only once the height is (nearly) final so that no block maker can know it.
 *
 * @param content the content
 * @param signature the combined low-threshold signature
 */
public record RandomTape(RandomTapeContent content, ThresholdSignature signature) implements ConsensusMessage {
  /** Validates the components. */
  public RandomTape {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  /** {@code crypto_hash(tape)} (domain {@code random_tape_domain}), the seed of execution's CSPRNG. */
  public CryptoHash cryptoHash() {
    return new org.jicp.crypto.beacon.RandomTape(content, signature.signature(), signature.signer()).cryptoHash();
  }

  @Override
  public Height height() {
    return Height.of(content.height());
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.RANDOM_TAPE;
  }
}
