package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.Notarization;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.types.Height;

/**
 * Drops what is no longer needed ({@code Purger}, reference notes §1.7).
 *
 * <ul>
 *   <li>unvalidated artifacts at or below the finalized height (catch-up package shares, tapes
 *       and dealings by their own rules);
 *   <li>validated notarization and finalization shares and equivocation proofs at or below the
 *       finalized height, beacon shares at or below the beacon height, and the proposals (and their notarizations) that lost at a
 *       finalized height;
 *   <li>random tape shares below the next batch height, catch-up package shares at or below the
 *       catch-up height, dealings of finished intervals;
 *   <li>everything below the catch-up package height minus {@link
 *       ConsensusConfig#MINIMUM_CHAIN_LENGTH} (50) heights, which stay for peers.
 * </ul>
 *
 * <p>Safety: nothing at a height above the finalized height that the notary or finalizer consult
 * is dropped (their rules look only above it), and the finalized chain is kept. Liveness: purging
 * bounds the pool, and keeps the 50 heights that let peers catch up by replay.
 */
public final class Purger {
  private static final Set<ArtifactType> CONSENSUS_ROUND =
      EnumSet.of(
          ArtifactType.BLOCK_PROPOSAL,
          ArtifactType.NOTARIZATION_SHARE,
          ArtifactType.NOTARIZATION,
          ArtifactType.FINALIZATION_SHARE,
          ArtifactType.FINALIZATION,
          ArtifactType.EQUIVOCATION_PROOF);
  private static final Set<ArtifactType> SHARES =
      EnumSet.of(ArtifactType.NOTARIZATION_SHARE, ArtifactType.FINALIZATION_SHARE, ArtifactType.EQUIVOCATION_PROOF);
  private static final Set<ArtifactType> BEACONS = EnumSet.of(ArtifactType.RANDOM_BEACON_SHARE, ArtifactType.RANDOM_BEACON);

  private final ConsensusContext ctx;
  private long purgedFinalized = -1;
  private long purgedCup = -1;
  private long purgedBeacon = -1;

  /** The purger of {@code ctx.self()}. */
  public Purger(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** The purge actions due since the last call (only when the finalized or CUP height moved). */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    long fin = pool.finalizedHeight().value();
    long cup = pool.catchUpHeight().value();
    if (fin == purgedFinalized && cup == purgedCup && pool.beaconHeight().value() == purgedBeacon) {
      return List.of();
    }
    List<ChangeAction> out = new ArrayList<>();
    Height aboveFinalized = Height.of(fin + 1);
    out.add(new ChangeAction.PurgeUnvalidatedBelow(aboveFinalized, CONSENSUS_ROUND));
    out.add(new ChangeAction.PurgeValidatedBelow(aboveFinalized, SHARES));
    Height aboveBeacon = Height.of(Math.min(fin, pool.beaconHeight().value()) + 1);
    out.add(new ChangeAction.PurgeUnvalidatedBelow(aboveBeacon, BEACONS));
    out.add(new ChangeAction.PurgeValidatedBelow(aboveBeacon, EnumSet.of(ArtifactType.RANDOM_BEACON_SHARE)));
    Height nextBatch = ctx.messageRouting().expectedBatchHeight();
    out.add(new ChangeAction.PurgeUnvalidatedBelow(nextBatch, EnumSet.of(ArtifactType.RANDOM_TAPE_SHARE, ArtifactType.RANDOM_TAPE)));
    out.add(new ChangeAction.PurgeValidatedBelow(nextBatch, EnumSet.of(ArtifactType.RANDOM_TAPE_SHARE)));
    Height aboveCup = Height.of(cup + 1);
    out.add(new ChangeAction.PurgeUnvalidatedBelow(aboveCup, EnumSet.of(ArtifactType.CATCH_UP_PACKAGE_SHARE, ArtifactType.CATCH_UP_PACKAGE)));
    out.add(new ChangeAction.PurgeValidatedBelow(aboveCup, EnumSet.of(ArtifactType.CATCH_UP_PACKAGE_SHARE)));
    Long latestSummary = pool.finalizedSummaries().isEmpty() ? null : pool.finalizedSummaries().lastKey();
    if (latestSummary != null) {
      out.add(new ChangeAction.PurgeValidatedBelow(Height.of(latestSummary), EnumSet.of(ArtifactType.DEALING)));
      out.add(new ChangeAction.PurgeUnvalidatedBelow(Height.of(latestSummary), EnumSet.of(ArtifactType.DEALING)));
    }
    // Losing proposals and their notarizations at newly finalized heights.
    for (long hv = Math.max(purgedFinalized + 1, cup + 1); hv <= fin; hv++) {
      Height h = Height.of(hv);
      HashedBlock winner = pool.finalizedBlock(h).orElse(null);
      if (winner == null) {
        continue;
      }
      for (BlockProposal p : pool.validated().<BlockProposal>get(ArtifactType.BLOCK_PROPOSAL, h)) {
        if (!p.block().equals(winner)) {
          out.add(new ChangeAction.RemoveFromValidated(p));
        }
      }
      for (Notarization n : pool.validated().<Notarization>get(ArtifactType.NOTARIZATION, h)) {
        if (!n.content().block().equals(winner.hash())) {
          out.add(new ChangeAction.RemoveFromValidated(n));
        }
      }
    }
    long keepFrom = cup - ConsensusConfig.MINIMUM_CHAIN_LENGTH;
    if (keepFrom > 0) {
      out.add(new ChangeAction.PurgeValidatedBelow(Height.of(keepFrom), EnumSet.noneOf(ArtifactType.class)));
      out.add(new ChangeAction.PurgeUnvalidatedBelow(Height.of(keepFrom), EnumSet.noneOf(ArtifactType.class)));
    }
    purgedFinalized = fin;
    purgedCup = cup;
    purgedBeacon = pool.beaconHeight().value();
    return out;
  }
}
