package org.jicp.state.replicated;

/**
 * Why a receiving subnet refused a message of a stream (dfinity/ic {@code RejectReason}, the
 * reason carried by a reject signal). The sender acts on a reject signal by the current routing
 * table: it reroutes the message to the subnet that now hosts its receiver, or, for a request
 * whose receiver is still routed to the rejecting subnet, answers the caller with a reject
 * response made from the reason.
 */
public enum RejectReason {
  /** The receiver is being (or was) migrated to another subnet: the sender reroutes. */
  CANISTER_MIGRATING(1),
  /** The receiver does not exist on the receiving subnet. */
  CANISTER_NOT_FOUND(2),
  /** The receiver is stopped. */
  CANISTER_STOPPED(3),
  /** The receiver is stopping. */
  CANISTER_STOPPING(4),
  /** The receiver's input queue is full. */
  QUEUE_FULL(5),
  /** The receiving subnet is out of message memory. */
  OUT_OF_MEMORY(6),
  /** Any other reason (and the reason of signals from checkpoints that recorded none). */
  UNKNOWN(7);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  /** The reason's number in the stream header encoding ({@code 1 ..= 7}, as the IC's). */
  public int code() {
    return code;
  }

  /** The reason numbered {@code code}. */
  public static RejectReason of(long code) {
    for (RejectReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("reject reason " + code);
  }

  /** A short text for logs and reject messages. */
  public String text() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
