package org.jicp.nns.governance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidId;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * The Candid types of the governance canister's interface, with the names and types of the
 * mainnet {@code governance.did} ({@code ../shared/vectors/candid/did/nns-governance.did}). Records
 * are subsets where the mainnet record has optional fields jicp does not model; variants the
 * governance canister receives include every mainnet case (cases jicp does not support are
 * answered with a {@code GovernanceError}); variants inside {@code opt} may omit cases (an unknown
 * case decodes as {@code null}). {@code GovernanceApiDidTest} checks each method against the
 * mainnet file.
 */
public final class GovernanceApi {
  private GovernanceApi() {}

  /** {@code record {}}. */
  public record Empty() {}

  /** {@code NeuronId = record { id : nat64 }} (also used for proposal ids, as on mainnet). */
  public record NeuronId(@CandidAs("nat64") long id) {}

  /** {@code GovernanceError = record { error_message : text; error_type : int32 }}. */
  public record GovernanceError(@CandidName("error_message") String errorMessage, @CandidName("error_type") int errorType) {}

  /** {@code AccountIdentifier = record { hash : vec nat8 }}. */
  public record AccountIdentifier(Bytes hash) {}

  /** {@code Amount = record { e8s : nat64 }}. */
  public record Amount(@CandidAs("nat64") long e8s) {}

  /** {@code Motion}. */
  public record Motion(@CandidName("motion_text") String motionText) {}

  /** {@code ExecuteNnsFunction}: an NNS function number and its Candid payload. */
  public record ExecuteNnsFunction(@CandidName("nns_function") int nnsFunction, @CandidAs("vec nat8") Bytes payload) {}

  /** {@code NodeProvider}. */
  public record NodeProvider(Optional<Principal> id, @CandidName("reward_account") Optional<AccountIdentifier> rewardAccount) {}

  /** {@code RewardToNeuron}. */
  public record RewardToNeuron(@CandidName("dissolve_delay_seconds") @CandidAs("nat64") long dissolveDelaySeconds) {}

  /** {@code RewardToAccount}. */
  public record RewardToAccount(@CandidName("to_account") Optional<AccountIdentifier> toAccount) {}

  /** {@code RewardMode}. */
  public sealed interface RewardMode {
    /** Mint into a new neuron (not supported by jicp: answered with an error). */
    record RewardToNeuron(GovernanceApi.RewardToNeuron value) implements RewardMode {}

    /** Mint to an account. */
    record RewardToAccount(GovernanceApi.RewardToAccount value) implements RewardMode {}
  }

  /** {@code RewardNodeProvider}. */
  public record RewardNodeProvider(
      @CandidName("node_provider") Optional<NodeProvider> nodeProvider,
      @CandidName("reward_mode") Optional<RewardMode> rewardMode,
      @CandidName("amount_e8s") @CandidAs("nat64") long amountE8s) {}

  /** {@code RewardNodeProviders}. */
  public record RewardNodeProviders(
      @CandidName("use_registry_derived_rewards") Optional<Boolean> useRegistryDerivedRewards,
      List<RewardNodeProvider> rewards) {}

  /** {@code Change = variant { ToRemove : NodeProvider; ToAdd : NodeProvider }}. */
  public sealed interface Change {
    /** Remove a node provider. */
    record ToRemove(NodeProvider value) implements Change {}

    /** Add a node provider. */
    record ToAdd(NodeProvider value) implements Change {}
  }

  /** {@code AddOrRemoveNodeProvider}. */
  public record AddOrRemoveNodeProvider(Optional<Change> change) {}

