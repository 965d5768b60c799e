package org.jicp.replica.http.subnets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidException;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DidFile;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.replica.http.IcBackend;
import org.jicp.state.certification.BlsCertificateSigner;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateIssuer;
import org.jicp.state.certification.Delegation;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.CertifiedStateTree;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.state.tree.HashTree;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.jicp.wasm.cycles.FeeSchedule;

/**
 * An {@link IcBackend} over today's synchronous {@link Subnet}s, one per configured subnet, until
 * the replica (nodes, consensus, replicated ingress history) replaces it.
 *
 * <p>What is real: each subnet has its own BLS12-381 threshold key (here one secret, no shares)
 * that signs the root of its {@link CertifiedStateTree}; the subnet id is the self-authenticating
 * principal of that key; the root subnet (the NNS if configured, else the first) signs, at start,
 * a delegation for every other subnet revealing its key and canister ranges; each node has an
 * Ed25519 node signing key published at {@code /subnet/<id>/node/<node>/public_key} that signs
 * the query responses it answers. Canister ranges: subnet {@code i} (in configured order) hosts
 * canister indices {@code [i·2^20, (i+1)·2^20)}.
 *
 * <p><b>Temporary shims</b> (the replica replaces them): {@code Subnet} does not keep an ingress
 * history, so this adapter keeps the statuses (and senders) of the requests it executed in a map
 * per subnet and puts them into the state it certifies under {@code /request_status} — bounded to
 * the {@value #HISTORY_LIMIT} latest per subnet; an update executes synchronously inside {@link
 * #submit}, so {@link #awaitCertified} never waits; time follows the wall clock (each submission
 * advances the subnet's virtual time to it; rounds add none), so storage is not charged;
 * cross-subnet calls are not possible ({@code Subnet} routes only to its own canisters); the
 * management canister serves ingress {@code provisional_create_canister_with_cycles}, {@code
 * install_code}, {@code uninstall_code}, {@code update_settings} (controllers), {@code
 * start_canister}, {@code stop_canister} and {@code canister_status}; the delegation is issued once
 * at start (agents accept delegations up to 30 days old).
 */
public final class SubnetsBackend implements IcBackend {
  /** How many canister indices each subnet's range holds. */
  public static final long RANGE_SIZE = 1L << 20;
  /** The most request statuses kept per subnet (temporary ingress-history shim). */
  public static final int HISTORY_LIMIT = 1000;
  /** The IC's ingress size limit on application subnets: 2 MiB. */
  public static final int MAX_INGRESS_BYTES = 2 * 1024 * 1024;
  /** The IC's ingress size limit on the NNS subnet: 3.5 MiB. */
  public static final int MAX_INGRESS_BYTES_NNS = 3584 * 1024;
  /** The kinds {@code --subnets} accepts. */
  public static final List<String> KINDS =
      List.of("nns", "application", "system", "verified_application", "fiduciary");

  private static final byte[] RESPONSE_DOMAIN = "\u000Bic-response".getBytes(StandardCharsets.ISO_8859_1);
  private static final DidFile MANAGEMENT = loadDid();

  /**
   * How to build the backend.
   *
   * @param kinds subnet kinds in order (see {@link #KINDS})
   * @param nodesPerSubnet nodes per subnet (each with its own node signing key)
   * @param seed key material and {@code raw_rand} derive from it when present (deterministic
   *     keys); otherwise keys are drawn from a {@link SecureRandom}
   * @param wallClockNanos the wall clock (ns since the epoch), which subnet time follows
   * @param engine the wasm engine
   */
  public record Config(List<String> kinds, int nodesPerSubnet, OptionalLong seed,
      LongSupplier wallClockNanos, Engine engine) {
    /** Validates the components. */
    public Config {
      kinds = List.copyOf(kinds);
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("at least one subnet");
      }
      for (String k : kinds) {
        if (!KINDS.contains(k)) {
          throw new IllegalArgumentException("unknown subnet kind '" + k + "' (one of " + KINDS + ")");
        }
      }
      if (kinds.stream().filter("nns"::equals).count() > 1) {
        throw new IllegalArgumentException("at most one nns subnet");
      }
      if (nodesPerSubnet < 1 || nodesPerSubnet > 64) {
        throw new IllegalArgumentException("nodes per subnet must be 1..64, got " + nodesPerSubnet);
      }
      Objects.requireNonNull(seed, "seed");
      Objects.requireNonNull(wallClockNanos, "wallClockNanos");
      Objects.requireNonNull(engine, "engine");
    }

