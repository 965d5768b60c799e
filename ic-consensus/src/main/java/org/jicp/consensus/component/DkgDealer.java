package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.DealingMessage;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.Bytes;

/**
 * Makes this node's NI-DKG dealings for the DKGs of the latest finalized summary (the IC's DKG
 * component, {@code dkg::DkgImpl}).
 *
 * <p>Safety: a dealer makes one dealing per DKG, for a config of a finalized summary (so all
 * nodes agree on what is being dealt; a resharing deals this node's share of the reshared key),
 * signed with its node key. Liveness: every honest dealer deals as soon as the summary is final,
 * and the honest dealers alone reach every collection threshold.
 */
public final class DkgDealer {
  private final ConsensusContext ctx;

  /** The dealer of {@code ctx.self()}. */
  public DkgDealer(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** This node's missing dealings for the latest finalized summary. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    Map.Entry<Long, DkgSummary> latest = pool.finalizedSummaries().lastEntry();
    if (latest == null) {
      return List.of();
    }
    DkgSummary s = latest.getValue();
    List<ChangeAction> out = new ArrayList<>();
    List<DealingMessage> have = pool.validated().get(ArtifactType.DEALING, s.height());
    for (DkgConfig c : s.configs()) {
      if (Collections.binarySearch(c.dealers(), ctx.self()) < 0
          || have.stream().anyMatch(d -> d.dkgId().equals(c.dkgId()) && d.dealer().equals(ctx.self()))) {
        continue;
      }
      Bytes dealing = ctx.crypto().createDealing(c, DkgPayloads.reshared(s, c));
      Bytes sig = ctx.crypto().signBasic(DealingMessage.signedBytes(c.dkgId(), ctx.self(), dealing));
      out.add(new ChangeAction.AddToValidated(new DealingMessage(c.dkgId(), ctx.self(), dealing, sig)));
    }
    return out;
  }
}
