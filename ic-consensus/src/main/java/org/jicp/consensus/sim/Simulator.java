package org.jicp.consensus.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.jicp.consensus.Rank;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactCodec;
import org.jicp.consensus.certification.CertificationCodec;
import org.jicp.consensus.certification.CertificationMessage;
import org.jicp.consensus.certification.CertificationNode;
import org.jicp.consensus.certification.CertificationPool;
import org.jicp.consensus.certification.CertificationShare;
import org.jicp.consensus.certification.Certifier;
import org.jicp.consensus.certification.FullCertification;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BasicSignature;
import org.jicp.consensus.artifact.Block;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.CatchUpPackageShare;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.DealingMessage;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.EquivocationProof;
import org.jicp.consensus.artifact.FinalizationShare;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.RandomBeaconShare;
import org.jicp.consensus.artifact.RandomTapeShare;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.types.ports.Batch;
import org.jicp.consensus.component.BlockMaker;
import org.jicp.consensus.component.ConsensusContext;
import org.jicp.consensus.component.ConsensusNode;
import org.jicp.consensus.component.DkgPayloads;
import org.jicp.consensus.component.Genesis;
import org.jicp.consensus.component.Membership;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.ReplicaVersions;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * A seeded, single-threaded discrete-event simulation of one subnet: n replicas, each a {@link
 * ConsensusNode} with its own pool, crypto and simulated execution, joined by a network with
 * per-link latency, jitter, loss with retransmission, partitions that heal, crashes and restarts,
 * late joiners, and Byzantine nodes ({@link Behaviour}). Time is virtual; the same configuration
 * gives the same run.
 *
 * <p>After every event the invariants are checked across all honest nodes: no two different
 * finalized blocks at a height (safety), the same batch and state at every delivered height
 * (agreement), the same random beacon at every height. The first violation stops the run and is
 * reported with the seed and the most recent events. Liveness — every honest node finalized at
 * least {@code targetHeight − 2} — is judged at the end.
 *
 * <p>The network delivers every message eventually, as the IC's P2P layer does by retransmitting
 * what is in a sender's pool: a lost transmission is resent after {@code retransmitMs}, and a
 * message across a partition arrives after the partition heals. A node that (re)starts receives
 * its peers' validated pools (catch-up packages included). Nodes gossip what they make and relay
 * the proposals they validate; aggregates are made by each node from shares.
 */
public final class Simulator {
  private static final int DELIVER = 0;
  private static final int BULK = 1;
  private static final int PROCESS = 2;
  private static final int WAKE = 3;
  private static final int CRASH = 4;
  private static final int RESTART = 5;
  private static final int JOIN = 6;
  private static final String[] KIND_NAMES = {"deliver", "bulk", "process", "wake", "crash", "restart", "join"};
  private static final long MS = 1_000_000L;

  private final SimulationConfig cfg;
  private final SplittableRandom rng;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long seq;
  private final Replica[] replicas;
  private final SubnetId subnet;
  private final SubnetCrypto crypto;
  private final CatchUpPackage genesis;
  private final long[][] baseLatencyNs;
  private final List<Set<Integer>> partitionSides = new ArrayList<>();
  private final SimulatedIngress ingress;

  private final Map<Long, CryptoHash> finalized = new HashMap<>();
  private final Map<Long, CryptoHash> beacons = new HashMap<>();
  private final Map<Long, CryptoHash> batchBlocks = new HashMap<>();
  private final Map<Long, CryptoHash> states = new HashMap<>();
  private final Map<Long, CryptoHash> certified = new HashMap<>();
  private long maxCertified;
  private long certificationInvalid;
  private long xnetSlices;
  private final long[] rankCounts = new long[64];
  private final TreeSet<Long> beaconKeys = new TreeSet<>();
  private final List<Double> latencies = new ArrayList<>();
  private String violation;
  private final Trace trace;
  private long events;
  private long messages;
  private long invalid;
  private long now;

