package org.jicp.state.replicated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stream of messages from this subnet to another one (dfinity/ic {@code Stream}): messages
 * with consecutive indices from {@link #begin()}, and the signals this subnet sends back about the
 * other subnet's stream to it ({@code signals_end}: everything below was inducted; {@code
 * reject_signals}: indices below {@code signals_end} that were refused, each with its {@link
 * RejectReason}; the sender reroutes those messages or answers them with reject responses).
 * Certified under {@code /streams/<destination>/{header, messages/<index>}}. Messages are
 * garbage-collected as the destination's signals arrive; reject signals are garbage-collected
 * once the destination's stream begins after them (the destination has acted on them).
 *
 * @param begin the index of the first message
 * @param messages the messages with indices {@code begin ..}
 * @param signalsEnd the index after the last message of the reverse stream inducted here
 * @param rejectSignals indices of the reverse stream that were rejected, with the reasons
 */
public record Stream(long begin, List<CanisterMessage.StreamMessage> messages, long signalsEnd,
    SortedMap<Long, RejectReason> rejectSignals) {
  /** An empty stream. */
  public static final Stream EMPTY = new Stream(0, List.of(), 0, new TreeMap<>());

  /** Validates and copies the components. */
  public Stream {
    if (begin < 0 || signalsEnd < 0) {
      throw new IllegalArgumentException("negative stream index");
    }
    messages = List.copyOf(messages);
    rejectSignals = Collections.unmodifiableSortedMap(new TreeMap<>(rejectSignals));
    for (Long i : rejectSignals.keySet()) {
      if (i < 0 || i >= signalsEnd) {
        throw new IllegalArgumentException("reject signal " + i + " not below signals_end "
            + signalsEnd);
      }
    }
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
  public Stream withSignals(long newSignalsEnd, SortedMap<Long, RejectReason> newRejectSignals) {
    return new Stream(begin, messages, newSignalsEnd, newRejectSignals);
  }

  /**
   * A copy whose signals also accept the reverse stream's messages up to {@code newSignalsEnd}
   * and reject those of {@code rejects} (each below {@code newSignalsEnd}).
   */
  public Stream withMoreSignals(long newSignalsEnd, SortedMap<Long, RejectReason> rejects) {
    if (newSignalsEnd < signalsEnd) {
      throw new IllegalArgumentException("signals_end moves back: " + newSignalsEnd + " < "
          + signalsEnd);
    }
    TreeMap<Long, RejectReason> all = new TreeMap<>(rejectSignals);
    all.putAll(rejects);
    return new Stream(begin, messages, newSignalsEnd, all);
  }

  /**
   * A copy without the reject signals below {@code reverseBegin}: the reverse stream begins
   * there, so its sender has acted on them (dfinity/ic {@code discard_signals_before}).
   */
  public Stream discardSignalsBefore(long reverseBegin) {
    if (rejectSignals.isEmpty() || rejectSignals.firstKey() >= reverseBegin) {
      return this;
    }
    return new Stream(begin, messages, signalsEnd, rejectSignals.tailMap(reverseBegin));
  }
}
