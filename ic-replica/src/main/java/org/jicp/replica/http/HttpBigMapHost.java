package org.jicp.replica.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.bigmap.BigMapHost;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.certification.Certificate;
import org.jicp.state.tree.LookupResult;
import org.jicp.state.tree.LookupStatus;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;

/**
 * A minimal anonymous agent of the IC HTTP interface for the {@code jicp bigmap} commands: v3
 * calls (answer read from the certificate returned with the call, or polled with {@code
 * read_state} after a 202), v2 queries, and the replica's {@code /_/topology} for the subnets.
 * Calls are anonymous: the {@code sender} of the port's methods is ignored. Limit: it reads
 * certificates without checking their signatures (it talks to a replica the user
 * started on loopback); agents that must trust the answer use agent-js or IC4J.
 */
public final class HttpBigMapHost implements BigMapHost {
  private static final Bytes REQUEST_STATUS = utf8("request_status");
  private final String url;
  private final SecureRandom random = new SecureRandom();

  /** The replica at {@code url}, e.g. {@code http://127.0.0.1:4943}. */
  public HttpBigMapHost(String url) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private record Http(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> cbor() {
      try {
        return (Map<String, Object>) CborValues.decode(body);
      } catch (CborValues.MalformedCborException | ClassCastException e) {
        throw new IllegalStateException("the replica answered HTTP " + status + " with "
            + text());
      }
    }
  }

  private Http exchange(String method, String path, byte[] body) {
    try {
      HttpExchange.Answer a = HttpExchange.exchange(url, method, path, body,
          Duration.ofMillis(10_000), Duration.ofMillis(120_000));
      return new Http(a.status(), a.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the replica at " + url + ": " + e.getMessage(),
          e);
    }
  }

  private Map<String, Object> content(String type, CanisterId canister, String method,
      byte[] arg) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("request_type", type);
    c.put("sender", Principal.anonymous().bytes());
    c.put("ingress_expiry", (System.currentTimeMillis() + 240_000L) * 1_000_000L);
    if (type.equals("call")) {
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      c.put("nonce", Bytes.of(nonce));
    }
    c.put("canister_id", canister.principal().bytes());
    c.put("method_name", method);
    c.put("arg", Bytes.of(arg));
    return c;
  }

  private static byte[] envelope(Map<String, Object> content) {
    return CborValues.encode(Map.of("content", content));
  }

  @Override
  public byte[] update(Principal sender, CanisterId canister, String method, byte[] arg) {
    return call(canister, canister, method, arg);
  }

  @Override
  public byte[] callManagement(Principal sender, CanisterId effective, String method,
      byte[] arg) {
    return call(effective, new CanisterId(Principal.managementCanister()), method, arg);
  }

  private byte[] call(CanisterId ecid, CanisterId canister, String method, byte[] arg) {
    Map<String, Object> content = content("call", canister, method, arg);
    MessageId rid = RepresentationIndependentHash.requestId(content);
    String ec = ecid.principal().toText();
    Http h = exchange("POST", "/api/v3/canister/" + ec + "/call", envelope(content));
    while (true) {
      if (h.status() != 200 && h.status() != 202) {
        throw new IllegalStateException("the replica refused the call (HTTP " + h.status()
            + "): " + h.text().strip());
      }
      if (h.status() == 200) {
        Map<String, Object> m = h.cbor();
        if ("non_replicated_rejection".equals(m.get("status"))) {
          throw new IllegalStateException("rejected: " + m.get("reject_message"));
        }
        if (m.get("certificate") instanceof Bytes cert) {
          byte[] out = fromCertificate(cert, rid);
          if (out != null) {
            return out;
          }
        }
      }
      Map<String, Object> rs = new LinkedHashMap<>();
      rs.put("request_type", "read_state");
      rs.put("sender", Principal.anonymous().bytes());
      rs.put("ingress_expiry", (System.currentTimeMillis() + 240_000L) * 1_000_000L);
      rs.put("paths", List.of(List.of(REQUEST_STATUS, Bytes.of(rid.toByteArray()))));
      h = exchange("POST", "/api/v2/canister/" + ec + "/read_state", envelope(rs));
      if (h.status() == 200) {
        Map<String, Object> m = h.cbor();
        byte[] out = fromCertificate((Bytes) m.get("certificate"), rid);
        if (out != null) {
          return out;
        }
        h = new Http(202, new byte[0]);
      }
    }
  }

  /** The reply in {@code cert} for {@code rid}; null while not terminal; throws on a reject. */
  private static byte[] fromCertificate(Bytes cert, MessageId rid) {
    Certificate c = Certificate.decode(cert.toByteArray());
    LookupResult st = c.lookup(List.of(REQUEST_STATUS, Bytes.of(rid.toByteArray()), utf8("status")));
    if (st.status() != LookupStatus.FOUND) {
      return null;
    }
    String status = new String(st.value().toByteArray(), StandardCharsets.UTF_8);
    switch (status) {
      case "replied" -> {
        return c.lookup(List.of(REQUEST_STATUS, Bytes.of(rid.toByteArray()), utf8("reply"))).value()
            .toByteArray();
      }
      case "rejected" -> {
        LookupResult msg = c.lookup(List.of(REQUEST_STATUS, Bytes.of(rid.toByteArray()),
            utf8("reject_message")));
        throw new IllegalStateException("rejected: " + (msg.status() == LookupStatus.FOUND
            ? new String(msg.value().toByteArray(), StandardCharsets.UTF_8) : "(no message)"));
      }
      case "done" -> throw new IllegalStateException("the call's answer was pruned");
      default -> {
        return null;
      }
    }
  }

  @Override
  public byte[] query(Principal sender, CanisterId canister, String method, byte[] arg) {
    Http h = exchange("POST", "/api/v2/canister/" + canister.principal().toText() + "/query",
        envelope(content("query", canister, method, arg)));
    if (h.status() != 200) {
      throw new IllegalStateException("the replica refused the query (HTTP " + h.status()
          + "): " + h.text().strip());
    }
    Map<String, Object> m = h.cbor();
    if ("replied".equals(m.get("status")) && m.get("reply") instanceof Map<?, ?> r) {
      return ((Bytes) r.get("arg")).toByteArray();
    }
    throw new IllegalStateException("rejected: " + m.get("reject_message"));
  }

  @Override
  public List<HostSubnet> bigMapSubnets() {
    Http h = exchange("GET", "/_/topology", null);
    if (h.status() != 200) {
      throw new IllegalStateException("GET /_/topology answered HTTP " + h.status());
    }
    List<HostSubnet> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(h.body())) {
      String field = null;
      String id = null;
      String kind = null;
      String start = null;
      int depth = 0; // 1: the answer, 2: a subnet, 3: one of its canister ranges
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT -> {
            depth++;
            if (depth == 2) {
              id = null;
              kind = null;
              start = null;
            }
          }
          case END_OBJECT -> {
            if (depth == 2 && id != null && start != null && !"nns".equals(kind)) {
              out.add(new HostSubnet(new SubnetId(Principal.fromText(id)),
                  CanisterId.fromText(start)));
            }
            depth--;
          }
          case FIELD_NAME -> field = p.currentName();
          case VALUE_STRING -> {
            if (depth == 2 && "id".equals(field)) {
              id = p.getText();
            } else if (depth == 2 && "kind".equals(field)) {
              kind = p.getText();
            } else if (depth == 3 && "start".equals(field) && start == null) {
              start = p.getText();
            }
          }
          default -> { }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
