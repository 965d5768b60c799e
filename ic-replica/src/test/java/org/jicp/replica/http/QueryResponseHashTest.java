package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jicp.candid.CandidEncoder;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.replica.Replica;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.junit.jupiter.api.Test;

/**
 * The direct hash of replied query responses equals the generic representation-independent hash;
 * a repeated request within the reuse window gets the same signature and timestamp (which
 * verify), and with reuse off each answer is signed at its own time.
 */
class QueryResponseHashTest {

  @Test
  void replied_equalsTheGenericHash_onRandomValues() {
    SplittableRandom rnd = new SplittableRandom(15);
    for (int i = 0; i < 500; i++) {
      byte[] arg = new byte[rnd.nextInt(0, 300)];
      rnd.nextBytes(arg);
      byte[] rid = new byte[32];
      rnd.nextBytes(rid);
      long ts = switch (i % 4) {
        case 0 -> 0L;
        case 1 -> Long.MAX_VALUE;
        case 2 -> rnd.nextLong(0, 1L << 20);
        default -> rnd.nextLong(0, Long.MAX_VALUE);
      };
      Map<String, Object> signed = new LinkedHashMap<>();
      signed.put("status", "replied");
      signed.put("reply", Map.of("arg", Bytes.of(arg)));
      signed.put("timestamp", ts);
      signed.put("request_id", Bytes.of(rid));
      assertThat(QueryResponseHash.replied(QueryResponseHash.replyHash(Bytes.of(arg)), ts,
          Bytes.of(rid))).isEqualTo(RepresentationIndependentHash.hashOfMap(signed));
    }
    assertThatThrownBy(() -> QueryResponseHash.replied(new byte[32], -1, Bytes.of(new byte[32])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> signature(RawIc.Http h) {
    return ((List<Map<String, Object>>) h.cbor().get("signatures")).get(0);
  }

  @Test
  void repeatedRequest_reusesTheSignatureAndItsTimestamp_withinTheWindow_only()
      throws Exception {
    try (TestReplica r = new TestReplica(List.of("application"))) {
      Replica ic = r.backend.replica();
      CanisterId counter = ic.createCanister(ic.subnets().get(0).id(),
          Cycles.of(50_000_000_000_000L));
      ic.install(counter, Harness.motoko("counter"), CandidEncoder.empty());
      IcBackend.NodeInfo node = r.backend.topology().route(counter.principal()).orElseThrow()
          .nodes().get(0);
      RawIc client = r.client().as(Ed25519SigningKey.generate(new SecureRandom()));
      Map<String, Object> content = client.content("query", counter, "get",
          CandidEncoder.empty());
      byte[] body = client.envelope(content);
      Bytes rid = RepresentationIndependentHash.requestId(content).bytes();
      String path = "/api/v2/canister/" + counter.principal().toText() + "/query";

      r.api.signatureReuse(java.time.Duration.ofMinutes(1));
      RawIc.Http first = client.post(path, body);
      QueryFastPathHttpTest.verifiedNat(first, rid, node);
      Thread.sleep(5);
      RawIc.Http again = client.post(path, body);
      QueryFastPathHttpTest.verifiedNat(again, rid, node);
      assertThat(signature(again)).isEqualTo(signature(first));

      // Another request (another nonce): signed for itself.
      Map<String, Object> other = new LinkedHashMap<>(content);
      other.put("nonce", Bytes.of(new byte[] {1}));
      RawIc.Http h = client.post(path, client.envelope(other));
      QueryFastPathHttpTest.verifiedNat(h, RepresentationIndependentHash.requestId(other).bytes(),
          node);
      assertThat(signature(h).get("signature")).isNotEqualTo(signature(first).get("signature"));

      r.api.signatureReuse(java.time.Duration.ZERO);
      RawIc.Http fresh = client.post(path, body);
      QueryFastPathHttpTest.verifiedNat(fresh, rid, node);
      assertThat((Long) signature(fresh).get("timestamp"))
          .isGreaterThan((Long) signature(first).get("timestamp"));
      assertThat(signature(fresh).get("signature")).isNotEqualTo(signature(first).get("signature"));
      assertThatThrownBy(() -> r.api.signatureReuse(java.time.Duration.ofMinutes(5)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
