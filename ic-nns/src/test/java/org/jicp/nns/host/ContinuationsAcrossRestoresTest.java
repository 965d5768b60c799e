package org.jicp.nns.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;
import org.junit.jupiter.api.Test;

/**
 * Every step of every NNS canister that waits for a call, run twice from the same genesis: once on
 * the same instances throughout, once with every NNS canister saved ({@code saveState}) and
 * re-created by its factory from the saved bytes whenever a call is outstanding (between the call
 * and its response, as a node restarting from a checkpoint does). Both runs must give the same
 * answers and the same saved states: the continuations, governance's neuron commands in progress
 * and locks, proposals being executed and the cycles minting canister's notifications in progress
 * are all data in the saved state. The calls run synchronously through a small host here (the
 * round-level tests are {@link NnsRestartMidCallTest} and {@code NnsNetworkRestartMidCallTest});
 * the management canister's {@code deposit_cycles} and {@code create_canister} are answered by
 * the host, {@code setup_initial_dkg} is rejected, and a call to any other canister is rejected.
 */
class ContinuationsAcrossRestoresTest {
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;
  static final long E8 = NnsRounds.E8;
  static final Principal ALICE = NnsRounds.ALICE;
  static final SubnetId SUBNET = NnsRounds.NNS;
  static final Map<CanisterId, NnsCanisterFactory> FACTORIES = new LinkedHashMap<>();

  static {
    for (NnsCanisterFactory f : NnsCanisterFactory.all()) {
      FACTORIES.put(f.canisterId(), f);
    }
  }

  /** Runs calls on the four NNS canisters, restoring all of them at every await if asked. */
  static final class Host {
    final boolean restoreAtAwaits;
    final Map<CanisterId, SystemCanisterAdapter> canisters = new LinkedHashMap<>();
    long nowNanos = NnsRounds.T0;
    int restores;
    int created;

    Host(boolean restoreAtAwaits) {
      this.restoreAtAwaits = restoreAtAwaits;
      NnsSubnet.Canisters init = NnsRounds.canisters();
      canisters.put(NnsCanisterIds.REGISTRY, FACTORIES.get(NnsCanisterIds.REGISTRY).create(NnsCanisterIds.REGISTRY, Optional.empty(), init.registry()));
      canisters.put(NnsCanisterIds.GOVERNANCE, FACTORIES.get(NnsCanisterIds.GOVERNANCE).create(NnsCanisterIds.GOVERNANCE, Optional.empty(), init.governance()));
      canisters.put(NnsCanisterIds.LEDGER, FACTORIES.get(NnsCanisterIds.LEDGER).create(NnsCanisterIds.LEDGER, Optional.empty(), init.ledger()));
      canisters.put(NnsCanisterIds.CYCLES_MINTING, FACTORIES.get(NnsCanisterIds.CYCLES_MINTING).create(NnsCanisterIds.CYCLES_MINTING,
          Optional.empty(), init.cyclesMinting()));
    }

    NativeContext ctx(CanisterId self, Principal caller) {
      nowNanos += 1_000_000_000L;
      return new NativeContext(self, SUBNET, caller, nowNanos, Cycles.ZERO, Optional.empty());
    }

    /** Runs one step of {@code self} atomically; a trap is a reject. */
    NativeOutcome run(CanisterId self, Function<SystemCanisterAdapter, NativeOutcome> step) {
      SystemCanisterAdapter a = canisters.get(self);
      try {
        return a.atomic(() -> step.apply(a));
      } catch (RuntimeException e) {
        return NativeOutcome.reject("trapped: " + e.getMessage());
      }
    }

    /** Saves every canister and re-creates it from the saved bytes (which must round-trip exactly). */
    void restoreAll() {
      if (!restoreAtAwaits) {
        return;
      }
      for (Map.Entry<CanisterId, SystemCanisterAdapter> e : canisters.entrySet()) {
        Bytes saved = e.getValue().saveState();
        SystemCanisterAdapter again = FACTORIES.get(e.getKey()).create(e.getKey(), Optional.of(saved), Bytes.EMPTY);
        assertThat(again.saveState()).as("%s saved again", e.getKey()).isEqualTo(saved);
        assertThat(again.outstandingContinuations()).isEqualTo(e.getValue().outstandingContinuations());
        e.setValue(again);
      }
      restores++;
    }

    /** Follows {@code o} of {@code self} through its calls to its final reply or reject. */
    NativeOutcome settle(CanisterId self, NativeOutcome o) {
      while (o instanceof NativeOutcome.Calls c) {
        NativeOutcome last = NativeOutcome.done();
        for (NativeOutcome.Call call : c.calls()) {
          ResponsePayload response = invoke(self, call);
          restoreAll();
          NativeOutcome next = run(self, a -> a.resume(ctx(self, self.principal()), call.continuationId(), response));
          last = c.calls().size() == 1 ? next : settle(self, next);
        }
        o = last;
      }
      return o;
    }

