package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.RandomTapeShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;

/**
 * Makes this node's shares of random tapes ({@code RandomTapeMaker}) for finalized heights whose
 * batches are not yet delivered.
 *
 * <p>Safety: a tape share is made only for a finalized height, so no block maker could know the
 * tape when it chose the block's content; tapes are unique threshold signatures, so every node
 * executes with the same randomness. Liveness: every honest node shares every finalized height
 * from its next batch height on, so f+1 shares arrive and batch delivery never waits forever.
 */
public final class RandomTapeMaker {
  /** How many heights beyond the next batch height tapes are shared ahead. */
  static final int WINDOW = 16;

  private final ConsensusContext ctx;

  /** The tape maker of {@code ctx.self()}. */
  public RandomTapeMaker(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** The due tape shares. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    long from = Math.max(ctx.messageRouting().expectedBatchHeight().value(), pool.catchUpHeight().value() + 1);
    long to = Math.min(pool.finalizedHeight().value(), from + WINDOW - 1);
    List<ChangeAction> out = new ArrayList<>();
    for (long hv = from; hv <= to; hv++) {
      Height h = Height.of(hv);
      if (pool.randomTape(h).isPresent() || sharedBySelf(pool, h)) {
        continue;
      }
      Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
      if (t.isEmpty() || t.get().indexOf(ctx.self()) < 0) {
        continue;
      }
      RandomTapeContent content = new RandomTapeContent(ctx.version(), hv);
      ThresholdSignatureShare share = new ThresholdSignatureShare(ctx.self(), ctx.crypto().signThreshold(t.get(), content.signedBytes()));
      out.add(new ChangeAction.AddToValidated(new RandomTapeShare(content, share)));
    }
    return out;
  }

  private boolean sharedBySelf(PoolReader pool, Height h) {
    for (RandomTapeShare s : pool.validated().<RandomTapeShare>get(ArtifactType.RANDOM_TAPE_SHARE, h)) {
      if (s.signer().equals(ctx.self())) {
        return true;
      }
    }
    return false;
  }
}
