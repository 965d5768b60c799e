package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.candid.CandidEncoder;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.crypto.testing.SeededFuzz;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for HTTP request envelopes (the bytes every client sends): the CBOR decoder
 * ({@link CborValues}), the envelope's {@code content}, sender key, signature and delegation
 * chain, the request id, over the HTTP layer's own entry point {@link IcHttpApi#handle}, and the
 * same bodies through the real server ({@link IcHttpServer}, in process, over a socket).
 *
 * <p>Input: byte 0 picks the endpoint (call v2/v3/v4, query, read_state of a canister or of the
 * subnet), the rest is the body. Outcomes: {@code handle} never throws; every answer is 2xx (the
 * body was a valid request) or 4xx with a reason, never 5xx; what {@link CborValues} decodes
 * re-encodes to a value that decodes equal; through the server, every bad body gets its 4xx and
 * the server keeps serving ({@code /api/v2/status} answers after each).
 *
 * <p>Seeds: anonymous and Ed25519-signed calls, queries and read_state requests, and a call with
 * a two-link delegation chain with targets, against a replica with one application subnet (and
 * the Motoko counter canister when the shared harness is there). Jazzer {@code @FuzzTest}s replay
 * their committed inputs in the default build (those requests have long expired, so they stop at
 * the expiry check; {@code JAZZER_FUZZ=1} with {@code -Dtest=EnvelopeFuzzTest#<target>} fuzzes
 * from them); the seeded mutation runs start from fresh requests and take a few seconds ({@code
 * -Pfuzz}: longer). docs/fuzzing.md has the commands and the runs.
 */
class EnvelopeFuzzTest {
  /** One replica for every input, with a canister when the harness is there. */
  static final class Fixture {
    static final TestReplica REPLICA;
    static final CanisterId CANISTER;
    static final boolean HAS_CANISTER;
    static final String SUBNET;

    static {
      try {
        REPLICA = new TestReplica(List.of("application"), IcHttpServer.builder().requestTimeout(Duration.ofSeconds(5)));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      RawIc c = REPLICA.client();
      CanisterId ecid = REPLICA.backend.topology().defaultEffectiveCanisterId();
      String harness = System.getProperty("jicp.harness", "");
      Path counter = Path.of(harness.isEmpty() ? "../../shared/harness" : harness, "motoko/out/wasm32/counter.wasm");
      CanisterId id = ecid;
      boolean installed = false;
      if (Files.isRegularFile(counter)) {
        try {
          id = c.createCanister(ecid);
          c.install(id, Files.readAllBytes(counter), "install");
          installed = true;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      CANISTER = id;
      HAS_CANISTER = installed;
      SUBNET = REPLICA.backend.topology().subnets().get(0).id().principal().toText();
    }
  }

  @AfterAll
  static void closeReplica() {
    if (fixtureStarted) {
      Fixture.REPLICA.close();
    }
  }

  private static volatile boolean fixtureStarted;

  private static final String[] ENDPOINTS = {"v2/canister/%s/call", "v3/canister/%s/call", "v4/canister/%s/call",
    "v2/canister/%s/query", "v2/canister/%s/read_state", "v3/subnet/%s/read_state"};

  private static String path(byte selector) {
    int e = (selector & 0xff) % ENDPOINTS.length;
    String id = e == 5 ? Fixture.SUBNET : Fixture.CANISTER.principal().toText();
    return "/api/" + String.format(ENDPOINTS[e], id);
  }

  /** The CBOR decoder alone: a value that re-encodes and decodes equal, or its typed error. */
  private static void cborRoundTrip(byte[] body) {
    Object v;
    try {
      v = CborValues.decode(body);
    } catch (CborValues.MalformedCborException expected) {
      return;
    }
    Object again;
    try {
      again = CborValues.decode(CborValues.encode(v));
    } catch (CborValues.MalformedCborException e) {
      throw new AssertionError("a decoded value does not re-encode: " + e.getMessage() + " for " + Bytes.hex(body));
    }
    if (!java.util.Objects.equals(v, again)) {
      throw new AssertionError("decode(encode(v)) != v for " + Bytes.hex(body));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Targets

  @FuzzTest(maxDuration = "120s")
  void api_anyBody_2xxOr4xxNeverThrows(byte[] data) {
    if (data.length == 0) {
      return;
    }
    fixtureStarted = true;
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    cborRoundTrip(body);
    IcHttpApi.Answer a = Fixture.REPLICA.api.handle("POST", path(data[0]), body);
    int s = a.status();
    if (!(s >= 200 && s < 300) && !(s >= 400 && s < 500)) {
      throw new AssertionError("status " + s + " (" + a.bodyText() + ") for " + path(data[0]) + " " + Bytes.hex(body));
    }
    if (s >= 400 && a.bodyText().isBlank()) {
      throw new AssertionError("a " + s + " without a reason for " + Bytes.hex(body));
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<byte[]> send(HttpRequest r) {
    try {
      return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("the server stopped answering: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @FuzzTest(maxDuration = "120s")
  void server_anyBody_2xxOr4xxAndKeepsServing(byte[] data) {
    if (data.length == 0) {
      return;
    }
    fixtureStarted = true;
    String url = Fixture.REPLICA.url();
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url + path(data[0])))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/cbor")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    int s = r.statusCode();
    if (!(s >= 200 && s < 300) && !(s >= 400 && s < 500)) {
      throw new AssertionError("status " + s + " (" + new String(r.body(), StandardCharsets.UTF_8) + ") for " + path(data[0]) + " " + Bytes.hex(body));
    }
    HttpResponse<byte[]> status = send(HttpRequest.newBuilder(URI.create(url + "/api/v2/status")).timeout(Duration.ofSeconds(30)).GET().build());
    if (status.statusCode() != 200) {
      throw new AssertionError("/api/v2/status answers " + status.statusCode() + " after " + Bytes.hex(body));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Seeds and the bounded runs of the default build

  private static byte[] concat(String prefix, byte[] b) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] r = Arrays.copyOf(p, p.length + b.length);
    System.arraycopy(b, 0, r, p.length, b.length);
    return r;
  }

  private static byte[] selected(int endpoint, byte[] body) {
    byte[] r = new byte[body.length + 1];
    r[0] = (byte) endpoint;
    System.arraycopy(body, 0, r, 1, body.length);
    return r;
  }

  private static Map<String, Object> readState(RawIc c, List<List<Bytes>> paths) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_type", "read_state");
    m.put("sender", c.sender().bytes());
    m.put("ingress_expiry", ReplicaBackend.systemNanos() + 120_000_000_000L);
    m.put("paths", paths);
    return m;
  }

  private static Map<String, Object> delegation(SigningKey from, SigningKey to, long exp, List<Bytes> targets) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("pubkey", Bytes.of(to.publicKey().toDer()));
    d.put("expiration", exp);
    if (targets != null) {
      d.put("targets", targets);
    }
    byte[] sig = from.sign(concat("\u001Aic-request-auth-delegation", RepresentationIndependentHash.hashOfMap(d).toByteArray()));
    Map<String, Object> sd = new LinkedHashMap<>();
    sd.put("delegation", d);
    sd.put("signature", Bytes.of(sig));
    return sd;
  }

  /** Fresh requests of every kind, prefixed with their endpoint selector. */
  static List<byte[]> seeds() {
    RawIc anon = Fixture.REPLICA.client();
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(new byte[32]);
    RawIc signed = Fixture.REPLICA.client().as(key);
    CanisterId c = Fixture.CANISTER;
    byte[] arg = CandidEncoder.empty();
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(selected(1, anon.envelope(anon.content("call", c, "inc", arg))));
    seeds.add(selected(0, signed.envelope(signed.content("call", c, "inc", arg))));
    seeds.add(selected(3, anon.envelope(anon.content("query", c, "get", arg))));
    seeds.add(selected(3, signed.envelope(signed.content("query", c, "get", arg))));
    List<List<Bytes>> paths = List.of(List.of(Bytes.of("time".getBytes(StandardCharsets.US_ASCII))),
        List.of(Bytes.of("canister".getBytes(StandardCharsets.US_ASCII)), c.principal().bytes(), Bytes.of("module_hash".getBytes(StandardCharsets.US_ASCII))));
    seeds.add(selected(4, anon.envelope(readState(anon, paths))));
    seeds.add(selected(5, signed.envelope(readState(signed, List.of(List.of(Bytes.of("time".getBytes(StandardCharsets.US_ASCII))))))));
    // A call through a delegation chain root -> middle -> session, with targets.
    Ed25519SigningKey middle = Ed25519SigningKey.fromSeed(filled(1));
    Ed25519SigningKey session = Ed25519SigningKey.fromSeed(filled(2));
    long exp = ReplicaBackend.systemNanos() + 600_000_000_000L;
    Map<String, Object> content = signed.content("call", c, "inc", arg);
    MessageId rid = RepresentationIndependentHash.requestId(content);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("content", content);
    env.put("sender_pubkey", Bytes.of(key.publicKey().toDer()));
    env.put("sender_delegation", List.of(delegation(key, middle, exp, List.of(c.principal().bytes())), delegation(middle, session, exp, null)));
    env.put("sender_sig", Bytes.of(session.sign(concat("\nic-request", rid.toByteArray()))));
    seeds.add(selected(2, CborValues.encode(env)));
    return seeds;
  }

  private static byte[] filled(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>(List.of("call-v3-anonymous", "call-v2-signed", "query-anonymous", "query-signed",
        "read-state-canister", "read-state-subnet", "call-v4-delegated"));
    return names.subList(0, n);
  }

  @Test
  void seeds_freshRequests_areAnswered2xx() {
    fixtureStarted = true;
    org.junit.jupiter.api.Assumptions.assumeTrue(Fixture.HAS_CANISTER, "the shared harness (Motoko counter) is absent");
    for (byte[] s : seeds()) {
      IcHttpApi.Answer a = Fixture.REPLICA.api.handle("POST", path(s[0]), Arrays.copyOfRange(s, 1, s.length));
      assertThat(a.status()).as("%s: %s", path(s[0]), a.bodyText()).isBetween(200, 299);
    }
  }

  /** Found while writing these targets (the mutator had no CBOR null then): it was a 500. */
  @Test
  void api_nullInContent_is400() {
    fixtureStarted = true;
    RawIc anon = Fixture.REPLICA.client();
    Map<String, Object> content = new LinkedHashMap<>(anon.content("call", Fixture.CANISTER, "inc", CandidEncoder.empty()));
    content.put("x", "NULL-HERE");
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("content", content);
    // CborValues.encode writes no null: put the null item (0xf6) in place of the text "NULL-HERE".
    String hex = Bytes.hex(CborValues.encode(env)).replace(Bytes.hex(CborValues.encode("NULL-HERE")).substring(6), "f6");
    IcHttpApi.Answer a = Fixture.REPLICA.api.handle("POST", path((byte) 1), Bytes.parseHex(hex));
    assertThat(a.status()).as(a.bodyText()).isEqualTo(400);
    assertThat(a.bodyText()).contains("content.x is null");
  }

  @Test
  @Timeout(180)
  void seededMutation_api_2xxOr4xxNeverThrows() {
    fixtureStarted = true;
    List<byte[]> seeds = seeds();
    SeededFuzz.writeSeeds("api_anyBody_2xxOr4xxNeverThrows", names(seeds.size()), seeds);
    assertThat(SeededFuzz.run("EnvelopeFuzzTest.api", seeds, 1500, this::api_anyBody_2xxOr4xxNeverThrows))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(1500));
  }

  @Test
  @Timeout(180)
  void seededMutation_server_2xxOr4xxAndKeepsServing() {
    fixtureStarted = true;
    List<byte[]> seeds = seeds();
    SeededFuzz.writeSeeds("server_anyBody_2xxOr4xxAndKeepsServing", names(seeds.size()), seeds);
    assertThat(SeededFuzz.run("EnvelopeFuzzTest.server", seeds, 300, this::server_anyBody_2xxOr4xxAndKeepsServing))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(300));
  }
}
