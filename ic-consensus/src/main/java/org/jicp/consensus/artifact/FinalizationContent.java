package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.Height;

/**
 * What a finalization multi-signs ({@code FinalizationContent}): version, height and block hash, under the
 * domain {@code finalization_content_domain}.
 *
 * @param version the replica version
 * @param height the block's height
 * @param block the block's hash
 */
public record FinalizationContent(String version, Height height, CryptoHash block) {
  /** Validates the components. */
  public FinalizationContent {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(height, "height");
    Artifacts.requireHash("block", block);
  }

  /** The signed bytes: the domain separator, then version, height and hash. */
  public byte[] signedBytes() {
    HashTraitWriter w = new HashTraitWriter();
    w.string(version).u64(height.value());
    Artifacts.hash(w, block);
    return Domains.withDomain(Domains.FINALIZATION_CONTENT, w.toByteArray());
  }
}
