package org.jicp.crypto.beacon;

/**
 * The content of the random tape of height {@code h}, {@code RandomTapeContent {version, height}}:
 * no parent link. Its shares are made once height h is finalized, so a block maker cannot know the
 * tape when it chooses a block's content; execution draws {@code raw_rand} from it.
 *
 * @param version the replica version
 * @param height the height h
 */
public record RandomTapeContent(String version, long height) {
  /** Validates the components. */
  public RandomTapeContent {
    ReplicaVersions.check(version);
    if (height < 0) {
      throw new IllegalArgumentException("a height is not negative: " + height);
    }
  }

  /** The hash-trait bytes. */
  public void hashInto(HashTraitWriter w) {
    w.string(version).u64(height);
  }

  /** {@code serde_cbor::to_vec(content)}: {@code {"version": {"version_id": v}, "height": h}}. */
  public byte[] cbor() {
    return SignedContent.cbor(version, height, null);
  }

  /** The message the threshold signature covers: {@code ds(random_tape_content_domain) ‖ cbor}. */
  public byte[] signedBytes() {
    return DomainSeparator.withDomain(DomainSeparator.RANDOM_TAPE_CONTENT, cbor());
  }

  /** {@code crypto_hash} of this content alone (domain {@code random_tape_content_domain}). */
  public CryptoHash cryptoHash() {
    return SignedContent.hash(DomainSeparator.RANDOM_TAPE_CONTENT, this::hashInto);
  }
}
