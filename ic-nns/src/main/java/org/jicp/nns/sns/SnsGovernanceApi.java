package org.jicp.nns.sns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.sns.SnsException.Code;

/**
 * SNS governance's {@code manage_neuron}, {@code get_proposal}, {@code list_proposals} and {@code
 * get_neuron} in the shapes of the published {@code governance.did} (dfinity/ic {@code
 * rs/sns/governance/canister/governance.did}; checked by {@code SnsDidTest}), and the translation
 * between them and {@link SnsApi}'s state-machine types.
 *
 * <p>Arguments: every variant case of the published interface is declared, so any published
 * message decodes; the cases jicp does not carry out have a {@code reserved} payload and are
 * answered with {@code Error} ({@code error_type} 1, unavailable). Results: the fields jicp fills,
 * every required field of the published records present.
 */
public final class SnsGovernanceApi {
  private SnsGovernanceApi() {}

  /** {@code record {}}. */
  public record Empty() {}

  /** {@code ProposalId}. */
  public record ProposalId(@CandidAs("nat64") long id) {}

  /** {@code GovernanceError}: {@code error_type} is SNS governance's {@code ErrorType} number. */
  public record GovernanceError(@CandidName("error_message") String errorMessage, @CandidName("error_type") int errorType) {
    /**
     * From a refusal: NOT_FOUND 3, UNAUTHORIZED 2, INVALID_PROPOSAL 15, INSUFFICIENT_STAKE 13
     * (insufficient funds), PROPOSAL_CLOSED 10 (precondition failed), others 4 (invalid command).
     * The message starts with jicp's code.
     */
    public static GovernanceError of(SnsException e) {
      int t = switch (e.code()) {
        case NOT_FOUND -> 3;
        case UNAUTHORIZED -> 2;
        case INVALID_PROPOSAL -> 15;
        case INSUFFICIENT_STAKE -> 13;
        case PROPOSAL_CLOSED -> 10;
        default -> 4;
      };
      return new GovernanceError(e.code().name() + ": " + e.getMessage(), t);
    }

    /** An operation jicp does not carry out ({@code ErrorType} 1, unavailable). */
    public static GovernanceError unavailable(String what) {
      return new GovernanceError("jicp's SNS governance does not support " + what, 1);
    }
  }

  /** {@code Subaccount}. */
  public record Subaccount(Bytes subaccount) {}

  // ------------------------------------------------------------------ proposals

  /** {@code Motion}. */
  public record Motion(@CandidName("motion_text") String motionText) {}

  /** {@code NervousSystemParameters}: the fields jicp has (all optional, as published). */
  public record NervousSystemParameters(
      @CandidName("neuron_minimum_stake_e8s") @CandidAs("opt nat64") Optional<Long> neuronMinimumStakeE8s,
      @CandidName("neuron_minimum_dissolve_delay_to_vote_seconds") @CandidAs("opt nat64")
          Optional<Long> neuronMinimumDissolveDelayToVoteSeconds,
      @CandidName("max_dissolve_delay_seconds") @CandidAs("opt nat64") Optional<Long> maxDissolveDelaySeconds,
      @CandidName("max_dissolve_delay_bonus_percentage") @CandidAs("opt nat64") Optional<Long> maxDissolveDelayBonusPercentage,
      @CandidName("initial_voting_period_seconds") @CandidAs("opt nat64") Optional<Long> initialVotingPeriodSeconds) {
    /** All of {@code p}. */
    public static NervousSystemParameters of(SnsApi.Params p) {
      return new NervousSystemParameters(Optional.of(p.neuronMinimumStakeE8s()), Optional.of(p.neuronMinimumDissolveDelayToVoteSeconds()),
          Optional.of(p.maxDissolveDelaySeconds()), Optional.of(p.maxDissolveDelayBonusPercent()),
          Optional.of(p.initialVotingPeriodSeconds()));
    }

    /** {@code base} with the fields given here (the quorum is not a published parameter: kept). */
    public SnsApi.Params over(SnsApi.Params base) {
      return new SnsApi.Params(neuronMinimumStakeE8s.orElse(base.neuronMinimumStakeE8s()),
          neuronMinimumDissolveDelayToVoteSeconds.orElse(base.neuronMinimumDissolveDelayToVoteSeconds()),
          maxDissolveDelaySeconds.orElse(base.maxDissolveDelaySeconds()),
          maxDissolveDelayBonusPercentage.orElse(base.maxDissolveDelayBonusPercent()),
          initialVotingPeriodSeconds.orElse(base.initialVotingPeriodSeconds()), base.quorumBasisPoints());
    }
  }

