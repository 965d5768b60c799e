package org.jicp.replica.subnet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.ArtifactCodec;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.certification.CertificationCodec;
import org.jicp.consensus.certification.CertificationMessage;
import org.jicp.replica.node.ArtifactNetwork;
import org.jicp.replica.node.BatchLog;
import org.jicp.replica.node.ReplicaNode;
import org.jicp.replica.node.IngressPool;
import org.jicp.replica.node.MessageRoutingImpl;
import org.jicp.replica.node.NetworkTopology;
import org.jicp.replica.node.XNet;
import org.jicp.state.certification.BlsCertificateSigner;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.Delegation;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.Stream;
import org.jicp.state.tree.HashTree;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;
import org.jicp.types.ports.Batch;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * A subnet: its composition and how it makes progress, in one of two modes.
 *
 * <p><b>Single node</b> (the fast mode: like PocketIC, no consensus protocol runs, the node makes
 * and finalizes every batch itself): ingress pool, message routing over the round executor, the
 * state manager with checkpoints and a batch log in its directory, and the certifier, which signs
 * every committed state's root with the subnet's threshold key (held whole by the single node: a
 * 1-of-1 threshold). Each {@link #round} builds a batch (the pool's ingress, the other subnets'
 * certified stream slices to it, time, randomness), logs it, executes it and certifies the result.
 *
 * <p><b>Consensus</b> (3f+1 nodes): each {@link ReplicaNode} runs the Internet Computer Consensus
 * protocol with its own keys, executes every finalized batch on its own state and signs its share
 * of each state's certification; the nodes exchange artifacts over an {@link ArtifactNetwork}.
 * Blocks take ingress from the subnet's pool and stream slices from the other subnets through each
 * node's {@link org.jicp.replica.node.ReplicaPayloadBuilder}; time and randomness come from the
 * block and the random tape. A {@link #round} drives the nodes until one more state is certified:
 * in virtual time (deterministic mode: the clock jumps to the next protocol deadline) or, with
 * {@link #advance}, by the wall clock. Reads (states, certificates, queries) go to the first node
 * that is up and behaves (the node an agent happens to talk to).
 */
public final class SubnetRuntime implements AutoCloseable {
  /** The most ingress messages per batch (the IC's block limit for application subnets). */
  public static final int MAX_INGRESS_PER_BATCH = 1_000;
  /** The most ingress bytes per batch (the IC's 4 MiB block payload limit). */
  public static final long MAX_INGRESS_BYTES_PER_BATCH = 4L << 20;

  private final SubnetId id;
  private final String kind;
  private final SubnetType type;
  private volatile CanisterRanges ranges;
  private volatile ThresholdPublicKey publicKey;
  private final IngressPool pool;
  private volatile Optional<Delegation> delegation = Optional.empty();
  // single-node mode
  private final NodeId nodeId;
  private final Ed25519SigningKey nodeKey;
  private final RoundExecutor executor;
  private final ReplicatedStateManager stateManager;
  private final MessageRoutingImpl messageRouting;
  private final Optional<BatchLog> log;
  private final long checkpointInterval;
  private volatile BlsCertificateSigner signer;
  /** The registry's members of a single-execution subnet the replica plays, with their keys. */
  private volatile java.util.SortedMap<NodeId, Ed25519SigningKey> members = new java.util.TreeMap<>();
  // consensus mode
  private final List<ReplicaNode> nodes;
  private final List<Bytes> nodeSigningKeysDer;
  private final ArtifactNetwork network;
  private final Map<NodeId, Misbehaviour> misbehaviour = new HashMap<>();
  private final Consumer<String> report;
  private long now;
  /** Block-maker statistics of the finalized chain, per node: {proposed, failed}; and the last height counted. */
  private final Map<NodeId, long[]> blockMakers = new java.util.TreeMap<>();
  private long blockMakersCounted;
  private long droppedMalformed;

  /** What a node of a consensus subnet does wrong (fault injection for tests and demos). */
  public enum Misbehaviour {
    /** Follows the protocol. */
    NONE,
    /** As a block maker, signs two different blocks per height, each sent to half the peers. */
    EQUIVOCATE,
    /** Sends every artifact with a bit flipped and a truncated copy (peers drop them). */
    BAD_INPUT
  }

  /** The parts of a single-node subnet. */
  public record Parts(SubnetId id, String kind, SubnetType type, CanisterRanges ranges,
      Ed25519SigningKey nodeKey, SecretKey subnetKey, RoundExecutor executor,
      ReplicatedState genesis, Optional<Path> dir, long checkpointInterval,
      NetworkTopology topology, Consumer<String> dropped) {}

  /**
   * The parts of a subnet whose nodes run consensus.
   *
   * @param id the subnet id
   * @param kind the kind it was configured as
   * @param type the subnet type
   * @param ranges the canister ranges
   * @param publicKey the subnet's threshold public key (of its high-threshold transcript)
   * @param pool the subnet's ingress pool (shared by its nodes: ingress gossip is instant)
   * @param nodes the nodes, composed, down
   * @param nodeSigningKeysDer the nodes' Ed25519 public keys (DER), in node order
   * @param network how they exchange artifacts
   * @param startNanos the time the nodes start at
   * @param report where dropped artifacts and stalls are reported
   */
  public record ConsensusParts(SubnetId id, String kind, SubnetType type, CanisterRanges ranges,
      ThresholdPublicKey publicKey, IngressPool pool, List<ReplicaNode> nodes,
      List<Bytes> nodeSigningKeysDer, ArtifactNetwork network, long startNanos,
      Consumer<String> report) {
    /** Copies the lists. */
    public ConsensusParts {
      nodes = List.copyOf(nodes);
      nodeSigningKeysDer = List.copyOf(nodeSigningKeysDer);
      if (nodes.size() < 2) {
        // Builders ask for 3f + 1 nodes; a registry subnet may have any number above one (the
        // halves of a split four-node subnet have two: f = 0, no fault tolerated).
        throw new IllegalArgumentException("a consensus subnet has at least two nodes");
      }
    }
  }

  /** Composes a single-node subnet; with a directory, resumes from its checkpoint and batch log. */
  public SubnetRuntime(Parts p) {
    this.id = p.id();
    this.kind = p.kind();
    this.type = p.type();
    this.ranges = p.ranges();
    this.pool = new IngressPool();
    this.nodeKey = p.nodeKey();
    this.nodeId = new NodeId(p.nodeKey().publicKey().selfAuthenticatingPrincipal());
    this.signer = new BlsCertificateSigner(p.subnetKey());
    this.publicKey = signer.publicKey();
    this.executor = p.executor();
    this.checkpointInterval = p.checkpointInterval();
    this.nodes = List.of();
    this.nodeSigningKeysDer = List.of(Bytes.of(p.nodeKey().publicKey().toDer()));
    this.network = null;
    this.report = p.dropped();
    Optional<StateManager> store = p.dir().map(d -> StateManager.open(d.resolve("state")));
    ReplicatedState initial = p.genesis();
    if (store.isPresent()) {
      Optional<StateManager.Checkpoint> cp = store.get().loadLatest();
      if (cp.isPresent()) {
        initial = cp.get().state();
      }
    }
    this.stateManager = new ReplicatedStateManager(initial, store, 64);
    this.messageRouting = new MessageRoutingImpl(id, stateManager, executor, p.topology(),
        CertificateSignatureVerifier.ic(), p.dropped());
    this.log = p.dir().map(d -> new BatchLog(d.resolve("batches.log")));
    certify(initial.height());
    if (p.dir().isPresent()) {
      for (Batch b : BatchLog.readAbove(p.dir().get().resolve("batches.log"), initial.height())) {
        execute(b);
      }
    }
  }

  /** Composes a consensus subnet and starts its nodes. */
  public SubnetRuntime(ConsensusParts p) {
    this.id = p.id();
    this.kind = p.kind();
    this.type = p.type();
    this.ranges = p.ranges();
    this.publicKey = p.publicKey();
    this.pool = p.pool();
    this.nodes = p.nodes();
    this.nodeSigningKeysDer = p.nodeSigningKeysDer();
    this.network = p.network();
    this.report = p.report();
    this.now = p.startNanos();
    this.nodeId = null;
    this.nodeKey = null;
    this.executor = null;
    this.stateManager = null;
    this.messageRouting = null;
    this.log = Optional.empty();
    this.checkpointInterval = 0;
    this.signer = null;
    for (ReplicaNode n : nodes) {
      n.start(Time.ofNanos(now));
    }
  }

  /** Whether the subnet's nodes run the consensus protocol (more than one node). */
  public boolean runsConsensus() {
    return !nodes.isEmpty();
  }

  /** The subnet id. */
  public SubnetId id() {
    return id;
  }

  /** The kind it was configured as ({@code nns}, {@code application}, …). */
  public String kind() {
    return kind;
  }

  /** The subnet type. */
  public SubnetType type() {
    return type;
  }

  /** The canister ranges. */
  public CanisterRanges ranges() {
    return ranges;
  }

  /**
   * Takes the canister ranges of a new registry version (the routing table moved ranges to or
   * from this subnet); requests are routed by them from now on.
   */
  public void ranges(CanisterRanges r) {
    this.ranges = java.util.Objects.requireNonNull(r, "ranges");
  }

  /**
   * Replaces the latest state by {@code edit} of it, at the next height, certified: a state
   * manipulation between rounds, as the IC's orchestrator does at a catch-up package when it
   * splits a subnet (here: canisters handed from one subnet to another after the registry
   * rerouted their ranges). With a state directory the new state is written as a checkpoint
   * first and the batch log starts after it, so a restart resumes from it.
   *
   * @return the new state
   * @throws UnsupportedOperationException for a consensus subnet (its nodes' states would need a
   *     new catch-up package)
   */
  public synchronized ReplicatedState manipulateState(
      java.util.function.UnaryOperator<ReplicatedState> edit) {
    if (!nodes.isEmpty()) {
      throw new UnsupportedOperationException("state manipulation needs a single-node subnet: "
          + "subnet " + id + " runs consensus on " + nodes.size() + " nodes");
    }
    ReplicatedState flushed = executor.flush(stateManager.latestState());
    ReplicatedState next = edit.apply(flushed).atHeight(flushed.height().increment());
    Optional<StateManager> store = stateManager.checkpointStore();
    if (store.isPresent()) {
      StateManager.Checkpoint cp = store.get().checkpoint(next);
      stateManager.adoptSyncedCheckpoint(next, cp.manifest().hash());
      log.ifPresent(l -> l.truncateTo(next.height()));
    } else {
      stateManager.reset(next);
    }
    certify(next.height());
    lastRestored = null;
    lastRestoredEntry = null;
    return next;
  }

  /**
   * The nodes the registry lists for this single-execution subnet, each with its node signing key
   * (the replica plays them all and executes the subnet once; each answers queries with its own
   * key). The first is the node that answers by default. Replaces the previous members (after a
   * split or a merge changed the membership).
   *
   * @throws UnsupportedOperationException for a consensus subnet
   * @throws IllegalArgumentException if {@code nodes} is empty
   */
  public void members(List<Ed25519SigningKey> nodes) {
    if (!this.nodes.isEmpty()) {
      throw new UnsupportedOperationException("subnet " + id + " runs consensus: its nodes are fixed");
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a subnet has at least one node");
    }
    java.util.SortedMap<NodeId, Ed25519SigningKey> m = new java.util.TreeMap<>();
    for (Ed25519SigningKey k : nodes) {
      m.put(new NodeId(k.publicKey().selfAuthenticatingPrincipal()), k);
    }
    this.answering = nodes.get(0);
    this.members = java.util.Collections.unmodifiableSortedMap(m);
  }

  /**
   * Takes a new threshold key (the registry gave the subnet new NI-DKG transcripts: the source
   * of a split, the destination of a merge): states certified from now on are signed with it.
   *
   * @throws UnsupportedOperationException for a consensus subnet
   */
  public synchronized void rekey(SecretKey subnetKey) {
    if (!nodes.isEmpty()) {
      throw new UnsupportedOperationException("subnet " + id + " runs consensus: its keys come "
          + "from its own NI-DKG");
    }
    BlsCertificateSigner s = new BlsCertificateSigner(subnetKey);
    this.signer = s;
    this.publicKey = s.publicKey();
  }

  private volatile Ed25519SigningKey answering;

  /** The nodes of a consensus subnet (empty for a single-node subnet). */
  public List<ReplicaNode> nodes() {
    return nodes;
  }

  /** The ids of the subnet's nodes. */
  public List<NodeId> nodeIds() {
    if (nodes.isEmpty()) {
      if (members.isEmpty()) {
        return List.of(nodeId);
      }
      List<NodeId> out = new ArrayList<>();
      out.add(nodeId());
      members.keySet().stream().filter(n -> !n.equals(out.get(0))).forEach(out::add);
      return out;
    }
    return nodes.stream().map(ReplicaNode::id).toList();
  }

  /** The node that answers reads: the first one that is up and behaves. */
  private ReplicaNode view() {
    for (ReplicaNode n : nodes) {
      if (n.isUp() && misbehaviour.getOrDefault(n.id(), Misbehaviour.NONE) == Misbehaviour.NONE) {
        return n;
      }
    }
    for (ReplicaNode n : nodes) {
      if (n.isUp()) {
        return n;
      }
    }
    throw new IllegalStateException("every node of subnet " + id + " is down");
  }

  /** The id of the node that answers (the only node of a single-node subnet). */
  public NodeId nodeId() {
    if (nodes.isEmpty()) {
      Ed25519SigningKey a = answering;
      return a == null ? nodeId : new NodeId(a.publicKey().selfAuthenticatingPrincipal());
    }
    return view().id();
  }

  /** The answering node's Ed25519 signing key, DER. */
  public Bytes nodePublicKeyDer() {
    if (nodes.isEmpty()) {
      Ed25519SigningKey a = answering;
      return a == null ? nodeSigningKeysDer.get(0) : Bytes.of(a.publicKey().toDer());
    }
    return nodeSigningKeysDer.get(nodes.indexOf(view()));
  }

  /** The subnet's threshold public key. */
  public ThresholdPublicKey publicKey() {
    return publicKey;
  }

  /** The executor (of the answering node). */
  public RoundExecutor executor() {
    return nodes.isEmpty() ? executor : view().executor();
  }

  /** The state manager (of the answering node). */
  public ReplicatedStateManager stateManager() {
    return nodes.isEmpty() ? stateManager : view().stateManager();
  }

  /** The ingress pool. */
  public IngressPool pool() {
    return pool;
  }

  /** Sets the NNS delegation of this subnet's certificates (none for the root subnet). */
  public void delegation(Delegation d) {
    this.delegation = Optional.of(d);
  }

  /** The delegation, if this is not the root subnet. */
  public Optional<Delegation> delegation() {
    return delegation;
  }

  /** Admits a (validated) ingress message into the pool; false if already there. */
  public boolean submit(IngressMessage m) {
    return pool.add(m);
  }

  /** Whether the pool holds messages or canisters have queued work. */
  public boolean hasWork() {
    if (!pool.isEmpty()) {
      return true;
    }
    ReplicatedState s = stateManager().latestState();
    if (!s.subnetQueues().input().isEmpty()) {
      return true;
    }
    for (var c : s.canisters().values()) {
      if (!c.system().queues().input().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The next index this subnet inducts from {@code sender}'s stream (its signals end in the
   * latest state).
   */
  public long nextIndexFrom(SubnetId sender) {
    Stream s = stateManager().latestState().metadata().streams().get(sender);
    return s == null ? 0 : s.signalsEnd();
  }

  /**
   * The slice of this subnet's certified stream to {@code receiver} from {@code from}, if it has
   * messages from there (no header-only slices: see {@link #sliceFor(SubnetId, long, Stream)}).
   */
  public Optional<CertifiedStreamSlice> sliceFor(SubnetId receiver, long from) {
    return stateManager().latestCertifiedEntry().flatMap(e -> {
      Stream s = e.state().metadata().streams().get(receiver);
      if (s == null || s.end() <= from) {
        return Optional.<CertifiedStreamSlice>empty();
      }
      return XNet.slice(e, receiver, from);
    });
  }

  /**
   * The slice of this subnet's certified stream to {@code receiver} from {@code from}, where
   * {@code back} is the receiver's stream back to this subnet: with the messages from {@code
   * from}, or — when there are none — the header alone if its signals are news to the receiver
   * (dfinity/ic's XNet payload builder includes signal-only slices the same way): accept signals
   * that garbage-collect {@code back} ({@code signals_end > back.begin}), or a stream that begins
   * after some of the receiver's reject signals (the receiver drops them). Empty otherwise, so
   * that idle streams give no slices.
   */
  public Optional<CertifiedStreamSlice> sliceFor(SubnetId receiver, long from, Stream back) {
    return stateManager().latestCertifiedEntry().flatMap(e -> {
      Stream s = e.state().metadata().streams().get(receiver);
      if (s == null) {
        return Optional.<CertifiedStreamSlice>empty();
      }
      boolean messages = s.end() > from;
      boolean signals = s.signalsEnd() > back.begin() || (!back.rejectSignals().isEmpty()
          && back.rejectSignals().firstKey() < s.begin());
      if (!messages && !signals) {
        return Optional.<CertifiedStreamSlice>empty();
      }
      return XNet.slice(e, receiver, from);
    });
  }

  /**
   * The slice of this subnet's certified stream to subnet {@code receiver} that it takes next:
   * from where its latest state's signals end, messages or signals ({@link #sliceFor(SubnetId,
   * long, Stream)}).
   */
  public Optional<CertifiedStreamSlice> sliceFor(SubnetRuntime receiver) {
    Stream back = receiver.streamTo(id);
    return sliceFor(receiver.id(), back.signalsEnd(), back);
  }

  /** This subnet's stream to {@code other} in its latest state (empty if none). */
  public Stream streamTo(SubnetId other) {
    return stateManager().latestState().metadata().streams().getOrDefault(other, Stream.EMPTY);
  }

  /**
   * One round. Single node: a batch with the pool's ingress, {@code slices}, {@code timeNanos}
   * and {@code randomness}, logged, executed and certified. Consensus: the nodes run, from
   * {@code timeNanos} on in virtual time (jumping to each protocol deadline), until one more
   * state is certified; the blocks take their own ingress, slices, time and randomness. Returns
   * the new height.
   *
   * @throws IllegalStateException if a consensus subnet makes no progress (too many nodes down)
   */
  public synchronized Height round(long timeNanos, Bytes randomness,
      SortedMap<SubnetId, CertifiedStreamSlice> slices, RegistryVersion registryVersion) {
    if (!nodes.isEmpty()) {
      return consensusRound(timeNanos);
    }
    ReplicatedState s = stateManager.latestState();
    Height h = s.height().increment();
    long t = Math.max(timeNanos, s.metadata().timeNanos() + 1);
    List<IngressMessage> ingress = pool.select(t, MAX_INGRESS_PER_BATCH,
        MAX_INGRESS_BYTES_PER_BATCH, new HashSet<>());
    boolean checkpoint = log.isPresent() && checkpointInterval > 0
        && h.value() % checkpointInterval == 0;
    Batch b = new Batch(h, Time.ofNanos(t), registryVersion, randomness, ingress, slices,
        checkpoint);
    log.ifPresent(l -> l.append(b));
    execute(b);
    pool.removeAll(ingress);
    if (checkpoint) {
      log.get().truncateTo(h);
    }
    return h;
  }

  /** The most virtual time a consensus round may take before the subnet counts as stalled. */
  static final long STALL_NANOS = 600_000_000_000L;

  private Height consensusRound(long timeNanos) {
    Height target = view().stateManager().latestCertifiedHeight().increment();
    long t = Math.max(now, timeNanos);
    long limit = t + STALL_NANOS;
    while (true) {
      pump(t);
      if (view().stateManager().latestCertifiedHeight().compareTo(target) >= 0) {
        now = t;
        countBlockMakers();
        return view().stateManager().latestCertifiedHeight();
      }
      long next = Long.MAX_VALUE;
      for (ReplicaNode n : nodes) {
        Optional<Time> w = n.nextWakeUp(Time.ofNanos(t));
        if (w.isPresent() && w.get().nanos() > t) {
          next = Math.min(next, w.get().nanos());
        }
      }
      if (next == Long.MAX_VALUE || next > limit) {
        now = t;
        throw new IllegalStateException("subnet " + id + " makes no progress: "
            + describeNodes());
      }
      t = next;
    }
  }

  /**
   * Live mode: runs the nodes at wall-clock time {@code wallNanos} until they have nothing more
   * to do, and says when they must run again even if nothing arrives (empty: no deadline).
   */
  public synchronized Optional<Long> advance(long wallNanos) {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("a single-node subnet runs by round()");
    }
    long t = Math.max(now, wallNanos);
    pump(t);
    now = t;
    countBlockMakers();
    long next = Long.MAX_VALUE;
    for (ReplicaNode n : nodes) {
      Optional<Time> w = n.nextWakeUp(Time.ofNanos(t));
      if (w.isPresent()) {
        next = Math.min(next, w.get().nanos());
      }
    }
    return next == Long.MAX_VALUE ? Optional.empty() : Optional.of(next);
  }

  /**
   * A node's block-maker counters since the subnet started (cumulative), as the IC's {@code
   * BlockmakerMetrics} count them: for each finalized block of rank r, its maker (the node at rank
   * r of the height's ranking) proposed it, and the nodes at ranks 0..r−1 failed.
   *
   * @param node the node
   * @param proposed finalized blocks it made
   * @param failed finalized heights at which it was ranked above the block's maker
   */
  public record BlockMakerCounts(NodeId node, long proposed, long failed) {}

  /**
   * The block-maker counters of this consensus subnet's nodes, from the finalized chain as far as
   * it was counted (after each round); every node of the subnet is listed, in node-id order. Empty
   * for a single-node subnet (no consensus). Not replicated state: derived from a node's pool by
   * the runtime (the IC carries them in the batch into the replicated state).
   */
  public synchronized List<BlockMakerCounts> blockMakerCounts() {
    List<BlockMakerCounts> out = new ArrayList<>();
    for (ReplicaNode n : nodes) {
      long[] c = blockMakers.getOrDefault(n.id(), new long[2]);
      out.add(new BlockMakerCounts(n.id(), c[0], c[1]));
    }
    out.sort(java.util.Comparator.comparing(BlockMakerCounts::node));
    return out;
  }

  /** Counts the finalized heights not counted yet (those whose block and beacon are still pooled). */
  private void countBlockMakers() {
    ReplicaNode v = view();
    if (v == null || v.consensus().isEmpty()) {
      return;
    }
    var c = v.consensus().get();
    var pool = c.pool();
    long finalized = pool.finalizedHeight().value();
    for (long h = blockMakersCounted + 1; h <= finalized; h++) {
      Height height = Height.of(h);
      var block = pool.finalizedBlock(height);
      var previous = pool.randomBeacon(Height.of(h - 1));
      if (block.isEmpty() || previous.isEmpty()) {
        continue;
      }
      Optional<List<NodeId>> ranking = c.context().membership().ranking(pool, height, previous.get());
      int rank = (int) block.get().rank().value();
      if (ranking.isEmpty() || rank >= ranking.get().size()) {
        continue;
      }
      blockMakers.computeIfAbsent(ranking.get().get(rank), k -> new long[2])[0]++;
      for (int i = 0; i < rank; i++) {
        blockMakers.computeIfAbsent(ranking.get().get(i), k -> new long[2])[1]++;
      }
    }
    blockMakersCounted = Math.max(blockMakersCounted, finalized);
  }

  /** The consensus subnet's time: the latest time its nodes ran at. */
  public synchronized long timeNanos() {
    return nodes.isEmpty() ? stateManager.latestState().metadata().timeNanos() : now;
  }

  /** Steps every node and delivers their artifacts until the subnet is quiet at {@code t}. */
  private void pump(long t) {
    Time time = Time.ofNanos(t);
    boolean again = true;
    int rounds = 0;
    while (again) {
      again = false;
      if (++rounds > 10_000) {
        throw new IllegalStateException("subnet " + id + " does not settle at " + time);
      }
      for (ReplicaNode n : nodes) {
        if (!n.isUp()) {
          continue;
        }
        ReplicaNode.Outbox o = n.step(time);
        again |= o.progressed();
        gossip(n, o, time);
      }
      for (ArtifactNetwork.Delivery d : network.drain()) {
        ReplicaNode to = node(d.to());
        if (to == null || !to.isUp()) {
          continue;
        }
        try {
          if (d.channel() == ArtifactNetwork.Channel.CONSENSUS) {
            again |= to.receive(ArtifactCodec.decode(d.bytes()));
          } else {
            again |= to.receive(CertificationCodec.decode(d.bytes()));
          }
        } catch (MalformedArtifactException e) {
          droppedMalformed++;
        }
      }
    }
    ReplicatedState latest = view().stateManager().latestState();
    pool.removeIf(m -> latest.metadata().ingressHistory().get(m).isPresent());
  }

  private ReplicaNode node(NodeId n) {
    for (ReplicaNode r : nodes) {
      if (r.id().equals(n)) {
        return r;
      }
    }
    return null;
  }

  private void gossip(ReplicaNode from, ReplicaNode.Outbox o, Time time) {
    Misbehaviour how = misbehaviour.getOrDefault(from.id(), Misbehaviour.NONE);
    for (ConsensusMessage m : o.consensus()) {
      if (isAggregate(m)) {
        continue;
      }
      Bytes enc = ArtifactCodec.encode(m);
      Bytes twin = null;
      if (how == Misbehaviour.EQUIVOCATE && m instanceof BlockProposal p
          && p.signature().signer().equals(from.id())) {
        twin = from.consensus().flatMap(c -> c.consensus().blockMaker()
            .propose(c.pool(), time, p.height(), p.rank(), 1))
            .map(x -> ArtifactCodec.encode(x)).orElse(null);
      }
      int i = 0;
      for (ReplicaNode to : nodes) {
        if (to == from) {
          continue;
        }
        Bytes send = twin != null && i++ % 2 == 1 ? twin : enc;
        network.send(from.id(), to.id(), ArtifactNetwork.Channel.CONSENSUS, send);
        if (how == Misbehaviour.BAD_INPUT) {
          network.send(from.id(), to.id(), ArtifactNetwork.Channel.CONSENSUS, flip(enc));
          network.send(from.id(), to.id(), ArtifactNetwork.Channel.CONSENSUS,
              enc.slice(0, enc.length() / 2));
        }
      }
    }
    for (CertificationMessage m : o.certification()) {
      Bytes enc = CertificationCodec.encode(m);
      for (ReplicaNode to : nodes) {
        if (to != from) {
          network.send(from.id(), to.id(), ArtifactNetwork.Channel.CERTIFICATION, enc);
          if (how == Misbehaviour.BAD_INPUT) {
            network.send(from.id(), to.id(), ArtifactNetwork.Channel.CERTIFICATION, flip(enc));
          }
        }
      }
    }
  }

  private static boolean isAggregate(ConsensusMessage m) {
    return switch (m.type()) {
      case NOTARIZATION, FINALIZATION, RANDOM_BEACON, RANDOM_TAPE, CATCH_UP_PACKAGE -> true;
      default -> false;
    };
  }

  private static Bytes flip(Bytes b) {
    byte[] x = b.toByteArray();
    if (x.length > 0) {
      x[x.length - 1] ^= 0x01;
    }
    return Bytes.of(x);
  }

  /** Makes a node misbehave from now on (fault injection; consensus subnets only). */
  public synchronized void misbehave(NodeId node, Misbehaviour how) {
    if (node(node) == null) {
      throw new IllegalArgumentException(node + " is not a node of subnet " + id);
    }
    misbehaviour.put(node, how);
  }

  /** Takes a node down, as a crash (consensus subnets only). */
  public synchronized void crash(NodeId node) {
    ReplicaNode n = node(node);
    if (n == null) {
      throw new IllegalArgumentException(node + " is not a node of subnet " + id);
    }
    n.stop();
  }

  /** Malformed artifacts the nodes dropped so far. */
  public synchronized long droppedMalformedArtifacts() {
    return droppedMalformed;
  }

  /** Artifacts the nodes found invalid so far (bad signatures, wrong heights, bad payloads). */
  public synchronized long invalidArtifacts() {
    long n = 0;
    for (ReplicaNode r : nodes) {
      n += r.invalidArtifacts();
    }
    return n;
  }

  private String describeNodes() {
    StringBuilder b = new StringBuilder();
    for (ReplicaNode n : nodes) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(n.id().toString(), 0, 5).append(n.isUp() ? " up" : " down")
          .append(" finalized ").append(n.finalizedHeight().value())
          .append(" certified ").append(n.stateManager().latestCertifiedHeight().value());
    }
    return b.toString();
  }

  private void execute(Batch b) {
    var r = messageRouting.deliverBatch(b);
    if (!(r instanceof org.jicp.types.ports.MessageRouting.DeliveryResult.Accepted)) {
      throw new IllegalStateException("batch " + b.height() + " not accepted: " + r);
    }
    certify(b.height());
  }

  /** Signs the root hash of the state of {@code h} (the single node is the whole committee). */
  private void certify(Height h) {
    ReplicatedStateManager.Entry e = stateManager.entry(h).orElseThrow();
    Bytes root = e.tree().rootHash();
    Bytes sig = signer.sign(Certificate.signedMessage(root));
    stateManager.deliverStateCertification(new Certification(h, root, sig, id));
  }

  /** The latest state with native canisters' changes saved into it (a snapshot's part). */
  public synchronized ReplicatedState snapshotState() {
    return executor().flush(stateManager().latestState());
  }

  /**
   * Makes {@code state} (from {@link #snapshotState}) the latest state again, certified. The
   * certified entry of the state restored last is kept: restoring the same state again (a test
   * fixture, before every test) reuses its tree and certification (the same bytes: the tree is a
   * function of the state, the signature deterministic) instead of computing them again.
   *
   * @throws UnsupportedOperationException for a consensus subnet (its nodes' pools and threshold
   *     certifications cannot be rewound)
   */
  public synchronized void restore(ReplicatedState state) {
    if (!nodes.isEmpty()) {
      throw new UnsupportedOperationException("snapshots need single-node subnets: subnet " + id
          + " runs consensus on " + nodes.size() + " nodes");
    }
    if (state == lastRestored) {
      stateManager.reset(lastRestoredEntry);
      return;
    }
    stateManager.reset(state);
    certify(state.height());
    lastRestored = state;
    lastRestoredEntry = stateManager.latestEntry();
  }

  private ReplicatedState lastRestored;
  private ReplicatedStateManager.Entry lastRestoredEntry;

  /** Writes a checkpoint of the latest state now (at stop), if the subnet has a directory. */
  public synchronized void checkpointNow() {
    if (!nodes.isEmpty() || stateManager.checkpointStore().isEmpty()) {
      return;
    }
    ReplicatedState s = executor.flush(stateManager.latestState());
    StateManager store = stateManager.checkpointStore().get();
    if (store.checkpointHeights().contains(s.height())) {
      return;
    }
    store.checkpoint(s);
    log.ifPresent(l -> l.truncateTo(s.height()));
  }

  /** The ingress status of {@code id} in the latest certified state. */
  public Optional<IngressStatus> certifiedStatus(MessageId id) {
    return stateManager().latestCertifiedEntry().flatMap(e ->
        e.state().metadata().ingressHistory().get(id));
  }

  /** The ingress status of {@code id} in the latest state. */
  public Optional<IngressStatus> latestStatus(MessageId id) {
    return stateManager().latestState().metadata().ingressHistory().get(id);
  }

  /**
   * A query on the latest certified state (with its data certificate for the canister). A reply
   * is remembered for the rest of that certified state (see {@link #cachedQuery}): a query runs
   * on an immutable state, so the same query on the same state gives the same answer.
   */
  public ResponsePayload query(CanisterId canister, String method, Bytes arg, Principal caller) {
    ReplicatedStateManager.Entry e = stateManager().latestCertifiedEntry().orElseThrow();
    PerCertifiedState d = perCertifiedState(e);
    QueryKey key = new QueryKey(canister, method, arg, caller);
    ResponsePayload cached = d.queries.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<Bytes> cert = Optional.empty();
    if (e.state().canister(canister).isPresent()) {
      cert = Optional.of(dataCertificate(e, canister));
    }
    ResponsePayload r = executor().query(e.state(), canister, method, arg, caller, cert);
    d.remember(key, r);
    return r;
  }

  /**
   * The reply {@link #query} gave to the same query on the latest certified state, if it is
   * remembered, without waiting for the execution thread. dfinity/ic's query cache ({@code
   * query_cache.rs}) has the same key and, like this one, keeps no errors; its entries are
   * checked against the canisters' versions and balances and the batch time, so they may outlive
   * a state; here a reply lives only as long as its certified state, exactly what a new
   * execution would return. A repeated query's debug prints are not printed again.
   */
  public Optional<ResponsePayload> cachedQuery(CanisterId canister, String method, Bytes arg,
      Principal caller) {
    Optional<ReplicatedStateManager.Entry> e = stateManager().latestCertifiedEntry();
    if (e.isEmpty()) {
      return Optional.empty();
    }
    PerCertifiedState d = perCertifiedState;
    if (d == null || d.entry != e.get() || d.delegation != delegation) {
      return Optional.empty();
    }
    return Optional.ofNullable(d.queries.get(new QueryKey(canister, method, arg, caller)));
  }

  /** The caches of certified state {@code e} under the current delegation (new ones if it changed). */
  private PerCertifiedState perCertifiedState(ReplicatedStateManager.Entry e) {
    PerCertifiedState d = perCertifiedState;
    Optional<Delegation> del = delegation;
    if (d == null || d.entry != e || d.delegation != del) {
      d = new PerCertifiedState(e, del);
      perCertifiedState = d;
    }
    return d;
  }

  /**
   * The data certificate of {@code canister} in {@code e}: built once per certified state and
   * canister (a burst of queries between two certifications shares it; it depends only on the
   * entry, the canister and the delegation, so the bytes are those a fresh build would give).
   */
  private Bytes dataCertificate(ReplicatedStateManager.Entry e, CanisterId canister) {
    PerCertifiedState d = perCertifiedState(e);
    Bytes cached = d.certificates.get(canister);
    if (cached != null) {
      return cached;
    }
    Bytes built = certificate(e, List.of(List.of(utf8("canister"),
        canister.principal().bytes(), utf8("certified_data"))));
    if (d.certificates.size() < DATA_CERTIFICATES_CACHED) {
      d.certificates.putIfAbsent(canister, built);
    }
    return built;
  }

  /** A query's inputs besides the state. */
  private record QueryKey(CanisterId canister, String method, Bytes arg, Principal caller) {}

  /** At most this many query answers are kept per certified state. */
  private static final int QUERIES_CACHED = 4096;
  /** At most this many argument and reply bytes are kept per certified state. */
  private static final long QUERY_BYTES_CACHED = 16L << 20;

  /** At most this many canisters' data certificates are kept per certified state. */
  private static final int DATA_CERTIFICATES_CACHED = 4096;

  /** Data certificates and query answers of one certified entry under one delegation. */
  private static final class PerCertifiedState {
    final ReplicatedStateManager.Entry entry;
    final Optional<Delegation> delegation;
    final java.util.concurrent.ConcurrentHashMap<CanisterId, Bytes> certificates =
        new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.ConcurrentHashMap<QueryKey, ResponsePayload> queries =
        new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicLong queryBytes =
        new java.util.concurrent.atomic.AtomicLong();

    PerCertifiedState(ReplicatedStateManager.Entry entry, Optional<Delegation> delegation) {
      this.entry = entry;
      this.delegation = delegation;
    }

    /** Keeps reply {@code r} for {@code key} while the bounds allow (rejects are not kept). */
    void remember(QueryKey key, ResponsePayload r) {
      if (!(r instanceof ResponsePayload.Reply p)) {
        return;
      }
      long size = key.arg().length() + key.method().length() + p.data().length();
      if (queries.size() >= QUERIES_CACHED
          || queryBytes.addAndGet(size) > QUERY_BYTES_CACHED) {
        return;
      }
      queries.putIfAbsent(key, r);
    }
  }

  private volatile PerCertifiedState perCertifiedState;

  /** {@code canister_inspect_message} on the latest state. */
  public Optional<ResponsePayload.Reject> inspect(CanisterMessage.Ingress m) {
    return executor().inspect(stateManager().latestState(), m);
  }

  /** The answering node's Ed25519 signature over {@code "\x0Bic-response" ‖ hash}. */
  public Bytes signQueryResponse(Bytes responseHash) {
    byte[] dom = "\u000Bic-response".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] msg = new byte[dom.length + responseHash.length()];
    System.arraycopy(dom, 0, msg, 0, dom.length);
    responseHash.copyTo(msg, dom.length);
    if (nodes.isEmpty()) {
      Ed25519SigningKey a = answering;
      return Bytes.of((a == null ? nodeKey : a).sign(msg));
    }
    return view().signBasic(msg);
  }

  /**
   * The signature of node {@code node} of this subnet over {@code "\x0Bic-response" ‖ hash}
   * (each node answers queries with its own key, as agents check against
   * {@code /subnet/<sid>/node/<nid>/public_key}).
   *
   * @throws IllegalArgumentException if {@code node} is not a node of this subnet
   */
  public Bytes signQueryResponse(NodeId node, Bytes responseHash) {
    if (nodes.isEmpty()) {
      Ed25519SigningKey k = members.isEmpty() && nodeId.equals(node) ? nodeKey
          : members.get(node);
      if (k == null) {
        throw new IllegalArgumentException("node " + node + " is not in subnet " + id);
      }
      byte[] dom1 = "\u000Bic-response".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      byte[] msg1 = new byte[dom1.length + responseHash.length()];
      System.arraycopy(dom1, 0, msg1, 0, dom1.length);
      responseHash.copyTo(msg1, dom1.length);
      return Bytes.of(k.sign(msg1));
    }
    byte[] dom = "\u000Bic-response".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] msg = new byte[dom.length + responseHash.length()];
    System.arraycopy(dom, 0, msg, 0, dom.length);
    responseHash.copyTo(msg, dom.length);
    for (ReplicaNode n : nodes) {
      if (n.id().equals(node)) {
        return n.signBasic(msg);
      }
    }
    throw new IllegalArgumentException("node " + node + " is not in subnet " + id);
  }

  /** A certificate (CBOR) of {@code paths} and {@code /time} in the latest certified state. */
  public Bytes certificate(List<List<Bytes>> paths) {
    return certificate(stateManager().latestCertifiedEntry().orElseThrow(), paths);
  }

  private Bytes certificate(ReplicatedStateManager.Entry e, List<List<Bytes>> paths) {
    List<List<Bytes>> all = new ArrayList<>(paths);
    all.add(HashTree.path("time"));
    HashTree witness = e.tree().tree().witness(all);
    Certificate c = new Certificate(witness, e.certification().orElseThrow().signature(),
        delegation);
    return Bytes.of(c.encode());
  }

  /** The height of the latest certified state. */
  public Height certifiedHeight() {
    return stateManager().latestCertifiedHeight();
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    log.ifPresent(BatchLog::close);
    for (ReplicaNode n : nodes) {
      n.stop();
    }
  }
}
