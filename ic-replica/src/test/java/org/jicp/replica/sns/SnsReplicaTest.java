package org.jicp.replica.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.nns.sns.SnsApi;
import org.jicp.nns.sns.SnsGovernance;
import org.jicp.nns.sns.SnsGovernanceApi;
import org.jicp.nns.sns.SnsSwap;
import org.jicp.nns.sns.SnsSwapCanister;
import org.jicp.nns.sns.SnsWasmCanister;
import org.jicp.replica.NnsProposals;
import org.jicp.replica.Replica;
import org.jicp.replica.http.Harness;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.execution.ManagementApi;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §2 through a running replica (ingress to the NNS canisters and to the SNS canisters
 * SNS-W deployed, simulated time): a developer's Motoko counter on an application subnet, handed
 * to its community by an NNS proposal (SNS-W creates governance, ledger, swap and root and makes
 * the root the counter's only controller), a decentralization sale of three buyers, then a
 * community-voted upgrade of the counter to another Motoko canister, executed by the SNS root.
 */
class SnsReplicaTest {
  private static final long E8 = 100_000_000L;
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private static final long DAY = 86_400;
  private static final Principal ALICE = user("alice");
  private static final Principal DEV = user("developer");
  private static final List<Principal> BUYERS = List.of(user("buyer 1"), user("buyer 2"), user("buyer 3"));
  private static final Principal SMALL = user("small buyer");

  private static Principal user(String name) {
    return Principal.selfAuthenticating(name.getBytes(StandardCharsets.UTF_8));
  }

  /** The dapp counter and the SNS SNS-W deployed for it (by NNS proposal), with its sale due at {@code swapDue}. */
  record Deployed(CanisterId counter, SnsWasmCanister.DeployedSns sns, long swapDue) {}

  static Replica replica() {
    return Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).icp(BUYERS.get(0), 100 * E8).icp(BUYERS.get(1), 100 * E8).icp(BUYERS.get(2), 100 * E8)
        .icp(SMALL, 100 * E8).spareNodes(0).deterministic(21).startTime(START).build();
  }

  static Deployed deploy(Replica ic) {
      // SNS-W is an NNS canister installed at genesis (root controls it, as on mainnet).
      assertThat(controllers(ic, NnsCanisterIds.SNS_WASM)).containsExactly(NnsCanisterIds.ROOT.principal());
      // The service: a Motoko counter of the developer, who lets SNS-W (the NNS) take it over.
      CanisterId counter = ic.createCanister(DEV, ic.defaultSubnet().id(), new Cycles(BigInteger.TEN.pow(13)));
      ic.installCode(DEV, counter, new ManagementApi.InstallMode.Install(), Harness.motoko("counter"), CandidEncoder.empty());
      for (int i = 0; i < 3; i++) {
        ic.update(ALICE, counter, "inc", CandidEncoder.empty());
      }
      assertThat(nat(ic.query(counter, "get", CandidEncoder.empty()))).isEqualTo(3);
      ic.callManagement(DEV, counter, "update_settings", ManagementApi.encode(new ManagementApi.UpdateSettingsArgs(
          counter.principal(), ManagementApi.CanisterSettings.controllers(List.of(DEV, NnsCanisterIds.SNS_WASM.principal())),
          Optional.empty())));

      // Creation: an NNS proposal makes SNS-W deploy the SNS.
      long swapDue = START.getEpochSecond() + 7 * DAY;
      SnsApi.Params params = new SnsApi.Params(E8, 30 * DAY, 8 * 365 * DAY, 100, 4 * DAY, 300);
      SnsApi.SwapParams sale = new SnsApi.SwapParams(100 * E8, 300 * E8, 10 * E8, 1_000_000 * E8, swapDue, 365 * DAY, List.of(DEV));
      long neuron = stake(ic, 100);
      propose(ic, neuron, NnsFunction.DEPLOY_SNS, SnsWasmCanister.DeployNewSnsRequest.of(new SnsWasmCanister.SnsSpec(
          ic.defaultSubnet().id().principal(), List.of(counter.principal()), "CTR",
          "Counter DAO", 10_000, 500_000 * E8, params, sale)));
      SnsWasmCanister.Listed listed = NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.SNS_WASM, "list_deployed_snses",
          NnsCandid.MAPPER.encode(new Empty())), SnsWasmCanister.ListDeployedSnsesResponse.class).instances().get(0);
      SnsWasmCanister.DeployedSns sns = new SnsWasmCanister.DeployedSns(listed.root().orElseThrow(),
          listed.governance().orElseThrow(), listed.ledger().orElseThrow(), listed.swap().orElseThrow());
      assertThat(listed.index()).isEmpty();
      assertThat(controllers(ic, counter)).containsExactly(sns.root());
      assertThat(controllers(ic, new CanisterId(sns.root()))).containsExactly(sns.governance());
      assertThat(List.of(sns.root(), sns.governance(), sns.ledger(), sns.swap()))
          .allSatisfy(c -> assertThat(ic.subnetOf(c).orElseThrow().id()).isEqualTo(ic.defaultSubnet().id()));
      // The developer and the NNS lost the counter.
      assertThatThrownBy(() -> ic.installCode(DEV, counter, new ManagementApi.InstallMode.Upgrade(Optional.empty()),
          Harness.motoko("stable_store"), CandidEncoder.empty())).isInstanceOf(Replica.CallRejectedException.class);
      return new Deployed(counter, sns, swapDue);
  }

  @Test
  void swapBelowMinimum_throughTheReplica_refundsTheIcpAndGivesTheCounterBackToItsDeveloper() {
    try (Replica ic = replica()) {
      Deployed d = deploy(ic);
      CanisterId swap = new CanisterId(d.sns().swap());
      Principal b = BUYERS.get(0);
      transferIcp(ic, b, new Account(swap.principal(), Optional.of(SnsSwap.buyerSubaccount(b))), 50 * E8);
      call(ic, b, swap, "refresh_buyer_tokens", new SnsApi.RefreshBuyerTokensRequest(Optional.empty(), b.toText()),
          SnsApi.RefreshBuyerTokensResponse.class);
      ic.advanceTime(Duration.ofSeconds(d.swapDue() - ic.timeNanos() / 1_000_000_000L + 1));
      assertThatThrownBy(() -> call(ic, b, swap, "refresh_buyer_tokens", new SnsApi.RefreshBuyerTokensRequest(Optional.empty(), ""),
          SnsApi.RefreshBuyerTokensResponse.class)).hasMessageContaining("SWAP_NOT_OPEN");
      SnsApi.FinalizeSwapResponse fin = call(ic, ALICE, swap, "finalize_swap", new Empty(), SnsApi.FinalizeSwapResponse.class);
      assertThat(fin.errorMessage()).isEmpty();
      assertThat(call(ic, ALICE, swap, "get_lifecycle", new Empty(), SnsApi.GetLifecycleResponse.class).lifecycle()).contains(4);
      // 100 ICP less two fees (to the swap, and back).
      assertThat(balance(ic, NnsCanisterIds.LEDGER, Account.of(b))).isEqualTo(100 * E8 - 2 * LedgerConfig.DEFAULT_TRANSFER_FEE);
      assertThat(controllers(ic, d.counter())).containsExactly(DEV);
      assertThatThrownBy(() -> call(ic, ALICE, swap, "finalize_swap", new Empty(), SnsApi.FinalizeSwapResponse.class))
          .hasMessageContaining("SWAP_NOT_FINALIZABLE");
    }
  }

  @Test
  void createSwapUpgrade_throughTheReplica_communityUpgradesTheCounterAndTheNnsNoLongerControlsIt() {
    try (Replica ic = replica()) {
      Deployed d = deploy(ic);
      CanisterId counter = d.counter();
      SnsWasmCanister.DeployedSns sns = d.sns();
      long swapDue = d.swapDue();
      CanisterId gov = new CanisterId(sns.governance());
      CanisterId swap = new CanisterId(sns.swap());
      CanisterId ledger = new CanisterId(sns.ledger());

      // The swap: each buyer sends ICP to its subaccount of the swap and asks it to count it.
      for (Principal b : BUYERS) {
        transferIcp(ic, b, new Account(swap.principal(), Optional.of(SnsSwap.buyerSubaccount(b))), 50 * E8);
        SnsApi.RefreshBuyerTokensResponse r = call(ic, b, swap, "refresh_buyer_tokens",
            new SnsApi.RefreshBuyerTokensRequest(Optional.empty(), b.toText()), SnsApi.RefreshBuyerTokensResponse.class);
        assertThat(r.icpAcceptedParticipationE8s()).isEqualTo(50 * E8);
      }
      transferIcp(ic, SMALL, new Account(swap.principal(), Optional.of(SnsSwap.buyerSubaccount(SMALL))), 5 * E8);
      assertThatThrownBy(() -> call(ic, SMALL, swap, "refresh_buyer_tokens",
          new SnsApi.RefreshBuyerTokensRequest(Optional.empty(), ""), SnsApi.RefreshBuyerTokensResponse.class))
          .hasMessageContaining("PARTICIPATION_TOO_SMALL");
      assertThatThrownBy(() -> call(ic, ALICE, swap, "finalize_swap", new Empty(), SnsApi.FinalizeSwapResponse.class))
          .hasMessageContaining("SWAP_NOT_FINALIZABLE");
      assertThat(call(ic, ALICE, swap, "get_buyers_total", new Empty(), SnsApi.GetBuyersTotalResponse.class).buyersTotal())
          .isEqualTo(150 * E8);

      ic.advanceTime(Duration.ofSeconds(swapDue - ic.timeNanos() / 1_000_000_000L + 1));
      SnsApi.FinalizeSwapResponse fin = call(ic, ALICE, swap, "finalize_swap", new Empty(), SnsApi.FinalizeSwapResponse.class);
      assertThat(fin.errorMessage()).isEmpty();
      assertThat(call(ic, ALICE, swap, "get_lifecycle", new Empty(), SnsApi.GetLifecycleResponse.class).lifecycle()).contains(3);
      // The ICP went to the treasury (governance's ICP account), less a fee per buyer.
      assertThat(balance(ic, NnsCanisterIds.LEDGER, Account.of(gov.principal()))).isEqualTo(3 * (50 * E8 - LedgerConfig.DEFAULT_TRANSFER_FEE));
      List<SnsApi.Neuron> neurons = NnsCandid.MAPPER.decode(ic.query(gov, "list_neuron_data", CandidEncoder.empty()),
          new TypeRef<List<SnsApi.Neuron>>() {});
      assertThat(neurons).hasSize(3).allSatisfy(n -> {
        assertThat(n.stakeE8s()).isEqualTo(1_000_000 * E8 / 3 - 10_000);
        assertThat(n.dissolveDelaySeconds()).isEqualTo(365 * DAY);
      });
      // The same neurons in the published shape (governance.did's list_neurons), one per buyer.
      for (Principal b : BUYERS) {
        SnsApi.ListNeuronsResponse mine = NnsCandid.MAPPER.decode(ic.query(gov, "list_neurons", NnsCandid.MAPPER.encode(
            new SnsApi.ListNeurons(Optional.of(b), 10, Optional.empty()))), SnsApi.ListNeuronsResponse.class);
        assertThat(mine.neurons()).singleElement().satisfies(n -> {
          assertThat(n.cachedNeuronStakeE8s()).isEqualTo(1_000_000 * E8 / 3 - 10_000);
          assertThat(n.permissions().get(0).principal()).contains(b);
        });
      }
      for (Principal b : BUYERS) {
        Bytes sub = SnsGovernance.neuronSubaccount(b, SnsSwapCanister.SWAP_NEURON_MEMO);
        assertThat(balance(ic, ledger, new Account(gov.principal(), Optional.of(sub)))).isEqualTo(1_000_000 * E8 / 3 - 10_000);
      }

      // The swap's state in swap.did's shape: committed, a neuron recipe per buyer.
      SnsApi.GetStateResponse st = call(ic, ALICE, swap, "get_state", new Empty(), SnsApi.GetStateResponse.class);
      assertThat(st.swap().orElseThrow().lifecycle()).isEqualTo(3);
      assertThat(st.swap().orElseThrow().neuronRecipes()).hasSize(3);
      assertThat(st.derived().orElseThrow().buyerTotalIcpE8s()).isEqualTo(150 * E8);

      // The community upgrades the counter (governance.did's manage_neuron): buyer 1 proposes (a third of the votes), buyer 2 adopts.
      Bytes n1 = SnsGovernance.neuronSubaccount(BUYERS.get(0), SnsSwapCanister.SWAP_NEURON_MEMO);
      Bytes n2 = SnsGovernance.neuronSubaccount(BUYERS.get(1), SnsSwapCanister.SWAP_NEURON_MEMO);
      long p = propose(ic, BUYERS.get(0), gov, n1, new SnsGovernanceApi.ProposalArg("https://example.org", "Upgrade the counter",
          Optional.of(new SnsGovernanceApi.ActionArg.UpgradeSnsControlledCanister(new SnsGovernanceApi.UpgradeSnsControlledCanister(
              Bytes.of(Harness.motoko("stable_store")), Optional.of(3), Optional.of(counter.principal()), Optional.empty()))),
          "to the stable store"));
      assertThat(proposal(ic, gov, p).decidedTimestampSeconds()).as("open").isZero();
      // A neuron that is not the caller's cannot vote.
      SnsGovernanceApi.CommandResponse stolen = command(ic, BUYERS.get(0), gov, n2, new SnsGovernanceApi.Command.RegisterVote(
          new SnsGovernanceApi.RegisterVote(1, Optional.of(new SnsGovernanceApi.ProposalId(p)))));
      assertThat(((SnsGovernanceApi.CommandResponse.Error) stolen).value().errorType()).isEqualTo(2);
      assertThat(command(ic, BUYERS.get(1), gov, n2, new SnsGovernanceApi.Command.RegisterVote(
          new SnsGovernanceApi.RegisterVote(1, Optional.of(new SnsGovernanceApi.ProposalId(p))))))
          .isInstanceOf(SnsGovernanceApi.CommandResponse.RegisterVote.class);
      SnsGovernanceApi.ProposalData after = proposal(ic, gov, p);
      assertThat(after.failureReason()).isEmpty();
      assertThat(after.executedTimestampSeconds()).as("executed").isPositive();
      assertThat(after.ballots()).hasSize(3);

      // The counter is now the stable store: it answers differently, and still only the SNS root controls it.
      assertThat(nat(ic.query(counter, "upgrades", CandidEncoder.empty()))).isEqualTo(1);
      assertThatThrownBy(() -> ic.query(counter, "get", CandidEncoder.empty())).isInstanceOf(RuntimeException.class);
      assertThat(controllers(ic, counter)).containsExactly(sns.root()).doesNotContain(NnsCanisterIds.SNS_WASM.principal(),
          NnsCanisterIds.ROOT.principal(), NnsCanisterIds.GOVERNANCE.principal(), DEV);

      // A treasury payment, voted by the same two neurons: 10 ICP from the treasury to Alice.
      long aliceBefore = balance(ic, NnsCanisterIds.LEDGER, Account.of(ALICE));
      long pay = propose(ic, BUYERS.get(0), gov, n1, new SnsGovernanceApi.ProposalArg("", "Pay Alice", Optional.of(
          new SnsGovernanceApi.ActionArg.TransferSnsTreasuryFunds(new SnsGovernanceApi.TransferSnsTreasuryFunds(1, Optional.of(ALICE),
              Optional.empty(), Optional.empty(), 10 * E8))), "for the audit"));
      command(ic, BUYERS.get(1), gov, n2, new SnsGovernanceApi.Command.RegisterVote(
          new SnsGovernanceApi.RegisterVote(1, Optional.of(new SnsGovernanceApi.ProposalId(pay)))));
      SnsGovernanceApi.ProposalData paid = proposal(ic, gov, pay);
      assertThat(paid.failureReason()).isEmpty();
      assertThat(paid.executedTimestampSeconds()).isPositive();
      assertThat(balance(ic, NnsCanisterIds.LEDGER, Account.of(ALICE))).isEqualTo(aliceBefore + 10 * E8);
      // list_proposals: newest first.
      SnsGovernanceApi.ListProposalsResponse all = NnsCandid.MAPPER.decode(ic.query(gov, "list_proposals", NnsCandid.MAPPER.encode(
          new SnsGovernanceApi.ListProposals(List.of(), Optional.empty(), 10, List.of(), List.of()))),
          SnsGovernanceApi.ListProposalsResponse.class);
      assertThat(all.proposals()).extracting(x -> x.id().orElseThrow().id()).containsExactly(pay, p);
      assertThat(all.proposals()).extracting(SnsGovernanceApi.ProposalData::action).containsExactly(9L, 3L);
    }
  }

  /** {@code record {}}. */
  public record Empty() {}

  /** SNS-W installed on the NNS subnet at its id, controlled by the NNS root (as an NNS proposal would). */
  static List<Principal> controllers(Replica ic, CanisterId id) {
    return ic.stateOf(id.principal()).canister(id).orElseThrow().system().controllers();
  }

  static long nat(byte[] reply) {
    return NnsCandid.MAPPER.decode(reply, BigInteger.class).longValueExact();
  }

  static long balance(Replica ic, CanisterId ledger, Account a) {
    return NnsCandid.MAPPER.decode(ic.query(ledger, "icrc1_balance_of", NnsCandid.MAPPER.encode(a)), BigInteger.class).longValueExact();
  }

  static void transferIcp(Replica ic, Principal from, Account to, long e8s) {
    Icrc1.TransferResult t = call(ic, from, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(to, e8s),
        Icrc1.TransferResult.class);
    assertThat(t).as("%s", t).isInstanceOf(Icrc1.TransferResult.Ok.class);
  }

  static SnsGovernanceApi.CommandResponse command(Replica ic, Principal caller, CanisterId gov, Bytes neuron,
      SnsGovernanceApi.Command c) {
    return NnsCandid.MAPPER.decode(ic.update(caller, gov, "manage_neuron", NnsCandid.MAPPER.encode(
        new SnsGovernanceApi.ManageNeuron(neuron, Optional.of(c)))), SnsGovernanceApi.ManageNeuronResponse.class).command().orElseThrow();
  }

  static long propose(Replica ic, Principal caller, CanisterId gov, Bytes neuron, SnsGovernanceApi.ProposalArg p) {
    SnsGovernanceApi.CommandResponse r = command(ic, caller, gov, neuron, new SnsGovernanceApi.Command.MakeProposal(p));
    assertThat(r).as("%s", r).isInstanceOf(SnsGovernanceApi.CommandResponse.MakeProposal.class);
    return ((SnsGovernanceApi.CommandResponse.MakeProposal) r).value().proposalId().orElseThrow().id();
  }

  static SnsGovernanceApi.ProposalData proposal(Replica ic, CanisterId gov, long id) {
    SnsGovernanceApi.GetProposalResponse r = NnsCandid.MAPPER.decode(ic.query(gov, "get_proposal", NnsCandid.MAPPER.encode(
        new SnsGovernanceApi.GetProposal(Optional.of(new SnsGovernanceApi.ProposalId(id))))), SnsGovernanceApi.GetProposalResponse.class);
    return ((SnsGovernanceApi.ProposalResult.Proposal) r.result().orElseThrow()).value();
  }

  static <T> T call(Replica ic, Principal caller, CanisterId canister, String method, Object arg, Class<T> type) {
    return NnsCandid.MAPPER.decode(ic.update(caller, canister, method, NnsCandid.MAPPER.encode(arg)), type);
  }

  private static long stake(Replica ic, long icp) {
    long memo = 7;
    transferIcp(ic, ALICE, new Account(NnsCanisterIds.GOVERNANCE.principal(), Optional.of(Governance.neuronSubaccount(ALICE, memo).bytes())),
        icp * E8);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = call(ic, ALICE, NnsCanisterIds.GOVERNANCE,
        "claim_or_refresh_neuron_from_account", new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = ((GovernanceApi.ClaimResult.NeuronId) r.result().orElseThrow()).value().id();
    call(ic, ALICE, NnsCanisterIds.GOVERNANCE, "manage_neuron", GovernanceApi.ManageNeuron.of(id, new GovernanceApi.Command.Configure(
        new GovernanceApi.Configure(Optional.of(new GovernanceApi.Operation.IncreaseDissolveDelay(
            new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS)))))),
        GovernanceApi.ManageNeuronResponse.class);
    return id;
  }

  private static void propose(Replica ic, long neuron, NnsFunction f, Object payload) {
    GovernanceApi.ProposalInfo info = NnsProposals.submitAndAwait(ic, ALICE, neuron,
        new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
            Bytes.of(NnsCandid.MAPPER.encode(payload)))), "Hand the counter to its community", () -> { });
    assertThat(info.status()).as("proposal executed: %s", info).isEqualTo(NnsProposals.STATUS_EXECUTED);
  }

}
