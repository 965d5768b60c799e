package org.jicp.nns.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jicp.nns.governance.GovernanceConstants.MAX_DISSOLVE_DELAY_SECONDS;
import static org.jicp.nns.governance.GovernanceConstants.MAX_NEURON_AGE_FOR_AGE_BONUS;
import static org.jicp.nns.governance.GovernanceConstants.MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS;
import static org.jicp.nns.governance.GovernanceConstants.ONE_DAY_SECONDS;
import static org.jicp.nns.governance.GovernanceConstants.ONE_YEAR_SECONDS;

import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.governance.GovernanceApi.Action;
import org.jicp.nns.governance.GovernanceApi.Proposal;
import org.jicp.nns.governance.GovernanceException.ErrorType;
import org.jicp.nns.ledger.AccountIdentifier;
import org.junit.jupiter.api.Test;

class GovernanceTest {
  static final long GENESIS = 1_620_000_000L;
  static final long NOW = GENESIS + 100 * ONE_DAY_SECONDS;
  static final long E8 = 100_000_000L;
  static final Principal ALICE = Principal.canisterIdFromIndex(7000);
  static final Principal BOB = Principal.canisterIdFromIndex(7001);
  static final Principal CAROL = Principal.canisterIdFromIndex(7002);

  final Governance g = new Governance(GovernanceConfig.nns(GENESIS));

  /** The vote in neuron {@code n}'s ballot on proposal {@code p}. */
  private Vote voteOf(long p, long n) {
    return g.ballot(p, n).orElseThrow().vote();
  }

  long neuron(Principal owner, long memo, long stakeIcp, long delaySeconds) {
    return g.addNeuron(owner, memo, stakeIcp * E8, delaySeconds, NOW, NOW);
  }

  static Proposal motion(String text) {
    return new Proposal("https://example.org", Optional.of("A motion " + text), Optional.of(new Action.Motion(new GovernanceApi.Motion(text))), "summary");
  }

  static GovernanceException.ErrorType errorOf(Runnable r) {
    try {
      r.run();
    } catch (GovernanceException e) {
      return e.type();
    }
    throw new AssertionError("no GovernanceException");
  }

  // ---------------------------------------------------------------- voting power

