package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jicp.candid.CandidEncoder;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corpus of malformed and refused requests: each is answered with a 4xx status and a text
 * reason, the server keeps serving (a status request after each), and no subnet state changes
 * (state digests before and after the corpus are equal).
 */
class MalformedRequestsTest {
  private static TestReplica replica;
  private static CanisterId canister;
  private static CanisterId nnsCanister;

  @BeforeAll
  static void setUp() throws Exception {
    replica = new TestReplica(List.of("nns", "application"),
        IcHttpServer.builder().requestTimeout(Duration.ofSeconds(1)));
    RawIc c = replica.client();
    canister = c.createCanister(replica.backend.topology().defaultEffectiveCanisterId());
    c.install(canister, Harness.motoko("counter"), "install");
    nnsCanister = c.createCanister(
        replica.backend.topology().subnets().get(0).ranges().ranges().get(0).start());
  }

  @AfterAll
  static void tearDown() {
    replica.close();
  }

  private record Case(String name, int status, String reason, Supplier<RawIc.Http> send) {}

  private static String digests() {
    StringBuilder b = new StringBuilder();
    for (IcBackend.SubnetInfo s : replica.backend.topology().subnets()) {
      b.append(org.jicp.state.checkpoint.StateDigest.of(replica.backend.replica().subnet(s.id()).stateManager().latestState()).toHex()).append(' ');
    }
    return b.toString();
  }

  private static Map<String, Object> content(RawIc c, String type) {
    return c.content(type, canister, "inc", CandidEncoder.empty());
  }

  private static String callPath(CanisterId ecid) {
    return "/api/v3/canister/" + ecid.principal().toText() + "/call";
  }

  private static byte[] cbor(Object o) {
    return CborValues.encode(o);
  }

