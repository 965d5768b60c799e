package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.replica.Replica;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.junit.jupiter.api.Test;

/**
 * A query repeated on the same certified state is answered on the server's I/O thread from the
 * remembered answer ({@link IcHttpApi#stage}); its answer is signed afresh for its own request id
 * and timestamp, and a newer certified state is seen at once.
 */
class QueryFastPathHttpTest {

  @SuppressWarnings("unchecked")
  static BigInteger verifiedNat(RawIc.Http h, Bytes requestId, IcBackend.NodeInfo node)
      throws Exception {
    assertThat(h.status()).as(h.text()).isEqualTo(200);
    Map<String, Object> m = h.cbor();
    assertThat(m.get("status")).isEqualTo("replied");
    Bytes arg = (Bytes) ((Map<String, Object>) m.get("reply")).get("arg");
    Map<String, Object> sig = ((List<Map<String, Object>>) m.get("signatures")).get(0);
    Map<String, Object> signed = new LinkedHashMap<>();
    signed.put("status", "replied");
    signed.put("reply", Map.of("arg", arg));
    signed.put("timestamp", sig.get("timestamp"));
    signed.put("request_id", requestId);
    byte[] hash = RepresentationIndependentHash.hashOfMap(signed).toByteArray();
    byte[] dom = "\u000Bic-response".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] msg = new byte[dom.length + hash.length];
    System.arraycopy(dom, 0, msg, 0, dom.length);
    System.arraycopy(hash, 0, msg, dom.length, hash.length);
    assertThat(sig.get("identity")).isEqualTo(node.id().principal().bytes());
    assertThat(UserPublicKey.fromDer(node.publicKeyDer().toByteArray())
        .verify(msg, ((Bytes) sig.get("signature")).toByteArray()))
        .as("the node's signature over the answer").isTrue();
    return ((CandidValue.Nat) CandidDecoder.standard().decode(arg.toByteArray()).values().get(0))
        .value();
  }

  @Test
  void query_repeatedOnSameState_answeredFromCacheSignedForItsOwnRequest() throws Exception {
    try (TestReplica r = new TestReplica(List.of("application"))) {
      Replica ic = r.backend.replica();
      CanisterId counter = ic.createCanister(ic.subnets().get(0).id(),
          Cycles.of(50_000_000_000_000L));
      ic.install(counter, Harness.motoko("counter"), CandidEncoder.empty());
      IcBackend.SubnetInfo subnet = r.backend.topology().route(counter.principal()).orElseThrow();
      IcBackend.NodeInfo node = subnet.nodes().get(0);
      RawIc client = r.client().as(Ed25519SigningKey.generate(new SecureRandom()));
      IcBackend.Query q = new IcBackend.Query(client.sender(), counter, "get",
          Bytes.of(CandidEncoder.empty()));
      assertThat(r.backend.cachedQuery(subnet.id(), q)).isEmpty();

      for (int i = 0; i < 3; i++) {
        Map<String, Object> content = client.content("query", counter, "get",
            CandidEncoder.empty());
        content.put("nonce", Bytes.of(new byte[] {(byte) i}));
        Bytes requestId = RepresentationIndependentHash.requestId(content).bytes();
        RawIc.Http h = client.post("/api/v2/canister/" + counter.principal().toText() + "/query",
            client.envelope(content));
        assertThat(verifiedNat(h, requestId, node)).isEqualTo(BigInteger.ZERO);
        assertThat(r.backend.cachedQuery(subnet.id(), q)).as("remembered after query " + i)
            .isPresent();
      }

      ic.update(counter, "inc", CandidEncoder.empty());
      assertThat(r.backend.cachedQuery(subnet.id(), q)).as("a newer certified state").isEmpty();
      Map<String, Object> content = client.content("query", counter, "get", CandidEncoder.empty());
      RawIc.Http h = client.post("/api/v3/canister/" + counter.principal().toText() + "/query",
          client.envelope(content));
      assertThat(verifiedNat(h, RepresentationIndependentHash.requestId(content).bytes(), node))
          .isEqualTo(BigInteger.ONE);
    }
  }

  @Test
  void query_badSenderSignatureOnRepeat_rejectedLikeAFirstQuery() {
    try (TestReplica r = new TestReplica(List.of("application"))) {
      Replica ic = r.backend.replica();
      CanisterId counter = ic.createCanister(ic.subnets().get(0).id(),
          Cycles.of(50_000_000_000_000L));
      ic.install(counter, Harness.motoko("counter"), CandidEncoder.empty());
      RawIc client = r.client().as(Ed25519SigningKey.generate(new SecureRandom()));
      assertThat(client.query(counter, counter, "get", CandidEncoder.empty()).status())
          .isEqualTo(200);
      Map<String, Object> content = client.content("query", counter, "get", CandidEncoder.empty());
      byte[] good = client.envelope(content);
      content.put("ingress_expiry", ((Long) content.get("ingress_expiry")) + 1);
      // The remembered query's key (canister, method, argument, sender) with a signature over
      // another content: the sender check still runs and fails.
      Map<String, Object> env = new LinkedHashMap<>(castMap(decode(good)));
      env.put("content", content);
      RawIc.Http h = client.post("/api/v2/canister/" + counter.principal().toText() + "/query",
          CborValues.encode(env));
      assertThat(h.status()).as(h.text()).isBetween(400, 499);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Object decode(byte[] b) {
    try {
      return CborValues.decode(b);
    } catch (CborValues.MalformedCborException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