  /** {@code NetworkEconomics}. */
  public record NetworkEconomics(
      @CandidName("neuron_minimum_stake_e8s") @CandidAs("nat64") long neuronMinimumStakeE8s,
      @CandidName("max_proposals_to_keep_per_topic") @CandidAs("nat32") int maxProposalsToKeepPerTopic,
      @CandidName("neuron_management_fee_per_proposal_e8s") @CandidAs("nat64") long neuronManagementFeePerProposalE8s,
      @CandidName("reject_cost_e8s") @CandidAs("nat64") long rejectCostE8s,
      @CandidName("transaction_fee_e8s") @CandidAs("nat64") long transactionFeeE8s,
      @CandidName("neuron_spawn_dissolve_delay_seconds") @CandidAs("nat64") long neuronSpawnDissolveDelaySeconds,
      @CandidName("minimum_icp_xdr_rate") @CandidAs("nat64") long minimumIcpXdrRate,
      @CandidName("maximum_node_provider_rewards_e8s") @CandidAs("nat64") long maximumNodeProviderRewardsE8s) {
    /**
     * The defaults of {@code NetworkEconomics::with_default_values}: reject cost 1 ICP, minimum
     * stake 1 ICP, management fee 0.01 ICP, spawn dissolve delay 7 days, at most 1M ICP node
     * provider rewards, minimum ICP/XDR rate 100 (1 XDR), fee 10,000 e8s, 100 proposals per topic.
     */
    public static NetworkEconomics defaults() {
      return new NetworkEconomics(100_000_000L, 100, 1_000_000L, 100_000_000L, 10_000L,
          7 * GovernanceConstants.ONE_DAY_SECONDS, 100, 1_000_000L * 100_000_000L);
    }
  }

  /**
   * {@code Action}: the subset of proposal actions jicp executes (an action of another mainnet
   * case decodes as an absent action and the proposal is rejected as invalid).
   */
  public sealed interface Action {
    /** A motion: adopted or rejected, nothing is executed. */
    record Motion(GovernanceApi.Motion value) implements Action {}

    /** A call to another NNS canister (registry, cycles minting). */
    record ExecuteNnsFunction(GovernanceApi.ExecuteNnsFunction value) implements Action {}

    /** Changes to the network economics (fields that are zero are left unchanged). */
    record ManageNetworkEconomics(NetworkEconomics value) implements Action {}

    /** Mint rewards for one node provider. */
    record RewardNodeProvider(GovernanceApi.RewardNodeProvider value) implements Action {}

    /** Mint rewards for node providers (optionally derived from the registry). */
    record RewardNodeProviders(GovernanceApi.RewardNodeProviders value) implements Action {}

    /** Add or remove a node provider. */
    record AddOrRemoveNodeProvider(GovernanceApi.AddOrRemoveNodeProvider value) implements Action {}
  }

  /** {@code Proposal = record { url : text; title : opt text; action : opt Action; summary : text }}. */
  public record Proposal(String url, Optional<String> title, Optional<Action> action, String summary) {}

  /** {@code Ballot = record { vote : int32; voting_power : nat64 }}. */
  public record Ballot(int vote, @CandidName("voting_power") @CandidAs("nat64") long votingPower) {}

  /** {@code BallotInfo}. */
  public record BallotInfo(int vote, @CandidName("proposal_id") Optional<NeuronId> proposalId) {}

  /** {@code Tally}. */
  public record Tally(
      @CandidAs("nat64") long no,
      @CandidAs("nat64") long yes,
      @CandidAs("nat64") long total,
      @CandidName("timestamp_seconds") @CandidAs("nat64") long timestampSeconds) {}

  /** {@code ProposalInfo}. */
  public record ProposalInfo(
      Optional<NeuronId> id,
      int status,
      int topic,
      @CandidName("failure_reason") Optional<GovernanceError> failureReason,
      List<BallotEntry> ballots,
      @CandidName("proposal_timestamp_seconds") @CandidAs("nat64") long proposalTimestampSeconds,
      @CandidName("reward_event_round") @CandidAs("nat64") long rewardEventRound,
      @CandidName("deadline_timestamp_seconds") @CandidAs("opt nat64") Optional<Long> deadlineTimestampSeconds,
      @CandidName("failed_timestamp_seconds") @CandidAs("nat64") long failedTimestampSeconds,
      @CandidName("reject_cost_e8s") @CandidAs("nat64") long rejectCostE8s,
      @CandidName("latest_tally") Optional<Tally> latestTally,
      @CandidName("reward_status") int rewardStatus,
      @CandidName("decided_timestamp_seconds") @CandidAs("nat64") long decidedTimestampSeconds,
      Optional<Proposal> proposal,
      Optional<NeuronId> proposer,
      @CandidName("executed_timestamp_seconds") @CandidAs("nat64") long executedTimestampSeconds) {}

