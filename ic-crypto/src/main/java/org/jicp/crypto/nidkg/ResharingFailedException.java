package org.jicp.crypto.nidkg;

import org.jicp.crypto.bls.PublicKey;

/**
 * A resharing transcript whose group key differs from the reshared key ({@code ResharingFailed} of
 * the IC): some dealing did not deal its dealer's old share. Verify resharing dealings first.
 */
public final class ResharingFailedException extends NiDkgException {
  private static final long serialVersionUID = 1L;

  private final PublicKey oldKey;
  private final PublicKey newKey;

  /**
   * @param oldKey the reshared group key
   * @param newKey the group key the dealings produced
   */
  public ResharingFailedException(PublicKey oldKey, PublicKey newKey) {
    super("resharing changed the group key: old " + oldKey + ", new " + newKey + " (were the dealings verified?)");
    this.oldKey = oldKey;
    this.newKey = newKey;
  }

  /** The reshared group key. */
  public PublicKey oldKey() {
    return oldKey;
  }

  /** The group key the dealings produced. */
  public PublicKey newKey() {
    return newKey;
  }
}
