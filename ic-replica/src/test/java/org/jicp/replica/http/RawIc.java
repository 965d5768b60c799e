package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.certification.Certificate;
import org.jicp.state.tree.LookupResult;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;

/**
 * A minimal IC client for tests: builds envelopes (anonymous, or signed by a key), sends them
 * with the JDK's HTTP client and decodes the CBOR answers.
 */
final class RawIc {
  private final String url;
  private SigningKey key;
  /** Unique across clients (as agents' random nonces are), so no two requests share an id. */
  private long nonce = new java.security.SecureRandom().nextLong();
  private MessageId lastRequest;

  RawIc(String url) {
    this.url = url;
  }

  RawIc as(SigningKey k) {
    this.key = k;
    return this;
  }

  Principal sender() {
    return key == null ? Principal.anonymous()
        : Principal.selfAuthenticating(key.publicKey().toDer());
  }

  /** An HTTP answer. */
  record Http(int status, byte[] body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> cbor() {
      try {
        return (Map<String, Object>) CborValues.decode(body);
      } catch (CborValues.MalformedCborException e) {
        throw new AssertionError("not CBOR: " + text(), e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  Http post(String path, byte[] body) {
    return exchange("POST", path, body);
  }

  Http get(String path) {
    return exchange("GET", path, null);
  }

  private Http exchange(String method, String path, byte[] body) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(5000);
      c.setReadTimeout(30000);
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/cbor");
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream o = c.getOutputStream()) {
          o.write(body);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] b = in == null ? new byte[0] : in.readAllBytes();
      if (in != null) {
        in.close();
      }
      return new Http(status, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Map<String, Object> content(String type, CanisterId canister, String method, byte[] arg) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("request_type", type);
    c.put("sender", sender().bytes());
    c.put("ingress_expiry", ReplicaBackend.systemNanos() + 120_000_000_000L);
    if (type.equals("call")) {
      c.put("nonce", Bytes.of(java.nio.ByteBuffer.allocate(8).putLong(nonce++).array()));
    }
    c.put("canister_id", canister.principal().bytes());
    c.put("method_name", method);
    c.put("arg", Bytes.of(arg));
    return c;
  }

  byte[] envelope(Map<String, Object> content) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("content", content);
    if (key != null) {
      MessageId id = RepresentationIndependentHash.requestId(content);
      byte[] msg = new byte[11 + 32];
      System.arraycopy("\nic-request".getBytes(StandardCharsets.US_ASCII), 0, msg, 0, 11);
      System.arraycopy(id.toByteArray(), 0, msg, 11, 32);
      env.put("sender_pubkey", Bytes.of(key.publicKey().toDer()));
      env.put("sender_sig", Bytes.of(key.sign(msg)));
    }
    return CborValues.encode(env);
  }

  /** A v3 call; the decoded answer (status 200) or an error naming the HTTP status. */
  Http call(String version, CanisterId ecid, CanisterId canister, String method, byte[] arg) {
    return post("/api/" + version + "/canister/" + ecid.principal().toText() + "/call",
        envelope(content("call", canister, method, arg)));
  }

  Http query(CanisterId ecid, CanisterId canister, String method, byte[] arg) {
    return post("/api/v2/canister/" + ecid.principal().toText() + "/query",
        envelope(content("query", canister, method, arg)));
  }

  Http readState(String form, Principal id, List<List<Bytes>> paths) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("request_type", "read_state");
    c.put("sender", sender().bytes());
    c.put("ingress_expiry", ReplicaBackend.systemNanos() + 120_000_000_000L);
    c.put("paths", paths);
    return post("/api/v3/" + form + "/" + id.toText() + "/read_state", envelope(c));
  }

  /**
   * A v3 call through {@code ecid}'s subnet; while the answer is 202 (accepted, not certified
   * within the node's call wait) or the client times out, polls read_state until the certified
   * status is {@code replied} (within 120 s); the reply. The request id is kept in {@link
   * #lastRequest()}.
   */
  Bytes update(CanisterId ecid, CanisterId canister, String method, byte[] arg) {
    Map<String, Object> content = content("call", canister, method, arg);
    MessageId rid = RepresentationIndependentHash.requestId(content);
    lastRequest = rid;
    Http h;
    try {
      h = post("/api/v3/canister/" + ecid.principal().toText() + "/call", envelope(content));
    } catch (UncheckedIOException e) {
      // the client's read timeout (a loaded machine compiling a module): poll, as agents do
      return awaitReplied(ecid, rid, method);
    }
    if (h.status() == 200 && "replied".equals(h.cbor().get("status"))) {
      return Certificates.reply(h);
    }
    assertThat(h.status()).as(h.text()).isEqualTo(202);
    return awaitReplied(ecid, rid, method);
  }

  /** The id of the last request {@link #update} sent. */
  MessageId lastRequest() {
    return lastRequest;
  }

  /**
   * Polls read_state (each poll may wait in the node for the request to complete) until this
   * node's certified state says {@code rid} replied, within 120 s; the reply. Any status other
   * than received, processing or replied fails, naming {@code what}.
   */
  Bytes awaitReplied(CanisterId ecid, MessageId rid, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Bytes ridBytes = Bytes.of(rid.toByteArray());
    Bytes requestStatus = Bytes.of("request_status".getBytes(StandardCharsets.US_ASCII));
    while (true) {
      assertThat(System.nanoTime()).as(what + " replied within 120 s").isLessThan(deadline);
      Http r = readState("canister", ecid.principal(), List.of(List.of(requestStatus, ridBytes)));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      Certificate c = Certificate.decode(((Bytes) r.cbor().get("certificate")).toByteArray());
      LookupResult st = c.lookup(List.of(requestStatus, ridBytes,
          Bytes.of("status".getBytes(StandardCharsets.US_ASCII))));
      if (Certificates.found(st)) {
        String status = new String(st.value().toByteArray(), StandardCharsets.UTF_8);
        if (status.equals("replied")) {
          return c.lookup(List.of(requestStatus, ridBytes,
              Bytes.of("reply".getBytes(StandardCharsets.US_ASCII)))).value();
        }
        assertThat(status).as(what).isIn("received", "processing");
      }
    }
  }

  /** Creates a canister on the subnet of {@code ecid} (caller = controller). */
  CanisterId createCanister(CanisterId ecid) {
    Http h = call("v3", ecid, new CanisterId(Principal.managementCanister()),
        "provisional_create_canister_with_cycles",
        Candid.record(CandidValue.field("amount", CandidValue.none()),
            CandidValue.field("settings", CandidValue.none())));
    Bytes reply = Certificates.reply(h);
    CandidValue.Record r = (CandidValue.Record) CandidDecoder.standard().decode(
        reply.toByteArray()).values().get(0);
    return new CanisterId(((CandidValue.PrincipalRef) r.get("canister_id").orElseThrow())
        .principal());
  }

  /** Installs {@code wasm} (mode install, empty argument). */
  void install(CanisterId id, byte[] wasm, String mode) {
    Http h = call("v3", id, new CanisterId(Principal.managementCanister()), "install_code",
        Candid.record(CandidValue.field("mode", CandidValue.variant(mode)),
            CandidValue.field("canister_id", CandidValue.principal(id.principal())),
            CandidValue.field("wasm_module", CandidValue.blob(wasm)),
            CandidValue.field("arg", CandidValue.blob(CandidEncoder.empty()))));
    Certificates.reply(h);
  }

  /** Tiny Candid helpers. */
  static final class Candid {
    private Candid() {}

    static byte[] record(CandidValue.Field... fields) {
      return CandidEncoder.encode(List.of(CandidValue.record(fields)));
    }
  }
}