  /** {@code Followees = record { followees : vec NeuronId }}. */
  public record Followees(List<NeuronId> followees) {}

  /** {@code DissolveState}. */
  public sealed interface DissolveState {
    /** Not dissolving, with this delay. */
    record DissolveDelaySeconds(@CandidAs("nat64") long value) implements DissolveState {}

    /** Dissolving (or dissolved) at this time. */
    record WhenDissolvedTimestampSeconds(@CandidAs("nat64") long value) implements DissolveState {}
  }

  /** {@code Neuron}, the full neuron. */
  public record Neuron(
      Optional<NeuronId> id,
      @CandidName("staked_maturity_e8s_equivalent") @CandidAs("opt nat64") Optional<Long> stakedMaturityE8sEquivalent,
      Optional<Principal> controller,
      @CandidName("recent_ballots") List<BallotInfo> recentBallots,
      @CandidName("kyc_verified") boolean kycVerified,
      @CandidName("not_for_profit") boolean notForProfit,
      @CandidName("maturity_e8s_equivalent") @CandidAs("nat64") long maturityE8sEquivalent,
      @CandidName("cached_neuron_stake_e8s") @CandidAs("nat64") long cachedNeuronStakeE8s,
      @CandidName("created_timestamp_seconds") @CandidAs("nat64") long createdTimestampSeconds,
      @CandidName("aging_since_timestamp_seconds") @CandidAs("nat64") long agingSinceTimestampSeconds,
      @CandidName("hot_keys") List<Principal> hotKeys,
      @CandidAs("vec nat8") Bytes account,
      @CandidName("dissolve_state") Optional<DissolveState> dissolveState,
      Map<Integer, Followees> followees,
      @CandidName("neuron_fees_e8s") @CandidAs("nat64") long neuronFeesE8s) {}

  /** {@code NeuronInfo}. */
  public record NeuronInfo(
      @CandidName("dissolve_delay_seconds") @CandidAs("nat64") long dissolveDelaySeconds,
      @CandidName("recent_ballots") List<BallotInfo> recentBallots,
      @CandidName("created_timestamp_seconds") @CandidAs("nat64") long createdTimestampSeconds,
      int state,
      @CandidName("stake_e8s") @CandidAs("nat64") long stakeE8s,
      @CandidName("retrieved_at_timestamp_seconds") @CandidAs("nat64") long retrievedAtTimestampSeconds,
      @CandidName("voting_power") @CandidAs("nat64") long votingPower,
      @CandidName("age_seconds") @CandidAs("nat64") long ageSeconds) {}

  /** {@code Result_2 = variant { Ok : Neuron; Err : GovernanceError }}. */
  public sealed interface NeuronResult {
    /** The neuron. */
    record Ok(Neuron value) implements NeuronResult {}

    /** Why not. */
    record Err(GovernanceError value) implements NeuronResult {}
  }

  /** {@code Result_5 = variant { Ok : NeuronInfo; Err : GovernanceError }}. */
  public sealed interface NeuronInfoResult {
    /** The neuron's public information. */
    record Ok(NeuronInfo value) implements NeuronInfoResult {}

    /** Why not. */
    record Err(GovernanceError value) implements NeuronInfoResult {}
  }

  /** {@code Result = variant { Ok; Err : GovernanceError }}. */
  public sealed interface EmptyResult {
    /** Done. */
    record Ok() implements EmptyResult {}

    /** Why not. */
    record Err(GovernanceError value) implements EmptyResult {}
  }

  /** {@code ClaimOrRefreshNeuronFromAccount}. */
  public record ClaimOrRefreshNeuronFromAccount(Optional<Principal> controller, @CandidAs("nat64") long memo) {}

  /** {@code Result_1 = variant { Error : GovernanceError; NeuronId : NeuronId }}. */
  public sealed interface ClaimResult {
    /** Why not. */
    record Error(GovernanceError value) implements ClaimResult {}

