package org.jicp.state.replicated;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A canister's message queues: the input queue (ingress, requests and responses in arrival order,
 * executed first in, first out) and the output queue (messages produced but not yet routed, e.g.
 * to a stream that is full). Values; each change gives a new {@code CanisterQueues}.
 *
 * <p>Capacity (the IC's {@code DEFAULT_QUEUE_CAPACITY}): at most {@value #CAPACITY} requests and
 * ingress messages wait in the input queue; responses always have room (a response slot is
 * reserved when its request is sent).
 *
 * @param input the input queue, oldest first
 * @param output the output queue, oldest first
 */
public record CanisterQueues(List<CanisterMessage> input, List<CanisterMessage> output) {
  /** The most requests and ingress messages waiting in an input queue. */
  public static final int CAPACITY = 500;

  /** No messages. */
  public static final CanisterQueues EMPTY = new CanisterQueues(List.of(), List.of());

  /** Copies the components. */
  public CanisterQueues {
    input = List.copyOf(input);
    output = List.copyOf(output);
  }

  /** Whether both queues are empty. */
  public boolean isEmpty() {
    return input.isEmpty() && output.isEmpty();
  }

  /** The number of requests and ingress messages in the input queue. */
  public int inputRequests() {
    int n = 0;
    for (CanisterMessage m : input) {
      if (!(m instanceof CanisterMessage.Response)) {
        n++;
      }
    }
    return n;
  }

  /** Whether another request or ingress message fits in the input queue. */
  public boolean hasRoomForRequest() {
    return inputRequests() < CAPACITY;
  }

  /** A copy with {@code m} appended to the input queue (capacity is the caller's check). */
  public CanisterQueues pushInput(CanisterMessage m) {
    Objects.requireNonNull(m, "m");
    List<CanisterMessage> in = new ArrayList<>(input.size() + 1);
    in.addAll(input);
    in.add(m);
    return new CanisterQueues(in, output);
  }

  /** A copy without the first input message. */
  public CanisterQueues popInput() {
    if (input.isEmpty()) {
      throw new IllegalStateException("the input queue is empty");
    }
    return new CanisterQueues(input.subList(1, input.size()), output);
  }

  /** A copy with {@code m} appended to the output queue. */
  public CanisterQueues pushOutput(CanisterMessage m) {
    Objects.requireNonNull(m, "m");
    List<CanisterMessage> out = new ArrayList<>(output.size() + 1);
    out.addAll(output);
    out.add(m);
    return new CanisterQueues(input, out);
  }

  /** A copy with another output queue. */
  public CanisterQueues withOutput(List<CanisterMessage> out) {
    return new CanisterQueues(input, out);
  }

  /** A copy with another input queue. */
  public CanisterQueues withInput(List<CanisterMessage> in) {
    return new CanisterQueues(in, output);
  }

  /** The bytes counted by all queued messages. */
  public long countedBytes() {
    long n = 0;
    for (CanisterMessage m : input) {
      n += m.countedBytes();
    }
    for (CanisterMessage m : output) {
      n += m.countedBytes();
    }
    return n;
  }
}
