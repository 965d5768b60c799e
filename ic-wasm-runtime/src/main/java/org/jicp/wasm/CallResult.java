package org.jicp.wasm;

import org.jicp.types.RejectCode;

import java.util.HexFormat;
import java.util.Objects;
import org.jicp.crypto.Bytes;

/** The outcome of a call: a reply with bytes, or a reject with a code and a message. */
public sealed interface CallResult {
  /** A reply. @param data the reply bytes */
  record Reply(Bytes data) implements CallResult {
    /** Validates the component. */
    public Reply {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
      return "reply 0x" + HexFormat.of().formatHex(data.toByteArray());
    }
  }

  /** A reject. @param code the reject code @param message the reject message */
  record Reject(RejectCode code, String message) implements CallResult {
    /** Validates the components. */
    public Reject {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return "reject " + code.code() + " " + message;
    }
  }

  /** A reply with {@code data}. */
  static CallResult reply(byte[] data) {
    return new Reply(Bytes.of(data));
  }

  /** A reject. */
  static CallResult reject(RejectCode code, String message) {
    return new Reject(code, message);
  }

  /** Whether this is a reply. */
  default boolean isReply() {
    return this instanceof Reply;
  }
}
