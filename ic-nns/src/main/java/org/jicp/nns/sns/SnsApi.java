package org.jicp.nns.sns;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.sns.SnsException.Code;

/**
 * The Candid types of the SNS canisters (governance, swap, root) and their saved states. Where a
 * method shares its name with the published SNS interfaces ({@code governance.did}, {@code
 * swap.did}) the types are theirs or subtypes of theirs (checked by {@code SnsDidTest}); the
 * others are jicp's own, smaller shapes.
 */
public final class SnsApi {
  private SnsApi() {}

  // ------------------------------------------------------------------ governance

  /**
   * The nervous system parameters.
   *
   * @param neuronMinimumStakeE8s the smallest stake of a neuron
   * @param neuronMinimumDissolveDelayToVoteSeconds the dissolve delay below which a neuron has no
   *     voting power
   * @param maxDissolveDelaySeconds the longest dissolve delay
   * @param maxDissolveDelayBonusPercent the voting-power bonus at the longest dissolve delay (100:
   *     doubled)
   * @param initialVotingPeriodSeconds how long a proposal is open
   * @param quorumBasisPoints the share of the total voting power the yes votes need at the deadline
   */
  public record Params(
      @CandidName("neuron_minimum_stake_e8s") @CandidAs("nat64") long neuronMinimumStakeE8s,
      @CandidName("neuron_minimum_dissolve_delay_to_vote_seconds") @CandidAs("nat64") long neuronMinimumDissolveDelayToVoteSeconds,
      @CandidName("max_dissolve_delay_seconds") @CandidAs("nat64") long maxDissolveDelaySeconds,
      @CandidName("max_dissolve_delay_bonus_percentage") @CandidAs("nat64") long maxDissolveDelayBonusPercent,
      @CandidName("initial_voting_period_seconds") @CandidAs("nat64") long initialVotingPeriodSeconds,
      @CandidName("quorum_basis_points") @CandidAs("nat64") long quorumBasisPoints) {
    /** SNS defaults: 1 token minimum, 6 months to vote, 8 years max (+100 %), 4 days, 3 %. */
    public static Params defaults() {
      return new Params(100_000_000L, 183L * 86_400, 8L * 365 * 86_400, 100, 4L * 86_400, 300);
    }

    /** Checks the ranges. @throws SnsException {@code INVALID_PROPOSAL} */
    public void validate() {
      if (neuronMinimumStakeE8s <= 0 || neuronMinimumDissolveDelayToVoteSeconds < 0 || maxDissolveDelaySeconds <= 0
          || neuronMinimumDissolveDelayToVoteSeconds > maxDissolveDelaySeconds || maxDissolveDelayBonusPercent < 0
          || maxDissolveDelayBonusPercent > 900 || initialVotingPeriodSeconds < 3600
          || quorumBasisPoints <= 0 || quorumBasisPoints > 10_000) {
        throw new SnsException(Code.INVALID_PROPOSAL, "nervous system parameters out of range: " + this);
      }
    }
  }

  /**
   * What an SNS governance starts with.
   *
   * @param ledger the SNS token's ledger
   * @param root the SNS root (the only controller of the dapp canisters)
   * @param swap the swap canister (the only caller of {@code claim_swap_neurons})
   * @param icpLedger the ICP ledger (the ICP treasury is governance's default account there)
   * @param dappCanisters the service canisters the SNS governs
   * @param params the initial parameters
   */
  public record Init(Principal ledger, Principal root, Principal swap, @CandidName("icp_ledger") Principal icpLedger,
      @CandidName("dapp_canisters") List<Principal> dappCanisters, Params params) {
    /** Validates and copies. */
    public Init {
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(swap, "swap");
      Objects.requireNonNull(icpLedger, "icpLedger");
      dappCanisters = List.copyOf(dappCanisters);
      params.validate();
    }
  }

  /** A neuron: its id (= its stake's subaccount), controller, stake and dissolve delay. */
  public record Neuron(Bytes id, Principal controller, @CandidName("cached_neuron_stake_e8s") @CandidAs("nat64") long stakeE8s,
      @CandidName("dissolve_delay_seconds") @CandidAs("nat64") long dissolveDelaySeconds,
      @CandidName("created_timestamp_seconds") @CandidAs("nat64") long createdSeconds) {}

