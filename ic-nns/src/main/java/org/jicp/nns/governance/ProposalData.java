package org.jicp.nns.governance;

import java.util.Objects;
import java.util.Optional;

/**
 * A proposal and its life so far ({@code ProposalData}): the tally of its ballots (kept
 * incrementally; the ballots themselves are stored by {@link Governance}), its wait-for-quiet
 * deadline, and the times it was decided, executed or failed.
 *
 * @param id the proposal id
 * @param proposer the proposing neuron
 * @param proposal the proposal as submitted
 * @param topic the topic, derived from the action
 * @param proposalTimestampSeconds submission time
 * @param rejectCostE8s the fee the proposer pays if it is rejected
 * @param initialVotingPeriodSeconds 4 days, or 12 hours for short topics
 * @param deadlineTimestampSeconds the current (wait-for-quiet) deadline
 * @param yes voting power voting yes
 * @param no voting power voting no
 * @param total voting power of all ballots
 * @param tallyTimestampSeconds when the tally last changed
 * @param decidedTimestampSeconds when adopted or rejected (0 while open)
 * @param adopted whether it was adopted (meaningful once decided)
 * @param executedTimestampSeconds when executed (0 if not)
 * @param failedTimestampSeconds when its execution failed (0 if not)
 * @param failureReason why its execution failed
 * @param rewardEventRound the reward event that settled it (0 if none yet)
 */
public record ProposalData(
    long id,
    long proposer,
    GovernanceApi.Proposal proposal,
    Topic topic,
    long proposalTimestampSeconds,
    long rejectCostE8s,
    long initialVotingPeriodSeconds,
    long deadlineTimestampSeconds,
    long yes,
    long no,
    long total,
    long tallyTimestampSeconds,
    long decidedTimestampSeconds,
    boolean adopted,
    long executedTimestampSeconds,
    long failedTimestampSeconds,
    Optional<GovernanceApi.GovernanceError> failureReason,
    long rewardEventRound) {
  /** Validates the components. */
  public ProposalData {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(failureReason, "failureReason");
  }

  /** The status ({@code ProposalData::status}). */
  public ProposalStatus status() {
    if (decidedTimestampSeconds == 0) {
      return ProposalStatus.OPEN;
    }
    if (!adopted) {
      return ProposalStatus.REJECTED;
    }
    if (executedTimestampSeconds > 0) {
      return ProposalStatus.EXECUTED;
    }
    if (failedTimestampSeconds > 0) {
      return ProposalStatus.FAILED;
    }
    return ProposalStatus.ADOPTED;
  }

  /** The reward status at {@code now}. */
  public RewardStatus rewardStatus(long now) {
    if (rewardEventRound > 0) {
      return RewardStatus.SETTLED;
    }
    return acceptsVotes(now) ? RewardStatus.ACCEPT_VOTES : RewardStatus.READY_TO_SETTLE;
  }

  /** Whether ballots may still be cast ({@code accepts_vote}): before the deadline. */
  public boolean acceptsVotes(long now) {
    return now < deadlineTimestampSeconds;
  }

  /**
   * Whether the proposal would be adopted with its current tally ({@code is_accepted}): {@code yes
   * > no} and {@code yes ≥ 3 %} of the total voting power.
   */
  public boolean isAccepted() {
    return (double) yes >= total * GovernanceConstants.MIN_NUMBER_VOTES_FOR_PROPOSAL_RATIO && yes > no;
  }

  /**
   * Whether a decision can be made now ({@code can_make_decision}): an absolute majority ({@code 2
   * · yes > total} or {@code 2 · no ≥ total}), or the deadline has passed.
   */
  public boolean canMakeDecision(long now) {
    boolean majority = yes > total - yes || no >= total - no;
    return majority || !acceptsVotes(now);
  }

  ProposalData withTally(long newYes, long newNo, long now, long deadline) {
    return new ProposalData(id, proposer, proposal, topic, proposalTimestampSeconds, rejectCostE8s,
        initialVotingPeriodSeconds, deadline, newYes, newNo, total, now, decidedTimestampSeconds, adopted,
        executedTimestampSeconds, failedTimestampSeconds, failureReason, rewardEventRound);
  }

  ProposalData decided(boolean isAdopted, long now) {
    return new ProposalData(id, proposer, proposal, topic, proposalTimestampSeconds, rejectCostE8s,
        initialVotingPeriodSeconds, deadlineTimestampSeconds, yes, no, total, tallyTimestampSeconds, now, isAdopted,
        executedTimestampSeconds, failedTimestampSeconds, failureReason, rewardEventRound);
  }

  ProposalData executed(long now, Optional<GovernanceApi.GovernanceError> failure) {
    return new ProposalData(id, proposer, proposal, topic, proposalTimestampSeconds, rejectCostE8s,
        initialVotingPeriodSeconds, deadlineTimestampSeconds, yes, no, total, tallyTimestampSeconds,
        decidedTimestampSeconds, adopted, failure.isEmpty() ? now : 0, failure.isPresent() ? now : 0, failure,
        rewardEventRound);
  }

  ProposalData settled(long round) {
    return new ProposalData(id, proposer, proposal, topic, proposalTimestampSeconds, rejectCostE8s,
        initialVotingPeriodSeconds, deadlineTimestampSeconds, yes, no, total, tallyTimestampSeconds,
        decidedTimestampSeconds, adopted, executedTimestampSeconds, failedTimestampSeconds, failureReason, round);
  }
}