    /** The claimed or refreshed neuron. */
    record NeuronId(GovernanceApi.NeuronId value) implements ClaimResult {}
  }

  /** {@code ClaimOrRefreshNeuronFromAccountResponse}. */
  public record ClaimOrRefreshNeuronFromAccountResponse(Optional<ClaimResult> result) {}

  /** {@code By}. */
  public sealed interface By {
    /** Refresh the neuron named by the ManageNeuron. */
    record NeuronIdOrSubaccount(Empty value) implements By {}

    /** Claim or refresh by memo and controller. */
    record MemoAndController(ClaimOrRefreshNeuronFromAccount value) implements By {}

    /** Claim or refresh by memo, the caller being the controller. */
    record Memo(@CandidAs("nat64") long value) implements By {}
  }

  /** {@code ClaimOrRefresh = record { by : opt By }}. */
  public record ClaimOrRefresh(Optional<By> by) {}

  /** {@code Spawn}. */
  public record Spawn(
      @CandidName("percentage_to_spawn") @CandidAs("opt nat32") Optional<Integer> percentageToSpawn,
      @CandidName("new_controller") Optional<Principal> newController,
      @CandidAs("opt nat64") Optional<Long> nonce) {}

  /** {@code Split = record { amount_e8s : nat64 }}. */
  public record Split(@CandidName("amount_e8s") @CandidAs("nat64") long amountE8s) {}

  /** {@code Follow = record { topic : int32; followees : vec NeuronId }}. */
  public record Follow(int topic, List<NeuronId> followees) {}

  /** {@code IncreaseDissolveDelay}. */
  public record IncreaseDissolveDelay(@CandidName("additional_dissolve_delay_seconds") @CandidAs("nat32") int additionalDissolveDelaySeconds) {}

  /** {@code AddHotKey}. */
  public record AddHotKey(@CandidName("new_hot_key") Optional<Principal> newHotKey) {}

  /** {@code RemoveHotKey}. */
  public record RemoveHotKey(@CandidName("hot_key_to_remove") Optional<Principal> hotKeyToRemove) {}

  /** {@code SetDissolveTimestamp}. */
  public record SetDissolveTimestamp(@CandidName("dissolve_timestamp_seconds") @CandidAs("nat64") long dissolveTimestampSeconds) {}

  /** {@code ChangeAutoStakeMaturity}. */
  public record ChangeAutoStakeMaturity(
      @CandidName("requested_setting_for_auto_stake_maturity") boolean requestedSettingForAutoStakeMaturity) {}

  /** {@code Operation}. */
  public sealed interface Operation {
    /** Remove a hot key. */
    record RemoveHotKey(GovernanceApi.RemoveHotKey value) implements Operation {}

    /** Add a hot key. */
    record AddHotKey(GovernanceApi.AddHotKey value) implements Operation {}

    /** Not supported by jicp. */
    record ChangeAutoStakeMaturity(GovernanceApi.ChangeAutoStakeMaturity value) implements Operation {}

    /** Stop dissolving. */
    record StopDissolving(Empty value) implements Operation {}

    /** Start dissolving. */
    record StartDissolving(Empty value) implements Operation {}

    /** Increase the dissolve delay. */
    record IncreaseDissolveDelay(GovernanceApi.IncreaseDissolveDelay value) implements Operation {}

    /** Not supported by jicp. */
    record JoinCommunityFund(Empty value) implements Operation {}

    /** Not supported by jicp. */
    record LeaveCommunityFund(Empty value) implements Operation {}

    /** Set the dissolve delay to end at a timestamp. */
    record SetDissolveTimestamp(GovernanceApi.SetDissolveTimestamp value) implements Operation {}
  }

  /** {@code Configure = record { operation : opt Operation }}. */
  public record Configure(Optional<Operation> operation) {}

  /** {@code RegisterVote = record { vote : int32; proposal : opt NeuronId }}. */
  public record RegisterVote(int vote, Optional<NeuronId> proposal) {}

  /** {@code Merge = record { source_neuron_id : opt NeuronId }}. */
  public record Merge(@CandidName("source_neuron_id") Optional<NeuronId> sourceNeuronId) {}

