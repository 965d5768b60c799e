package org.jicp.state.ports;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.StreamEncoding;

/**
 * A verified, decoded slice of another subnet's stream to this one: its header (whose signals are
 * about the messages this subnet sent) and messages with their stream indices. Message routing
 * builds it from a {@link org.jicp.types.ports.CertifiedStreamSlice} after checking the witness and
 * the certification.
 *
 * @param header the sender's stream header
 * @param messages the messages by stream index (consecutive, within the header's range)
 */
public record StreamSlice(StreamEncoding.Header header,
    SortedMap<Long, CanisterMessage.StreamMessage> messages) {
  /** Validates and copies the components. */
  public StreamSlice {
    Objects.requireNonNull(header, "header");
    messages = Collections.unmodifiableSortedMap(new TreeMap<>(messages));
    long expect = messages.isEmpty() ? 0 : messages.firstKey();
    for (Map.Entry<Long, CanisterMessage.StreamMessage> e : messages.entrySet()) {
      if (e.getKey() != expect++ || e.getKey() < header.begin() || e.getKey() >= header.end()) {
        throw new IllegalArgumentException("slice messages are consecutive and inside the header");
      }
    }
  }
}