  @Test
  void votingPower_dissolveBonusUpTo100PercentAndAgeBonusUpTo25Percent() {
    assertThat(Neuron.votingPower(E8, 0, 0)).isEqualTo(E8);
    assertThat(Neuron.votingPower(E8, MAX_DISSOLVE_DELAY_SECONDS, 0)).isEqualTo(2 * E8);
    assertThat(Neuron.votingPower(E8, MAX_DISSOLVE_DELAY_SECONDS / 2, 0)).isEqualTo(3 * E8 / 2);
    assertThat(Neuron.votingPower(E8, MAX_DISSOLVE_DELAY_SECONDS, MAX_NEURON_AGE_FOR_AGE_BONUS)).isEqualTo(5 * E8 / 2);
    assertThat(Neuron.votingPower(E8, MAX_DISSOLVE_DELAY_SECONDS, MAX_NEURON_AGE_FOR_AGE_BONUS / 2)).isEqualTo(9 * E8 / 4);
    // Capped at 8 years and 4 years.
    assertThat(Neuron.votingPower(E8, 2 * MAX_DISSOLVE_DELAY_SECONDS, 3 * MAX_NEURON_AGE_FOR_AGE_BONUS)).isEqualTo(5 * E8 / 2);
    // No overflow for the whole supply.
    assertThat(Neuron.votingPower(Long.MAX_VALUE / 2, MAX_DISSOLVE_DELAY_SECONDS, MAX_NEURON_AGE_FOR_AGE_BONUS)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void eligibility_requiresSixMonthsDissolveDelay() {
    long a = neuron(ALICE, 1, 10, MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS);
    long b = neuron(BOB, 1, 10, MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS - 1);
    assertThat(g.findNeuron(a).orElseThrow().isEligibleToVote(NOW)).isTrue();
    assertThat(g.findNeuron(b).orElseThrow().isEligibleToVote(NOW)).isFalse();
    long p = g.makeProposal(ALICE, a, motion("x"), NOW);
    assertThat(g.ballot(p, b)).isEmpty();
    assertThat(errorOf(() -> g.registerVote(BOB, b, p, Vote.YES, NOW))).isEqualTo(ErrorType.NOT_AUTHORIZED);
    assertThat(errorOf(() -> g.makeProposal(BOB, b, motion("y"), NOW))).isEqualTo(ErrorType.INSUFFICIENT_FUNDS);
  }

  // ---------------------------------------------------------------- dissolve states

  @Test
  void dissolving_startStopIncreaseAndCaps() {
    long n = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    assertThat(g.findNeuron(n).orElseThrow().state(NOW)).isEqualTo(Neuron.State.NOT_DISSOLVING);
    g.startDissolving(ALICE, n, NOW);
    Neuron d = g.findNeuron(n).orElseThrow();
    assertThat(d.state(NOW)).isEqualTo(Neuron.State.DISSOLVING);
    assertThat(d.ageSeconds(NOW + 100)).isZero();
    assertThat(d.dissolveDelaySeconds(NOW + 100)).isEqualTo(ONE_YEAR_SECONDS - 100);
    assertThat(errorOf(() -> g.startDissolving(ALICE, n, NOW))).isEqualTo(ErrorType.REQUIRES_NOT_DISSOLVING);
    g.stopDissolving(ALICE, n, NOW + 100);
    Neuron s = g.findNeuron(n).orElseThrow();
    assertThat(s.state(NOW + 100)).isEqualTo(Neuron.State.NOT_DISSOLVING);
    assertThat(s.dissolveDelaySeconds(NOW + 100)).isEqualTo(ONE_YEAR_SECONDS - 100);
    assertThat(s.ageSeconds(NOW + 200)).isEqualTo(100);
    assertThat(errorOf(() -> g.stopDissolving(ALICE, n, NOW))).isEqualTo(ErrorType.REQUIRES_DISSOLVING);
    g.increaseDissolveDelay(ALICE, n, 20 * ONE_YEAR_SECONDS, NOW + 100);
    assertThat(g.findNeuron(n).orElseThrow().dissolveDelaySeconds(NOW)).isEqualTo(MAX_DISSOLVE_DELAY_SECONDS);
    assertThat(errorOf(() -> g.increaseDissolveDelay(BOB, n, 1, NOW))).isEqualTo(ErrorType.NOT_AUTHORIZED);
  }

  @Test
  void dissolvedNeuron_increaseDelayMakesItAgeAgainFromNow() {
    long n = neuron(ALICE, 1, 10, 100);
    g.startDissolving(ALICE, n, NOW);
    assertThat(g.findNeuron(n).orElseThrow().state(NOW + 100)).isEqualTo(Neuron.State.DISSOLVED);
    g.increaseDissolveDelay(ALICE, n, ONE_YEAR_SECONDS, NOW + 500);
    Neuron x = g.findNeuron(n).orElseThrow();
    assertThat(x.state(NOW + 500)).isEqualTo(Neuron.State.NOT_DISSOLVING);
    assertThat(x.agingSinceTimestampSeconds()).isEqualTo(NOW + 500);
  }

  // ---------------------------------------------------------------- hot keys, following

  @Test
  void hotKeys_atMostTenNoDuplicatesMayVoteButNotDisburse() {
    long n = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    for (int i = 0; i < 10; i++) {
      g.addHotKey(ALICE, n, Principal.canisterIdFromIndex(9000 + i));
    }
    assertThat(errorOf(() -> g.addHotKey(ALICE, n, Principal.canisterIdFromIndex(9100)))).isEqualTo(ErrorType.RESOURCE_EXHAUSTED);
    g.removeHotKey(ALICE, n, Principal.canisterIdFromIndex(9001));
    assertThat(errorOf(() -> g.addHotKey(ALICE, n, Principal.canisterIdFromIndex(9000)))).isEqualTo(ErrorType.HOT_KEY);
    Principal hot = Principal.canisterIdFromIndex(9000);
    long p = g.makeProposal(hot, n, motion("by hot key"), NOW);
    assertThat(g.proposal(p).proposer()).isEqualTo(n);
    assertThat(errorOf(() -> g.startDissolving(hot, n, NOW))).isEqualTo(ErrorType.NOT_AUTHORIZED);
    assertThat(errorOf(() -> g.addHotKey(hot, n, BOB))).isEqualTo(ErrorType.NOT_AUTHORIZED);
  }

  @Test
  void follow_atMostFifteenExistingFollowees() {
    long n = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    List<Long> many = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      many.add(neuron(BOB, 100 + i, 1, ONE_YEAR_SECONDS));
    }
    assertThat(errorOf(() -> g.follow(ALICE, n, Topic.GOVERNANCE, many))).isEqualTo(ErrorType.INVALID_COMMAND);
    g.follow(ALICE, n, Topic.GOVERNANCE, many.subList(0, 15));
    assertThat(g.findNeuron(n).orElseThrow().followeesFor(Topic.GOVERNANCE)).hasSize(15);
    assertThat(errorOf(() -> g.follow(ALICE, n, Topic.GOVERNANCE, List.of(99_999L)))).isEqualTo(ErrorType.NOT_FOUND);
    g.follow(ALICE, n, Topic.GOVERNANCE, List.of());
    assertThat(g.findNeuron(n).orElseThrow().followees()).isEmpty();
  }

  // ---------------------------------------------------------------- claiming

  @Test
  void claimOrRefresh_requiresMinimumStakeAndRefreshLowersAge() {
    assertThat(errorOf(() -> g.claimOrRefreshNeuron(ALICE, 7, E8 - 1, NOW))).isEqualTo(ErrorType.INSUFFICIENT_FUNDS);
    long n = g.claimOrRefreshNeuron(ALICE, 7, 2 * E8, NOW);
    Neuron claimed = g.findNeuron(n).orElseThrow();
    assertThat(claimed.subaccount()).isEqualTo(Governance.neuronSubaccount(ALICE, 7));
    assertThat(claimed.dissolveDelaySeconds(NOW)).isEqualTo(GovernanceConstants.INITIAL_NEURON_DISSOLVE_DELAY);
    assertThat(g.claimOrRefreshNeuron(ALICE, 7, 4 * E8, NOW + 1000)).isEqualTo(n);
    Neuron refreshed = g.findNeuron(n).orElseThrow();
    assertThat(refreshed.cachedNeuronStakeE8s()).isEqualTo(4 * E8);
    assertThat(refreshed.ageSeconds(NOW + 1000)).isEqualTo(500);
  }

  @Test
  void neuronSubaccount_isSha256OfDomainControllerAndMemo() throws Exception {
    java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
    d.update((byte) 0x0c);
    d.update("neuron-stake".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    d.update(ALICE.toByteArray());
    d.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 42});
    assertThat(Governance.neuronSubaccount(ALICE, 42).bytes()).isEqualTo(Bytes.of(d.digest()));
  }

