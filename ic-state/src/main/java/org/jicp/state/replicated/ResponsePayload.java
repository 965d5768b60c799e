package org.jicp.state.replicated;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;

/** What a call is answered with: a {@link Reply} or a {@link Reject}. */
public sealed interface ResponsePayload {
  /** The bytes the payload counts against limits. */
  long countedBytes();

  /**
   * A reply.
   *
   * @param data the reply bytes
   */
  record Reply(Bytes data) implements ResponsePayload {
    /** Validates the component. */
    public Reply {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public long countedBytes() {
      return data.length();
    }
  }

  /**
   * A reject.
   *
   * @param code the reject code
   * @param message the reject message
   * @param errorCode the IC error code, when the system (not the canister) rejected
   */
  record Reject(RejectCode code, String message, Optional<ErrorCode> errorCode)
      implements ResponsePayload {
    /** Validates the components. */
    public Reject {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(errorCode, "errorCode");
    }

    /** A reject by the system with {@code errorCode} (its reject code is the error's). */
    public static Reject of(ErrorCode errorCode, String message) {
      return new Reject(errorCode.rejectCode(), message, Optional.of(errorCode));
    }

    /** A reject by the canister ({@code ic0.msg_reject}): code 4, IC0406 for ingress. */
    public static Reject byCanister(String message) {
      return new Reject(RejectCode.CANISTER_REJECT, message, Optional.empty());
    }

    @Override
    public long countedBytes() {
      return message.length();
    }
  }
}