    ResponsePayload invoke(CanisterId caller, NativeOutcome.Call call) {
      CanisterId target = new CanisterId(call.callee());
      if (canisters.containsKey(target)) {
        NativeOutcome o = settle(target, run(target, a -> a.handle(ctx(target, caller.principal()), call.method(), call.arg())));
        return payload(o);
      }
      if (call.callee().equals(Principal.managementCanister()) || call.callee().equals(SUBNET.principal())) {
        return switch (call.method()) {
          case "deposit_cycles" -> new ResponsePayload.Reply(Bytes.of(CandidEncoder.empty()));
          case "create_canister" -> new ResponsePayload.Reply(Bytes.of(CANDID.encode(
              new ManagementCalls.CanisterIdRecord(Principal.canisterIdFromIndex(1_000 + created++)))));
          default -> ResponsePayload.Reject.byCanister(call.method() + " is not served here");
        };
      }
      return ResponsePayload.Reject.byCanister("no canister " + call.callee());
    }

    static ResponsePayload payload(NativeOutcome o) {
      if (o instanceof NativeOutcome.Reply r) {
        return new ResponsePayload.Reply(r.bytes());
      }
      if (o instanceof NativeOutcome.Reject r) {
        return ResponsePayload.Reject.byCanister(r.message());
      }
      throw new AssertionError("not an answer: " + o);
    }

    /** An update call from a user, to its answer: the reply bytes, or "reject: message". */
    String update(Principal caller, CanisterId target, String method, Object arg) {
      Bytes a = Bytes.of(arg instanceof byte[] b ? b : CANDID.encode(arg));
      NativeOutcome o = settle(target, run(target, x -> x.handle(ctx(target, caller), method, a)));
      return o instanceof NativeOutcome.Reply r ? r.bytes().toHex() : "reject: " + ((NativeOutcome.Reject) o).message();
    }

    /** Governance's heartbeat with all the calls it starts. */
    void heartbeat() {
      CanisterId gov = NnsCanisterIds.GOVERNANCE;
      settle(gov, run(gov, a -> a.heartbeat(ctx(gov, gov.principal())).orElseThrow()));
    }

    <T> T reply(String answer, Class<T> type) {
      assertThat(answer).doesNotStartWith("reject");
      return CANDID.decode(Bytes.fromHex(answer).toByteArray(), type);
    }

    Governance governance() {
      return ((GovernanceCanister) canisters.get(NnsCanisterIds.GOVERNANCE).canister()).governance();
    }

    CyclesMinting cmc() {
      return ((CmcCanister) canisters.get(NnsCanisterIds.CYCLES_MINTING).canister()).cyclesMinting();
    }

    List<Bytes> states() {
      List<Bytes> out = new ArrayList<>();
      canisters.values().forEach(a -> out.add(a.saveState()));
      return out;
    }
  }

  static String manage(Host h, long neuron, GovernanceApi.Command c) {
    return h.update(ALICE, NnsCanisterIds.GOVERNANCE, "manage_neuron", GovernanceApi.ManageNeuron.of(neuron, c));
  }

  static GovernanceApi.Command proposal(String title, GovernanceApi.Action action) {
    return new GovernanceApi.Command.MakeProposal(new GovernanceApi.Proposal("https://example.org", Optional.of(title),
        Optional.of(action), ""));
  }