  /** {@code UpgradeSnsControlledCanister} ({@code mode}: absent or 3, upgrade — the only mode jicp's root carries out). */
  public record UpgradeSnsControlledCanister(@CandidName("new_canister_wasm") Bytes newCanisterWasm,
      @CandidAs("opt int32") Optional<Integer> mode, @CandidName("canister_id") Optional<Principal> canisterId,
      @CandidName("canister_upgrade_arg") Optional<Bytes> canisterUpgradeArg) {}

  /** {@code TransferSnsTreasuryFunds} ({@code from_treasury}: 1 ICP, 2 SNS token). */
  public record TransferSnsTreasuryFunds(@CandidName("from_treasury") int fromTreasury,
      @CandidName("to_principal") Optional<Principal> toPrincipal, @CandidName("to_subaccount") Optional<Subaccount> toSubaccount,
      @CandidAs("opt nat64") Optional<Long> memo, @CandidName("amount_e8s") @CandidAs("nat64") long amountE8s) {}

  /**
   * {@code Action} as clients send it: every published case; those with a {@code reserved} payload
   * are not carried out by jicp.
   */
  public sealed interface ActionArg {
    /** A motion. */
    record Motion(SnsGovernanceApi.Motion value) implements ActionArg {}

    /** Change parameters. */
    record ManageNervousSystemParameters(NervousSystemParameters value) implements ActionArg {}

    /** Upgrade a dapp canister. */
    record UpgradeSnsControlledCanister(SnsGovernanceApi.UpgradeSnsControlledCanister value) implements ActionArg {}

    /** Pay from a treasury. */
    record TransferSnsTreasuryFunds(SnsGovernanceApi.TransferSnsTreasuryFunds value) implements ActionArg {}

