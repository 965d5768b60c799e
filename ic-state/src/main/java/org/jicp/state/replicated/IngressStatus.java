package org.jicp.state.replicated;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;

/**
 * The status of an ingress message in the ingress history (dfinity/ic {@code IngressStatus::Known}),
 * as {@code /request_status/<id>} certifies it (interface specification, "Request status"): its
 * receiver, the user who sent it (only that user may read the status), when the status was set,
 * and the status with its reply or reject.
 *
 * @param kind which status
 * @param receiver the canister called (the management canister for management calls)
 * @param user the sender
 * @param timeNanos the batch time at which the status was set
 * @param reply the reply, for {@link Kind#REPLIED}
 * @param rejectCode the reject code (1..6), for {@link Kind#REJECTED}
 * @param rejectMessage the reject message, for {@link Kind#REJECTED}
 * @param errorCode the IC error code, for {@link Kind#REJECTED}
 */
public record IngressStatus(Kind kind, CanisterId receiver, Principal user, long timeNanos,
    Optional<Bytes> reply, long rejectCode, Optional<String> rejectMessage,
    Optional<ErrorCode> errorCode) {

  /** The statuses, with their text in the state tree. */
  public enum Kind {
    /** Inducted, not yet executed. */
    RECEIVED("received"),
    /** Being executed (e.g. waiting for the responses of its calls). */
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

    /** Whether the status is final (replied, rejected or done). */
    public boolean isTerminal() {
      return this == REPLIED || this == REJECTED || this == DONE;
    }
  }

  /** Validates the components. */
  public IngressStatus {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(user, "user");
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
    if (kind != Kind.REJECTED && (rejectCode != 0 || errorCode.isPresent())) {
      throw new IllegalArgumentException("a reject code goes with exactly the rejected status");
    }
  }

  /** A status without payload ({@code received}, {@code processing}, {@code done}). */
  public static IngressStatus of(Kind kind, CanisterId receiver, Principal user, long timeNanos) {
    return new IngressStatus(kind, receiver, user, timeNanos, Optional.empty(), 0,
        Optional.empty(), Optional.empty());
  }

  /** A replied status. */
  public static IngressStatus replied(CanisterId receiver, Principal user, long timeNanos,
      Bytes reply) {
    return new IngressStatus(Kind.REPLIED, receiver, user, timeNanos, Optional.of(reply), 0,
        Optional.empty(), Optional.empty());
  }

  /** A rejected status. */
  public static IngressStatus rejected(CanisterId receiver, Principal user, long timeNanos,
      long code, String message, Optional<ErrorCode> errorCode) {
    return new IngressStatus(Kind.REJECTED, receiver, user, timeNanos, Optional.empty(), code,
        Optional.of(message), errorCode);
  }

  /** This status pruned to {@code done} (same receiver, user and time). */
  public IngressStatus toDone() {
    return of(Kind.DONE, receiver, user, timeNanos);
  }

  /** The bytes of reply or reject message kept (what the history's memory limit counts). */
  public long payloadBytes() {
    return reply.map(Bytes::length).orElse(0) + rejectMessage.map(String::length).orElse(0);
  }
}