  // ---------------------------------------------------------------- adoption rules

  @Test
  void absoluteMajorityYes_adoptsAtOnceAndRefundsTheRejectCost() {
    long big = neuron(ALICE, 1, 100, ONE_YEAR_SECONDS);
    neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, big, motion("adopt"), NOW);
    ProposalData d = g.proposal(p);
    assertThat(d.status()).isEqualTo(ProposalStatus.EXECUTED);
    assertThat(d.decidedTimestampSeconds()).isEqualTo(NOW);
    assertThat(g.findNeuron(big).orElseThrow().neuronFeesE8s()).isZero();
  }

  @Test
  void absoluteMajorityNo_rejectsAtOnceAndChargesTheRejectCost() {
    long small = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long big = neuron(BOB, 1, 100, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, small, motion("reject me"), NOW);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.OPEN);
    g.registerVote(BOB, big, p, Vote.NO, NOW + 1);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.REJECTED);
    assertThat(g.findNeuron(small).orElseThrow().neuronFeesE8s()).isEqualTo(g.economics().rejectCostE8s());
    assertThat(g.findNeuron(small).orElseThrow().stakeE8s()).isEqualTo(9 * E8);
  }

  @Test
  void exactlyHalfNo_isEnoughToReject() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, a, motion("tie"), NOW);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.OPEN);
    g.registerVote(BOB, b, p, Vote.NO, NOW);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.REJECTED);
  }

  @Test
  void atDeadline_yesAboveNoAndAtLeastThreePercent_adopts() {
    long proposer = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    neuron(BOB, 1, 300, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, proposer, motion("quorum"), NOW);
    ProposalData d = g.proposal(p);
    assertThat((double) d.yes() / d.total()).isGreaterThan(0.03);
    g.processProposals(d.deadlineTimestampSeconds() - 1);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.OPEN);
    g.processProposals(d.deadlineTimestampSeconds());
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.EXECUTED);
  }

  @Test
  void atDeadline_yesBelowThreePercent_rejects() {
    long proposer = neuron(ALICE, 1, 2, ONE_YEAR_SECONDS);
    neuron(BOB, 1, 100, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, proposer, motion("no quorum"), NOW);
    ProposalData d = g.proposal(p);
    assertThat((double) d.yes() / d.total()).isLessThan(0.03);
    assertThat(d.yes()).isGreaterThan(d.no());
    g.processProposals(d.deadlineTimestampSeconds());
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.REJECTED);
  }

  @Test
  void afterDeadline_votesAreRefused() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 100, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, a, motion("late"), NOW);
    long deadline = g.proposal(p).deadlineTimestampSeconds();
    assertThat(deadline).isEqualTo(NOW + GovernanceConstants.INITIAL_VOTING_PERIOD_SECONDS);
    assertThat(errorOf(() -> g.registerVote(BOB, b, p, Vote.YES, deadline))).isEqualTo(ErrorType.PRECONDITION_FAILED);
    assertThat(errorOf(() -> g.registerVote(CAROL, b, p, Vote.YES, NOW))).isEqualTo(ErrorType.NOT_AUTHORIZED);
    assertThat(errorOf(() -> g.registerVote(ALICE, a, p, Vote.NO, NOW))).isEqualTo(ErrorType.PRECONDITION_FAILED);
  }

  // ---------------------------------------------------------------- wait for quiet

  @Test
  void waitForQuiet_flipExtendsDeadlineByAtMostTwoDays() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 11, ONE_YEAR_SECONDS);
    long c = neuron(CAROL, 1, 2, ONE_YEAR_SECONDS);
    long d = neuron(CAROL, 2, 2, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, a, motion("controversial"), NOW);
    long initial = g.proposal(p).deadlineTimestampSeconds();
    // yes 10 > no 0: a vote for no that flips the result near the end.
    long late = initial - 60;
    g.registerVote(BOB, b, p, Vote.NO, late);
    long extended = g.proposal(p).deadlineTimestampSeconds();
    assertThat(extended).isGreaterThan(initial);
    // margin = W + (period - elapsed)/2 = 1 day + 30 s.
    assertThat(extended).isEqualTo(late + ONE_DAY_SECONDS + 30);
    // Flipping back later extends again, never beyond initial period + 2 W.
    g.registerVote(CAROL, c, p, Vote.YES, extended - 10);
    g.registerVote(CAROL, d, p, Vote.YES, extended - 10);
    long again = g.proposal(p).deadlineTimestampSeconds();
    assertThat(again).isGreaterThan(extended);
    assertThat(again).isLessThanOrEqualTo(NOW + GovernanceConstants.INITIAL_VOTING_PERIOD_SECONDS + 2 * ONE_DAY_SECONDS);
  }

  @Test
  void waitForQuiet_voteWithoutFlip_keepsDeadline() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 5, ONE_YEAR_SECONDS);
    neuron(CAROL, 1, 100, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, a, motion("quiet"), NOW);
    long initial = g.proposal(p).deadlineTimestampSeconds();
    g.registerVote(BOB, b, p, Vote.NO, initial - 60);
    assertThat(g.proposal(p).deadlineTimestampSeconds()).isEqualTo(initial);
  }

  // ---------------------------------------------------------------- following

  @Test
  void following_cascadesThroughChains() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long c = neuron(CAROL, 1, 10, ONE_YEAR_SECONDS);
    long big = neuron(CAROL, 2, 1000, ONE_YEAR_SECONDS);
    g.follow(BOB, b, Topic.GOVERNANCE, List.of(a));
    g.follow(CAROL, c, Topic.UNSPECIFIED, List.of(b));
    long p = g.makeProposal(ALICE, a, motion("chain"), NOW);
    assertThat(voteOf(p, b)).isEqualTo(Vote.YES);
    assertThat(voteOf(p, c)).isEqualTo(Vote.YES);
    assertThat(voteOf(p, big)).isEqualTo(Vote.UNSPECIFIED);
  }

  @Test
  void following_majorityOfFolloweesDecides() {
    long f1 = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long f2 = neuron(ALICE, 2, 10, ONE_YEAR_SECONDS);
    long f3 = neuron(ALICE, 3, 10, ONE_YEAR_SECONDS);
    long f4 = neuron(ALICE, 4, 10, ONE_YEAR_SECONDS);
    long yesFollower = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long noFollower = neuron(BOB, 2, 10, ONE_YEAR_SECONDS);
    neuron(CAROL, 1, 10_000, ONE_YEAR_SECONDS);
    g.follow(BOB, yesFollower, Topic.GOVERNANCE, List.of(f1, f2, f3));
    g.follow(BOB, noFollower, Topic.GOVERNANCE, List.of(f1, f2, f3, f4));
    long p = g.makeProposal(ALICE, f1, motion("majority"), NOW);
    assertThat(voteOf(p, yesFollower)).isEqualTo(Vote.UNSPECIFIED);
    g.registerVote(ALICE, f2, p, Vote.YES, NOW);
    assertThat(voteOf(p, yesFollower)).isEqualTo(Vote.YES);
    assertThat(voteOf(p, noFollower)).isEqualTo(Vote.UNSPECIFIED);
    g.registerVote(ALICE, f3, p, Vote.NO, NOW);
    g.registerVote(ALICE, f4, p, Vote.NO, NOW);
    // Two of four followees vote no: "at least half" is enough to follow with no.
    assertThat(voteOf(p, noFollower)).isEqualTo(Vote.NO);
  }

  @Test
  void following_topicFolloweesOverrideCatchAll() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long f = neuron(CAROL, 1, 10, ONE_YEAR_SECONDS);
    neuron(CAROL, 2, 10_000, ONE_YEAR_SECONDS);
    g.follow(CAROL, f, Topic.UNSPECIFIED, List.of(a));
    g.follow(CAROL, f, Topic.GOVERNANCE, List.of(b));
    long p = g.makeProposal(ALICE, a, motion("override"), NOW);
    assertThat(voteOf(p, f)).isEqualTo(Vote.UNSPECIFIED);
    g.registerVote(BOB, b, p, Vote.NO, NOW);
    assertThat(voteOf(p, f)).isEqualTo(Vote.NO);
  }

  @Test
  void following_cycleTerminatesAndFollowsOnce() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long c = neuron(CAROL, 1, 10, ONE_YEAR_SECONDS);
    neuron(CAROL, 2, 10_000, ONE_YEAR_SECONDS);
    g.follow(ALICE, a, Topic.GOVERNANCE, List.of(b));
    g.follow(BOB, b, Topic.GOVERNANCE, List.of(c));
    g.follow(CAROL, c, Topic.GOVERNANCE, List.of(a));
    long p = g.makeProposal(BOB, b, motion("cycle"), NOW);
    assertThat(voteOf(p, a)).isEqualTo(Vote.YES);
    assertThat(voteOf(p, b)).isEqualTo(Vote.YES);
    // c follows a, which followed b: the cycle is walked once and every neuron votes once.
    assertThat(voteOf(p, c)).isEqualTo(Vote.YES);
  }

  @Test
  void following_cycleWithoutAVoter_castsNothing() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long proposer = neuron(CAROL, 1, 1, ONE_YEAR_SECONDS);
    neuron(CAROL, 2, 10_000, ONE_YEAR_SECONDS);
    g.follow(ALICE, a, Topic.GOVERNANCE, List.of(b));
    g.follow(BOB, b, Topic.GOVERNANCE, List.of(a));
    long p = g.makeProposal(CAROL, proposer, motion("quiet cycle"), NOW);
    assertThat(voteOf(p, a)).isEqualTo(Vote.UNSPECIFIED);
    assertThat(voteOf(p, b)).isEqualTo(Vote.UNSPECIFIED);
  }

  @Test
  void following_changedAfterTheProposal_usesTheCurrentFollowees() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long f = neuron(CAROL, 1, 10, ONE_YEAR_SECONDS);
    neuron(CAROL, 2, 10_000, ONE_YEAR_SECONDS);
    g.follow(CAROL, f, Topic.GOVERNANCE, List.of(a));
    long p = g.makeProposal(BOB, b, motion("late following"), NOW);
    assertThat(voteOf(p, f)).isEqualTo(Vote.UNSPECIFIED);
    g.follow(CAROL, f, Topic.GOVERNANCE, List.of(b));
    // A follow change rolled back leaves the derived follow graph of the proposal valid.
    assertThatThrownBy(() -> g.atomic(() -> {
      g.follow(CAROL, f, Topic.GOVERNANCE, List.of(a));
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    g.registerVote(ALICE, a, p, Vote.NO, NOW);
    assertThat(voteOf(p, f)).isEqualTo(Vote.UNSPECIFIED);
    long p2 = g.makeProposal(BOB, b, motion("current following"), NOW);
    assertThat(voteOf(p2, f)).isEqualTo(Vote.YES);
  }

  @Test
  void following_duplicateFolloweeCountsTwice() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long f = neuron(CAROL, 1, 10, ONE_YEAR_SECONDS);
    neuron(CAROL, 2, 10_000, ONE_YEAR_SECONDS);
    g.follow(CAROL, f, Topic.GOVERNANCE, List.of(a, a, b));
    long p = g.makeProposal(ALICE, a, motion("twice"), NOW);
    assertThat(voteOf(p, f)).isEqualTo(Vote.YES);
  }

  // ---------------------------------------------------------------- rewards

  @Test
  void rewardPool_decaysQuadraticallyFromTenToFivePercent() {
    assertThat(Governance.rewardPoolFractionForDay(0) * 365.25).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Governance.rewardPoolFractionForDay((long) (4 * 365.25)) * 365.25).isCloseTo(0.0625, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Governance.rewardPoolFractionForDay((long) (8 * 365.25)) * 365.25).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Governance.rewardPoolFractionForDay(10_000) * 365.25).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void rewards_splitByParticipationIntoMaturity() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, a, motion("rewarded"), NOW);
    long deadline = g.proposal(p).deadlineTimestampSeconds();
    assertThat(g.rewardsDue(NOW)).isTrue();
    long when = deadline + ONE_DAY_SECONDS;
    long supply = 1_000_000 * E8;
    GovernanceApi.RewardEvent e = g.distributeRewards(when, supply).orElseThrow();
    long days = (when - GENESIS) / ONE_DAY_SECONDS;
    double pool = 0;
    for (long d = 1; d <= days; d++) {
      pool += supply * Governance.rewardPoolFractionForDay(d);
    }
    assertThat(e.totalAvailableE8sEquivalent()).isEqualTo((long) pool);
    assertThat(e.settledProposals()).containsExactly(new GovernanceApi.NeuronId(p));
    // Both neurons have the same voting power; only A voted: A gets half, B nothing.
    assertThat(g.findNeuron(a).orElseThrow().maturityE8sEquivalent()).isEqualTo((long) (e.totalAvailableE8sEquivalent() * 0.5));
    assertThat(g.findNeuron(b).orElseThrow().maturityE8sEquivalent()).isZero();
    assertThat(e.distributedE8sEquivalent()).isEqualTo(g.findNeuron(a).orElseThrow().maturityE8sEquivalent());
    assertThat(g.proposal(p).rewardStatus(when)).isEqualTo(RewardStatus.SETTLED);
    assertThat(g.distributeRewards(when, supply)).isEmpty();
  }

  @Test
  void rewards_withoutSettledProposals_rollOver() {
    neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    GovernanceApi.RewardEvent first = g.distributeRewards(GENESIS + ONE_DAY_SECONDS, 1_000 * E8).orElseThrow();
    assertThat(first.distributedE8sEquivalent()).isZero();
    GovernanceApi.RewardEvent second = g.distributeRewards(GENESIS + 2 * ONE_DAY_SECONDS, 1_000 * E8).orElseThrow();
    assertThat(second.totalAvailableE8sEquivalent()).isGreaterThan(first.totalAvailableE8sEquivalent());
  }

  // ---------------------------------------------------------------- execution

  @Test
  void savedState_keepsAdoptedProposalsWhoseExecutionHasNotStarted() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    Proposal pr = new Proposal("", Optional.of("Create a subnet"),
        Optional.of(new Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(1, Bytes.fromHex("4449444c0000")))), "");
    long p = g.makeProposal(ALICE, a, pr, NOW);
    long q = g.makeProposal(ALICE, a, pr, NOW);
    g.takePendingExecutions();
    long r = g.makeProposal(ALICE, a, pr, NOW);
    // p and q are being executed (their calls are in flight), r waits for the next heartbeat.
    Governance restored = GovernanceState.restore(GovernanceState.save(g));
    assertThat(restored.takePendingExecutions()).singleElement().isInstanceOfSatisfying(ProposalExecution.CallCanister.class, c -> {
      assertThat(c.proposalId()).isEqualTo(r);
      assertThat(c.method()).isEqualTo("create_subnet");
      assertThat(c.payload()).isEqualTo(Bytes.fromHex("4449444c0000"));
    });
    assertThat(GovernanceState.save(restored)).isNotEqualTo(GovernanceState.save(g));
    assertThat(restored.proposal(p).status()).isEqualTo(ProposalStatus.ADOPTED);
    assertThat(restored.proposal(q).status()).isEqualTo(ProposalStatus.ADOPTED);
  }

  @Test
  void executeNnsFunction_isQueuedThenReported() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    Proposal pr = new Proposal("", Optional.of("Create a subnet"),
        Optional.of(new Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(1, Bytes.fromHex("4449444c0000")))), "");
    long p = g.makeProposal(ALICE, a, pr, NOW);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.ADOPTED);
    assertThat(g.proposal(p).topic()).isEqualTo(Topic.SUBNET_MANAGEMENT);
    List<ProposalExecution> ex = g.takePendingExecutions();
    assertThat(ex).singleElement().isInstanceOfSatisfying(ProposalExecution.CallCanister.class,
        c -> assertThat(c.method()).isEqualTo("create_subnet"));
    assertThat(g.takePendingExecutions()).isEmpty();
    g.executionFailed(p, "boom", NOW + 1);
    assertThat(g.proposal(p).status()).isEqualTo(ProposalStatus.FAILED);
    assertThat(g.proposal(p).failureReason().orElseThrow().errorMessage()).isEqualTo("boom");
  }

  @Test
  void unsupportedNnsFunction_isAnInvalidProposal() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    Proposal pr = new Proposal("", Optional.of("Unknown function"),
        Optional.of(new Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(999, Bytes.EMPTY))), "");
    assertThat(errorOf(() -> g.makeProposal(ALICE, a, pr, NOW))).isEqualTo(ErrorType.INVALID_PROPOSAL);
    Proposal noTitle = new Proposal("", Optional.empty(), motion("x").action(), "");
    assertThat(errorOf(() -> g.makeProposal(ALICE, a, noTitle, NOW))).isEqualTo(ErrorType.INVALID_PROPOSAL);
    Proposal noAction = new Proposal("", Optional.of("Nothing to do"), Optional.empty(), "");
    assertThat(errorOf(() -> g.makeProposal(ALICE, a, noAction, NOW))).isEqualTo(ErrorType.INVALID_PROPOSAL);
    assertThat(g.proposals()).isEmpty();
    assertThat(g.findNeuron(a).orElseThrow().neuronFeesE8s()).isZero();
  }

  @Test
  void networkEconomics_changeAppliesOnlyNonZeroFields() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    GovernanceApi.NetworkEconomics change = new GovernanceApi.NetworkEconomics(0, 0, 0, 5 * E8, 0, 0, 0, 0);
    g.makeProposal(ALICE, a, new Proposal("", Optional.of("Raise reject cost"), Optional.of(new Action.ManageNetworkEconomics(change)), ""), NOW);
    assertThat(g.economics().rejectCostE8s()).isEqualTo(5 * E8);
    assertThat(g.economics().neuronMinimumStakeE8s()).isEqualTo(E8);
  }

  @Test
  void nodeProviders_addedByProposalAreRewardedByMint() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    Principal np = Principal.canisterIdFromIndex(8000);
    Action add = new Action.AddOrRemoveNodeProvider(new GovernanceApi.AddOrRemoveNodeProvider(Optional.of(
        new GovernanceApi.Change.ToAdd(new GovernanceApi.NodeProvider(Optional.of(np), Optional.empty())))));
    g.makeProposal(ALICE, a, new Proposal("", Optional.of("Add a node provider"), Optional.of(add), ""), NOW);
    assertThat(g.nodeProviders()).hasSize(1);
    List<LedgerStep> mints = g.nodeProviderRewardTransfers(java.util.Map.of(np.toText(), 50_000L), 40_000);
    // 5 XDR at 4 XDR/ICP = 1.25 ICP.
    assertThat(mints).containsExactly(new LedgerStep(Optional.empty(), AccountIdentifier.of(np), 125_000_000L, 0, 0));
  }

  // ---------------------------------------------------------------- neuron commands

  @Test
  void disburse_requiresDissolvedBurnsFeesThenTransfers() {
    long n = neuron(ALICE, 1, 10, 100);
    long big = neuron(BOB, 1, 100, ONE_YEAR_SECONDS);
    g.increaseDissolveDelay(ALICE, n, MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS, NOW);
    long p = g.makeProposal(ALICE, n, motion("rejected"), NOW);
    g.registerVote(BOB, big, p, Vote.NO, NOW);
    g.startDissolving(ALICE, n, NOW);
    AccountIdentifier to = AccountIdentifier.of(CAROL);
    assertThat(errorOf(() -> g.disburse(ALICE, n, Optional.empty(), to, NOW))).isEqualTo(ErrorType.REQUIRES_DISSOLVED);
    long later = NOW + MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS + 200;
    assertThat(errorOf(() -> g.disburse(BOB, n, Optional.empty(), to, later))).isEqualTo(ErrorType.NOT_AUTHORIZED);
    Governance.NeuronCommand c = g.disburse(ALICE, n, Optional.empty(), to, later);
    assertThat(c.steps()).hasSize(2);
    assertThat(c.steps().get(0).amountE8s()).isEqualTo(E8);
    assertThat(c.steps().get(1).amountE8s()).isEqualTo(9 * E8 - 10_000);
    // Locked while the transfers are under way.
    assertThat(errorOf(() -> g.increaseDissolveDelay(ALICE, n, 1, later))).isEqualTo(ErrorType.LEDGER_UPDATE_ONGOING);
    assertThat(g.commandStepSucceeded(c.id(), 5)).isFalse();
    assertThat(g.findNeuron(n).orElseThrow().neuronFeesE8s()).isZero();
    assertThat(g.commandStepSucceeded(c.id(), 6)).isTrue();
    assertThat(g.findNeuron(n).orElseThrow().cachedNeuronStakeE8s()).isZero();
    g.increaseDissolveDelay(ALICE, n, 1, later);
  }

  @Test
  void failedCommand_unlocksAndChangesNothing() {
    long n = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    Governance.NeuronCommand c = g.split(ALICE, n, 3 * E8, NOW);
    g.commandFailed(c.id());
    assertThat(g.findNeuron(n).orElseThrow().cachedNeuronStakeE8s()).isEqualTo(10 * E8);
    assertThat(g.findNeuron(c.createdNeuronId().orElseThrow())).isEmpty();
    g.startDissolving(ALICE, n, NOW);
  }

  @Test
  void split_createsChildWithSameDissolveStateAndFollowees() {
    long n = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long f = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    g.follow(ALICE, n, Topic.GOVERNANCE, List.of(f));
    assertThat(errorOf(() -> g.split(ALICE, n, 95 * E8 / 10, NOW))).isEqualTo(ErrorType.INSUFFICIENT_FUNDS);
    Governance.NeuronCommand c = g.split(ALICE, n, 3 * E8, NOW);
    g.commandStepSucceeded(c.id(), 1);
    Neuron child = g.findNeuron(c.createdNeuronId().orElseThrow()).orElseThrow();
    assertThat(child.cachedNeuronStakeE8s()).isEqualTo(3 * E8 - 10_000);
    assertThat(child.dissolveDelaySeconds(NOW)).isEqualTo(ONE_YEAR_SECONDS);
    assertThat(child.followeesFor(Topic.GOVERNANCE)).containsExactly(f);
    assertThat(g.findNeuron(n).orElseThrow().cachedNeuronStakeE8s()).isEqualTo(7 * E8);
  }

  @Test
  void merge_movesStakeAndMaturityToTarget() {
    long t = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long s = neuron(ALICE, 2, 5, 2 * ONE_YEAR_SECONDS);
    assertThat(errorOf(() -> g.merge(BOB, t, s, NOW))).isEqualTo(ErrorType.NOT_AUTHORIZED);
    Governance.NeuronCommand c = g.merge(ALICE, t, s, NOW);
    assertThat(errorOf(() -> g.startDissolving(ALICE, s, NOW))).isEqualTo(ErrorType.LEDGER_UPDATE_ONGOING);
    g.commandStepSucceeded(c.id(), 1);
    assertThat(g.findNeuron(t).orElseThrow().cachedNeuronStakeE8s()).isEqualTo(15 * E8 - 10_000);
    assertThat(g.findNeuron(t).orElseThrow().dissolveDelaySeconds(NOW)).isEqualTo(2 * ONE_YEAR_SECONDS);
    assertThat(g.findNeuron(s).orElseThrow().cachedNeuronStakeE8s()).isZero();
  }

  @Test
  void spawn_mintsMaturityIntoANewDissolvingNeuron() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long b = neuron(BOB, 1, 10, ONE_YEAR_SECONDS);
    long p = g.makeProposal(ALICE, a, motion("earn"), NOW);
    g.registerVote(BOB, b, p, Vote.YES, NOW);
    g.distributeRewards(g.proposal(p).deadlineTimestampSeconds() + ONE_DAY_SECONDS, 10_000_000 * E8);
    long maturity = g.findNeuron(a).orElseThrow().maturityE8sEquivalent();
    assertThat(maturity).isGreaterThan(E8);
    Governance.NeuronCommand c = g.spawn(ALICE, a, 100, Optional.empty(), 77, NOW);
    assertThat(c.steps().get(0).fromSubaccount()).isEmpty();
    g.commandStepSucceeded(c.id(), 9);
    Neuron child = g.findNeuron(c.createdNeuronId().orElseThrow()).orElseThrow();
    assertThat(child.cachedNeuronStakeE8s()).isEqualTo(maturity);
    assertThat(child.state(NOW)).isEqualTo(Neuron.State.DISSOLVING);
    assertThat(g.findNeuron(a).orElseThrow().maturityE8sEquivalent()).isZero();
  }

  @Test
  void rejectedCommand_leavesStateUnchanged() {
    long a = neuron(ALICE, 1, 10, ONE_YEAR_SECONDS);
    long before = g.findNeuron(a).orElseThrow().hashCode();
    assertThatThrownBy(() -> g.follow(ALICE, a, Topic.GOVERNANCE, List.of(a, 12345L))).isInstanceOf(GovernanceException.class);
    assertThat(g.findNeuron(a).orElseThrow().hashCode()).isEqualTo(before);
  }
}
