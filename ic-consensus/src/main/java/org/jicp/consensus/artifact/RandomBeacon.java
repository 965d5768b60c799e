package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.types.Height;

/**
 * The random beacon of a height ({@code RandomBeacon}): the content signed by the low-threshold
 * key. Beacon h names the crypto hash of beacon h−1 as its parent, so the beacons form a chain;
 * the beacon of h−1 ranks the block makers of h.
 *
 * @param content the content
 * @param signature the combined threshold signature (empty for the genesis beacon)
 */
public record RandomBeacon(RandomBeaconContent content, ThresholdSignature signature) implements ConsensusMessage {
  /** Validates the components. */
  public RandomBeacon {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
  }

  /** The same beacon as ic-crypto's type, for hashing, ranking and the CSPRNG. */
  public org.jicp.crypto.beacon.RandomBeacon toCrypto() {
    return new org.jicp.crypto.beacon.RandomBeacon(content, signature.signature(), signature.signer());
  }

  /** {@code crypto_hash(beacon)} (domain {@code random_beacon_domain}): the next beacon's parent. */
  public CryptoHash cryptoHash() {
    return toCrypto().cryptoHash();
  }

  @Override
  public Height height() {
    return Height.of(content.height());
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.RANDOM_BEACON;
  }
}
