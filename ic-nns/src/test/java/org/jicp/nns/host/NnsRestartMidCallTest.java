package org.jicp.nns.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.state.checkpoint.StateDigest;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.wasm.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of the NNS subnet restarts from a checkpoint while an NNS canister waits for the response
 * to one of its calls (a callback in the state, a continuation saved with the canister), and
 * continues exactly as a node that took the same checkpoint without restarting: the same state
 * hash after every later round, the same answers, the same NNS canister states. Each scenario is
 * recorded once; then, for every round after which a callback is pending, it is replayed twice
 * from genesis (checkpoint only; checkpoint, reload from the checkpoint directory and restart on a
 * new executor with new canister instances).
 */
class NnsRestartMidCallTest {
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;
  static final long E8 = NnsRounds.E8;
  static final Principal ALICE = NnsRounds.ALICE;
  static final List<CanisterId> NNS = List.of(NnsCanisterIds.REGISTRY, NnsCanisterIds.GOVERNANCE, NnsCanisterIds.LEDGER,
      NnsCanisterIds.CYCLES_MINTING);
  /** At most this many restart points per scenario (spread over the pending rounds) bound the run time. */
  static final int MAX_RESTART_POINTS = 16;

  @TempDir
  Path dir;

  /** A recorded scenario: the inputs of every round after genesis and what the reference run saw. */
  record Recording(List<RoundInputs> rounds, List<Integer> pendingAfter, List<CanisterMessage.Ingress> messages,
      List<IngressStatus> answers) {}

  /** A phase: the ingress messages submitted in one round, built from the reference state so far. */
  interface Phase extends Function<NnsRounds, List<CanisterMessage.Ingress>> {}

