package org.jicp.replica.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.replica.http.CborValues;
import org.jicp.replica.http.HttpExchange;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.certification.BlsCertificateSignatureVerifier;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.tree.LookupResult;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * A minimal agent of the IC HTTP interface built from jicp's own classes, as the demo's client:
 * envelopes signed with an Ed25519 identity ({@code \x0Aic-request} · request id from ic-state's
 * representation-independent hash), CBOR through Jackson, v3 calls whose certificates are verified
 * with ic-state's {@link CertificateVerifier} (BLS signature, the NNS delegation, its canister
 * ranges, freshness) against the root key the replica announces at {@code /api/v2/status}, and v2
 * queries whose node signatures are verified with the node key read from certified state
 * ({@code /subnet/<id>/node/<id>/public_key}).
 */
final class DemoAgent {
  private static final Duration MAX_CERTIFICATE_AGE = Duration.ofMinutes(5);
  private static final long EXPIRY_NANOS = Duration.ofMinutes(4).toNanos();

  private final String url;
  private final SigningKey identity;
  private final SecureRandom nonces = new SecureRandom();
  private Bytes rootKeyDer;
  private CertificateVerifier verifier;

  DemoAgent(String url, SigningKey identity) {
    this.url = url;
    this.identity = identity;
  }

  /** The agent's principal (self-authenticating, from its Ed25519 key). */
  Principal sender() {
    return Principal.selfAuthenticating(identity.publicKey().toDer());
  }

