package org.jicp.state.replicated;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.MessageId;

/**
 * A message in a canister's queues or in a stream (dfinity/ic {@code rs/types/types/src/messages}):
 * an {@link Ingress} message from a user, a {@link Request} from a canister, or a {@link Response}
 * to a canister's earlier request. Values; part of the replicated state.
 */
public sealed interface CanisterMessage {
  /** The canister whose input queue this message goes to. */
  CanisterId receiver();

  /** The bytes the message counts against limits (payload and method name). */
  long countedBytes();

  /** A message that travels in streams between subnets: a request or a response. */
  sealed interface StreamMessage extends CanisterMessage permits Request, Response {}

  /**
   * An ingress message, inducted into its receiver's queue.
   *
   * @param messageId the request id
   * @param source the user who signed it
   * @param receiver the canister called (the management canister for management calls)
   * @param effectiveCanisterId the effective canister id of the HTTP request
   * @param methodName the method
   * @param methodPayload the argument
   * @param expiryNanos {@code ingress_expiry}
   */
  record Ingress(MessageId messageId, Principal source, CanisterId receiver,
      CanisterId effectiveCanisterId, String methodName, Bytes methodPayload, long expiryNanos)
      implements CanisterMessage {
    /** Validates the components. */
    public Ingress {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(receiver, "receiver");
      Objects.requireNonNull(effectiveCanisterId, "effectiveCanisterId");
      Objects.requireNonNull(methodName, "methodName");
      Objects.requireNonNull(methodPayload, "methodPayload");
    }

    @Override
    public long countedBytes() {
      return (long) methodPayload.length() + methodName.length();
    }
  }

  /**
   * A call from a canister.
   *
   * @param receiver the canister called
   * @param sender the calling canister
   * @param senderCallbackId the caller's callback that the response resumes
   * @param payment cycles attached to the call
   * @param methodName the method
   * @param methodPayload the argument
   * @param deadlineNanos the deadline of a best-effort call, 0 for a guaranteed-response call
   */
  record Request(CanisterId receiver, CanisterId sender, long senderCallbackId, Cycles payment,
      String methodName, Bytes methodPayload, long deadlineNanos) implements StreamMessage {
    /** Validates the components. */
    public Request {
      Objects.requireNonNull(receiver, "receiver");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(payment, "payment");
      Objects.requireNonNull(methodName, "methodName");
      Objects.requireNonNull(methodPayload, "methodPayload");
    }

    @Override
    public long countedBytes() {
      return (long) methodPayload.length() + methodName.length();
    }
  }

  /**
   * The response to a request.
   *
   * @param originator the canister that made the request (the receiver of this response)
   * @param respondent the canister that answered
   * @param originatorCallbackId the callback it resumes
   * @param refund cycles returned to the originator (the payment not accepted)
   * @param payload the reply or reject
   * @param deadlineNanos the request's deadline, 0 for a guaranteed-response call
   */
  record Response(CanisterId originator, CanisterId respondent, long originatorCallbackId,
      Cycles refund, ResponsePayload payload, long deadlineNanos) implements StreamMessage {
    /** Validates the components. */
    public Response {
      Objects.requireNonNull(originator, "originator");
      Objects.requireNonNull(respondent, "respondent");
      Objects.requireNonNull(refund, "refund");
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public CanisterId receiver() {
      return originator;
    }

    @Override
    public long countedBytes() {
      return payload.countedBytes();
    }
  }
}
