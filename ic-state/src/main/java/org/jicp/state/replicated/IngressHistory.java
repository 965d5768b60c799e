package org.jicp.state.replicated;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import org.jicp.state.util.PersistentSortedMap;
import org.jicp.types.MessageId;

/**
 * The ingress history of a subnet (dfinity/ic {@code IngressHistoryState}): the status of every
 * recent ingress message, certified under {@code /request_status}. A value built on persistent
 * maps, so setting a status costs O(log n).
 *
 * <p>Limits, as the IC: a final status is forgotten {@link #RETENTION_NANOS} after it was set
 * (the message can then no longer be resubmitted, as its expiry has passed); when the replies and
 * reject messages kept exceed the memory capacity (the IC's {@code
 * INGRESS_HISTORY_MEMORY_CAPACITY}, 4 GiB by default), the oldest final statuses are turned into
 * {@code done}.
 *
 * @param statuses the statuses by message id
 * @param finalByTime final statuses by (time set, id), for pruning
 * @param payloadBytes the bytes of replies and reject messages kept
 */
public record IngressHistory(PersistentSortedMap<MessageId, IngressStatus> statuses,
    PersistentSortedMap<TimedId, Boolean> finalByTime, long payloadBytes) {
  /** How long final statuses are kept: the IC's {@code MAX_INGRESS_TTL}, 5 minutes. */
  public static final long RETENTION_NANOS = 5L * 60 * 1_000_000_000L;

  /** The IC's default memory capacity of the history: 4 GiB. */
  public static final long DEFAULT_MEMORY_CAPACITY = 4L << 30;

  /** The empty history. */
  public static final IngressHistory EMPTY =
      new IngressHistory(PersistentSortedMap.empty(), PersistentSortedMap.empty(), 0);

  /**
   * A final status's key in the pruning index.
   *
   * @param timeNanos when the status was set
   * @param id the message
   */
  public record TimedId(long timeNanos, MessageId id) implements Comparable<TimedId> {
    @Override
    public int compareTo(TimedId o) {
      int c = Long.compare(timeNanos, o.timeNanos);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  /** Validates the components. */
  public IngressHistory {
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(finalByTime, "finalByTime");
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("negative payload bytes");
    }
  }

  /** A history with exactly these statuses (e.g. loaded from a checkpoint). */
  public static IngressHistory of(Map<MessageId, IngressStatus> statuses) {
    IngressHistory h = EMPTY;
    for (Map.Entry<MessageId, IngressStatus> e : statuses.entrySet()) {
      h = h.set(e.getKey(), e.getValue(), Long.MAX_VALUE);
    }
    return h;
  }

  /** The status of {@code id}, if known. */
  public Optional<IngressStatus> get(MessageId id) {
    return Optional.ofNullable(statuses.get(id));
  }

  /** The statuses, in id order. */
  public SortedMap<MessageId, IngressStatus> asMap() {
    return statuses;
  }

  /** The number of statuses. */
  public int size() {
    return statuses.size();
  }

  /**
   * A history with {@code status} set for {@code id}; if the kept payload then exceeds {@code
   * memoryCapacity} bytes, the oldest final statuses become {@code done}.
   */
  public IngressHistory set(MessageId id, IngressStatus status, long memoryCapacity) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    PersistentSortedMap<MessageId, IngressStatus> s = statuses;
    PersistentSortedMap<TimedId, Boolean> f = finalByTime;
    long bytes = payloadBytes;
    IngressStatus old = s.get(id);
    if (old != null) {
      bytes -= old.payloadBytes();
      if (old.kind().isTerminal()) {
        f = f.minus(new TimedId(old.timeNanos(), id));
      }
    }
    s = s.plus(id, status);
    bytes += status.payloadBytes();
    if (status.kind().isTerminal()) {
      f = f.plus(new TimedId(status.timeNanos(), id), Boolean.TRUE);
    }
    if (bytes > memoryCapacity) {
      for (TimedId t : f.keySet()) {
        if (bytes <= memoryCapacity) {
          break;
        }
        IngressStatus st = s.get(t.id());
        if (st.payloadBytes() > 0) {
          bytes -= st.payloadBytes();
          s = s.plus(t.id(), st.toDone());
        }
      }
    }
    return new IngressHistory(s, f, bytes);
  }

  /** A history without the final statuses set more than {@link #RETENTION_NANOS} before now. */
  public IngressHistory prune(long nowNanos) {
    long cutoff = nowNanos - RETENTION_NANOS;
    PersistentSortedMap<MessageId, IngressStatus> s = statuses;
    PersistentSortedMap<TimedId, Boolean> f = finalByTime;
    long bytes = payloadBytes;
    for (TimedId t : finalByTime.keySet()) {
      if (t.timeNanos() >= cutoff) {
        break;
      }
      bytes -= s.get(t.id()).payloadBytes();
      s = s.minus(t.id());
      f = f.minus(t);
    }
    return f == finalByTime ? this : new IngressHistory(s, f, bytes);
  }
}
