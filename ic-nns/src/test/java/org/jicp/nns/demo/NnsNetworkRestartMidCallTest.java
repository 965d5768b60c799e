package org.jicp.nns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.host.NnsHost;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.state.checkpoint.StateDigest;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NNS subnet restarts from a checkpoint while the cycles minting canister waits for another
 * subnet ({@code create_canister} on an application subnet, then {@code deposit_cycles} to the
 * canister made there): the waiting calls continue, with the same answers, the same state hashes
 * of every subnet after every round and the same NNS canister states as on a host that took the
 * same checkpoint without restarting. Every round after which the cycles minting canister has a
 * callback outstanding is a checkpoint (on every host) and a restart point (on one host per point).
 */
class NnsNetworkRestartMidCallTest {
  static final long E8 = NnsNetwork.E8S;
  static final Principal ALICE = Principal.selfAuthenticating(new byte[] {1});
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;

  @TempDir
  Path dir;

  static NnsNetwork network() {
    return NnsNetwork.genesis(new NnsNetwork.Spec(Bytes.fromHex("0103"),
        NnsNetwork.IC_GENESIS_SECONDS + 1000 * GovernanceConstants.ONE_DAY_SECONDS, 1, List.of(1), 0,
        Map.of(ALICE, 1_000 * E8), 50_000));
  }

  /** A run: the digests of every subnet after every round, the answers, the NNS canister states at the end. */
  record Run(List<List<Bytes>> digests, List<Bytes> answers, List<Bytes> nnsStates, List<Integer> pendingAfter) {}

  /**
   * Drives one network through the scenario; after every round with a CMC callback outstanding it
   * takes a checkpoint, and after round {@code k} it restarts the NNS subnet from it.
   */
  final class Driver {
    final NnsNetwork net = network();
    final int k;
    final List<List<Bytes>> digests = new ArrayList<>();
    final List<Integer> pending = new ArrayList<>();
    int round;

    Driver(int k) {
      this.k = k;
    }

    void afterRound() {
      if (cmcCallbacks() > 0) {
        ReplicatedState flushed = net.host().flushedState();
        if (round == k) {
          StateManager sm = StateManager.open(dir.resolve("k" + k));
          sm.checkpoint(flushed);
          ReplicatedState loaded = sm.loadLatest().orElseThrow().state();
          assertThat(StateDigest.of(loaded)).isEqualTo(StateDigest.of(flushed));
          net.host().restartNnsSubnet(loaded);
        }
      }
      List<Bytes> ds = new ArrayList<>();
      for (SubnetId s : net.host().runningSubnets()) {
        ds.add(StateDigest.of(net.host().state(s)));
      }
      digests.add(ds);
      if (cmcCallbacks() > 0) {
        pending.add(round);
      }
      round++;
    }

    int cmcCallbacks() {
      return net.host().state().canister(NnsCanisterIds.CYCLES_MINTING).orElseThrow().system().callContexts().callbacks().size();
    }

    /** Submits a call and runs rounds until it is answered and three more. */
    Response call(Principal caller, CanisterId canister, String method, Object arg) {
      NnsHost.Submitted m = net.host().submit(caller, canister, method, CANDID.encode(arg));
      afterRound();
      for (int i = 0; net.host().result(m).isEmpty(); i++) {
        assertThat(i).as("%s is answered", method).isLessThan(500);
        net.host().runRound();
        afterRound();
      }
      for (int i = 0; i < 3; i++) {
        net.host().runRound();
        afterRound();
      }
      return net.host().result(m).orElseThrow();
    }

    byte[] ok(Response r) {
      assertThat(r).isInstanceOf(Response.Reply.class);
      return ((Response.Reply) r).bytes().toByteArray();
    }

    long payCmc(Subaccount sub, long e8s, long memo) {
      LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(memo, new LegacyLedger.Tokens(e8s),
          new LegacyLedger.Tokens(10_000), Optional.empty(), net.cmc().cyclesMinting().accountOf(sub).bytes(), Optional.empty());
      return ((LegacyLedger.TransferResult.Ok) CANDID.decode(ok(call(ALICE, NnsCanisterIds.LEDGER, "transfer", arg)),
          LegacyLedger.TransferResult.class)).value();
    }

    Run run() {
      try (net) {
        List<Bytes> answers = new ArrayList<>();
        long block = payCmc(Subaccount.ofPrincipal(ALICE), 10 * E8, CyclesMinting.MEMO_CREATE_CANISTER);
        byte[] created = ok(call(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
            new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.empty())));
        answers.add(Bytes.of(created));
        Principal canister = ((CmcApi.NotifyCreateCanisterResult.Ok) CANDID.decode(created, CmcApi.NotifyCreateCanisterResult.class)).value();
        long topUp = payCmc(CyclesMinting.topUpSubaccount(canister), E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
        byte[] toppedUp = ok(call(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_top_up", new CmcApi.NotifyTopUpArg(topUp, canister)));
        answers.add(Bytes.of(toppedUp));
        assertThat(CANDID.decode(toppedUp, CmcApi.NotifyTopUpResult.class)).isInstanceOf(CmcApi.NotifyTopUpResult.Ok.class);
        List<Bytes> states = new ArrayList<>();
        for (CanisterId id : List.of(NnsCanisterIds.REGISTRY, NnsCanisterIds.GOVERNANCE, NnsCanisterIds.LEDGER,
            NnsCanisterIds.CYCLES_MINTING)) {
          states.add(net.host().canister(id).saveState());
        }
        List<Bytes> last = new ArrayList<>();
        last.add(StateDigest.of(net.host().flushedState()));
        digests.add(last);
        return new Run(digests, answers, states, pending);
      }
    }
  }

  @Test
  void cmcWaitingForAnotherSubnet_restartedFromACheckpoint_continuesIdentically() {
    Run stay = new Driver(-1).run();
    assertThat(stay.pendingAfter()).as("rounds after which the CMC waits for another subnet").isNotEmpty();
    int restarts = 0;
    for (int k : stay.pendingAfter()) {
      Run restarted = new Driver(k).run();
      assertThat(restarted.digests()).as("state hashes of every subnet, restart after round %d", k).isEqualTo(stay.digests());
      assertThat(restarted.answers()).isEqualTo(stay.answers());
      assertThat(restarted.nnsStates()).isEqualTo(stay.nnsStates());
      restarts++;
    }
    System.out.println("NnsNetworkRestartMidCallTest: " + stay.digests().size() + " rounds, restarted after "
        + restarts + " of them (" + stay.pendingAfter() + ")");
    assertThat(restarts).isEqualTo(stay.pendingAfter().size());
  }
}
