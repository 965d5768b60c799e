package org.jicp.replica.http;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;

/**
 * A parsed request envelope (interface specification, "Authentication"): {@code content} with its
 * request id, and the optional {@code sender_pubkey}, {@code sender_sig} and {@code
 * sender_delegation}. Every field is type-checked here; nothing else parses request bodies.
 *
 * @param requestType {@code call}, {@code query} or {@code read_state}
 * @param requestId the representation-independent hash of {@code content}
 * @param sender the claimed sender
 * @param ingressExpiry {@code ingress_expiry} in ns since the epoch
 * @param canisterId the callee (call, query)
 * @param methodName the method (call, query)
 * @param arg the argument (call, query)
 * @param paths the paths (read_state)
 * @param senderPubkey the DER public key
 * @param senderSig the signature over {@code "\x0Aic-request" · requestId}
 * @param delegations the sender delegations, first signed by {@code senderPubkey}
 */
public record Envelope(
    String requestType,
    MessageId requestId,
    Principal sender,
    BigInteger ingressExpiry,
    Optional<CanisterId> canisterId,
    Optional<String> methodName,
    Optional<Bytes> arg,
    List<List<Bytes>> paths,
    Optional<Bytes> senderPubkey,
    Optional<Bytes> senderSig,
    List<SignedDelegation> delegations) {

  private static final java.util.Set<String> ENVELOPE_FIELDS =
      java.util.Set.of("content", "sender_pubkey", "sender_sig", "sender_delegation");

  /** Bytes of a nonce at most. */
  public static final int MAX_NONCE_BYTES = 32;

  /**
   * A sender delegation with its signature.
   *
   * @param pubkey the delegated key (DER)
   * @param expiration ns since the epoch
   * @param targets canister ids the delegation is restricted to, if any
   * @param map the {@code delegation} map as received (for its representation-independent hash)
   * @param signature the signature by the previous key
   */
  public record SignedDelegation(Bytes pubkey, BigInteger expiration,
      Optional<List<CanisterId>> targets, Map<String, Object> map, Bytes signature) {
    /** Validates the components. */
    public SignedDelegation {
      Objects.requireNonNull(pubkey, "pubkey");
      Objects.requireNonNull(expiration, "expiration");
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(map, "map");
      Objects.requireNonNull(signature, "signature");
    }

    /** The hash the delegating key signs (after its domain separator). */
    public Bytes hash() {
      return RepresentationIndependentHash.hashOfMap(map);
    }
  }

  /** Copies the lists. */
  public Envelope {
    paths = List.copyOf(paths);
    delegations = List.copyOf(delegations);
  }

  /** Parses the decoded CBOR {@code body} of an endpoint that expects {@code expectedType}. */
  static Envelope parse(Object body, String expectedType) throws RequestRejectedException {
    Map<String, Object> outer = map(body, "the request");
    for (String k : outer.keySet()) {
      if (!ENVELOPE_FIELDS.contains(k)) {
        throw RequestRejectedException.badRequest("unexpected envelope field '" + k + "'");
      }
    }
    Map<String, Object> content = map(required(outer, "content", "envelope"), "content");
    String type = text(required(content, "request_type", "content"), "request_type");
    if (!type.equals(expectedType)) {
      throw RequestRejectedException.badRequest("request_type is '" + type + "', this endpoint takes '"
          + expectedType + "'");
    }
    Principal sender = principal(required(content, "sender", "content"), "sender");
    BigInteger expiry = nat(required(content, "ingress_expiry", "content"), "ingress_expiry");
    if (content.containsKey("nonce")
        && blob(content.get("nonce"), "nonce").length() > MAX_NONCE_BYTES) {
      throw RequestRejectedException.badRequest("nonce is longer than " + MAX_NONCE_BYTES + " bytes");
    }
    Optional<CanisterId> canister = Optional.empty();
    Optional<String> method = Optional.empty();
    Optional<Bytes> arg = Optional.empty();
    List<List<Bytes>> paths = List.of();
    if (type.equals("read_state")) {
      paths = paths(required(content, "paths", "content"));
    } else {
      canister = Optional.of(new CanisterId(
          principal(required(content, "canister_id", "content"), "canister_id")));
      method = Optional.of(text(required(content, "method_name", "content"), "method_name"));
      arg = Optional.of(blob(required(content, "arg", "content"), "arg"));
    }
    MessageId id;
    noNull(content, "content");
    try {
      id = RepresentationIndependentHash.requestId(content);
    } catch (IllegalArgumentException e) {
      throw RequestRejectedException.badRequest("content cannot be hashed: " + e.getMessage());
    }
    Optional<Bytes> pk = outer.containsKey("sender_pubkey")
        ? Optional.of(blob(outer.get("sender_pubkey"), "sender_pubkey")) : Optional.empty();
    Optional<Bytes> sig = outer.containsKey("sender_sig")
        ? Optional.of(blob(outer.get("sender_sig"), "sender_sig")) : Optional.empty();
    List<SignedDelegation> dels = new ArrayList<>();
    if (outer.containsKey("sender_delegation")) {
      for (Object o : list(outer.get("sender_delegation"), "sender_delegation")) {
        dels.add(delegation(o));
      }
    }
    return new Envelope(type, id, sender, expiry, canister, method, arg, paths, pk, sig, dels);
  }

  private static SignedDelegation delegation(Object o) throws RequestRejectedException {
    Map<String, Object> sd = map(o, "sender_delegation entry");
    Map<String, Object> d = map(required(sd, "delegation", "sender_delegation entry"), "delegation");
    Bytes sig = blob(required(sd, "signature", "sender_delegation entry"), "delegation signature");
    Bytes pk = blob(required(d, "pubkey", "delegation"), "delegation pubkey");
    BigInteger exp = nat(required(d, "expiration", "delegation"), "delegation expiration");
    Optional<List<CanisterId>> targets = Optional.empty();
    if (d.containsKey("targets")) {
      List<CanisterId> t = new ArrayList<>();
      for (Object x : list(d.get("targets"), "delegation targets")) {
        t.add(new CanisterId(principal(x, "delegation target")));
      }
      targets = Optional.of(t);
    }
    noNull(d, "delegation");
    try {
      RepresentationIndependentHash.hashOfMap(d);
    } catch (IllegalArgumentException e) {
      throw RequestRejectedException.badRequest("delegation cannot be hashed: " + e.getMessage());
    }
    return new SignedDelegation(pk, exp, targets, d, sig);
  }

  private static List<List<Bytes>> paths(Object o) throws RequestRejectedException {
    List<List<Bytes>> out = new ArrayList<>();
    for (Object p : list(o, "paths")) {
      List<Bytes> path = new ArrayList<>();
      for (Object l : list(p, "a path")) {
        path.add(blob(l, "a path label"));
      }
      out.add(path);
    }
    return out;
  }

  /**
   * Rejects a CBOR {@code null} anywhere in {@code o}: the representation-independent hash has no
   * value for it (it once escaped as a NullPointerException, answered 500).
   */
  private static void noNull(Object o, String where) throws RequestRejectedException {
    if (hasNull(o)) {
      nameNull(o, where);
    }
  }

  /** Whether {@code o} holds a {@code null} anywhere (no strings built: the common case). */
  private static boolean hasNull(Object o) {
    if (o == null) {
      return true;
    }
    if (o instanceof Map<?, ?> m) {
      for (Object v : m.values()) {
        if (hasNull(v)) {
          return true;
        }
      }
    } else if (o instanceof List<?> l) {
      for (Object v : l) {
        if (hasNull(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Throws naming the first {@code null} in {@code o}. */
  private static void nameNull(Object o, String where) throws RequestRejectedException {
    if (o == null) {
      throw RequestRejectedException.badRequest(where + " is null, which has no request-id hash");
    }
    if (o instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        nameNull(e.getValue(), where + "." + e.getKey());
      }
    } else if (o instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        nameNull(l.get(i), where + "[" + i + "]");
      }
    }
  }

  private static Object required(Map<String, Object> m, String key, String where)
      throws RequestRejectedException {
    if (!m.containsKey(key)) {
      throw RequestRejectedException.badRequest(where + " lacks the field '" + key + "'");
    }
    return m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) throws RequestRejectedException {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw RequestRejectedException.badRequest(what + " must be a CBOR map");
  }

  private static List<?> list(Object o, String what) throws RequestRejectedException {
    if (o instanceof List<?> l) {
      return l;
    }
    throw RequestRejectedException.badRequest(what + " must be a CBOR array");
  }

  private static String text(Object o, String what) throws RequestRejectedException {
    if (o instanceof String s) {
      return s;
    }
    throw RequestRejectedException.badRequest(what + " must be a text string");
  }

  static Bytes blob(Object o, String what) throws RequestRejectedException {
    if (o instanceof Bytes b) {
      return b;
    }
    throw RequestRejectedException.badRequest(what + " must be a byte string");
  }

  private static BigInteger nat(Object o, String what) throws RequestRejectedException {
    if (o instanceof Long l) {
      return BigInteger.valueOf(l);
    } else if (o instanceof BigInteger b) {
      return b;
    }
    throw RequestRejectedException.badRequest(what + " must be a natural number");
  }

  private static Principal principal(Object o, String what) throws RequestRejectedException {
    Bytes b = blob(o, what);
    try {
      return Principal.fromBytes(b);
    } catch (RuntimeException e) {
      throw RequestRejectedException.badRequest(what + " is not a principal: " + e.getMessage());
    }
  }

  /** Whether the sender is the anonymous principal. */
  public boolean anonymous() {
    return sender.isAnonymous();
  }
}
