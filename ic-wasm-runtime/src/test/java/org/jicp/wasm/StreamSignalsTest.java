package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.RejectReason;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.Stream;
import org.jicp.state.replicated.StreamEncoding;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.Height;
import org.jicp.types.RegistryVersion;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream signals (dfinity/ic {@code stream_handler}): on the receiving side every message of a
 * slice is accepted (inducted, or answered with a reject response) or refused with a reject signal;
 * on the sending side accept signals garbage-collect the stream and reject signals reroute the
 * message or answer the request with a reject response. Subnet OWN hosts canisters {@code
 * 0..0xFFFF}, OTHER {@code 0x10000..}, THIRD {@code 0x20000..}; slices come from OTHER.
 */
class StreamSignalsTest {
  private static final SubnetId OWN = SubnetId.fromBytes(new byte[] {1, 2, 3, 4, 9});
  private static final SubnetId OTHER = SubnetId.fromBytes(new byte[] {9, 8, 7, 6, 9});
  private static final SubnetId THIRD = SubnetId.fromBytes(new byte[] {5, 5, 5, 5, 9});
  private static final long T0 = 1_750_000_000_000_000_000L;
  private static final CanisterId MISSING_HERE = CanisterId.fromIndex(5);
  private static final CanisterId ON_OTHER = CanisterId.fromIndex(0x10001);
  private static final CanisterId ON_THIRD = CanisterId.fromIndex(0x20001);

  private ReplicatedState state;