    /** Not supported by jicp. */
    record AddGenericNervousSystemFunction(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record ManageDappCanisterSettings(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record RemoveGenericNervousSystemFunction(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record UpgradeSnsToNextVersion(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record RegisterDappCanisters(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record DeregisterDappCanisters(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record MintSnsTokens(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record Unspecified(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record ManageSnsMetadata(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record ExecuteGenericNervousSystemFunction(@CandidAs("reserved") Object value) implements ActionArg {}

    /** Not supported by jicp. */
    record ManageLedgerParameters(@CandidAs("reserved") Object value) implements ActionArg {}
  }

  /** {@code Action} as jicp reports it (the four cases it carries out). */
  public sealed interface Action {
    /** A motion. */
    record Motion(SnsGovernanceApi.Motion value) implements Action {}

    /** Change parameters. */
    record ManageNervousSystemParameters(NervousSystemParameters value) implements Action {}

    /** Upgrade a dapp canister. */
    record UpgradeSnsControlledCanister(SnsGovernanceApi.UpgradeSnsControlledCanister value) implements Action {}

    /** Pay from a treasury. */
    record TransferSnsTreasuryFunds(SnsGovernanceApi.TransferSnsTreasuryFunds value) implements Action {}
  }

  /** {@code Proposal} as clients send it. */
  public record ProposalArg(String url, String title, Optional<ActionArg> action, String summary) {}

  /** {@code Proposal} as jicp reports it. */
  public record Proposal(String url, String title, Optional<Action> action, String summary) {}

  /** {@code Ballot} ({@code vote}: 0 unspecified, 1 yes, 2 no). */
  public record Ballot(int vote, @CandidName("cast_timestamp_seconds") @CandidAs("nat64") long castTimestampSeconds,
      @CandidName("voting_power") @CandidAs("nat64") long votingPower) {}

  /** {@code Tally}. */
  public record Tally(@CandidAs("nat64") long no, @CandidAs("nat64") long yes, @CandidAs("nat64") long total,
      @CandidName("timestamp_seconds") @CandidAs("nat64") long timestampSeconds) {}

  /** {@code Percentage}. */
  public record Percentage(@CandidName("basis_points") @CandidAs("opt nat64") Optional<Long> basisPoints) {}

  /** {@code WaitForQuietState} (jicp: the fixed deadline). */
  public record WaitForQuietState(@CandidName("current_deadline_timestamp_seconds") @CandidAs("nat64") long currentDeadlineTimestampSeconds) {}

  /**
   * {@code ProposalData}: every required field; ballots keyed by the neuron id in hex; no rewards,
   * no reject cost, no wait-for-quiet increase (zero); the quorum as {@code
   * minimum_yes_proportion_of_total}.
   */
  public record ProposalData(Optional<ProposalId> id, @CandidAs("nat64") long action,
      @CandidName("failure_reason") Optional<GovernanceError> failureReason,
      Map<String, Ballot> ballots,
      @CandidName("minimum_yes_proportion_of_total") Optional<Percentage> minimumYesProportionOfTotal,
      @CandidName("reward_event_round") @CandidAs("nat64") long rewardEventRound,
      @CandidName("failed_timestamp_seconds") @CandidAs("nat64") long failedTimestampSeconds,
      @CandidName("proposal_creation_timestamp_seconds") @CandidAs("nat64") long proposalCreationTimestampSeconds,
      @CandidName("initial_voting_period_seconds") @CandidAs("nat64") long initialVotingPeriodSeconds,
      @CandidName("reject_cost_e8s") @CandidAs("nat64") long rejectCostE8s,
      @CandidName("latest_tally") Optional<Tally> latestTally,
      @CandidName("wait_for_quiet_deadline_increase_seconds") @CandidAs("nat64") long waitForQuietDeadlineIncreaseSeconds,
      @CandidName("decided_timestamp_seconds") @CandidAs("nat64") long decidedTimestampSeconds,
      Optional<Proposal> proposal, Optional<SnsApi.NeuronId> proposer,
      @CandidName("wait_for_quiet_state") Optional<WaitForQuietState> waitForQuietState,
      @CandidName("is_eligible_for_rewards") boolean isEligibleForRewards,
      @CandidName("executed_timestamp_seconds") @CandidAs("nat64") long executedTimestampSeconds) {}

  /** {@code GetProposal}. */
  public record GetProposal(@CandidName("proposal_id") Optional<ProposalId> proposalId) {}

  /** {@code Result_1} of {@code get_proposal}. */
  public sealed interface ProposalResult {
    /** Not found. */
    record Error(GovernanceError value) implements ProposalResult {}

    /** The proposal. */
    record Proposal(ProposalData value) implements ProposalResult {}
  }

  /** {@code GetProposalResponse}. */
  public record GetProposalResponse(Optional<ProposalResult> result) {}

  /**
   * {@code ListProposals}: proposals with ids below {@code before_proposal}, newest first, at most
   * {@code limit} (0 or above 100: 100), without the actions of {@code exclude_type}, with the
   * statuses of {@code include_status} when given (1 open, 2 rejected, 3 adopted, 4 executed, 5
   * failed); {@code include_reward_status} is ignored (jicp has no rewards).
   */
  public record ListProposals(@CandidName("include_reward_status") @CandidAs("vec int32") List<Integer> includeRewardStatus,
      @CandidName("before_proposal") Optional<ProposalId> beforeProposal, @CandidAs("nat32") int limit,
      @CandidName("exclude_type") @CandidAs("vec nat64") List<Long> excludeType,
      @CandidName("include_status") @CandidAs("vec int32") List<Integer> includeStatus) {}

  /** {@code ListProposalsResponse}. */
  public record ListProposalsResponse(List<ProposalData> proposals) {}

  /** {@code GetNeuron}. */
  public record GetNeuron(@CandidName("neuron_id") Optional<SnsApi.NeuronId> neuronId) {}

  /** {@code Result} of {@code get_neuron}. */
  public sealed interface NeuronResult {
    /** Not found. */
    record Error(GovernanceError value) implements NeuronResult {}

    /** The neuron. */
    record Neuron(SnsApi.PublishedNeuron value) implements NeuronResult {}
  }

  /** {@code GetNeuronResponse}. */
  public record GetNeuronResponse(Optional<NeuronResult> result) {}

  // ------------------------------------------------------------------ manage_neuron

  /** {@code MemoAndController}. */
  public record MemoAndController(Optional<Principal> controller, @CandidAs("nat64") long memo) {}

  /** {@code By}. */
  public sealed interface By {
    /** The neuron of this memo and controller (the caller when absent). */
    record MemoAndController(SnsGovernanceApi.MemoAndController value) implements By {}

    /** The neuron of {@code ManageNeuron.subaccount}. */
    record NeuronId(Empty value) implements By {}
  }

  /** {@code ClaimOrRefresh}. */
  public record ClaimOrRefresh(Optional<By> by) {}

  /** {@code IncreaseDissolveDelay}. */
  public record IncreaseDissolveDelay(@CandidName("additional_dissolve_delay_seconds") @CandidAs("nat32") int additionalDissolveDelaySeconds) {}

  /** {@code Operation}: every published case; jicp carries out {@code IncreaseDissolveDelay}. */
  public sealed interface Operation {
    /** Lengthen the dissolve delay. */
    record IncreaseDissolveDelay(SnsGovernanceApi.IncreaseDissolveDelay value) implements Operation {}

    /** Not supported by jicp. */
    record ChangeAutoStakeMaturity(@CandidAs("reserved") Object value) implements Operation {}

    /** Not supported by jicp (jicp's neurons do not dissolve). */
    record StopDissolving(@CandidAs("reserved") Object value) implements Operation {}

    /** Not supported by jicp (jicp's neurons do not dissolve). */
    record StartDissolving(@CandidAs("reserved") Object value) implements Operation {}

    /** Not supported by jicp. */
    record SetDissolveTimestamp(@CandidAs("reserved") Object value) implements Operation {}
  }

  /** {@code Configure}. */
  public record Configure(Optional<Operation> operation) {}

  /** {@code RegisterVote} ({@code vote}: 1 yes, 2 no). */
  public record RegisterVote(int vote, Optional<ProposalId> proposal) {}

  /** {@code Command}: every published case; jicp carries out claim/refresh, configure, vote and proposals. */
  public sealed interface Command {
    /** Claim or refresh a neuron. */
    record ClaimOrRefresh(SnsGovernanceApi.ClaimOrRefresh value) implements Command {}

    /** Configure the neuron. */
    record Configure(SnsGovernanceApi.Configure value) implements Command {}

    /** Vote. */
    record RegisterVote(SnsGovernanceApi.RegisterVote value) implements Command {}

    /** Make a proposal. */
    record MakeProposal(ProposalArg value) implements Command {}

    /** Not supported by jicp. */
    record Split(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record Follow(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record DisburseMaturity(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record StakeMaturity(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record RemoveNeuronPermissions(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record AddNeuronPermissions(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record MergeMaturity(@CandidAs("reserved") Object value) implements Command {}

    /** Not supported by jicp. */
    record Disburse(@CandidAs("reserved") Object value) implements Command {}
  }

  /** {@code ManageNeuron}: the neuron (its subaccount, = its id) and the command. */
  public record ManageNeuron(Bytes subaccount, Optional<Command> command) {}

  /** {@code ClaimOrRefreshResponse}. */
  public record ClaimOrRefreshResponse(@CandidName("refreshed_neuron_id") Optional<SnsApi.NeuronId> refreshedNeuronId) {}

  /** {@code Command_1}, the reply's command (the cases jicp produces). */
  public sealed interface CommandResponse {
    /** Refused. */
    record Error(GovernanceError value) implements CommandResponse {}

    /** The claimed or refreshed neuron. */
    record ClaimOrRefresh(ClaimOrRefreshResponse value) implements CommandResponse {}

    /** Configured. */
    record Configure(Empty value) implements CommandResponse {}

    /** Voted (the vote that adopts a proposal answers after its execution). */
    record RegisterVote(Empty value) implements CommandResponse {}

    /** The new proposal's id. */
    record MakeProposal(GetProposal value) implements CommandResponse {}
  }

  /** {@code ManageNeuronResponse}. */
  public record ManageNeuronResponse(Optional<CommandResponse> command) {
    /** The refusal {@code e}. */
    public static ManageNeuronResponse error(GovernanceError e) {
      return new ManageNeuronResponse(Optional.of(new CommandResponse.Error(e)));
    }
  }

  // ------------------------------------------------------------------ translation

  /** SNS's native action numbers: 1 motion, 2 parameters, 3 upgrade, 9 treasury transfer. */
  public static long actionNumber(SnsApi.Action a) {
    if (a instanceof SnsApi.Action.Motion) {
      return 1;
    }
    if (a instanceof SnsApi.Action.ManageNervousSystemParameters) {
      return 2;
    }
    if (a instanceof SnsApi.Action.UpgradeSnsControlledCanister) {
      return 3;
    }
    return 9;
  }

  /**
   * A published proposal as jicp's, the parameters of a {@code ManageNervousSystemParameters}
   * applied over {@code current}.
   *
   * @throws SnsException {@code INVALID_PROPOSAL} without an action, with an action jicp does not
   *     carry out, an upgrade without a canister or in another mode than upgrade, a transfer from
   *     an unknown treasury or to nobody
   */
  public static SnsApi.Proposal toJicp(ProposalArg p, SnsApi.Params current) {
    ActionArg a = p.action().orElseThrow(() -> new SnsException(Code.INVALID_PROPOSAL, "the proposal has no action"));
    SnsApi.Action action;
    if (a instanceof ActionArg.Motion m) {
      action = new SnsApi.Action.Motion(m.value().motionText());
    } else if (a instanceof ActionArg.ManageNervousSystemParameters m) {
      action = new SnsApi.Action.ManageNervousSystemParameters(m.value().over(current));
    } else if (a instanceof ActionArg.UpgradeSnsControlledCanister u) {
      if (u.value().mode().isPresent() && u.value().mode().get() != 3) {
        throw new SnsException(Code.INVALID_PROPOSAL, "jicp's SNS root upgrades only (mode 3), not mode " + u.value().mode().get());
      }
      action = new SnsApi.Action.UpgradeSnsControlledCanister(u.value().canisterId().orElseThrow(() ->
          new SnsException(Code.INVALID_PROPOSAL, "the upgrade names no canister")), u.value().newCanisterWasm(),
          u.value().canisterUpgradeArg());
    } else if (a instanceof ActionArg.TransferSnsTreasuryFunds t) {
      SnsApi.Treasury from = switch (t.value().fromTreasury()) {
        case 1 -> SnsApi.Treasury.ICP;
        case 2 -> SnsApi.Treasury.SNS_TOKEN;
        default -> throw new SnsException(Code.INVALID_PROPOSAL, "unknown treasury " + t.value().fromTreasury()
            + " (1 ICP, 2 SNS token)");
      };
      action = new SnsApi.Action.TransferSnsTreasuryFunds(from, t.value().amountE8s(), t.value().toPrincipal().orElseThrow(() ->
          new SnsException(Code.INVALID_PROPOSAL, "the transfer names no recipient")),
          t.value().toSubaccount().map(Subaccount::subaccount));
    } else {
      throw new SnsException(Code.INVALID_PROPOSAL, "jicp's SNS governance does not carry out " + a.getClass().getSimpleName()
          + " proposals (Motion, ManageNervousSystemParameters, UpgradeSnsControlledCanister, TransferSnsTreasuryFunds)");
    }
    return new SnsApi.Proposal(p.title(), p.summary(), p.url(), action);
  }

  /** jicp's action in the published shape. */
  public static Action published(SnsApi.Action a) {
    if (a instanceof SnsApi.Action.Motion m) {
      return new Action.Motion(new Motion(m.motionText()));
    }
    if (a instanceof SnsApi.Action.ManageNervousSystemParameters m) {
      return new Action.ManageNervousSystemParameters(NervousSystemParameters.of(m.params()));
    }
    if (a instanceof SnsApi.Action.UpgradeSnsControlledCanister u) {
      return new Action.UpgradeSnsControlledCanister(new UpgradeSnsControlledCanister(u.newCanisterWasm(), Optional.of(3),
          Optional.of(u.canisterId()), u.upgradeArg()));
    }
    SnsApi.Action.TransferSnsTreasuryFunds t = (SnsApi.Action.TransferSnsTreasuryFunds) a;
    return new Action.TransferSnsTreasuryFunds(new TransferSnsTreasuryFunds(t.fromTreasury() == SnsApi.Treasury.ICP ? 1 : 2,
        Optional.of(t.toPrincipal()), t.toSubaccount().map(Subaccount::new), Optional.empty(), t.amountE8s()));
  }

  /** {@code ProposalStatus} numbers of SNS governance: 1 open, 2 rejected, 3 adopted, 4 executed, 5 failed. */
  public static int statusNumber(SnsApi.ProposalStatus s) {
    return switch (s) {
      case OPEN -> 1;
      case REJECTED -> 2;
      case ADOPTED -> 3;
      case EXECUTED -> 4;
      case FAILED -> 5;
    };
  }

  /** jicp's proposal in the published shape; {@code quorumBasisPoints}: the parameter in force. */
  public static ProposalData published(SnsApi.ProposalData p, long quorumBasisPoints) {
    Map<String, Ballot> ballots = new LinkedHashMap<>();
    for (SnsApi.Ballot b : p.ballots()) {
      int v = switch (b.vote()) {
        case YES -> 1;
        case NO -> 2;
        default -> 0;
      };
      ballots.put(b.neuronId().toHex(), new Ballot(v, b.castSeconds(), b.votingPower()));
    }
    long[] yn = p.yesNo();
    long tallyTime = p.decidedSeconds() != 0 ? p.decidedSeconds() : p.createdSeconds();
    return new ProposalData(Optional.of(new ProposalId(p.id())), actionNumber(p.proposal().action()),
        p.failureReason().map(r -> new GovernanceError(r, 11)), ballots, Optional.of(new Percentage(Optional.of(quorumBasisPoints))),
        0, p.failedSeconds(), p.createdSeconds(), p.deadlineSeconds() - p.createdSeconds(), 0,
        Optional.of(new Tally(yn[1], yn[0], p.totalVotingPower(), tallyTime)), 0, p.decidedSeconds(),
        Optional.of(new Proposal(p.proposal().url(), p.proposal().title(), Optional.of(published(p.proposal().action())),
            p.proposal().summary())), Optional.of(new SnsApi.NeuronId(p.proposer())),
        Optional.of(new WaitForQuietState(p.deadlineSeconds())), false, p.executedSeconds());
  }

  /** {@code list_proposals} over {@code all} (ascending ids). */
  public static ListProposalsResponse list(List<SnsApi.ProposalData> all, ListProposals req, long quorumBasisPoints) {
    long limit = Integer.toUnsignedLong(req.limit());
    if (limit == 0 || limit > MAX_LIST_PROPOSALS) {
      limit = MAX_LIST_PROPOSALS;
    }
    List<ProposalData> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      SnsApi.ProposalData p = all.get(i);
      if (req.beforeProposal().isPresent() && Long.compareUnsigned(p.id(), req.beforeProposal().get().id()) >= 0) {
        continue;
      }
      if (req.excludeType().contains(actionNumber(p.proposal().action()))) {
        continue;
      }
      if (!req.includeStatus().isEmpty() && !req.includeStatus().contains(statusNumber(p.status()))) {
        continue;
      }
      out.add(published(p, quorumBasisPoints));
    }
    return new ListProposalsResponse(out);
  }

  /** The most proposals one {@code list_proposals} answers. */
  public static final int MAX_LIST_PROPOSALS = 100;
}
