package org.jicp.nns.demo;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.governance.GovernanceConfig;
import org.jicp.nns.host.NnsHost;
import org.jicp.nns.host.NnsSubnet;
import org.jicp.nns.host.NodeMetricsSource;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.nns.registry.NiDkgInitialDkg;
import org.jicp.nns.registry.NodeKeys;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.nns.registry.RegistryGenesis;
import org.jicp.types.SubnetType;
import org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord;
import org.jicp.types.CanisterId;
import org.jicp.state.certification.CertificateIssuer;
import org.jicp.state.certification.CertificateSigner;
import org.jicp.state.certification.ThresholdPublicKey;

/**
 * A whole NNS in one process: the registry at genesis (a system subnet hosting the NNS canisters,
 * application subnets, spare nodes), the ledger with initial balances, governance and the cycles
 * minting canister, installed at their mainnet ids on the NNS subnet of an {@link NnsHost}, which
 * runs them through replicated rounds ({@link NnsSubnet}) and starts the other subnets when
 * messages reach them. Every subnet's keys come from a real NI-DKG ({@link NiDkgInitialDkg}) to the nodes'
 * registered forward-secure encryption keys; the nodes are simulated here and their decryption keys
 * kept ({@link #dkgDealingDecryptionKey}). Query certificates are signed with the system subnet's
 * threshold key: 2f + 1 of its members decrypt their shares from the high-threshold transcript of
 * its genesis CUP contents, sign, and the shares are combined, so certified replies verify against
 * {@link #rootKey()}.
 */
public final class NnsNetwork implements AutoCloseable {
  /** The IC's genesis (10 May 2021, 00:00 UTC), the origin of the reward curve. */
  public static final long IC_GENESIS_SECONDS = 1_620_604_800L;
  /** e8s per ICP. */
  public static final long E8S = LedgerConfig.E8S_PER_ICP;
  /** The replica version elected at genesis. */
  public static final String REPLICA_VERSION = "jicp-0.1.0";

