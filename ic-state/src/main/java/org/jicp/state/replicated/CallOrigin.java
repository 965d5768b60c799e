package org.jicp.state.replicated;

import java.util.Objects;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;

/** Who a call context answers to (dfinity/ic {@code CallOrigin}). */
public sealed interface CallOrigin {
  /**
   * An ingress message: the answer goes to the ingress history.
   *
   * @param user the sender
   * @param messageId the request id
   */
  record Ingress(Principal user, MessageId messageId) implements CallOrigin {
    /** Validates the components. */
    public Ingress {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(messageId, "messageId");
    }
  }

  /**
   * A request from a canister: the answer is a response to its callback.
   *
   * @param caller the calling canister
   * @param callbackId its callback
   * @param deadlineNanos the best-effort deadline, 0 for guaranteed responses
   */
  record Canister(CanisterId caller, long callbackId, long deadlineNanos) implements CallOrigin {
    /** Validates the components. */
    public Canister {
      Objects.requireNonNull(caller, "caller");
    }
  }

  /** A heartbeat or global timer: nobody awaits an answer. */
  record SystemTask() implements CallOrigin {}
}
