package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.RegistryVersion;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * The content of a catch-up package ({@code CatchUpContent}): a summary block, the random beacon
 * at its height, and the hash of the state certified at that height — everything a node needs to
 * resume from that height without the chain below it.
 *
 * @param block the summary block
 * @param randomBeacon the beacon at the block's height
 * @param stateHash the certified state hash at that height
 * @param oldestRegistryVersionInUse the oldest registry version the state still uses
 */
public record CatchUpContent(HashedBlock block, RandomBeacon randomBeacon, CryptoHash stateHash, RegistryVersion oldestRegistryVersionInUse) {
  /** Validates the components (a summary block, a beacon of the same height). */
  public CatchUpContent {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(randomBeacon, "randomBeacon");
    Artifacts.requireHash("stateHash", stateHash);
    Objects.requireNonNull(oldestRegistryVersionInUse, "oldestRegistryVersionInUse");
    if (!block.block().payload().isSummary()) {
      throw new IllegalArgumentException("a catch-up package holds a summary block");
    }
    if (randomBeacon.height().compareTo(block.height()) != 0) {
      throw new IllegalArgumentException(
          "the beacon of a catch-up package is of the block's height " + block.height() + ", got " + randomBeacon.height());
    }
  }

  /** The height. */
  public Height height() {
    return block.height();
  }

  /** The content the shares sign. */
  public CatchUpShareContent shareContent() {
    return new CatchUpShareContent(
        block.block().version(), block.height(), block.hash(), randomBeacon.cryptoHash(), stateHash, oldestRegistryVersionInUse);
  }

  /** The signed summary payload. */
  public DkgSummary summary() {
    return ((SummaryPayload) block.block().payload()).summary();
  }
}
