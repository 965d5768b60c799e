package org.jicp.crypto.beacon;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * A random beacon: {@code Signed<RandomBeaconContent, ThresholdSignature>}, the content with a
 * combined threshold signature of the low-threshold key and the id of the DKG that made that key.
 * Beacon h is a deterministic function of beacon h−1 (BLS signatures are unique), so it acts as a
 * VRF: nobody can bias it, and fewer than f+1 nodes cannot predict it.
 *
 * @param content the signed content
 * @param signature the combined signature (48 bytes; empty for the genesis beacon, which is not signed)
 * @param signer the NI-DKG id of the key
 */
public record RandomBeacon(RandomBeaconContent content, Bytes signature, NiDkgId signer) {
  /** Validates the components. */
  public RandomBeacon {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signer, "signer");
  }

  /** The beacon's height. */
  public long height() {
    return content.height();
  }

  /**
   * {@code crypto_hash(beacon)} with domain {@code random_beacon_domain}: the next beacon's parent
   * and the seed of the IC's CSPRNG.
   */
  public CryptoHash cryptoHash() {
    return SignedContent.signedHash(DomainSeparator.RANDOM_BEACON, content::hashInto, signature, signer);
  }
}
