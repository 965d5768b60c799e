package org.jicp.nns.registry;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.types.SubnetId;
import org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord;

/**
 * What {@code setup_initial_dkg} returns ({@code SetupInitialDKGResponse}): the low- and
 * high-threshold transcripts, the subnet's threshold public key (96-byte BLS12-381 G2) and the
 * fresh subnet id derived from it.
 *
 * @param lowThreshold the low-threshold transcript record
 * @param highThreshold the high-threshold transcript record
 * @param thresholdPublicKey the subnet's threshold signing public key
 * @param freshSubnetId the id of a new subnet with this key
 */
public record InitialDkgResult(
    InitialNiDkgTranscriptRecord lowThreshold,
    InitialNiDkgTranscriptRecord highThreshold,
    Bytes thresholdPublicKey,
    SubnetId freshSubnetId) {
  /** Validates the components. */
  public InitialDkgResult {
    Objects.requireNonNull(lowThreshold, "lowThreshold");
    Objects.requireNonNull(highThreshold, "highThreshold");
    Objects.requireNonNull(freshSubnetId, "freshSubnetId");
    if (thresholdPublicKey.length() != 96) {
      throw new IllegalArgumentException("a threshold public key has 96 bytes, not " + thresholdPublicKey.length());
    }
  }
}