  static GovernanceApi.Action nnsFunction(NnsFunction f, Object payload) {
    return new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(), Bytes.of(CANDID.encode(payload))));
  }

  static long payCmc(Host h, Subaccount sub, long e8s, long memo) {
    String r = h.update(ALICE, NnsCanisterIds.LEDGER, "transfer", new LegacyLedger.TransferArgs(memo, new LegacyLedger.Tokens(e8s),
        new LegacyLedger.Tokens(10_000), Optional.empty(), h.cmc().accountOf(sub).bytes(), Optional.empty()));
    return ((LegacyLedger.TransferResult.Ok) h.reply(r, LegacyLedger.TransferResult.class)).value();
  }

  /** The scenario; returns every answer in order. */
  static List<String> scenario(Host h) {
    List<String> answers = new ArrayList<>();
    // Neurons: staked, claimed (governance → ledger account_balance), refreshed, configured.
    for (long memo = 1; memo <= 2; memo++) {
      Account neuron = new Account(NnsCanisterIds.GOVERNANCE.principal(), Optional.of(Governance.neuronSubaccount(ALICE, memo).bytes()));
      answers.add(h.update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(neuron, (memo == 1 ? 100 : 20) * E8)));
    }
    answers.add(h.update(ALICE, NnsCanisterIds.GOVERNANCE, "claim_or_refresh_neuron_from_account",
        new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), 1)));
    answers.add(manage(h, 0, new GovernanceApi.Command.ClaimOrRefresh(new GovernanceApi.ClaimOrRefresh(
        Optional.of(new GovernanceApi.By.Memo(2))))));
    List<Long> ids = h.governance().neuronIdsOf(ALICE);
    assertThat(ids).hasSize(2);
    long n1 = ids.get(0);
    long n2 = ids.get(1);
    answers.add(manage(h, n1, new GovernanceApi.Command.ClaimOrRefresh(new GovernanceApi.ClaimOrRefresh(
        Optional.of(new GovernanceApi.By.NeuronIdOrSubaccount(new GovernanceApi.Empty()))))));
    for (long n : ids) {
      answers.add(manage(h, n, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(Optional.of(
          new GovernanceApi.Operation.IncreaseDissolveDelay(new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS)))))));
    }
    // Neuron commands: one or more ledger transfers each, the neurons locked meanwhile.
    answers.add(manage(h, n1, new GovernanceApi.Command.Split(new GovernanceApi.Split(5 * E8))));
    answers.add(manage(h, n1, new GovernanceApi.Command.Merge(new GovernanceApi.Merge(Optional.of(new GovernanceApi.NeuronId(n2))))));
    // Proposals executed from the heartbeat: calls to the registry, the CMC, the registry then the
    // CMC then the ledger, and the ledger (a mint to a node provider).
    answers.add(manage(h, n1, proposal("Data centers", nnsFunction(NnsFunction.ADD_OR_REMOVE_DATA_CENTERS,
        new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(List.of(
            new RegistryPayloads.DataCenterRecord("zh1", "Europe,CH,Zurich", "owner", Optional.empty())), List.of())))));
    h.heartbeat();
    answers.add(manage(h, n1, proposal("Subnets", nnsFunction(NnsFunction.SET_AUTHORIZED_SUBNETWORKS,
        new CmcApi.SetAuthorizedSubnetworkListArgs(Optional.of(ALICE), List.of(SUBNET.principal()))))));
    answers.add(manage(h, n1, proposal("Registry rewards", new GovernanceApi.Action.RewardNodeProviders(
        new GovernanceApi.RewardNodeProviders(Optional.of(true), List.of())))));
    GovernanceApi.NodeProvider np = new GovernanceApi.NodeProvider(Optional.of(ALICE), Optional.of(new GovernanceApi.AccountIdentifier(AccountIdentifier.of(ALICE).bytes())));
    answers.add(manage(h, n1, proposal("Add a node provider", new GovernanceApi.Action.AddOrRemoveNodeProvider(
        new GovernanceApi.AddOrRemoveNodeProvider(Optional.of(new GovernanceApi.Change.ToAdd(np)))))));
    answers.add(manage(h, n1, proposal("A reward", new GovernanceApi.Action.RewardNodeProvider(new GovernanceApi.RewardNodeProvider(
        Optional.of(np), Optional.of(new GovernanceApi.RewardMode.RewardToAccount(new GovernanceApi.RewardToAccount(
            Optional.of(new GovernanceApi.AccountIdentifier(AccountIdentifier.of(ALICE).bytes()))))), 3 * E8)))));
    h.heartbeat();
    // Voting rewards: the heartbeat asks the ledger for the total supply once a day has passed.
    h.nowNanos += 2 * GovernanceConstants.ONE_DAY_SECONDS * 1_000_000_000L;
    h.heartbeat();
    for (long p : List.of(1L, 2L, 3L, 4L, 5L)) {
      answers.add(p + ": " + h.governance().proposal(p).status());
    }
    // The cycles minting canister: a top-up, a mint to the (absent) cycles ledger, refunded, and a
    // canister creation; each reads its block, deposits or creates, then burns or refunds.
    long topUp = payCmc(h, CyclesMinting.topUpSubaccount(NnsRounds.PROXY.principal()), 3 * E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    long mint = payCmc(h, Subaccount.ofPrincipal(ALICE), 2 * E8, CyclesMinting.MEMO_MINT_CYCLES);
    long create = payCmc(h, Subaccount.ofPrincipal(ALICE), 2 * E8, CyclesMinting.MEMO_CREATE_CANISTER);
    answers.add(h.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_top_up", new CmcApi.NotifyTopUpArg(topUp, NnsRounds.PROXY.principal())));
    answers.add(h.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_mint_cycles",
        new CmcApi.NotifyMintCyclesArg(mint, Optional.empty(), Optional.empty())));
    answers.add(h.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(create, ALICE, Optional.empty())));
    return answers;
  }

  @Test
  void everyAwaitingStep_ofEveryNnsCanister_continuesTheSameAfterASaveAndRestore() {
    Host same = new Host(false);
    List<String> expected = scenario(same);
    Host restored = new Host(true);
    List<String> actual = scenario(restored);
    System.out.println("ContinuationsAcrossRestoresTest: " + actual.size() + " answers, all four canisters restored "
        + restored.restores + " times");
    assertThat(actual).isEqualTo(expected);
    assertThat(restored.states()).isEqualTo(same.states());
    assertThat(restored.restores).as("calls outstanding").isGreaterThanOrEqualTo(20);
    // The scenario did what it says (so that the comparison covers the steps).
    assertThat(expected).noneMatch(a -> a.startsWith("reject"));
    assertThat(expected.subList(expected.size() - 8, expected.size() - 3))
        .containsExactly("1: EXECUTED", "2: EXECUTED", "3: EXECUTED", "4: EXECUTED", "5: EXECUTED");
    assertThat(same.governance().neuronIdsOf(ALICE)).hasSize(3);
    assertThat(same.governance().latestRewardEvent().dayAfterGenesis()).isPositive();
    assertThat(same.created).isEqualTo(1);
  }
}
