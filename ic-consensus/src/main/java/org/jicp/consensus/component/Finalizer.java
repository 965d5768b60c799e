package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.FinalizationContent;
import org.jicp.consensus.artifact.FinalizationShare;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.types.Height;

/**
 * Signs finalization shares ({@code Finalizer}) — the IC rule.
 *
 * <p>Safety: a notary signs a finalization share for height h only if it sees exactly one
 * notarized block at h, has signed no finalization share at h yet, and has signed no notarization
 * share for any other block at h. An honest notary therefore never finality-signs a block while
 * supporting a rival, so a finalization (2f+1 shares, at least f+1 honest) at h means at most
 * {@code n − (f+1) < 2f+1} notaries could notarize another block at h: no conflicting block is
 * ever notarized, let alone finalized. Liveness: in a round with an honest leader and a timely
 * network every honest notary sees that single notarized block and signs at once.
 */
public final class Finalizer {
  private final ConsensusContext ctx;

  /** The finalizer of {@code ctx.self()}. */
  public Finalizer(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** The due finalization shares, for heights above the finalized height up to the notarized one. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    List<ChangeAction> out = new ArrayList<>();
    for (long hv = pool.finalizedHeight().value() + 1; hv <= pool.notarizedHeight().value(); hv++) {
      Height h = Height.of(hv);
      Optional<RandomBeacon> prev = pool.randomBeacon(h.decrement());
      if (prev.isEmpty() || !ctx.membership().isNotary(pool, h, prev.get(), ctx.self())) {
        continue;
      }
      List<HashedBlock> notarized = pool.notarizedBlocks(h);
      if (notarized.size() != 1 || finalitySigned(pool, h) || supportedOther(pool, h, notarized.get(0))) {
        continue;
      }
      out.add(new ChangeAction.AddToValidated(sign(notarized.get(0))));
    }
    return out;
  }

  /** This node's finalization share for {@code block}. */
  public FinalizationShare sign(HashedBlock block) {
    FinalizationContent content = new FinalizationContent(ctx.version(), block.height(), block.hash());
    return new FinalizationShare(content, new MultiSignatureShare(ctx.self(), ctx.crypto().signMulti(content.signedBytes())));
  }

  private boolean finalitySigned(PoolReader pool, Height h) {
    for (FinalizationShare s : pool.validated().<FinalizationShare>get(ArtifactType.FINALIZATION_SHARE, h)) {
      if (s.signer().equals(ctx.self())) {
        return true;
      }
    }
    return false;
  }

  private boolean supportedOther(PoolReader pool, Height h, HashedBlock block) {
    for (NotarizationShare s : pool.validated().<NotarizationShare>get(ArtifactType.NOTARIZATION_SHARE, h)) {
      if (s.signer().equals(ctx.self()) && !s.content().block().equals(block.hash())) {
        return true;
      }
    }
    return false;
  }
}
