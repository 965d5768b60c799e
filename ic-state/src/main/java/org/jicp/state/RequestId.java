package org.jicp.state;

import java.util.Map;
import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * The id of an ingress request: the {@linkplain RepresentationIndependentHash representation-
 * independent hash} of its {@code content} map (IC interface specification, "Request ids"). It
 * names the request's entry in the ingress history and under {@code /request_status}.
 *
 * @param bytes the 32-byte hash
 */
public record RequestId(Bytes bytes) implements Comparable<RequestId> {
  /** Validates the component. */
  public RequestId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != 32) {
      throw new IllegalArgumentException("a request id is 32 bytes, got " + bytes.length());
    }
  }

  /** The request id of a request's {@code content} map. */
  public static RequestId of(Map<String, ?> content) {
    return new RequestId(RepresentationIndependentHash.hashOfMap(content));
  }

  /** The request id with hex form {@code hex}. */
  public static RequestId fromHex(String hex) {
    return new RequestId(Bytes.fromHex(hex));
  }

  @Override
  public int compareTo(RequestId o) {
    return bytes.compareTo(o.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
