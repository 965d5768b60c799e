package org.jicp.types;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * The id of a message: for ingress, the request id, that is the representation-independent hash of
 * the request's {@code content} map (IC interface specification, "Request ids"). It names the
 * request's entry in the ingress history and under {@code /request_status/<id>}. Computing it is
 * {@code ic-state}'s {@code RepresentationIndependentHash.requestId}.
 *
 * @param bytes the 32-byte hash
 */
public record MessageId(Bytes bytes) implements Comparable<MessageId> {
  /** The length of a message id. */
  public static final int LENGTH = 32;

  /** Validates the component. */
  public MessageId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("a message id is 32 bytes, got " + bytes.length());
    }
  }

  /** The id with these 32 bytes (copied). */
  public static MessageId of(byte[] bytes) {
    return new MessageId(Bytes.of(bytes));
  }

  /** The id with hex form {@code hex}. */
  public static MessageId fromHex(String hex) {
    return new MessageId(Bytes.fromHex(hex));
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  @Override
  public int compareTo(MessageId o) {
    return bytes.compareTo(o.bytes);
  }

  /** Lower-case hex. */
  @Override
  public String toString() {
    return bytes.toHex();
  }
}
