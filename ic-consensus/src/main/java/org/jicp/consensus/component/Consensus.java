package org.jicp.consensus.component;

import java.util.List;
import java.util.Optional;
import org.jicp.consensus.Time;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;

/**
 * The consensus of one node as one pure function ({@code ConsensusImpl::on_state_change}): given
 * the pool and the time, the first non-empty change set of the components in priority order —
 * validator, finalizer, catch-up package maker, share aggregator, notary, beacon maker, tape
 * maker, block maker, DKG dealer, purger. Applying it and calling again until nothing is left is
 * the node's step.
 *
 * <p>Safety and liveness are those of the components (see each). The order gives finality and
 * aggregation precedence over new work, as in the IC, but checks what arrived first (the IC
 * validates last); any order is safe, as each component's rule holds on its own.
 */
public final class Consensus {
  private final Finalizer finalizer;
  private final CatchUpPackageMaker cupMaker;
  private final ShareAggregator aggregator;
  private final Notary notary;
  private final RandomBeaconMaker beaconMaker;
  private final RandomTapeMaker tapeMaker;
  private final BlockMaker blockMaker;
  private final DkgDealer dealer;
  private final Validator validator;
  private final Purger purger;

  /** The components of {@code ctx.self()}. */
  public Consensus(ConsensusContext ctx) {
    finalizer = new Finalizer(ctx);
    cupMaker = new CatchUpPackageMaker(ctx);
    aggregator = new ShareAggregator(ctx);
    notary = new Notary(ctx);
    beaconMaker = new RandomBeaconMaker(ctx);
    tapeMaker = new RandomTapeMaker(ctx);
    blockMaker = new BlockMaker(ctx);
    dealer = new DkgDealer(ctx);
    validator = new Validator(ctx);
    purger = new Purger(ctx);
  }

  /** The next change set, empty when there is nothing to do at {@code now}. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    // Validation first: what arrived is checked before the makers look at the pool, which saves
    // evaluating them once per arrival (the IC's order puts the validator late; the order does
    // not matter for safety).
    List<ChangeAction> c = validator.onStateChange(pool, now);
    if (c.isEmpty()) {
      c = finalizer.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = cupMaker.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = aggregator.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = notary.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = beaconMaker.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = tapeMaker.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = blockMaker.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = dealer.onStateChange(pool, now);
    }
    if (c.isEmpty()) {
      c = purger.onStateChange(pool, now);
    }
    return c;
  }

  /** The earliest later time at which a delay expires (block maker, notary, validator). */
  public Optional<Time> nextWakeUp(PoolReader pool, Time now) {
    Time best = null;
    for (Optional<Time> t : List.of(blockMaker.nextWakeUp(pool, now), notary.nextWakeUp(pool, now), validator.nextWakeUp(pool, now))) {
      if (t.isPresent() && t.get().compareTo(now) > 0 && (best == null || t.get().compareTo(best) < 0)) {
        best = t.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /** The block maker (the simulator's equivocating makers reuse it). */
  public BlockMaker blockMaker() {
    return blockMaker;
  }

  /** The notary. */
  public Notary notary() {
    return notary;
  }

  /** The finalizer. */
  public Finalizer finalizer() {
    return finalizer;
  }
}
