package org.jicp.replica.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.certification.CertificationMessage;
import org.jicp.consensus.certification.CertificationNode;
import org.jicp.consensus.certification.Certifier;
import org.jicp.consensus.component.ConsensusContext;
import org.jicp.consensus.component.ConsensusNode;
import org.jicp.consensus.component.DkgPayloads;
import org.jicp.consensus.component.Membership;
import org.jicp.consensus.component.PayloadBuilder;
import org.jicp.consensus.crypto.BlsConsensusCrypto;
import org.jicp.consensus.crypto.VerificationMemo;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.consensus.crypto.NodeKeys;
import org.jicp.consensus.crypto.SubnetPublicKeys;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.ReplicaVersions;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.Height;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.Time;
import org.jicp.types.ports.StateSync;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * The composition root of one node of a subnet that runs the consensus protocol (after dfinity/ic
 * {@code setup_ic_stack.rs::construct_ic_stack}): its own keys; its state manager (a state per
 * height, checkpoints at the heights whose full state hash a catch-up package certifies); message
 * routing over its own round executor (every node executes every batch); consensus (the {@code
 * ic-consensus} core over the node's artifact pool), fed by the subnet's payload builder; and the
 * certifier, which signs the root hash of each committed state with the node's share of the
 * subnet's threshold key and delivers full certifications to the state manager.
 *
 * <p>Lifecycle: {@link #start} composes the layers from the genesis (or a later) catch-up
 * package; {@link #stop} takes the node down (a crash: its pools are dropped, its state manager
 * survives); a node that is down neither steps nor receives. Not thread-safe: the subnet that owns
 * it drives it from one thread.
 */
public final class ReplicaNode {
  /**
   * What a node is made of.
   *
   * @param subnet the subnet
   * @param keys the node's secret keys (the registry holds their public halves)
   * @param registry the consensus public keys of the subnet's nodes
   * @param cup the catch-up package the node starts from (genesis)
   * @param consensus the consensus parameters
   * @param executor the node's own round executor
   * @param initial the state of the package's height (genesis)
   * @param checkpoints where the node writes checkpoints (needed for full state hashes)
   * @param topology the registry's view for message routing
   * @param payloads the payload builder of this node over its state manager
   * @param csprng the node's randomness (batch-verification randomizers, dealings)
   * @param log where dropped inputs and failures are reported
   * @param receivedShares the node's shares of the package's transcripts that it decrypted
   *     outside consensus (a registry subnet's initial NI-DKG records), by transcript id; empty:
   *     the node decrypts its shares from the package itself
   */
  public record Config(SubnetId subnet, NodeKeys keys, SubnetPublicKeys registry,
      CatchUpPackage cup, ConsensusConfig consensus, RoundExecutor executor,
      ReplicatedState initial, StateManager checkpoints, NetworkTopology topology,
      Function<ReplicatedStateManager, PayloadBuilder> payloads, RandomGenerator csprng,
      Consumer<String> log, Map<NiDkgId, SecretKeyShare> receivedShares) {
    /** A node that decrypts its own shares of the package's transcripts (no received shares). */
    public Config(SubnetId subnet, NodeKeys keys, SubnetPublicKeys registry,
        CatchUpPackage cup, ConsensusConfig consensus, RoundExecutor executor,
        ReplicatedState initial, StateManager checkpoints, NetworkTopology topology,
        Function<ReplicatedStateManager, PayloadBuilder> payloads, RandomGenerator csprng,
        Consumer<String> log) {
      this(subnet, keys, registry, cup, consensus, executor, initial, checkpoints, topology,
          payloads, csprng, log, Map.of());
    }

    /** Checks the parts. */
    public Config {
      receivedShares = Map.copyOf(receivedShares);
      Objects.requireNonNull(subnet, "subnet");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(cup, "cup");
      Objects.requireNonNull(consensus, "consensus");
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(checkpoints, "checkpoints");
      Objects.requireNonNull(topology, "topology");
      Objects.requireNonNull(payloads, "payloads");
      Objects.requireNonNull(csprng, "csprng");
      Objects.requireNonNull(log, "log");
    }
  }

  /**
   * What one step produced for the node's peers.
   *
   * @param consensus artifacts to gossip (its own, and block proposals it relays)
   * @param certification certification shares and certifications to gossip
   * @param progressed whether any change was applied
   */
  public record Outbox(List<ConsensusMessage> consensus, List<CertificationMessage> certification,
      boolean progressed) {}

  private final Config config;
  private final NodeId id;
  private final ConsensusCrypto crypto;
  private final ReplicatedStateManager stateManager;
  private final MessageRoutingImpl messageRouting;
  private final PayloadBuilder payloads;
  private ConsensusNode consensus;
  private CertificationNode certification;
  private boolean up;
  private long invalidArtifacts;

  /**
   * The signature checks that passed in this JVM, shared by its nodes: a replica that runs the n
   * nodes of a subnet in one process verifies each share and aggregate once instead of n times,
   * with the same verdicts ({@link VerificationMemo}). System property {@code
   * jicp.replica.sharedVerification=false} turns it off (the peer of the benchmarks).
   */
  private static final VerificationMemo VERIFICATIONS =
      "false".equalsIgnoreCase(System.getProperty("jicp.replica.sharedVerification"))
          ? VerificationMemo.none() : VerificationMemo.create(1 << 14);

  /** Composes the node (down until {@link #start}). */
  public ReplicaNode(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.id = config.keys().node();
    this.crypto = BlsConsensusCrypto.forNode(config.keys(), config.registry(), config.cup(),
        config.csprng(), config.receivedShares(), VERIFICATIONS);
    this.stateManager = new ReplicatedStateManager(config.initial(),
        Optional.of(config.checkpoints()), 64);
    this.messageRouting = new MessageRoutingImpl(config.subnet(), stateManager,
        config.executor(), config.topology(), CertificateSignatureVerifier.ic(), config.log());
    this.payloads = config.payloads().apply(stateManager);
  }

  /** Starts the node from its catch-up package at {@code now} (no-op if up). */
  public void start(Time now) {
    if (up) {
      return;
    }
    Membership membership = new Membership(config.subnet(), config.consensus());
    DkgPayloads dkg = new DkgPayloads(config.subnet(), config.consensus().dkgIntervalLength(),
        config.consensus().dkgDealingsPerBlock(), crypto);
    ConsensusContext ctx = new ConsensusContext(id, ReplicaVersions.DEFAULT, membership, crypto,
        stateManager, messageRouting, payloads, dkg, config.topology()::latestVersion);
    StateSync sync = stateSync != null ? stateSync : (height, hash) -> config.log().accept(id
        + " needs the state of " + height
        + " (state sync between in-process nodes is not implemented)");
    CatchUpPackage root = consensus == null ? config.cup() : consensus.pool().catchUpPackage();
    consensus = new ConsensusNode(ctx, sync, root, now);
    certification = new CertificationNode(config.subnet(),
        new Certifier(id, membership, crypto, stateManager), stateManager);
    up = true;
  }

  private StateSync stateSync;

  /**
   * Sets how the node fetches the checkpoint of a catch-up package it cannot reach by executing
   * batches (a transport's state sync); takes effect at the next {@link #start}. Without one, the
   * node logs that it needs the state and stays behind.
   */
  public void stateSync(StateSync sync) {
    this.stateSync = sync;
  }

  /** Takes the node down, as a crash: its artifact pools are lost. */
  public void stop() {
    up = false;
  }

  /** Whether the node is up. */
  public boolean isUp() {
    return up;
  }

  /** The node id. */
  public NodeId id() {
    return id;
  }

  /** The node's consensus crypto (signs query responses with the node signing key). */
  public ConsensusCrypto crypto() {
    return crypto;
  }

  /** The node's state manager. */
  public ReplicatedStateManager stateManager() {
    return stateManager;
  }

  /** The node's executor. */
  public RoundExecutor executor() {
    return config.executor();
  }

  /** The node's message routing. */
  public MessageRoutingImpl messageRouting() {
    return messageRouting;
  }

  /** The node's consensus shell (empty while down). */
  public Optional<ConsensusNode> consensus() {
    return up ? Optional.of(consensus) : Optional.empty();
  }

  /** The node's finalized height (zero while down). */
  public Height finalizedHeight() {
    return up ? consensus.pool().finalizedHeight() : Height.ZERO;
  }

  /** Artifacts from peers this node found invalid so far. */
  public long invalidArtifacts() {
    return invalidArtifacts;
  }

  /** Takes a consensus artifact from a peer (dropped while down); true if it was new. */
  public boolean receive(ConsensusMessage m) {
    return up && consensus.receive(m);
  }

  /** Takes a certification artifact from a peer (dropped while down); true if it was new. */
  public boolean receive(CertificationMessage m) {
    return up && certification.receive(m);
  }

  /**
   * Runs consensus and certification at {@code now} until neither has anything left to do; what
   * they made is for the peers. A finalized batch is executed on the way.
   */
  public Outbox step(Time now) {
    if (!up) {
      return new Outbox(List.of(), List.of(), false);
    }
    List<ConsensusMessage> out = new ArrayList<>();
    List<CertificationMessage> certs = new ArrayList<>();
    boolean progressed = false;
    while (true) {
      ConsensusNode.StepResult s = consensus.step(now);
      invalidArtifacts += s.invalid().size();
      out.addAll(s.created());
      out.addAll(s.relayed());
      progressed |= s.changeSets() > 0;
      CertificationNode.StepResult c = certification.step(consensus.pool());
      invalidArtifacts += c.invalid().size();
      certs.addAll(c.created());
      progressed |= !c.created().isEmpty() || c.delivered() > 0;
      if (c.delivered() == 0) {
        break;
      }
    }
    return new Outbox(out, certs, progressed);
  }

  /** When the node must be stepped next even if nothing arrives. */
  public Optional<Time> nextWakeUp(Time now) {
    return up ? consensus.nextWakeUp(now) : Optional.empty();
  }

  /** Signs {@code message} with the node signing key (Ed25519). */
  public Bytes signBasic(byte[] message) {
    return crypto.signBasic(message);
  }

  @Override
  public String toString() {
    return "node " + id + (up ? " (up)" : " (down)");
  }
}
