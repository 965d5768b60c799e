package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.BlockMakerRanking;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomnessPurpose;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * Who does what at a height ({@code Membership} of dfinity/ic {@code rs/consensus/utils}): the
 * subnet's nodes and active NI-DKG transcripts come from the DKG summaries (the interval's own
 * summary once finalized, else the previous summary's {@code next}); block-maker ranks from the
 * previous beacon's {@code BlockmakerRanking} permutation; the notarization committee from its
 * {@code CommitteeSampling} permutation (the first {@code 3f+1} nodes, i.e. all of them when
 * {@code n = 3f+1}).
 *
 * <p>Safety: thresholds are {@code committee − f = 2f+1} for notarization and finalization, so
 * two conflicting finalizations would need {@code f+1} notaries to sign twice; low threshold
 * {@code f+1} so that at least one honest node contributes to every beacon and tape. Liveness: the
 * honest nodes alone reach every threshold, and ranks {@code 0..f} always include an honest maker.
 *
 * <p>Rankings are memoized per height and beacon (a cache, not state: the result is a pure
 * function of its inputs).
 */
public final class Membership {
  private final SubnetId subnet;
  private final ConsensusConfig config;
  private final Map<Long, Object[]> rankings =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object[]> eldest) {
          return size() > 64;
        }
      };

  /** The membership rules of {@code subnet} with its consensus parameters. */
  public Membership(SubnetId subnet, ConsensusConfig config) {
    this.subnet = Objects.requireNonNull(subnet, "subnet");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The subnet. */
  public SubnetId subnet() {
    return subnet;
  }

  /** The consensus parameters. */
  public ConsensusConfig config() {
    return config;
  }

  /** {@code f} of a committee of {@code n}. */
  public static int faultsTolerated(int n) {
    return ConsensusConfig.faultsTolerated(n);
  }

  /** The notarization (and finalization) committee size for {@code n} nodes: {@code 3f+1}. */
  public static int committeeSize(int n) {
    return 3 * faultsTolerated(n) + 1;
  }

  /** The notarization and finalization threshold for {@code n} nodes: committee − f = 2f+1. */
  public static int notarizationThreshold(int n) {
    return committeeSize(n) - faultsTolerated(n);
  }

  private record Active(List<NodeId> nodes, DkgSummary summary, boolean current) {}

  private Optional<Active> resolve(PoolReader pool, Height h) {
    java.util.NavigableMap<Long, DkgSummary> summaries = pool.finalizedSummaries();
    if (lastResolved != null && lastHeight == h.value() && lastSummaries == summaries.size() && lastTop == summaries.lastKey()) {
      return lastResolved;
    }
    Optional<Active> r = resolveUncached(summaries, h);
    lastResolved = r;
    lastHeight = h.value();
    lastSummaries = summaries.size();
    lastTop = summaries.isEmpty() ? -1 : summaries.lastKey();
    return r;
  }

  private Optional<Active> lastResolved;
  private long lastHeight = -1;
  private int lastSummaries = -1;
  private long lastTop = -1;

  private Optional<Active> resolveUncached(java.util.NavigableMap<Long, DkgSummary> summaries, Height h) {
    Map.Entry<Long, DkgSummary> e = summaries.floorEntry(h.value());
    if (e == null) {
      return Optional.empty();
    }
    DkgSummary s = e.getValue();
    if (s.contains(h)) {
      return Optional.of(new Active(s.committee(), s, true));
    }
    Height next = s.nextSummaryHeight();
    if (h.compareTo(next) >= 0 && h.compareTo(next.plus(s.intervalLength() + 1)) < 0) {
      return Optional.of(new Active(s.committee(), s, false));
    }
    return Optional.empty();
  }

  /** The subnet's nodes at {@code h}, if the pool knows the summary that fixes them. */
  public Optional<List<NodeId>> nodes(PoolReader pool, Height h) {
    return resolve(pool, h).map(Active::nodes);
  }

  /** The transcript of {@code tag} whose key signs at {@code h}. */
  public Optional<DkgTranscript> activeTranscript(PoolReader pool, Height h, NiDkgTag tag) {
    return resolve(pool, h).map(a -> a.current() ? a.summary().currentTranscript(tag) : a.summary().nextTranscript(tag));
  }

  /** Whether {@code node} holds a share of the transcript of {@code tag} active at {@code h}. */
  public boolean inThresholdCommittee(PoolReader pool, Height h, NiDkgTag tag, NodeId node) {
    return activeTranscript(pool, h, tag).map(t -> t.indexOf(node) >= 0).orElse(false);
  }

  /** All nodes at {@code h} in rank order (from the beacon of h−1). */
  public Optional<List<NodeId>> ranking(PoolReader pool, Height h, RandomBeacon previous) {
    if (previous.height().value() != h.value() - 1) {
      throw new IllegalArgumentException("the ranking of height " + h + " uses the beacon of " + (h.value() - 1));
    }
    Object[] cached = rankings.get(h.value());
    if (cached != null && cached[0].equals(previous)) {
      @SuppressWarnings("unchecked")
      List<NodeId> r = (List<NodeId>) cached[1];
      return Optional.of(r);
    }
    Optional<List<NodeId>> nodes = nodes(pool, h);
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    List<Principal> ps = new ArrayList<>(nodes.get().size());
    for (NodeId n : nodes.get()) {
      ps.add(n.principal());
    }
    List<NodeId> ranked = new ArrayList<>(ps.size());
    for (Principal p : BlockMakerRanking.ranking(h.value(), previous.toCrypto(), ps)) {
      ranked.add(new NodeId(p));
    }
    List<NodeId> r = Collections.unmodifiableList(ranked);
    rankings.put(h.value(), new Object[] {previous, r});
    return Optional.of(r);
  }

  /** The rank of {@code node} at {@code h} if it is a block maker there (rank ≤ f). */
  public Optional<Rank> blockMakerRank(PoolReader pool, Height h, RandomBeacon previous, NodeId node) {
    Optional<List<NodeId>> r = ranking(pool, h, previous);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    int i = r.get().indexOf(node);
    return i >= 0 && i <= faultsTolerated(r.get().size()) ? Optional.of(Rank.of(i)) : Optional.empty();
  }

  /** The notarization committee at {@code h}: the first 3f+1 nodes of the committee sampling. */
  public Optional<List<NodeId>> notarizationCommittee(PoolReader pool, Height h, RandomBeacon previous) {
    Optional<List<NodeId>> nodes = nodes(pool, h);
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    int n = nodes.get().size();
    if (committeeSize(n) == n) {
      return nodes;
    }
    List<NodeId> sampled = new ArrayList<>(nodes.get());
    Csprng.fromRandomBeacon(previous.toCrypto(), RandomnessPurpose.COMMITTEE_SAMPLING).shuffle(sampled);
    List<NodeId> committee = new ArrayList<>(sampled.subList(0, committeeSize(n)));
    committee.sort(null);
    return Optional.of(committee);
  }

  /** Whether {@code node} notarizes and finalizes at {@code h}. */
  public boolean isNotary(PoolReader pool, Height h, RandomBeacon previous, NodeId node) {
    return notarizationCommittee(pool, h, previous).map(c -> Collections.binarySearch(c, node) >= 0).orElse(false);
  }
}
