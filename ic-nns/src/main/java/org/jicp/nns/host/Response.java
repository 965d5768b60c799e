package org.jicp.nns.host;

import org.jicp.types.RejectCode;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/** The answer to a call: a reply with Candid (or protobuf) bytes, or a reject. */
public sealed interface Response {
  /** A reply. */
  record Reply(Bytes bytes) implements Response {
    /** Validates the component. */
    public Reply {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** A reject with its code and message. */
  record Reject(RejectCode code, String message) implements Response {
    /** Validates the components. */
    public Reject {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
