package org.jicp.crypto.beacon;

/**
 * Which NI-DKG a threshold key comes from ({@code ic_types::crypto::threshold_sig::ni_dkg::NiDkgTag});
 * the discriminants are the IC's.
 */
public enum NiDkgTag {
  /** Threshold f+1: random beacon and random tape. */
  LOW_THRESHOLD(1),
  /** Threshold 2f+1: certification and catch-up packages. */
  HIGH_THRESHOLD(2);

  private final int discriminant;

  NiDkgTag(int discriminant) {
    this.discriminant = discriminant;
  }

  /** The Rust enum discriminant (also the protobuf enum value). */
  public int discriminant() {
    return discriminant;
  }
}
