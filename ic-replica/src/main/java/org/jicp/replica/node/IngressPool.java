package org.jicp.replica.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;

/**
 * A node's pool of validated ingress messages waiting for a block (dfinity/ic's ingress pool):
 * first come, first selected; a message id is in it at most once; messages past their expiry are
 * dropped when selected. Thread-safe.
 */
public final class IngressPool {
  /** The most messages the pool holds (the IC bounds its pool per peer; jicp per node). */
  public static final int CAPACITY = 100_000;

  private final Map<MessageId, IngressMessage> messages = new LinkedHashMap<>();

  /** Adds {@code m}; false if it is already there or the pool is full. */
  public synchronized boolean add(IngressMessage m) {
    if (messages.size() >= CAPACITY || messages.containsKey(m.messageId())) {
      return false;
    }
    messages.put(m.messageId(), m);
    return true;
  }

  /** Whether the pool holds message {@code id}. */
  public synchronized boolean contains(MessageId id) {
    return messages.containsKey(id);
  }

  /** Whether the pool holds no message. */
  public synchronized boolean isEmpty() {
    return messages.isEmpty();
  }

  /** The number of messages. */
  public synchronized int size() {
    return messages.size();
  }

  /**
   * Up to {@code maxMessages} messages totalling at most {@code maxBytes}, oldest first, not
   * expired at {@code nowNanos} and not in {@code excluded} (dropping expired ones).
   */
  public synchronized List<IngressMessage> select(long nowNanos, int maxMessages, long maxBytes,
      Set<MessageId> excluded) {
    return select(nowNanos, maxMessages, maxBytes, excluded::contains);
  }

  /**
   * Up to {@code maxMessages} messages totalling at most {@code maxBytes}, oldest first, not
   * expired at {@code nowNanos} and not {@code skipped} (dropping expired ones).
   */
  public synchronized List<IngressMessage> select(long nowNanos, int maxMessages, long maxBytes,
      java.util.function.Predicate<MessageId> skipped) {
    List<IngressMessage> out = new ArrayList<>();
    long bytes = 0;
    var it = messages.values().iterator();
    while (it.hasNext() && out.size() < maxMessages) {
      IngressMessage m = it.next();
      if (m.expiry().nanos() < nowNanos) {
        it.remove();
        continue;
      }
      if (skipped.test(m.messageId())) {
        continue;
      }
      if (bytes + m.countedBytes() > maxBytes && !out.isEmpty()) {
        break;
      }
      bytes += m.countedBytes();
      out.add(m);
    }
    return out;
  }

  /** Removes messages that were included in a finalized block. */
  public synchronized void removeAll(List<IngressMessage> included) {
    for (IngressMessage m : included) {
      messages.remove(m.messageId());
    }
  }

  /** Removes every message whose id satisfies {@code done} (e.g. inducted into the state). */
  public synchronized void removeIf(java.util.function.Predicate<MessageId> done) {
    messages.keySet().removeIf(done);
  }
}
