package org.jicp.nns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.types.RejectCode;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.Icrc3;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.types.SubnetType;
import org.jicp.nns.registry.pb.RegistryGetValueRequest;
import org.jicp.nns.registry.pb.RegistryGetValueResponse;
import org.jicp.types.CanisterId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.tree.HashTree;
import org.junit.jupiter.api.Test;

/** The NNS canisters hosted together: calls between them, rejects, rollbacks, upgrades, certificates. */
class NnsHostedTest {
  static final long E8 = NnsNetwork.E8S;
  static final Principal ALICE = Principal.selfAuthenticating(new byte[] {1});
  static final Principal BOB = Principal.selfAuthenticating(new byte[] {2});
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;

  final NnsNetwork net = NnsNetwork.genesis(new NnsNetwork.Spec(Bytes.fromHex("0102"),
      NnsNetwork.IC_GENESIS_SECONDS + 1000 * GovernanceConstants.ONE_DAY_SECONDS, 1, List.of(2, 2), 4,
      Map.of(ALICE, 1_000 * E8, BOB, 500 * E8), 50_000));

  @org.junit.jupiter.api.AfterEach
  void close() {
    net.close();
  }

  long stakeAndClaim(Principal who, long memo, long icp) {
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(),
        Optional.of(Governance.neuronSubaccount(who, memo).bytes()));
    Icrc1.TransferResult t = net.update(who, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(neuronAccount, icp * E8),
        Icrc1.TransferResult.class);
    assertThat(t).isInstanceOf(Icrc1.TransferResult.Ok.class);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = net.update(who, NnsCanisterIds.GOVERNANCE,
        "claim_or_refresh_neuron_from_account", new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = ((GovernanceApi.ClaimResult.NeuronId) r.result().orElseThrow()).value().id();
    manage(who, id, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(Optional.of(
        new GovernanceApi.Operation.IncreaseDissolveDelay(new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS))))));
    return id;
  }

  GovernanceApi.CommandResponse manage(Principal who, long neuron, GovernanceApi.Command c) {
    GovernanceApi.ManageNeuronResponse r = net.update(who, NnsCanisterIds.GOVERNANCE, "manage_neuron",
        GovernanceApi.ManageNeuron.of(neuron, c), GovernanceApi.ManageNeuronResponse.class);
    return r.command().orElseThrow();
  }

  long propose(Principal who, long neuron, NnsFunction f, Object payload) {
    GovernanceApi.Proposal p = new GovernanceApi.Proposal("https://example.org", Optional.of("Proposal " + f),
        Optional.of(new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
            Bytes.of(CANDID.encode(payload))))), "");
    GovernanceApi.CommandResponse r = manage(who, neuron, new GovernanceApi.Command.MakeProposal(p));
    assertThat(r).as("%s", r).isInstanceOf(GovernanceApi.CommandResponse.MakeProposal.class);
    return ((GovernanceApi.CommandResponse.MakeProposal) r).value().proposalId().orElseThrow().id();
  }

  @Test
  void stakeClaimAndProposeCreateSubnet_executesThroughRegistryAndManagementCanister() {
    long alice = stakeAndClaim(ALICE, 1, 100);
    GovernanceApi.NeuronResult full = CANDID.decode(bytes(net.host().query(ALICE, NnsCanisterIds.GOVERNANCE, "get_full_neuron",
        org.jicp.candid.CandidEncoder.encode(org.jicp.candid.CandidText.parseType("nat64"), new org.jicp.candid.CandidValue.Nat64(alice)))),
        GovernanceApi.NeuronResult.class);
    assertThat(((GovernanceApi.NeuronResult.Ok) full).value().cachedNeuronStakeE8s()).isEqualTo(100 * E8);
    int subnetsBefore = net.registry().registry().subnetIds().size();
    List<Principal> nodes = net.spareNodes().stream().map(k -> k.nodeId().principal()).toList().subList(0, 2);
    long p = propose(ALICE, alice, NnsFunction.CREATE_SUBNET,
        RegistryPayloads.CreateSubnetPayload.withDefaults(nodes, SubnetType.APPLICATION, NnsNetwork.REPLICA_VERSION));
    assertThat(net.governance().governance().proposal(p).status().name()).isEqualTo("EXECUTED");
    assertThat(net.registry().registry().subnetIds()).hasSize(subnetsBefore + 1);
  }

  @Test
  void registryMutationFromAUser_isRejectedAndChangesNothing() {
    long v = net.registry().registry().latestVersion().value();
    Response r = net.host().update(ALICE, NnsCanisterIds.REGISTRY, "update_subnet",
        CANDID.encode(RegistryPayloads.UpdateSubnetPayload.of(net.applicationSubnets().get(0).principal()).withHalted(true)));
    assertThat(r).isInstanceOfSatisfying(Response.Reject.class, rej -> {
      assertThat(rej.code()).isEqualTo(RejectCode.CANISTER_REJECT);
      assertThat(rej.message()).contains("not authorized");
    });
    assertThat(net.registry().registry().latestVersion().value()).isEqualTo(v);
  }

  @Test
  void malformedCandid_isRejectedWithStateUnchanged() {
    long blocks = net.ledger().ledger().blockCount();
    Response r = net.host().update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer", new byte[] {1, 2, 3});
    assertThat(r).isInstanceOf(Response.Reject.class);
    Response wrongType = net.host().update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer", CANDID.encode("not a transfer"));
    assertThat(wrongType).isInstanceOf(Response.Reject.class);
    assertThat(net.ledger().ledger().blockCount()).isEqualTo(blocks);
    assertThat(net.host().update(ALICE, NnsCanisterIds.LEDGER, "no_such_method", CANDID.encode()))
        .isInstanceOfSatisfying(Response.Reject.class, rej -> assertThat(rej.code()).isEqualTo(RejectCode.DESTINATION_INVALID));
  }

  @Test
  void votingWithSomeoneElsesNeuron_isAnError() {
    long alice = stakeAndClaim(ALICE, 1, 100);
    long bob = stakeAndClaim(BOB, 1, 300);
    long p = propose(ALICE, alice, NnsFunction.SET_FIREWALL_CONFIG, new RegistryPayloads.SetFirewallConfigPayload("x", List.of(), List.of()));
    GovernanceApi.CommandResponse r = manage(ALICE, bob,
        new GovernanceApi.Command.RegisterVote(new GovernanceApi.RegisterVote(1, Optional.of(new GovernanceApi.NeuronId(p)))));
    assertThat(r).isInstanceOfSatisfying(GovernanceApi.CommandResponse.Error.class,
        e -> assertThat(e.value().errorType()).isEqualTo(3));
    assertThat(net.governance().governance().ballot(p, bob).orElseThrow().vote().name()).isEqualTo("UNSPECIFIED");
  }

  @Test
  void createCanisterWithIcp_exactlyOnceOnAnApplicationSubnetAndTopUpDepositsCycles() {
    long block = payCmc(ALICE, Subaccount.ofPrincipal(ALICE), 10 * E8, CyclesMinting.MEMO_CREATE_CANISTER);
    CmcApi.NotifyCreateCanisterResult r = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty()), CmcApi.NotifyCreateCanisterResult.class);
    Principal canister = ((CmcApi.NotifyCreateCanisterResult.Ok) r).value();
    // Created by the management canister of the chosen application subnet (a subnet of 2 nodes):
    // 50 T attached by the cycles minting canister, minus that subnet's creation fee.
    SubnetId subnet = net.host().subnetOf(canister).orElseThrow();
    assertThat(net.applicationSubnets()).contains(subnet);
    assertThat(net.registry().registry().subnetForCanister(canister)).contains(subnet);
    assertThat(net.host().state(subnet).canister(new CanisterId(canister)).orElseThrow().system().controllers())
        .containsExactly(ALICE);
    BigInteger fee = FeeSchedule.applicationSubnet().forSubnetSize(2).canisterCreation().value();
    assertThat(net.host().cyclesBalance(canister).value()).isEqualTo(BigInteger.valueOf(50_000_000_000_000L).subtract(fee));
    // Notifying the same block again answers the same, without a second canister.
    CmcApi.NotifyCreateCanisterResult again = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty()), CmcApi.NotifyCreateCanisterResult.class);
    assertThat(again).isEqualTo(r);
    assertThat(net.host().state(subnet).canisters()).hasSize(1);
    // A top-up: deposit_cycles from the NNS subnet reaches the canister's subnet.
    BigInteger before = net.host().cyclesBalance(canister).value();
    long topUp = payCmc(ALICE, CyclesMinting.topUpSubaccount(canister), E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    CmcApi.NotifyTopUpResult t = net.update(BOB, NnsCanisterIds.CYCLES_MINTING, "notify_top_up",
        new CmcApi.NotifyTopUpArg(topUp, canister), CmcApi.NotifyTopUpResult.class);
    assertThat(t).isEqualTo(new CmcApi.NotifyTopUpResult.Ok(BigInteger.valueOf(5_000_000_000_000L)));
    assertThat(net.host().cyclesBalance(canister).value()).isEqualTo(before.add(BigInteger.valueOf(5_000_000_000_000L)));
  }

  @Test
  void topUpOfAnUnknownCanister_refundsMinusTheFee() {
    Principal ghost = Principal.canisterIdFromIndex(Long.MAX_VALUE / 2);
    BigInteger before = net.balance(ALICE);
    long block = payCmc(ALICE, CyclesMinting.topUpSubaccount(ghost), E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    CmcApi.NotifyTopUpResult t = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_top_up",
        new CmcApi.NotifyTopUpArg(block, ghost), CmcApi.NotifyTopUpResult.class);
    assertThat(t).isInstanceOfSatisfying(CmcApi.NotifyTopUpResult.Err.class,
        e -> assertThat(e.value()).isInstanceOf(CmcApi.NotifyError.Refunded.class));
    // Paid amount + fee, got back amount - fee.
    assertThat(net.balance(ALICE)).isEqualTo(before.subtract(BigInteger.valueOf(2 * 10_000)));
  }

  long payCmc(Principal who, Subaccount sub, long e8s, long memo) {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(memo, new LegacyLedger.Tokens(e8s), new LegacyLedger.Tokens(10_000),
        Optional.empty(), net.cmc().cyclesMinting().accountOf(sub).bytes(), Optional.empty());
    return ((LegacyLedger.TransferResult.Ok) net.update(who, NnsCanisterIds.LEDGER, "transfer", arg, LegacyLedger.TransferResult.class)).value();
  }

  @Test
  void upgrades_keepEveryCanistersState() {
    long alice = stakeAndClaim(ALICE, 1, 100);
    propose(ALICE, alice, NnsFunction.SET_FIREWALL_CONFIG, new RegistryPayloads.SetFirewallConfigPayload("rules", List.of(), List.of()));
    long block = payCmc(ALICE, Subaccount.ofPrincipal(ALICE), 2 * E8, CyclesMinting.MEMO_CREATE_CANISTER);
    net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty()), CmcApi.NotifyCreateCanisterResult.class);
    for (CanisterId id : List.of(NnsCanisterIds.REGISTRY, NnsCanisterIds.LEDGER, NnsCanisterIds.GOVERNANCE, NnsCanisterIds.CYCLES_MINTING)) {
      org.jicp.nns.host.SystemCanister old = net.host().canister(id);
      Bytes before = old.saveState();
      Bytes certified = old.certifiedData();
      long version = net.host().state().canister(id).orElseThrow().system().canisterVersion();
      org.jicp.nns.host.SystemCanister upgraded = net.host().upgrade(id);
      assertThat(upgraded).as("a new instance of %s", id).isNotSameAs(old);
      assertThat(upgraded.saveState()).as("state of %s after an upgrade", id).isEqualTo(before);
      assertThat(upgraded.certifiedData()).isEqualTo(certified);
      assertThat(net.host().state().canister(id).orElseThrow().system().canisterVersion()).isGreaterThan(version);
    }
    // The upgraded canisters keep working together.
    assertThat(net.governance().governance().findNeuron(alice)).isPresent();
    CmcApi.NotifyCreateCanisterResult again = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty()), CmcApi.NotifyCreateCanisterResult.class);
    assertThat(again).isInstanceOf(CmcApi.NotifyCreateCanisterResult.Ok.class);
    SubnetId subnet = net.host().subnetOf(((CmcApi.NotifyCreateCanisterResult.Ok) again).value()).orElseThrow();
    assertThat(net.host().state(subnet).canisters()).hasSize(1);
  }

  @Test
  void upgrade_byANonController_isRejectedAndKeepsTheInstance() {
    org.jicp.nns.host.SystemCanister before = net.host().canister(NnsCanisterIds.LEDGER);
    Response r = net.host().callManagement(ALICE, NnsCanisterIds.LEDGER, "install_code",
        org.jicp.wasm.execution.ManagementApi.encode(new org.jicp.wasm.execution.ManagementApi.InstallCodeArgs(
            new org.jicp.wasm.execution.ManagementApi.InstallMode.Upgrade(Optional.empty()), NnsCanisterIds.LEDGER.principal(),
            Bytes.of("jicp native canister nns-ledger".getBytes(java.nio.charset.StandardCharsets.UTF_8)), Bytes.EMPTY,
            Optional.empty())));
    assertThat(r).isInstanceOfSatisfying(Response.Reject.class, rej -> assertThat(rej.message()).contains("controller"));
    assertThat(net.host().canister(NnsCanisterIds.LEDGER)).isSameAs(before);
    assertThat(net.host().state().canister(NnsCanisterIds.LEDGER).orElseThrow().system().controllers())
        .containsExactlyInAnyOrder(NnsCanisterIds.ROOT.principal(), org.jicp.nns.host.NnsHost.CONTROLLER);
  }

  @Test
  void ledgerTipCertificate_verifiesAgainstTheRootKey() {
    net.update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(Account.of(BOB), E8), Icrc1.TransferResult.class);
    Response r = net.host().query(BOB, NnsCanisterIds.LEDGER, "icrc3_get_tip_certificate", CANDID.encode());
    Optional<Icrc3.DataCertificate> dc = CANDID.decode(bytes(r), new org.jicp.candid.mapping.TypeRef<Optional<Icrc3.DataCertificate>>() {});
    Certificate cert = Certificate.decode(dc.orElseThrow().certificate().toByteArray());
    CertificateVerifier v = CertificateVerifier.withoutFreshness(net.rootKey(), CertificateSignatureVerifier.ic());
    assertThat(v.verify(cert, NnsCanisterIds.LEDGER).isValid()).isTrue();
    HashTree tip = HashTree.decodeCbor(dc.get().hashTree().toByteArray());
    assertThat(cert.lookup(List.of(HashTree.utf8("canister"), NnsCanisterIds.LEDGER.principal().bytes(), HashTree.utf8("certified_data"))).value())
        .isEqualTo(tip.digest());
    assertThat(tip.lookup("last_block_hash").value()).isEqualTo(net.ledger().ledger().tipHash().orElseThrow());
  }

  @Test
  void registryGetValue_speaksProtobufAsOnMainnet() throws Exception {
    SubnetId app = net.applicationSubnets().get(0);
    RegistryGetValueRequest req = RegistryGetValueRequest.newBuilder()
        .setKey(com.google.protobuf.ByteString.copyFromUtf8(org.jicp.nns.registry.RegistryKeys.subnetRecord(app))).build();
    Response r = net.host().query(ALICE, NnsCanisterIds.REGISTRY, "get_value", req.toByteArray());
    RegistryGetValueResponse resp = RegistryGetValueResponse.parseFrom(bytes(r));
    assertThat(resp.hasError()).isFalse();
    assertThat(org.jicp.nns.registry.pb.SubnetRecord.parseFrom(resp.getValue()).getMembershipCount()).isEqualTo(2);
  }

  @Test
  void restartOfTheNnsSubnetWhileACallIsOutstanding_continuesTheWaitingCall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    long block = payCmc(ALICE, Subaccount.ofPrincipal(ALICE), 10 * E8, CyclesMinting.MEMO_CREATE_CANISTER);
    byte[] arg = CANDID.encode(new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty()));
    org.jicp.nns.host.NnsHost.Submitted m = net.host().submit(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister", arg);
    // After the round that inducted it, the cycles minting canister waits for create_canister on an
    // application subnet (a call in a stream, with a callback in the NNS subnet's state).
    assertThat(net.host().result(m)).isEmpty();
    assertThat(net.host().state().canister(NnsCanisterIds.CYCLES_MINTING).orElseThrow().system().callContexts().callContexts())
        .hasSize(1);
    org.jicp.state.checkpoint.StateManager sm = org.jicp.state.checkpoint.StateManager.open(dir);
    sm.checkpoint(net.host().flushedState());
    org.jicp.nns.host.SystemCanister before = net.host().canister(NnsCanisterIds.CYCLES_MINTING);
    net.host().restartNnsSubnet(sm.loadLatest().orElseThrow().state());
    net.host().tick();
    assertThat(net.host().canister(NnsCanisterIds.CYCLES_MINTING)).as("a new instance").isNotSameAs(before);
    // The application subnet created the canister and answered; the restored instance had the
    // continuation in the checkpoint and finishes the notification: ICP burnt, canister reported.
    CmcApi.NotifyCreateCanisterResult r = CANDID.decode(bytes(net.host().result(m).orElseThrow()),
        CmcApi.NotifyCreateCanisterResult.class);
    assertThat(r).isInstanceOf(CmcApi.NotifyCreateCanisterResult.Ok.class);
    SubnetId app = net.host().runningSubnets().stream().filter(x -> !x.equals(net.systemSubnet())).findFirst().orElseThrow();
    assertThat(net.host().state(app).canisters()).hasSize(1);
    // Notifying the block again answers the same: no second canister, no second mint.
    CmcApi.NotifyCreateCanisterResult again = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty()), CmcApi.NotifyCreateCanisterResult.class);
    assertThat(again).isEqualTo(r);
    assertThat(net.host().state(app).canisters()).hasSize(1);
    // The rest of the NNS works on.
    net.update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(Account.of(BOB), E8), Icrc1.TransferResult.class);
    assertThat(net.balance(BOB)).isEqualTo(BigInteger.valueOf(501 * E8));
  }

  @Test
  void heartbeat_distributesRewardsAfterADay() {
    long alice = stakeAndClaim(ALICE, 1, 100);
    GovernanceApi.Proposal motion = new GovernanceApi.Proposal("", Optional.of("A motion to reward"),
        Optional.of(new GovernanceApi.Action.Motion(new GovernanceApi.Motion("yes"))), "");
    manage(ALICE, alice, new GovernanceApi.Command.MakeProposal(motion));
    net.host().advanceTime(java.time.Duration.ofDays(5));
    net.host().tick();
    assertThat(net.governance().governance().findNeuron(alice).orElseThrow().maturityE8sEquivalent()).isPositive();
    assertThat(net.governance().governance().latestRewardEvent().settledProposals()).hasSize(1);
  }

  static byte[] bytes(Response r) {
    if (r instanceof Response.Reject rej) {
      throw new AssertionError("rejected: " + rej.message());
    }
    return ((Response.Reply) r).bytes().toByteArray();
  }
}