  /**
   * The shape of a genesis.
   *
   * @param seed seeds every key
   * @param startSeconds the host clock at genesis
   * @param systemNodes nodes of the NNS (system) subnet
   * @param applicationSubnets the node counts of the application subnets
   * @param spareNodes unassigned nodes
   * @param balances initial ICP balances in e8s
   * @param xdrPermyriadPerIcp the initial ICP/XDR rate
   */
  public record Spec(
      Bytes seed,
      long startSeconds,
      int systemNodes,
      List<Integer> applicationSubnets,
      int spareNodes,
      Map<Principal, Long> balances,
      long xdrPermyriadPerIcp) {
    /** Validates and copies the components. */
    public Spec {
      Objects.requireNonNull(seed, "seed");
      applicationSubnets = List.copyOf(applicationSubnets);
      balances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(balances));
      if (systemNodes < 1) {
        throw new IllegalArgumentException("the system subnet needs a node");
      }
    }
  }

  /** The node operator of every genesis node. */
  public static final Principal OPERATOR = Principal.canisterIdFromIndex(0x4f50_0000L);
  /** The node provider of every genesis node. */
  public static final Principal PROVIDER = Principal.canisterIdFromIndex(0x4e50_0000L);

  private final NnsHost host;
  private final Bytes seed;
  private final RegistryGenesis genesis;
  private final SubnetId systemSubnet;
  private final List<SubnetId> applicationSubnets;
  private final List<NodeKeys> spareNodes;
  private final ThresholdCertificateSigner signer;

  private NnsNetwork(Spec spec) {
    this(spec, Optional.empty());
  }

  private NnsNetwork(Spec spec, Optional<NodeMetricsSource> nodeMetrics) {
    Registry reg = new Registry();
    seed = spec.seed();
    NiDkgInitialDkg dkg = new NiDkgInitialDkg(reg, spec.seed());
    RegistryGenesis g = new RegistryGenesis(reg, spec.seed(), dkg)
        .electReplicaVersion(REPLICA_VERSION)
        .dataCenter("zh1", "Europe,CH,Zurich")
        .dataCenter("fm1", "North America,US,Fremont");
    int total = spec.systemNodes() + spec.applicationSubnets().stream().mapToInt(Integer::intValue).sum() + spec.spareNodes();
    g.nodeOperator(OPERATOR, PROVIDER, "zh1", total, Map.of("type3.1", total));
    List<NodeKeys> sys = g.nodes(OPERATOR, spec.systemNodes());
    systemSubnet = g.subnet(sys, SubnetType.SYSTEM, REPLICA_VERSION, true);
    applicationSubnets = new ArrayList<>();
    for (int size : spec.applicationSubnets()) {
      applicationSubnets.add(g.subnet(g.nodes(OPERATOR, size), SubnetType.APPLICATION, REPLICA_VERSION, false));
    }
    spareNodes = g.nodes(OPERATOR, spec.spareNodes());
    genesis = g;

    long startNanos = Math.multiplyExact(spec.startSeconds(), 1_000_000_000L);
    Map<Account, Long> balances = new LinkedHashMap<>();
    spec.balances().forEach((p, v) -> balances.put(Account.of(p), v));
    LedgerCanister ledger = new LedgerCanister(new Ledger(LedgerConfig.icp(Account.of(NnsCanisterIds.GOVERNANCE.principal()), balances, startNanos)));
    Governance gov = new Governance(GovernanceConfig.nns(IC_GENESIS_SECONDS));
    gov.startRewardsAt(spec.startSeconds());
    nodeMetrics.ifPresent(m -> gov.startNodeProviderRewardsAt(spec.startSeconds()));
    GovernanceCanister governance = new GovernanceCanister(gov);
    CmcCanister cmc = new CmcCanister(new CyclesMinting(NnsCanisterIds.CYCLES_MINTING.principal(), LedgerConfig.DEFAULT_TRANSFER_FEE,
        new CmcApi.IcpXdrConversionRate(spec.startSeconds(), spec.xdrPermyriadPerIcp()), applicationSubnets));
    RegistryCanister registry = new RegistryCanister(reg);
    signer = ThresholdCertificateSigner.of(
        reg.cupContents(systemSubnet).orElseThrow().getInitialNiDkgTranscriptHighThreshold(), g::dkgDealingDecryptionKey);
    host = NnsHost.genesis(NnsSubnet.withDkgSeed(spec.seed()).withNodeMetrics(nodeMetrics.orElse(NodeMetricsSource.NONE)), systemSubnet, startNanos,
        NnsSubnet.Canisters.of(registry, governance, ledger, cmc), spec.seed(), Optional.of(CertificateIssuer.forRootSubnet(signer)));
  }

  /** A network built from {@code spec}. */
  public static NnsNetwork genesis(Spec spec) {
    return new NnsNetwork(spec);
  }

  /**
   * A network built from {@code spec} whose NNS subnet answers {@code node_metrics_history} from
   * {@code nodeMetrics}, and whose governance rewards node providers monthly from the start.
   */
  public static NnsNetwork genesis(Spec spec, NodeMetricsSource nodeMetrics) {
    return new NnsNetwork(spec, Optional.of(java.util.Objects.requireNonNull(nodeMetrics, "nodeMetrics")));
  }

  /** The host running the canisters. */
  public NnsHost host() {
    return host;
  }

  /** The registry canister (its state machine: {@code registry().registry()}). */
  public RegistryCanister registry() {
    return (RegistryCanister) host.canister(NnsCanisterIds.REGISTRY);
  }

  /** The ledger canister. */
  public LedgerCanister ledger() {
    return (LedgerCanister) host.canister(NnsCanisterIds.LEDGER);
  }

  /** The governance canister. */
  public GovernanceCanister governance() {
    return (GovernanceCanister) host.canister(NnsCanisterIds.GOVERNANCE);
  }

  /** The cycles minting canister. */
  public CmcCanister cmc() {
    return (CmcCanister) host.canister(NnsCanisterIds.CYCLES_MINTING);
  }

  /**
   * The initial NI-DKG that answers {@code setup_initial_dkg} (over the registry canister's current
   * state, with the network's seed).
   */
  public NiDkgInitialDkg dkg() {
    return new NiDkgInitialDkg(host.nns().registryClient(), seed);
  }

  /**
   * The dealing decryption key of a genesis node (simulated here), with which it decrypts its
   * threshold key shares ({@link NiDkgInitialDkg#keyShare}).
   */
  public EncryptionSecretKey dkgDealingDecryptionKey(NodeId node) {
    return genesis.dkgDealingDecryptionKey(node);
  }

  /** The NNS (system) subnet. */
  public SubnetId systemSubnet() {
    return systemSubnet;
  }

  /** The application subnets created at genesis. */
  public List<SubnetId> applicationSubnets() {
    return List.copyOf(applicationSubnets);
  }

  /** The unassigned nodes created at genesis. */
  public List<NodeKeys> spareNodes() {
    return List.copyOf(spareNodes);
  }

  /** The root key that query certificates verify against (the system subnet's key). */
  public ThresholdPublicKey rootKey() {
    return signer.publicKey();
  }

  /**
   * Signs certificates as a subnet does: the first 2f + 1 members of a high-threshold transcript's
   * committee each sign with their key share and the shares are combined into the group signature.
   */
  private static final class ThresholdCertificateSigner implements CertificateSigner {
    private final List<SecretKeyShare> shares;
    private final int threshold;
    private final int n;
    private final ThresholdPublicKey publicKey;

    private ThresholdCertificateSigner(List<SecretKeyShare> shares, int threshold, int n, ThresholdPublicKey publicKey) {
      this.shares = shares;
      this.threshold = threshold;
      this.n = n;
      this.publicKey = publicKey;
    }

    static ThresholdCertificateSigner of(
        InitialNiDkgTranscriptRecord high, java.util.function.Function<NodeId, EncryptionSecretKey> keys) {
      int threshold = (int) high.getThreshold();
      List<SecretKeyShare> shares = new ArrayList<>();
      for (int i = 0; i < threshold; i++) {
        NodeId node = new NodeId(Principal.fromBytes(high.getCommittee(i).toByteArray()));
        shares.add(NiDkgInitialDkg.keyShare(high, node, keys.apply(node)));
      }
      ThresholdPublicKey pk = new ThresholdPublicKey(
          Bytes.of(NiDkgInitialDkg.transcript(high).publicCoefficients().groupPublicKey().toBytes()));
      return new ThresholdCertificateSigner(List.copyOf(shares), threshold, high.getCommitteeCount(), pk);
    }

    @Override
    public ThresholdPublicKey publicKey() {
      return publicKey;
    }

    @Override
    public Bytes sign(Bytes message) {
      byte[] msg = message.toByteArray();
      List<SignatureShare> signed = new ArrayList<>(shares.size());
      for (SecretKeyShare s : shares) {
        signed.add(ThresholdSignatures.sign(s, msg));
      }
      return Bytes.of(ThresholdSignatures.combine(threshold, n, signed).toBytes());
    }

    @Override
    public String toString() {
      return "ThresholdCertificateSigner(" + threshold + " of " + n + ", " + publicKey.raw().toHex() + ")";
    }
  }

  /**
   * An update call with a Candid argument; the reply decoded as {@code replyType}.
   *
   * @throws IllegalStateException if the call is rejected (with the reject message)
   */
  public <T> T update(Principal caller, CanisterId canister, String method, Object arg, Class<T> replyType) {
    Response r = host.update(caller, canister, method, org.jicp.nns.NnsCandid.MAPPER.encode(arg));
    return decode(r, replyType, method);
  }

  /** A query with a Candid argument. */
  public <T> T query(Principal caller, CanisterId canister, String method, Object arg, Class<T> replyType) {
    Response r = host.query(caller, canister, method, org.jicp.nns.NnsCandid.MAPPER.encode(arg));
    return decode(r, replyType, method);
  }

  private static <T> T decode(Response r, Class<T> type, String method) {
    if (r instanceof Response.Reject rej) {
      throw new IllegalStateException(method + " was rejected (" + rej.code() + "): " + rej.message());
    }
    return org.jicp.nns.NnsCandid.MAPPER.decode(((Response.Reply) r).bytes().toByteArray(), type);
  }

  /** The ICP balance of {@code p}'s default account, in e8s. */
  public BigInteger balance(Principal p) {
    return ledger().ledger().icrc1BalanceOf(Account.of(p));
  }

  /** Stops the subnets' executors. */
  @Override
  public void close() {
    host.close();
  }
}
