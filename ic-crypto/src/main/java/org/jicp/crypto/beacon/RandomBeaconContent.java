package org.jicp.crypto.beacon;

import java.util.Objects;

/**
 * The content of the random beacon of height {@code h}: {@code RandomBeaconContent {version,
 * height, parent}} of {@code ic_types::consensus}, where {@code parent} is the {@code crypto_hash}
 * of beacon {@code h − 1} (the whole signed beacon, domain {@code random_beacon_domain}).
 *
 * @param version the replica version
 * @param height the height h
 * @param parent the crypto hash of the previous beacon (empty for the genesis beacon)
 */
public record RandomBeaconContent(String version, long height, CryptoHash parent) {
  /** Validates the components. */
  public RandomBeaconContent {
    ReplicaVersions.check(version);
    if (height < 0) {
      throw new IllegalArgumentException("a height is not negative: " + height);
    }
    Objects.requireNonNull(parent, "parent");
  }

  /** The hash-trait bytes (fields in declaration order). */
  public void hashInto(HashTraitWriter w) {
    w.string(version).u64(height).bytes(parent.value());
  }

  /**
   * {@code serde_cbor::to_vec(content)}, the IC's signed bytes without the domain separator
   * ({@code SignedBytesWithoutDomainSeparator}): a map {@code {"version": {"version_id": v},
   * "height": h, "parent": bytes}}.
   */
  public byte[] cbor() {
    return SignedContent.cbor(version, height, parent);
  }

  /** The message the threshold signature covers: {@code ds(random_beacon_content_domain) ‖ cbor}. */
  public byte[] signedBytes() {
    return DomainSeparator.withDomain(DomainSeparator.RANDOM_BEACON_CONTENT, cbor());
  }

  /** {@code crypto_hash} of this content alone (domain {@code random_beacon_content_domain}). */
  public CryptoHash cryptoHash() {
    return SignedContent.hash(DomainSeparator.RANDOM_BEACON_CONTENT, this::hashInto);
  }
}
