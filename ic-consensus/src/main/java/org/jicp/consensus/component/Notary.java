package org.jicp.consensus.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.EquivocationProof;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.NotarizationContent;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * Signs notarization shares for the best blocks of the current round ({@code Notary}).
 *
 * <p>Safety: a node signs only blocks of the lowest rank among the valid proposals at the round's
 * height whose makers are not disqualified by an equivocation proof, so it never supports a
 * higher-rank block after a lower-rank one, and it signs only at the height after the notarized
 * height (never an older round it may have finality-signed). Liveness: once {@code
 * Δntry(rank) = initial_notary_delay + unit_delay × rank × 1.5^(notarized − finalized)} has passed
 * since the round start it signs, so the honest notaries (2f+1 of them) notarize the lowest-rank
 * block they all see; the growing factor makes a single notarized block — and hence finality —
 * likelier while finalization lags.
 */
public final class Notary {
  private final ConsensusContext ctx;

  /** The notary of {@code ctx.self()}. */
  public Notary(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The validated proposals of lowest rank at {@code h} whose makers have no validated
   * equivocation proof at {@code h} ({@code find_lowest_ranked_non_disqualified_proposals}).
   */
  public static List<BlockProposal> lowestRankedNonDisqualified(PoolReader pool, Height h) {
    Set<NodeId> disqualified = disqualified(pool, h);
    List<BlockProposal> best = new ArrayList<>();
    for (BlockProposal p : pool.validated().<BlockProposal>get(ArtifactType.BLOCK_PROPOSAL, h)) {
      if (disqualified.contains(p.signer())) {
        continue;
      }
      if (best.isEmpty() || p.rank().compareTo(best.get(0).rank()) < 0) {
        best.clear();
        best.add(p);
      } else if (p.rank().equals(best.get(0).rank()) && !best.contains(p)) {
        best.add(p);
      }
    }
    return best;
  }

  /** The makers with a validated equivocation proof at {@code h}. */
  public static Set<NodeId> disqualified(PoolReader pool, Height h) {
    List<EquivocationProof> proofs = pool.validated().get(ArtifactType.EQUIVOCATION_PROOF, h);
    if (proofs.isEmpty()) {
      return Set.of();
    }
    Set<NodeId> out = new HashSet<>();
    for (EquivocationProof p : proofs) {
      out.add(p.signer());
    }
    return out;
  }

  /** Whether this node already signed a notarization share for the block of {@code p}. */
  private boolean signed(PoolReader pool, BlockProposal p) {
    for (NotarizationShare s : pool.validated().<NotarizationShare>get(ArtifactType.NOTARIZATION_SHARE, p.height())) {
      if (s.signer().equals(ctx.self()) && s.content().block().equals(p.block().hash())) {
        return true;
      }
    }
    return false;
  }

  private record Candidate(BlockProposal proposal, Time at) {}

  private List<Candidate> candidates(PoolReader pool) {
    Height h = pool.notarizedHeight().increment();
    Optional<RandomBeacon> prev = pool.randomBeacon(h.decrement());
    Optional<Time> start = pool.roundStart(h);
    if (prev.isEmpty() || start.isEmpty() || !ctx.membership().isNotary(pool, h, prev.get(), ctx.self())) {
      return List.of();
    }
    List<Candidate> out = new ArrayList<>();
    for (BlockProposal p : lowestRankedNonDisqualified(pool, h)) {
      Optional<Duration> delay = Delays.notaryDelay(ctx.config(), pool, ctx.stateManager().latestCertifiedHeight(), p.rank());
      if (delay.isPresent() && !signed(pool, p)) {
        out.add(new Candidate(p, start.get().plus(delay.get())));
      }
    }
    return out;
  }

  /** The due notarization shares. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    List<ChangeAction> out = new ArrayList<>();
    for (Candidate c : candidates(pool)) {
      if (now.compareTo(c.at()) >= 0) {
        out.add(new ChangeAction.AddToValidated(sign(c.proposal())));
      }
    }
    return out;
  }

  /** When the next share becomes due, if any will. */
  public Optional<Time> nextWakeUp(PoolReader pool, Time now) {
    Time best = null;
    for (Candidate c : candidates(pool)) {
      if (c.at().compareTo(now) > 0 && (best == null || c.at().compareTo(best) < 0)) {
        best = c.at();
      }
    }
    return Optional.ofNullable(best);
  }

  /** This node's notarization share for the block of {@code p}. */
  public NotarizationShare sign(BlockProposal p) {
    NotarizationContent content = new NotarizationContent(ctx.version(), p.height(), p.block().hash());
    return new NotarizationShare(content, new MultiSignatureShare(ctx.self(), ctx.crypto().signMulti(content.signedBytes())));
  }
}