  /** An answer that is not what the interface specification promises. */
  static final class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AgentException(String message) {
      super(message);
    }
  }

  /** A certified reply of an update call. */
  record CertifiedReply(Bytes reply, MessageId requestId, Bytes certificate,
      Optional<SubnetId> delegatedBy, Instant certifiedTime) {}

  /** A query reply and the node signature it carried, verified. */
  record SignedReply(Bytes reply, NodeId node, long timestampNanos, Bytes signature,
      Map<String, Object> signedContent) {}

  /** Fetches {@code /api/v2/status} and keeps its {@code root_key} (DER) as the trust anchor. */
  Bytes fetchRootKey() {
    Map<String, Object> status = map(exchange("GET", "/api/v2/status", null));
    rootKeyDer = (Bytes) status.get("root_key");
    verifier = null;
    if (rootKeyDer == null) {
      throw new AgentException("/api/v2/status has no root_key");
    }
    return rootKeyDer;
  }

  /**
   * A v3 call; returns its reply once the certificate in the answer verifies and says replied.
   *
   * @throws AgentException if the call is rejected, the answer is malformed or the certificate
   *     does not verify
   */
  CertifiedReply call(CanisterId effective, CanisterId canister, String method, byte[] arg) {
    Map<String, Object> content = content("call", canister, method, arg);
    content.put("nonce", Bytes.of(ByteBuffer.allocate(8).putLong(nonces.nextLong()).array()));
    MessageId id = RepresentationIndependentHash.requestId(content);
    Http h = exchange("POST", "/api/v3/canister/" + effective.principal().toText() + "/call",
        envelope(content, id));
    if (h.status() != 200) {
      throw new AgentException("call " + method + ": HTTP " + h.status() + " " + h.text());
    }
    Map<String, Object> answer = map(h);
    if (!"replied".equals(answer.get("status"))) {
      throw new AgentException("call " + method + " was not executed: " + answer);
    }
    Bytes cert = (Bytes) answer.get("certificate");
    Certificate c = Certificate.decode(cert.toByteArray());
    CertificateVerification v = verifier().verify(c, effective);
    if (!v.isValid()) {
      throw new AgentException("the certificate does not verify: " + v.reason().orElse("?"));
    }
    String status = text(c.lookup(path("request_status", id.bytes(), "status")));
    if (!status.equals("replied")) {
      LookupResult msg = c.lookup(path("request_status", id.bytes(), "reject_message"));
      throw new AgentException("call " + method + " " + status + ": "
          + (msg.isFound() ? text(msg) : "-"));
    }
    Bytes reply = c.lookup(path("request_status", id.bytes(), "reply")).value();
    return new CertifiedReply(reply, id, cert,
        c.delegation().map(d -> d.subnetId()),
        v.time());
  }

  /** Whether {@code cert} verifies for {@code effective} (for the tampering checks). */
  boolean verifies(Bytes cert, CanisterId effective) {
    try {
      return verifier().verify(Certificate.decode(cert.toByteArray()), effective).isValid();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A v2 query answered by one node of {@code subnet}; returns the reply once the node's
   * signature verifies under the node key certified by the subnet.
   */
  SignedReply query(SubnetId subnet, CanisterId canister, String method, byte[] arg) {
    Map<String, Object> content = content("query", canister, method, arg);
    MessageId id = RepresentationIndependentHash.requestId(content);
    Http h = exchange("POST", "/api/v2/canister/" + canister.principal().toText() + "/query",
        envelope(content, id));
    if (h.status() != 200) {
      throw new AgentException("query " + method + ": HTTP " + h.status() + " " + h.text());
    }
    Map<String, Object> answer = map(h);
    if (!"replied".equals(answer.get("status"))) {
      throw new AgentException("query " + method + " rejected: " + answer.get("reject_message"));
    }
    Bytes reply = (Bytes) ((Map<?, ?>) answer.get("reply")).get("arg");
    List<?> sigs = (List<?>) answer.get("signatures");
    if (sigs == null || sigs.isEmpty()) {
      throw new AgentException("query " + method + ": no node signature");
    }
    Map<?, ?> s = (Map<?, ?>) sigs.get(0);
    long timestamp = ((Number) s.get("timestamp")).longValue();
    Bytes signature = (Bytes) s.get("signature");
    NodeId node = NodeId.fromBytes(((Bytes) s.get("identity")).toByteArray());
    Map<String, Object> signed = new LinkedHashMap<>();
    signed.put("status", "replied");
    signed.put("reply", Map.of("arg", reply));
    signed.put("timestamp", timestamp);
    signed.put("request_id", id.bytes());
    if (!verifyNodeSignature(subnet, node, signed, signature)) {
      throw new AgentException("query " + method + ": the signature of node " + node
          + " does not verify");
    }
    return new SignedReply(reply, node, timestamp, signature, signed);
  }

  /**
   * Whether {@code signature} is node {@code node}'s signature of {@code signed} ({@code
   * \x0Bic-response} · its representation-independent hash), the key read from the subnet's
   * certified state.
   */
  boolean verifyNodeSignature(SubnetId subnet, NodeId node, Map<String, Object> signed,
      Bytes signature) {
    UserPublicKey key = nodeKey(subnet, node);
    byte[] hash = RepresentationIndependentHash.hashOfMap(signed).toByteArray();
    byte[] domain = "\u000bic-response".getBytes(StandardCharsets.US_ASCII);
    byte[] msg = new byte[domain.length + hash.length];
    System.arraycopy(domain, 0, msg, 0, domain.length);
    System.arraycopy(hash, 0, msg, domain.length, hash.length);
    return key.verify(msg, signature.toByteArray());
  }

  /** The node's public key, from a subnet read_state whose certificate verifies. */
  UserPublicKey nodeKey(SubnetId subnet, NodeId node) {
    List<Bytes> p = List.of(utf8("subnet"), subnet.principal().bytes(), utf8("node"),
        node.principal().bytes(), utf8("public_key"));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("request_type", "read_state");
    content.put("sender", sender().bytes());
    content.put("ingress_expiry", nowNanos() + EXPIRY_NANOS);
    content.put("paths", List.of(p));
    MessageId id = RepresentationIndependentHash.requestId(content);
    Http h = exchange("POST", "/api/v3/subnet/" + subnet.principal().toText() + "/read_state",
        envelope(content, id));
    if (h.status() != 200) {
      throw new AgentException("read_state: HTTP " + h.status() + " " + h.text());
    }
    Certificate c = Certificate.decode(((Bytes) map(h).get("certificate")).toByteArray());
    CertificateVerification v = verifier().verifyForSubnet(c, subnet);
    if (!v.isValid()) {
      throw new AgentException("the subnet read_state certificate does not verify: "
          + v.reason().orElse("?"));
    }
    LookupResult key = c.lookup(p);
    if (!key.isFound()) {
      throw new AgentException("node " + node + " is not in the certified state of " + subnet);
    }
    try {
      return UserPublicKey.fromDer(key.value().toByteArray());
    } catch (InvalidEncodingException e) {
      throw new AgentException("node " + node + "'s key: " + e.getMessage());
    }
  }

  /** GET {@code path}: the status code (for optional pages such as the dashboard). */
  int getStatus(String path) {
    return exchange("GET", path, null).status();
  }

  // ------------------------------------------------------------------ envelopes

  private CertificateVerifier verifier() {
    if (verifier == null) {
      if (rootKeyDer == null) {
        fetchRootKey();
      }
      verifier = CertificateVerifier.withFreshness(
          ThresholdPublicKey.fromDer(rootKeyDer.toByteArray()),
          BlsCertificateSignatureVerifier.instance(), Clock.systemUTC(), MAX_CERTIFICATE_AGE);
    }
    return verifier;
  }

  private static long nowNanos() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private Map<String, Object> content(String type, CanisterId canister, String method,
      byte[] arg) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("request_type", type);
    c.put("sender", sender().bytes());
    c.put("ingress_expiry", nowNanos() + EXPIRY_NANOS);
    c.put("canister_id", canister.principal().bytes());
    c.put("method_name", method);
    c.put("arg", Bytes.of(arg));
    return c;
  }

  private byte[] envelope(Map<String, Object> content, MessageId id) {
    byte[] domain = "\nic-request".getBytes(StandardCharsets.US_ASCII);
    byte[] msg = new byte[domain.length + MessageId.LENGTH];
    System.arraycopy(domain, 0, msg, 0, domain.length);
    System.arraycopy(id.toByteArray(), 0, msg, domain.length, MessageId.LENGTH);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("content", content);
    env.put("sender_pubkey", Bytes.of(identity.publicKey().toDer()));
    env.put("sender_sig", Bytes.of(identity.sign(msg)));
    return encode(env);
  }

  private static List<Bytes> path(String first, Bytes id, String last) {
    return List.of(utf8(first), id, utf8(last));
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(LookupResult r) {
    if (!r.isFound()) {
      throw new AgentException("the certificate has no " + r.status());
    }
    return new String(r.value().toByteArray(), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ HTTP and CBOR

  private record Http(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Http exchange(String method, String path, byte[] body) {
    try {
      HttpExchange.Answer a = HttpExchange.exchange(url, method, path, body,
          Duration.ofMillis(5000), Duration.ofMillis(30000));
      return new Http(a.status(), a.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Http h) {
    if (h.status() != 200) {
      throw new AgentException("HTTP " + h.status() + " " + h.text());
    }
    Object v;
    try {
      v = CborValues.decode(h.body());
    } catch (CborValues.MalformedCborException e) {
      throw new AgentException("malformed CBOR answer: " + e.getMessage());
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AgentException("the answer is not a CBOR map");
  }

  private static byte[] encode(Object value) {
    return CborValues.encode(value);
  }

}
