package org.jicp.state.replicated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.junit.jupiter.api.Test;

/** Stream signals: the header encoding of reject signals with reasons and their bookkeeping. */
class StreamSignalsEncodingTest {
  private static final CanisterMessage.Request REQ = new CanisterMessage.Request(
      CanisterId.fromIndex(1), CanisterId.fromIndex(2), 3, Cycles.ZERO, "m", Bytes.EMPTY, 0);

  private static byte[] header(long begin, long end, long signalsEnd, long[][] rejects) {
    Cbor.Writer w = new Cbor.Writer().startMap(4).key("begin").uint(begin).key("end").uint(end)
        .key("signals_end").uint(signalsEnd).key("reject_signals").startArray(rejects.length);
    for (long[] r : rejects) {
      w.startArray(r.length);
      for (long x : r) {
        w.uint(x);
      }
      w.endArray();
    }
    return w.endArray().endMap().toByteArray();
  }

  @Test
  void encodeHeader_rejectSignalsWithReasons_roundTrip() {
    TreeMap<Long, RejectReason> rejects = new TreeMap<>();
    for (RejectReason r : RejectReason.values()) {
      rejects.put(10L + r.code(), r);
    }
    Stream s = Stream.EMPTY.push(REQ).push(REQ).withSignals(20, rejects);
    StreamEncoding.Header h = StreamEncoding.decodeHeader(StreamEncoding.encodeHeader(s).toByteArray());
    assertThat(h).isEqualTo(new StreamEncoding.Header(0, 2, 20, rejects));
    assertThat(StreamEncoding.encodeHeader(s).toByteArray())
        .isEqualTo(header(0, 2, 20, rejects.entrySet().stream()
            .map(e -> new long[] {e.getKey(), e.getValue().code()}).toArray(long[][]::new)));
  }

  @Test
  void decodeHeader_badRejectSignals_malformed() {
    List<long[][]> bad = List.of(
        new long[][] {{3}},                 // no reason
        new long[][] {{3, 1, 1}},           // three elements
        new long[][] {{3, 0}},              // reason 0
        new long[][] {{3, 8}},              // reason 8
        new long[][] {{4, 1}, {3, 1}},      // out of order
        new long[][] {{3, 1}, {3, 2}},      // duplicate
        new long[][] {{9, 1}});             // not below signals_end (9)
    for (long[][] r : bad) {
      assertThatThrownBy(() -> StreamEncoding.decodeHeader(header(0, 0, 9, r)))
          .isInstanceOf(MalformedEncodingException.class);
    }
    assertThat(bad).hasSize(7);
  }

  @Test
  void stream_rejectSignalNotBelowSignalsEnd_refused() {
    assertThatThrownBy(() -> Stream.EMPTY.withSignals(2, new TreeMap<>(Map.of(2L, RejectReason.UNKNOWN))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withMoreSignals_addsRejectsAndAdvances_discardSignalsBeforeDropsActedOn() {
    Stream s = Stream.EMPTY.withMoreSignals(3, new TreeMap<>(Map.of(1L, RejectReason.CANISTER_MIGRATING)))
        .withMoreSignals(5, new TreeMap<>(Map.of(4L, RejectReason.CANISTER_NOT_FOUND)));
    assertThat(s.signalsEnd()).isEqualTo(5);
    assertThat(s.rejectSignals()).containsOnlyKeys(1L, 4L);
    assertThat(s.discardSignalsBefore(1)).isSameAs(s);
    assertThat(s.discardSignalsBefore(2).rejectSignals()).containsOnlyKeys(4L);
    assertThat(s.discardSignalsBefore(5).rejectSignals()).isEmpty();
    assertThatThrownBy(() -> s.withMoreSignals(4, new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
