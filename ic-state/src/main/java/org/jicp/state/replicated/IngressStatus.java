package org.jicp.state.replicated;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;

/**
 * The status of an ingress request in the ingress history, as {@code /request_status/<id>}
 * certifies it (IC interface specification, "Request status").
 *
 * @param kind which status
 * @param reply the reply, for {@link Kind#REPLIED}
 * @param rejectCode the reject code (1..6), for {@link Kind#REJECTED}
 * @param rejectMessage the reject message, for {@link Kind#REJECTED}
 * @param errorCode the error code (e.g. {@code IC0503}), optional, for {@link Kind#REJECTED}
 */
public record IngressStatus(
    Kind kind, Optional<Bytes> reply, long rejectCode, Optional<String> rejectMessage,
    Optional<String> errorCode) {

  /** The statuses, with their text in the state tree. */
  public enum Kind {
    /** Received, not yet executed. */
    RECEIVED("received"),
    /** Being executed. */
    PROCESSING("processing"),
    /** Replied; the reply is kept. */
    REPLIED("replied"),
    /** Rejected; the reason is kept. */
    REJECTED("rejected"),
    /** Done: the reply or reject has been pruned. */
    DONE("done");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** The text of the state tree. */
    public String text() {
      return text;
    }
  }

  /** Validates the components. */
  public IngressStatus {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(rejectMessage, "rejectMessage");
    Objects.requireNonNull(errorCode, "errorCode");
    if ((kind == Kind.REPLIED) != reply.isPresent()) {
      throw new IllegalArgumentException("a reply goes with exactly the replied status");
    }
    if ((kind == Kind.REJECTED) != rejectMessage.isPresent()) {
      throw new IllegalArgumentException("a reject message goes with exactly the rejected status");
    }
    if (kind == Kind.REJECTED && (rejectCode < 1 || rejectCode > 6)) {
      throw new IllegalArgumentException("reject codes are 1..6, got " + rejectCode);
    }
  }

  /** A status without payload. */
  public static IngressStatus of(Kind kind) {
    return new IngressStatus(kind, Optional.empty(), 0, Optional.empty(), Optional.empty());
  }

  /** A replied status. */
  public static IngressStatus replied(Bytes reply) {
    return new IngressStatus(Kind.REPLIED, Optional.of(reply), 0, Optional.empty(),
        Optional.empty());
  }

  /** A rejected status. */
  public static IngressStatus rejected(long code, String message, Optional<String> errorCode) {
    return new IngressStatus(Kind.REJECTED, Optional.empty(), code, Optional.of(message),
        errorCode);
  }
}
