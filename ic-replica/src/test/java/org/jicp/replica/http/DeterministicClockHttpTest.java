package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * A deterministic replica's virtual clock lags the wall clock (it moves only by rounds and
 * {@code advanceTime}) while agents set {@code ingress_expiry} from their own clocks: an envelope
 * expiring more than 5 minutes after the virtual time must still run (the clock moves forward to
 * admit it), not sit in the ingress pool unselected while the agent polls forever. This is what
 * an agent meets after a deterministic replica (e.g. {@code jicp replica start --deterministic})
 * has been up a few minutes.
 */
class DeterministicClockHttpTest {

  @Test
  void call_virtualClockTenMinutesBehindSender_runsAndMovesClockForward() throws Exception {
    Instant start = Instant.now().minus(Duration.ofMinutes(10));
    Replica replica = Replica.builder().subnets(List.of(Replica.SubnetKind.APPLICATION))
        .deterministic(7).startTime(start).build();
    ReplicaBackend backend = new ReplicaBackend(replica);
    IcHttpApi api = new IcHttpApi(backend, new IcSenderAuthenticator(replica.rootKey()),
        ReplicaBackend::systemNanos, Duration.ofSeconds(2));
    try (IcHttpServer server = IcHttpServer.builder().start(api)) {
      RawIc c = new RawIc(server.url());
      long before = replica.timeNanos();
      CanisterId id = c.createCanister(backend.topology().defaultEffectiveCanisterId());
      c.install(id, Harness.motoko("counter"), "install");
      RawIc.Http inc = c.call("v3", id, id, "inc", CandidEncoder.empty());
      assertThat(inc.status()).as(inc.text()).isEqualTo(200);
      assertThat(inc.cbor().get("status")).isEqualTo("replied");
      RawIc.Http get = c.query(id, id, "get", CandidEncoder.empty());
      Bytes reply = (Bytes) ((java.util.Map<?, ?>) get.cbor().get("reply")).get("arg");
      CandidValue n = CandidDecoder.standard().decode(reply.toByteArray()).values().get(0);
      assertThat(((CandidValue.Nat) n).value()).isEqualTo(java.math.BigInteger.ONE);
      // RawIc's expiry is wall + 2 min: the clock moved to at least wall - 3 min, never back.
      long wall = ReplicaBackend.systemNanos();
      assertThat(replica.timeNanos()).isGreaterThan(before)
          .isGreaterThanOrEqualTo(wall - Duration.ofMinutes(3).plusSeconds(5).toNanos())
          .isLessThan(wall);
    } finally {
      backend.close();
    }
  }

  @Test
  void readStatePoll_callAnswered202_pollRunsTheRoundsToTheReply() throws Exception {
    Replica replica = Replica.builder().subnets(List.of(Replica.SubnetKind.APPLICATION))
        .deterministic(7).startTime(Instant.now()).build();
    ReplicaBackend backend = new ReplicaBackend(replica);
    // callWait zero: every call answers 202 at once, before any round ran.
    IcHttpApi api = new IcHttpApi(backend, new IcSenderAuthenticator(replica.rootKey()),
        ReplicaBackend::systemNanos, Duration.ZERO);
    try (IcHttpServer server = IcHttpServer.builder().start(api)) {
      RawIc c = new RawIc(server.url());
      java.util.Map<String, Object> content = c.content("call",
          new CanisterId(org.jicp.crypto.Principal.managementCanister()),
          "provisional_create_canister_with_cycles", RawIc.Candid.record(
              CandidValue.field("amount", CandidValue.none()),
              CandidValue.field("settings", CandidValue.none())));
      org.jicp.types.MessageId rid =
          org.jicp.state.RepresentationIndependentHash.requestId(content);
      CanisterId ecid = backend.topology().defaultEffectiveCanisterId();
      RawIc.Http h = c.post("/api/v3/canister/" + ecid.principal().toText() + "/call",
          c.envelope(content));
      assertThat(h.status()).as(h.text()).isEqualTo(202);
      Bytes label = Bytes.of("request_status".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      RawIc.Http rs = c.readState("canister", ecid.principal(),
          List.of(List.of(label, rid.bytes())));
      org.jicp.state.certification.Certificate cert = org.jicp.state.certification.Certificate
          .decode(((Bytes) rs.cbor().get("certificate")).toByteArray());
      assertThat(new String(cert.lookup(List.of(label, rid.bytes(),
          Bytes.of("status".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).value()
          .toByteArray())).isEqualTo("replied");
    } finally {
      backend.close();
    }
  }
}