  /** {@code DisburseToNeuron} (not supported by jicp). */
  public record DisburseToNeuron(
      @CandidName("dissolve_delay_seconds") @CandidAs("nat64") long dissolveDelaySeconds,
      @CandidName("kyc_verified") boolean kycVerified,
      @CandidName("amount_e8s") @CandidAs("nat64") long amountE8s,
      @CandidName("new_controller") Optional<Principal> newController,
      @CandidAs("nat64") long nonce) {}

  /** {@code StakeMaturity} (not supported by jicp). */
  public record StakeMaturity(@CandidName("percentage_to_stake") @CandidAs("opt nat32") Optional<Integer> percentageToStake) {}

  /** {@code MergeMaturity} (not supported by jicp). */
  public record MergeMaturity(@CandidName("percentage_to_merge") @CandidAs("nat32") int percentageToMerge) {}

  /** {@code Disburse = record { to_account : opt AccountIdentifier; amount : opt Amount }}. */
  public record Disburse(@CandidName("to_account") Optional<AccountIdentifier> toAccount, Optional<Amount> amount) {}

  /** {@code Command}: every mainnet case. */
  public sealed interface Command {
    /** Spawn a neuron from maturity. */
    record Spawn(GovernanceApi.Spawn value) implements Command {}

    /** Split off a child neuron. */
    record Split(GovernanceApi.Split value) implements Command {}

    /** Set followees on a topic. */
    record Follow(GovernanceApi.Follow value) implements Command {}

    /** Claim or refresh a neuron's stake. */
    record ClaimOrRefresh(GovernanceApi.ClaimOrRefresh value) implements Command {}

    /** Configure the neuron. */
    record Configure(GovernanceApi.Configure value) implements Command {}

    /** Vote. */
    record RegisterVote(GovernanceApi.RegisterVote value) implements Command {}

    /** Merge another neuron into this one. */
    record Merge(GovernanceApi.Merge value) implements Command {}

    /** Not supported by jicp. */
    record DisburseToNeuron(GovernanceApi.DisburseToNeuron value) implements Command {}

    /** Make a proposal. */
    record MakeProposal(Proposal value) implements Command {}

    /** Not supported by jicp. */
    record StakeMaturity(GovernanceApi.StakeMaturity value) implements Command {}

    /** Not supported by jicp. */
    record MergeMaturity(GovernanceApi.MergeMaturity value) implements Command {}

    /** Disburse a dissolved neuron's stake. */
    record Disburse(GovernanceApi.Disburse value) implements Command {}
  }

  /** {@code NeuronIdOrSubaccount}. */
  public sealed interface NeuronIdOrSubaccount {
    /** By subaccount. */
    record Subaccount(@CandidAs("vec nat8") Bytes value) implements NeuronIdOrSubaccount {}

    /** By id. */
    record NeuronId(GovernanceApi.NeuronId value) implements NeuronIdOrSubaccount {}
  }

  /** {@code ManageNeuron}. */
  public record ManageNeuron(
      Optional<NeuronId> id,
      Optional<Command> command,
      @CandidName("neuron_id_or_subaccount") Optional<NeuronIdOrSubaccount> neuronIdOrSubaccount) {
    /** A command on neuron {@code id}. */
    public static ManageNeuron of(long id, Command command) {
      return new ManageNeuron(Optional.of(new NeuronId(id)), Optional.of(command), Optional.empty());
    }
  }

  /** {@code SpawnResponse}. */
  public record SpawnResponse(@CandidName("created_neuron_id") Optional<NeuronId> createdNeuronId) {}

  /** {@code ClaimOrRefreshResponse}. */
  public record ClaimOrRefreshResponse(@CandidName("refreshed_neuron_id") Optional<NeuronId> refreshedNeuronId) {}

  /** {@code MergeResponse} (the neurons' infos only). */
  public record MergeResponse(
      @CandidName("target_neuron_info") Optional<NeuronInfo> targetNeuronInfo,
      @CandidName("source_neuron_info") Optional<NeuronInfo> sourceNeuronInfo) {}

