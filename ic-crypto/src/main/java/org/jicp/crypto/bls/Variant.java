package org.jicp.crypto.bls;

/** Which group holds signatures and which holds public keys. */
public enum Variant {
  /**
   * Minimal signature size: signatures in G1 (48 bytes), public keys in G2 (96 bytes). The
   * Internet Computer's choice (threshold signatures, certificates, multi-signatures).
   */
  MIN_SIG(48, 96),

  /**
   * Minimal public-key size: public keys in G1 (48 bytes), signatures in G2 (96 bytes). Ethereum's
   * and drand's choice.
   */
  MIN_PK(96, 48);

  private final int signatureBytes;
  private final int publicKeyBytes;

  Variant(int signatureBytes, int publicKeyBytes) {
    this.signatureBytes = signatureBytes;
    this.publicKeyBytes = publicKeyBytes;
  }

  /** Size of a compressed signature. */
  public int signatureBytes() {
    return signatureBytes;
  }

  /** Size of a compressed public key. */
  public int publicKeyBytes() {
    return publicKeyBytes;
  }
}