  /** {@code NeuronId} of {@code governance.did}. */
  public record NeuronId(Bytes id) {}

  /** {@code NeuronPermission} of {@code governance.did}. */
  public record NeuronPermission(@CandidName("principal") Optional<Principal> principal,
      @CandidName("permission_type") @CandidAs("vec int32") List<Integer> permissionType) {}

  /** {@code DissolveState} of {@code governance.did} (jicp's neurons do not dissolve: only the delay). */
  public sealed interface DissolveState {
    /** Not dissolving, with this delay. */
    record DissolveDelaySeconds(@CandidAs("nat64") long value) implements DissolveState {}
  }

  /** {@code DisburseMaturityInProgress} of {@code governance.did} (its required fields; jicp has no maturity: always empty). */
  public record DisburseMaturityInProgress(@CandidName("timestamp_of_disbursement_seconds") @CandidAs("nat64") long timestampSeconds,
      @CandidName("amount_e8s") @CandidAs("nat64") long amountE8s) {}

  /** {@code Followees} of {@code governance.did} (jicp has no following: always empty). */
  public record Followees(List<NeuronId> followees) {}

  /**
   * The permission types of a neuron's controller in jicp (SNS's {@code NeuronPermissionType}:
   * 1 configure dissolve state, 3 submit proposal, 4 vote — the commands jicp serves).
   */
  public static final List<Integer> CONTROLLER_PERMISSIONS = List.of(1, 3, 4);

  /**
   * {@code Neuron} of {@code governance.did}: jicp's neuron in the published shape (its required
   * fields and the optional ones jicp has; maturity, fees, following and vesting are zero or empty).
   */
  public record PublishedNeuron(Optional<NeuronId> id, List<NeuronPermission> permissions,
      @CandidName("maturity_e8s_equivalent") @CandidAs("nat64") long maturityE8sEquivalent,
      @CandidName("cached_neuron_stake_e8s") @CandidAs("nat64") long cachedNeuronStakeE8s,
      @CandidName("created_timestamp_seconds") @CandidAs("nat64") long createdTimestampSeconds,
      @CandidName("aging_since_timestamp_seconds") @CandidAs("nat64") long agingSinceTimestampSeconds,
      @CandidName("dissolve_state") Optional<DissolveState> dissolveState,
      @CandidName("voting_power_percentage_multiplier") @CandidAs("nat64") long votingPowerPercentageMultiplier,
      @CandidName("disburse_maturity_in_progress") List<DisburseMaturityInProgress> disburseMaturityInProgress,
      @CandidAs("vec record { nat64; record { followees : vec record { id : blob } } }") java.util.Map<Long, Followees> followees,
      @CandidName("neuron_fees_e8s") @CandidAs("nat64") long neuronFeesE8s) {
    /** {@code n} in the published shape. */
    public static PublishedNeuron of(Neuron n) {
      return new PublishedNeuron(Optional.of(new NeuronId(n.id())),
          List.of(new NeuronPermission(Optional.of(n.controller()), CONTROLLER_PERMISSIONS)), 0, n.stakeE8s(),
          n.createdSeconds(), n.createdSeconds(), Optional.of(new DissolveState.DissolveDelaySeconds(n.dissolveDelaySeconds())),
          100, List.of(), java.util.Map.of(), 0);
    }
  }

  /** {@code ListNeurons} of {@code governance.did}. */
  public record ListNeurons(@CandidName("of_principal") Optional<Principal> ofPrincipal, @CandidAs("nat32") int limit,
      @CandidName("start_page_at") Optional<NeuronId> startPageAt) {}

  /** {@code ListNeuronsResponse} of {@code governance.did}. */
  public record ListNeuronsResponse(List<PublishedNeuron> neurons) {}

  /** A neuron the swap asks governance to record (its stake is already on its subaccount). */
  public record SwapNeuron(Principal controller, @CandidAs("nat64") long memo, @CandidName("stake_e8s") @CandidAs("nat64") long stakeE8s,
      @CandidName("dissolve_delay_seconds") @CandidAs("nat64") long dissolveDelaySeconds) {}

