package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
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

  /**
   * The signed bytes, as the IC makes them: {@code ds(finalization_content) ‖ serde_cbor(content)}, the
   * content being the map {@code {"version": {"version_id": v}, "height": h, "block": hash}}.
   */
  public byte[] signedBytes() {
    byte[] cbor = new SerdeCbor().map(3).text("version").version(version).text("height").u64(height.value()).text("block").bytes(block.value()).toByteArray();
    return Domains.withDomain(Domains.FINALIZATION_CONTENT, cbor);
  }
}
