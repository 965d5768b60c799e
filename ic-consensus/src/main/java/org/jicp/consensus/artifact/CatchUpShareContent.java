package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.RegistryVersion;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.Height;

/**
 * What a catch-up package (share) signs, with the summary block and the beacon by their hashes
 * ({@code CatchUpShareContent}): shares stay small, and the package, which carries the whole
 * block and beacon, signs the very same bytes.
 *
 * @param version the replica version
 * @param height the summary block's height
 * @param block the summary block's hash
 * @param randomBeacon the hash of the random beacon at that height
 * @param stateHash the hash of the certified state at that height
 * @param oldestRegistryVersionInUse the oldest registry version the state still uses
 */
public record CatchUpShareContent(
    String version, Height height, CryptoHash block, CryptoHash randomBeacon, CryptoHash stateHash, RegistryVersion oldestRegistryVersionInUse) {
  /** Validates the components. */
  public CatchUpShareContent {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(height, "height");
    Artifacts.requireHash("block", block);
    Artifacts.requireHash("randomBeacon", randomBeacon);
    Artifacts.requireHash("stateHash", stateHash);
    Objects.requireNonNull(oldestRegistryVersionInUse, "oldestRegistryVersionInUse");
  }

  /** The signed bytes: the domain {@code catch_up_content_domain}, then the fields. */
  public byte[] signedBytes() {
    HashTraitWriter w = new HashTraitWriter();
    w.string(version).u64(height.value());
    Artifacts.hash(w, block);
    Artifacts.hash(w, randomBeacon);
    Artifacts.hash(w, stateHash);
    w.u64(oldestRegistryVersionInUse.value());
    return Domains.withDomain(Domains.CATCH_UP_CONTENT, w.toByteArray());
  }
}