  /** A vote. */
  public enum Vote { UNSPECIFIED, YES, NO }

  /** Where a proposal is. */
  public enum ProposalStatus { OPEN, ADOPTED, REJECTED, EXECUTED, FAILED }

  /** Which treasury. */
  public enum Treasury { ICP, SNS_TOKEN }

  /** A neuron's ballot: its voting power when the proposal was made, its vote, and when it voted (0: not yet). */
  public record Ballot(@CandidName("neuron_id") Bytes neuronId, @CandidName("voting_power") @CandidAs("nat64") long votingPower, Vote vote,
      @CandidName("cast_timestamp_seconds") @CandidAs("nat64") long castSeconds) {}

  /** What an adopted proposal does. */
  public sealed interface Action {
    /** Nothing but the record of the decision. */
    record Motion(@CandidName("motion_text") String motionText) implements Action {}

    /** Upgrade a dapp canister (install_code mode upgrade, by the SNS root). */
    record UpgradeSnsControlledCanister(@CandidName("canister_id") Principal canisterId,
        @CandidName("new_canister_wasm") Bytes newCanisterWasm, @CandidName("canister_upgrade_arg") Optional<Bytes> upgradeArg)
        implements Action {}

    /** Pay from a treasury (ICP: governance's ICP account; SNS token: governance's treasury subaccount). */
    record TransferSnsTreasuryFunds(@CandidName("from_treasury") Treasury fromTreasury, @CandidAs("nat64") @CandidName("amount_e8s") long amountE8s,
        @CandidName("to_principal") Principal toPrincipal, @CandidName("to_subaccount") Optional<Bytes> toSubaccount) implements Action {}

    /** Replace the nervous system parameters. */
    record ManageNervousSystemParameters(Params params) implements Action {}
  }

