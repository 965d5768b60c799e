package org.jicp.state.replicated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The stream of messages from this subnet to another one (dfinity/ic {@code Stream}): messages
 * with consecutive indices from {@link #begin()}, and the signals this subnet sends back about the
 * other subnet's stream to it ({@code signals_end}: everything below was inducted; {@code
 * reject_signals}: indices that were rejected and answered with reject responses). Certified
 * under {@code /streams/<destination>/{header, messages/<index>}}; garbage-collected as the
 * destination's signals arrive.
 *
 * @param begin the index of the first message
 * @param messages the messages with indices {@code begin ..}
 * @param signalsEnd the index after the last message of the reverse stream inducted here
 * @param rejectSignals indices of the reverse stream that were rejected
 */
public record Stream(long begin, List<CanisterMessage.StreamMessage> messages, long signalsEnd,
    SortedSet<Long> rejectSignals) {
  /** An empty stream. */
  public static final Stream EMPTY = new Stream(0, List.of(), 0, new TreeSet<>());

  /** Validates and copies the components. */
  public Stream {
    if (begin < 0 || signalsEnd < 0) {
      throw new IllegalArgumentException("negative stream index");
    }
    messages = List.copyOf(messages);
    rejectSignals = Collections.unmodifiableSortedSet(new TreeSet<>(rejectSignals));
  }

  /** The index after the last message. */
  public long end() {
    return begin + messages.size();
  }

  /** A copy with {@code m} appended. */
  public Stream push(CanisterMessage.StreamMessage m) {
    List<CanisterMessage.StreamMessage> ms = new ArrayList<>(messages);
    ms.add(Objects.requireNonNull(m, "m"));
    return new Stream(begin, ms, signalsEnd, rejectSignals);
  }

  /** A copy without the messages below {@code newBegin}. */
  public Stream discardBefore(long newBegin) {
    if (newBegin <= begin) {
      return this;
    }
    if (newBegin > end()) {
      throw new IllegalArgumentException("signals for messages not sent: " + newBegin + " > "
          + end());
    }
    return new Stream(newBegin, messages.subList((int) (newBegin - begin), messages.size()),
        signalsEnd, rejectSignals);
  }

  /** A copy with other signals for the reverse stream. */
  public Stream withSignals(long newSignalsEnd, SortedSet<Long> newRejectSignals) {
    return new Stream(begin, messages, newSignalsEnd, newRejectSignals);
  }
}