  /** A simulation of {@code cfg}. */
  public Simulator(SimulationConfig cfg) {
    this.cfg = cfg;
    this.rng = new SplittableRandom(cfg.seed());
    this.trace = new Trace(cfg.traceCapacity());
    this.subnet = new SubnetId(Principal.fromBytes(new byte[] {0x73, 0x75, 0x62, 0x6e, 0x65, 0x74, 0x01}));
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < cfg.nodes(); i++) {
      ids.add(NodeId.ofIndex(i + 1));
    }
    this.crypto = cfg.crypto().setup(subnet, ids, rng.nextLong());
    this.genesis = genesis(ids);
    this.ingress = new SimulatedIngress(cfg.seed(), cfg.ingressPerBlock(), cfg.xnetPerBlock());
    this.baseLatencyNs = new long[cfg.nodes()][cfg.nodes()];
    for (int i = 0; i < cfg.nodes(); i++) {
      for (int j = 0; j < cfg.nodes(); j++) {
        double factor = 1 - cfg.latencySpread() / 2 + cfg.latencySpread() * rng.nextDouble();
        baseLatencyNs[i][j] = (long) (cfg.latencyMeanMs() * MS * factor);
      }
    }
    for (Partition p : cfg.partitions()) {
      Set<Integer> side = new TreeSet<>(p.side());
      if (side.isEmpty()) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cfg.nodes(); i++) {
          all.add(i);
        }
        for (int k = 0; k < cfg.nodes() / 2; k++) {
          side.add(all.remove(rng.nextInt(all.size())));
        }
      }
      partitionSides.add(side);
    }
    this.replicas = new Replica[cfg.nodes()];
    for (int i = 0; i < cfg.nodes(); i++) {
      replicas[i] = new Replica(i, ids.get(i), cfg.behaviour(i), crypto.forNode(ids.get(i)));
    }
  }

  /** Runs {@code cfg} to the end. */
  public static SimulationResult run(SimulationConfig cfg) {
    return new Simulator(cfg).run();
  }

  private CatchUpPackage genesis(List<NodeId> ids) {
    CryptoHash state =
        SimulatedExecution.sha256("jicp simulated genesis state".getBytes(java.nio.charset.StandardCharsets.US_ASCII), longBytes(cfg.seed()));
    return Genesis.catchUpPackage(crypto, ids, cfg.consensus(), state);
  }

  private static byte[] longBytes(long v) {
    return java.nio.ByteBuffer.allocate(8).putLong(v).array();
  }

  // --------------------------------------------------------------------------------------------
  // The run

  /** Runs the simulation. */
  public SimulationResult run() {
    long wall0 = System.nanoTime();
    for (Replica r : replicas) {
      long join = cfg.joinAtMs().getOrDefault(r.index, 0L);
      schedule(join * MS, JOIN, r.index, -1, null, null);
      Long crash = cfg.crashAtMs().get(r.index);
      if (r.behaviour == Behaviour.CRASH && crash != null) {
        schedule(Math.max(join, crash) * MS, CRASH, r.index, -1, null, null);
        Long restart = cfg.restartAtMs().get(r.index);
        if (restart != null) {
          schedule(Math.max(restart, crash) * MS, RESTART, r.index, -1, null, null);
        }
      }
    }
    long cap = cfg.maxVirtualMs() * MS;
    while (!queue.isEmpty() && violation == null) {
      Event e = queue.poll();
      if (e.time > cap) {
        now = cap;
        break;
      }
      now = e.time;
      events++;
      handle(e);
      if ((e.kind == PROCESS || e.kind == WAKE) && cfg.targetHeight() > 0 && allHonestReached(cfg.targetHeight())) {
        break;
      }
    }
    return result(System.nanoTime() - wall0);
  }

  private boolean allHonestReached(long h) {
    for (Replica r : replicas) {
      if (r.behaviour == Behaviour.HONEST && (r.node == null || r.node.pool().finalizedHeight().value() < h)) {
        return false;
      }
    }
    return true;
  }

  private void handle(Event e) {
    Replica r = replicas[e.node];
    trace.add(now, e.kind, e.node, e.from, e.msg);
    switch (e.kind) {
      case DELIVER -> {
        messages++;
        if (r.up && receive(r, e.msg)) {
          scheduleProcess(r);
        }
      }
      case BULK -> {
        messages += e.bulk.size();
        if (r.up) {
          boolean any = false;
          for (Object m : e.bulk) {
            any |= receive(r, m);
          }
          if (any) {
            scheduleProcess(r);
          }
        }
      }
      case PROCESS -> {
        if (r.up && r.processAt == now) {
          r.processAt = -1;
          process(r);
        }
      }
      case WAKE -> {
        if (r.up && r.wakeAt == now) {
          r.wakeAt = -1;
          process(r);
        }
      }
      case CRASH -> {
        r.up = false;
        r.processAt = -1;
        r.wakeAt = -1;
      }
      case RESTART, JOIN -> start(r);
      default -> throw new IllegalStateException("unknown event " + e.kind);
    }
  }

  private boolean receive(Replica r, Object m) {
    if (m instanceof Wire w) {
      Object decoded;
      try {
        decoded = w.certification() ? CertificationCodec.decode(w.bytes()) : ArtifactCodec.decode(w.bytes());
      } catch (org.jicp.consensus.MalformedArtifactException e) {
        invalid += r.behaviour == Behaviour.HONEST ? 1 : 0;
        return false;
      }
      return receive(r, decoded);
    }
    if (m instanceof CertificationMessage c) {
      if (r.cert == null) {
        return false;
      }
      return r.cert.receive(cfg.wire() ? CertificationCodec.decode(CertificationCodec.encode(c)) : c);
    }
    ConsensusMessage cm = (ConsensusMessage) m;
    ConsensusMessage in = cfg.wire() ? ArtifactCodec.decode(ArtifactCodec.encode(cm)) : cm;
    return r.node.receive(in);
  }

  /**
   * Bytes on the wire of one of the two artifact channels (consensus, certification), as a peer
   * sent them: the receiver decodes them strictly and drops what is malformed.
   */
  private record Wire(boolean certification, Bytes bytes) {}

  private void start(Replica r) {
    if (r.up) {
      return;
    }
    ConsensusPool pool;
    if (r.pool == null) {
      pool = new ConsensusPool(genesis, Time.ofNanos(now));
    } else {
      pool = r.pool;
      pool.dropUnvalidated();
    }
    r.exec =
        new SimulatedExecution(
            subnet,
            pool.catchUpHeight(),
            pool.catchUpPackage().content().stateHash(),
            cfg.certification() ? SimulatedExecution.Certifying.BY_CERTIFIER : SimulatedExecution.Certifying.IMMEDIATE,
            r);
    Membership membership = new Membership(subnet, cfg.consensus());
    if (cfg.certification()) {
      if (r.certPool == null) {
        r.certPool = new CertificationPool();
      }
      r.cert = new CertificationNode(subnet, new Certifier(r.id, membership, r.crypto, r.exec), r.exec, r.certPool);
    }
    DkgPayloads dkg = new DkgPayloads(subnet, cfg.consensus().dkgIntervalLength(), cfg.consensus().dkgDealingsPerBlock(), r.crypto);
    ConsensusContext ctx = new ConsensusContext(r.id, ReplicaVersions.DEFAULT, membership, r.crypto, r.exec, r.exec, ingress, dkg);
    r.node = new ConsensusNode(ctx, r.exec, pool);
    r.pool = pool;
    if (r.behaviour == Behaviour.NOTARIZE_ALL) {
      r.node.setHook(new NotarizeAll(r.node));
    }
    r.up = true;
    r.checkedFinalized = Math.max(r.checkedFinalized, pool.catchUpHeight().value());
    r.checkedBeacon = Math.max(r.checkedBeacon, pool.catchUpHeight().value());
    // Peers' P2P layers offer it everything in their validated pools.
    for (Replica p : replicas) {
      if (p != r && p.up) {
        List<Object> dump = new ArrayList<>(p.node.pool().validated().all());
        if (p.node.pool().catchUpHeight().value() > 0) {
          dump.add(p.node.pool().catchUpPackage());
        }
        if (p.cert != null) {
          dump.addAll(p.cert.pool().validated());
        }
        if (!dump.isEmpty()) {
          schedule(arrival(p.index, r.index, now), BULK, r.index, p.index, null, dump);
        }
      }
    }
    scheduleProcess(r);
  }

  private void scheduleProcess(Replica r) {
    if (r.processAt != now) {
      r.processAt = now;
      schedule(now, PROCESS, r.index, -1, null, null);
    }
  }

  private void process(Replica r) {
    Time t = Time.ofNanos(now);
    ConsensusNode.StepResult s;
    int changeSets = 0;
    while (true) {
      s = r.node.step(t);
      changeSets += s.changeSets();
      invalid += r.behaviour == Behaviour.HONEST ? s.invalid().size() : 0;
      for (ConsensusMessage m : s.created()) {
        gossip(r, m);
      }
      for (ConsensusMessage m : s.relayed()) {
        broadcast(r, m, 0);
      }
      if (r.cert == null) {
        break;
      }
      // The certifier signs what execution committed; a certification it delivers moves the
      // certified height, which the consensus components read: step consensus again then.
      CertificationNode.StepResult c = r.cert.step(r.node.pool());
      invalid += r.behaviour == Behaviour.HONEST ? c.invalid().size() : 0;
      certificationInvalid += r.behaviour == Behaviour.HONEST ? c.invalid().size() : 0;
      for (CertificationMessage m : c.created()) {
        gossipCertification(r, m);
      }
      if (c.delivered() == 0) {
        break;
      }
      changeSets++;
    }
    if (r.behaviour == Behaviour.HONEST) {
      check(r);
      if (r.cert != null) {
        checkCertification(r);
      }
    }
    if (changeSets == 0 && r.wakeAt > now) {
      return;
    }
    Optional<Time> wake = r.node.nextWakeUp(t);
    if (wake.isPresent()) {
      long w = wake.get().nanos();
      if (r.wakeAt < 0 || w < r.wakeAt || r.wakeAt <= now) {
        r.wakeAt = w;
        schedule(w, WAKE, r.index, -1, null, null);
      }
    }
  }

  // --------------------------------------------------------------------------------------------
  // The network

  private static boolean isAggregate(ConsensusMessage m) {
    return switch (m.type()) {
      case NOTARIZATION, FINALIZATION, RANDOM_BEACON, RANDOM_TAPE, CATCH_UP_PACKAGE -> true;
      default -> false;
    };
  }

  private static boolean isShare(ConsensusMessage m) {
    return switch (m.type()) {
      case NOTARIZATION_SHARE, FINALIZATION_SHARE, RANDOM_BEACON_SHARE, RANDOM_TAPE_SHARE, CATCH_UP_PACKAGE_SHARE -> true;
      default -> false;
    };
  }

  private void gossip(Replica r, ConsensusMessage m) {
    if (isAggregate(m)) {
      return;
    }
    switch (r.behaviour) {
      case WITHHOLD -> {
        if (!isShare(m)) {
          broadcast(r, m, 0);
        }
      }
      case INVALID_SIG -> broadcast(r, Corruption.corruptSignature(m), 0);
      case DELAY -> broadcast(r, m, cfg.delayLimitMs() * MS);
      case EQUIVOCATE -> {
        if (m instanceof BlockProposal p) {
          Optional<BlockProposal> twin = r.node.consensus().blockMaker().propose(r.node.pool(), Time.ofNanos(now), p.height(), p.rank(), 1);
          for (Replica q : replicas) {
            if (q != r) {
              ConsensusMessage send = twin.isPresent() && q.index % 2 == 1 ? twin.get() : p;
              schedule(arrival(r.index, q.index, now), DELIVER, q.index, r.index, send, null);
            }
          }
        } else {
          broadcast(r, m, 0);
        }
      }
      case INVALID_PAYLOAD -> broadcast(r, m instanceof BlockProposal p ? invalidPayload(r, p) : m, 0);
      case BAD_INPUT -> {
        broadcast(r, m, 0);
        for (Object junk : badInput(r, m)) {
          broadcast(r, junk, 0);
        }
      }
      default -> broadcast(r, m, 0);
    }
  }

  /** The malformed and invalid variants a {@link Behaviour#BAD_INPUT} node sends along with {@code m}. */
  private List<Object> badInput(Replica r, ConsensusMessage m) {
    List<Object> out = new ArrayList<>();
    Bytes enc = ArtifactCodec.encode(m);
    out.add(new Wire(false, enc.slice(0, enc.length() / 2)));
    out.add(new Wire(false, Corruption.flip(enc)));
    out.add(Corruption.corruptSignature(m));
    if (m instanceof BlockProposal p && p.block().block().payload() instanceof DataPayload d) {
      Block b = p.block().block();
      out.add(r.node.consensus().blockMaker().sign(new Block(b.version(), b.parent(), b.height().increment(), b.rank(), b.context(), b.payload())));
      List<IngressMessage> big = new ArrayList<>(d.ingress());
      for (int i = 0; i < 3; i++) {
        big.add(new IngressMessage(SimulatedIngress.messageId(cfg.seed() ^ 0x6f76657273697a65L, b.height().value(), i), b.context().time().plus(SimulatedIngress.TTL),
            Bytes.of(new byte[1_500_000])));
      }
      out.add(r.node.consensus().blockMaker().sign(new Block(b.version(), b.parent(), b.height(), b.rank(), b.context(), new DataPayload(big, d.xnet(), d.dealings()))));
      if (!d.xnet().isEmpty()) {
        out.add(invalidPayload(r, p));
      }
    }
    return out;
  }

  private void gossipCertification(Replica r, CertificationMessage m) {
    switch (r.behaviour) {
      case WITHHOLD -> {
        if (!(m instanceof CertificationShare)) {
          broadcast(r, m, 0);
        }
      }
      case INVALID_SIG -> broadcast(r, Corruption.corruptCertification(m), 0);
      case DELAY -> broadcast(r, m, cfg.delayLimitMs() * MS);
      case BAD_INPUT -> {
        broadcast(r, m, 0);
        Bytes enc = CertificationCodec.encode(m);
        broadcast(r, new Wire(true, enc.slice(0, enc.length() - 1)), 0);
        broadcast(r, Corruption.corruptCertification(m), 0);
        if (m instanceof CertificationShare share) {
          broadcast(r, new CertificationShare(share.height().increment(), share.rootHash(), share.signature()), 0);
          broadcast(r, new CertificationShare(share.height(), share.rootHash(), new ThresholdSignatureShare(NodeId.ofIndex(1_000_000), share.signature().signature())), 0);
        }
      }
      default -> broadcast(r, m, 0);
    }
  }

  private BlockProposal invalidPayload(Replica r, BlockProposal p) {
    Block b = p.block().block();
    if (!(b.payload() instanceof DataPayload d)) {
      return p;
    }
    List<IngressMessage> in = new ArrayList<>(d.ingress());
    IngressMessage twice = in.isEmpty() ? SimulatedIngress.message(cfg.seed() ^ 0x626164L, b.height().value(), 0, b.context().time()) : in.get(0);
    in.add(twice);
    if (in.size() == 1) {
      in.add(twice);
    }
    java.util.SortedMap<SubnetId, org.jicp.types.ports.CertifiedStreamSlice> xnet = new java.util.TreeMap<>(d.xnet());
    xnet.replaceAll((from, s) -> new org.jicp.types.ports.CertifiedStreamSlice(s.payload(), s.merkleProof(),
        new org.jicp.types.ports.Certification(s.certification().height(), s.certification().rootHash(), Corruption.flip(s.certification().signature()),
            s.certification().signer())));
    if (!xnet.isEmpty()) {
      // With stream slices, the invalid part is a slice whose certification does not verify (the
      // payload builder's verdict), so that only that rule rejects the block.
      in = new ArrayList<>(d.ingress());
    }
    Block bad = new Block(b.version(), b.parent(), b.height(), b.rank(), b.context(), new DataPayload(in, xnet, d.dealings()));
    return r.node.consensus().blockMaker().sign(bad);
  }

  private void broadcast(Replica r, Object m, long fixedDelayNs) {
    for (Replica q : replicas) {
      if (q != r) {
        long at = fixedDelayNs > 0 ? held(r.index, q.index, now, now + fixedDelayNs) : arrival(r.index, q.index, now);
        schedule(at, DELIVER, q.index, r.index, m, null);
      }
    }
  }

  /** When a message sent from {@code a} to {@code b} at {@code sent} arrives. */
  private long arrival(int a, int b, long sent) {
    long base = baseLatencyNs[a][b];
    long t = sent;
    while (true) {
      long d = (long) (base * (1 + cfg.jitter() * (2 * rng.nextDouble() - 1)));
      if (cfg.dropProbability() > 0 && rng.nextDouble() < cfg.dropProbability()) {
        t += cfg.retransmitMs() * MS;
        continue;
      }
      return held(a, b, sent, t + Math.max(0, d));
    }
  }

  /** Holds a message across an active partition until it heals (plus the link latency). */
  private long held(int a, int b, long sent, long at) {
    long t = at;
    for (int k = 0; k < cfg.partitions().size(); k++) {
      Partition p = cfg.partitions().get(k);
      if (p.separates(partitionSides.get(k), a, b, sent / MS)) {
        t = Math.max(t, p.endMs() * MS + baseLatencyNs[a][b]);
      }
    }
    // Quantize to whole milliseconds, so that messages arriving together are processed together.
    return (t + MS - 1) / MS * MS;
  }

  private void schedule(long time, int kind, int node, int from, Object msg, List<Object> bulk) {
    queue.add(new Event(time, seq++, kind, node, from, msg, bulk));
  }

  // --------------------------------------------------------------------------------------------
  // Invariants

  private void check(Replica r) {
    PoolReader pool = r.node.pool();
    long fin = pool.finalizedHeight().value();
    for (long h = r.checkedFinalized + 1; h <= fin && violation == null; h++) {
      Optional<HashedBlock> b = pool.finalizedBlock(Height.of(h));
      if (b.isEmpty()) {
        continue;
      }
      CryptoHash prev = finalized.putIfAbsent(h, b.get().hash());
      if (prev == null) {
        rankCounts[Math.min(63, b.get().rank().value())]++;
      } else if (!prev.equals(b.get().hash())) {
        violate("SAFETY: two finalized blocks at height " + h + ": " + prev + " and " + b.get().hash() + " (node " + r.index + ")");
      }
      Optional<Time> start = pool.roundStart(Height.of(h));
      if (start.isPresent() && r.live()) {
        latencies.add((now - start.get().nanos()) / 1e6);
      }
    }
    r.checkedFinalized = Math.max(r.checkedFinalized, fin);
    long bh = pool.beaconHeight().value();
    for (long h = r.checkedBeacon + 1; h <= bh && violation == null; h++) {
      Optional<RandomBeacon> b = pool.randomBeacon(Height.of(h));
      if (b.isEmpty()) {
        continue;
      }
      CryptoHash prev = beacons.putIfAbsent(h, pool.beaconHash(b.get()));
      if (prev == null) {
        beaconKeys.add(b.get().signature().signer().startBlockHeight());
      }
      if (prev != null && !prev.equals(b.get().cryptoHash())) {
        violate("BEACON: two random beacons at height " + h + " (node " + r.index + ")");
      }
    }
    r.checkedBeacon = Math.max(r.checkedBeacon, bh);
    if (fin > pool.notarizedHeight().value()) {
      violate("POOL: finalized height " + fin + " above notarized height " + pool.notarizedHeight() + " (node " + r.index + ")");
    }
  }

  /**
   * The certifications an honest node took: the same root hash at each height on every node, and
   * a signature that verifies under the subnet's public key (as a certificate's must). States a
   * node adopted from a catch-up package carry no certification of their own and are skipped.
   */
  private void checkCertification(Replica r) {
    long h = r.exec.latestCertifiedHeight().value();
    if (h <= r.checkedCertified) {
      return;
    }
    r.checkedCertified = h;
    Optional<org.jicp.types.ports.CertifiedState<CryptoHash>> cs = r.exec.latestCertifiedState();
    if (cs.isEmpty() || cs.get().certification().signature().isEmpty()) {
      return;
    }
    org.jicp.types.ports.Certification c = cs.get().certification();
    if (!r.crypto.verifyBySubnetKey(CertificationMessage.signedBytes(c.rootHash()), c.signature())) {
      violate("CERTIFICATION: node " + r.index + " took a certification of height " + h + " that does not verify under the subnet key");
      return;
    }
    CryptoHash root = new CryptoHash(c.rootHash());
    CryptoHash prev = certified.putIfAbsent(h, root);
    if (prev != null && !prev.equals(root)) {
      violate("CERTIFICATION: two certified root hashes at height " + h + " (node " + r.index + ")");
    }
    maxCertified = Math.max(maxCertified, h);
  }

  private void onBatch(Replica r, Batch batch, CryptoHash state) {
    if (r.behaviour != Behaviour.HONEST || violation != null) {
      return;
    }
    long h = batch.height().value();
    CryptoHash digest = SimulatedExecution.digest(batch);
    CryptoHash prevBlock = batchBlocks.putIfAbsent(h, digest);
    if (prevBlock != null && !prevBlock.equals(digest)) {
      violate("AGREEMENT: node " + r.index + " delivered a different batch at height " + h);
      return;
    }
    if (prevBlock == null) {
      xnetSlices += batch.xnetSlices().size();
    }
    CryptoHash prevState = states.putIfAbsent(h, state);
    if (prevState != null && !prevState.equals(state)) {
      violate("AGREEMENT: node " + r.index + " computed a different state at height " + h);
    }
  }

  private void onSync(Replica r, Height h, CryptoHash state) {
    r.syncedAt = Math.max(r.syncedAt, h.value());
    if (r.behaviour != Behaviour.HONEST || violation != null || h.value() == 0) {
      return;
    }
    CryptoHash prev = states.putIfAbsent(h.value(), state);
    if (prev != null && !prev.equals(state)) {
      violate("AGREEMENT: node " + r.index + " synced to a different state at height " + h);
    }
  }

  private void violate(String what) {
    if (violation == null) {
      violation = what + " at t=" + String.format(java.util.Locale.ROOT, "%.3f", now / 1e6) + "ms";
    }
  }

  // --------------------------------------------------------------------------------------------
  // The result

  private SimulationResult result(long wallNanos) {
    List<Long> heights = new ArrayList<>();
    long minHonest = Long.MAX_VALUE;
    long maxCup = 0;
    for (Replica r : replicas) {
      long h = r.up ? r.node.pool().finalizedHeight().value() : -1;
      heights.add(h);
      if (r.behaviour == Behaviour.HONEST) {
        minHonest = Math.min(minHonest, Math.max(h, 0));
        if (r.node != null) {
          maxCup = Math.max(maxCup, r.node.pool().catchUpHeight().value());
        }
      }
    }
    if (minHonest == Long.MAX_VALUE) {
      minHonest = 0;
    }
    boolean live = minHonest >= cfg.targetHeight() - 2;
    List<Double> lat = new ArrayList<>(latencies);
    Collections.sort(lat);
    int maxRank = 0;
    for (int i = 0; i < rankCounts.length; i++) {
      if (rankCounts[i] > 0) {
        maxRank = i;
      }
    }
    List<Long> ranks = new ArrayList<>();
    for (int i = 0; i <= maxRank; i++) {
      ranks.add(rankCounts[i]);
    }
    return new SimulationResult(
        cfg,
        Optional.ofNullable(violation),
        violation == null ? List.of() : trace.lines(),
        live,
        heights,
        minHonest,
        now / MS,
        lat,
        ranks,
        events,
        messages,
        invalid,
        maxCup,
        java.util.Arrays.stream(replicas).map(r -> r.syncedAt).toList(),
        new ArrayList<>(beaconKeys),
        wallNanos,
        minHonestCertified(),
        certificationInvalid,
        xnetSlices);
  }

  private long minHonestCertified() {
    long min = Long.MAX_VALUE;
    for (Replica r : replicas) {
      if (r.behaviour == Behaviour.HONEST && r.up) {
        min = Math.min(min, r.exec.latestCertifiedHeight().value());
      }
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }

  // --------------------------------------------------------------------------------------------

  private final class Replica implements SimulatedExecution.Listener {
    final int index;
    final NodeId id;
    final Behaviour behaviour;
    final ConsensusCrypto crypto;
    SimulatedExecution exec;
    ConsensusNode node;
    ConsensusPool pool;
    CertificationNode cert;
    CertificationPool certPool;
    long checkedCertified;
    boolean up;
    long processAt = -1;
    long wakeAt = -1;
    long checkedFinalized;
    long checkedBeacon;
    long syncedAt;

    Replica(int index, NodeId id, Behaviour behaviour, ConsensusCrypto crypto) {
      this.index = index;
      this.id = id;
      this.behaviour = behaviour;
      this.crypto = crypto;
    }

    /** Whether the node runs at network speed (not catching up after a start). */
    boolean live() {
      return !cfg.joinAtMs().containsKey(index) && !cfg.crashAtMs().containsKey(index);
    }

    @Override
    public void onBatch(Batch batch, CryptoHash stateHash) {
      Simulator.this.onBatch(this, batch, stateHash);
    }

    @Override
    public void onSync(Height height, CryptoHash stateHash) {
      Simulator.this.onSync(this, height, stateHash);
    }
  }

  private static final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final int kind;
    final int node;
    final int from;
    final Object msg;
    final List<Object> bulk;

    Event(long time, long seq, int kind, int node, int from, Object msg, List<Object> bulk) {
      this.time = time;
      this.seq = seq;
      this.kind = kind;
      this.node = node;
      this.from = from;
      this.msg = msg;
      this.bulk = bulk;
    }

    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** The most recent events, kept compactly and formatted only when a violation is reported. */
  private static final class Trace {
    private final long[] times;
    private final int[] kinds;
    private final int[] nodes;
    private final int[] froms;
    private final Object[] msgs;
    private int next;
    private long count;

    Trace(int capacity) {
      times = new long[capacity];
      kinds = new int[capacity];
      nodes = new int[capacity];
      froms = new int[capacity];
      msgs = new Object[capacity];
    }

    void add(long time, int kind, int node, int from, Object msg) {
      if (times.length == 0) {
        return;
      }
      times[next] = time;
      kinds[next] = kind;
      nodes[next] = node;
      froms[next] = from;
      msgs[next] = msg;
      next = (next + 1) % times.length;
      count++;
    }

    List<String> lines() {
      List<String> out = new ArrayList<>();
      int n = (int) Math.min(count, times.length);
      for (int k = 0; k < n; k++) {
        int i = (next - n + k + times.length) % times.length;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "t=%.3fms ", times[i] / 1e6)).append(KIND_NAMES[kinds[i]]).append(" n").append(nodes[i]);
        if (froms[i] >= 0) {
          sb.append(" <- n").append(froms[i]);
        }
        if (msgs[i] instanceof ConsensusMessage m) {
          sb.append(' ').append(m.type()).append(" h=").append(m.height());
        } else if (msgs[i] instanceof CertificationMessage m) {
          sb.append(' ').append(m instanceof CertificationShare ? "CERTIFICATION_SHARE" : "CERTIFICATION").append(" h=").append(m.height());
        } else if (msgs[i] instanceof Wire w) {
          sb.append(w.certification() ? " CERTIFICATION_BYTES" : " CONSENSUS_BYTES").append(" len=").append(w.bytes().length());
        }
        out.add(sb.toString());
      }
      return out;
    }
  }

  /** The notarize-all / finalize-all malicious notary. */
  private static final class NotarizeAll implements ConsensusNode.ChangeSetHook {
    private final ConsensusNode node;

    NotarizeAll(ConsensusNode node) {
      this.node = node;
    }

    @Override
    public List<ChangeAction> adjust(PoolReader pool, Time now, List<ChangeAction> honest) {
      if (!honest.isEmpty()) {
        return honest;
      }
      NodeId self = node.context().self();
      List<ChangeAction> extra = new ArrayList<>();
      for (long hv = pool.finalizedHeight().value() + 1; hv <= pool.notarizedHeight().value() + 1; hv++) {
        Height h = Height.of(hv);
        Set<CryptoHash> signed = new HashSet<>();
        for (NotarizationShare s : pool.validated().<NotarizationShare>get(ArtifactType.NOTARIZATION_SHARE, h)) {
          if (s.signer().equals(self)) {
            signed.add(s.content().block());
          }
        }
        for (BlockProposal p : pool.validated().<BlockProposal>get(ArtifactType.BLOCK_PROPOSAL, h)) {
          if (signed.add(p.block().hash())) {
            extra.add(new ChangeAction.AddToValidated(node.consensus().notary().sign(p)));
          }
        }
        Set<CryptoHash> finalitySigned = new HashSet<>();
        for (FinalizationShare s : pool.validated().<FinalizationShare>get(ArtifactType.FINALIZATION_SHARE, h)) {
          if (s.signer().equals(self)) {
            finalitySigned.add(s.content().block());
          }
        }
        for (HashedBlock b : pool.notarizedBlocks(h)) {
          if (finalitySigned.add(b.hash())) {
            extra.add(new ChangeAction.AddToValidated(node.consensus().finalizer().sign(b)));
          }
        }
      }
      return extra;
    }
  }

  /** Signature corruption for {@link Behaviour#INVALID_SIG}. */
  static final class Corruption {
    private Corruption() {}

    static Bytes flip(Bytes b) {
      byte[] a = b.toByteArray();
      if (a.length == 0) {
        return Bytes.of((byte) 1);
      }
      a[a.length / 2] ^= 0x5a;
      return Bytes.of(a);
    }

    static CertificationMessage corruptCertification(CertificationMessage m) {
      if (m instanceof CertificationShare s) {
        return new CertificationShare(s.height(), s.rootHash(), new ThresholdSignatureShare(s.signature().signer(), flip(s.signature().signature())));
      }
      FullCertification c = (FullCertification) m;
      return new FullCertification(c.height(), c.rootHash(), new ThresholdSignature(flip(c.signature().signature()), c.signature().signer()));
    }

    static ConsensusMessage corruptSignature(ConsensusMessage m) {
      if (m instanceof BlockProposal p) {
        return new BlockProposal(p.block(), new BasicSignature(p.signer(), flip(p.signature().signature())));
      } else if (m instanceof NotarizationShare s) {
        return new NotarizationShare(s.content(), new MultiSignatureShare(s.signer(), flip(s.signature().signature())));
      } else if (m instanceof FinalizationShare s) {
        return new FinalizationShare(s.content(), new MultiSignatureShare(s.signer(), flip(s.signature().signature())));
      } else if (m instanceof RandomBeaconShare s) {
        return new RandomBeaconShare(s.content(), new ThresholdSignatureShare(s.signer(), flip(s.signature().signature())));
      } else if (m instanceof RandomTapeShare s) {
        return new RandomTapeShare(s.content(), new ThresholdSignatureShare(s.signer(), flip(s.signature().signature())));
      } else if (m instanceof CatchUpPackageShare s) {
        return new CatchUpPackageShare(s.content(), new ThresholdSignatureShare(s.signer(), flip(s.signature().signature())));
      } else if (m instanceof DealingMessage d) {
        return new DealingMessage(d.dkgId(), d.dealer(), d.dealing(), flip(d.signature()));
      } else if (m instanceof EquivocationProof e) {
        return new EquivocationProof(e.signer(), e.version(), e.height(), e.rank(), e.hash1(), flip(e.signature1()), e.hash2(), e.signature2());
      }
      return m;
    }
  }
}
