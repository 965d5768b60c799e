package org.jicp.consensus.component;

import java.util.List;
import java.util.Optional;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.RandomBeaconShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.types.Height;

/**
 * Makes this node's share of the next random beacon ({@code RandomBeaconMaker}).
 *
 * <p>Safety: the share signs {@code (version, h, crypto_hash(beacon h−1))} with the low-threshold
 * key active at h; beacon signatures are unique, so whatever f+1 shares are combined, every node
 * gets the same beacon h and the beacons form one chain. Liveness: a node shares beacon h as soon as
 * it has beacon h−1 and a notarized block at h−1 (round h has started), so the honest nodes' f+1
 * shares always arrive; the beacon is off the critical path because round h+1 ranks with it.
 */
public final class RandomBeaconMaker {
  private final ConsensusContext ctx;

  /** The beacon maker of {@code ctx.self()}. */
  public RandomBeaconMaker(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** The share of beacon {@code tip + 1}, if due. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    Height tipHeight = pool.beaconHeight();
    if (pool.notarizedHeight().compareTo(tipHeight) < 0) {
      return List.of();
    }
    Height h = tipHeight.increment();
    if (pool.randomBeacon(h).isPresent()) {
      return List.of();
    }
    for (RandomBeaconShare s : pool.validated().<RandomBeaconShare>get(ArtifactType.RANDOM_BEACON_SHARE, h)) {
      if (s.signer().equals(ctx.self())) {
        return List.of();
      }
    }
    Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
    Optional<RandomBeacon> tip = pool.randomBeacon(tipHeight);
    if (t.isEmpty() || tip.isEmpty() || t.get().indexOf(ctx.self()) < 0) {
      return List.of();
    }
    RandomBeaconContent content = new RandomBeaconContent(ctx.version(), h.value(), pool.beaconHash(tip.get()));
    ThresholdSignatureShare share = new ThresholdSignatureShare(ctx.self(), ctx.crypto().signThreshold(t.get(), content.signedBytes()));
    return List.of(new ChangeAction.AddToValidated(new RandomBeaconShare(content, share)));
  }
}