  @BeforeEach
  void genesis() {
    TreeMap<CanisterRange, SubnetId> rt = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    rt.put(new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xFFFF)), OWN);
    rt.put(new CanisterRange(CanisterId.fromIndex(0x10000), CanisterId.fromIndex(0x1FFFF)), OTHER);
    rt.put(new CanisterRange(CanisterId.fromIndex(0x20000), CanisterId.fromIndex(0x2FFFF)), THIRD);
    TreeMap<SubnetId, SubnetTopology> topology = new TreeMap<>();
    for (SubnetId s : List.of(OTHER, THIRD)) {
      topology.put(s, new SubnetTopology(Bytes.of(new byte[133]), SubnetType.APPLICATION,
          new TreeMap<>()));
    }
    state = RoundExecutor.genesis(OWN, SubnetType.APPLICATION, T0, new RoutingTable(rt), topology);
  }

  private static CanisterMessage.Request request(CanisterId to, CanisterId from, long callback) {
    return new CanisterMessage.Request(to, from, callback, Cycles.of(1_000), "m", Bytes.of(new byte[] {1}),
        0);
  }

  private static CanisterMessage.Response reply(CanisterId to, CanisterId from, long callback) {
    return new CanisterMessage.Response(to, from, callback, Cycles.of(5),
        new ResponsePayload.Reply(Bytes.of(new byte[] {2})), 0);
  }

  /** A slice of OTHER's stream to OWN: {@code msgs} from index {@code begin}, with signals. */
  private static StreamSlice slice(long begin, List<CanisterMessage.StreamMessage> msgs, long signalsEnd,
      SortedMap<Long, RejectReason> rejects) {
    TreeMap<Long, CanisterMessage.StreamMessage> m = new TreeMap<>();
    for (int i = 0; i < msgs.size(); i++) {
      m.put(begin + i, msgs.get(i));
    }
    return new StreamSlice(new StreamEncoding.Header(begin, begin + msgs.size(), signalsEnd, rejects), m);
  }

  private void withStream(SubnetId to, Stream s) {
    TreeMap<SubnetId, Stream> streams = new TreeMap<>(state.metadata().streams());
    streams.put(to, s);
    state = state.withMetadata(state.metadata().toBuilder().streams(streams).build());
  }

  private void round(StreamSlice fromOther) {
    long h = state.height().value() + 1;
    TreeMap<SubnetId, StreamSlice> slices = new TreeMap<>();
    slices.put(OTHER, fromOther);
    try (RoundExecutor e = RoundExecutor.builder().build()) {
      state = e.executeRound(state, new RoundInputs(Height.of(h), T0 + h, Bytes.of(new byte[32]),
          RegistryVersion.of(1), RoutingTable.empty(), new TreeMap<>(), List.of(), slices, false));
    }
  }

  private Stream stream(SubnetId to) {
    return state.metadata().streams().getOrDefault(to, Stream.EMPTY);
  }

  @Test
  void inductSlice_requestForMissingCanisterRoutedHere_acceptsAndAnswersCanisterNotFound() {
    round(slice(0, List.of(request(MISSING_HERE, ON_OTHER, 7)), 0, new TreeMap<>()));
    Stream back = stream(OTHER);
    assertThat(back.signalsEnd()).isEqualTo(1);
    assertThat(back.rejectSignals()).isEmpty();
    assertThat(back.messages()).hasSize(1);
    CanisterMessage.Response r = (CanisterMessage.Response) back.messages().get(0);
    assertThat(r.originator()).isEqualTo(ON_OTHER);
    assertThat(r.respondent()).isEqualTo(MISSING_HERE);
    assertThat(r.originatorCallbackId()).isEqualTo(7);
    assertThat(r.refund()).isEqualTo(Cycles.of(1_000));
    ResponsePayload.Reject j = (ResponsePayload.Reject) r.payload();
    assertThat(j.code()).isEqualTo(RejectCode.DESTINATION_INVALID);
    assertThat(j.errorCode()).contains(ErrorCode.CANISTER_NOT_FOUND);
  }

  @Test
  void inductSlice_requestForCanisterRoutedElsewhere_rejectSignalCanisterMigrating() {
    round(slice(0, List.of(request(ON_THIRD, ON_OTHER, 7)), 0, new TreeMap<>()));
    Stream back = stream(OTHER);
    assertThat(back.signalsEnd()).isEqualTo(1);
    assertThat(back.rejectSignals()).containsExactly(Map.entry(0L, RejectReason.CANISTER_MIGRATING));
    assertThat(back.messages()).isEmpty();
    assertThat(stream(THIRD).messages()).as("not forwarded by the receiver").isEmpty();
  }

  @Test
  void inductSlice_responseForCanisterRoutedElsewhere_rejectSignal() {
    round(slice(0, List.of(reply(ON_THIRD, ON_OTHER, 3), reply(MISSING_HERE, ON_OTHER, 4)), 0,
        new TreeMap<>()));
    Stream back = stream(OTHER);
    assertThat(back.signalsEnd()).isEqualTo(2);
    // The response to a canister routed here that does not exist is accepted (and dropped).
    assertThat(back.rejectSignals()).containsExactly(Map.entry(0L, RejectReason.CANISTER_MIGRATING));
    assertThat(back.messages()).isEmpty();
  }

  @Test
  void inductSlice_acceptSignals_garbageCollectStreamPrefix() {
    withStream(OTHER, Stream.EMPTY.push(request(ON_OTHER, MISSING_HERE, 1))
        .push(request(ON_OTHER, MISSING_HERE, 2)).push(request(ON_OTHER, MISSING_HERE, 3)));
    round(slice(0, List.of(), 2, new TreeMap<>()));
    Stream s = stream(OTHER);
    assertThat(s.begin()).isEqualTo(2);
    assertThat(s.messages()).hasSize(1);
    assertThat(((CanisterMessage.Request) s.messages().get(0)).senderCallbackId()).isEqualTo(3);
  }

  @Test
  void inductSlice_rejectSignalForRequestNowRoutedElsewhere_reroutesToNewHost() {
    // OWN sent a request to 0x20001 to OTHER (its old host); OTHER refused it: THIRD hosts it now.
    withStream(OTHER, Stream.EMPTY.push(request(ON_THIRD, CanisterId.fromIndex(0x10077), 1)));
    round(slice(0, List.of(), 1, new TreeMap<>(Map.of(0L, RejectReason.CANISTER_MIGRATING))));
    assertThat(stream(OTHER).begin()).isEqualTo(1);
    assertThat(stream(OTHER).messages()).isEmpty();
    assertThat(stream(THIRD).messages()).containsExactly(request(ON_THIRD, CanisterId.fromIndex(0x10077), 1));
  }

  @Test
  void inductSlice_rejectSignalForRequestStillRoutedToRejecter_answersWithRejectResponse() {
    // The sender of the request is routed to THIRD so that the reject response is observable in a stream.
    CanisterId caller = CanisterId.fromIndex(0x20042);
    withStream(OTHER, Stream.EMPTY.push(request(ON_OTHER, caller, 9)));
    round(slice(0, List.of(), 1, new TreeMap<>(Map.of(0L, RejectReason.CANISTER_NOT_FOUND))));
    assertThat(stream(OTHER).messages()).isEmpty();
    assertThat(stream(THIRD).messages()).hasSize(1);
    CanisterMessage.Response r = (CanisterMessage.Response) stream(THIRD).messages().get(0);
    assertThat(r.originator()).isEqualTo(caller);
    assertThat(r.originatorCallbackId()).isEqualTo(9);
    assertThat(r.refund()).isEqualTo(Cycles.of(1_000));
    assertThat(((ResponsePayload.Reject) r.payload()).errorCode()).contains(ErrorCode.CANISTER_NOT_FOUND);
  }

  @Test
  void inductSlice_rejectSignalForResponse_reroutesNeverDrops() {
    CanisterMessage.Response toMoved = reply(ON_THIRD, MISSING_HERE, 4);
    withStream(OTHER, Stream.EMPTY.push(toMoved).push(reply(ON_OTHER, MISSING_HERE, 5)));
    round(slice(0, List.of(), 2, new TreeMap<>(Map.of(0L, RejectReason.CANISTER_MIGRATING))));
    assertThat(stream(OTHER).begin()).isEqualTo(2);
    assertThat(stream(OTHER).messages()).isEmpty();
    assertThat(stream(THIRD).messages()).containsExactly(toMoved);
  }

  @Test
  void inductSlice_sendersStreamBeginsAfterOurRejectSignals_dropsThem() {
    round(slice(0, List.of(request(ON_THIRD, ON_OTHER, 1), request(ON_THIRD, ON_OTHER, 2)), 0,
        new TreeMap<>()));
    assertThat(stream(OTHER).rejectSignals()).containsOnlyKeys(0L, 1L);
    // OTHER acted on the first signal (its stream now begins at 1): that signal goes.
    round(slice(1, List.of(request(ON_THIRD, ON_OTHER, 2)), 0, new TreeMap<>()));
    assertThat(stream(OTHER).rejectSignals()).containsOnlyKeys(1L);
    assertThat(stream(OTHER).signalsEnd()).isEqualTo(2);
    round(slice(2, List.of(), 0, new TreeMap<>()));
    assertThat(stream(OTHER).rejectSignals()).isEmpty();
  }

  @Test
  void inductSlice_sameSliceOnSameStateOrAgain_sameStreams() {
    ReplicatedState start = state;
    StreamSlice s = slice(0, List.of(request(MISSING_HERE, ON_OTHER, 7), request(ON_THIRD, ON_OTHER, 8)), 0,
        new TreeMap<>());
    round(s);
    ReplicatedState first = state;
    state = start;
    round(s);
    assertThat(state.metadata().streams()).isEqualTo(first.metadata().streams());
    // Inducting the same slice again changes nothing: its messages are below signals_end.
    round(s);
    assertThat(stream(OTHER).signalsEnd()).isEqualTo(2);
    assertThat(stream(OTHER).messages()).hasSize(1);
  }
}
