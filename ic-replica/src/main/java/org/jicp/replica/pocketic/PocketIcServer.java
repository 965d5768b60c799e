package org.jicp.replica.pocketic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;

/**
 * A PocketIC-compatible server: the REST API of DFINITY's PocketIC server (the subset pic-js
 * 0.23.0 calls, see {@code docs/pocketic.md}) over jicp {@link Replica}s, one per instance, and
 * the IC HTTP interface of each instance under {@code /instances/<id>/api/…}.
 *
 * <p>JSON shapes follow PocketIC's {@code rest.rs}: principals, payloads and message ids in
 * base64; call results {@code {"Ok": <base64>}} or {@code {"Err": {reject_code, reject_message,
 * error_code, certified}}}; refusals a 4xx with {@code {"message": …}}. Every operation
 * completes within its request (no {@code 202}/{@code read_graph} polling). Bad input never
 * changes an instance. Thread-safe: the read/update operations of one instance are serialized
 * (the IC HTTP interface under {@code /api} runs concurrently, as on a replica).
 *
 * <p>Use {@link #handle} directly (tests), or {@link #start} to serve it on a port.
 */
public final class PocketIcServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String JSON_TYPE = "application/json";
  private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);
  /** PocketIC's ICP features (its {@code IcpFeatures}); any other name is refused (400). */
  private static final List<String> ICP_FEATURES = List.of("registry", "cycles_minting",
      "icp_token", "cycles_token", "nns_governance", "sns", "ii", "nns_ui", "bitcoin",
      "dogecoin", "canister_migration");
  /**
   * The features served: each installs the NNS canisters jicp has (registry, governance, ICP
   * ledger, cycles minting and SNS-W at their mainnet ids; the cycles ledger on the first subnet
   * after the NNS); {@code sns} also adds the SNS subnet when the configuration has none (PocketIC:
   * "Subnets: NNS, SNS").
   */
  private static final List<String> SERVED_FEATURES = List.of("registry", "cycles_minting",
      "icp_token", "cycles_token", "nns_governance", "sns");

  private final Map<Integer, PocketIcInstance> instances = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> deleted = new ConcurrentHashMap<>();
  private final AtomicInteger nextInstance = new AtomicInteger();
  private final AtomicInteger nextGateway = new AtomicInteger();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final AtomicLong lastRequestNanos = new AtomicLong(System.nanoTime());
  private final String gatewayHost;

  /** A server whose HTTP gateways bind {@code 127.0.0.1}. */
  public PocketIcServer() {
    this("127.0.0.1");
  }

  /** A server whose HTTP gateways bind {@code gatewayHost}. */
  public PocketIcServer(String gatewayHost) {
    this.gatewayHost = gatewayHost;
  }

  /** Serves this API on {@code builder}'s host and port (bodies up to 64 MiB). */
  public IcHttpServer start(IcHttpServer.Builder builder) throws InterruptedException {
    return builder.maxBodyBytes(64 * 1024 * 1024).start(this::handle);
  }

  /** {@link System#nanoTime()} of the last request (for {@code --ttl}). */
  public long lastRequestNanos() {
    return lastRequestNanos.get();
  }

  /** Counts now as the time of the last request (the server has just started). */
  public void touch() {
    lastRequestNanos.set(System.nanoTime());
  }

  /** The number of live instances. */
  public int instanceCount() {
    return instances.size();
  }

  /** Answers one request; never throws. */
  public IcHttpApi.Answer handle(String method, String uri, byte[] body) {
    lastRequestNanos.set(System.nanoTime());
    try {
      return route(method, uri, body);
    } catch (PocketIcException e) {
      return error(e.status(), e.getMessage());
    } catch (JsonProcessingException e) {
      return error(400, "malformed JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      return error(400, "bad request: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted");
    } catch (Exception e) {
      return error(500, "internal error: " + e);
    }
  }

  private IcHttpApi.Answer route(String method, String uri, byte[] body) throws Exception {
    String path = uri;
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    String[] p = path.split("/", -1);
    // p[0] is "" (paths start with '/').
    if (p.length >= 2 && p[0].isEmpty()) {
      switch (p[1]) {
        case "status":
          if (p.length == 2 && method.equals("GET")) {
            return new IcHttpApi.Answer(200, null, new byte[0]);
          }
          break;
        case "instances":
          if (p.length == 2 && method.equals("POST")) {
            return createInstance(body);
          }
          if (p.length == 2 && method.equals("GET")) {
            return listInstances();
          }
          if (p.length >= 3) {
            return instanceRoute(method, p, path, body);
          }
          break;
        case "blobstore":
          if (p.length == 2 && method.equals("POST")) {
            byte[] id = sha256(body);
            String hex = HexFormat.of().formatHex(id);
            blobs.put(hex, body.clone());
            return new IcHttpApi.Answer(200, "text/plain; charset=utf-8",
                hex.getBytes(StandardCharsets.UTF_8));
          }
          if (p.length == 3 && method.equals("GET")) {
            byte[] b = blobs.get(p[2].toLowerCase(java.util.Locale.ROOT));
            if (b == null) {
              throw PocketIcException.notFound("blob not found: " + p[2]);
            }
            return new IcHttpApi.Answer(200, "application/octet-stream", b);
          }
          break;
        case "http_gateway":
          if (p.length == 2 && method.equals("POST")) {
            return createGateway(body);
          }
          if (p.length == 4 && p[3].equals("stop") && method.equals("POST")) {
            return stopGateway(p[2]);
          }
          break;
        case "read_graph":
          throw PocketIcException.notFound("no operation " + path
              + ": this server completes every operation within its request");
        default:
          break;
      }
    }
    throw PocketIcException.notFound("unknown endpoint: " + method + " " + path);
  }

  // ------------------------------------------------------------------ instances

  private IcHttpApi.Answer createInstance(byte[] body) throws Exception {
    JsonNode req = body.length == 0 ? F.objectNode() : JSON.readTree(body);
    if (req == null || !req.isObject()) {
      throw PocketIcException.badRequest("the body must be a JSON object");
    }
    JsonNode set = req.path("subnet_config_set");
    if (!set.isObject()) {
      throw PocketIcException.badRequest("missing subnet_config_set");
    }
    List<Replica.SubnetKind> kinds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    // PocketIC's subnet order: named subnets first, then system and application subnets.
    addNamed(set, "nns", Replica.SubnetKind.NNS, "NNS", kinds, names);
    addNamed(set, "sns", Replica.SubnetKind.SYSTEM, "SNS", kinds, names);
    addNamed(set, "ii", Replica.SubnetKind.SYSTEM, "II", kinds, names);
    addNamed(set, "fiduciary", Replica.SubnetKind.FIDUCIARY, "Fiduciary", kinds, names);
    addNamed(set, "bitcoin", Replica.SubnetKind.SYSTEM, "Bitcoin", kinds, names);
    addMany(set, "system", Replica.SubnetKind.SYSTEM, "System", kinds, names);
    addMany(set, "application", Replica.SubnetKind.APPLICATION, "Application", kinds, names);
    addMany(set, "verified_application", Replica.SubnetKind.VERIFIED_APPLICATION,
        "VerifiedApplication", kinds, names);
    if (count(set.path("cloud_engine")) > 0) {
      throw PocketIcException.badRequest("cloud_engine subnets are not supported by jicp");
    }
    if (kinds.isEmpty()) {
      throw PocketIcException.badRequest("ExtendedSubnetConfigSet must contain at least one "
          + "subnet");
    }
    JsonNode features = req.path("icp_features");
    boolean nnsCanisters = false;
    boolean sns = false;
    if (!features.isMissingNode() && !features.isNull() && !features.isObject()) {
      throw PocketIcException.badRequest("icp_features must be a JSON object");
    }
    if (features.isObject()) {
      for (java.util.Iterator<String> it = features.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!ICP_FEATURES.contains(f)) {
          throw PocketIcException.badRequest("unknown ICP feature '" + f + "' (PocketIC's are: "
              + String.join(", ", ICP_FEATURES) + ")");
        }
      }
      for (String f : ICP_FEATURES) {
        JsonNode v = features.path(f);
        if (v.isMissingNode() || v.isNull()) {
          continue;
        }
        if (!SERVED_FEATURES.contains(f)) {
          throw PocketIcException.badRequest("the ICP feature '" + f + "' is not supported by "
              + "jicp's PocketIC server yet (served: " + String.join(", ", SERVED_FEATURES)
              + "); create the instance without it");
        }
        nnsCanisters = true;
        sns |= f.equals("sns");
      }
      if (sns && !names.contains("SNS")) {
        // As PocketIC does: SNS-W deploys SNSes to the SNS subnet, added when not configured.
        int at = kinds.contains(Replica.SubnetKind.NNS) ? 1 : 0;
        kinds.add(at, Replica.SubnetKind.SYSTEM);
        names.add(at, "SNS");
      }
      if (nnsCanisters && !kinds.contains(Replica.SubnetKind.NNS)) {
        // As PocketIC does: the NNS canisters need the NNS subnet, added when not configured.
        kinds.add(0, Replica.SubnetKind.NNS);
        names.add(0, "NNS");
      }
    }
    if (req.hasNonNull("state_dir")) {
      throw PocketIcException.badRequest("state_dir is not supported by jicp's PocketIC server");
    }
    Replica.Builder b = Replica.builder().subnets(kinds).nodesPerSubnet(1)
        .nnsCanisters(nnsCanisters);
    Instant start = Instant.now();
    boolean live = false;
    JsonNode initial = req.path("initial_time");
    if (initial.isObject()) {
      if (initial.has("Timestamp")) {
        long nanos = initial.path("Timestamp").path("nanos_since_epoch").asLong(-1);
        if (nanos < 0) {
          throw PocketIcException.badRequest("initial_time.Timestamp.nanos_since_epoch must be "
              + "a non-negative integer");
        }
        start = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
      } else if (initial.has("AutoProgress")) {
        live = true;
      }
    }
    b.deterministic(0).startTime(start);
    Replica replica;
    try {
      replica = b.build();
    } catch (IllegalArgumentException e) {
      throw PocketIcException.badRequest(e.getMessage());
    }
    PocketIcInstance inst = new PocketIcInstance(replica, names);
    int id = nextInstance.getAndIncrement();
    instances.put(id, inst);
    if (live) {
      inst.autoProgress(initial.path("AutoProgress").path("artificial_delay_ms").asLong(0));
    }
    ObjectNode created = F.objectNode();
    created.put("instance_id", id);
    created.set("topology", topology(inst));
    created.putNull("http_gateway_info");
    ObjectNode out = F.objectNode();
    out.set("Created", created);
    return json(201, out);
  }

  private static int count(JsonNode n) {
    if (n.isArray()) {
      return n.size();
    }
    if (n.isInt() || n.isLong()) {
      return n.asInt();
    }
    return 0;
  }

  private static void addNamed(JsonNode set, String field, Replica.SubnetKind kind, String name,
      List<Replica.SubnetKind> kinds, List<String> names) {
    JsonNode n = set.path(field);
    if (n.isMissingNode() || n.isNull() || (n.isBoolean() && !n.asBoolean())) {
      return;
    }
    if (!n.isObject() && !n.isBoolean()) {
      throw PocketIcException.badRequest("subnet_config_set." + field
          + " must be a subnet spec, true or null");
    }
    checkSpec(n, field);
    kinds.add(kind);
    names.add(name);
  }

  private static void addMany(JsonNode set, String field, Replica.SubnetKind kind, String name,
      List<Replica.SubnetKind> kinds, List<String> names) {
    JsonNode n = set.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return;
    }
    int c;
    if (n.isArray()) {
      c = n.size();
      for (JsonNode spec : n) {
        checkSpec(spec, field);
      }
    } else if (n.isIntegralNumber() && n.asInt() >= 0) {
      c = n.asInt();
    } else {
      throw PocketIcException.badRequest("subnet_config_set." + field
          + " must be a list of subnet specs or a count");
    }
    if (c > 16) {
      throw PocketIcException.badRequest("at most 16 " + field + " subnets per instance");
    }
    for (int i = 0; i < c; i++) {
      kinds.add(kind);
      names.add(name);
    }
  }

  private static void checkSpec(JsonNode spec, String field) {
    if (spec.isObject()) {
      JsonNode state = spec.path("state_config");
      if (!state.isMissingNode() && !(state.isTextual() && state.asText().equals("New"))) {
        throw PocketIcException.badRequest("subnet_config_set." + field + ": only "
            + "state_config \"New\" is supported by jicp (not FromPath)");
      }
    }
  }

  private IcHttpApi.Answer listInstances() {
    ArrayNode a = F.arrayNode();
    int n = nextInstance.get();
    for (int i = 0; i < n; i++) {
      a.add(instances.containsKey(i) ? "Available" : "Deleted");
    }
    return json(200, a);
  }

  private PocketIcInstance instance(String idText) {
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      throw PocketIcException.badRequest("instance id must be a number, got '" + idText + "'");
    }
    PocketIcInstance inst = instances.get(id);
    if (inst == null) {
      if (deleted.containsKey(id)) {
        throw PocketIcException.notFound("Instance " + id + " was deleted");
      }
      throw PocketIcException.notFound("Instance " + id + " not found");
    }
    return inst;
  }

  private IcHttpApi.Answer instanceRoute(String method, String[] p, String path, byte[] body)
      throws Exception {
    PocketIcInstance inst = instance(p[2]);
    if (p.length == 3) {
      if (method.equals("DELETE")) {
        int id = Integer.parseInt(p[2]);
        if (instances.remove(id) != null) {
          deleted.put(id, true);
          inst.close();
        }
        return json(200, F.nullNode());
      }
      throw PocketIcException.notFound("unknown endpoint: " + method + " " + path);
    }
    String group = p[3];
    if (group.equals("api")) {
      String rest = path.substring(path.indexOf("/api/"));
      return inst.api().handle(method, rest, body);
    }
    if (group.equals("auto_progress") && p.length == 4) {
      if (method.equals("GET")) {
        return json(200, F.booleanNode(inst.autoProgressing()));
      }
      if (method.equals("POST")) {
        JsonNode req = body.length == 0 ? F.objectNode() : JSON.readTree(body);
        inst.autoProgress(req == null ? 0 : req.path("artificial_delay_ms").asLong(0));
        return json(200, F.nullNode());
      }
    }
    if (group.equals("stop_progress") && p.length == 4 && method.equals("POST")) {
      inst.stopProgress();
      return json(200, F.nullNode());
    }
    if (group.equals("_") && p.length == 5 && p[4].equals("topology") && method.equals("GET")) {
      return json(200, topology(inst));
    }
    if ((group.equals("read") || group.equals("update")) && p.length == 5) {
      String op = p[4];
      if (group.equals("read") && method.equals("GET")) {
        switch (op) {
          case "get_time":
            return time(inst);
          case "get_canister_http":
            return json(200, F.arrayNode());
          case "topology":
            return json(200, topology(inst));
          default:
            break;
        }
      }
      if (method.equals("POST")) {
        JsonNode req = body.length == 0 ? F.objectNode() : JSON.readTree(body);
        if (req == null) {
          throw PocketIcException.badRequest("the body must be JSON");
        }
        synchronized (inst) {
          return group.equals("read") ? read(inst, op, req) : update(inst, op, req);
        }
      }
    }
    throw PocketIcException.notFound("unknown endpoint: " + method + " " + path);
  }

  // ------------------------------------------------------------------ read/update operations

  private IcHttpApi.Answer read(PocketIcInstance inst, String op, JsonNode req) throws Exception {
    Replica r = inst.replica();
    switch (op) {
      case "query":
        return query(inst, req);
      case "get_time":
        return time(inst);
      case "ingress_status":
        return ingressStatus(inst, req);
      case "get_cycles": {
        CanisterState c = canister(inst, principal(req, "canister_id"));
        return json(200, F.objectNode().put("cycles", c.system().cyclesBalance().value()));
      }
      case "get_stable_memory": {
        CanisterState c = canister(inst, principal(req, "canister_id"));
        byte[] mem = new byte[0];
        if (c.execution().isPresent()) {
          ExecutionState e = c.execution().get();
          long size = Math.multiplyExact(e.stableMemorySizeWasmPages(), 65536L);
          if (size > Integer.MAX_VALUE - 16) {
            throw PocketIcException.badRequest("stable memory of " + size
                + " bytes is too large to return");
          }
          mem = new byte[(int) size];
          e.stableMemory().read(0, mem, 0, mem.length);
        }
        return json(200, F.objectNode().put("blob", b64(mem)));
      }
      case "get_controllers": {
        CanisterState c = canister(inst, principal(req, "canister_id"));
        ArrayNode a = F.arrayNode();
        for (Principal p : c.system().controllers()) {
          a.add(F.objectNode().put("principal_id", b64(p.toByteArray())));
        }
        return json(200, a);
      }
      case "get_subnet": {
        Principal id = principal(req, "canister_id");
        return json(200, r.subnetOf(id).map(s -> (JsonNode) F.objectNode()
            .put("subnet_id", b64(s.id().toByteArray()))).orElse(F.nullNode()));
      }
      case "pub_key": {
        Principal sid = principal(req, "subnet_id");
        SubnetId subnet = new SubnetId(sid);
        if (inst.namedSubnets().stream().noneMatch(n -> n.id().equals(subnet))) {
          throw PocketIcException.badRequest("Subnet " + sid.toText() + " not found");
        }
        ArrayNode a = F.arrayNode();
        for (byte x : r.subnet(subnet).publicKey().toDer().toByteArray()) {
          a.add(x & 0xff);
        }
        return json(200, a);
      }
      default:
        throw PocketIcException.notFound("unknown endpoint: POST read/" + op);
    }
  }

  private IcHttpApi.Answer update(PocketIcInstance inst, String op, JsonNode req)
      throws Exception {
    Replica r = inst.replica();
    switch (op) {
      case "submit_ingress_message":
        return submit(inst, req);
      case "await_ingress_message":
        return awaitIngress(inst, req);
      case "execute_ingress_message": {
        IcHttpApi.Answer a = submit(inst, req);
        JsonNode sub = JSON.readTree(a.body());
        if (!sub.has("Ok")) {
          return a;
        }
        return awaitIngress(inst, sub.get("Ok"));
      }
      case "tick":
        r.tick();
        return json(200, F.nullNode());
      case "set_time":
      case "set_certified_time": {
        long t = req.path("nanos_since_epoch").asLong(-1);
        if (!req.path("nanos_since_epoch").isIntegralNumber() || t < 0) {
          throw PocketIcException.badRequest("nanos_since_epoch must be a non-negative integer");
        }
        synchronized (r) {
          long now = r.timeNanos();
          boolean certified = op.equals("set_certified_time");
          // A round runs at the clock + 1 ns: to certify exactly t, stop 1 ns before it.
          long target = certified ? t - 1 : t;
          if (target < now) {
            throw PocketIcException.badRequest("Time can only be moved forward: the instance "
                + "time is " + now + " ns, asked for " + t + " ns");
          }
          r.advanceTime(Duration.ofNanos(target - now));
          if (certified) {
            r.tick();
          }
        }
        return json(200, F.nullNode());
      }
      case "add_cycles": {
        Principal id = principal(req, "canister_id");
        JsonNode amount = req.path("amount");
        if (!amount.isIntegralNumber() || amount.bigIntegerValue().signum() < 0) {
          throw PocketIcException.badRequest("amount must be a non-negative integer");
        }
        canister(inst, id);
        CanisterId cid = new CanisterId(id);
        try {
          r.callManagement(Principal.anonymous(), cid, "provisional_top_up_canister",
              org.jicp.wasm.execution.ManagementApi.encode(
                  new org.jicp.wasm.execution.ManagementApi.TopUpArgs(id,
                      amount.bigIntegerValue())));
        } catch (Replica.CallRejectedException e) {
          throw PocketIcException.badRequest("add_cycles: " + e.getMessage());
        }
        return json(200, F.objectNode().put("cycles",
            canister(inst, id).system().cyclesBalance().value()));
      }
      case "set_stable_memory":
        return setStableMemory(inst, req);
      default:
        throw PocketIcException.notFound("unknown endpoint: POST update/" + op);
    }
  }

  private IcHttpApi.Answer setStableMemory(PocketIcInstance inst, JsonNode req) {
    Principal id = principal(req, "canister_id");
    String blobId = HexFormat.of().formatHex(bytes(req, "blob_id"));
    byte[] blob = blobs.get(blobId);
    if (blob == null) {
      throw PocketIcException.badRequest("blob not found: " + blobId);
    }
    Replica r = inst.replica();
    CanisterState c = canister(inst, id);
    if (c.execution().isEmpty()) {
      throw PocketIcException.badRequest("canister " + id.toText() + " has no code installed");
    }
    synchronized (r) {
      Replica.Snapshot snap = r.snapshot();
      SubnetId subnet = r.subnetOf(id).orElseThrow().id();
      List<ReplicatedState> states = new ArrayList<>(snap.states());
      for (int i = 0; i < states.size(); i++) {
        ReplicatedState s = states.get(i);
        if (!s.metadata().ownSubnetId().equals(subnet)) {
          continue;
        }
        CanisterState cs = s.canister(new CanisterId(id)).orElseThrow();
        ExecutionState e = cs.execution().orElseThrow();
        PageMap.Transaction tx = PageMap.empty().begin();
        tx.write(0, blob, 0, blob.length);
        long pages = (blob.length + 65535L) / 65536L;
        ExecutionState ne = e.withMemories(e.heap(), e.heapSizeWasmPages(), tx.commit(),
            Math.max(pages, 0), e.exportedGlobals());
        states.set(i, s.withCanister(cs.withExecution(ne)));
      }
      r.restore(new Replica.Snapshot(states, snap.clock(), snap.nonce()));
      r.tick();
    }
    return json(200, F.nullNode());
  }

  private static IcHttpApi.Answer time(PocketIcInstance inst) {
    return json(200, F.objectNode().put("nanos_since_epoch", inst.replica().timeNanos()));
  }

  // ------------------------------------------------------------------ calls

  /** A call as PocketIC's {@code RawCanisterCall}. */
  private record Call(Principal sender, CanisterId canister, String method, byte[] payload,
      JsonNode effectiveJson) {}

  private static Call call(JsonNode req) {
    String method = req.path("method").asText(null);
    if (method == null || !req.path("method").isTextual()) {
      throw PocketIcException.badRequest("missing method");
    }
    return new Call(principal(req, "sender"), new CanisterId(principal(req, "canister_id")),
        method, bytes(req, "payload"), req.path("effective_principal"));
  }

  /** The effective canister id of a call (routes it to a subnet), checked to be in a range. */
  private CanisterId effective(PocketIcInstance inst, Call c) {
    Replica r = inst.replica();
    JsonNode e = c.effectiveJson();
    CanisterId eff;
    if (e.isObject() && e.has("SubnetId")) {
      Principal sid = decodePrincipal(e.get("SubnetId"), "effective_principal.SubnetId");
      SubnetId subnet = new SubnetId(sid);
      if (inst.namedSubnets().stream().noneMatch(n -> n.id().equals(subnet))) {
        throw PocketIcException.badRequest("Subnet " + sid.toText()
            + " is not a subnet of this instance");
      }
      eff = r.subnet(subnet).ranges().ranges().get(0).start();
      if (isManagement(c) && c.method().equals("provisional_create_canister_with_cycles")) {
        Optional<Principal> specified = argField(c, "specified_id");
        if (specified.isPresent()) {
          eff = new CanisterId(specified.get());
        }
      }
    } else if (e.isObject() && e.has("CanisterId")) {
      eff = new CanisterId(decodePrincipal(e.get("CanisterId"), "effective_principal.CanisterId"));
    } else if (e.isMissingNode() || e.isNull() || (e.isTextual() && e.asText().equals("None"))) {
      if (isManagement(c)) {
        Optional<Principal> named = c.method().equals("provisional_create_canister_with_cycles")
            ? argField(c, "specified_id")
            : c.method().equals("install_chunked_code") ? argField(c, "target_canister")
            : argField(c, "canister_id");
        eff = named.map(CanisterId::new).orElse(defaultEffective(inst));
      } else {
        eff = c.canister();
      }
    } else {
      throw PocketIcException.badRequest("effective_principal must be \"None\", "
          + "{\"SubnetId\": …} or {\"CanisterId\": …}");
    }
    if (r.subnetOf(eff.principal()).isEmpty()) {
      throw PocketIcException.badRequest("CanisterId " + eff.principal().toText()
          + " does not belong to any subnet (outside every subnet's canister ranges)");
    }
    return eff;
  }

  private static boolean isManagement(Call c) {
    return c.canister().principal().isManagementCanister();
  }

  /** A principal field of the management call's Candid argument, if it has one. */
  private static Optional<Principal> argField(Call c, String field) {
    try {
      List<CandidValue> vs = CandidDecoder.standard().decode(c.payload()).values();
      if (vs.isEmpty() || !(vs.get(0) instanceof CandidValue.Record rec)) {
        return Optional.empty();
      }
      Optional<CandidValue> v = rec.get(field);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      CandidValue x = v.get();
      if (x instanceof CandidValue.Opt o) {
        if (o.value().isEmpty()) {
          return Optional.empty();
        }
        x = o.value().get();
      }
      return x instanceof CandidValue.PrincipalRef pr ? Optional.of(pr.principal())
          : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private CanisterId defaultEffective(PocketIcInstance inst) {
    return inst.replica().defaultSubnet().ranges().ranges().get(0).start();
  }

  private IcHttpApi.Answer query(PocketIcInstance inst, JsonNode req) {
    Call c = call(req);
    CanisterId eff = effective(inst, c);
    Replica r = inst.replica();
    try {
      byte[] out = isManagement(c) ? r.query(c.sender(), eff, c.method(), c.payload())
          : r.query(c.sender(), c.canister(), c.method(), c.payload());
      return json(200, F.objectNode().put("Ok", b64(out)));
    } catch (Replica.CallRejectedException e) {
      return json(200, F.objectNode().set("Err", reject(e, false)));
    }
  }

  private IcHttpApi.Answer submit(PocketIcInstance inst, JsonNode req) {
    Call c = call(req);
    CanisterId eff = effective(inst, c);
    MessageId m;
    try {
      m = inst.replica().submit(c.sender(), c.canister(), eff, c.method(), c.payload());
    } catch (Replica.CallRejectedException e) {
      return json(200, F.objectNode().set("Err", reject(e, false)));
    }
    ObjectNode ok = F.objectNode();
    ok.set("effective_principal", F.objectNode().put("CanisterId",
        b64(eff.principal().toByteArray())));
    ok.put("message_id", b64(m.toByteArray()));
    return json(200, F.objectNode().set("Ok", ok));
  }

  private record RawMessage(CanisterId effective, MessageId id) {}

  private RawMessage rawMessage(PocketIcInstance inst, JsonNode n) {
    if (!n.isObject()) {
      throw PocketIcException.badRequest("missing the raw message id");
    }
    byte[] id = bytes(n, "message_id");
    if (id.length != 32) {
      throw PocketIcException.badRequest("message_id must be 32 bytes, got " + id.length);
    }
    JsonNode e = n.path("effective_principal");
    CanisterId eff;
    if (e.isObject() && e.has("CanisterId")) {
      eff = new CanisterId(decodePrincipal(e.get("CanisterId"), "effective_principal"));
    } else if (e.isObject() && e.has("SubnetId")) {
      SubnetId s = new SubnetId(decodePrincipal(e.get("SubnetId"), "effective_principal"));
      if (inst.namedSubnets().stream().noneMatch(x -> x.id().equals(s))) {
        throw PocketIcException.badRequest("Subnet " + s + " is not a subnet of this instance");
      }
      eff = inst.replica().subnet(s).ranges().ranges().get(0).start();
    } else {
      eff = defaultEffective(inst);
    }
    if (inst.replica().subnetOf(eff.principal()).isEmpty()) {
      throw PocketIcException.badRequest("CanisterId " + eff.principal().toText()
          + " does not belong to any subnet");
    }
    return new RawMessage(eff, MessageId.of(id));
  }

  private IcHttpApi.Answer awaitIngress(PocketIcInstance inst, JsonNode req) {
    RawMessage m = rawMessage(inst, req);
    Replica r = inst.replica();
    if (r.ingressStatus(m.effective(), m.id()).isEmpty()
        && !r.subnetOf(m.effective().principal()).orElseThrow().hasWork()) {
      throw PocketIcException.badRequest("no ingress message " + m.id() + " is known");
    }
    try {
      return json(200, F.objectNode().put("Ok", b64(r.await(m.effective(), m.id()))));
    } catch (Replica.CallRejectedException e) {
      return json(200, F.objectNode().set("Err", reject(e, true)));
    } catch (IllegalStateException e) {
      throw PocketIcException.badRequest(e.getMessage());
    }
  }

  private IcHttpApi.Answer ingressStatus(PocketIcInstance inst, JsonNode req) {
    RawMessage m = rawMessage(inst, req.path("raw_message_id"));
    Optional<IngressStatus> st = inst.replica().ingressStatus(m.effective(), m.id());
    if (st.isEmpty() || !st.get().kind().isTerminal()) {
      return json(200, F.nullNode());
    }
    JsonNode caller = req.path("raw_caller");
    if (caller.isObject()) {
      Principal p = decodePrincipal(caller.path("principal_id"), "raw_caller.principal_id");
      if (!p.equals(st.get().user())) {
        throw new PocketIcException(403, "The user tries to access Request ID not signed by "
            + "the caller.");
      }
    }
    IngressStatus s = st.get();
    if (s.kind() == IngressStatus.Kind.REPLIED) {
      return json(200, F.objectNode().put("Ok", b64(s.reply().orElseThrow().toByteArray())));
    }
    if (s.kind() == IngressStatus.Kind.REJECTED) {
      ObjectNode e = F.objectNode();
      e.put("reject_code", rejectName(RejectCode.of((int) s.rejectCode())));
      e.put("reject_message", s.rejectMessage().orElse(""));
      e.put("error_code", s.errorCode().map(PocketIcServer::errorName).orElse("Unknown"));
      e.put("certified", true);
      return json(200, F.objectNode().set("Err", e));
    }
    return json(200, F.nullNode());
  }

  private static ObjectNode reject(Replica.CallRejectedException e, boolean certified) {
    String msg = e.getMessage();
    String prefix = e.code().code() + ": ";
    if (msg != null && msg.startsWith(prefix)) {
      msg = msg.substring(prefix.length());
    }
    ObjectNode o = F.objectNode();
    o.put("reject_code", rejectName(e.code()));
    o.put("reject_message", msg);
    o.put("error_code", e.errorCode().map(PocketIcServer::errorName).orElse("Unknown"));
    o.put("certified", certified);
    return o;
  }

  /** PocketIC's name of a reject code ({@code CanisterError}, …). */
  static String rejectName(RejectCode c) {
    return camel(c.name());
  }

  /** PocketIC's name of an error code ({@code CanisterCalledTrap}, …). */
  static String errorName(ErrorCode c) {
    return camel(c.name());
  }

  private static String camel(String upper) {
    StringBuilder b = new StringBuilder();
    for (String part : upper.split("_")) {
      if (!part.isEmpty()) {
        b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ topology

  private static ObjectNode topology(PocketIcInstance inst) {
    Replica r = inst.replica();
    ObjectNode configs = F.objectNode();
    List<Replica.SubnetInfo> infos = r.subnets();
    for (int i = 0; i < infos.size(); i++) {
      Replica.SubnetInfo s = infos.get(i);
      ObjectNode c = F.objectNode();
      c.put("subnet_kind", inst.namedSubnets().get(i).pocketIcKind());
      ArrayNode seed = c.putArray("subnet_seed");
      byte[] sid = s.id().toByteArray();
      byte[] h = sha256(sid);
      for (byte x : h) {
        seed.add(x & 0xff);
      }
      ArrayNode nodes = c.putArray("node_ids");
      for (var n : s.nodes()) {
        nodes.add(F.objectNode().put("node_id", b64(n.principal().toByteArray())));
      }
      c.put("instruction_config", "Production");
      c.put("size", s.nodes().size());
      ArrayNode ranges = c.putArray("canister_ranges");
      for (CanisterRange cr : s.ranges().ranges()) {
        ObjectNode range = F.objectNode();
        range.set("start", F.objectNode().put("canister_id",
            b64(cr.start().principal().toByteArray())));
        range.set("end", F.objectNode().put("canister_id",
            b64(cr.end().principal().toByteArray())));
        ranges.add(range);
      }
      configs.set(s.id().principal().toText(), c);
    }
    ObjectNode t = F.objectNode();
    t.set("subnet_configs", configs);
    t.set("default_effective_canister_id", F.objectNode().put("canister_id",
        b64(r.defaultSubnet().ranges().ranges().get(0).start().principal().toByteArray())));
    return t;
  }

  // ------------------------------------------------------------------ gateways

  private IcHttpApi.Answer createGateway(byte[] body) throws Exception {
    JsonNode req = JSON.readTree(body);
    if (req == null || !req.isObject()) {
      throw PocketIcException.badRequest("the body must be a JSON object");
    }
    JsonNode fwd = req.path("forward_to");
    if (!fwd.has("PocketIcInstance")) {
      throw PocketIcException.badRequest("forward_to must be {\"PocketIcInstance\": <id>} "
          + "(forwarding to a replica URL is not supported)");
    }
    PocketIcInstance inst = instance(fwd.get("PocketIcInstance").asText());
    int port = req.path("port").asInt(0);
    String host = req.hasNonNull("ip_addr") ? req.get("ip_addr").asText() : gatewayHost;
    int id;
    synchronized (inst) {
      id = inst.gatewayId() >= 0 ? inst.gatewayId() : nextGateway.getAndIncrement();
      port = inst.startGateway(id, host, port);
    }
    ObjectNode created = F.objectNode();
    created.put("instance_id", id);
    created.put("port", port);
    return json(200, F.objectNode().set("Created", created));
  }

  private IcHttpApi.Answer stopGateway(String idText) {
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      throw PocketIcException.badRequest("gateway id must be a number, got '" + idText + "'");
    }
    for (PocketIcInstance inst : instances.values()) {
      if (inst.gatewayId() == id) {
        inst.stopGateway();
        return json(200, F.nullNode());
      }
    }
    throw PocketIcException.notFound("HTTP gateway " + id + " not found");
  }

  // ------------------------------------------------------------------ helpers

  private CanisterState canister(PocketIcInstance inst, Principal id) {
    Replica r = inst.replica();
    if (r.subnetOf(id).isEmpty()) {
      throw PocketIcException.badRequest("CanisterId " + id.toText()
          + " does not belong to any subnet");
    }
    return r.stateOf(id).canister(new CanisterId(id)).orElseThrow(() ->
        PocketIcException.badRequest("CanisterNotFound: canister " + id.toText()
            + " not found"));
  }

  private static Principal principal(JsonNode req, String field) {
    return decodePrincipal(req.path(field), field);
  }

  private static Principal decodePrincipal(JsonNode n, String field) {
    byte[] b = decodeBase64(n, field);
    if (b.length > 29) {
      throw PocketIcException.badRequest(field + ": a principal has at most 29 bytes, got "
          + b.length);
    }
    return Principal.fromBytes(b);
  }

  private static byte[] bytes(JsonNode req, String field) {
    return decodeBase64(req.path(field), field);
  }

  private static byte[] decodeBase64(JsonNode n, String field) {
    if (!n.isTextual()) {
      throw PocketIcException.badRequest("missing " + field + " (base64)");
    }
    try {
      return Base64.getDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw PocketIcException.badRequest(field + " is not base64: " + e.getMessage());
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static IcHttpApi.Answer json(int status, JsonNode n) {
    try {
      return new IcHttpApi.Answer(status, JSON_TYPE, n.isNull() ? NULL : JSON.writeValueAsBytes(n));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static IcHttpApi.Answer error(int status, String message) {
    return json(status, F.objectNode().put("message", message));
  }

  /** Closes every instance. */
  @Override
  public void close() {
    for (PocketIcInstance i : instances.values()) {
      i.close();
    }
    instances.clear();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