  /** A proposal as made. */
  public record Proposal(String title, String summary, String url, Action action) {
    /** Validates. */
    public Proposal {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * A proposal with its ballots and status; {@code decidedSeconds}, {@code executedSeconds} and
   * {@code failedSeconds} are 0 until the proposal is decided, executed or failed (as {@code
   * governance.did}'s {@code ProposalData} reports them).
   */
  public record ProposalData(@CandidAs("nat64") long id, @CandidName("proposer") Bytes proposer, Proposal proposal,
      @CandidName("proposal_creation_timestamp_seconds") @CandidAs("nat64") long createdSeconds,
      @CandidName("deadline_timestamp_seconds") @CandidAs("nat64") long deadlineSeconds,
      @CandidName("total_voting_power") @CandidAs("nat64") long totalVotingPower,
      List<Ballot> ballots, ProposalStatus status, @CandidName("failure_reason") Optional<String> failureReason,
      @CandidName("decided_timestamp_seconds") @CandidAs("nat64") long decidedSeconds,
      @CandidName("executed_timestamp_seconds") @CandidAs("nat64") long executedSeconds,
      @CandidName("failed_timestamp_seconds") @CandidAs("nat64") long failedSeconds) {
    /** Copies. */
    public ProposalData {
      ballots = List.copyOf(ballots);
    }

    /** With other ballots. */
    public ProposalData withBallots(List<Ballot> b) {
      return new ProposalData(id, proposer, proposal, createdSeconds, deadlineSeconds, totalVotingPower, b, status, failureReason,
          decidedSeconds, executedSeconds, failedSeconds);
    }

    /** With another status, reached at {@code nowSeconds}. */
    public ProposalData withStatus(ProposalStatus s, Optional<String> failure, long nowSeconds) {
      boolean decided = s == ProposalStatus.ADOPTED || s == ProposalStatus.REJECTED;
      return new ProposalData(id, proposer, proposal, createdSeconds, deadlineSeconds, totalVotingPower, ballots, s, failure,
          decided && decidedSeconds == 0 ? nowSeconds : decidedSeconds, s == ProposalStatus.EXECUTED ? nowSeconds : executedSeconds,
          s == ProposalStatus.FAILED ? nowSeconds : failedSeconds);
    }

    /** The yes and no voting power cast so far. */
    public long[] yesNo() {
      long yes = 0;
      long no = 0;
      for (Ballot b : ballots) {
        if (b.vote() == Vote.YES) {
          yes += b.votingPower();
        } else if (b.vote() == Vote.NO) {
          no += b.votingPower();
        }
      }
      return new long[] {yes, no};
    }
  }

  /** Governance's saved state. */
  public record GovernanceState(Init init, Params params, List<Neuron> neurons, List<ProposalData> proposals,
      @CandidName("next_proposal_id") @CandidAs("nat64") long nextProposalId) {}

  // ------------------------------------------------------------------ swap

  /**
   * The sale's terms.
   *
   * @param minIcpE8s the ICP the swap must raise to succeed
   * @param maxIcpE8s the most it accepts (reaching it ends the sale)
   * @param minParticipantIcpE8s the smallest participation
   * @param snsTokenE8s the SNS tokens sold (held by the swap on the SNS ledger)
   * @param swapDueSeconds the deadline
   * @param neuronDissolveDelaySeconds the dissolve delay of the buyers' neurons
   * @param fallbackControllers who controls the dapp canisters again if the sale fails
   */
  public record SwapParams(@CandidName("min_icp_e8s") @CandidAs("nat64") long minIcpE8s,
      @CandidName("max_icp_e8s") @CandidAs("nat64") long maxIcpE8s,
      @CandidName("min_participant_icp_e8s") @CandidAs("nat64") long minParticipantIcpE8s,
      @CandidName("sns_token_e8s") @CandidAs("nat64") long snsTokenE8s,
      @CandidName("swap_due_timestamp_seconds") @CandidAs("nat64") long swapDueSeconds,
      @CandidName("neuron_dissolve_delay_seconds") @CandidAs("nat64") long neuronDissolveDelaySeconds,
      @CandidName("fallback_controller_principal_ids") List<Principal> fallbackControllers) {
    /** Validates. */
    public SwapParams {
      if (minIcpE8s <= 0 || maxIcpE8s < minIcpE8s || minParticipantIcpE8s <= 0 || minParticipantIcpE8s > maxIcpE8s
          || snsTokenE8s <= 0) {
        throw new SnsException(Code.INVALID_ARGUMENT, "swap parameters out of range");
      }
      fallbackControllers = List.copyOf(fallbackControllers);
      if (fallbackControllers.isEmpty()) {
        throw new SnsException(Code.INVALID_ARGUMENT, "a swap needs fallback controllers");
      }
    }
  }

  /** The swap's canisters. */
  public record SwapInit(@CandidName("icp_ledger") Principal icpLedger, @CandidName("sns_ledger") Principal snsLedger,
      @CandidName("sns_governance") Principal governance, @CandidName("sns_root") Principal root, SwapParams params,
      @CandidName("sns_transfer_fee_e8s") @CandidAs("nat64") long snsTransferFeeE8s) {}

  /** Where the swap is ({@code swap.did}'s lifecycle, the states jicp has). */
  public enum Lifecycle { OPEN, COMMITTED, ABORTED }

  /** A buyer's accepted ICP. */
  public record Participant(Principal buyer, @CandidName("amount_icp_e8s") @CandidAs("nat64") long amountIcpE8s) {}

  /** The swap's saved state. */
  public record SwapState(SwapInit init, Lifecycle lifecycle, List<Participant> participants, @CandidAs("nat64") long finalizations) {}

  /** {@code swap.did}'s {@code RefreshBuyerTokensRequest}. */
  public record RefreshBuyerTokensRequest(@CandidName("confirmation_text") Optional<String> confirmationText, String buyer) {}

  /** {@code swap.did}'s {@code RefreshBuyerTokensResponse}. */
  public record RefreshBuyerTokensResponse(
      @CandidName("icp_accepted_participation_e8s") @CandidAs("nat64") long icpAcceptedParticipationE8s,
      @CandidName("icp_ledger_account_balance_e8s") @CandidAs("nat64") long icpLedgerAccountBalanceE8s) {}

  /** {@code swap.did}'s {@code GetBuyerStateRequest}. */
  public record GetBuyerStateRequest(@CandidName("principal_id") Optional<Principal> principalId) {}

  /** {@code swap.did}'s {@code TransferableAmount} (jicp does not time the transfers: both timestamps 0). */
  public record TransferableAmount(@CandidName("transfer_start_timestamp_seconds") @CandidAs("nat64") long transferStartSeconds,
      @CandidName("amount_e8s") @CandidAs("nat64") long amountE8s,
      @CandidName("transfer_success_timestamp_seconds") @CandidAs("nat64") long transferSuccessSeconds) {}

  /** {@code swap.did}'s {@code BuyerState} (the fields jicp fills). */
  public record BuyerState(@CandidName("icp") Optional<TransferableAmount> icp) {}

  /** {@code swap.did}'s {@code GetBuyerStateResponse}. */
  public record GetBuyerStateResponse(@CandidName("buyer_state") Optional<BuyerState> buyerState) {}

  /** {@code swap.did}'s {@code GetLifecycleResponse} (lifecycle as {@code swap.did}'s numbers: 2 open, 3 committed, 4 aborted). */
  public record GetLifecycleResponse(@CandidAs("opt int32") Optional<Integer> lifecycle,
      @CandidName("decentralization_sale_open_timestamp_seconds") @CandidAs("opt nat64") Optional<Long> openSeconds) {}

  /** {@code swap.did}'s {@code FinalizeSwapResponse} (the field jicp fills: the errors of the transfers and calls, if any). */
  public record FinalizeSwapResponse(@CandidName("error_message") Optional<String> errorMessage) {}

  /** {@code swap.did}'s {@code GetBuyersTotalResponse}. */
  public record GetBuyersTotalResponse(@CandidName("buyers_total") @CandidAs("nat64") long buyersTotal) {}

  /** {@code swap.did}'s {@code Init} (canister ids as text, as published). */
  public record SwapInitView(@CandidName("sns_root_canister_id") String snsRootCanisterId,
      @CandidName("fallback_controller_principal_ids") List<String> fallbackControllerPrincipalIds,
      @CandidName("neuron_minimum_stake_e8s") @CandidAs("opt nat64") Optional<Long> neuronMinimumStakeE8s,
      @CandidName("nns_governance_canister_id") String nnsGovernanceCanisterId,
      @CandidName("transaction_fee_e8s") @CandidAs("opt nat64") Optional<Long> transactionFeeE8s,
      @CandidName("icp_ledger_canister_id") String icpLedgerCanisterId,
      @CandidName("sns_ledger_canister_id") String snsLedgerCanisterId,
      @CandidName("sns_governance_canister_id") String snsGovernanceCanisterId) {
    /** {@code init} in the published shape ({@code nnsGovernance}: the NNS governance canister). */
    public static SwapInitView of(SwapInit init, Principal nnsGovernance) {
      return new SwapInitView(init.root().toText(), init.params().fallbackControllers().stream().map(Principal::toText).toList(),
          Optional.empty(), nnsGovernance.toText(), Optional.of(init.snsTransferFeeE8s()), init.icpLedger().toText(),
          init.snsLedger().toText(), init.governance().toText());
    }
  }

  /** {@code swap.did}'s {@code GetInitResponse}. */
  public record GetInitResponse(Optional<SwapInitView> init) {}

  /**
   * {@code swap.did}'s {@code Params}: jicp has one participant minimum (1) and no per-participant
   * maximum (the sale's maximum).
   */
  public record SwapParamsView(@CandidName("min_participant_icp_e8s") @CandidAs("nat64") long minParticipantIcpE8s,
      @CandidName("max_icp_e8s") @CandidAs("nat64") long maxIcpE8s,
      @CandidName("swap_due_timestamp_seconds") @CandidAs("nat64") long swapDueTimestampSeconds,
      @CandidName("min_participants") @CandidAs("nat32") int minParticipants,
      @CandidName("sns_token_e8s") @CandidAs("nat64") long snsTokenE8s,
      @CandidName("max_participant_icp_e8s") @CandidAs("nat64") long maxParticipantIcpE8s,
      @CandidName("min_icp_e8s") @CandidAs("nat64") long minIcpE8s) {
    /** {@code p} in the published shape. */
    public static SwapParamsView of(SwapParams p) {
      return new SwapParamsView(p.minParticipantIcpE8s(), p.maxIcpE8s(), p.swapDueSeconds(), 1, p.snsTokenE8s(), p.maxIcpE8s(),
          p.minIcpE8s());
    }
  }

  /** {@code swap.did}'s {@code NeuronAttributes}. */
  public record NeuronAttributes(@CandidName("dissolve_delay_seconds") @CandidAs("nat64") long dissolveDelaySeconds,
      @CandidAs("nat64") long memo) {}

  /** {@code swap.did}'s {@code DirectInvestment}. */
  public record DirectInvestment(@CandidName("buyer_principal") String buyerPrincipal) {}

  /** {@code swap.did}'s {@code Investor} (jicp: direct buyers only). */
  public sealed interface Investor {
    /** A buyer. */
    record Direct(DirectInvestment value) implements Investor {}
  }

  /** {@code swap.did}'s {@code SnsNeuronRecipe}: the SNS tokens of a buyer's neuron. */
  public record SnsNeuronRecipe(Optional<TransferableAmount> sns, @CandidName("neuron_attributes") Optional<NeuronAttributes> neuronAttributes,
      Optional<Investor> investor) {}

  /** {@code swap.did}'s {@code CfNeuron}. */
  public record CfNeuron(@CandidName("nns_neuron_id") @CandidAs("nat64") long nnsNeuronId,
      @CandidName("amount_icp_e8s") @CandidAs("nat64") long amountIcpE8s) {}

  /** {@code swap.did}'s {@code CfParticipant} (jicp has no Neurons' Fund: never any). */
  public record CfParticipant(@CandidName("hotkey_principal") String hotkeyPrincipal, @CandidName("cf_neurons") List<CfNeuron> cfNeurons) {}

  /**
   * {@code swap.did}'s {@code Swap}: lifecycle (2 open, 3 committed, 4 aborted), buyers by principal
   * text, and — once committed — a neuron recipe per buyer (its tokens less the SNS fee, jicp's
   * dissolve delay and memo).
   */
  public record SwapView(@CandidName("neuron_recipes") List<SnsNeuronRecipe> neuronRecipes,
      @CandidName("cf_participants") List<CfParticipant> cfParticipants, Optional<SwapInitView> init, int lifecycle,
      java.util.Map<String, BuyerState> buyers, Optional<SwapParamsView> params) {}

  /** {@code swap.did}'s {@code DerivedState}. */
  public record DerivedState(@CandidName("sns_tokens_per_icp") float snsTokensPerIcp,
      @CandidName("buyer_total_icp_e8s") @CandidAs("nat64") long buyerTotalIcpE8s) {}

  /** {@code swap.did}'s {@code GetStateResponse}. */
  public record GetStateResponse(Optional<SwapView> swap, Optional<DerivedState> derived) {}

  // ------------------------------------------------------------------ root

  /** {@code sns_root.did}'s {@code ChangeCanisterRequest} (the fields jicp reads; mode upgrade). */
  public record ChangeCanisterRequest(@CandidName("canister_id") Principal canisterId, @CandidName("wasm_module") Bytes wasmModule,
      Bytes arg) {}

  /** {@code sns_root.did}'s {@code SetDappControllersRequest} (jicp: the new controllers of every dapp canister). */
  public record SetDappControllersRequest(@CandidName("controller_principal_ids") List<Principal> controllerPrincipalIds) {}

  /** {@code governance.did}'s {@code GetModeResponse} (jicp: always 1, normal). */
  public record GetModeResponse(@CandidAs("opt int32") Optional<Integer> mode) {}

  /** The SNS root's saved state: its governance, swap, and dapp canisters. */
  public record RootState(Principal governance, Principal swap, @CandidName("dapp_canisters") List<Principal> dappCanisters) {}
}
