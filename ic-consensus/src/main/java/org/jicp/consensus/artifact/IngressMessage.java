package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.consensus.Time;
import org.jicp.crypto.Bytes;

/**
 * An ingress message as a block carries it: its 32-byte message id (the request id), its expiry
 * and its signed content. Validation of the user's signature is the ingress manager's job, not
 * consensus's; consensus checks limits and that a message is in at most one block of a chain.
 *
 * @param messageId the 32-byte request id
 * @param expiry when the message expires
 * @param content the signed request bytes
 */
public record IngressMessage(Bytes messageId, Time expiry, Bytes content) {
  /** The length of a message id. */
  public static final int ID_LENGTH = 32;

  /** Validates the components. */
  public IngressMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(content, "content");
    if (messageId.length() != ID_LENGTH) {
      throw new IllegalArgumentException("a message id is 32 bytes, got " + messageId.length());
    }
  }

  /** The bytes this message counts against a block's payload limit. */
  public long countedBytes() {
    return (long) ID_LENGTH + content.length();
  }
}
