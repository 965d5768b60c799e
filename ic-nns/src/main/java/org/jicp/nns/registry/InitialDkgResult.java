package org.jicp.nns.registry;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.SubnetId;
import org.jicp.crypto.Principal;
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

  private static final byte[] DER_PREFIX =
      Bytes.parseHex("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");

  /** The IC's DER encoding of a 96-byte BLS12-381 G2 threshold public key. */
  public static byte[] der(Bytes key) {
    if (key.length() != 96) {
      throw new IllegalArgumentException("a threshold public key has 96 bytes, not " + key.length());
    }
    byte[] r = new byte[DER_PREFIX.length + key.length()];
    System.arraycopy(DER_PREFIX, 0, r, 0, DER_PREFIX.length);
    key.copyTo(r, DER_PREFIX.length);
    return r;
  }

  /**
   * The id of a new subnet with threshold key {@code key}: the self-authenticating principal of
   * the key's DER form, as {@code do_create_subnet.rs} derives it.
   */
  public static SubnetId subnetIdOf(Bytes key) {
    return new SubnetId(Principal.selfAuthenticating(der(key)));
  }
}
