package org.jicp.nns.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.nns.registry.RegistryCanisterClient;
import org.jicp.state.checkpoint.StateDigest;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.ports.RegistryClient;
import org.jicp.wasm.Engine;
import org.jicp.wasm.execution.ManagementApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The NNS canisters as native canisters of the replicated round: genesis at the mainnet ids, a
 * wasm canister beside them calling the ledger (both engines), calls between the NNS canisters,
 * upgrades, determinism across executors and engines, and a checkpoint reloaded on a fresh
 * executor that continues identically.
 */
class NnsSubnetTest {
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;
  static final long E8 = NnsRounds.E8;

  @TempDir Path dir;

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  @Test
  void genesis_installsTheCanistersAtTheirMainnetIds() throws Exception {
    try (NnsRounds r = NnsRounds.genesis(Engine.COMPILER)) {
      ReplicatedState s = r.state;
      String[][] expected = {
          {"rwlgt-iiaaa-aaaaa-aaaaa-cai", NnsCanisterFactory.REGISTRY},
          {"rrkah-fqaaa-aaaaa-aaaaq-cai", NnsCanisterFactory.GOVERNANCE},
          {"ryjl3-tyaaa-aaaaa-aaaba-cai", NnsCanisterFactory.LEDGER},
          {"rkp4c-7iaaa-aaaaa-aaaca-cai", NnsCanisterFactory.CYCLES_MINTING}};
      for (String[] e : expected) {
        CanisterState cs = s.canister(new CanisterId(Principal.fromText(e[0]))).orElseThrow(() -> new AssertionError(e[0]));
        assertThat(cs.execution().orElseThrow().nativeKind()).contains(e[1]);
        assertThat(cs.execution().orElseThrow().moduleHash())
            .isEqualTo(Bytes.of(sha256(("jicp native canister " + e[1]).getBytes(StandardCharsets.UTF_8))));
        assertThat(cs.system().controllers()).containsExactly(NnsHost.CONTROLLER);
      }
      assertThat(s.canister(NnsCanisterIds.CYCLES_MINTING).orElseThrow().system().cyclesBalance())
          .isEqualTo(NnsSubnet.CMC_GENESIS_CYCLES);
      assertThat(s.canister(NnsCanisterIds.ROOT)).isEmpty();
      // The ledger's certified data (its tip) is in the state from the start.
      assertThat(s.canister(NnsCanisterIds.LEDGER).orElseThrow().system().certifiedData())
          .isEqualTo(r.nns.canister(NnsCanisterIds.LEDGER).orElseThrow().certifiedData());
    }
  }

