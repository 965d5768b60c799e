package org.jicp.replica.http;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidException;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DidFile;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.http.IcBackend.QueryResult;
import org.jicp.replica.http.IcBackend.SubnetInfo;
import org.jicp.replica.http.IcBackend.Submission;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * The IC HTTP interface as a function from a request (method, path, body) to an answer,
 * independent of the HTTP server: every endpoint of interface specification 0.50+ that agents
 * use, with the checks the IC makes before a request reaches the replica.
 *
 * <p>Endpoints: {@code GET /api/v2/status}; {@code POST /api/v2|v3|v4/canister/<ecid>/call};
 * {@code POST /api/v2|v3/canister/<ecid>/query}; {@code POST /api/v2|v3/canister/<ecid>/read_state};
 * {@code POST /api/v2|v3/subnet/<sid>/read_state}; and {@code GET /_/topology} (JSON, jicp's).
 *
 * <p>Checks: CBOR envelope shape and field types; sender authentication ({@link
 * SenderAuthenticator}); {@code ingress_expiry} against the wall clock (not in the past, at most 5
 * minutes and 60 s of drift ahead; anonymous queries and read_state take any expiry); delegation
 * targets; the effective canister id (the callee, or for the management canister the {@code
 * canister_id} of the argument, any id for {@code provisional_create_canister_with_cycles}) and
 * the subnet that hosts it; ingress size per subnet (413); read_state path rules (at most 1000
 * paths of 127 labels, {@code /request_status} only for its sender and one request id per call,
 * {@code /canister/<ecid>} only, {@code icp:private} metadata only for controllers, {@code
 * /canister_ranges} and {@code /subnet/<id>/metrics} only at the subnet form, unknown paths 404).
 * Malformed requests get an HTTP 4xx status with a text body; rejects get CBOR bodies.
 *
 * <p>Waiting: a v3/v4 call waits up to {@code callWait} for its certified outcome, a v2 call at
 * most 1 s before its 202, and a read_state that polls a known, unfinished request at most
 * 500 ms for it to progress (a deterministic replica runs its rounds only while someone waits).
 */
public final class IcHttpApi implements IcHttpServer.Handler {
  /** {@code MAX_INGRESS_TTL}: 5 minutes. */
  public static final long MAX_INGRESS_TTL_NANOS = Duration.ofMinutes(5).toNanos();
  /** {@code PERMITTED_DRIFT}: 60 s. */
  public static final long PERMITTED_DRIFT_NANOS = Duration.ofSeconds(60).toNanos();
  /** The most paths of one read_state. */
  public static final int MAX_PATHS = 1000;
  /** The most labels of one read_state path. */
  public static final int MAX_PATH_LABELS = 127;
  /** The interface version reported by status. */
  public static final String IC_API_VERSION = "0.18.0";

  private static final String CBOR = "application/cbor";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final DidFile ARGS = DidFile.parse(
      "type a = record { canister_id : principal };"
          + "type b = record { target_canister : principal };");
  private static final CandidType CANISTER_ID_ARG = ARGS.type("a").orElseThrow();
  private static final CandidType TARGET_CANISTER_ARG = ARGS.type("b").orElseThrow();

  /**
   * An HTTP answer.
   *
   * @param status the HTTP status
   * @param contentType the content type (null for an empty body)
   * @param body the body
   */
  public record Answer(int status, String contentType, byte[] body) {
    /** Validates the components. */
    public Answer {
      Objects.requireNonNull(body, "body");
    }

    static Answer cbor(int status, Object value) {
      return new Answer(status, CBOR, CborValues.encode(value));
    }

    static Answer text(int status, String text) {
      return new Answer(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static Answer empty(int status) {
      return new Answer(status, null, new byte[0]);
    }

    /** The body as UTF-8 text (for tests and logs). */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The longest a v2 call waits for its outcome before its 202. */
  static final Duration V2_CALL_WAIT = Duration.ofSeconds(1);
  /** The longest a read_state poll of an unfinished call waits for it to progress. */
  static final Duration POLL_WAIT = Duration.ofMillis(500);

  private final IcBackend backend;
  private final SenderAuthenticator authenticator;
  private final LongSupplier clock;
  private final Duration callWait;
  private final AtomicLong nextNode = new AtomicLong();

  /**
   * An interface to {@code backend}.
   *
   * @param backend the replica
   * @param authenticator the sender authenticator
   * @param wallClockNanos the wall clock (ingress expiry, query signature timestamps)
   * @param callWait how long a call waits for its certified outcome before 202
   */
  public IcHttpApi(IcBackend backend, SenderAuthenticator authenticator, LongSupplier wallClockNanos,
      Duration callWait) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.clock = Objects.requireNonNull(wallClockNanos, "wallClockNanos");
    this.callWait = Objects.requireNonNull(callWait, "callWait");
  }

  /** The backend. */
  public IcBackend backend() {
    return backend;
  }

  /** Answers one request; never throws for bad input. */
  @Override
  public Answer handle(String method, String path, byte[] body) {
    try {
      return route(method, path, body);
    } catch (RequestRejectedException e) {
      return Answer.text(e.status(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.text(503, "the replica is shutting down");
    }
  }

  /**
   * A query whose answer the backend has at hand (an earlier query on the same certified state,
   * {@link IcBackend#cachedQuery}) is answered here, on the calling I/O thread: parsed, checked,
   * signed; a rejected request too. Everything else is left for a worker, which then does only
   * what remains (a query is not parsed or authenticated twice).
   */
  @Override
  public IcHttpServer.Staged stage(String method, String rawPath, byte[] body) {
    String path = rawPath;
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (!method.equals("POST") || !path.endsWith("/query")
        || !(path.startsWith("/api/v2/canister/") || path.startsWith("/api/v3/canister/"))) {
      return IcHttpServer.Staged.later(() -> handle(method, rawPath, body));
    }
    String[] p = path.split("/", -1);
    if (p.length != 6) {
      return IcHttpServer.Staged.later(() -> handle(method, rawPath, body));
    }
    try {
      PreparedQuery pq = prepareQuery(p[4], body);
      Optional<QueryResult> hit = backend.cachedQuery(pq.subnet().id(), pq.query());
      if (hit.isPresent()) {
        return IcHttpServer.Staged.now(answerQuery(pq, hit.get()));
      }
      return IcHttpServer.Staged.later(() ->
          answerQuery(pq, backend.query(pq.subnet().id(), pq.query())));
    } catch (RequestRejectedException e) {
      return IcHttpServer.Staged.now(Answer.text(e.status(), e.getMessage()));
    }
  }

  private Answer route(String method, String rawPath, byte[] body)
      throws RequestRejectedException, InterruptedException {
    String path = rawPath;
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.equals("/api/v2/status")) {
      requireMethod(method, "GET");
      return status();
    }
    if (path.equals("/_/topology")) {
      requireMethod(method, "GET");
      return new Answer(200, "application/json", TopologyJson.of(backend.topology())
          .getBytes(StandardCharsets.UTF_8));
    }
    if (path.equals("/_/dashboard")) {
      requireMethod(method, "GET");
      Optional<byte[]> page = backend.dashboard();
      if (page.isEmpty()) {
        throw new RequestRejectedException(404, "this replica has no dashboard");
      }
      return new Answer(200, "text/html; charset=utf-8", page.get());
    }
    String[] p = path.split("/", -1);
    // "", "api", "v2", "canister"|"subnet", id, endpoint
    if (p.length != 6 || !p[0].isEmpty() || !p[1].equals("api")) {
      throw new RequestRejectedException(404, "no such endpoint: " + path);
    }
    String version = p[2];
    String kind = p[3];
    String endpoint = p[5];
    boolean v2 = version.equals("v2");
    boolean v3 = version.equals("v3");
    boolean v4 = version.equals("v4");
    boolean known = switch (kind + "/" + endpoint) {
      case "canister/call" -> v2 || v3 || v4;
      case "canister/query", "canister/read_state", "subnet/read_state" -> v2 || v3;
      default -> false;
    };
    if (!known) {
      throw new RequestRejectedException(404, "no such endpoint: " + path);
    }
    requireMethod(method, "POST");
    Principal id = principal(p[4]);
    Object decoded = decode(body);
    return switch (endpoint) {
      case "call" -> call(version, new CanisterId(id), body, decoded);
      case "query" -> query(new CanisterId(id), decoded);
      default -> kind.equals("canister")
          ? readState(Optional.of(new CanisterId(id)), subnetOfCanister(id), decoded)
          : readState(Optional.empty(), subnetById(id), decoded);
    };
  }

  private static Principal principal(String text) throws RequestRejectedException {
    try {
      return Principal.fromText(text);
    } catch (RuntimeException e) {
      throw RequestRejectedException.badRequest("'" + text + "' is not a textual principal: "
          + e.getMessage());
    }
  }

  private static Object decode(byte[] body) throws RequestRejectedException {
    try {
      return CborValues.decode(body);
    } catch (CborValues.MalformedCborException e) {
      throw RequestRejectedException.badRequest("Could not parse body as request: "
          + e.getMessage());
    }
  }

  private static void requireMethod(String method, String expected) throws RequestRejectedException {
    if (!method.equals(expected)) {
      throw new RequestRejectedException(405, "method " + method + " not allowed, use " + expected);
    }
  }

  private Answer status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ic_api_version", IC_API_VERSION);
    m.put("impl_version", "jicp-0.1.0");
    m.put("impl_source", "https://github.com/jicp");
    m.put("root_key", backend.topology().rootKeyDer());
    m.put("replica_health_status", "healthy");
    m.put("certified_height", backend.certifiedHeight(backend.statusSubnet()));
    return Answer.cbor(200, m);
  }

  // ------------------------------------------------------------------ call

  private Answer call(String version, CanisterId ecid, byte[] body, Object decoded)
      throws RequestRejectedException, InterruptedException {
    int size = body.length;
    Envelope e = Envelope.parse(decoded, "call");
    long now = clock.getAsLong();
    checkExpiry(e, now, true);
    SenderAuthenticator.Result.Authenticated auth = authenticate(e, now);
    CanisterId canister = e.canisterId().orElseThrow();
    String method = e.methodName().orElseThrow();
    Bytes arg = e.arg().orElseThrow();
    checkEffective(canister, method, arg, ecid);
    checkTargets(auth, canister);
    SubnetInfo subnet = subnetOfCanister(ecid.principal());
    if (size > subnet.maxIngressBytes()) {
      throw new RequestRejectedException(413, "the request is " + size + " bytes, subnet "
          + subnet.id() + " takes at most " + subnet.maxIngressBytes());
    }
    Submission s = backend.submit(subnet.id(), new IcBackend.Ingress(e.requestId(), e.sender(),
        canister, ecid, method, arg, clampLong(e.ingressExpiry()), Bytes.of(body)));
    if (s instanceof Submission.Rejected r) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (!version.equals("v2")) {
        m.put("status", "non_replicated_rejection");
      }
      m.put("reject_code", (long) r.code().code());
      m.put("reject_message", r.message());
      m.put("error_code", r.errorCode().text());
      return Answer.cbor(200, m);
    }
    // A v2 call answers 202 without its outcome: wait only briefly (its clients' socket timeouts
    // are short, ic4j's is 5 s), so that the first request_status poll usually finds the answer.
    Duration wait = version.equals("v2") && callWait.compareTo(V2_CALL_WAIT) > 0
        ? V2_CALL_WAIT : callWait;
    Optional<IngressStatus> done = backend.awaitCertified(subnet.id(), e.requestId(), wait);
    if (version.equals("v2") || done.isEmpty()) {
      return Answer.empty(202);
    }
    Bytes cert = backend.certificate(subnet.id(),
        List.of(List.of(HashLabels.REQUEST_STATUS, e.requestId().bytes())));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "replied");
    m.put("certificate", cert);
    return Answer.cbor(200, m);
  }

  private static long clampLong(BigInteger b) {
    return b.bitLength() < 64 ? b.longValue() : Long.MAX_VALUE;
  }

  // ------------------------------------------------------------------ query

  private Answer query(CanisterId ecid, Object decoded) throws RequestRejectedException {
    PreparedQuery pq = prepareQuery(ecid, decoded);
    return answerQuery(pq, backend.query(pq.subnet().id(), pq.query()));
  }

  /** A query request parsed, authenticated and checked: what remains is to run and sign it. */
  private record PreparedQuery(Envelope envelope, long now, SubnetInfo subnet,
      IcBackend.Query query) {}

  private PreparedQuery prepareQuery(String ecidText, byte[] body)
      throws RequestRejectedException {
    Principal id = principal(ecidText);
    return prepareQuery(new CanisterId(id), decode(body));
  }

  private PreparedQuery prepareQuery(CanisterId ecid, Object decoded)
      throws RequestRejectedException {
    Envelope e = Envelope.parse(decoded, "query");
    long now = clock.getAsLong();
    checkExpiry(e, now, !e.anonymous());
    SenderAuthenticator.Result.Authenticated auth = authenticate(e, now);
    CanisterId canister = e.canisterId().orElseThrow();
    String method = e.methodName().orElseThrow();
    Bytes arg = e.arg().orElseThrow();
    checkEffective(canister, method, arg, ecid);
    checkTargets(auth, canister);
    SubnetInfo subnet = subnetOfCanister(ecid.principal());
    return new PreparedQuery(e, now, subnet, new IcBackend.Query(e.sender(), canister, method,
        arg));
  }

  private Answer answerQuery(PreparedQuery pq, QueryResult r) {
    Envelope e = pq.envelope();
    long now = pq.now();
    SubnetInfo subnet = pq.subnet();
    NodeId node = backend.queryNode(subnet.id()).orElseGet(() -> subnet.nodes().get(
        (int) Math.floorMod(nextNode.getAndIncrement(), (long) subnet.nodes().size())).id());
    Map<String, Object> response = new LinkedHashMap<>();
    long timestamp = now;
    Bytes sig;
    if (r instanceof QueryResult.Replied rep) {
      response.put("status", "replied");
      response.put("reply", Map.of("arg", rep.arg()));
      byte[] replyHash = QueryResponseHash.replyHash(rep.arg());
      SignedAt reused = signatures.reusable(node, e.requestId().bytes(), replyHash, now);
      if (reused != null) {
        timestamp = reused.timestamp();
        sig = reused.signature();
      } else {
        sig = backend.signQueryResponse(subnet.id(), node,
            QueryResponseHash.replied(replyHash, timestamp, e.requestId().bytes()));
        signatures.remember(node, e.requestId().bytes(), replyHash, timestamp, sig);
      }
    } else {
      QueryResult.Rejected rej = (QueryResult.Rejected) r;
      Map<String, Object> signed = new LinkedHashMap<>();
      signed.put("status", "rejected");
      signed.put("reject_code", (long) rej.code().code());
      signed.put("reject_message", rej.message());
      signed.put("error_code", rej.errorCode().text());
      response.putAll(signed);
      signed.put("timestamp", timestamp);
      signed.put("request_id", e.requestId().bytes());
      sig = backend.signQueryResponse(subnet.id(), node,
          RepresentationIndependentHash.hashOfMap(signed));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("timestamp", timestamp);
    entry.put("signature", sig);
    entry.put("identity", node.principal().bytes());
    response.put("signatures", List.of(entry));
    return Answer.cbor(200, response);
  }

  /** A node's signature of a replied response and the timestamp it signed. */
  private record SignedAt(long timestamp, Bytes signature) {}

  /** What a remembered signature is for: the node, the request id and the reply's hash. */
  private record SignedKey(NodeId node, Bytes requestId, Bytes replyHash) {}

  /**
   * Node signatures of replied query responses, reused for the same request answered with the
   * same reply within {@link #signatureReuseNanos} of the signing time. The signature covers
   * status, reply, timestamp and request id only; a reused one comes with the timestamp it was
   * made at (the true signing time, at most that long ago: agents accept 5 minutes), so the answer
   * is byte for byte the one signing afresh at that time gives (Ed25519 is deterministic). Agents
   * repeat a query with the same request id (agent-js rounds {@code ingress_expiry} to the
   * minute and sends queries without a nonce); each distinct request is still signed.
   */
  private final class Signatures {
    private final java.util.concurrent.ConcurrentHashMap<SignedKey, SignedAt> map =
        new java.util.concurrent.ConcurrentHashMap<>();

    SignedAt reusable(NodeId node, Bytes requestId, byte[] replyHash, long now) {
      if (signatureReuseNanos <= 0) {
        return null;
      }
      SignedAt s = map.get(new SignedKey(node, requestId, Bytes.of(replyHash)));
      if (s == null || s.timestamp() > now || now - s.timestamp() > signatureReuseNanos) {
        return null;
      }
      return s;
    }

    void remember(NodeId node, Bytes requestId, byte[] replyHash, long timestamp, Bytes sig) {
      if (signatureReuseNanos <= 0) {
        return;
      }
      if (map.size() >= SIGNATURES_KEPT) {
        map.clear();
      }
      map.put(new SignedKey(node, requestId, Bytes.of(replyHash)), new SignedAt(timestamp, sig));
    }
  }

  /** At most this many signatures are remembered (then all are forgotten). */
  private static final int SIGNATURES_KEPT = 4096;
  /** The default {@link #signatureReuse} window: 1 s. */
  public static final Duration DEFAULT_SIGNATURE_REUSE = Duration.ofSeconds(1);

  private final Signatures signatures = new Signatures();
  private volatile long signatureReuseNanos = DEFAULT_SIGNATURE_REUSE.toNanos();

  /**
   * How long after signing a replied query response the same signature (with its timestamp)
   * answers the same request again with the same reply; {@link Duration#ZERO}: every answer is
   * signed afresh. At most 4 minutes (agents accept timestamps up to 5 minutes old).
   *
   * @return this
   */
  public IcHttpApi signatureReuse(Duration window) {
    if (window.isNegative() || window.compareTo(Duration.ofMinutes(4)) > 0) {
      throw new IllegalArgumentException("signature reuse window " + window
          + " not in [0, 4 min]");
    }
    this.signatureReuseNanos = window.toNanos();
    return this;
  }

  // ------------------------------------------------------------------ read_state

  private Answer readState(Optional<CanisterId> ecid, SubnetInfo subnet, Object decoded)
      throws RequestRejectedException, InterruptedException {
    Envelope e = Envelope.parse(decoded, "read_state");
    long now = clock.getAsLong();
    checkExpiry(e, now, !e.anonymous());
    authenticate(e, now);
    Optional<MessageId> polled = checkPaths(e, ecid, subnet);
    if (polled.isPresent()) {
      // A poll of a call this subnet knows: let it progress briefly first (in deterministic mode
      // the rounds run only while someone waits; in live mode a short long-poll).
      backend.awaitCertified(subnet.id(), polled.get(), POLL_WAIT); // at once when final
    }
    Bytes cert = backend.certificate(subnet.id(), e.paths());
    return Answer.cbor(200, Map.of("certificate", cert));
  }

  /** Checks the paths; returns the request id polled when it is on its way in the subnet. */
  private Optional<MessageId> checkPaths(Envelope e, Optional<CanisterId> ecid, SubnetInfo subnet)
      throws RequestRejectedException {
    Optional<MessageId> polled = Optional.empty();
    List<List<Bytes>> paths = e.paths();
    if (paths.size() > MAX_PATHS) {
      throw RequestRejectedException.badRequest("more than " + MAX_PATHS + " paths");
    }
    Bytes requestId = null;
    for (List<Bytes> path : paths) {
      if (path.size() > MAX_PATH_LABELS) {
        throw RequestRejectedException.badRequest("a path has more than " + MAX_PATH_LABELS
            + " labels");
      }
      if (path.isEmpty()) {
        throw new RequestRejectedException(404, "Invalid path requested: the empty path");
      }
      String first = new String(path.get(0).toByteArray(), StandardCharsets.UTF_8);
      switch (first) {
        case "time", "api_boundary_nodes" -> { }
        case "subnet" -> {
          if (path.size() >= 3 && label(path, 2).equals("metrics") && ecid.isPresent()) {
            throw new RequestRejectedException(404, "Invalid path requested: "
                + "/subnet/<id>/metrics only at /api/v3/subnet/<id>/read_state");
          }
        }
        case "canister_ranges" -> {
          if (ecid.isPresent()) {
            throw new RequestRejectedException(404, "Invalid path requested: /canister_ranges "
                + "only at /api/v3/subnet/<id>/read_state");
          }
        }
        case "canister" -> {
          if (ecid.isEmpty()) {
            throw new RequestRejectedException(404, "Invalid path requested: /canister at the "
                + "subnet read_state");
          }
          checkCanisterPath(e, ecid.get(), path);
        }
        case "request_status" -> {
          if (ecid.isEmpty()) {
            throw new RequestRejectedException(404, "Invalid path requested: /request_status at "
                + "the subnet read_state");
          }
          if (path.size() < 2 || path.get(1).length() != MessageId.LENGTH) {
            throw RequestRejectedException.badRequest("/request_status/<id> needs a 32-byte "
                + "request id");
          }
          if (requestId != null && !requestId.equals(path.get(1))) {
            throw RequestRejectedException.badRequest("read_state may ask for one request id only");
          }
          requestId = path.get(1);
          Optional<Principal> owner =
              backend.requestSender(subnet.id(), new MessageId(path.get(1)));
          if (owner.isPresent() && !owner.get().equals(e.sender())) {
            throw RequestRejectedException.forbidden("request " + path.get(1).toHex()
                + " was not sent by " + e.sender().toText());
          }
          MessageId rid = new MessageId(path.get(1));
          if (backend.requestPending(subnet.id(), rid)) {
            polled = Optional.of(rid);
          }
        }
        default -> throw new RequestRejectedException(404, "Invalid path requested: "
            + first);
      }
    }
    return polled;
  }

  private void checkCanisterPath(Envelope e, CanisterId ecid, List<Bytes> path)
      throws RequestRejectedException {
    if (path.size() < 2 || !path.get(1).equals(ecid.principal().bytes())) {
      throw RequestRejectedException.badRequest("/canister/<id> paths must name the effective "
          + "canister id " + ecid);
    }
    if (path.size() == 2) {
      throw new RequestRejectedException(404, "Invalid path requested: /canister/<id> whole");
    }
    String leaf = label(path, 2);
    switch (leaf) {
      case "module_hash", "controllers" -> { }
      case "metadata" -> {
        if (path.size() >= 4) {
          String name = label(path, 3);
          if (name.startsWith("icp:private ")) {
            List<Principal> controllers = backend.controllers(ecid).orElse(List.of());
            if (!controllers.contains(e.sender())) {
              throw RequestRejectedException.forbidden("metadata section '" + name
                  + "' is private to the controllers of " + ecid);
            }
          }
        } else {
          throw new RequestRejectedException(404, "Invalid path requested: name a metadata "
              + "section");
        }
      }
      default -> throw new RequestRejectedException(404, "Invalid path requested: /canister/<id>/"
          + leaf);
    }
  }

  private static String label(List<Bytes> path, int i) {
    return new String(path.get(i).toByteArray(), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ shared checks

  private static void checkExpiry(Envelope e, long now, boolean enforce)
      throws RequestRejectedException {
    if (!enforce) {
      return;
    }
    BigInteger exp = e.ingressExpiry();
    BigInteger min = BigInteger.valueOf(now);
    BigInteger max = BigInteger.valueOf(now).add(BigInteger.valueOf(MAX_INGRESS_TTL_NANOS
        + PERMITTED_DRIFT_NANOS));
    if (exp.compareTo(min) < 0 || exp.compareTo(max) > 0) {
      throw RequestRejectedException.badRequest("Invalid request expiry: Specified ingress_expiry "
          + "not within expected range: Minimum allowed expiry: " + min + " ns, Maximum allowed "
          + "expiry: " + max + " ns, Provided expiry: " + exp + " ns (checked against the "
          + "wall clock)");
    }
  }

  private SenderAuthenticator.Result.Authenticated authenticate(Envelope e, long now)
      throws RequestRejectedException {
    SenderAuthenticator.Result r = authenticator.authenticate(e, now);
    if (r instanceof SenderAuthenticator.Result.Refused refused) {
      throw RequestRejectedException.badRequest("Failed to authenticate request "
          + e.requestId() + " due to: " + refused.reason());
    }
    return (SenderAuthenticator.Result.Authenticated) r;
  }

  private static void checkTargets(SenderAuthenticator.Result.Authenticated auth, CanisterId c)
      throws RequestRejectedException {
    if (!auth.allows(c)) {
      throw RequestRejectedException.badRequest("canister " + c
          + " is not one of the delegation targets");
    }
  }

  private static void checkEffective(CanisterId canister, String method, Bytes arg,
      CanisterId ecid) throws RequestRejectedException {
    if (!canister.principal().isManagementCanister()) {
      if (!canister.equals(ecid)) {
        throw RequestRejectedException.badRequest("Specified CanisterId " + canister
            + " does not match effective canister id in URL " + ecid);
      }
      return;
    }
    if (method.equals("provisional_create_canister_with_cycles")) {
      return;
    }
    CanisterId named;
    try {
      CandidType t = method.equals("install_chunked_code") ? TARGET_CANISTER_ARG : CANISTER_ID_ARG;
      String field = method.equals("install_chunked_code") ? "target_canister" : "canister_id";
      CandidValue.Record r = (CandidValue.Record) CandidDecoder.standard()
          .decodeOne(arg.toByteArray(), t);
      named = new CanisterId(((CandidValue.PrincipalRef) r.get(field).orElseThrow()).principal());
    } catch (CandidException | ClassCastException | java.util.NoSuchElementException e) {
      throw RequestRejectedException.badRequest("management canister call " + method
          + ": the effective canister id cannot be read from the argument (" + e.getMessage()
          + ")");
    }
    if (!named.equals(ecid)) {
      throw RequestRejectedException.badRequest("Specified CanisterId " + named
          + " does not match effective canister id in URL " + ecid);
    }
  }

  private SubnetInfo subnetOfCanister(Principal id) throws RequestRejectedException {
    return backend.topology().route(id).orElseThrow(() -> RequestRejectedException.badRequest(
        "canister " + id.toText() + " belongs to no subnet of this replica"));
  }

  private SubnetInfo subnetById(Principal id) throws RequestRejectedException {
    return backend.topology().subnet(new SubnetId(id)).orElseThrow(
        () -> new RequestRejectedException(404, "no subnet " + id.toText()));
  }

  /** Labels used in paths. */
  static final class HashLabels {
    static final Bytes REQUEST_STATUS = Bytes.of("request_status".getBytes(StandardCharsets.US_ASCII));

    private HashLabels() {}
  }
}