  /** {@code MakeProposalResponse}. */
  public record MakeProposalResponse(Optional<String> message, @CandidName("proposal_id") Optional<NeuronId> proposalId) {}

  /** {@code DisburseResponse}. */
  public record DisburseResponse(@CandidName("transfer_block_height") @CandidAs("nat64") long transferBlockHeight) {}

  /** {@code Command_1}, the reply's command (the cases jicp produces). */
  public sealed interface CommandResponse {
    /** The command failed. */
    record Error(GovernanceError value) implements CommandResponse {}

    /** The spawned neuron. */
    record Spawn(SpawnResponse value) implements CommandResponse {}

    /** The child neuron. */
    record Split(SpawnResponse value) implements CommandResponse {}

    /** Followees set. */
    record Follow(Empty value) implements CommandResponse {}

    /** The claimed or refreshed neuron. */
    record ClaimOrRefresh(ClaimOrRefreshResponse value) implements CommandResponse {}

    /** Configured. */
    record Configure(Empty value) implements CommandResponse {}

    /** Vote registered. */
    record RegisterVote(Empty value) implements CommandResponse {}

    /** Merged. */
    record Merge(MergeResponse value) implements CommandResponse {}

    /** The new proposal. */
    record MakeProposal(MakeProposalResponse value) implements CommandResponse {}

    /** The disbursement's block. */
    record Disburse(DisburseResponse value) implements CommandResponse {}
  }

  /** {@code ManageNeuronResponse = record { command : opt Command_1 }}. */
  public record ManageNeuronResponse(Optional<CommandResponse> command) {}

  /** {@code ListProposalInfo}. */
  public record ListProposalInfo(
      @CandidName("include_reward_status") List<Integer> includeRewardStatus,
      @CandidName("before_proposal") Optional<NeuronId> beforeProposal,
      @CandidAs("nat32") int limit,
      @CandidName("exclude_topic") List<Integer> excludeTopic,
      @CandidName("include_status") List<Integer> includeStatus) {}

  /** {@code ListProposalInfoResponse}. */
  public record ListProposalInfoResponse(@CandidName("proposal_info") List<ProposalInfo> proposalInfo) {}

  /** {@code ListNeurons}. */
  public record ListNeurons(
      @CandidName("neuron_ids") @CandidAs("vec nat64") List<Long> neuronIds,
      @CandidName("include_neurons_readable_by_caller") boolean includeNeuronsReadableByCaller) {}

  /** {@code ListNeuronsResponse}. */
  public record ListNeuronsResponse(
      @CandidName("neuron_infos") List<NeuronInfoEntry> neuronInfos,
      @CandidName("full_neurons") List<Neuron> fullNeurons) {}

  /** {@code RewardEvent}. */
  public record RewardEvent(
      @CandidName("rounds_since_last_distribution") @CandidAs("opt nat64") Optional<Long> roundsSinceLastDistribution,
      @CandidName("day_after_genesis") @CandidAs("nat64") long dayAfterGenesis,
      @CandidName("actual_timestamp_seconds") @CandidAs("nat64") long actualTimestampSeconds,
      @CandidName("total_available_e8s_equivalent") @CandidAs("nat64") long totalAvailableE8sEquivalent,
      @CandidName("latest_round_available_e8s_equivalent") @CandidAs("opt nat64") Optional<Long> latestRoundAvailableE8sEquivalent,
      @CandidName("distributed_e8s_equivalent") @CandidAs("nat64") long distributedE8sEquivalent,
      @CandidName("settled_proposals") List<NeuronId> settledProposals) {}

  /** {@code ListNodeProvidersResponse}. */
  public record ListNodeProvidersResponse(@CandidName("node_providers") List<NodeProvider> nodeProviders) {}

  /** A ballot of a proposal: {@code record { nat64; Ballot }} (neuron id, ballot). */
  public record BallotEntry(@CandidId(0) @CandidAs("nat64") long neuronId, @CandidId(1) Ballot ballot) {}

  /** {@code record { nat64; NeuronInfo }}. */
  public record NeuronInfoEntry(@CandidId(0) @CandidAs("nat64") long neuronId, @CandidId(1) NeuronInfo info) {}
}