  @Test
  void genesisAtAnotherId_isRefusedByTheFactory() {
    NnsCanisterFactory f = NnsCanisterFactory.ledger();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.create(CanisterId.fromIndex(9), Optional.empty(),
        NnsRounds.canisters().ledger())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ryjl3");
    assertThat(f.live()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wasmCanisterBesideTheNnsCanisters_transfersIcpThroughTheLedger(Engine engine) {
    try (NnsRounds r = NnsRounds.genesis(engine)) {
      CanisterMessage.Ingress transfer = r.viaProxy(NnsCanisterIds.LEDGER, "icrc1_transfer",
          CANDID.encode(Icrc1.TransferArg.of(Account.of(NnsRounds.BOB), 10 * E8)));
      CanisterMessage.Ingress balance = r.viaProxy(NnsCanisterIds.LEDGER, "icrc1_balance_of",
          CANDID.encode(Account.of(NnsRounds.BOB)));
      r.round(List.of(transfer, balance), false);
      byte[] t = r.reply(transfer);
      assertThat(t[0]).as("the proxy got a reply from the ledger").isZero();
      Icrc1.TransferResult tr = CANDID.decode(Arrays.copyOfRange(t, 1, t.length), Icrc1.TransferResult.class);
      assertThat(tr).isInstanceOf(Icrc1.TransferResult.Ok.class);
      byte[] b = r.reply(balance);
      assertThat(CANDID.decode(Arrays.copyOfRange(b, 1, b.length), BigInteger.class)).isEqualTo(BigInteger.valueOf(1010 * E8));
      LedgerCanister ledger = (LedgerCanister) r.nns.canister(NnsCanisterIds.LEDGER).orElseThrow();
      assertThat(ledger.ledger().icrc1BalanceOf(Account.of(NnsRounds.PROXY.principal())))
          .isEqualTo(BigInteger.valueOf(490 * E8 - 10_000));
      // A method the ledger does not have: the proxy sees the reject (code 3), the ledger is unchanged.
      CanisterMessage.Ingress missing = r.viaProxy(NnsCanisterIds.LEDGER, "no_such_method", CANDID.encode());
      CanisterMessage.Ingress malformed = r.viaProxy(NnsCanisterIds.LEDGER, "icrc1_transfer", new byte[] {1, 2, 3});
      long blocks = ledger.ledger().blockCount();
      r.round(List.of(missing, malformed), false);
      assertThat(r.reply(missing)[0]).isEqualTo((byte) 1);
      assertThat(r.reply(missing)[1]).isEqualTo((byte) 3);
      byte[] m = r.reply(malformed);
      assertThat(m[0]).isEqualTo((byte) 1);
      assertThat(m[1]).as(new String(m, StandardCharsets.UTF_8)).isEqualTo((byte) 4);
      assertThat(ledger.ledger().blockCount()).isEqualTo(blocks);
    }
  }

  @Test
  void claimingANeuron_callsFromGovernanceToTheLedgerInTheRound() {
    try (NnsRounds r = NnsRounds.genesis(Engine.COMPILER)) {
      Account neuron = new Account(NnsCanisterIds.GOVERNANCE.principal(),
          Optional.of(Governance.neuronSubaccount(NnsRounds.ALICE, 7).bytes()));
      CanisterMessage.Ingress stake = r.call(NnsRounds.ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer",
          CANDID.encode(Icrc1.TransferArg.of(neuron, 100 * E8)));
      CanisterMessage.Ingress claim = r.call(NnsRounds.ALICE, NnsCanisterIds.GOVERNANCE, "claim_or_refresh_neuron_from_account",
          CANDID.encode(new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), 7)));
      r.round(List.of(stake), false);
      r.round(List.of(claim), false);
      GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse resp =
          CANDID.decode(r.reply(claim), GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
      long id = ((GovernanceApi.ClaimResult.NeuronId) resp.result().orElseThrow()).value().id();
      Governance g = ((GovernanceCanister) r.nns.canister(NnsCanisterIds.GOVERNANCE).orElseThrow()).governance();
      assertThat(g.findNeuron(id).orElseThrow().stakeE8s()).isEqualTo(100 * E8);
      // Governance's call to the ledger was a call context with a callback, closed in the same round.
      assertThat(r.state.canister(NnsCanisterIds.GOVERNANCE).orElseThrow().system().callContexts().callContexts()).isEmpty();
    }
  }

  @Test
  void cyclesMintingOnASingleSubnet_createsTheCanisterThroughItsOwnManagementCanister() {
    // The cycles minting canister's default subnet is the NNS subnet itself: create_canister is
    // addressed to the subnet's own id and answered by its management canister in the same round.
    try (NnsRounds r = NnsRounds.genesis(Engine.COMPILER)) {
      org.jicp.nns.cmc.CmcCanister cmc = (org.jicp.nns.cmc.CmcCanister) r.nns.canister(NnsCanisterIds.CYCLES_MINTING).orElseThrow();
      org.jicp.nns.ledger.LegacyLedger.TransferArgs pay = new org.jicp.nns.ledger.LegacyLedger.TransferArgs(
          org.jicp.nns.cmc.CyclesMinting.MEMO_CREATE_CANISTER, new org.jicp.nns.ledger.LegacyLedger.Tokens(2 * E8),
          new org.jicp.nns.ledger.LegacyLedger.Tokens(10_000), Optional.empty(),
          cmc.cyclesMinting().accountOf(org.jicp.nns.ledger.Subaccount.ofPrincipal(NnsRounds.BOB)).bytes(), Optional.empty());
      CanisterMessage.Ingress t = r.call(NnsRounds.BOB, NnsCanisterIds.LEDGER, "transfer", CANDID.encode(pay));
      r.round(List.of(t), false);
      long block = ((org.jicp.nns.ledger.LegacyLedger.TransferResult.Ok) CANDID.decode(r.reply(t),
          org.jicp.nns.ledger.LegacyLedger.TransferResult.class)).value();
      CanisterMessage.Ingress notify = r.call(NnsRounds.BOB, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
          CANDID.encode(new org.jicp.nns.cmc.CmcApi.NotifyCreateCanisterArg(block, NnsRounds.BOB, Optional.empty())));
      r.round(List.of(notify), false);
      org.jicp.nns.cmc.CmcApi.NotifyCreateCanisterResult res =
          CANDID.decode(r.reply(notify), org.jicp.nns.cmc.CmcApi.NotifyCreateCanisterResult.class);
      Principal created = ((org.jicp.nns.cmc.CmcApi.NotifyCreateCanisterResult.Ok) res).value();
      CanisterState cs = r.state.canister(new CanisterId(created)).orElseThrow();
      assertThat(cs.system().controllers()).containsExactly(NnsRounds.BOB);
      // 2 ICP at 5 XDR per ICP and 10^12 cycles per XDR; a system subnet charges no creation fee.
      assertThat(cs.system().cyclesBalance().value()).isEqualTo(BigInteger.valueOf(10_000_000_000_000L));
      assertThat(r.state.canister(NnsCanisterIds.CYCLES_MINTING).orElseThrow().system().cyclesBalance().value())
          .isEqualTo(NnsSubnet.CMC_GENESIS_CYCLES.value().subtract(BigInteger.valueOf(10_000_000_000_000L)));
    }
  }

  @Test
  void upgradeOfANativeCanister_keepsItsStateAndCountsAVersion() {
    try (NnsRounds r = NnsRounds.genesis(Engine.COMPILER)) {
      r.round(List.of(r.call(NnsRounds.ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer",
          CANDID.encode(Icrc1.TransferArg.of(Account.of(NnsRounds.CAROL), 3 * E8)))), false);
      SystemCanister before = r.nns.canister(NnsCanisterIds.LEDGER).orElseThrow();
      Bytes saved = before.saveState();
      long version = r.state.canister(NnsCanisterIds.LEDGER).orElseThrow().system().canisterVersion();
      CanisterMessage.Ingress upgrade = r.ingress(NnsHost.CONTROLLER, org.jicp.wasm.execution.RoundExecutor.managementCanister(),
          NnsCanisterIds.LEDGER, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
              new ManagementApi.InstallMode.Upgrade(Optional.empty()), NnsCanisterIds.LEDGER.principal(),
              Bytes.of("jicp native canister nns-ledger".getBytes(StandardCharsets.UTF_8)), Bytes.EMPTY, Optional.empty())));
      r.round(List.of(upgrade), false);
      assertThat(r.status(upgrade).kind()).isEqualTo(IngressStatus.Kind.REPLIED);
      SystemCanister after = r.nns.canister(NnsCanisterIds.LEDGER).orElseThrow();
      assertThat(after).isNotSameAs(before);
      assertThat(after.saveState()).isEqualTo(saved);
      assertThat(r.state.canister(NnsCanisterIds.LEDGER).orElseThrow().system().canisterVersion()).isGreaterThan(version);
      // Upgrading to another kind is refused and changes nothing.
      CanisterMessage.Ingress other = r.ingress(NnsHost.CONTROLLER, org.jicp.wasm.execution.RoundExecutor.managementCanister(),
          NnsCanisterIds.LEDGER, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
              new ManagementApi.InstallMode.Upgrade(Optional.empty()), NnsCanisterIds.LEDGER.principal(),
              Bytes.of("jicp native canister nns-cmc".getBytes(StandardCharsets.UTF_8)), Bytes.EMPTY, Optional.empty())));
      r.round(List.of(other), false);
      assertThat(r.status(other).kind()).isEqualTo(IngressStatus.Kind.REJECTED);
      assertThat(r.nns.canister(NnsCanisterIds.LEDGER).orElseThrow()).isSameAs(after);
      // It keeps working.
      CanisterMessage.Ingress t = r.call(NnsRounds.CAROL, NnsCanisterIds.LEDGER, "icrc1_transfer",
          CANDID.encode(Icrc1.TransferArg.of(Account.of(NnsRounds.ALICE), E8)));
      r.round(List.of(t), false);
      assertThat(CANDID.decode(r.reply(t), Icrc1.TransferResult.class)).isInstanceOf(Icrc1.TransferResult.Ok.class);
    }
  }

  /** A seeded workload: ledger transfers, the proxy calling the ledger, neurons claimed, queries as updates, bad input. */
  static List<RoundInputs> workload(NnsRounds r, long seed, int rounds) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<RoundInputs> out = new ArrayList<>();
    ReplicatedState start = r.state;
    long memo = 1;
    for (int k = 0; k < rounds; k++) {
      List<CanisterMessage.Ingress> in = new ArrayList<>();
      int n = rnd.nextInt(4);
      for (int j = 0; j < n; j++) {
        Principal from = NnsRounds.USERS.get(rnd.nextInt(3));
        Principal to = NnsRounds.USERS.get(rnd.nextInt(3));
        switch (rnd.nextInt(7)) {
          case 0, 1 -> in.add(r.call(from, NnsCanisterIds.LEDGER, "icrc1_transfer",
              CANDID.encode(Icrc1.TransferArg.of(Account.of(to), (1 + rnd.nextInt(10)) * E8))));
          case 2 -> in.add(r.viaProxy(NnsCanisterIds.LEDGER, "icrc1_transfer",
              CANDID.encode(Icrc1.TransferArg.of(Account.of(to), (1 + rnd.nextInt(5)) * E8))));
          case 3 -> in.add(r.viaProxy(NnsCanisterIds.LEDGER, "icrc1_balance_of", CANDID.encode(Account.of(to))));
          case 4 -> {
            Account neuron = new Account(NnsCanisterIds.GOVERNANCE.principal(),
                Optional.of(Governance.neuronSubaccount(from, memo).bytes()));
            in.add(r.call(from, NnsCanisterIds.LEDGER, "icrc1_transfer",
                CANDID.encode(Icrc1.TransferArg.of(neuron, (2 + rnd.nextInt(5)) * E8))));
            in.add(r.call(from, NnsCanisterIds.GOVERNANCE, "claim_or_refresh_neuron_from_account",
                CANDID.encode(new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo))));
            memo++;
          }
          case 5 -> in.add(r.call(from, NnsCanisterIds.CYCLES_MINTING, "get_icp_xdr_conversion_rate", CANDID.encode()));
          default -> in.add(r.call(from, NnsCanisterIds.LEDGER, "icrc1_transfer", new byte[] {9, 9}));
        }
      }
      RoundInputs ri = r.inputs(in, k % 5 == 4);
      out.add(ri);
      r.state = r.state.atHeight(ri.height()); // only to number the next inputs
    }
    r.state = start;
    return out;
  }

  static List<Bytes> run(NnsRounds r, List<RoundInputs> rounds) {
    List<Bytes> digests = new ArrayList<>();
    for (RoundInputs in : rounds) {
      digests.add(StateDigest.of(r.run(in)));
    }
    return digests;
  }

  @Test
  void sameWorkload_onTwoExecutorsAndBothEngines_givesTheSameStates() {
    long seed = 20_240_611L;
    System.out.println("NnsSubnetTest determinism seed=" + seed);
    try (NnsRounds a = NnsRounds.genesis(Engine.COMPILER); NnsRounds b = NnsRounds.genesis(Engine.INTERPRETER)) {
      assertThat(StateDigest.of(b.state)).isEqualTo(StateDigest.of(a.state));
      List<RoundInputs> rounds = workload(a, seed, 30);
      List<Bytes> da = run(a, rounds);
      List<Bytes> db = run(b, rounds);
      assertThat(db).isEqualTo(da);
      assertThat(b.canisterStates()).isEqualTo(a.canisterStates());
      assertThat(a.nns.canister(NnsCanisterIds.GOVERNANCE).map(c -> ((GovernanceCanister) c).governance().neurons().size()))
          .as("the workload claimed neurons").hasValueSatisfying(n -> assertThat(n).isPositive());
    }
  }

  @Test
  void checkpointReloadedOnAFreshExecutor_continuesIdentically() {
    long seed = 77L;
    System.out.println("NnsSubnetTest restart seed=" + seed);
    try (NnsRounds a = NnsRounds.genesis(Engine.COMPILER)) {
      List<RoundInputs> rounds = workload(a, seed, 24);
      int k = 12;
      List<Bytes> da = new ArrayList<>();
      ReplicatedState atK = null;
      for (int i = 0; i < rounds.size(); i++) {
        RoundInputs in = rounds.get(i);
        if (i == k - 1) {
          in = new RoundInputs(in.height(), in.timeNanos(), in.randomness(), in.registryVersion(), in.routingTable(),
              in.topology(), in.ingress(), in.streamSlices(), true);
          rounds.set(i, in);
        }
        da.add(StateDigest.of(a.run(in)));
        if (i == k - 1) {
          atK = a.state;
        }
      }
      StateManager sm = StateManager.open(dir.resolve("nns"));
      sm.checkpoint(atK);
      ReplicatedState loaded = sm.loadLatest().orElseThrow().state();
      assertThat(StateDigest.of(loaded)).isEqualTo(da.get(k - 1));
      try (NnsRounds c = NnsRounds.restart(loaded, Engine.INTERPRETER)) {
        List<Bytes> dc = run(c, rounds.subList(k, rounds.size()));
        assertThat(dc).isEqualTo(da.subList(k, da.size()));
        assertThat(c.canisterStates()).isEqualTo(a.canisterStates());
      }
    }
  }

  @Test
  void registryClientFromTheState_readsWhatTheRegistryCanisterHolds() {
    try (NnsRounds r = NnsRounds.genesis(Engine.COMPILER)) {
      RegistryClient live = r.nns.registryClient();
      r.state = r.executor.flush(r.state);
      RegistryClient saved = RegistryCanisterClient.fromState(r.state);
      assertThat(saved.latestVersion()).isEqualTo(live.latestVersion());
      RegistryCanister reg = (RegistryCanister) r.nns.canister(NnsCanisterIds.REGISTRY).orElseThrow();
      assertThat(reg.registry().latestVersion().value()).isPositive();
      for (long v = 0; v <= live.latestVersion().value(); v++) {
        assertThat(saved.valuesWithPrefix("", RegistryVersion.of(v))).isEqualTo(live.valuesWithPrefix("", RegistryVersion.of(v)));
      }
    }
  }
}
