package org.jicp.consensus.component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackageShare;
import org.jicp.consensus.artifact.CatchUpShareContent;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;

/**
 * Signs catch-up package shares ({@code CatchUpPackageMaker}) for the latest finalized summary
 * block once its state is certified.
 *
 * <p>Safety: a share signs only a finalized summary block, the beacon of its height and the state
 * hash this node's own execution certified there, with the high-threshold key; 2f+1 shares (f+1
 * honest) are needed, so a catch-up package vouches for the finalized chain and its state.
 * Liveness: every honest node shares once its state at the summary height is certified, so
 * catch-up packages appear every interval and let purging and lagging nodes move on.
 */
public final class CatchUpPackageMaker {
  private final ConsensusContext ctx;

  /** The catch-up package maker of {@code ctx.self()}. */
  public CatchUpPackageMaker(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** This node's share for the latest finalized summary above the catch-up height, if due. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    Map.Entry<Long, DkgSummary> latest = pool.finalizedSummaries().lastEntry();
    if (latest == null || latest.getKey() <= pool.catchUpHeight().value()) {
      return List.of();
    }
    Height h = Height.of(latest.getKey());
    for (CatchUpPackageShare s : pool.validated().<CatchUpPackageShare>get(ArtifactType.CATCH_UP_PACKAGE_SHARE, h)) {
      if (s.signer().equals(ctx.self())) {
        return List.of();
      }
    }
    Optional<CryptoHash> state = ctx.stateManager().fullStateHash(h).map(CryptoHash::new);
    Optional<HashedBlock> block = pool.finalizedBlock(h);
    Optional<RandomBeacon> beacon = pool.randomBeacon(h);
    Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.HIGH_THRESHOLD);
    if (state.isEmpty() || block.isEmpty() || beacon.isEmpty() || t.isEmpty() || t.get().indexOf(ctx.self()) < 0) {
      return List.of();
    }
    CatchUpShareContent content = new CatchUpContent(block.get(), beacon.get(), state.get(), BlockMaker.REGISTRY_VERSION).shareContent();
    ThresholdSignatureShare share = new ThresholdSignatureShare(ctx.self(), ctx.crypto().signThreshold(t.get(), content.signedBytes()));
    return List.of(new ChangeAction.AddToValidated(new CatchUpPackageShare(content, share)));
  }
}
