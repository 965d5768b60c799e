package org.jicp.crypto.nidkg;

/** A receiver could not decrypt its share of a dealing. */
public final class DecryptionException extends NiDkgException {
  private static final long serialVersionUID = 1L;

  /** Why the share could not be decrypted. */
  public enum Reason {
    /** The key was updated past the ciphertext's epoch: forward security at work. */
    EPOCH_TOO_OLD,
    /** A chunk's discrete logarithm lies outside every range the proof of chunking allows. */
    UNSOLVABLE_CHUNK,
    /** The receiver index is not below the number of receivers. */
    NO_SUCH_RECEIVER,
    /**
     * The thread was interrupted during the search for an out-of-range chunk (a cheating dealer's,
     * or the result of decrypting with another receiver's key), which can take hours.
     */
    INTERRUPTED
  }

  private final Reason reason;
  private final int dealerIndex;
  private final int receiverIndex;

  /**
   * @param reason why
   * @param dealerIndex the dealing's dealer (−1 if not known)
   * @param receiverIndex the receiver
   * @param detail more about it
   */
  public DecryptionException(Reason reason, int dealerIndex, int receiverIndex, String detail) {
    super(
        "receiver "
            + receiverIndex
            + (dealerIndex >= 0 ? " cannot decrypt its share of dealer " + dealerIndex : " cannot decrypt its share")
            + ": "
            + detail);
    this.reason = reason;
    this.dealerIndex = dealerIndex;
    this.receiverIndex = receiverIndex;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  /** The dealer of the ciphertext (−1 if not known). */
  public int dealerIndex() {
    return dealerIndex;
  }

  /** The receiver. */
  public int receiverIndex() {
    return receiverIndex;
  }
}
