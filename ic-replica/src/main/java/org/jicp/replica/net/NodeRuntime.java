package org.jicp.replica.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.ArtifactCodec;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.certification.CertificationCodec;
import org.jicp.consensus.certification.CertificationMessage;
import org.jicp.consensus.component.Genesis;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.replica.Replica;
import org.jicp.replica.http.EnvelopeIngressVerifier;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.node.ArtifactNetwork;
import org.jicp.replica.node.IngressPool;
import org.jicp.replica.node.ReplicaNode;
import org.jicp.replica.node.ReplicaPayloadBuilder;
import org.jicp.state.FileLayer;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.Delegation;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.sync.StateSync;
import org.jicp.state.sync.StateSyncServer;
import org.jicp.state.sync.StateSyncTransport;
import org.jicp.state.tree.HashTree;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.Time;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * One node of a multi-process testnet: its {@link ReplicaNode} (consensus, certification, message
 * routing, state manager with checkpoints) driven by the wall clock, talking to its subnet's other
 * nodes over a {@link TlsTransport}.
 *
 * <ul>
 *   <li>Consensus and certification artifacts the node makes go to every peer (aggregates —
 *       notarizations, finalizations, beacons, tapes — are made by each node itself, as in
 *       {@code SubnetRuntime}); its latest catch-up package goes out whenever it changes and
 *       every few seconds, so a node that restarts learns where the subnet is.
 *   <li>Ingress accepted here is gossiped to the peers (frame kind {@link #KIND_INGRESS}); blocks
 *       check it again (signatures, expiry) when they are validated.
 *   <li>State sync: a node whose catch-up package is above its state fetches that checkpoint from
 *       its peers with {@code ic-state}'s {@link StateSync} (meta-manifest, manifest slices and
 *       chunks each checked against the package's manifest hash, a failed or lying peer replaced
 *       by the next, an interrupted sync resumed from its scratchpad), over frame kinds
 *       {@link #KIND_SYNC_REQUEST} and {@link #KIND_SYNC_CHUNK}; peers are asked in a rotating
 *       order, and chunks are fetched from all of them at once. The node then continues from the
 *       package.
 *   <li>Artifacts go out with {@link TlsTransport#broadcast(ArtifactNetwork.Channel, Bytes)}:
 *       pushed under 1 KiB, advertised and fetched from there on. Nothing is acknowledged: every
 *       two seconds the node re-sends what it made for its last few heights, so a lost frame
 *       delays a peer but does not strand it.
 * </ul>
 *
 * <p>The node's directory starts empty at each start: a restarted node catches up by state sync.
 */
public final class NodeRuntime implements AutoCloseable {
  /** Frame kind: an ingress message ({@code id ‖ expiry ‖ envelope}). */
  public static final int KIND_INGRESS = TlsTransport.KIND_USER;
  /** Frame kind: a state-sync chunk request ({@code request ‖ height ‖ chunk id}). */
  public static final int KIND_SYNC_REQUEST = TlsTransport.KIND_USER + 1;
  /** Frame kind: a state-sync chunk ({@code request ‖ status ‖ bytes}). */
  public static final int KIND_SYNC_CHUNK = TlsTransport.KIND_USER + 2;
  private static final long CUP_REBROADCAST_NANOS = 3_000_000_000L;

  private final NodeConfig config;
  private final TestnetGenesis genesis;
  private final TestnetGenesis.Subnet subnet;
  private final NodeId id;
  private final IngressPool pool = new IngressPool();
  private final RoundExecutor executor;
  private final StateManager store;
  private final ReplicaNode node;
  private final TlsTransport transport;
  private final XNetClient xnet;
  private final XNetEndpoint xnetEndpoint;
  private final Consumer<String> log;
  private final Thread driver;
  /** Stall reports: no completed driver loop, or no new finalized height, for this long. */
  static final long WATCHDOG_STALL_NANOS = 30_000_000_000L;
  private final NodeWatchdog watchdog;
  private final Thread watchdogThread;
  private final Object signal = new Object();
  private final ExecutorService syncServer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "jicp-state-sync-server");
    t.setDaemon(true);
    return t;
  });
  private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private volatile boolean running = true;
  private volatile Optional<Delegation> delegation = Optional.empty();
  private Height lastCupSent;
  private long lastCupSentAt;
  private int rotation;
  // state sync in progress (driver thread only, except the result written by the sync thread)
  private Thread syncing;
  private volatile StateManager.Checkpoint synced;
  private volatile String syncReport = "";

  /** Composes the node of {@code config} and starts it (transport, consensus, driver, XNet). */
  public NodeRuntime(NodeConfig config, Consumer<String> log) {
    this(config, log, UnaryOperator.identity());
  }

  /**
   * Composes the node of {@code config} and starts it, with the other subnets' XNet endpoints
   * (each node's {@code http://host:port} from the configuration, by subnet id) passed through
   * {@code xnetSources} first (tests put a forging endpoint in front of a subnet).
   */
  public NodeRuntime(NodeConfig config, Consumer<String> log,
      UnaryOperator<Map<SubnetId, List<URI>>> xnetSources) {
    this.config = config;
    this.log = log;
    this.genesis = new TestnetGenesis(config);
    this.subnet = genesis.subnets().get(config.subnet());
    this.id = subnet.nodes().get(config.node()).node();
    Path dir = Path.of(config.stateDir()).resolve("state");
    FileLayer.DEFAULT.deleteRecursively(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    this.store = StateManager.open(dir, FileLayer.DEFAULT, 3);
    ReplicatedState genesisState = RoundExecutor.genesis(subnet.id(), subnet.kind().type(),
        config.genesisNanos(), genesis.routingTable(), genesis.topology());
    StateManager.Checkpoint cp = store.checkpoint(genesisState);
    CatchUpPackage cup = Genesis.catchUpPackage(subnet.transcripts().low(),
        subnet.transcripts().high(), subnet.nodeIds(), subnet.consensus(),
        new CryptoHash(cp.manifest().hash()));
    this.executor = executorFor(subnet.kind());
    executor.addLogListener(log::accept);
    var topology = genesis.networkTopology();
    this.xnet = new XNetClient(subnet.id(), xnetSources.apply(defaultXnetSources()),
        sender -> topology.publicKey(sender, org.jicp.types.RegistryVersion.ZERO),
        XNetClient.Limits.defaults(), log);
    this.node = new ReplicaNode(new ReplicaNode.Config(subnet.id(),
        subnet.nodes().get(config.node()), subnet.registry(), cup, subnet.consensus(), executor,
        cp.state(), store, topology,
        sm -> new ReplicaPayloadBuilder(subnet.id(), pool, sm, topology, xnet,
            new EnvelopeIngressVerifier(
                new IcSenderAuthenticator(genesis.root().publicKey().toDer()))),
        new SecureRandom(), log));
    node.stateSync(this::fetchState);
    this.xnetEndpoint = new XNetEndpoint(() -> node.stateManager().latestCertifiedEntry());
    NodeConfig.Address me = config.address(config.subnet(), config.node());
    this.transport = new TlsTransport(subnet.tls().get(config.node()),
        new InetSocketAddress(me.host(), me.p2pPort()), genesis.members(config.subnet()),
        TlsTransport.Limits.defaults());
    transport.onArrival(this::wake);
    transport.onFrame(KIND_INGRESS, this::receiveIngress);
    transport.onFrame(KIND_SYNC_REQUEST, (from, b) -> syncServer.execute(() -> serve(from, b)));
    transport.onFrame(KIND_SYNC_CHUNK, this::receiveChunk);
    node.start(Time.ofNanos(Math.max(now(), config.genesisNanos())));
    xnet.start();
    this.watchdog = new NodeWatchdog(id.toString(), WATCHDOG_STALL_NANOS, System::nanoTime,
        log);
    this.driver = new Thread(this::drive, "jicp-node-driver");
    driver.setDaemon(true);
    driver.start();
    this.watchdogThread = new Thread(this::watch, "jicp-node-watchdog");
    watchdogThread.setDaemon(true);
    watchdogThread.start();
    if (!genesis.root().id().equals(subnet.id())) {
      Thread d = new Thread(this::fetchDelegations, "jicp-nns-delegation");
      d.setDaemon(true);
      d.start();
    }
  }

  /**
   * On a node of a subnet other than the root subnet: fetches this subnet's NNS delegation as the
   * IC's replica does when it starts — a read_state of {@code /subnet/<sid>/public_key}, {@code
   * /subnet/<sid>/canister_ranges} and {@code /canister_ranges/<sid>} from the root subnet's
   * nodes, in turn — keeps it only if it verifies under the root key, and refreshes it every
   * minute (every second until the first one arrives). Until then the node's certificates carry
   * no delegation.
   */
  private void fetchDelegations() {
    SubnetId root = genesis.root().id();
    List<String> urls = new ArrayList<>();
    for (NodeConfig.Address a : config.nodes()) {
      if (a.subnet() == genesis.root().index()) {
        urls.add("http://" + a.host() + ":" + a.httpPort());
      }
    }
    int next = 0;
    boolean first = true;
    while (running && !urls.isEmpty()) {
      boolean got = false;
      for (int i = 0; i < urls.size() && !got; i++) {
        String url = urls.get((next + i) % urls.size());
        try {
          Optional<Delegation> d = requestDelegation(url, root);
          if (d.isPresent()) {
            delegation(d.get());
            got = true;
            next = (next + i + 1) % urls.size();
            if (first) {
              log.accept("NNS delegation for subnet " + subnet.id() + " from " + url);
              first = false;
            }
          }
        } catch (IOException | RuntimeException e) {
          // the root subnet's node is not up yet, or answered badly: ask the next one
        }
      }
      try {
        Thread.sleep(got ? 60_000 : 1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One delegation request to the root subnet's node at {@code url}; empty unless it verifies. */
  private Optional<Delegation> requestDelegation(String url, SubnetId root) throws IOException {
    Map<String, Object> content = new java.util.LinkedHashMap<>();
    content.put("request_type", "read_state");
    content.put("sender", Principal.anonymous().bytes());
    content.put("ingress_expiry", (System.currentTimeMillis() + 240_000L) * 1_000_000L);
    content.put("paths", Delegation.paths(subnet.id()));
    org.jicp.replica.http.HttpExchange.Answer a = org.jicp.replica.http.HttpExchange.exchange(url,
        "POST", "/api/v2/subnet/" + root.principal().toText() + "/read_state",
        org.jicp.replica.http.CborValues.encode(Map.of("content", content)),
        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10));
    if (a.status() != 200) {
      return Optional.empty();
    }
    Object m;
    try {
      m = org.jicp.replica.http.CborValues.decode(a.body());
    } catch (org.jicp.replica.http.CborValues.MalformedCborException e) {
      return Optional.empty();
    }
    if (!(m instanceof Map<?, ?> map) || !(map.get("certificate") instanceof Bytes cert)) {
      return Optional.empty();
    }
    Certificate c = Certificate.decode(cert.toByteArray());
    boolean valid = org.jicp.state.certification.CertificateVerifier.withoutFreshness(
        genesis.root().publicKey(),
        org.jicp.state.certification.CertificateSignatureVerifier.ic())
        .verifyForSubnet(c, root).isValid();
    boolean holdsKey = c.lookup(Delegation.paths(subnet.id()).get(0)).status()
        == org.jicp.state.tree.LookupStatus.FOUND;
    return valid && holdsKey && c.delegation().isEmpty()
        ? Optional.of(new Delegation(subnet.id(), cert)) : Optional.empty();
  }

  /** The delegation this node's certificates carry (empty on the root subnet, or until fetched). */
  public Optional<Delegation> delegation() {
    return delegation;
  }

  private static RoundExecutor executorFor(Replica.SubnetKind k) {
    boolean system = k.type() == org.jicp.types.SubnetType.SYSTEM;
    FeeSchedule fees = system ? FeeSchedule.systemSubnet()
        : k == Replica.SubnetKind.FIDUCIARY ? FeeSchedule.fiduciarySubnet()
        : FeeSchedule.applicationSubnet();
    RoundExecutor.Builder eb = RoundExecutor.builder()
        .config(system ? ExecutionConfig.systemSubnet() : ExecutionConfig.applicationSubnet())
        .fees(fees);
    org.jicp.bigmap.BigMapCanisters.factories().forEach(eb::nativeCanister);
    org.jicp.nns.sns.SnsCanisterFactory.all().forEach(eb::nativeCanister); // SNS canisters, deployed by SNS-W
    return eb.build();
  }

  private static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  /** The node id. */
  public NodeId id() {
    return id;
  }

  /** The testnet's genesis (every subnet's ids, keys, ranges). */
  public TestnetGenesis genesis() {
    return genesis;
  }

  /** This node's subnet. */
  public TestnetGenesis.Subnet subnet() {
    return subnet;
  }

  /** The configuration. */
  public NodeConfig config() {
    return config;
  }

  /** The other subnets' XNet endpoints as the configuration lists them, by subnet id. */
  private Map<SubnetId, List<URI>> defaultXnetSources() {
    Map<SubnetId, List<URI>> m = new java.util.TreeMap<>();
    for (NodeConfig.Address a : config.nodes()) {
      SubnetId s = genesis.subnets().get(a.subnet()).id();
      if (a.subnet() != config.subnet()) {
        m.computeIfAbsent(s, k -> new ArrayList<>())
            .add(URI.create("http://" + a.host() + ":" + a.httpPort()));
      }
    }
    return m;
  }

  /** The XNet client (fetches the other subnets' certified streams to this one). */
  public XNetClient xnet() {
    return xnet;
  }

  /** The XNet endpoint (serves this subnet's certified streams; mounted by the HTTP server). */
  public XNetEndpoint xnetEndpoint() {
    return xnetEndpoint;
  }

  /** The transport (counters, connected peers). */
  public TlsTransport transport() {
    return transport;
  }

  /** The node's state manager. */
  public ReplicatedStateManager stateManager() {
    return node.stateManager();
  }

  /** The node's executor. */
  public RoundExecutor executor() {
    return executor;
  }

  /** The subnet's ingress pool as this node sees it. */
  public IngressPool pool() {
    return pool;
  }

  /** The node's finalized height. */
  public synchronized Height finalizedHeight() {
    return node.finalizedHeight();
  }

  /** The last state sync's outcome ("" before any). */
  public String syncReport() {
    return syncReport;
  }

  /** Sets the root subnet's delegation for this subnet's certificates. */
  public void delegation(Delegation d) {
    this.delegation = Optional.of(d);
  }

  /** Admits an ingress message into the pool and gossips it; false if it was there already. */
  public boolean submit(IngressMessage m) {
    if (!pool.add(m)) {
      return false;
    }
    transport.broadcast(KIND_INGRESS, encodeIngress(m));
    wake();
    return true;
  }

  private static Bytes encodeIngress(IngressMessage m) {
    byte[] c = m.content().toByteArray();
    ByteBuffer b = ByteBuffer.allocate(MessageId.LENGTH + 8 + c.length);
    b.put(m.messageId().toByteArray()).putLong(m.expiry().nanos()).put(c);
    return Bytes.of(b.array());
  }

  private void receiveIngress(NodeId from, Bytes bytes) {
    byte[] b = bytes.toByteArray();
    if (b.length < MessageId.LENGTH + 8) {
      malformed.incrementAndGet();
      return;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(b);
      byte[] mid = new byte[MessageId.LENGTH];
      in.get(mid);
      long expiry = in.getLong();
      byte[] content = new byte[in.remaining()];
      in.get(content);
      IngressMessage m = new IngressMessage(MessageId.of(mid), Time.ofNanos(expiry),
          Bytes.of(content));
      org.jicp.replica.node.IngressCodec.decode(m); // the id is the request id of the content
      if (pool.add(m)) {
        wake();
      }
    } catch (RuntimeException e) {
      malformed.incrementAndGet();
    }
  }

  /** Inputs (artifacts, ingress) from peers this node dropped as malformed. */
  public long malformedInputs() {
    return malformed.get();
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void drive() {
    while (running) {
      long waitMs = 50;
      try {
        synchronized (this) {
          boolean more = passes(() -> Math.max(now(), config.genesisNanos()),
              TURN_BUDGET_NANOS, passTime -> {
                boolean again = false;
                for (ArtifactNetwork.Delivery d : transport.drain()) {
                  try {
                    if (d.channel() == ArtifactNetwork.Channel.CONSENSUS) {
                      again |= node.receive(ArtifactCodec.decode(d.bytes()));
                    } else {
                      again |= node.receive(CertificationCodec.decode(d.bytes()));
                    }
                  } catch (MalformedArtifactException e) {
                    malformed.incrementAndGet();
                  }
                }
                ReplicaNode.Outbox o = node.step(Time.ofNanos(passTime));
                gossip(o);
                return again | o.progressed();
              });
          if (more) {
            waitMs = 0; // the turn's budget ran out with work left: go on after the duties
          }
          long t = Math.max(now(), config.genesisNanos());
          Time time = Time.ofNanos(t);
          ReplicatedState latest = node.stateManager().latestState();
          pool.removeIf(m -> latest.metadata().ingressHistory().get(m).isPresent());
          sendCup(t);
          resend(t);
          report(t);
          Optional<Time> next = node.nextWakeUp(time);
          if (next.isPresent() && waitMs > 0) {
            waitMs = Math.max(1, Math.min(waitMs, (next.get().nanos() - t) / 1_000_000L + 1));
          }
          notifyAll();
          watchdog.loopDone(node.finalizedHeight().value());
        }
        if (waitMs > 0) {
          synchronized (signal) {
            signal.wait(waitMs);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) { // an interrupted fsync while closing is no failure
          log.accept("node " + id + " step failed: " + e);
        }
      } catch (Error e) { // the loop ends: say so in the node log, with where
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        log.accept("node " + id + " driver loop ended by " + w);
        throw e;
      }
    }
  }

  /** How long one driver turn runs passes before its duties (CUP, re-sends, report) run. */
  static final long TURN_BUDGET_NANOS = 500_000_000L;
  /** The most passes in one turn (a clock that does not move cannot keep a turn going). */
  static final int MAX_PASSES = 1_000;

  /**
   * One turn of the driver: {@code pass} (drain the transport, hand the artifacts to the node,
   * step it) at the clock's current time, again while it reports something new, until {@code
   * budgetNanos} of the clock have passed or {@link #MAX_PASSES} passes ran; true if it stopped
   * with work left. Each pass reads the clock afresh: under load a turn can take seconds (a
   * backlog of shares to verify, peers re-sending every 2 s), and consensus must see time move
   * through it (notary and block-maker delays), while the turn's duties — the CUP re-broadcast,
   * re-sends, the progress line, the watchdog's heartbeat — must not wait for the backlog to
   * clear. (Before, a turn stepped up to 1,000 passes at the time it started.)
   */
  static boolean passes(java.util.function.LongSupplier clock, long budgetNanos,
      java.util.function.LongPredicate pass) {
    long start = clock.getAsLong();
    for (int n = 1; ; n++) {
      boolean again = pass.test(clock.getAsLong());
      if (!again) {
        return false;
      }
      if (n >= MAX_PASSES || clock.getAsLong() - start >= budgetNanos) {
        return true;
      }
    }
  }

  /** The watchdog's thread: a check every second (see {@link NodeWatchdog}). */
  private void watch() {
    boolean reportedDead = false;
    while (running) {
      try {
        Thread.sleep(1_000);
        if (!driver.isAlive() && running && !reportedDead) {
          log.accept("watchdog: node " + id + " driver thread has ended (see above)");
          reportedDead = true;
        }
        watchdog.check();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.accept("node " + id + " watchdog failed: " + e);
      }
    }
  }

  private void gossip(ReplicaNode.Outbox o) {
    for (ConsensusMessage m : o.consensus()) {
      switch (m.type()) {
        case NOTARIZATION, FINALIZATION, RANDOM_BEACON, RANDOM_TAPE, CATCH_UP_PACKAGE -> { }
        default -> push(ArtifactNetwork.Channel.CONSENSUS, ArtifactCodec.encode(m), m.height());
      }
    }
    for (CertificationMessage m : o.certification()) {
      push(ArtifactNetwork.Channel.CERTIFICATION, CertificationCodec.encode(m), m.height());
    }
  }

  /** An artifact this node made and pushed, kept for re-sending. */
  private record Sent(ArtifactNetwork.Channel channel, Bytes bytes, long height) {}

  private static final int RESEND_HEIGHTS = 6;
  private static final long RESEND_NANOS = 2_000_000_000L;
  private final java.util.ArrayDeque<Sent> recent = new java.util.ArrayDeque<>();
  private long lastResend;

  private void push(ArtifactNetwork.Channel channel, Bytes bytes, Height h) {
    transport.broadcast(channel, bytes);
    recent.addLast(new Sent(channel, bytes, h.value()));
    while (recent.size() > 4_096) {
      recent.removeFirst();
    }
  }

  /**
   * The transport may lose frames (a connection reset, a full queue, injected faults) and pushes
   * are not acknowledged, so every two seconds the node re-sends what it made for the heights
   * from a few below its finalized height upward — as the IC's P2P layer keeps advertising its
   * pool until peers have it (duplicates are dropped by the receiving pool). A peer further
   * behind catches up from the catch-up package by state sync.
   */
  private void resend(long t) {
    long h = node.finalizedHeight().value();
    while (!recent.isEmpty() && recent.peekFirst().height() < h - RESEND_HEIGHTS) {
      recent.removeFirst();
    }
    if (t - lastResend < RESEND_NANOS) {
      return;
    }
    lastResend = t;
    for (Sent s : recent) {
      transport.broadcast(s.channel(), s.bytes());
    }
  }

  private long lastReport;

  /** Logs the node's progress every ten seconds (heights, peers, transport counters). */
  private void report(long t) {
    if (t - lastReport < 10_000_000_000L) {
      return;
    }
    lastReport = t;
    log.accept("node " + id + " finalized " + node.finalizedHeight() + " certified "
        + node.stateManager().latestCertifiedHeight() + " state "
        + node.stateManager().latestState().height() + " peers "
        + transport.connectedPeers().size() + "/" + (transport.members().size() - 1)
        + " pool " + pool.size() + " malformed " + malformed.get() + " " + xnet.summary());
  }

  /** Sends the latest catch-up package when it changes and every few seconds. */
  private void sendCup(long t) {
    Optional<CatchUpPackage> cup = node.consensus().map(c -> c.pool().catchUpPackage());
    if (cup.isEmpty() || cup.get().height().value() == 0) {
      return;
    }
    if (!cup.get().height().equals(lastCupSent) || t - lastCupSentAt > CUP_REBROADCAST_NANOS) {
      transport.broadcast(ArtifactNetwork.Channel.CONSENSUS, ArtifactCodec.encode(cup.get()));
      lastCupSent = cup.get().height();
      lastCupSentAt = t;
    }
  }

  /**
   * Consensus asks for the checkpoint of its catch-up package (called on the driver thread from
   * the node's step, repeatedly until the state is there): a finished sync is adopted, otherwise a
   * sync starts in the background if none runs.
   */
  private void fetchState(Height height, Bytes manifestHash) {
    StateManager.Checkpoint done = synced;
    if (done != null && done.state().height().equals(height)) {
      node.stateManager().adoptSyncedCheckpoint(done.state(), done.manifest().hash());
      synced = null;
      log.accept("node " + id + " continues from the synced checkpoint of height " + height);
      return;
    }
    if (syncing != null && syncing.isAlive()) {
      return;
    }
    List<String> peers = new ArrayList<>();
    List<NodeId> members = new ArrayList<>(transport.members().keySet());
    members.remove(id);
    members.sort(null);
    int r = rotation++;
    for (int i = 0; i < members.size(); i++) {
      peers.add(members.get((i + r) % members.size()).toString());
    }
    syncing = new Thread(() -> {
      long start = System.nanoTime();
      try {
        if (store.checkpointHeights().contains(height)) {
          synced = store.load(height);
          return;
        }
        StateSync.Result res = new StateSync(store, new Chunks(peers), Math.max(1, peers.size()))
            .sync(height, manifestHash);
        synced = res.checkpoint();
        syncReport = "synced height " + height + ": " + res.chunksFetched() + " chunks fetched, "
            + res.chunksReusedFromLocalCheckpoint() + " reused, "
            + res.chunksAlreadyInScratchpad() + " resumed, " + res.chunksRejected()
            + " rejected, " + (System.nanoTime() - start) / 1_000_000 + " ms";
        log.accept("node " + id + " " + syncReport);
      } catch (RuntimeException e) {
        syncReport = "sync of height " + height + " failed (will resume): " + e.getMessage();
        log.accept("node " + id + " " + syncReport);
      }
      wake();
    }, "jicp-state-sync");
    syncing.setDaemon(true);
    syncing.start();
  }

  /** State-sync chunks over the transport: one request frame, one answer frame, 10 s each. */
  private final class Chunks implements StateSyncTransport {
    private final List<String> peers;

    Chunks(List<String> peers) {
      this.peers = peers;
    }

    @Override
    public List<String> peers() {
      return peers;
    }

    @Override
    public byte[] fetchChunk(String peer, Height height, long chunkId) {
      long req = requests.incrementAndGet();
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      pending.put(req, f);
      try {
        ByteBuffer b = ByteBuffer.allocate(24).putLong(req).putLong(height.value())
            .putLong(chunkId);
        if (!transport.send(NodeId.fromText(peer), KIND_SYNC_REQUEST, Bytes.of(b.array()))) {
          throw new IllegalStateException(peer + " is not a member");
        }
        return f.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("chunk " + chunkId + " from " + peer + ": " + e, e);
      } finally {
        pending.remove(req);
      }
    }
  }

  private void serve(NodeId from, Bytes request) {
    byte[] r = request.toByteArray();
    if (r.length != 24) {
      malformed.incrementAndGet();
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(r);
    long req = in.getLong();
    long height = in.getLong();
    long chunk = in.getLong();
    byte[] answer;
    byte status;
    try {
      answer = new StateSyncServer(store).chunk(Height.of(height), chunk);
      status = 0;
    } catch (RuntimeException e) {
      answer = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
      status = 1;
    }
    ByteBuffer out = ByteBuffer.allocate(9 + answer.length).putLong(req).put(status).put(answer);
    transport.send(from, KIND_SYNC_CHUNK, Bytes.of(out.array()));
  }

  private void receiveChunk(NodeId from, Bytes bytes) {
    byte[] b = bytes.toByteArray();
    if (b.length < 9) {
      malformed.incrementAndGet();
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    long req = in.getLong();
    byte status = in.get();
    byte[] rest = new byte[in.remaining()];
    in.get(rest);
    CompletableFuture<byte[]> f = pending.get(req);
    if (f == null) {
      return;
    }
    if (status == 0) {
      f.complete(rest);
    } else {
      f.completeExceptionally(new IllegalStateException(new String(rest,
          StandardCharsets.UTF_8)));
    }
  }

  /** The certified status of {@code m}, waiting at most {@code timeoutNanos} for it to be final. */
  public Optional<IngressStatus> awaitCertified(MessageId m, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (this) {
      while (true) {
        Optional<IngressStatus> st = node.stateManager().latestCertifiedEntry().flatMap(e ->
            e.state().metadata().ingressHistory().get(m));
        if (st.isPresent() && st.get().kind().isTerminal()) {
          return st;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        wait(Math.max(1, left / 1_000_000L));
      }
    }
  }

  /** A query on the latest certified state (with its data certificate for the canister). */
  public ResponsePayload query(CanisterId canister, String method, Bytes arg, Principal caller) {
    ReplicatedStateManager.Entry e = node.stateManager().latestCertifiedEntry().orElseThrow(
        () -> new IllegalStateException("no certified state yet"));
    Optional<Bytes> cert = Optional.empty();
    if (e.state().canister(canister).isPresent()) {
      cert = Optional.of(certificate(e, List.of(List.of(utf8("canister"),
          canister.principal().bytes(), utf8("certified_data")))));
    }
    return executor.query(e.state(), canister, method, arg, caller, cert);
  }

  /** {@code canister_inspect_message} on the latest state. */
  public Optional<ResponsePayload.Reject> inspect(
      org.jicp.state.replicated.CanisterMessage.Ingress m) {
    return executor.inspect(node.stateManager().latestState(), m);
  }

  /** The node's signature over {@code "\x0Bic-response" ‖ hash}. */
  public Bytes signQueryResponse(Bytes responseHash) {
    byte[] dom = "\u000Bic-response".getBytes(StandardCharsets.ISO_8859_1);
    byte[] msg = new byte[dom.length + responseHash.length()];
    System.arraycopy(dom, 0, msg, 0, dom.length);
    responseHash.copyTo(msg, dom.length);
    return node.signBasic(msg);
  }

  /** A certificate of {@code paths} and {@code /time} in the latest certified state. */
  public Bytes certificate(List<List<Bytes>> paths) {
    return certificate(node.stateManager().latestCertifiedEntry().orElseThrow(
        () -> new IllegalStateException("no certified state yet")), paths);
  }

  private Bytes certificate(ReplicatedStateManager.Entry e, List<List<Bytes>> paths) {
    List<List<Bytes>> all = new ArrayList<>(paths);
    all.add(HashTree.path("time"));
    HashTree witness = e.tree().tree().witness(all);
    return Bytes.of(new Certificate(witness, e.certification().orElseThrow().signature(),
        delegation).encode());
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    running = false;
    xnet.close();
    watchdogThread.interrupt();
    driver.interrupt();
    try {
      driver.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
    syncServer.shutdownNow();
    node.stop();
    executor.close();
  }
}
