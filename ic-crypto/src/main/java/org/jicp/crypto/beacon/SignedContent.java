package org.jicp.crypto.beacon;

import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.internal.CborWriter;

/**
 * The encodings shared by beacon and tape: the {@code serde_cbor} map of a content {@code
 * {version, height[, parent]}} and the {@code crypto_hash} of a content or of a signed artifact
 * ({@code Signed<C, ThresholdSignature>}: content, then signature bytes, then the signer).
 */
final class SignedContent {
  private SignedContent() {}

  /** {@code {"version": {"version_id": v}, "height": h[, "parent": bytes]}}. */
  static byte[] cbor(String version, long height, CryptoHash parentOrNull) {
    CborWriter w = new CborWriter().map(parentOrNull == null ? 2 : 3);
    w.text("version").map(1).text("version_id").text(version).text("height").uint(height);
    if (parentOrNull != null) {
      w.text("parent").bytes(parentOrNull.value().toByteArray());
    }
    return w.toByteArray();
  }

  /** crypto_hash of a value whose hash-trait bytes {@code fields} writes. */
  static CryptoHash hash(String domain, Consumer<HashTraitWriter> fields) {
    HashTraitWriter w = new HashTraitWriter();
    fields.accept(w);
    return CryptoHash.compute(domain, w.toByteArray());
  }

  /** crypto_hash of {@code Signed {content, ThresholdSignature {signature, signer}}}. */
  static CryptoHash signedHash(String domain, Consumer<HashTraitWriter> content, Bytes signature, NiDkgId signer) {
    return hash(
        domain,
        w -> {
          content.accept(w);
          w.bytes(signature);
          signer.hashInto(w);
        });
  }
}
