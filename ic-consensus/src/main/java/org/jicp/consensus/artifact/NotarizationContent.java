package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
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

  /**
   * The signed bytes, as the IC makes them: {@code ds(notarization_content) ‖ serde_cbor(content)}, the
   * content being the map {@code {"version": {"version_id": v}, "height": h, "block": hash}}.
   */
  public byte[] signedBytes() {
    byte[] cbor = new SerdeCbor().map(3).text("version").version(version).text("height").u64(height.value()).text("block").bytes(block.value()).toByteArray();
    return Domains.withDomain(Domains.NOTARIZATION_CONTENT, cbor);
  }
}
