package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.Height;

/**
 * What a notarization multi-signs ({@code NotarizationContent}): version, height and block hash, under the
 * domain {@code notarization_content_domain}.
 *
 * @param version the replica version
 * @param height the block's height
 * @param block the block's hash
 */
public record NotarizationContent(String version, Height height, CryptoHash block) {
  /** Validates the components. */
  public NotarizationContent {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(height, "height");
    Artifacts.requireHash("block", block);
  }

  /** The signed bytes: the domain separator, then version, height and hash. */
  public byte[] signedBytes() {
    HashTraitWriter w = new HashTraitWriter();
    w.string(version).u64(height.value());
    Artifacts.hash(w, block);
    return Domains.withDomain(Domains.NOTARIZATION_CONTENT, w.toByteArray());
  }
}
