package org.jicp.benchmarks.nns;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Principal;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConfig;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.Topic;
import org.jicp.nns.governance.Vote;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A proposal over 100,000 neurons with following (target ≤ 200 ms): the 100,000 ballots are taken
 * (voting power of every neuron), then one vote cascades through the follow graph — 100 leaders,
 * 1,000 delegates following 3 leaders each, 98,900 neurons following 3 delegates each (mixed topic
 * and catch-all following) — and the tally, wait-for-quiet and the decision are computed. Each
 * operation is a new proposal on the same 100,000 neurons (governance is rebuilt every iteration);
 * it includes building the proposal's follow graph from the neurons' followees.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProposalTallyBenchmark {
  static final int NEURONS = 100_000;
  static final int LEADERS = 100;
  static final int DELEGATES = 1_000;
  static final long NOW = 1_700_000_000L;

  Governance g;
  Principal proposerOwner;
  long proposer;
  Principal leaderOwner;
  long leader;

  @Setup(Level.Iteration)
  public void setUp() {
    g = new Governance(GovernanceConfig.nns(NOW - 1000 * GovernanceConstants.ONE_DAY_SECONDS));
    SplittableRandom rnd = new SplittableRandom(42);
    List<Long> ids = new ArrayList<>(NEURONS);
    List<Principal> owners = new ArrayList<>(NEURONS);
    for (int i = 0; i < NEURONS; i++) {
      Principal owner = Principal.canisterIdFromIndex(1_000_000 + i);
      owners.add(owner);
      ids.add(g.addNeuron(owner, i, (1 + rnd.nextInt(1000)) * 100_000_000L,
          GovernanceConstants.ONE_YEAR_SECONDS + rnd.nextInt(1_000_000), NOW - rnd.nextInt(10_000_000), NOW));
    }
    for (int i = LEADERS; i < NEURONS; i++) {
      int base = i < LEADERS + DELEGATES ? 0 : LEADERS;
      int span = i < LEADERS + DELEGATES ? LEADERS : DELEGATES;
      List<Long> fs = List.of(ids.get(base + rnd.nextInt(span)), ids.get(base + rnd.nextInt(span)), ids.get(base + rnd.nextInt(span)));
      g.follow(owners.get(i), ids.get(i), i % 2 == 0 ? Topic.GOVERNANCE : Topic.UNSPECIFIED, new ArrayList<>(new java.util.LinkedHashSet<>(fs)));
    }
    proposer = ids.get(LEADERS + DELEGATES);
    proposerOwner = owners.get(LEADERS + DELEGATES);
    leader = ids.get(0);
    leaderOwner = owners.get(0);
    for (int i = 1; i < LEADERS; i++) {
      // Most leaders follow leader 0 on governance, so its vote reaches everyone.
      if (i % 10 != 0) {
        g.follow(owners.get(i), ids.get(i), Topic.GOVERNANCE, List.of(leader));
      }
    }
  }

  /** Ballots for 100,000 neurons, one vote that cascades to (almost) all of them, tally and decision. */
  @Benchmark
  public Object proposeAndCascade() {
    GovernanceApi.Proposal p = new GovernanceApi.Proposal("", Optional.of("A motion for the benchmark"),
        Optional.of(new GovernanceApi.Action.Motion(new GovernanceApi.Motion("benchmark"))), "");
    long id = g.makeProposal(proposerOwner, proposer, p, NOW);
    g.registerVote(leaderOwner, leader, id, Vote.YES, NOW);
    return g.proposal(id);
  }
}
