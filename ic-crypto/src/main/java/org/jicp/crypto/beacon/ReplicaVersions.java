package org.jicp.crypto.beacon;

/** Replica versions, which the IC writes into every consensus content it signs and hashes. */
public final class ReplicaVersions {
  private ReplicaVersions() {}

  /**
   * {@code ReplicaVersion::default()} of the IC code base the {@code crypto_hash} stability vectors
   * come from; jicp's simulated subnets run this version.
   */
  public static final String DEFAULT = "0.9.0";

  static String check(String version) {
    if (version == null || version.isEmpty()) {
      throw new IllegalArgumentException("a replica version is a non-empty string");
    }
    return version;
  }
}