  private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    if (v == null) {
      out.remove(k);
    } else {
      out.put(k, v);
    }
    return out;
  }

  private static List<Case> corpus() throws Exception {
    RawIc anon = replica.client();
    Ed25519SigningKey key = Ed25519SigningKey.generate(new SecureRandom());
    RawIc signed = replica.client().as(key);
    String call = callPath(canister);
    byte[] good = anon.envelope(content(anon, "call"));
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("not CBOR", 400, "Could not parse body",
        () -> anon.post(call, "hello, replica".getBytes(StandardCharsets.UTF_8))));
    cases.add(new Case("empty body", 400, "Could not parse body", () -> anon.post(call, new byte[0])));
    cases.add(new Case("truncated CBOR", 400, "Could not parse body",
        () -> anon.post(call, Arrays.copyOf(good, good.length / 2))));
    cases.add(new Case("trailing bytes", 400, "trailing bytes", () -> {
      byte[] b = Arrays.copyOf(good, good.length + 1);
      return anon.post(call, b);
    }));
    cases.add(new Case("not a map", 400, "must be a CBOR map",
        () -> anon.post(call, cbor(List.of(1L, 2L)))));
    cases.add(new Case("no content", 400, "lacks the field 'content'",
        () -> anon.post(call, cbor(Map.of("sender_sig", Bytes.of(new byte[64]))))));
    cases.add(new Case("sender as text", 400, "sender must be a byte string",
        () -> anon.post(call, cbor(Map.of("content", with(content(anon, "call"), "sender",
            "2vxsx-fae"))))));
    cases.add(new Case("expiry as text", 400, "ingress_expiry must be a natural",
        () -> anon.post(call, cbor(Map.of("content", with(content(anon, "call"),
            "ingress_expiry", "soon"))))));
    cases.add(new Case("arg as number", 400, "arg must be a byte string",
        () -> anon.post(call, cbor(Map.of("content", with(content(anon, "call"), "arg", 7L))))));
    cases.add(new Case("missing method_name", 400, "lacks the field 'method_name'",
        () -> anon.post(call, cbor(Map.of("content", with(content(anon, "call"), "method_name",
            null))))));
    cases.add(new Case("query envelope at call", 400, "request_type is 'query'",
        () -> anon.post(call, anon.envelope(content(anon, "query")))));
    cases.add(new Case("nonce too long", 400, "nonce is longer",
        () -> anon.post(call, cbor(Map.of("content", with(content(anon, "call"), "nonce",
            Bytes.of(new byte[33])))))));
    cases.add(new Case("unknown envelope field", 400, "unexpected envelope field",
        () -> anon.post(call, cbor(Map.of("content", content(anon, "call"), "extra", 1L)))));
    cases.add(new Case("bad signature", 400, "Invalid basic signature of the request", () -> {
      Map<String, Object> c = content(signed, "call");
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) decode(signed.envelope(c));
      byte[] sig = ((Bytes) env.get("sender_sig")).toByteArray();
      sig[0] ^= 1;
      env.put("sender_sig", Bytes.of(sig));
      return signed.post(call, cbor(env));
    }));
    cases.add(new Case("sender not of the key", 400, "does not match the public key",
        () -> {
          Map<String, Object> c = with(content(signed, "call"), "sender",
              Principal.fromText("aaaaa-aa").bytes());
          return signed.post(call, signed.envelope(c));
        }));
    cases.add(new Case("anonymous with a signature", 400, "must both be present",
        () -> anon.post(call, cbor(Map.of("content", content(anon, "call"), "sender_sig",
            Bytes.of(new byte[64]))))));
    cases.add(new Case("signed sender without signature", 400, "Missing signature from user",
        () -> signed.post(call, cbor(Map.of("content", content(signed, "call"))))));
    cases.add(new Case("garbage public key", 400, "Invalid public key of the request", () -> {
      Map<String, Object> c = with(content(anon, "call"), "sender",
          Principal.selfAuthenticating(new byte[] {1, 2, 3}).bytes());
      return anon.post(call, cbor(Map.of("content", c, "sender_pubkey", Bytes.of(new byte[] {1, 2, 3}),
          "sender_sig", Bytes.of(new byte[64]))));
    }));
    cases.add(new Case("expired", 400, "Invalid request expiry",
        () -> anon.post(call, anon.envelope(with(content(anon, "call"), "ingress_expiry",
            ReplicaBackend.systemNanos() - 60_000_000_000L)))));
    cases.add(new Case("expiry too far ahead", 400, "Invalid request expiry",
        () -> anon.post(call, anon.envelope(with(content(anon, "call"), "ingress_expiry",
            ReplicaBackend.systemNanos() + 3_600_000_000_000L)))));
    cases.add(new Case("wrong effective canister id", 400, "does not match effective canister id",
        () -> anon.post(callPath(nnsCanister), good)));
    cases.add(new Case("effective id on no subnet", 400, "belongs to no subnet",
        () -> anon.post(callPath(CanisterId.fromIndex(1L << 40)), anon.envelope(anon.content(
            "call", CanisterId.fromIndex(1L << 40), "inc", CandidEncoder.empty())))));
    cases.add(new Case("effective id not a principal", 400, "not a textual principal",
        () -> anon.post("/api/v3/canister/not-a-principal/call", good)));
    cases.add(new Case("management call, argument names another canister", 400,
        "does not match effective canister id", () -> anon.post(callPath(canister),
            anon.envelope(startOther(anon)))));
    cases.add(new Case("unknown endpoint", 404, "no such endpoint",
        () -> anon.post("/api/v2/canister/" + canister.principal().toText() + "/poke", good)));
    cases.add(new Case("v4 query", 404, "no such endpoint",
        () -> anon.post("/api/v4/canister/" + canister.principal().toText() + "/query", good)));
    cases.add(new Case("GET a call endpoint", 405, "not allowed", () -> anon.get(call)));
    cases.add(new Case("unknown subnet", 404, "no subnet", () -> anon.readState("subnet",
        CanisterId.fromIndex(5).principal(), List.of(List.of(utf8("time"))))));
    cases.add(new Case("read_state unknown path", 404, "Invalid path requested",
        () -> anon.readState("canister", canister.principal(), List.of(List.of(utf8("foo"))))));
    cases.add(new Case("read_state empty path", 404, "Invalid path requested",
        () -> anon.readState("canister", canister.principal(), List.of(List.of()))));
    cases.add(new Case("read_state certified_data", 404, "Invalid path requested",
        () -> anon.readState("canister", canister.principal(), List.of(List.of(utf8("canister"),
            canister.principal().bytes(), utf8("certified_data"))))));
    cases.add(new Case("read_state other canister", 400, "must name the effective canister id",
        () -> anon.readState("canister", canister.principal(), List.of(List.of(utf8("canister"),
            nnsCanister.principal().bytes(), utf8("module_hash"))))));
    cases.add(new Case("read_state canister_ranges at canister form", 404, "only at",
        () -> anon.readState("canister", canister.principal(),
            List.of(List.of(utf8("canister_ranges"))))));
    cases.add(new Case("read_state too many paths", 400, "more than 1000 paths", () -> {
      List<List<Bytes>> many = new ArrayList<>();
      for (int i = 0; i < 1001; i++) {
        many.add(List.of(utf8("time")));
      }
      return anon.readState("canister", canister.principal(), many);
    }));
    cases.add(new Case("read_state bad request id", 400, "32-byte request id",
        () -> anon.readState("canister", canister.principal(), List.of(List.of(
            utf8("request_status"), Bytes.of(new byte[] {1, 2, 3}))))));
    cases.add(new Case("read_state two request ids", 400, "one request id only",
        () -> anon.readState("canister", canister.principal(), List.of(
            List.of(utf8("request_status"), Bytes.of(new byte[32])),
            List.of(utf8("request_status"), Bytes.of(new byte[31]).concat(Bytes.of(new byte[] {1})))))));
    cases.add(new Case("deeply nested CBOR", 400, "Could not parse body", () -> {
      Object o = List.of();
      for (int i = 0; i < 100; i++) {
        o = List.of(o);
      }
      return anon.post(call, cbor(Map.of("content", Map.of("arg", o))));
    }));
    cases.add(new Case("6 MiB body", 413, "", () -> rawPost(call, 6 * 1024 * 1024)));
    cases.add(new Case("2.5 MiB call to an application subnet", 413, "takes at most", () -> {
      Map<String, Object> c = with(content(anon, "call"), "arg",
          Bytes.of(new byte[2560 * 1024]));
      return anon.post(call, anon.envelope(c));
    }));
    cases.add(new Case("slow client", 408, "did not arrive within", () -> slowPost(call)));
    return cases;
  }

  private static Map<String, Object> startOther(RawIc anon) {
    byte[] arg = RawIc.Candid.record(org.jicp.candid.CandidValue.field("canister_id",
        org.jicp.candid.CandidValue.principal(nnsCanister.principal())));
    return anon.content("call", new CanisterId(Principal.managementCanister()), "start_canister",
        arg);
  }

  private static Object decode(byte[] b) {
    try {
      return CborValues.decode(b);
    } catch (CborValues.MalformedCborException e) {
      throw new AssertionError(e);
    }
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Announces {@code length} body bytes, sends none, reads the answer. */
  private static RawIc.Http rawPost(String path, int length) {
    try (Socket s = new Socket("127.0.0.1", replica.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream o = s.getOutputStream();
      o.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cbor"
          + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      o.flush();
      return readAnswer(s.getInputStream());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Sends the headers and half the body, then stalls until the server answers. */
  private static RawIc.Http slowPost(String path) {
    try (Socket s = new Socket("127.0.0.1", replica.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream o = s.getOutputStream();
      o.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"
          + "0123456789").getBytes(StandardCharsets.US_ASCII));
      o.flush();
      return readAnswer(s.getInputStream());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static RawIc.Http readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    int n;
    while ((n = in.read(b)) > 0) {
      buf.write(b, 0, n);
      String sofar = buf.toString(StandardCharsets.ISO_8859_1);
      int end = sofar.indexOf("\r\n\r\n");
      if (end >= 0) {
        int cl = sofar.toLowerCase().indexOf("content-length: ");
        if (cl >= 0) {
          int len = Integer.parseInt(sofar.substring(cl + 16, sofar.indexOf("\r\n", cl)).trim());
          if (buf.size() >= end + 4 + len) {
            break;
          }
        }
      }
    }
    String all = buf.toString(StandardCharsets.UTF_8);
    int status = Integer.parseInt(all.substring(9, 12));
    int end = all.indexOf("\r\n\r\n");
    return new RawIc.Http(status, all.substring(end + 4).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void corpus_eachRequest_4xxWithReasonServerServesStateUnchanged() throws Exception {
    List<Case> cases = corpus();
    String before = digests();
    long heightBefore = replica.backend.certifiedHeight(
        replica.backend.topology().subnets().get(1).id());
    for (Case c : cases) {
      RawIc.Http h = c.send().get();
      assertThat(h.status()).as(c.name() + ": " + h.text()).isEqualTo(c.status());
      assertThat(h.text()).as(c.name()).contains(c.reason());
      RawIc.Http status = replica.client().get("/api/v2/status");
      assertThat(status.status()).as("status after " + c.name()).isEqualTo(200);
    }
    assertThat(digests()).isEqualTo(before);
    SubnetId app = replica.backend.topology().subnets().get(1).id();
    assertThat(replica.backend.certifiedHeight(app)).isEqualTo(heightBefore);
    System.out.println("malformed-request corpus: " + cases.size() + " cases, all 4xx");
    assertThat(cases).hasSize(40);
  }

  @Test
  void readState_requestStatusOfAnotherSender_forbidden() throws Exception {
    RawIc alice = replica.client().as(Ed25519SigningKey.generate(new SecureRandom()));
    RawIc.Http h = alice.call("v3", canister, canister, "inc", CandidEncoder.empty());
    Bytes rid = Certificates.requestId(org.jicp.state.certification.Certificate.decode(
        ((Bytes) h.cbor().get("certificate")).toByteArray()));
    List<List<Bytes>> path = List.of(List.of(utf8("request_status"), rid));
    assertThat(alice.readState("canister", canister.principal(), path).status()).isEqualTo(200);
    RawIc.Http other = replica.client().readState("canister", canister.principal(), path);
    assertThat(other.status()).as(other.text()).isEqualTo(403);
  }
}
