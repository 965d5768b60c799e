package org.jicp.replica;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.cyclesledger.CyclesLedgerFactory;
import org.jicp.nns.demo.NnsNetwork;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.governance.GovernanceConfig;
import org.jicp.nns.host.NnsSubnet;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * The NNS canisters of a single-node replica: registry, governance, ICP ledger and cycles minting
 * canister on the NNS subnet at their mainnet ids ({@link NnsSubnet}), and the cycles ledger
 * ({@code um5iw-rqaaa-aaaaq-qaaba-cai}) on the subnet whose range holds its id (the first subnet
 * after the NNS). Genesis balances: ICP per principal (default account) on the ledger, cycles per
 * principal on the cycles ledger; the CMC's ICP/XDR rate is set at genesis. With a node metrics
 * source, the NNS subnet answers {@code node_metrics_history} from it and governance rewards node
 * providers monthly from genesis.
 */
final class NnsCanisters {
  /** The cycles the cycles ledger holds beyond its genesis balances (to pay for itself). */
  static final BigInteger CYCLES_LEDGER_RESERVE = BigInteger.TEN.pow(15);

  private final NnsSubnet nns;
  private final CyclesLedgerFactory cyclesLedger = new CyclesLedgerFactory();
  private final boolean nodeProviderRewards;

  NnsCanisters(byte[] dkgSeed, java.util.Optional<org.jicp.nns.host.NodeMetricsSource> nodeMetrics) {
    this.nns = NnsSubnet.withDkgSeed(Bytes.of(dkgSeed))
        .withNodeMetrics(nodeMetrics.orElse(org.jicp.nns.host.NodeMetricsSource.NONE));
    this.nodeProviderRewards = nodeMetrics.isPresent();
  }

  RoundExecutor.Builder configureNns(RoundExecutor.Builder b) {
    return nns.configure(b);
  }

  RoundExecutor.Builder configureCyclesLedger(RoundExecutor.Builder b) {
    return b.nativeCanister(cyclesLedger);
  }

  /** The registry canister's live registry, as the NNS subnet's executor runs it. */
  org.jicp.types.ports.RegistryClient registryClient() {
    return nns.registryClient();
  }

  /** The registry canister's registry (its live instance), if installed. */
  java.util.Optional<Registry> registry() {
    return nns.canister(NnsCanisterIds.REGISTRY).map(c -> ((RegistryCanister) c).registry());
  }

  ReplicatedState nnsGenesis(RoundExecutor exec, ReplicatedState empty, Registry registry, Map<Principal, Long> icp,
      long xdrPermyriadPerIcp, List<SubnetId> defaultSubnets) {
    long nanos = empty.metadata().timeNanos();
    long seconds = nanos / 1_000_000_000L;
    Map<Account, Long> balances = new LinkedHashMap<>();
    icp.forEach((p, e8s) -> balances.put(Account.of(p), e8s));
    LedgerCanister ledger = new LedgerCanister(new Ledger(LedgerConfig.icp(
        Account.of(NnsCanisterIds.GOVERNANCE.principal()), balances, nanos)));
    Governance gov = new Governance(GovernanceConfig.nns(NnsNetwork.IC_GENESIS_SECONDS));
    gov.startRewardsAt(seconds);
    if (nodeProviderRewards) {
      gov.startNodeProviderRewardsAt(seconds);
    }
    CmcCanister cmc = new CmcCanister(new CyclesMinting(NnsCanisterIds.CYCLES_MINTING.principal(),
        LedgerConfig.DEFAULT_TRANSFER_FEE, new CmcApi.IcpXdrConversionRate(seconds, xdrPermyriadPerIcp),
        defaultSubnets));
    ReplicatedState s = nns.genesis(exec, empty, NnsSubnet.Canisters.of(new RegistryCanister(registry),
        new GovernanceCanister(gov), ledger, cmc), List.of());
    // Canisters created later on this subnet must not take the id of an NNS canister that jicp
    // does not run (root r7inp… is index 3, lifeline 5, …): ids below RESERVED_NNS_INDEXES are
    // left to NNS canisters, as on mainnet where the NNS subnet's first ids are all NNS canisters.
    long generated = Math.max(s.metadata().generatedCanisterIds(), RESERVED_NNS_INDEXES);
    return s.withMetadata(s.metadata().toBuilder().generatedCanisterIds(generated).build());
  }

  /** The canister indexes of the NNS subnet left to NNS canisters (jicp's choice; mainnet uses about 20). */
  static final long RESERVED_NNS_INDEXES = 64;

  ReplicatedState cyclesLedgerGenesis(RoundExecutor exec, ReplicatedState empty, Map<Principal, BigInteger> cycles) {
    Map<Account, Long> balances = new LinkedHashMap<>();
    BigInteger total = CYCLES_LEDGER_RESERVE;
    for (Map.Entry<Principal, BigInteger> e : cycles.entrySet()) {
      balances.put(Account.of(e.getKey()), e.getValue().longValueExact());
      total = total.add(e.getValue());
    }
    return CyclesLedgerFactory.genesis(exec, empty, balances, total, List.of(NnsCanisterIds.ROOT.principal()));
  }
}
