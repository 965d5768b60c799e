package org.jicp.replica;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;

/**
 * Proposals to the NNS governance canister of a running {@link Replica}: make one with a neuron,
 * then run rounds until governance has decided it. This is what a test or an embedding program
 * does to change the topology (create or split a subnet, migrate canisters, deploy an SNS) the way
 * the IC does it, by proposal. With the replica's genesis neurons (or any neuron holding a
 * majority of the voting power) a proposal is adopted when it is made and executed in the next
 * NNS rounds.
 *
 * <p>Everything goes through the canisters' public Candid interfaces ({@code manage_neuron},
 * {@code get_proposal_info}), as an agent would call them.
 */
public final class NnsProposals {
  /** The rounds {@link #submitAndAwait} runs at most before giving up. */
  public static final int MAX_ROUNDS = 50;

  /** Proposal status {@code executed} in governance's {@code ProposalInfo.status}. */
  public static final int STATUS_EXECUTED = 4;

  private NnsProposals() {}

  /**
   * Makes a proposal executing {@code f} with {@code payload} (Candid-encoded as {@code
   * payloadType}) and runs rounds until it is decided; see {@link #submitAndAwait}.
   */
  public static <P> GovernanceApi.ProposalInfo executeNnsFunction(Replica ic, Principal controller,
      long neuron, NnsFunction f, Class<P> payloadType, P payload) {
    Objects.requireNonNull(f, "f");
    GovernanceApi.Action action = new GovernanceApi.Action.ExecuteNnsFunction(
        new GovernanceApi.ExecuteNnsFunction(f.number(),
            Bytes.of(NnsCandid.MAPPER.encodeAs(payloadType, payload))));
    return submitAndAwait(ic, controller, neuron, action, f.name(), () -> { });
  }

  /**
   * Makes a proposal with {@code action} from {@code neuron} (controlled by {@code controller}),
   * then runs rounds, calling {@code beforeRound} before each, until governance has executed it or
   * recorded its failure or rejection, and runs one more round so that a registry change the
   * proposal made reaches the replica's topology.
   *
   * @return the decided proposal's info: check {@code failureReason()} and {@code status()}
   * @throws ReplicaException if governance refuses the proposal (the reason included) or has not
   *     decided it after {@link #MAX_ROUNDS} rounds
   */
  public static GovernanceApi.ProposalInfo submitAndAwait(Replica ic, Principal controller,
      long neuron, GovernanceApi.Action action, String title, Runnable beforeRound) {
    Objects.requireNonNull(ic, "ic");
    Objects.requireNonNull(beforeRound, "beforeRound");
    GovernanceApi.Proposal p = new GovernanceApi.Proposal("https://example.org/jicp",
        Optional.of(title), Optional.of(action), "Made through org.jicp.replica.NnsProposals.");
    GovernanceApi.CommandResponse r = NnsCandid.MAPPER.decode(ic.update(controller,
        NnsCanisterIds.GOVERNANCE, "manage_neuron", NnsCandid.MAPPER.encode(
            GovernanceApi.ManageNeuron.of(neuron, new GovernanceApi.Command.MakeProposal(p)))),
        GovernanceApi.ManageNeuronResponse.class).command()
        .orElseThrow(() -> new ReplicaException("manage_neuron returned no command response"));
    if (!(r instanceof GovernanceApi.CommandResponse.MakeProposal made)
        || made.value().proposalId().isEmpty()) {
      throw new ReplicaException("proposal '" + title + "' refused by governance: " + r);
    }
    long id = made.value().proposalId().get().id();
    for (int i = 0; i < MAX_ROUNDS; i++) {
      beforeRound.run();
      ic.tick();
      GovernanceApi.ProposalInfo info = info(ic, id)
          .orElseThrow(() -> new ReplicaException("proposal " + id + " disappeared"));
      if (decided(info)) {
        beforeRound.run();
        ic.tick(); // the registry's new version reaches the topology after the NNS round
        return info;
      }
    }
    throw new ReplicaException("proposal " + id + " ('" + title + "') not decided after "
        + MAX_ROUNDS + " rounds");
  }

  /** Governance's {@code get_proposal_info} for proposal {@code id}, empty if it has none. */
  public static Optional<GovernanceApi.ProposalInfo> info(Replica ic, long id) {
    return NnsCandid.MAPPER.decode(ic.query(NnsCanisterIds.GOVERNANCE, "get_proposal_info",
        CandidEncoder.encode(List.of(new CandidValue.Nat64(id)))),
        new TypeRef<Optional<GovernanceApi.ProposalInfo>>() {});
  }

  /** Whether governance has executed the proposal, or it failed or was rejected. */
  static boolean decided(GovernanceApi.ProposalInfo info) {
    return info.executedTimestampSeconds() > 0 || info.failureReason().isPresent()
        || info.failedTimestampSeconds() > 0 || info.status() == 2 || info.status() == 5;
  }
}