  static boolean callbacksPending(ReplicatedState s) {
    for (CanisterId id : NNS) {
      Optional<CanisterState> cs = s.canister(id);
      if (cs.isPresent() && !cs.get().system().callContexts().callbacks().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  static boolean idle(ReplicatedState s) {
    if (!s.subnetQueues().input().isEmpty()) {
      return false;
    }
    for (CanisterState cs : s.canisters().values()) {
      if (!cs.system().queues().input().isEmpty() || !cs.system().queues().output().isEmpty()
          || !cs.system().callContexts().callContexts().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Runs the phases on a fresh NNS subnet, each until the subnet is idle for two rounds. */
  static Recording record(List<Phase> phases) {
    try (NnsRounds r = NnsRounds.genesis(Engine.COMPILER)) {
      List<RoundInputs> rounds = new ArrayList<>();
      List<Integer> pending = new ArrayList<>();
      List<CanisterMessage.Ingress> messages = new ArrayList<>();
      for (Phase p : phases) {
        List<CanisterMessage.Ingress> in = p.apply(r);
        messages.addAll(in);
        int quiet = 0;
        for (int i = 0; quiet < 2; i++) {
          assertThat(i).as("the phase settles").isLessThan(200);
          RoundInputs ri = r.inputs(i == 0 ? in : List.of(), false);
          rounds.add(ri);
          r.run(ri);
          if (callbacksPending(r.state)) {
            pending.add(rounds.size() - 1);
          }
          quiet = idle(r.state) ? quiet + 1 : 0;
        }
      }
      List<IngressStatus> answers = new ArrayList<>();
      messages.forEach(m -> answers.add(r.status(m)));
      return new Recording(rounds, pending, messages, answers);
    }
  }

  /** The state digests after every round, the NNS canisters' states and the answers of a replay. */
  record Replay(List<Bytes> digests, List<Bytes> canisterStates, List<IngressStatus> answers) {}

  /** Replays from genesis with a checkpoint after round {@code k}; {@code restart}: reload from it on a new executor. */
  Replay replay(Recording rec, int k, boolean restart) {
    NnsRounds r = NnsRounds.genesis(Engine.COMPILER);
    try {
      List<Bytes> digests = new ArrayList<>();
      for (int i = 0; i < rec.rounds().size(); i++) {
        RoundInputs in = rec.rounds().get(i);
        boolean checkpoint = i == k || i == rec.rounds().size() - 1;
        r.run(new RoundInputs(in.height(), in.timeNanos(), in.randomness(), in.registryVersion(), in.routingTable(),
            in.topology(), in.ingress(), in.streamSlices(), checkpoint));
        digests.add(StateDigest.of(r.state));
        if (i == k && restart) {
          assertThat(callbacksPending(r.state)).as("a call is outstanding at the restart").isTrue();
          StateManager sm = StateManager.open(dir.resolve("k" + k));
          sm.checkpoint(r.state);
          ReplicatedState loaded = sm.loadLatest().orElseThrow().state();
          assertThat(StateDigest.of(loaded)).isEqualTo(digests.get(i));
          r.close();
          r = NnsRounds.restart(loaded, Engine.INTERPRETER);
        }
      }
      List<IngressStatus> answers = new ArrayList<>();
      for (CanisterMessage.Ingress m : rec.messages()) {
        answers.add(r.status(m));
      }
      return new Replay(digests, r.canisterStates(), answers);
    } finally {
      r.close();
    }
  }

  /** Records the phases, restarts at (up to {@link #MAX_RESTART_POINTS} of) the rounds with a pending callback; returns how many. */
  int restartEverywhere(String name, List<Phase> phases) {
    Recording rec = record(phases);
    assertThat(rec.pendingAfter()).as("%s: rounds with an outstanding call", name).isNotEmpty();
    List<Integer> points = new ArrayList<>();
    int n = rec.pendingAfter().size();
    int step = Math.max(1, (n + MAX_RESTART_POINTS - 1) / MAX_RESTART_POINTS);
    for (int i = 0; i < n; i += step) {
      points.add(rec.pendingAfter().get(i));
    }
    for (int k : points) {
      Replay stay = replay(rec, k, false);
      Replay restarted = replay(rec, k, true);
      assertThat(restarted.digests()).as("%s: state hashes after a restart at round %d", name, k).isEqualTo(stay.digests());
      assertThat(restarted.canisterStates()).as("%s: NNS canister states", name).isEqualTo(stay.canisterStates());
      assertThat(restarted.answers()).as("%s: answers", name).isEqualTo(stay.answers());
      assertThat(stay.answers()).as("%s: answers as without any checkpoint", name).isEqualTo(rec.answers());
    }
    System.out.println("NnsRestartMidCallTest " + name + ": " + rec.rounds().size() + " rounds, "
        + n + " with a call outstanding, restarted at " + points.size() + " of them");
    return points.size();
  }

  // ------------------------------------------------------------------ helpers building ingress

  static CanisterMessage.Ingress stake(NnsRounds r, Principal who, long memo, long icp) {
    Account neuron = new Account(NnsCanisterIds.GOVERNANCE.principal(), Optional.of(Governance.neuronSubaccount(who, memo).bytes()));
    return r.call(who, NnsCanisterIds.LEDGER, "icrc1_transfer", CANDID.encode(Icrc1.TransferArg.of(neuron, icp * E8)));
  }

  static CanisterMessage.Ingress claim(NnsRounds r, Principal who, long memo) {
    return r.call(who, NnsCanisterIds.GOVERNANCE, "claim_or_refresh_neuron_from_account",
        CANDID.encode(new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo)));
  }

  static CanisterMessage.Ingress manage(NnsRounds r, Principal who, long neuron, GovernanceApi.Command c) {
    return r.call(who, NnsCanisterIds.GOVERNANCE, "manage_neuron", CANDID.encode(GovernanceApi.ManageNeuron.of(neuron, c)));
  }

  static GovernanceApi.Command longDissolveDelay() {
    return new GovernanceApi.Command.Configure(new GovernanceApi.Configure(Optional.of(
        new GovernanceApi.Operation.IncreaseDissolveDelay(new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS)))));
  }

  static GovernanceApi.Command proposal(NnsFunction f, Object payload) {
    return new GovernanceApi.Command.MakeProposal(new GovernanceApi.Proposal("https://example.org", Optional.of("Proposal " + f),
        Optional.of(new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
            Bytes.of(CANDID.encode(payload))))), ""));
  }

  /** The neuron ALICE claimed with memo 1 (phases after the claim). */
  static long aliceNeuron(NnsRounds r) {
    GovernanceCanisterView g = new GovernanceCanisterView(r);
    return g.neuronIds(ALICE).get(0);
  }

  /** Reads governance's live instance. */
  record GovernanceCanisterView(NnsRounds r) {
    List<Long> neuronIds(Principal p) {
      return ((org.jicp.nns.governance.GovernanceCanister) r.nns.canister(NnsCanisterIds.GOVERNANCE).orElseThrow())
          .governance().neuronIdsOf(p);
    }
  }

  static List<Phase> neuronSetup() {
    return List.of(
        r -> List.of(stake(r, ALICE, 1, 100), stake(r, ALICE, 2, 20)),
        r -> List.of(claim(r, ALICE, 1), claim(r, ALICE, 2)),
        r -> {
          List<Long> ids = new GovernanceCanisterView(r).neuronIds(ALICE);
          assertThat(ids).hasSize(2);
          return List.of(manage(r, ALICE, ids.get(0), longDissolveDelay()), manage(r, ALICE, ids.get(1), longDissolveDelay()));
        });
  }

  // ------------------------------------------------------------------ scenarios

  @Test
  void governanceExecutingProposals_thatCallTheRegistryAndTheCmc_restartedMidCall_continueIdentically() {
    List<Phase> phases = new ArrayList<>(neuronSetup());
    phases.add(r -> List.of(manage(r, ALICE, aliceNeuron(r), proposal(NnsFunction.ADD_OR_REMOVE_DATA_CENTERS,
        new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(List.of(
            new RegistryPayloads.DataCenterRecord("zh1", "Europe,CH,Zurich", "owner", Optional.empty())), List.of())))));
    phases.add(r -> List.of(manage(r, ALICE, aliceNeuron(r), proposal(NnsFunction.SET_AUTHORIZED_SUBNETWORKS,
        new CmcApi.SetAuthorizedSubnetworkListArgs(Optional.of(ALICE), List.of(NnsRounds.NNS.principal()))))));
    phases.add(r -> List.of(manage(r, ALICE, aliceNeuron(r), new GovernanceApi.Command.MakeProposal(new GovernanceApi.Proposal(
        "https://example.org", Optional.of("Registry-derived rewards"), Optional.of(new GovernanceApi.Action.RewardNodeProviders(
            new GovernanceApi.RewardNodeProviders(Optional.of(true), List.of()))), "")))));
    assertThat(restartEverywhere("proposals to the registry and the CMC", phases)).isPositive();
  }

}
