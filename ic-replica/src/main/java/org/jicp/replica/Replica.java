package org.jicp.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import java.util.random.RandomGenerator;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.ConsensusException;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.component.Genesis;
import org.jicp.consensus.crypto.BlsConsensusCrypto;
import org.jicp.consensus.crypto.NodeKeys;
import org.jicp.consensus.crypto.SubnetPublicKeys;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.http.EnvelopeIngressVerifier;
import org.jicp.replica.node.InProcessNetwork;
import org.jicp.replica.node.IngressCodec;
import org.jicp.replica.node.IngressPool;
import org.jicp.replica.node.IngressVerifier;
import org.jicp.replica.node.NetworkTopology;
import org.jicp.replica.node.ReplicaNode;
import org.jicp.replica.node.ReplicaPayloadBuilder;
import org.jicp.state.FileLayer;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.certification.Delegation;
import org.jicp.state.replicated.CertifiedStateTree;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * A running Internet Computer in this JVM: subnets of replicated execution, each certifying its
 * state with its threshold key, exchanging messages through certified streams, non-root subnets
 * answering with certificates that carry the root subnet's delegation — the embedding API of
 * {@code ic-replica} (issue 14), and what the IC HTTP interface serves.
 *
 * <pre>{@code
 * try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(7).build()) {
 *   CanisterId id = ic.createCanister(ic.subnets().get(1).id(), Cycles.of(10_000_000_000_000L));
 *   ic.install(id, wasm, candidArgs);
 *   byte[] reply = ic.update(id, "inc", candidArgs);   // submit, run rounds, certified result
 *   byte[] q = ic.query(id, "get", candidArgs);
 * }
 * }</pre>
 *
 * <p>Modes: <b>deterministic</b> (a seed fixes every key, hence subnet ids, and the round
 * randomness; time is virtual, moved by {@link #advanceTime}, by 1 ns per round, and forward to
 * admit an HTTP envelope whose {@code ingress_expiry} lies beyond the 5-minute window of the
 * virtual time (its sender's clock is ahead); rounds run on
 * {@link #tick} and while {@link #update} waits) and <b>live</b> (rounds run by themselves on a
 * thread, as soon as there is work and at least once a second, on wall-clock time). The same
 * builder seed and the same calls give the same canister ids, {@code raw_rand} bytes and state
 * root hashes. With a state directory, every subnet logs its batches and checkpoints; a replica
 * built again on the same directory continues where the last one stopped.
 *
 * <p>Subnets of one node run without a consensus protocol (like PocketIC); see {@code
 * ic-replica/README.md} for what larger subnets do. Thread-safe.
 */
public final class Replica implements AutoCloseable, org.jicp.bigmap.BigMapHost {
  /** The kinds of subnet a replica can have. */
  public enum SubnetKind {
    /** The NNS (root) subnet: a system subnet. */
    NNS("nns", SubnetType.SYSTEM),
    /** An application subnet. */
    APPLICATION("application", SubnetType.APPLICATION),
    /** A system subnet. */
    SYSTEM("system", SubnetType.SYSTEM),
    /** A verified application subnet. */
    VERIFIED_APPLICATION("verified_application", SubnetType.VERIFIED_APPLICATION),
    /** A fiduciary subnet (an application subnet of 34 nodes on the IC). */
    FIDUCIARY("fiduciary", SubnetType.APPLICATION);

    private final String text;
    private final SubnetType type;

    SubnetKind(String text, SubnetType type) {
      this.text = text;
      this.type = type;
    }

    /** The name the CLI and the topology JSON use. */
    public String text() {
      return text;
    }

    /** The subnet type. */
    public SubnetType type() {
      return type;
    }

    /** The kind named {@code text}. */
    public static SubnetKind fromText(String text) {
      for (SubnetKind k : values()) {
        if (k.text.equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown subnet kind '" + text
          + "' (nns, application, system, verified_application, fiduciary)");
    }
  }

  /** Thrown by {@link #update} and {@link #query} when the call is rejected. */
  public static final class CallRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final RejectCode code;
    private final Optional<ErrorCode> errorCode;

    CallRejectedException(RejectCode code, String message, Optional<ErrorCode> errorCode) {
      super(code.code() + ": " + message, null, false, false);
      this.code = code;
      this.errorCode = errorCode;
    }

    /** The reject code. */
    public RejectCode code() {
      return code;
    }

    /** The IC error code, if the system rejected. */
    public Optional<ErrorCode> errorCode() {
      return errorCode;
    }
  }

  /** A subnet as the replica describes it. */
  public record SubnetInfo(SubnetId id, SubnetKind kind, SubnetType type, CanisterRanges ranges,
      List<NodeId> nodes, Map<NodeId, Bytes> nodePublicKeys) {}

  private static final long START = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()
      * 1_000_000_000L;
  private static final long INGRESS_TTL = Duration.ofMinutes(4).toNanos();
  /**
   * The first canister index of the first subnet that is not the NNS (the NNS hosts indices 0 to
   * 2^20 - 1, as on mainnet); each further subnet gets the next {@link #RANGE_SIZE} indices
   * (jicp's own layout).
   */
  public static final long APP_RANGE_START = 0x2100000L;
  /**
   * The replica version the genesis registry elects (with the NNS canisters): {@code
   * create_subnet} proposals name it as {@code replica_version_id}.
   */
  public static final String REPLICA_VERSION = RegistryGenesisPlan.REPLICA_VERSION;
  /** Canister ids per subnet range: 2^20. */
  public static final long RANGE_SIZE = 0x100000L;
  /** The CMC's default ICP/XDR rate at genesis: 3.5 XDR per ICP (35 000 permyriad). */
  public static final long DEFAULT_XDR_PERMYRIAD_PER_ICP = 35_000L;

  private final Builder config;
  /** With the NNS canisters: the genesis registry and the nodes this replica plays. */
  private final RegistryGenesisPlan plan;
  /** With the NNS canisters: the NNS subnet's canisters (the registry the topology follows). */
  private final NnsCanisters nns;
  private final SubnetRuntime root;
  /** With {@code nodeMetricsFromConsensus()}: the BFT subnets' block-maker counters, sampled for the NNS. */
  private final ConsensusNodeMetrics consensusMetrics;
  private final byte[] seed;
  private final List<SubnetRuntime> subnets = new CopyOnWriteArrayList<>();
  private final Map<SubnetId, SubnetKind> kinds =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private final StaticTopology topology;
  private final List<Consumer<String>> logListeners = new CopyOnWriteArrayList<>();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final CallJournal calls = new CallJournal();
  private long clock;
  private long nonce;
  private Thread driver;
  private volatile boolean running = true;
  private final List<Path> tempDirs = new ArrayList<>();

  private Replica(Builder b) {
    this.config = b;
    this.seed = seedOf(b);
    this.clock = b.live ? System.currentTimeMillis() * 1_000_000L
        : b.startTime.map(t -> t.getEpochSecond() * 1_000_000_000L + t.getNano()).orElse(START);
    List<SubnetKind> ks = b.kinds;
    List<SecretKey> keys = new ArrayList<>();
    List<Ed25519SigningKey> singleNodes = new ArrayList<>();
    List<ConsensusKeys> consensusKeys = new ArrayList<>();
    TreeMap<SubnetId, SubnetTopology> topo = new TreeMap<>();
    Map<CanisterRange, SubnetId> routes = new java.util.HashMap<>();
    List<SubnetId> ids = new ArrayList<>();
    List<CanisterRanges> ranges = new ArrayList<>();
    List<CanisterRange> planned = new ArrayList<>();
    int others = 0;
    for (SubnetKind k : ks) {
      long start = k == SubnetKind.NNS ? 0 : APP_RANGE_START + others++ * RANGE_SIZE;
      planned.add(new CanisterRange(CanisterId.fromIndex(start),
          CanisterId.fromIndex(start + RANGE_SIZE - 1)));
    }
    boolean withNnsCanisters = b.nnsCanisters && b.nodesPerSubnet == 1
        && ks.contains(SubnetKind.NNS);
    int ledgerHost = withNnsCanisters ? firstNonNns(ks) : -1;
    // With the NNS canisters, the registry is the source of truth: the subnets' keys come from
    // the genesis registry's NI-DKG transcripts, and later registry versions change the topology.
    this.plan = withNnsCanisters ? new RegistryGenesisPlan(Bytes.of(derive("registry", 0, 0)), ks,
        planned, b.spareNodes, b.registryNodesPerSubnet) : null;
    for (int i = 0; i < ks.size(); i++) {
      TreeMap<NodeId, Bytes> nodeKeys = new TreeMap<>();
      Bytes der;
      if (plan != null && registryBft(b, ks.get(i), plan.members(i).size(), i == ledgerHost)) {
        keys.add(null);
        singleNodes.add(null);
        ConsensusKeys ck = registryConsensusKeys(plan.registry(), plan.subnetId(i));
        consensusKeys.add(ck);
        for (NodeKeys k : ck.nodes()) {
          nodeKeys.put(k.node(), Bytes.of(k.publicKeys().nodeSigningKey().toDer()));
        }
        der = ck.publicKey().toDer();
      } else if (b.nodesPerSubnet == 1) {
        SecretKey sk = plan != null ? plan.subnetKey(i) : SecretKey.keyGen(derive("subnet", i, 0),
            "jicp subnet key".getBytes(StandardCharsets.US_ASCII));
        keys.add(sk);
        consensusKeys.add(null);
        Ed25519SigningKey nk;
        try {
          nk = plan != null ? plan.nodeSigningKey(plan.node(i))
              : Ed25519SigningKey.fromSeed(derive("node", i, 0));
        } catch (org.jicp.crypto.InvalidEncodingException e) {
          throw new IllegalStateException(e);
        }
        singleNodes.add(nk);
        nodeKeys.put(new NodeId(nk.publicKey().selfAuthenticatingPrincipal()),
            Bytes.of(nk.publicKey().toDer()));
        if (plan != null) {
          for (NodeId m : plan.members(i)) {
            nodeKeys.put(m, Bytes.of(plan.nodeSigningKey(m).publicKey().toDer()));
          }
        }
        der = new org.jicp.state.certification.BlsCertificateSigner(sk).publicKey().toDer();
      } else {
        keys.add(null);
        singleNodes.add(null);
        ConsensusKeys ck = consensusKeys(i, b);
        consensusKeys.add(ck);
        for (NodeKeys k : ck.nodes()) {
          nodeKeys.put(k.node(), Bytes.of(k.publicKeys().nodeSigningKey().toDer()));
        }
        der = ck.publicKey().toDer();
      }
      SubnetId id = new SubnetId(Principal.selfAuthenticating(der.toByteArray()));
      if (plan != null && !id.equals(plan.subnetId(i))) {
        throw new IllegalStateException("subnet " + i + ": key and registry disagree");
      }
      ids.add(id);
      CanisterRange r = planned.get(i);
      routes.put(r, id);
      ranges.add(new CanisterRanges(List.of(r)));
      topo.put(id, new SubnetTopology(der, ks.get(i).type(), nodeKeys));
      kinds.put(id, ks.get(i));
    }
    RoutingTable rt = new RoutingTable(routes);
    this.topology = new StaticTopology(rt, topo);
    this.consensusMetrics = b.nodeMetricsFromConsensus ? new ConsensusNodeMetrics() : null;
    Optional<org.jicp.nns.host.NodeMetricsSource> metricsSource = consensusMetrics != null
        ? Optional.of(consensusMetrics) : b.nodeMetrics;
    NnsCanisters nnsCanisters = withNnsCanisters ? new NnsCanisters(derive("nns dkg", 0, 0), metricsSource) : null;
    this.nns = nnsCanisters;
    int cyclesLedgerHost = nnsCanisters == null ? -1 : firstNonNns(ks);
    List<SubnetId> defaultSubnets = new ArrayList<>();
    for (int i = 0; i < ks.size(); i++) {
      if (ks.get(i) == SubnetKind.APPLICATION) {
        defaultSubnets.add(ids.get(i));
      }
    }
    for (int i = 0; i < ks.size(); i++) {
      SubnetKind k = ks.get(i);
      ReplicatedState genesis = RoundExecutor.genesis(ids.get(i), k.type(), clock, rt, topo);
      if (b.nodesPerSubnet == 1 && consensusKeys.get(i) == null) {
        RoundExecutor.Builder eb = executorBuilder(k, b);
        if (nnsCanisters != null && k == SubnetKind.NNS) {
          nnsCanisters.configureNns(eb);
        }
        if (i == cyclesLedgerHost) {
          nnsCanisters.configureCyclesLedger(eb);
        }
        RoundExecutor exec = eb.build();
        if (nnsCanisters != null && k == SubnetKind.NNS) {
          genesis = nnsCanisters.nnsGenesis(exec, genesis, plan.registry(), b.icp,
              b.xdrPermyriadPerIcp, defaultSubnets);
        }
        if (i == cyclesLedgerHost) {
          genesis = nnsCanisters.cyclesLedgerGenesis(exec, genesis, b.cycles);
        }
        exec.addLogListener(this::log);
        String dirName = ids.get(i).toString();
        Optional<Path> dir = b.stateDir.map(d -> d.resolve(dirName));
        SubnetRuntime s = new SubnetRuntime(new SubnetRuntime.Parts(ids.get(i), k.text(),
            k.type(), ranges.get(i), singleNodes.get(i), keys.get(i), exec, genesis, dir,
            b.checkpointInterval, topology, this::log));
        if (plan != null && plan.members(i).size() > 1) {
          s.members(plan.members(i).stream().map(plan::nodeSigningKey).toList());
        }
        subnets.add(s);
      } else {
        subnets.add(consensusSubnet(ids.get(i), k, ranges.get(i), consensusKeys.get(i),
            genesis, b));
      }
    }
    int rootIndex = Math.max(0, ks.indexOf(SubnetKind.NNS));
    this.root = subnets.get(rootIndex);
    if (plan != null) {
      // The genesis topology is the genesis registry's latest version (blocks of BFT registry
      // subnets name it; version 1 stays as the floor for batches of earlier versions).
      registryVersion = plan.registry().latestVersion().value();
      if (registryVersion > 1) {
        topology.add(registryVersion, rt, topo);
      }
    }
    if (root.runsConsensus()) {
      // The delegations below are certificates of the root subnet's state: certify one first.
      root.round(clock, Bytes.EMPTY, new TreeMap<>(), RegistryVersion.of(1));
      clock = Math.max(clock, root.timeNanos());
    }
    for (int i = 0; i < subnets.size(); i++) {
      SubnetRuntime s = subnets.get(i);
      if (i == rootIndex) {
        continue;
      }
      s.delegation(delegationFromRoot(s.id()));
    }
    long latest = 0;
    for (SubnetRuntime s : subnets) {
      latest = Math.max(latest, s.stateManager().latestState().metadata().timeNanos());
    }
    clock = Math.max(clock, latest);
    b.stateDir.ifPresent(d -> {
      Path f = d.resolve("replica.nonce");
      try {
        if (Files.exists(f)) {
          nonce = Long.parseLong(Files.readString(f).trim());
        }
      } catch (IOException | NumberFormatException e) {
        throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
      }
    });
    if (nns != null && b.stateDir.isPresent()) {
      // Resumed from a state directory: the registry may have moved past the genesis (subnets
      // created, split or merged, ranges rerouted, keys changed); follow it before serving. A
      // query brings the registry canister's instance back from the checkpoint first.
      root.query(org.jicp.nns.NnsCanisterIds.REGISTRY, "get_latest_version",
          Bytes.of(org.jicp.candid.CandidEncoder.empty()), Principal.anonymous());
      followRegistry();
    }
    if (b.live) {
      driver = new Thread(this::drive, "jicp-replica-rounds");
      driver.setDaemon(true);
      driver.start();
    }
  }

  /** The keys of a consensus subnet: its nodes' keys, their registry entry, genesis NI-DKG. */
  private record ConsensusKeys(List<NodeKeys> nodes, SubnetPublicKeys registry,
      BlsConsensusCrypto.GenesisTranscripts transcripts, ThresholdPublicKey publicKey,
      List<Map<NiDkgId, SecretKeyShare>> shares) {}

  /**
   * Whether a registry subnet runs BFT consensus among its nodes ({@link
   * Builder#registryConsensus}) rather than being played by the replica: a subnet of more than
   * one node other than the NNS subnet and the subnet hosting the cycles ledger (whose canisters
   * run as one native instance per executor).
   */
  private static boolean registryBft(Builder b, SubnetKind kind, int members,
      boolean hostsCyclesLedger) {
    return b.registryConsensus && members > 1 && kind != SubnetKind.NNS && !hostsCyclesLedger;
  }

  /**
   * The consensus keys of registry subnet {@code id} as its nodes hold them: each member's keys
   * (checked against its crypto records in {@code r}), the subnet's low- and high-threshold
   * transcripts from its catch-up package contents (the registry's initial NI-DKG), and each
   * node's own shares of them (no node holds the subnet's key).
   */
  private ConsensusKeys registryConsensusKeys(org.jicp.nns.registry.Registry r, SubnetId id) {
    return registryConsensusKeys(r, id, true);
  }

  /**
   * {@link #registryConsensusKeys(org.jicp.nns.registry.Registry, SubnetId)}; {@code namesId}
   * false for the source of a split, whose id stays while its key changes.
   */
  private ConsensusKeys registryConsensusKeys(org.jicp.nns.registry.Registry r, SubnetId id,
      boolean namesId) {
    org.jicp.nns.registry.pb.CatchUpPackageContents cup = r.cupContents(id).orElseThrow(() ->
        new IllegalStateException("subnet " + id + " has no CUP contents"));
    org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord lowRec =
        cup.getInitialNiDkgTranscriptLowThreshold();
    org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord highRec =
        cup.getInitialNiDkgTranscriptHighThreshold();
    List<NodeId> committee = new ArrayList<>();
    for (com.google.protobuf.ByteString raw : highRec.getCommitteeList()) {
      committee.add(new NodeId(Principal.fromBytes(raw.toByteArray())));
    }
    if (!new java.util.TreeSet<>(committee).equals(new java.util.TreeSet<>(r.members(id)))) {
      throw new IllegalStateException("subnet " + id + ": its transcripts' committee is not its "
          + "membership");
    }
    NiDkgId lowId = NiDkgId.local(0, id.principal(), org.jicp.crypto.beacon.NiDkgTag.LOW_THRESHOLD);
    NiDkgId highId = NiDkgId.local(0, id.principal(),
        org.jicp.crypto.beacon.NiDkgTag.HIGH_THRESHOLD);
    org.jicp.consensus.artifact.DkgTranscript low = BlsConsensusCrypto.transcript(lowId,
        committee, org.jicp.nns.registry.NiDkgInitialDkg.transcript(lowRec));
    org.jicp.consensus.artifact.DkgTranscript high = BlsConsensusCrypto.transcript(highId,
        committee, org.jicp.nns.registry.NiDkgInitialDkg.transcript(highRec));
    ThresholdPublicKey pk = new ThresholdPublicKey(BlsConsensusCrypto.subnetPublicKey(high));
    if (namesId
        && !new SubnetId(Principal.selfAuthenticating(pk.toDer().toByteArray())).equals(id)) {
      throw new IllegalStateException("subnet " + id + ": its high-threshold transcript's key "
          + "does not name it");
    }
    List<NodeKeys> nodes = new ArrayList<>();
    List<Map<NiDkgId, SecretKeyShare>> shares = new ArrayList<>();
    for (NodeId n : low.committee()) {
      nodes.add(plan.consensusKeys(r, n));
      shares.add(Map.of(lowId, plan.share(lowRec, n), highId, plan.share(highRec, n)));
    }
    SubnetPublicKeys registry;
    try {
      registry = SubnetPublicKeys.of(nodes.stream().map(NodeKeys::publicKeys).toList());
    } catch (ConsensusException e) {
      throw new IllegalStateException("node keys of subnet " + id + ": " + e.getMessage(), e);
    }
    return new ConsensusKeys(nodes, registry, new BlsConsensusCrypto.GenesisTranscripts(low, high),
        pk, shares);
  }

  /**
   * Node keys for subnet {@code i} (each node's own: node signing, committee signing, dealing
   * encryption) and the subnet's genesis threshold keys from one NI-DKG dealing per threshold,
   * encrypted to the nodes' dealing keys, as ic-prep makes them. The subnet id is derived from the
   * high-threshold group key afterwards, so the genesis transcripts name a provisional target
   * (ic-prep's genesis NI-DKG names a remote target id for the same reason).
   */
  private ConsensusKeys consensusKeys(int i, Builder b) {
    RandomGenerator rng = b.live ? new SecureRandom()
        : Csprng.fromChaChaSeed(Bytes.of(derive("consensus keys", i, 0)));
    List<NodeKeys> nodes = new ArrayList<>();
    for (int j = 0; j < b.nodesPerSubnet; j++) {
      nodes.add(NodeKeys.generate(rng));
    }
    SubnetPublicKeys registry;
    try {
      registry = SubnetPublicKeys.of(nodes.stream().map(NodeKeys::publicKeys).toList());
    } catch (ConsensusException e) {
      throw new IllegalStateException("node keys of subnet " + i + ": " + e.getMessage(), e);
    }
    SubnetId target = new SubnetId(Principal.selfAuthenticating(
        derive("genesis dkg target", i, 0)));
    BlsConsensusCrypto.GenesisTranscripts t =
        BlsConsensusCrypto.genesisTranscripts(target, registry, rng);
    return new ConsensusKeys(nodes, registry, t,
        new ThresholdPublicKey(BlsConsensusCrypto.subnetPublicKey(t.high())), List.of());
  }

  private RoundExecutor executor(SubnetKind k, Builder b) {
    return executorBuilder(k, b).build();
  }

  private static RoundExecutor.Builder executorBuilder(SubnetKind k, Builder b) {
    boolean system = k.type() == SubnetType.SYSTEM;
    FeeSchedule fees = system ? FeeSchedule.systemSubnet()
        : k == SubnetKind.FIDUCIARY ? FeeSchedule.fiduciarySubnet()
        : FeeSchedule.applicationSubnet();
    RoundExecutor.Builder eb = RoundExecutor.builder().engine(b.engine)
        .config(system ? ExecutionConfig.systemSubnet() : ExecutionConfig.applicationSubnet())
        .fees(fees);
    // BigMap's index and buckets are installable on every subnet (install_code of the module
    // "jicp native canister bigmap-index" / "bigmap-bucket"), as are the builder's kinds.
    org.jicp.bigmap.BigMapCanisters.factories().forEach(eb::nativeCanister);
    org.jicp.nns.sns.SnsCanisterFactory.all().forEach(eb::nativeCanister); // SNS canisters, deployed by SNS-W
    b.natives.forEach(eb::nativeCanister);
    return eb;
  }

  /** The first subnet after the NNS: its range starts at {@link #APP_RANGE_START}. */
  private static int firstNonNns(List<SubnetKind> ks) {
    for (int i = 0; i < ks.size(); i++) {
      if (ks.get(i) != SubnetKind.NNS) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A subnet of {@code b.nodesPerSubnet} nodes: each with its own executor and state manager
   * (checkpoints in a temporary directory: catch-up packages need full state hashes), its payload
   * builder over the subnet's ingress pool and the other subnets' streams, all starting from the
   * genesis catch-up package.
   */
  private SubnetRuntime consensusSubnet(SubnetId id, SubnetKind k, CanisterRanges range,
      ConsensusKeys ck, ReplicatedState genesis, Builder b) {
    return consensusSubnet(id, k, range, ck, genesis, b, Optional.empty(), new IngressPool());
  }

  /**
   * Where a consensus subnet restarts (a split's halves): the height of the state its nodes
   * start from, its time and the registry version of the split.
   */
  private record Recovery(Height height, long timeNanos, RegistryVersion registryVersion) {}

  /**
   * {@link #consensusSubnet(SubnetId, SubnetKind, CanisterRanges, ConsensusKeys, ReplicatedState,
   * Builder)} from a recovery catch-up package at {@code recovery}'s height if given (the state
   * {@code genesis} is of that height), taking ingress from {@code pool}.
   */
  private SubnetRuntime consensusSubnet(SubnetId id, SubnetKind k, CanisterRanges range,
      ConsensusKeys ck, ReplicatedState genesis, Builder b, Optional<Recovery> recovery,
      IngressPool pool) {
    ConsensusConfig cc = ConsensusConfig.defaults(k.type()).withDkgIntervalLength(b.dkgInterval);
    if (b.unitDelay.isPresent()) {
      cc = cc.withUnitDelay(b.unitDelay.get()).withInitialNotaryDelay(b.notaryDelay.get());
    }
    List<StateManager> stores = new ArrayList<>();
    List<ReplicatedState> initial = new ArrayList<>();
    Bytes fullHash = null;
    for (int j = 0; j < ck.nodes().size(); j++) {
      Path dir;
      try {
        dir = Files.createTempDirectory("jicp-node-");
      } catch (IOException e) {
        throw new UncheckedIOException("a temporary directory for a node's checkpoints", e);
      }
      tempDirs.add(dir);
      StateManager store = StateManager.open(dir, FileLayer.withoutSync(FileLayer.DEFAULT), 2);
      StateManager.Checkpoint cp = store.checkpoint(genesis);
      stores.add(store);
      initial.add(cp.state());
      fullHash = cp.manifest().hash();
    }
    List<NodeId> nodeIds = ck.nodes().stream().map(NodeKeys::node).toList();
    CatchUpPackage cup = recovery.isEmpty()
        ? Genesis.catchUpPackage(ck.transcripts().low(), ck.transcripts().high(), nodeIds, cc,
            new CryptoHash(fullHash))
        : Genesis.recoveryCatchUpPackage(ck.transcripts().low(), ck.transcripts().high(),
            nodeIds, cc, new CryptoHash(fullHash), recovery.get().height(),
            org.jicp.types.Time.ofNanos(recovery.get().timeNanos()), recovery.get().registryVersion());
    IngressVerifier verifier = new EnvelopeIngressVerifier(new IcSenderAuthenticator(this::rootKey));
    ReplicaPayloadBuilder.SliceSource xnet = new ReplicaPayloadBuilder.SliceSource() {
      @Override
      public List<SubnetId> senders() {
        return subnets.stream().map(SubnetRuntime::id).filter(x -> !x.equals(id)).toList();
      }

      @Override
      public Optional<CertifiedStreamSlice> slice(SubnetId sender, long from) {
        for (SubnetRuntime s : subnets) {
          if (s.id().equals(sender)) {
            return s.sliceFor(id, from, subnets.stream().filter(r -> r.id().equals(id))
                .findFirst().map(r -> r.streamTo(sender)).orElse(org.jicp.state.replicated.Stream.EMPTY));
          }
        }
        return Optional.empty();
      }
    };
    // Each node's block maker names the latest registry version the replica followed (it follows
    // between rounds); a batch reads the topology at its block's version, agreed by consensus.
    NetworkTopology topology = this.topology;
    List<ReplicaNode> nodes = new ArrayList<>();
    List<Bytes> signingKeys = new ArrayList<>();
    int index = subnets.size();
    for (int j = 0; j < ck.nodes().size(); j++) {
      RoundExecutor exec = executor(k, b);
      if (j == 0) {
        exec.addLogListener(this::log);
      }
      RandomGenerator rng = b.live ? new SecureRandom()
          : Csprng.fromChaChaSeed(Bytes.of(derive("node csprng", index, j)));
      ConsensusConfig config = cc;
      nodes.add(new ReplicaNode(new ReplicaNode.Config(id, ck.nodes().get(j), ck.registry(), cup,
          config, exec, initial.get(j), stores.get(j), topology,
          sm -> new ReplicaPayloadBuilder(id, pool, sm, topology, xnet, verifier), rng,
          this::log, ck.shares().isEmpty() ? Map.of() : ck.shares().get(j))));
      signingKeys.add(Bytes.of(ck.nodes().get(j).publicKeys().nodeSigningKey().toDer()));
    }
    return new SubnetRuntime(new SubnetRuntime.ConsensusParts(id, k.text(), k.type(), range,
        ck.publicKey(), pool, nodes, signingKeys, new InProcessNetwork(), clock, this::log));
  }


  private static byte[] seedOf(Builder b) {
    if (!b.live) {
      return ByteBuffer.allocate(8).putLong(b.seed).array();
    }
    if (b.stateDir.isPresent()) {
      Path f = b.stateDir.get().resolve("replica.seed");
      try {
        if (Files.exists(f)) {
          return Files.readAllBytes(f);
        }
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        Files.createDirectories(f.getParent());
        Files.write(f, s);
        return s;
      } catch (IOException e) {
        throw new UncheckedIOException("replica seed in " + f, e);
      }
    }
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  private byte[] derive(String what, long a, long c) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(("jicp replica " + what).getBytes(StandardCharsets.US_ASCII));
      d.update(seed);
      d.update(ByteBuffer.allocate(16).putLong(a).putLong(c).array());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void log(String line) {
    log.add(line);
    for (Consumer<String> l : logListeners) {
      l.accept(line);
    }
  }

  // ------------------------------------------------------------------ builder

  /** A builder: one application subnet of one node, deterministic with seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds replicas. */
  public static final class Builder {
    private final List<SubnetKind> kinds = new ArrayList<>();
    private int nodesPerSubnet = 1;
    private boolean live;
    private long seed;
    private Optional<Path> stateDir = Optional.empty();
    private Optional<Instant> startTime = Optional.empty();
    private long checkpointInterval = 500;
    private Engine engine = Engine.COMPILER;
    private boolean nns;
    private int applications;
    private List<SubnetKind> explicit;
    private Optional<Duration> unitDelay = Optional.empty();
    private Optional<Duration> notaryDelay = Optional.empty();
    private long dkgInterval = org.jicp.consensus.ConsensusConfig.DEFAULT_DKG_INTERVAL_LENGTH;
    private final List<org.jicp.wasm.execution.NativeCanisterFactory> natives = new ArrayList<>();
    private boolean nnsCanisters = false;
    private int spareNodes = 4;
    private int registryNodesPerSubnet = 1;
    private boolean registryConsensus;
    private final Map<Principal, Long> icp = new java.util.LinkedHashMap<>();
    private final Map<Principal, java.math.BigInteger> cycles = new java.util.LinkedHashMap<>();
    private long xdrPermyriadPerIcp = DEFAULT_XDR_PERMYRIAD_PER_ICP;
    private Optional<org.jicp.nns.host.NodeMetricsSource> nodeMetrics = Optional.empty();
    private boolean nodeMetricsFromConsensus;

    private Builder() {}

    /**
     * With {@link #registryConsensus}: the NNS subnet answers {@code node_metrics_history} with the
     * block-maker counters of the replica's BFT subnets (sampled once a day, before a round of
     * the NNS subnet: see {@code ConsensusNodeMetrics}), and governance rewards node providers
     * monthly from genesis — a crashed node's failures reach the monthly record. Replaces {@link
     * #nodeMetrics}.
     */
    public Builder nodeMetricsFromConsensus() {
      this.nodeMetricsFromConsensus = true;
      this.nodeMetrics = Optional.empty();
      return this;
    }

    /**
     * With the NNS canisters: the block-maker statistics the NNS subnet's management canister
     * answers {@code node_metrics_history} with, and governance's monthly node-provider rewards
     * started at genesis (off without it). The source is a typed input: the NNS canisters need
     * single-node subnets, whose consensus has no block-maker failures to count.
     */
    public Builder nodeMetrics(org.jicp.nns.host.NodeMetricsSource source) {
      this.nodeMetrics = Optional.of(Objects.requireNonNull(source, "source"));
      this.nodeMetricsFromConsensus = false;
      return this;
    }

    /**
     * Whether the NNS subnet hosts the NNS canisters at their mainnet ids — registry, governance,
     * ICP ledger, cycles minting, SNS-W — and the first subnet after it the cycles ledger at {@code
     * um5iw-rqaaa-aaaaq-qaaba-cai} (default off for embedding — a faster start and the canister
     * ids tests expect; {@code jicp replica start} turns it on unless {@code --no-nns-canisters};
     * single-node subnets only: with consensus the subnets start without them).
     */
    public Builder nnsCanisters(boolean on) {
      this.nnsCanisters = on;
      return this;
    }

    /**
     * With the NNS canisters: how many nodes the genesis registry puts in each subnet (default 1;
     * an even number lets a {@code split_subnet} proposal give half of an application subnet's
     * nodes, with some of its canister ranges, to a new subnet). The replica plays every node: it
     * executes each subnet once, certifies with the threshold key its nodes' NI-DKG shares
     * interpolate, and answers queries as each of the nodes in turn. With {@link
     * #registryConsensus} the nodes of most registry subnets run BFT consensus themselves.
     */
    /**
     * With the NNS canisters and {@link #registryNodesPerSubnet} of 4 or more (3f + 1): whether
     * the registry's subnets of more than one node run real BFT consensus among their nodes
     * (block making, notarization, finalization, random beacon, certification shares combined
     * into the subnet's threshold signature) with the node keys and the initial NI-DKG
     * transcripts the registry holds, each node holding only its own shares (default off: the
     * replica plays the nodes). Applies to the genesis subnets and to subnets created later by
     * {@code create_subnet} proposals, except the NNS subnet and the subnet hosting the cycles
     * ledger (their canisters run single-node); a {@code split_subnet} or {@code merge_subnets}
     * proposal involving a BFT subnet is not applied (logged).
     */
    public Builder registryConsensus(boolean on) {
      this.registryConsensus = on;
      return this;
    }

    public Builder registryNodesPerSubnet(int n) {
      if (n < 1 || n > 16) {
        throw new IllegalArgumentException("registryNodesPerSubnet must be in 1..16, got " + n);
      }
      this.registryNodesPerSubnet = n;
      return this;
    }

    /**
     * With the NNS canisters: how many unassigned nodes the genesis registry holds (default 4),
     * which {@code create_subnet} proposals can form new subnets from.
     */
    public Builder spareNodes(int n) {
      if (n < 0 || n > 64) {
        throw new IllegalArgumentException("spareNodes must be in 0..64, got " + n);
      }
      this.spareNodes = n;
      return this;
    }

    /** Adds {@code e8s} to {@code owner}'s default ICP ledger account at genesis. */
    public Builder icp(Principal owner, long e8s) {
      if (e8s < 0) {
        throw new IllegalArgumentException("a negative ICP balance: " + e8s);
      }
      icp.merge(Objects.requireNonNull(owner, "owner"), e8s, Math::addExact);
      return this;
    }

    /** Adds {@code amount} cycles to {@code owner}'s default cycles ledger account at genesis. */
    public Builder cycles(Principal owner, java.math.BigInteger amount) {
      if (amount.signum() < 0 || amount.bitLength() > 62) {
        throw new IllegalArgumentException("a cycles balance must be 0 to 2^62: " + amount);
      }
      cycles.merge(Objects.requireNonNull(owner, "owner"), amount, java.math.BigInteger::add);
      return this;
    }

    /** The CMC's ICP/XDR rate at genesis, in XDR/10 000 per ICP (default 3.5 XDR). */
    public Builder icpXdrRate(long xdrPermyriadPerIcp) {
      if (xdrPermyriadPerIcp <= 0) {
        throw new IllegalArgumentException("the ICP/XDR rate is positive: " + xdrPermyriadPerIcp);
      }
      this.xdrPermyriadPerIcp = xdrPermyriadPerIcp;
      return this;
    }

    /** An NNS subnet first (its key is the root key). */
    public Builder nnsSubnet() {
      nns = true;
      return this;
    }

    /** {@code n} application subnets. */
    public Builder applicationSubnets(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("a negative number of application subnets: " + n);
      }
      applications = n;
      return this;
    }

    /**
     * The subnets in this order (instead of {@link #nnsSubnet}, {@link #applicationSubnets} and
     * {@link #subnet}); the NNS, if present, is the root subnet.
     */
    public Builder subnets(List<SubnetKind> inOrder) {
      explicit = List.copyOf(inOrder);
      return this;
    }

    /** Adds a subnet of {@code kind} after the NNS and application subnets. */
    public Builder subnet(SubnetKind kind) {
      kinds.add(Objects.requireNonNull(kind, "kind"));
      return this;
    }

    /** Nodes per subnet: 1 (fast, no consensus protocol), or 4, 7, 13, … (3f + 1). */
    public Builder nodesPerSubnet(int n) {
      nodesPerSubnet = n;
      return this;
    }

    /** Deterministic mode with {@code seed} (the default, with seed 0). */
    public Builder deterministic(long seed) {
      this.live = false;
      this.seed = seed;
      return this;
    }

    /** Live mode: rounds run by themselves on wall-clock time; keys from a CSPRNG. */
    public Builder live() {
      this.live = true;
      return this;
    }

    /** A directory where subnets keep checkpoints and batch logs (restart continues there). */
    public Builder stateDir(Path dir) {
      this.stateDir = Optional.of(dir);
      return this;
    }

    /** The time of genesis in deterministic mode (default 2026-01-01T00:00:00Z). */
    public Builder startTime(Instant t) {
      this.startTime = Optional.of(t);
      return this;
    }

    /** Heights between checkpoints (with a state directory; default 500). */
    public Builder checkpointInterval(long heights) {
      if (heights < 1) {
        throw new IllegalArgumentException("checkpoint interval must be positive");
      }
      this.checkpointInterval = heights;
      return this;
    }

    /**
     * The protocol delays of subnets with more than one node (default: the IC's for each subnet
     * type, e.g. 1 s unit delay and 300 ms initial notary delay for application subnets; for
     * local use, e.g. {@code consensusDelays(Duration.ofMillis(100), Duration.ZERO)}).
     */
    public Builder consensusDelays(Duration unitDelay, Duration initialNotaryDelay) {
      if (unitDelay.isNegative() || unitDelay.isZero() || initialNotaryDelay.isNegative()) {
        throw new IllegalArgumentException("the unit delay is positive and the notary delay not "
            + "negative: " + unitDelay + ", " + initialNotaryDelay);
      }
      this.unitDelay = Optional.of(unitDelay);
      this.notaryDelay = Optional.of(initialNotaryDelay);
      return this;
    }

    /**
     * Data blocks per DKG interval of subnets with more than one node (default 499, the IC's: an
     * interval is 500 heights; a catch-up package and a checkpoint at each interval's start).
     */
    public Builder dkgInterval(long dataBlocks) {
      if (dataBlocks < 1) {
        throw new IllegalArgumentException("a DKG interval has at least one data block");
      }
      this.dkgInterval = dataBlocks;
      return this;
    }

    /**
     * A kind of native canister installable on every subnet (besides BigMap's, always there):
     * {@code install_code} of the module {@code "jicp native canister <kind>"}.
     */
    public Builder nativeCanister(org.jicp.wasm.execution.NativeCanisterFactory f) {
      natives.add(Objects.requireNonNull(f, "f"));
      return this;
    }

    /** The wasm engine (default the compiler). */
    public Builder engine(Engine e) {
      this.engine = Objects.requireNonNull(e, "engine");
      return this;
    }

    /**
     * The replica.
     *
     * @throws IllegalArgumentException for a shape that cannot run, with what to change
     */
    public Replica build() {
      List<SubnetKind> all = new ArrayList<>();
      if (explicit != null) {
        all.addAll(explicit);
      } else {
        if (nns) {
          all.add(SubnetKind.NNS);
        }
        for (int i = 0; i < applications; i++) {
          all.add(SubnetKind.APPLICATION);
        }
        all.addAll(kinds);
      }
      if (all.isEmpty()) {
        all.add(SubnetKind.APPLICATION);
      }
      if (all.stream().noneMatch(k -> k != SubnetKind.NNS)) {
        throw new IllegalArgumentException("a replica needs a subnet for canisters besides the "
            + "NNS: add applicationSubnets(1) or subnet(SubnetKind.APPLICATION)");
      }
      if (all.indexOf(SubnetKind.NNS) != all.lastIndexOf(SubnetKind.NNS)) {
        throw new IllegalArgumentException("a replica has at most one NNS subnet");
      }
      if (nodesPerSubnet < 1 || (nodesPerSubnet > 1 && (nodesPerSubnet - 1) % 3 != 0)) {
        throw new IllegalArgumentException("nodesPerSubnet must be 1 or 3f + 1 (4, 7, 13, …) "
            + "for Byzantine fault tolerance, got " + nodesPerSubnet);
      }
      if (nodesPerSubnet > 1 && stateDir.isPresent()) {
        throw new IllegalArgumentException("a state directory needs nodesPerSubnet(1): nodes "
            + "that run consensus keep their artifact pools in memory, so they cannot resume "
            + "from a directory yet");
      }
      if ((!icp.isEmpty() || !cycles.isEmpty() || nodeMetrics.isPresent())
          && (!nnsCanisters || nodesPerSubnet != 1 || !all.contains(SubnetKind.NNS))) {
        throw new IllegalArgumentException("ICP and cycles balances and node metrics need the NNS "
            + "canisters: an NNS subnet, single-node subnets and nnsCanisters(true)");
      }
      if (registryNodesPerSubnet > 1
          && (!nnsCanisters || nodesPerSubnet != 1 || !all.contains(SubnetKind.NNS))) {
        throw new IllegalArgumentException("registryNodesPerSubnet(" + registryNodesPerSubnet
            + ") needs the NNS canisters: an NNS subnet, nodesPerSubnet(1) and nnsCanisters(true)");
      }
      if (registryConsensus && (registryNodesPerSubnet < 4 || (registryNodesPerSubnet - 1) % 3 != 0
          || !nnsCanisters || nodesPerSubnet != 1 || !all.contains(SubnetKind.NNS))) {
        throw new IllegalArgumentException("registryConsensus(true) needs the NNS canisters (an "
            + "NNS subnet, nodesPerSubnet(1), nnsCanisters(true)) and registryNodesPerSubnet of 3f + 1 "
            + "(4, 7, 13, …), got " + registryNodesPerSubnet);
      }
      if (nodeMetricsFromConsensus && !registryConsensus) {
        throw new IllegalArgumentException("nodeMetricsFromConsensus() needs registryConsensus(true): "
            + "played subnets have no block-maker failures to count");
      }
      if (registryConsensus && stateDir.isPresent()) {
        throw new IllegalArgumentException("a state directory needs played subnets: drop "
            + "registryConsensus(true) or the state directory");
      }
      Builder b = copy();
      b.kinds.clear();
      b.kinds.addAll(all);
      return new Replica(b);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.nodesPerSubnet = nodesPerSubnet;
      b.live = live;
      b.seed = seed;
      b.stateDir = stateDir;
      b.startTime = startTime;
      b.checkpointInterval = checkpointInterval;
      b.engine = engine;
      b.unitDelay = unitDelay;
      b.notaryDelay = notaryDelay;
      b.dkgInterval = dkgInterval;
      b.natives.addAll(natives);
      b.nnsCanisters = nnsCanisters;
      b.spareNodes = spareNodes;
      b.registryNodesPerSubnet = registryNodesPerSubnet;
      b.registryConsensus = registryConsensus;
      b.icp.putAll(icp);
      b.cycles.putAll(cycles);
      b.xdrPermyriadPerIcp = xdrPermyriadPerIcp;
      b.nodeMetrics = nodeMetrics;
      b.nodeMetricsFromConsensus = nodeMetricsFromConsensus;
      return b;
    }
  }

  // ------------------------------------------------------------------ topology

  /** The subnets, in the order configured (the NNS, or else the first, is the root subnet). */
  public List<SubnetInfo> subnets() {
    List<SubnetInfo> out = new ArrayList<>();
    for (SubnetRuntime s : subnets) {
      out.add(new SubnetInfo(s.id(), kinds.get(s.id()), s.type(), s.ranges(),
          s.nodeIds(), topology.subnets(topology.latest()).get(s.id()).nodePublicKeys()));
    }
    return out;
  }

  /**
   * The nodes the registry has not assigned to a subnet (with the NNS canisters: the genesis
   * registry's spare nodes, until {@code create_subnet} proposals use them; else none). This
   * replica plays these nodes, so a subnet the registry forms of one of them starts here.
   */
  public List<NodeId> unassignedNodes() {
    return nns == null ? List.of()
        : nns.registry().map(r -> r.unassignedNodes().stream().filter(plan::knows).toList())
            .orElse(List.of());
  }

  /** The number of subnets running (more once the registry created some). */
  public int subnetCount() {
    return subnets.size();
  }

  /**
   * How many times the running topology changed since the replica started (a subnet started by
   * the registry, canister ranges rerouted): views that cache the topology refresh when it moves.
   */
  public long topologyChanges() {
    return topologyChanges;
  }

  private volatile long topologyChanges;

  /** The root key: the NNS subnet's threshold key (or the first subnet's), DER. */
  public Bytes rootKey() {
    return root.publicKey().toDer();
  }

  /** Whether the replica is in live mode. */
  public boolean isLive() {
    return config.live;
  }

  /** The subnet hosting canister (or effective canister id) {@code id}. */
  public Optional<SubnetRuntime> subnetOf(Principal id) {
    for (SubnetRuntime s : subnets) {
      if (s.ranges().contains(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The runtime of subnet {@code id}. */
  public SubnetRuntime subnet(SubnetId id) {
    for (SubnetRuntime s : subnets) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no subnet " + id + " in this replica");
  }

  /** The first subnet that is not the NNS (where canisters go by default). */
  public SubnetRuntime defaultSubnet() {
    for (SubnetRuntime s : subnets) {
      if (kinds.get(s.id()) != SubnetKind.NNS) {
        return s;
      }
    }
    return subnets.get(0);
  }

  // ------------------------------------------------------------------ rounds

  /** Runs one round on every subnet. */
  public synchronized void tick() {
    clock += 1;
    for (SubnetRuntime s : subnets) {
      round(s);
    }
    if (!pendingMerges.isEmpty()) {
      applyPendingMerges();
    }
  }

  /** Runs {@code n} rounds on every subnet. */
  public void tick(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  /** Moves the clock forward by {@code d} (deterministic mode; the next round sees it). */
  public synchronized void advanceTime(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back");
    }
    clock = Math.addExact(clock, d.toNanos());
  }

  /** The replica's clock (nanoseconds since the epoch). */
  public synchronized long timeNanos() {
    return config.live ? Math.max(clock, System.currentTimeMillis() * 1_000_000L) : clock;
  }

  private void round(SubnetRuntime s) {
    if (s.runsConsensus()) {
      s.round(timeNanos(), Bytes.EMPTY, new TreeMap<>(), RegistryVersion.of(1));
      if (!config.live) {
        clock = Math.max(clock, s.timeNanos());
      }
      applyPendingSplits(s);
      return;
    }
    TreeMap<SubnetId, CertifiedStreamSlice> slices = new TreeMap<>();
    for (SubnetRuntime other : subnets) {
      if (other == s) {
        continue;
      }
      other.sliceFor(s).ifPresent(x ->
          slices.put(other.id(), x));
    }
    long h = s.stateManager().latestStateHeight().value() + 1;
    byte[] rand = derive("randomness " + s.id(), h, 0);
    if (s == root && consensusMetrics != null) {
      consensusMetrics.beforeNnsRound(timeNanos(), subnets);
    }
    s.round(timeNanos(), Bytes.of(rand), slices, topology.latest());
    if (s == root && nns != null) {
      followRegistry();
    }
  }

  // ------------------------------------------------------------------ the registry in charge

  /** The latest registry version the topology follows (with the NNS canisters). */
  private long registryVersion;
  /** Subnets the registry lists that do not run here: split destinations of BFT subnets. */
  private final java.util.Set<SubnetId> notStarted = new java.util.HashSet<>();

  /**
   * After a round of the NNS subnet: when the registry canister has a new version, the topology
   * takes it (later batches read it: routing table, subnets, keys), and every subnet the registry
   * lists that does not run yet starts on the node the registry assigned it (one of this
   * replica's spare nodes), with the key share decrypted from its NI-DKG transcript, and gets its
   * delegation from the NNS subnet once the NNS subnet certified a state that lists it.
   */
  private void followRegistry() {
    Optional<org.jicp.nns.registry.Registry> reg = nns.registry();
    if (reg.isEmpty()) {
      return;
    }
    org.jicp.nns.registry.Registry r = reg.get();
    long v = r.latestVersion().value();
    if (v <= registryVersion) {
      return;
    }
    org.jicp.nns.registry.RegistryTopology t = org.jicp.nns.registry.RegistryTopology.at(
        org.jicp.nns.registry.RegistryCanisterClient.of(r), r.latestVersion());
    registryVersion = v;
    topology.add(v, t.routingTable(), t.subnets());
    List<SubnetRuntime> started = new ArrayList<>();
    List<SubnetRuntime> rekeyed = new ArrayList<>();
    splitsAndMerges(r, t, v, started, rekeyed);
    List<SubnetRuntime> rerouted = new ArrayList<>();
    for (SubnetId id : t.subnets().keySet()) {
      if (kinds.containsKey(id)) {
        if (!subnet(id).ranges().equals(t.routingTable().rangesOf(id))) {
          rerouted.add(subnet(id));
        }
        continue;
      }
      if (notStarted.contains(id)) {
        continue;
      }
      try {
        started.add(startSubnet(r, t, id));
      } catch (IllegalStateException e) {
        log("registry version " + v + " lists subnet " + id + ", not started: " + e.getMessage());
      }
    }
    if (!rerouted.isEmpty()) {
      migrateCanisters(v, t, rerouted);
    }
    if (!started.isEmpty() || !rerouted.isEmpty() || !rekeyed.isEmpty()) {
      topologyChanges++;
    }
    if (!started.isEmpty() || !rerouted.isEmpty() || !rekeyed.isEmpty()) {
      // The NNS subnet certifies a state whose topology lists the new subnets and ranges: the
      // delegations of the subnets started or rerouted.
      nnsRoundOnly(root);
      for (SubnetRuntime n : started) {
        n.delegation(delegationFromRoot(n.id()));
        log("registry version " + v + ": subnet " + n.id() + " (" + kinds.get(n.id()).text()
            + ", node " + n.nodeIds().get(0) + ", ranges " + n.ranges() + ") started");
      }
      for (SubnetRuntime n : rerouted) {
        if (n != root) {
          n.delegation(delegationFromRoot(n.id()));
        }
      }
      for (SubnetRuntime n : rekeyed) {
        if (n != root) {
          n.delegation(delegationFromRoot(n.id()));
        }
      }
    }
  }

  /**
   * The splits and merges of registry version {@code v}: a subnet the registry lists that does
   * not run yet and that a running subnet's catch-up package contents name as its {@code
   * subnet_splitting} destination starts from that subnet's state, and the source drops the
   * canisters that moved, takes its new key and nodes ({@link SubnetSplit}); a running subnet the
   * registry no longer lists, whose ranges now route to a running subnet, is merged into it (its
   * canisters move, the destination takes its new key and nodes) and stops. The sources, or the
   * destinations of merges, are added to {@code rekeyed}, new subnets to {@code started}.
   */
  private void splitsAndMerges(org.jicp.nns.registry.Registry r,
      org.jicp.nns.registry.RegistryTopology t, long v, List<SubnetRuntime> started,
      List<SubnetRuntime> rekeyed) {
    for (SubnetId id : t.subnets().keySet()) {
      if (kinds.containsKey(id)) {
        continue;
      }
      Optional<SubnetId> source = SubnetSplit.splitSource(r, id, kinds.keySet());
      if (source.isEmpty()) {
        continue;
      }
      SubnetRuntime from = subnet(source.get());
      if (from.runsConsensus()) {
        log("registry version " + v + " splits BFT subnet " + from.id() + " into " + id
            + ": applied once its nodes executed a block of that version");
        notStarted.add(id);
        pendingSplits.add(new PendingSplit(from.id(), id, v));
        continue;
      }
      try {
        SecretKey sourceKey = RegistryGenesisPlan.subnetKey(r, plan, from.id());
        List<Ed25519SigningKey> sourceNodes =
            r.members(from.id()).stream().map(plan::nodeSigningKey).toList();
        ReplicatedState base = from.snapshotState();
        ReplicatedState genesis = SubnetSplit.destinationState(base, id,
            t.subnets().get(id).type(), t.routingTable(), new TreeMap<>(t.subnets()));
        SubnetRuntime to = startSubnet(r, t, id, Optional.of(genesis));
        to.checkpointNow();
        from.rekey(sourceKey);
        from.members(sourceNodes);
        from.manipulateState(st -> SubnetSplit.sourceState(st, t.routingTable()));
        from.ranges(t.routingTable().rangesOf(from.id()));
        started.add(to);
        rekeyed.add(from);
        log("registry version " + v + ": subnet " + from.id() + " split at height "
            + base.height().value() + "; " + to.snapshotState().canisters().size()
            + " canisters moved to " + id + ", " + from.snapshotState().canisters().size()
            + " stay");
      } catch (RuntimeException e) {
        log("registry version " + v + " splits subnet " + from.id() + " into " + id
            + ", not applied: " + e.getMessage());
      }
    }
    for (SubnetRuntime gone : List.copyOf(subnets)) {
      if (gone == root || t.subnets().containsKey(gone.id()) || !kinds.containsKey(gone.id())) {
        continue;
      }
      Optional<SubnetId> into = gone.ranges().ranges().isEmpty() ? Optional.empty()
          : t.routingTable().route(gone.ranges().ranges().get(0).start());
      if (into.isEmpty() || !kinds.containsKey(into.get())) {
        log("registry version " + v + " no longer lists subnet " + gone.id()
            + "; it keeps running: no running subnet took its ranges");
        continue;
      }
      SubnetRuntime to = subnet(into.get());
      if (to.runsConsensus() || gone.runsConsensus()) {
        if (pendingMerges.stream().noneMatch(m -> m.source().equals(gone.id()))) {
          log("registry version " + v + " merges subnet " + gone.id() + " into " + to.id()
              + ": applied once the BFT subnets' nodes executed a block of that version");
          pendingMerges.add(new PendingSplit(gone.id(), to.id(), v));
        }
        continue;
      }
      try {
        SecretKey key = RegistryGenesisPlan.subnetKey(r, plan, to.id());
        List<Ed25519SigningKey> nodes =
            r.members(to.id()).stream().map(plan::nodeSigningKey).toList();
        ReplicatedState src = gone.snapshotState();
        to.rekey(key);
        to.members(nodes);
        to.manipulateState(st -> SubnetSplit.mergedState(st, src));
        to.ranges(t.routingTable().rangesOf(to.id()));
        // The source's last state (its checkpoint, with a state directory) holds no canisters:
        // resumed from the directory, a genesis subnet merged away has nothing to hand over.
        gone.manipulateState(SubnetSplit::emptied);
        subnets.remove(gone);
        kinds.remove(gone.id());
        gone.close();
        rekeyed.add(to);
        log("registry version " + v + ": subnet " + gone.id() + " merged into " + to.id()
            + " (" + src.canisters().size() + " canisters moved)");
      } catch (RuntimeException e) {
        log("registry version " + v + " merges subnet " + gone.id() + " into " + to.id()
            + ", not applied: " + e.getMessage());
      }
    }
  }

  /** A split of a BFT registry subnet decided at registry version {@code version}. */
  private record PendingSplit(SubnetId source, SubnetId destination, long version) {}

  /** Splits of BFT subnets waiting for their source's nodes to reach the split's version. */
  private final List<PendingSplit> pendingSplits = new CopyOnWriteArrayList<>();

  /** Merges involving BFT subnets (source into destination) waiting for their nodes. */
  private final List<PendingSplit> pendingMerges = new CopyOnWriteArrayList<>();

  /**
   * Where subnet {@code s} stops for a registry change of version {@code v}: a played subnet's
   * latest state; for a BFT subnet, once every node of it that is up has executed a block naming
   * {@code v} or later, the state of the lowest latest height among them (every node's state of
   * that height must be the same), empty until then.
   */
  private Optional<ReplicatedState> haltedState(SubnetRuntime s, long v) {
    if (!s.runsConsensus()) {
      return Optional.of(s.snapshotState());
    }
    List<ReplicaNode> up = s.nodes().stream().filter(ReplicaNode::isUp).toList();
    if (up.isEmpty()) {
      return Optional.empty();
    }
    ReplicaNode lowest = up.get(0);
    for (ReplicaNode n : up) {
      if (n.stateManager().latestStateHeight().compareTo(
          lowest.stateManager().latestStateHeight()) < 0) {
        lowest = n;
      }
    }
    Height at = lowest.stateManager().latestStateHeight();
    Bytes root = null;
    for (ReplicaNode n : up) {
      Optional<org.jicp.state.manager.ReplicatedStateManager.Entry> e =
          n.stateManager().entry(at);
      if (e.isEmpty() || e.get().state().metadata().registryVersion().value() < v) {
        return Optional.empty();
      }
      Bytes r = e.get().tree().rootHash();
      if (root != null && !root.equals(r)) {
        throw new IllegalStateException("the nodes of subnet " + s.id() + " hold different "
            + "states at height " + at.value());
      }
      root = r;
    }
    return Optional.of(lowest.executor().flush(lowest.stateManager().latestState()));
  }

  /**
   * Applies the pending merges whose subnets have halted at the merge's version ({@link
   * #haltedState}): the destination takes every canister of the source — a BFT destination
   * restarts on the merged nodes from a recovery catch-up package at its halt height with the
   * registry's new transcripts and the merged state, a played one takes its new key and nodes —
   * and the source stops.
   */
  private void applyPendingMerges() {
    for (PendingSplit p : pendingMerges) {
      if (!kinds.containsKey(p.source()) || !kinds.containsKey(p.destination())) {
        pendingMerges.remove(p);
        continue;
      }
      SubnetRuntime gone = subnet(p.source());
      SubnetRuntime to = subnet(p.destination());
      try {
        Optional<ReplicatedState> src = haltedState(gone, p.version());
        Optional<ReplicatedState> dst = haltedState(to, p.version());
        if (src.isEmpty() || dst.isEmpty()) {
          continue;
        }
        pendingMerges.remove(p);
        mergeInto(gone, to, src.get(), dst.get(), RegistryVersion.of(p.version()));
      } catch (RuntimeException e) {
        pendingMerges.remove(p);
        log("registry version " + p.version() + " merges subnet " + gone.id() + " into "
            + to.id() + ", not applied: " + e.getMessage());
      }
    }
  }

  private void mergeInto(SubnetRuntime gone, SubnetRuntime to, ReplicatedState src,
      ReplicatedState dst, RegistryVersion v) {
    org.jicp.nns.registry.Registry r = nns.registry().orElseThrow(() ->
        new IllegalStateException("the registry is not available"));
    RoutingTable rt = topology.routingTable(v);
    SubnetRuntime merged;
    if (to.runsConsensus()) {
      ConsensusKeys keys = registryConsensusKeys(r, to.id(), false);
      ReplicatedState state = SubnetSplit.mergedState(dst, src);
      merged = consensusSubnet(to.id(), kinds.get(to.id()), rt.rangesOf(to.id()), keys, state,
          config, Optional.of(new Recovery(dst.height(), dst.metadata().timeNanos(), v)),
          to.pool());
      subnets.set(subnets.indexOf(to), merged);
      to.close();
    } else {
      SecretKey key = RegistryGenesisPlan.subnetKey(r, plan, to.id());
      to.rekey(key);
      to.members(r.members(to.id()).stream().map(plan::nodeSigningKey).toList());
      to.manipulateState(st -> SubnetSplit.mergedState(st, src));
      to.ranges(rt.rangesOf(to.id()));
      merged = to;
    }
    if (!gone.runsConsensus()) {
      gone.manipulateState(SubnetSplit::emptied);
    }
    subnets.remove(gone);
    kinds.remove(gone.id());
    gone.close();
    topologyChanges++;
    nnsRoundOnly(root);
    merged.delegation(delegationFromRoot(merged.id()));
    log("registry version " + v + ": subnet " + gone.id() + " merged into " + merged.id()
        + " (" + src.canisters().size() + " canisters moved" + (merged.runsConsensus()
        ? ", restarted on " + merged.nodes().size() + " nodes at height " + dst.height().value()
        : "") + ")");
  }

  /**
   * After a round of BFT subnet {@code s}: applies the pending split of {@code s} once every
   * node of it that is up has executed a block naming the split's registry version (consensus
   * agreed on it). The split height {@code H} is the lowest latest height of those nodes: there
   * the subnet halts, as the IC halts a subnet being split at a catch-up package. Every node
   * computes both halves of its own state of {@code H} ({@link SubnetSplit}), and they must
   * agree (the same certified-tree root hashes); then the source restarts on its remaining nodes
   * and the destination starts on its nodes, each from a recovery catch-up package at {@code H}
   * with the new NI-DKG transcripts of the registry's catch-up package contents and its half as
   * the state of {@code H}. Blocks the old nodes finalized above {@code H} are abandoned; the
   * source's ingress pool carries over.
   */
  private void applyPendingSplits(SubnetRuntime s) {
    for (PendingSplit p : pendingSplits) {
      if (!p.source().equals(s.id())) {
        continue;
      }
      try {
        Optional<ReplicatedState> base = haltedState(s, p.version());
        if (base.isEmpty()) {
          return; // not every node executed a block of the split's version yet
        }
        pendingSplits.remove(p);
        splitBft(s, p, base.get());
      } catch (RuntimeException e) {
        pendingSplits.remove(p);
        notStarted.add(p.destination());
        log("registry version " + p.version() + " splits subnet " + s.id() + " into "
            + p.destination() + ", not applied: " + e.getMessage());
      }
      return;
    }
  }

  private void splitBft(SubnetRuntime s, PendingSplit p, ReplicatedState base) {
    org.jicp.nns.registry.Registry r = nns.registry().orElseThrow(() ->
        new IllegalStateException("the registry is not available"));
    RegistryVersion v = RegistryVersion.of(p.version());
    RoutingTable rt = topology.routingTable(v);
    TreeMap<SubnetId, SubnetTopology> subs = new TreeMap<>(topology.subnets(v));
    SubnetTopology destTopology = subs.get(p.destination());
    if (destTopology == null) {
      throw new IllegalStateException("registry version " + v + " does not list "
          + p.destination());
    }
    Height at = base.height();
    ReplicatedState sourceHalf = SubnetSplit.sourceState(base, rt);
    ReplicatedState destHalf = SubnetSplit.destinationState(base, p.destination(),
        destTopology.type(), rt, subs);
    Bytes sourceRoot = CertifiedStateTree.of(sourceHalf).rootHash();
    Bytes destRoot = CertifiedStateTree.of(destHalf).rootHash();
    for (ReplicaNode n : s.nodes()) {
      if (!n.isUp()) {
        continue;
      }
      ReplicatedState own = n.stateManager().entry(at).orElseThrow().state();
      if (n.stateManager().latestStateHeight().equals(at)) {
        own = n.executor().flush(own);
      }
      Bytes src = CertifiedStateTree.of(SubnetSplit.sourceState(own, rt))
          .rootHash();
      Bytes dst = CertifiedStateTree.of(SubnetSplit.destinationState(own,
          p.destination(), destTopology.type(), rt, subs)).rootHash();
      if (!src.equals(sourceRoot) || !dst.equals(destRoot)) {
        throw new IllegalStateException("node " + n.id() + " computes other halves at height "
            + at.value());
      }
    }
    SubnetKind kind = kinds.get(s.id());
    SubnetKind destKind = switch (destTopology.type()) {
      case SYSTEM -> SubnetKind.SYSTEM;
      case VERIFIED_APPLICATION -> SubnetKind.VERIFIED_APPLICATION;
      default -> SubnetKind.APPLICATION;
    };
    ConsensusKeys sourceKeys = registryConsensusKeys(r, s.id(), false);
    ConsensusKeys destKeys = registryConsensusKeys(r, p.destination());
    Recovery rec = new Recovery(at, base.metadata().timeNanos(), v);
    SubnetRuntime newSource = consensusSubnet(s.id(), kind, rt.rangesOf(s.id()), sourceKeys,
        sourceHalf, config, Optional.of(rec), s.pool());
    SubnetRuntime dest = consensusSubnet(p.destination(), destKind,
        rt.rangesOf(p.destination()), destKeys, destHalf, config, Optional.of(rec),
        new IngressPool());
    subnets.set(subnets.indexOf(s), newSource);
    s.close();
    kinds.put(p.destination(), destKind);
    subnets.add(dest);
    notStarted.remove(p.destination());
    topologyChanges++;
    nnsRoundOnly(root);
    newSource.delegation(delegationFromRoot(newSource.id()));
    dest.delegation(delegationFromRoot(dest.id()));
    log("registry version " + v + ": BFT subnet " + s.id() + " split at height " + at.value()
        + "; " + destHalf.canisters().size() + " canisters moved to " + p.destination() + " ("
        + dest.nodes().size() + " nodes), " + sourceHalf.canisters().size() + " stay ("
        + newSource.nodes().size() + " nodes)");
  }

  private Delegation delegationFromRoot(SubnetId id) {
    return new Delegation(id, root.certificate(Delegation.paths(id)));
  }

  /**
   * Canister migration after registry version {@code v} rerouted canister ranges between running
   * subnets ({@code prepare_canister_migration}, {@code reroute_canister_ranges}): every canister
   * a rerouted subnet holds that the new routing table sends elsewhere moves, with its whole
   * state, to the subnet that now hosts its range — at the round boundary, by a state
   * manipulation of both subnets at their next height (as the IC's orchestrator splits a subnet's
   * state at a catch-up package). A canister need not be stopped: its queues and open call
   * contexts move with it, and the messages in flight find it through stream signals — the old
   * subnet refuses messages for it with reject signals ({@code CANISTER_MIGRATING}) and their
   * senders reroute them by the new routing table, so every call still gets exactly one reply.
   * The ingress statuses of its pending ingress messages are copied to the new subnet, whose
   * ingress history then records their results. Then each rerouted subnet takes its new ranges.
   */
  private void migrateCanisters(long v, org.jicp.nns.registry.RegistryTopology t,
      List<SubnetRuntime> rerouted) {
    for (SubnetRuntime from : rerouted) {
      TreeMap<SubnetId, List<org.jicp.state.replicated.CanisterState>> moving = new TreeMap<>();
      List<CanisterId> leaving = new ArrayList<>();
      ReplicatedState current = from.snapshotState();
      for (CanisterId c : current.canisterMap().keySet()) {
        Optional<SubnetId> to = t.routingTable().route(c);
        if (to.isEmpty() || to.get().equals(from.id())) {
          continue;
        }
        org.jicp.state.replicated.CanisterState cs = current.canister(c).orElseThrow();
        String refused = null;
        if (!kinds.containsKey(to.get())) {
          refused = "its new subnet " + to.get() + " does not run here";
        } else if (from.runsConsensus() || subnet(to.get()).runsConsensus()) {
          refused = "canisters move between single-node subnets only";
        }
        if (refused != null) {
          log("registry version " + v + " routes canister " + c + " to " + to.get()
              + "; not moved from " + from.id() + ": " + refused);
          continue;
        }
        moving.computeIfAbsent(to.get(), k -> new ArrayList<>()).add(cs);
        leaving.add(c);
      }
      if (leaving.isEmpty()) {
        continue;
      }
      ReplicatedState flushed = from.manipulateState(st -> {
        ReplicatedState out = st;
        for (CanisterId c : leaving) {
          out = out.withoutCanister(c);
        }
        return out;
      });
      org.jicp.state.replicated.IngressHistory history = flushed.metadata().ingressHistory();
      for (Map.Entry<SubnetId, List<org.jicp.state.replicated.CanisterState>> e
          : moving.entrySet()) {
        subnet(e.getKey()).manipulateState(st -> {
          ReplicatedState out = st;
          for (org.jicp.state.replicated.CanisterState cs : e.getValue()) {
            out = out.withCanister(cs);
            out = withPendingIngress(out, cs, history);
          }
          return out;
        });
        for (org.jicp.state.replicated.CanisterState cs : e.getValue()) {
          log("registry version " + v + ": canister " + cs.system().canisterId() + " migrated from "
              + from.id() + " to " + e.getKey());
        }
      }
    }
    for (SubnetRuntime n : rerouted) {
      n.ranges(t.routingTable().rangesOf(n.id()));
    }
  }

  /**
   * {@code st} with the ingress statuses ({@code history}, of the subnet {@code cs} leaves) of
   * the ingress messages the migrating canister still owes an answer: those in its input queue
   * and the origins of its open call contexts.
   */
  private static ReplicatedState withPendingIngress(ReplicatedState st,
      org.jicp.state.replicated.CanisterState cs,
      org.jicp.state.replicated.IngressHistory history) {
    List<org.jicp.types.MessageId> pending = new ArrayList<>();
    for (CanisterMessage m : cs.system().queues().input()) {
      if (m instanceof CanisterMessage.Ingress i) {
        pending.add(i.messageId());
      }
    }
    for (org.jicp.state.replicated.CallContext c
        : cs.system().callContexts().callContexts().values()) {
      if (c.origin() instanceof org.jicp.state.replicated.CallOrigin.Ingress i) {
        pending.add(i.messageId());
      }
    }
    org.jicp.state.replicated.IngressHistory h = st.metadata().ingressHistory();
    for (org.jicp.types.MessageId id : pending) {
      Optional<IngressStatus> status = history.get(id);
      if (status.isPresent() && h.get(id).isEmpty()) {
        h = h.set(id, status.get(), Long.MAX_VALUE);
      }
    }
    return st.withMetadata(st.metadata().withIngressHistory(h));
  }

  /** One more NNS round, without following the registry again. */
  private void nnsRoundOnly(SubnetRuntime nnsSubnet) {
    long h = nnsSubnet.stateManager().latestStateHeight().value() + 1;
    nnsSubnet.round(timeNanos(), Bytes.of(derive("randomness " + nnsSubnet.id(), h, 0)),
        new TreeMap<>(), topology.latest());
  }

  private SubnetRuntime startSubnet(org.jicp.nns.registry.Registry r,
      org.jicp.nns.registry.RegistryTopology t, SubnetId id) {
    return startSubnet(r, t, id, Optional.empty());
  }

  private SubnetRuntime startSubnet(org.jicp.nns.registry.Registry r,
      org.jicp.nns.registry.RegistryTopology t, SubnetId id, Optional<ReplicatedState> initial) {
    SubnetTopology st = t.subnets().get(id);
    SubnetKind kind = switch (st.type()) {
      case SYSTEM -> SubnetKind.SYSTEM;
      case VERIFIED_APPLICATION -> SubnetKind.VERIFIED_APPLICATION;
      default -> SubnetKind.APPLICATION;
    };
    List<NodeId> members = r.members(id);
    if (members.isEmpty()) {
      throw new IllegalStateException("it has no nodes");
    }
    for (NodeId m : members) {
      if (!plan.knows(m)) {
        throw new IllegalStateException("node " + m + " is not a node of this replica");
      }
    }
    if (initial.isEmpty() && registryBft(config, kind, members.size(), false)) {
      ConsensusKeys ck = registryConsensusKeys(r, id);
      ReplicatedState genesis = RoundExecutor.genesis(id, st.type(), clock, t.routingTable(),
          new TreeMap<>(t.subnets()));
      SubnetRuntime s = consensusSubnet(id, kind, t.routingTable().rangesOf(id), ck, genesis,
          config);
      kinds.put(id, kind);
      subnets.add(s);
      return s;
    }
    SecretKey sk = RegistryGenesisPlan.subnetKey(r, plan, id);
    Ed25519SigningKey nk = plan.nodeSigningKey(members.get(0));
    CanisterRanges ranges = t.routingTable().rangesOf(id);
    RoundExecutor exec = executorBuilder(kind, config).build();
    exec.addLogListener(this::log);
    ReplicatedState genesis = initial.orElseGet(() -> RoundExecutor.genesis(id, st.type(), clock,
        t.routingTable(), new TreeMap<>(t.subnets())));
    Optional<Path> dir = config.stateDir.map(d -> d.resolve(id.toString()));
    SubnetRuntime s = new SubnetRuntime(new SubnetRuntime.Parts(id, kind.text(), st.type(),
        ranges, nk, sk, exec, genesis, dir, config.checkpointInterval, topology, this::log));
    if (members.size() > 1) {
      s.members(members.stream().map(plan::nodeSigningKey).toList());
    }
    kinds.put(id, kind);
    subnets.add(s);
    return s;
  }

  private boolean anyWork() {
    for (SubnetRuntime s : subnets) {
      if (s.hasWork()) {
        return true;
      }
    }
    for (SubnetRuntime s : subnets) {
      for (SubnetRuntime o : subnets) {
        if (o != s && o.sliceFor(s).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  private void drive() {
    long lastIdle = 0;
    while (running) {
      try {
        boolean work = false;
        long waitMs = 50;
        synchronized (this) {
          long wall = System.currentTimeMillis() * 1_000_000L;
          clock = Math.max(clock, wall);
          for (SubnetRuntime s : subnets) {
            if (s.runsConsensus()) {
              Optional<Long> next = s.advance(wall);
              if (next.isPresent()) {
                waitMs = Math.max(1, Math.min(waitMs, (next.get() - wall) / 1_000_000L + 1));
              }
              applyPendingSplits(s);
            }
          }
          // A single-node subnet runs a round as soon as it has work of its own (ingress, input
          // queues, another subnet's slice for it), without waiting for the other subnets: an
          // update to an application subnet does not also pay for a round of the NNS subnet
          // (its canisters and its certification). Every subnet still runs a round at least once
          // a second (time, timers, heartbeats), all of them together as before.
          long now = System.nanoTime();
          boolean idleRound = now - lastIdle > 1_000_000_000L;
          List<SubnetRuntime> due = new ArrayList<>();
          for (SubnetRuntime s : subnets) {
            if (s.runsConsensus()) {
              continue;
            }
            boolean own = s.hasWork() || hasIncomingSlice(s);
            if (own || idleRound) {
              due.add(s);
            }
            work |= own;
          }
          for (SubnetRuntime s : due) {
            round(s);
          }
          if (!pendingMerges.isEmpty()) {
            applyPendingMerges();
          }
          if (idleRound) {
            lastIdle = now;
          }
        }
        if (!work) {
          synchronized (workSignal) {
            // The flag keeps a signal() that came during the rounds above (ingress that missed
            // them) from being lost: without it the driver slept up to waitMs with work waiting.
            if (!signalled) {
              workSignal.wait(waitMs);
            }
            signalled = false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log("round failed: " + e);
      }
    }
  }

  /** Whether another subnet's certified stream has messages or signals for {@code s}. */
  private boolean hasIncomingSlice(SubnetRuntime s) {
    for (SubnetRuntime o : subnets) {
      if (o != s && o.sliceFor(s).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private final Object workSignal = new Object();

  /** Set by {@link #signal()}, cleared by the driver when it goes to wait (under workSignal). */
  private boolean signalled;

  private void signal() {
    synchronized (workSignal) {
      signalled = true;
      workSignal.notifyAll();
    }
  }

  // ------------------------------------------------------------------ ingress

  /**
   * Submits a call from {@code sender} (trusted: the embedding application speaks for it) to the
   * subnet that hosts {@code effective}; returns its message id.
   */
  public MessageId submit(Principal sender, CanisterId canister, CanisterId effective,
      String method, byte[] arg) {
    SubnetRuntime s = subnetOf(effective.principal()).orElseThrow(() ->
        new IllegalArgumentException("no subnet hosts " + effective));
    IngressMessage m;
    synchronized (this) {
      long now = timeNanos();
      m = IngressCodec.encode(sender, canister, method, Bytes.of(arg), now + INGRESS_TTL,
          Bytes.of(ByteBuffer.allocate(16).putLong(nonce++).putLong(now).array()));
    }
    CanisterMessage.Ingress decoded = IngressCodec.decode(m);
    Optional<ResponsePayload.Reject> inspected = s.inspect(decoded);
    if (inspected.isPresent()) {
      calls.refused(decoded, timeNanos(), inspected.get());
      throw new CallRejectedException(inspected.get().code(), inspected.get().message(),
          inspected.get().errorCode());
    }
    s.submit(m);
    calls.submitted(decoded, timeNanos());
    signal();
    return m.messageId();
  }

  /**
   * Admits an authenticated envelope (from the HTTP interface) into {@code subnet}'s ingress
   * pool: empty if accepted (or already there), else the non-replicated rejection
   * ({@code canister_inspect_message} refused, or the message cannot be decoded).
   */
  public Optional<ResponsePayload.Reject> submitEnvelope(SubnetId subnet, IngressMessage m) {
    SubnetRuntime s = subnet(subnet);
    CanisterMessage.Ingress decoded;
    try {
      decoded = IngressCodec.decode(m);
    } catch (RuntimeException e) {
      return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_REJECTED_MESSAGE,
          "malformed ingress message: " + e.getMessage()));
    }
    if (!decoded.receiver().equals(RoundExecutor.managementCanister())
        && s.stateManager().latestState().canister(decoded.receiver()).isEmpty()) {
      // The IC's ingress filter: a call to a canister that does not exist never enters a block.
      return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND,
          "Canister " + decoded.receiver() + " not found"));
    }
    Optional<ResponsePayload.Reject> inspected = s.inspect(decoded);
    if (inspected.isPresent()) {
      calls.refused(decoded, timeNanos(), inspected.get());
      return inspected;
    }
    if (!config.live) {
      admitSendersClock(m);
    }
    s.submit(m);
    calls.submitted(decoded, timeNanos());
    signal();
    return Optional.empty();
  }

  /**
   * Deterministic mode: the virtual clock does not follow the wall clock, but an agent sets
   * {@code ingress_expiry} from its own (the HTTP layer checks it against the wall clock). A
   * message expiring more than {@code MAX_INGRESS_TTL} after the replica's time would never be
   * selected into a block, so the clock moves forward to {@code expiry - MAX_INGRESS_TTL}: time
   * stays monotone and a function of the inputs (the same envelopes give the same times).
   */
  private synchronized void admitSendersClock(IngressMessage m) {
    long earliest = m.expiry().nanos() - ReplicaPayloadBuilder.MAX_INGRESS_TTL_NANOS;
    if (earliest > clock) {
      clock = earliest;
    }
  }

  /**
   * Waits at most {@code timeout} for {@code id} to be final in a certified state of {@code
   * subnet}: in deterministic mode by running rounds while there is work, in live mode by
   * waiting for the rounds. Empty if it is not final by then.
   */
  public Optional<IngressStatus> awaitCertified(SubnetId subnet, MessageId id, Duration timeout)
      throws InterruptedException {
    SubnetRuntime s = subnet(subnet);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // The height is read before the status: a certification between the two then ends the
      // wait below at once, where reading it after waited for the next one (up to 100 ms).
      Height seen = s.certifiedHeight();
      Optional<IngressStatus> st = s.certifiedStatus(id);
      if (st.isPresent() && st.get().kind().isTerminal()) {
        return st;
      }
      if (System.nanoTime() >= deadline) {
        return Optional.empty();
      }
      if (config.live) {
        s.stateManager().awaitCertified(seen.increment(),
            Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000L)));
      } else {
        synchronized (this) {
          if (anyWork()) {
            tick();
          } else if (s.certifiedStatus(id).isEmpty()) {
            return Optional.empty(); // not in the pool, not executing: nothing will happen
          } else {
            tick();
          }
        }
      }
    }
  }

  /** The status of {@code id} in the latest certified state of the subnet hosting it. */
  public Optional<IngressStatus> ingressStatus(CanisterId effective, MessageId id) {
    return subnetOf(effective.principal()).flatMap(s -> s.certifiedStatus(id));
  }

  /**
   * Waits for {@code id} (submitted to the subnet of {@code effective}) to be replied or rejected
   * in a certified state: in deterministic mode by running rounds (at most {@code maxRounds}), in
   * live mode by waiting (at most 5 minutes).
   */
  public byte[] await(CanisterId effective, MessageId id) {
    SubnetRuntime first = subnetOf(effective.principal()).orElseThrow();
    SubnetRuntime s = first;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int rounds = 0;
    while (true) {
      // The canister may migrate meanwhile: the subnet it moved to records the answer (the one
      // it left, if the message was still in its pool: "not found").
      s = subnetOf(effective.principal()).orElse(s);
      Height seen = s.certifiedHeight(); // before the status (see awaitCertified)
      Optional<IngressStatus> st = s.certifiedStatus(id);
      if (s != first && (st.isEmpty() || !st.get().kind().isTerminal())) {
        st = first.certifiedStatus(id);
      }
      if (st.isPresent() && st.get().kind().isTerminal()) {
        return result(st.get());
      }
      if (config.live) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no answer to " + id + " in 5 minutes");
        }
        try {
          s.stateManager().awaitCertified(seen.increment(), 100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for " + id, e);
        }
      } else {
        if (rounds++ > 10_000) {
          throw new IllegalStateException("no answer to " + id + " in 10,000 rounds");
        }
        tick();
      }
    }
  }

  private static byte[] result(IngressStatus st) {
    if (st.kind() == IngressStatus.Kind.REPLIED) {
      return st.reply().orElseThrow().toByteArray();
    }
    if (st.kind() == IngressStatus.Kind.REJECTED) {
      throw new CallRejectedException(RejectCode.of((int) st.rejectCode()),
          st.rejectMessage().orElseThrow(), st.errorCode());
    }
    throw new IllegalStateException("the status of the call was pruned (done)");
  }

  /** An update call from the anonymous principal, run to its certified result. */
  public byte[] update(CanisterId id, String method, byte[] arg) {
    return update(Principal.anonymous(), id, method, arg);
  }

  /** An update call from {@code sender}, run to its certified result. */
  public byte[] update(Principal sender, CanisterId id, String method, byte[] arg) {
    MessageId m = submit(sender, id, id, method, arg);
    return await(id, m);
  }

  /** A query on the latest certified state of the canister's subnet. */
  public byte[] query(CanisterId id, String method, byte[] arg) {
    return query(Principal.anonymous(), id, method, arg);
  }

  /** A query from {@code sender}. */
  public byte[] query(Principal sender, CanisterId id, String method, byte[] arg) {
    SubnetRuntime s = subnetOf(id.principal()).orElseThrow(() ->
        new CallRejectedException(RejectCode.DESTINATION_INVALID, "Canister " + id
            + " not found", Optional.of(ErrorCode.CANISTER_NOT_FOUND)));
    ResponsePayload p = s.query(id, method, Bytes.of(arg), sender);
    calls.queried(id, method, sender, Bytes.of(arg), timeNanos(), p);
    if (p instanceof ResponsePayload.Reply r) {
      return r.data().toByteArray();
    }
    ResponsePayload.Reject j = (ResponsePayload.Reject) p;
    throw new CallRejectedException(j.code(), j.message(), j.errorCode());
  }

  // ------------------------------------------------------------------ management

  private byte[] management(Principal sender, CanisterId effective, String method, Object arg) {
    MessageId m = submit(sender, RoundExecutor.managementCanister(), effective, method,
        ManagementApi.encode(arg));
    return await(effective, m);
  }

  /** Creates a canister with {@code cycles} on {@code subnet}, controlled by the anonymous principal. */
  public CanisterId createCanister(SubnetId subnet, Cycles cycles) {
    return createCanister(Principal.anonymous(), subnet, cycles);
  }

  /** Creates a canister on the default subnet with 100T cycles. */
  public CanisterId createCanister() {
    return createCanister(defaultSubnet().id(), FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
  }

  /** Creates a canister with {@code cycles} on {@code subnet}, controlled by {@code controller}. */
  public CanisterId createCanister(Principal controller, SubnetId subnet, Cycles cycles) {
    SubnetRuntime s = subnet(subnet);
    CanisterId effective = s.ranges().ranges().get(0).start();
    byte[] r = management(controller, effective, "provisional_create_canister_with_cycles",
        new ManagementApi.ProvisionalCreateCanisterArgs(Optional.of(cycles.value()),
            Optional.empty(), Optional.empty(), Optional.empty()));
    return new CanisterId(ManagementApi.decode(r, ManagementApi.CanisterIdResult.class)
        .canisterId());
  }

  /** Installs {@code wasm} on {@code id} with {@code arg} (as the anonymous controller). */
  public void install(CanisterId id, byte[] wasm, byte[] arg) {
    installCode(Principal.anonymous(), id, new ManagementApi.InstallMode.Install(), wasm, arg);
  }

  /**
   * Upgrades {@code id} to {@code wasm}. Like dfx, the upgrade of a canister whose installed
   * module declares enhanced orthogonal persistence sends {@code wasm_memory_persistence = keep};
   * use {@link #installCode} for other upgrade options.
   */
  public void upgrade(CanisterId id, byte[] wasm, byte[] arg) {
    boolean eop = subnetOf(id.principal()).flatMap(s -> s.stateManager().latestState()
            .canister(id))
        .map(cs -> cs.system().metadata().containsKey("enhanced-orthogonal-persistence"))
        .orElse(false);
    installCode(Principal.anonymous(), id, new ManagementApi.InstallMode.Upgrade(
        eop ? Optional.of(new ManagementApi.UpgradeOptions(Optional.empty(),
            Optional.of(ManagementApi.WasmMemoryPersistence.KEEP))) : Optional.empty()),
        wasm, arg);
  }

  /** Reinstalls {@code id} with {@code wasm}. */
  public void reinstall(CanisterId id, byte[] wasm, byte[] arg) {
    installCode(Principal.anonymous(), id, new ManagementApi.InstallMode.Reinstall(), wasm,
        arg);
  }

  /** {@code install_code} as {@code sender}. */
  public void installCode(Principal sender, CanisterId id, ManagementApi.InstallMode mode,
      byte[] wasm, byte[] arg) {
    management(sender, id, "install_code", new ManagementApi.InstallCodeArgs(mode,
        id.principal(), Bytes.of(wasm), Bytes.of(arg), Optional.empty()));
  }

  /** Calls management method {@code method} of the subnet of {@code effective} as {@code sender}. */
  public byte[] callManagement(Principal sender, CanisterId effective, String method,
      byte[] arg) {
    MessageId m = submit(sender, RoundExecutor.managementCanister(), effective, method, arg);
    return await(effective, m);
  }

  /**
   * A fork of {@code source} on its own subnet: a new canister with its code, memories, globals,
   * certified data, controllers, settings and cycles, made only from management calls (a snapshot
   * of the source loaded on the new canister: pages shared, copy on write), as the source's first
   * controller.
   *
   * @throws org.jicp.wasm.execution.CanisterFork.ForkException if a step is rejected (nothing is left behind)
   */
  public CanisterId fork(CanisterId source) {
    return fork(source, org.jicp.wasm.execution.CanisterFork.Mode.SHARE);
  }

  /** {@link #fork(CanisterId)} with {@code mode} ({@code TRANSFER}: download and upload). */
  public CanisterId fork(CanisterId source, org.jicp.wasm.execution.CanisterFork.Mode mode) {
    ReplicatedState st = stateOf(source.principal());
    List<Principal> controllers = st.canister(source).orElseThrow(() ->
        new IllegalArgumentException("no canister " + source)).system().controllers();
    if (controllers.isEmpty()) {
      throw new IllegalArgumentException("canister " + source + " has no controller to fork it");
    }
    return fork(controllers.get(0), source,
        org.jicp.wasm.execution.CanisterFork.Options.sameSubnet(source, mode));
  }

  /** A fork of {@code source} made by {@code caller} (a controller of it) with {@code options}. */
  public CanisterId fork(Principal caller, CanisterId source,
      org.jicp.wasm.execution.CanisterFork.Options options) {
    return org.jicp.wasm.execution.CanisterFork.fork((effective, method, arg) -> {
      try {
        return new ResponsePayload.Reply(Bytes.of(callManagement(caller, effective, method, arg)));
      } catch (CallRejectedException e) {
        return new ResponsePayload.Reject(e.code(), e.getMessage(), e.errorCode());
      }
    }, source, options);
  }

  /** The application (non-NNS) subnets, for BigMap's buckets ({@link org.jicp.bigmap.BigMap}). */
  @Override
  public List<org.jicp.bigmap.BigMapHost.HostSubnet> bigMapSubnets() {
    List<org.jicp.bigmap.BigMapHost.HostSubnet> out = new ArrayList<>();
    for (SubnetInfo s : subnets()) {
      if (s.kind() != SubnetKind.NNS) {
        out.add(new org.jicp.bigmap.BigMapHost.HostSubnet(s.id(),
            s.ranges().ranges().get(0).start()));
      }
    }
    return out;
  }

  /** The latest state of the subnet hosting {@code id}. */
  public ReplicatedState stateOf(Principal id) {
    return subnetOf(id).orElseThrow().stateManager().latestState();
  }

  /**
   * A snapshot of the whole replica: every subnet's latest state, the clock and the nonce
   * counter. States are values sharing pages with the live ones (copy on write), so taking and
   * restoring a snapshot copies no memory.
   *
   * @param states the subnets' states, in subnet order
   * @param clock the clock
   * @param nonce the nonce counter
   */
  public record Snapshot(List<ReplicatedState> states, long clock, long nonce) {
    /** Copies the list. */
    public Snapshot {
      states = List.copyOf(states);
    }
  }

  /** Takes a snapshot (between rounds; pending ingress is not part of it). */
  public synchronized Snapshot snapshot() {
    List<ReplicatedState> states = new ArrayList<>();
    for (SubnetRuntime s : subnets) {
      states.add(s.snapshotState());
    }
    return new Snapshot(states, clock, nonce);
  }

  /**
   * Restores a snapshot of this replica: every subnet continues from its state then (fixtures
   * of tests). Not available with a state directory.
   */
  public synchronized void restore(Snapshot snapshot) {
    if (config.stateDir.isPresent()) {
      throw new IllegalStateException("a replica with a state directory cannot be restored to a"
          + " snapshot");
    }
    if (snapshot.states().size() != subnets.size()) {
      throw new IllegalArgumentException("a snapshot of " + snapshot.states().size()
          + " subnets for a replica of " + subnets.size());
    }
    for (int i = 0; i < subnets.size(); i++) {
      if (!snapshot.states().get(i).metadata().ownSubnetId().equals(subnets.get(i).id())) {
        throw new IllegalArgumentException("the snapshot is of another replica");
      }
      subnets.get(i).restore(snapshot.states().get(i));
    }
    clock = snapshot.clock();
    nonce = snapshot.nonce();
  }

  /** The root hash of every subnet's latest certified state, in subnet order. */
  public List<Bytes> certifiedRootHashes() {
    List<Bytes> out = new ArrayList<>();
    for (SubnetRuntime s : subnets) {
      out.add(s.stateManager().latestCertifiedEntry().orElseThrow().tree().rootHash());
    }
    return out;
  }

  /** The debug prints and traps so far, {@code [canister id] text}. */
  public List<String> debugLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Adds a listener of debug prints and traps. */
  public void addLogListener(Consumer<String> l) {
    logListeners.add(l);
  }

  // ------------------------------------------------------------------ typed calls, diagnostics

  /**
   * A typed actor for canister {@code id}: {@code type} is a Java interface read as a Candid
   * service ({@link org.jicp.candid.actor.ActorInterface}); its methods call the canister as
   * the anonymous principal. See {@link Actor} for other senders and the rejection exception.
   */
  public <T> T actor(CanisterId id, Class<T> type) {
    return Actor.of(this, id, type);
  }

  /**
   * The latest calls given to this replica (at most 1,000: ingress messages, also those refused
   * before the pool, and queries), oldest first, each update with its outcome in the latest
   * state: for diagnostics (what a failing test shows), not replicated.
   */
  public List<CallRecord> recentCalls() {
    List<CallRecord> out = new ArrayList<>();
    for (CallRecord c : calls.all()) {
      if (c.outcome() instanceof CallRecord.Status && c.messageId().isPresent()) {
        Optional<IngressStatus> st = subnetOf(c.effectiveCanister().principal())
            .flatMap(s -> s.latestStatus(c.messageId().get()));
        out.add(c.withOutcome(st.map(Replica::outcomeOf)
            .orElse(new CallRecord.Status(CallJournal.NOT_IN_HISTORY))));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static CallRecord.Outcome outcomeOf(IngressStatus st) {
    return switch (st.kind()) {
      case REPLIED -> new CallRecord.Replied(st.reply().orElseThrow());
      case REJECTED -> new CallRecord.Rejected(RejectCode.of((int) st.rejectCode()),
          st.errorCode(), st.rejectMessage().orElseThrow());
      default -> new CallRecord.Status(st.kind().text());
    };
  }

  /** Stops the rounds; with a state directory, writes a final checkpoint of every subnet. */
  @Override
  public void close() {
    running = false;
    if (driver != null) {
      signal();
      driver.interrupt();
      try {
        driver.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      for (SubnetRuntime s : subnets) {
        s.checkpointNow();
        s.close();
        if (s.runsConsensus()) {
          for (ReplicaNode n : s.nodes()) {
            n.executor().close();
          }
        } else {
          s.executor().close();
        }
      }
      for (Path d : tempDirs) {
        FileLayer.DEFAULT.deleteRecursively(d);
      }
      config.stateDir.ifPresent(d -> {
        try {
          Files.writeString(d.resolve("replica.nonce"), Long.toString(nonce));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * The registry as message routing reads it, by registry version: one version (1) without the
   * NNS canisters; with them, every registry version the replica followed ({@link
   * #followRegistry}), a batch reading the topology at its own version.
   */
  static final class StaticTopology implements NetworkTopology {
    private record Snapshot(RoutingTable routingTable, TreeMap<SubnetId, SubnetTopology> subnets) {}

    private final java.util.concurrent.ConcurrentSkipListMap<Long, Snapshot> versions =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    StaticTopology(RoutingTable rt, TreeMap<SubnetId, SubnetTopology> subnets) {
      versions.put(1L, new Snapshot(rt, subnets));
    }

    /** Adds registry version {@code v} (later than every version added before). */
    void add(long v, RoutingTable rt, java.util.SortedMap<SubnetId, SubnetTopology> subnets) {
      versions.put(v, new Snapshot(rt, new TreeMap<>(subnets)));
    }

    /** The latest version added. */
    @Override
    public RegistryVersion latestVersion() {
      return latest();
    }

    /** The latest version added. */
    RegistryVersion latest() {
      return RegistryVersion.of(versions.lastKey());
    }

    private Snapshot at(RegistryVersion v) {
      java.util.Map.Entry<Long, Snapshot> e = versions.floorEntry(v.value());
      return e != null ? e.getValue() : versions.firstEntry().getValue();
    }

    @Override
    public RoutingTable routingTable(RegistryVersion v) {
      return at(v).routingTable();
    }

    @Override
    public java.util.SortedMap<SubnetId, SubnetTopology> subnets(RegistryVersion v) {
      return at(v).subnets();
    }
  }
}
