package org.jicp.consensus.certification;

import java.util.Objects;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;

/**
 * The subnet's certification of its state at a height (dfinity/ic {@code Certification}): the
 * threshold signature, combined from at least the threshold of shares, by the key of the NI-DKG
 * transcript named in the signature; the group key of the high-threshold transcripts is the
 * subnet's public key, so the signature verifies under it as certificates require.
 *
 * @param height the state's height
 * @param rootHash the certified-tree root hash
 * @param signature the combined signature and the transcript whose key made it
 */
public record FullCertification(Height height, Bytes rootHash, ThresholdSignature signature) implements CertificationMessage {
  /** Validates the components. */
  public FullCertification {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(signature, "signature");
    if (Objects.requireNonNull(rootHash, "rootHash").length() != 32) {
      throw new IllegalArgumentException("a root hash is 32 bytes, got " + rootHash.length());
    }
  }

  /** The certification as the state manager and certificates carry it, signed by {@code subnet}. */
  public Certification toCertification(SubnetId subnet) {
    return new Certification(height, rootHash, signature.signature(), subnet);
  }
}