    /** The defaults of {@code jicp replica start}: NNS and one application subnet, 1 node. */
    public static Config defaults() {
      return new Config(List.of("nns", "application"), 1, OptionalLong.empty(),
          SubnetsBackend::systemNanos, Engine.COMPILER);
    }
  }

  private record Certified(CertifiedStateTree tree, Bytes signature) {}

  private final class Hosted {
    final SubnetInfo info;
    final Subnet subnet;
    final BlsCertificateSigner signer;
    final Map<NodeId, Ed25519SigningKey> nodeKeys;
    final ReentrantLock lock = new ReentrantLock();
    final Map<MessageId, IngressStatus> history = new HashMap<>();
    final Map<MessageId, Principal> senders = new java.util.concurrent.ConcurrentHashMap<>();
    final ArrayDeque<MessageId> order = new ArrayDeque<>();
    Optional<Delegation> delegation = Optional.empty();
    volatile Certified certified;

    Hosted(SubnetInfo info, Subnet subnet, BlsCertificateSigner signer,
        Map<NodeId, Ed25519SigningKey> nodeKeys) {
      this.info = info;
      this.subnet = subnet;
      this.signer = signer;
      this.nodeKeys = nodeKeys;
    }

    /** Certifies the subnet's current state with the shim history. Holds {@link #lock}. */
    void recertify() {
      ReplicatedState s = subnet.state();
      SubnetMetadata m = s.metadata();
      SubnetMetadata md = new SubnetMetadata(info.id(), info.type(),
          Math.max(m.timeNanos(), 0), routing, topologyFor(this), new TreeMap<>(history));
      ReplicatedState next = s.withMetadata(md);
      Certified prev = certified;
      CertifiedStateTree tree = prev == null ? CertifiedStateTree.of(next) : prev.tree().update(next);
      Bytes sig = signer.sign(Certificate.signedMessage(tree.rootHash()));
      certified = new Certified(tree, sig);
    }

    void record(MessageId id, Principal sender, IngressStatus st) {
      history.put(id, st);
      senders.put(id, sender);
      order.add(id);
      while (order.size() > HISTORY_LIMIT) {
        MessageId old = order.poll();
        history.remove(old);
        senders.remove(old);
      }
    }
  }

  private final Map<SubnetId, Hosted> subnets = new LinkedHashMap<>();
  private final Topology topology;
  private final RoutingTable routing;
  private final LongSupplier clock;
  private java.util.concurrent.ScheduledExecutorService ticker;

  private SubnetsBackend(Config config) {
    this.clock = config.wallClockNanos();
    SecureRandom rng = new SecureRandom();
    List<SubnetInfo> infos = new ArrayList<>();
    List<Hosted> hosted = new ArrayList<>();
    Map<CanisterRange, SubnetId> routes = new LinkedHashMap<>();
    long now = clock.getAsLong();
    for (int i = 0; i < config.kinds().size(); i++) {
      String kind = config.kinds().get(i);
      SecretKey sk = config.seed().isPresent()
          ? SecretKey.keyGen(derive(config.seed().getAsLong(), "subnet", i, 0), new byte[0])
          : SecretKey.random(rng);
      BlsCertificateSigner signer = new BlsCertificateSigner(sk);
      Bytes der = signer.publicKey().toDer();
      SubnetId id = new SubnetId(Principal.selfAuthenticating(der.toByteArray()));
      Map<NodeId, Ed25519SigningKey> nodeKeys = new LinkedHashMap<>();
      List<NodeInfo> nodes = new ArrayList<>();
      for (int n = 0; n < config.nodesPerSubnet(); n++) {
        Ed25519SigningKey k = config.seed().isPresent()
            ? Ed25519SigningKey.fromSeed(derive(config.seed().getAsLong(), "node", i, n))
            : Ed25519SigningKey.generate(rng);
        byte[] kd = k.publicKey().toDer();
        NodeId nid = new NodeId(Principal.selfAuthenticating(kd));
        nodeKeys.put(nid, k);
        nodes.add(new NodeInfo(nid, Bytes.of(kd)));
      }
      CanisterRange range = new CanisterRange(CanisterId.fromIndex(i * RANGE_SIZE),
          CanisterId.fromIndex((i + 1) * RANGE_SIZE - 1));
      routes.put(range, id);
      SubnetType type = typeOf(kind);
      SubnetInfo info = new SubnetInfo(id, kind, type, new CanisterRanges(List.of(range)), nodes,
          kind.equals("nns") ? MAX_INGRESS_BYTES_NNS : MAX_INGRESS_BYTES);
      ExecutionConfig ec = type == SubnetType.SYSTEM ? ExecutionConfig.systemSubnet()
          : ExecutionConfig.applicationSubnet();
      ec = new ExecutionConfig(ec.subnetType(), ec.maxInstructionsPerMessage(),
          ec.maxInstructionsPerQuery(), ec.maxInstructionsPerInstall(),
          ec.maxInstructionsPerRound(), ec.maxInstructionsPerInspectMessage(), ec.maxCallDepth(),
          ec.wasmMemoryLimitBytes(), 0);
      FeeSchedule fees = switch (kind) {
        case "nns", "system" -> FeeSchedule.systemSubnet();
        case "fiduciary" -> FeeSchedule.fiduciarySubnet();
        default -> FeeSchedule.applicationSubnet();
      };
      byte[] rand = config.seed().isPresent()
          ? derive(config.seed().getAsLong(), "raw_rand", i, 0) : rng.generateSeed(32);
      Subnet s = Subnet.create(config.engine(), ec, fees, rand, id, i * RANGE_SIZE, now);
      infos.add(info);
      hosted.add(new Hosted(info, s, signer, nodeKeys));
    }
    this.routing = new RoutingTable(routes);
    int root = Math.max(0, config.kinds().indexOf("nns"));
    SubnetInfo def = infos.stream().filter(s -> s.kind().equals("application")).findFirst()
        .orElse(infos.get(0));
    this.topology = new Topology(hosted.get(root).signer.publicKey().toDer(), infos,
        def.ranges().ranges().get(0).start());
    for (Hosted h : hosted) {
      subnets.put(h.info.id(), h);
    }
    Hosted rootSubnet = hosted.get(root);
    for (Hosted h : hosted) {
      h.lock.lock();
      try {
        h.recertify();
      } finally {
        h.lock.unlock();
      }
    }
    for (Hosted h : hosted) {
      if (h == rootSubnet) {
        continue;
      }
      Bytes sid = h.info.id().principal().bytes();
      Certified rc = rootSubnet.certified;
      HashTree w = rc.tree().tree().witness(List.of(
          List.of(HashTree.utf8("subnet"), sid, HashTree.utf8("public_key")),
          List.of(HashTree.utf8("subnet"), sid, HashTree.utf8("canister_ranges")),
          List.of(HashTree.utf8("canister_ranges"), sid),
          List.of(HashTree.utf8("time"))));
      h.delegation = Optional.of(CertificateIssuer.delegation(h.info.id(),
          new Certificate(w, rc.signature(), Optional.empty())));
    }
  }

  /** Starts the subnets: keys, empty states, first certification, delegations. */
  public static SubnetsBackend start(Config config) {
    return new SubnetsBackend(Objects.requireNonNull(config, "config"));
  }

  /** The wall clock in ns since the epoch. */
  public static long systemNanos() {
    java.time.Instant t = java.time.Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static SubnetType typeOf(String kind) {
    return switch (kind) {
      case "nns", "system" -> SubnetType.SYSTEM;
      case "verified_application" -> SubnetType.VERIFIED_APPLICATION;
      default -> SubnetType.APPLICATION;
    };
  }

  private static byte[] derive(long seed, String what, int i, int j) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("jicp replica start".getBytes(StandardCharsets.US_ASCII));
      d.update(what.getBytes(StandardCharsets.US_ASCII));
      d.update(ByteBuffer.allocate(16).putLong(seed).putInt(i).putInt(j).array());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private TreeMap<SubnetId, SubnetTopology> topologyFor(Hosted own) {
    TreeMap<SubnetId, SubnetTopology> t = new TreeMap<>();
    for (Hosted h : subnets.values()) {
      TreeMap<NodeId, Bytes> nodes = new TreeMap<>();
      if (h == own) {
        for (NodeInfo n : h.info.nodes()) {
          nodes.put(n.id(), n.publicKeyDer());
        }
      }
      t.put(h.info.id(), new SubnetTopology(h.signer.publicKey().toDer(), h.info.type(), nodes));
    }
    return t;
  }

  private Hosted hosted(SubnetId id) {
    Hosted h = subnets.get(id);
    if (h == null) {
      throw new IllegalArgumentException("no subnet " + id);
    }
    return h;
  }

  @Override
  public Topology topology() {
    return topology;
  }

  /** The subnets' {@link Subnet}s, by id (tests and the command's start-up lines). */
  public Subnet subnet(SubnetId id) {
    return hosted(id).subnet;
  }

  @Override
  public Submission submit(SubnetId subnetId, Ingress m) {
    Hosted h = hosted(subnetId);
    h.lock.lock();
    try {
      if (h.history.containsKey(m.id())) {
        return new Submission.Accepted();
      }
      h.subnet.advanceTimeTo(clock.getAsLong());
      CallResult r;
      if (m.canister().principal().isManagementCanister()) {
        Object o = management(h, m);
        if (o instanceof Submission.Rejected rej) {
          return rej;
        }
        r = (CallResult) o;
      } else {
        if (h.subnet.state().canister(m.canister()).isEmpty()) {
          return new Submission.Rejected(RejectCode.DESTINATION_INVALID,
              "Canister " + m.canister() + " not found", ErrorCode.CANISTER_NOT_FOUND);
        }
        r = h.subnet.update(m.canister(), m.method(), m.arg().toByteArray(), m.sender());
        if (r instanceof CallResult.Reject rej
            && rej.message().contains("in canister_inspect_message")) {
          return new Submission.Rejected(rej.code(), rej.message(),
              ErrorCode.CANISTER_REJECTED_MESSAGE);
        }
      }
      h.record(m.id(), m.sender(), status(r));
      h.recertify();
      return new Submission.Accepted();
    } finally {
      h.lock.unlock();
    }
  }

  private static IngressStatus status(CallResult r) {
    if (r instanceof CallResult.Reply rep) {
      return IngressStatus.replied(rep.data());
    }
    CallResult.Reject rej = (CallResult.Reject) r;
    return IngressStatus.rejected(rej.code().code(), rej.message(),
        Optional.of(ErrorCodes.of(rej.code(), rej.message()).text()));
  }

  // ------------------------------------------------------------------ management (ingress)

  /** A {@link CallResult} (replicated outcome) or a {@link Submission.Rejected}. */
  private Object management(Hosted h, Ingress m) {
    CandidType argType = switch (m.method()) {
      case "provisional_create_canister_with_cycles" ->
          type("provisional_create_canister_with_cycles_args");
      case "install_code" -> type("install_code_args");
      case "update_settings" -> type("update_settings_args");
      case "uninstall_code", "start_canister", "stop_canister", "canister_status" ->
          type("canister_id_args");
      default -> null;
    };
    if (argType == null) {
      return new Submission.Rejected(RejectCode.DESTINATION_INVALID, "Management canister method '"
          + m.method() + "' is not supported over ingress by this replica",
          ErrorCode.UNKNOWN_MANAGEMENT_MESSAGE);
    }
    CandidValue.Record arg;
    try {
      arg = (CandidValue.Record) CandidDecoder.standard().decodeOne(m.arg().toByteArray(), argType);
    } catch (CandidException | ClassCastException e) {
      return new Submission.Rejected(RejectCode.CANISTER_ERROR, "Error decoding the argument of "
          + "management canister method " + m.method() + ": " + e.getMessage(),
          ErrorCode.INVALID_MANAGEMENT_PAYLOAD);
    }
    Subnet s = h.subnet;
    if (m.method().equals("provisional_create_canister_with_cycles")) {
      if (opt(arg, "specified_id").isPresent()) {
        return new Submission.Rejected(RejectCode.CANISTER_REJECT,
            "specified_id is not supported by this replica", ErrorCode.CANISTER_REJECTED_MESSAGE);
      }
      Cycles cycles = opt(arg, "amount")
          .map(v -> new Cycles(((CandidValue.Nat) v).value().min(Cycles.MAX_VALUE)))
          .orElse(FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      List<Principal> controllers = opt(arg, "settings")
          .flatMap(st -> opt((CandidValue.Record) st, "controllers"))
          .map(SubnetsBackend::principals).orElse(List.of(m.sender()));
      CanisterId id = s.createCanister(cycles);
      s.setControllers(id, controllers);
      return reply(CandidEncoder.encode(type("provisional_create_canister_with_cycles_result"),
          CandidValue.record(CandidValue.field("canister_id",
              CandidValue.principal(id.principal())))));
    }
    CanisterId target = new CanisterId(
        ((CandidValue.PrincipalRef) arg.get("canister_id").orElseThrow()).principal());
    Optional<CanisterState> cs = s.state().canister(target);
    if (cs.isEmpty()) {
      return new Submission.Rejected(RejectCode.DESTINATION_INVALID,
          "Canister " + target + " not found", ErrorCode.CANISTER_NOT_FOUND);
    }
    if (m.method().equals("canister_status")) {
      return s.canisterStatus(target, m.sender());
    }
    if (!cs.get().system().controllers().contains(m.sender())) {
      return reject(RejectCode.CANISTER_ERROR, "Only the controllers of the canister " + target
          + " can control it.");
    }
    switch (m.method()) {
      case "install_code" -> {
        CandidValue.Variant mode = (CandidValue.Variant) arg.get("mode").orElseThrow();
        InstallMode im = switch (mode.label().nameIfAny().orElse("")) {
          case "install" -> InstallMode.INSTALL;
          case "reinstall" -> InstallMode.REINSTALL;
          default -> InstallMode.UPGRADE;
        };
        byte[] wasm = ((CandidValue.Blob) arg.get("wasm_module").orElseThrow()).bytes().toByteArray();
        byte[] a = ((CandidValue.Blob) arg.get("arg").orElseThrow()).bytes().toByteArray();
        return empty(s.install(target, wasm, a, im));
      }
      case "uninstall_code" -> {
        return empty(s.uninstall(target));
      }
      case "start_canister" -> {
        s.setStatus(target, CanisterStatus.RUNNING);
        return reply(CandidEncoder.empty());
      }
      case "stop_canister" -> {
        s.setStatus(target, CanisterStatus.STOPPED);
        return reply(CandidEncoder.empty());
      }
      case "update_settings" -> {
        CandidValue.Record st = (CandidValue.Record) arg.get("settings").orElseThrow();
        opt(st, "controllers").map(SubnetsBackend::principals)
            .ifPresent(c -> s.setControllers(target, c));
        return reply(CandidEncoder.empty());
      }
      default -> throw new IllegalStateException(m.method());
    }
  }

  private static CallResult empty(CallResult r) {
    return r.isReply() ? reply(CandidEncoder.empty()) : r;
  }

  private static CallResult reply(byte[] b) {
    return new CallResult.Reply(Bytes.of(b));
  }

  private static CallResult reject(RejectCode c, String m) {
    return new CallResult.Reject(c, m);
  }

  private static Optional<CandidValue> opt(CandidValue.Record r, String field) {
    return r.get(field).flatMap(v -> ((CandidValue.Opt) v).value());
  }

  private static List<Principal> principals(CandidValue v) {
    List<Principal> out = new ArrayList<>();
    for (CandidValue e : ((CandidValue.Vec) v).elements()) {
      out.add(((CandidValue.PrincipalRef) e).principal());
    }
    return out;
  }

  private static CandidType type(String name) {
    return MANAGEMENT.type(name).orElseThrow(() -> new IllegalStateException("did: " + name));
  }

  private static DidFile loadDid() {
    try (InputStream in = SubnetsBackend.class.getResourceAsStream("ingress-management.did")) {
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ the rest of the port

  @Override
  public Optional<IngressStatus> awaitCertified(SubnetId subnet, MessageId id, Duration timeout) {
    Certified c = hosted(subnet).certified;
    IngressStatus st = c.tree().state().metadata().ingressHistory().get(id);
    if (st != null && (st.kind() == IngressStatus.Kind.REPLIED
        || st.kind() == IngressStatus.Kind.REJECTED)) {
      return Optional.of(st);
    }
    return Optional.empty();
  }

  @Override
  public QueryResult query(SubnetId subnetId, Query q) {
    Hosted h = hosted(subnetId);
    CallResult r;
    h.lock.lock();
    try {
      if (q.canister().principal().isManagementCanister()) {
        return new QueryResult.Rejected(RejectCode.DESTINATION_INVALID,
            "Management canister queries are not supported by this replica",
            ErrorCode.UNKNOWN_MANAGEMENT_MESSAGE);
      }
      if (h.subnet.state().canister(q.canister()).isEmpty()) {
        return new QueryResult.Rejected(RejectCode.DESTINATION_INVALID,
            "Canister " + q.canister() + " not found", ErrorCode.CANISTER_NOT_FOUND);
      }
      r = h.subnet.query(q.canister(), q.method(), q.arg().toByteArray(), q.sender());
    } finally {
      h.lock.unlock();
    }
    if (r instanceof CallResult.Reply rep) {
      return new QueryResult.Replied(rep.data());
    }
    CallResult.Reject rej = (CallResult.Reject) r;
    return new QueryResult.Rejected(rej.code(), rej.message(),
        ErrorCodes.of(rej.code(), rej.message()));
  }

  @Override
  public Bytes signQueryResponse(SubnetId subnet, NodeId node, Bytes responseHash) {
    Ed25519SigningKey k = hosted(subnet).nodeKeys.get(node);
    if (k == null) {
      throw new IllegalArgumentException("node " + node + " is not in subnet " + subnet);
    }
    byte[] msg = new byte[RESPONSE_DOMAIN.length + responseHash.length()];
    System.arraycopy(RESPONSE_DOMAIN, 0, msg, 0, RESPONSE_DOMAIN.length);
    responseHash.copyTo(msg, RESPONSE_DOMAIN.length);
    return Bytes.of(k.sign(msg));
  }

  /** Certified {@code /time} may lag the wall clock by this much before a read recertifies. */
  public static final long MAX_CERTIFIED_TIME_LAG_NANOS = 1_000_000_000L;

  @Override
  public Bytes certificate(SubnetId subnet, List<List<Bytes>> paths) {
    Hosted h = hosted(subnet);
    Certified c = h.certified;
    long now = clock.getAsLong();
    if (now - c.tree().state().metadata().timeNanos() > MAX_CERTIFIED_TIME_LAG_NANOS) {
      // An idle subnet: certify the same state at the current time, so that agents, which
      // check /time against their clock, accept the certificate.
      h.lock.lock();
      try {
        h.subnet.advanceTimeTo(now);
        h.recertify();
      } finally {
        h.lock.unlock();
      }
      c = h.certified;
    }
    List<List<Bytes>> all = new ArrayList<>(paths);
    all.add(List.of(HashTree.utf8("time")));
    HashTree w = c.tree().tree().witness(all);
    return Bytes.of(new Certificate(w, c.signature(), h.delegation).encode());
  }

  @Override
  public long certifiedHeight(SubnetId subnet) {
    return hosted(subnet).certified.tree().state().height().value();
  }

  @Override
  public Optional<Principal> requestSender(SubnetId subnet, MessageId id) {
    return Optional.ofNullable(hosted(subnet).senders.get(id));
  }

  @Override
  public Optional<List<Principal>> controllers(CanisterId canister) {
    Optional<SubnetInfo> s = topology.route(canister.principal());
    if (s.isEmpty()) {
      return Optional.empty();
    }
    return hosted(s.get().id()).certified.tree().state().canister(canister)
        .map(cs -> List.copyOf(cs.system().controllers()));
  }

  /**
   * Live mode: every {@code period}, each subnet advances to the wall clock, runs one round
   * (heartbeats, timers) and certifies the result, until {@link #close()}.
   */
  public synchronized void startLiveRounds(Duration period) {
    if (ticker != null) {
      throw new IllegalStateException("live rounds already started");
    }
    ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jicp-live-rounds");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(() -> {
      for (Hosted h : subnets.values()) {
        h.lock.lock();
        try {
          h.subnet.advanceTimeTo(clock.getAsLong());
          h.subnet.tick(1);
          h.recertify();
        } catch (RuntimeException e) {
          // a round that fails leaves the subnet as it was; the next one tries again
        } finally {
          h.lock.unlock();
        }
      }
    }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (ticker != null) {
        ticker.shutdownNow();
        try {
          ticker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    for (Hosted h : subnets.values()) {
      h.lock.lock();
      try {
        h.subnet.close();
        for (Ed25519SigningKey k : h.nodeKeys.values()) {
          k.destroy();
        }
      } finally {
        h.lock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "SubnetsBackend" + subnets.keySet();
  }
}
