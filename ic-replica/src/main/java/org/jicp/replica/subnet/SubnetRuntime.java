package org.jicp.replica.subnet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.replica.node.BatchLog;
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
 * A subnet of one node (the fast mode: like PocketIC, no consensus protocol runs, the node makes
 * and finalizes every batch itself): its composition — ingress pool, message routing over the
 * round executor, the state manager with checkpoints and a batch log in its directory, and the
 * certifier, which signs every committed state's root with the subnet's threshold key (held whole
 * by the single node: a 1-of-1 threshold). Each {@link #round} builds a batch (the pool's ingress,
 * the other subnets' certified stream slices to it, time, randomness), logs it, executes it and
 * certifies the result.
 */
public final class SubnetRuntime implements AutoCloseable {
  /** The most ingress messages per batch (the IC's block limit for application subnets). */
  public static final int MAX_INGRESS_PER_BATCH = 1_000;
  /** The most ingress bytes per batch (the IC's 4 MiB block payload limit). */
  public static final long MAX_INGRESS_BYTES_PER_BATCH = 4L << 20;

  private final SubnetId id;
  private final String kind;
  private final SubnetType type;
  private final CanisterRanges ranges;
  private final NodeId nodeId;
  private final Ed25519SigningKey nodeKey;
  private final SecretKey subnetKey;
  private final ThresholdPublicKey publicKey;
  private final RoundExecutor executor;
  private final ReplicatedStateManager stateManager;
  private final MessageRoutingImpl messageRouting;
  private final IngressPool pool = new IngressPool();
  private final Optional<BatchLog> log;
  private final long checkpointInterval;
  private final BlsCertificateSigner signer;
  private volatile Optional<Delegation> delegation = Optional.empty();

  /** The parts of a subnet. */
  public record Parts(SubnetId id, String kind, SubnetType type, CanisterRanges ranges,
      Ed25519SigningKey nodeKey, SecretKey subnetKey, RoundExecutor executor,
      ReplicatedState genesis, Optional<Path> dir, long checkpointInterval,
      NetworkTopology topology, Consumer<String> dropped) {}

  /** Composes a subnet; with a directory, resumes from its checkpoint and batch log. */
  public SubnetRuntime(Parts p) {
    this.id = p.id();
    this.kind = p.kind();
    this.type = p.type();
    this.ranges = p.ranges();
    this.nodeKey = p.nodeKey();
    this.nodeId = new NodeId(p.nodeKey().publicKey().selfAuthenticatingPrincipal());
    this.subnetKey = p.subnetKey();
    this.signer = new BlsCertificateSigner(p.subnetKey());
    this.publicKey = signer.publicKey();
    this.executor = p.executor();
    this.checkpointInterval = p.checkpointInterval();
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

  /** The node's id. */
  public NodeId nodeId() {
    return nodeId;
  }

  /** The node's Ed25519 signing key, DER. */
  public Bytes nodePublicKeyDer() {
    return Bytes.of(nodeKey.publicKey().toDer());
  }

  /** The subnet's threshold public key. */
  public ThresholdPublicKey publicKey() {
    return publicKey;
  }

  /** The executor. */
  public RoundExecutor executor() {
    return executor;
  }

  /** The state manager. */
  public ReplicatedStateManager stateManager() {
    return stateManager;
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
    ReplicatedState s = stateManager.latestState();
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
    Stream s = stateManager.latestState().metadata().streams().get(sender);
    return s == null ? 0 : s.signalsEnd();
  }

  /** The slice of this subnet's certified stream to {@code receiver} from {@code from}. */
  public Optional<CertifiedStreamSlice> sliceFor(SubnetId receiver, long from) {
    return stateManager.latestCertifiedEntry().flatMap(e -> {
      Stream s = e.state().metadata().streams().get(receiver);
      if (s == null || s.end() <= from) {
        return Optional.<CertifiedStreamSlice>empty();
      }
      return XNet.slice(e, receiver, from);
    });
  }

  /**
   * One round: a batch with the pool's ingress, {@code slices}, {@code timeNanos} and {@code
   * randomness}, logged, executed and certified. Returns the new height.
   */
  public synchronized Height round(long timeNanos, Bytes randomness,
      SortedMap<SubnetId, CertifiedStreamSlice> slices, RegistryVersion registryVersion) {
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
    return executor.flush(stateManager.latestState());
  }

  /**
   * Makes {@code state} (from {@link #snapshotState}) the latest state again, certified. The
   * certified entry of the state restored last is kept: restoring the same state again (a test
   * fixture, before every test) reuses its tree and certification (the same bytes: the tree is a
   * function of the state, the signature deterministic) instead of computing them again.
   */
  public synchronized void restore(ReplicatedState state) {
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
    if (stateManager.checkpointStore().isEmpty()) {
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
    return stateManager.latestCertifiedEntry().flatMap(e ->
        e.state().metadata().ingressHistory().get(id));
  }

  /** The ingress status of {@code id} in the latest state. */
  public Optional<IngressStatus> latestStatus(MessageId id) {
    return stateManager.latestState().metadata().ingressHistory().get(id);
  }

  /** A query on the latest certified state (with its data certificate for the canister). */
  public ResponsePayload query(CanisterId canister, String method, Bytes arg, Principal caller) {
    ReplicatedStateManager.Entry e = stateManager.latestCertifiedEntry().orElseThrow();
    Optional<Bytes> cert = Optional.empty();
    if (e.state().canister(canister).isPresent()) {
      cert = Optional.of(certificate(e, List.of(List.of(utf8("canister"),
          canister.principal().bytes(), utf8("certified_data")))));
    }
    return executor.query(e.state(), canister, method, arg, caller, cert);
  }

  /** {@code canister_inspect_message} on the latest state. */
  public Optional<ResponsePayload.Reject> inspect(CanisterMessage.Ingress m) {
    return executor.inspect(stateManager.latestState(), m);
  }

  /** The node's Ed25519 signature over {@code "\x0Bic-response" ‖ hash}. */
  public Bytes signQueryResponse(Bytes responseHash) {
    byte[] dom = "\u000Bic-response".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] msg = new byte[dom.length + responseHash.length()];
    System.arraycopy(dom, 0, msg, 0, dom.length);
    responseHash.copyTo(msg, dom.length);
    return Bytes.of(nodeKey.sign(msg));
  }

  /** A certificate (CBOR) of {@code paths} and {@code /time} in the latest certified state. */
  public Bytes certificate(List<List<Bytes>> paths) {
    return certificate(stateManager.latestCertifiedEntry().orElseThrow(), paths);
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
    return stateManager.latestCertifiedHeight();
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    log.ifPresent(BatchLog::close);
  }
}
