package org.jicp.types;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * An ingress message as blocks and batches carry it: its message id (the request id), its expiry
 * and its signed content (the HTTP request's CBOR envelope, as the user sent it). Consensus checks
 * block limits and that a message is in at most one block of a chain; the ingress manager checks
 * the user's signature and the expiry; execution decodes the content.
 *
 * @param messageId the request id
 * @param expiry when the message expires ({@code ingress_expiry})
 * @param content the signed request bytes
 */
public record IngressMessage(MessageId messageId, Time expiry, Bytes content) {
  /** The length of a message id. */
  public static final int ID_LENGTH = MessageId.LENGTH;

  /** Validates the components. */
  public IngressMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(content, "content");
  }

  /** The bytes this message counts against a block's payload limit. */
  public long countedBytes() {
    return (long) ID_LENGTH + content.length();
  }
}
