package org.jicp.nns.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;

/**
 * Random follow graphs (with cycles, catch-all and topic following mixed) and random direct votes:
 * after every vote the ballots are a fixpoint of following — every neuron that voted by following is
 * justified by its followees' final ballots, no neuron without a vote would follow anyone, direct
 * votes are kept — and the tally is the sum of the ballots.
 */
class FollowingPropertyTest {
  static final long NOW = 1_700_000_000L;

  @Test
  void cascades_reachAJustifiedFixpoint() {
    long seed = Long.getLong("jicp.seed", System.nanoTime());
    System.out.println("FollowingPropertyTest seed = " + seed + " (rerun with -Djicp.seed=" + seed + ")");
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 20; round++) {
      runOnce(rnd, seed, round);
    }
  }

  private void runOnce(SplittableRandom rnd, long seed, int round) {
    Governance g = new Governance(GovernanceConfig.nns(NOW - 1000 * GovernanceConstants.ONE_DAY_SECONDS));
    int n = 20 + rnd.nextInt(60);
    List<Long> ids = new ArrayList<>();
    List<Principal> owners = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Principal owner = Principal.canisterIdFromIndex(100_000 + i);
      owners.add(owner);
      ids.add(g.addNeuron(owner, i, (1 + rnd.nextInt(100)) * 100_000_000L,
          GovernanceConstants.ONE_YEAR_SECONDS + rnd.nextInt(1_000_000), NOW - rnd.nextInt(1_000_000), NOW));
    }
    for (int i = 0; i < n; i++) {
      for (Topic t : List.of(Topic.GOVERNANCE, Topic.UNSPECIFIED)) {
        if (rnd.nextInt(3) == 0) {
          continue;
        }
        Set<Long> fs = new HashSet<>();
        int k = 1 + rnd.nextInt(5);
        for (int j = 0; j < k; j++) {
          fs.add(ids.get(rnd.nextInt(n)));
        }
        g.follow(owners.get(i), ids.get(i), t, new ArrayList<>(fs));
      }
    }
    int proposer = rnd.nextInt(n);
    long p = g.makeProposal(owners.get(proposer), ids.get(proposer), GovernanceTest.motion("p"), NOW);
    Set<Long> direct = new HashSet<>();
    direct.add(ids.get(proposer));
    check(g, p, direct, seed, round);
    for (int v = 0; v < 10; v++) {
      int i = rnd.nextInt(n);
      if (g.ballot(p, ids.get(i)).orElseThrow().vote() != Vote.UNSPECIFIED || !g.proposal(p).acceptsVotes(NOW)) {
        continue;
      }
      g.registerVote(owners.get(i), ids.get(i), p, rnd.nextBoolean() ? Vote.YES : Vote.NO, NOW);
      direct.add(ids.get(i));
      check(g, p, direct, seed, round);
    }
  }

  private void check(Governance g, long p, Set<Long> direct, long seed, int round) {
    Map<Long, Governance.Ballot> ballots = g.ballots(p);
    long yes = 0;
    long no = 0;
    for (Map.Entry<Long, Governance.Ballot> e : ballots.entrySet()) {
      Vote v = e.getValue().vote();
      if (v == Vote.YES) {
        yes += e.getValue().votingPower();
      } else if (v == Vote.NO) {
        no += e.getValue().votingPower();
      }
      if (direct.contains(e.getKey())) {
        assertThat(v).as("seed %d round %d: direct voter %d", seed, round, e.getKey()).isNotEqualTo(Vote.UNSPECIFIED);
        continue;
      }
      Vote follow = wouldFollow(g.findNeuron(e.getKey()).orElseThrow().followeesFor(Topic.GOVERNANCE), ballots);
      if (v == Vote.UNSPECIFIED) {
        assertThat(follow).as("seed %d round %d: neuron %d left out of the cascade", seed, round, e.getKey())
            .isEqualTo(Vote.UNSPECIFIED);
      } else {
        assertThat(follow).as("seed %d round %d: neuron %d's vote is not justified", seed, round, e.getKey())
            .isEqualTo(v);
      }
    }
    ProposalData d = g.proposal(p);
    assertThat(d.yes()).isEqualTo(yes);
    assertThat(d.no()).isEqualTo(no);
    assertThat(d.total()).isEqualTo(ballots.values().stream().mapToLong(Governance.Ballot::votingPower).sum());
    assertThat(Optional.of(d.yes() + d.no())).get().matches(x -> x <= d.total());
  }

  private static Vote wouldFollow(List<Long> followees, Map<Long, Governance.Ballot> ballots) {
    if (followees.isEmpty()) {
      return Vote.UNSPECIFIED;
    }
    int yes = 0;
    int no = 0;
    for (long f : followees) {
      Governance.Ballot b = ballots.get(f);
      if (b != null && b.vote() == Vote.YES) {
        yes++;
      } else if (b != null && b.vote() == Vote.NO) {
        no++;
      }
    }
    return 2 * yes > followees.size() ? Vote.YES : 2 * no >= followees.size() ? Vote.NO : Vote.UNSPECIFIED;
  }
}
