package org.jicp.consensus.certification;

import org.jicp.crypto.Bytes;
import org.jicp.consensus.artifact.Domains;
import org.jicp.types.Height;

/**
 * An artifact of the certification pool (dfinity/ic {@code CertificationMessage}): a node's {@link
 * CertificationShare} or an aggregated {@link FullCertification}, both about the root hash of the
 * certified state tree at a height. What they sign is {@link #signedBytes(Bytes)}.
 */
public sealed interface CertificationMessage permits CertificationShare, FullCertification {
  /** The height of the certified state. */
  Height height();

  /** The 32-byte root hash of the certified state tree. */
  Bytes rootHash();

  /**
   * The bytes a certification signs: {@code "\x0Dic-state-root" ‖ rootHash} (the IC's {@code
   * CertificationContent} under the domain {@code ic-state-root}, exactly what the interface
   * specification's certificate verification checks).
   */
  static byte[] signedBytes(Bytes rootHash) {
    return Domains.withDomain(Domains.CERTIFICATION_CONTENT, rootHash.toByteArray());
  }

  /** {@link #signedBytes(Bytes)} of this artifact's root hash. */
  default byte[] signedBytes() {
    return signedBytes(rootHash());
  }
}
