package org.jicp.consensus.component;

import static org.jicp.consensus.artifact.ArtifactType.BLOCK_PROPOSAL;
import static org.jicp.consensus.artifact.ArtifactType.CATCH_UP_PACKAGE;
import static org.jicp.consensus.artifact.ArtifactType.CATCH_UP_PACKAGE_SHARE;
import static org.jicp.consensus.artifact.ArtifactType.DEALING;
import static org.jicp.consensus.artifact.ArtifactType.EQUIVOCATION_PROOF;
import static org.jicp.consensus.artifact.ArtifactType.FINALIZATION;
import static org.jicp.consensus.artifact.ArtifactType.FINALIZATION_SHARE;
import static org.jicp.consensus.artifact.ArtifactType.NOTARIZATION;
import static org.jicp.consensus.artifact.ArtifactType.NOTARIZATION_SHARE;
import static org.jicp.consensus.artifact.ArtifactType.RANDOM_BEACON;
import static org.jicp.consensus.artifact.ArtifactType.RANDOM_BEACON_SHARE;
import static org.jicp.consensus.artifact.ArtifactType.RANDOM_TAPE;
import static org.jicp.consensus.artifact.ArtifactType.RANDOM_TAPE_SHARE;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
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
 *
 * <p>Each component is a function of the pool sections it reads, the state certifier and the
 * time; when none of these changed since it last had nothing to do (the {@link
 * org.jicp.consensus.pool.PoolSection#version} counters of the artifact types it reads, the
 * certified and next batch heights, and the time still before its next wake-up), that result is
 * reused instead of recomputed — a memo of a pure function, which the simulator's throughput
 * depends on.
 */
public final class Consensus {
  private final ConsensusContext ctx;
  private final BlockMaker blockMaker;
  private final Notary notary;
  private final Finalizer finalizer;
  private final Validator validator;
  private final Step[] steps;

  /** One component with its memo. */
  private final class Step {
    final BiFunction<PoolReader, Time, List<ChangeAction>> run;
    final BiFunction<PoolReader, Time, Optional<Time>> wake;
    final ArtifactType[] reads;
    final boolean readsUnvalidated;
    boolean idle;
    long stamp;
    long certified;
    long nextBatch;
    long until;

    Step(BiFunction<PoolReader, Time, List<ChangeAction>> run, BiFunction<PoolReader, Time, Optional<Time>> wake, EnumSet<ArtifactType> reads, boolean readsUnvalidated) {
      this.run = run;
      this.wake = wake;
      this.reads = reads.toArray(new ArtifactType[0]);
      this.readsUnvalidated = readsUnvalidated;
    }

    long stamp(PoolReader pool) {
      long s = readsUnvalidated ? pool.unvalidated().version() : 0;
      for (ArtifactType t : reads) {
        s += pool.validated().version(t);
      }
      return s;
    }

    List<ChangeAction> apply(PoolReader pool, Time now) {
      long s = stamp(pool);
      long c = ctx.stateManager().latestCertifiedHeight().value();
      long b = ctx.messageRouting().expectedBatchHeight().value();
      if (idle && s == stamp && c == certified && b == nextBatch && now.nanos() < until) {
        return List.of();
      }
      List<ChangeAction> out = run.apply(pool, now);
      if (out.isEmpty()) {
        idle = true;
        stamp = s;
        certified = c;
        nextBatch = b;
        until = wake == null ? Long.MAX_VALUE : wake.apply(pool, now).map(Time::nanos).orElse(Long.MAX_VALUE);
      } else {
        idle = false;
      }
      return out;
    }

    /** The memoized wake-up, if the memo is current for {@code pool}. */
    Optional<Time> wakeUp(PoolReader pool, Time now) {
      if (wake == null) {
        return Optional.empty();
      }
      if (idle && stamp(pool) == stamp && ctx.stateManager().latestCertifiedHeight().value() == certified
          && ctx.messageRouting().expectedBatchHeight().value() == nextBatch && now.nanos() < until) {
        return until == Long.MAX_VALUE ? Optional.empty() : Optional.of(Time.ofNanos(until));
      }
      return wake.apply(pool, now);
    }
  }

  /** The components of {@code ctx.self()}. */
  public Consensus(ConsensusContext ctx) {
    this.ctx = ctx;
    finalizer = new Finalizer(ctx);
    CatchUpPackageMaker cupMaker = new CatchUpPackageMaker(ctx);
    ShareAggregator aggregator = new ShareAggregator(ctx);
    notary = new Notary(ctx);
    RandomBeaconMaker beaconMaker = new RandomBeaconMaker(ctx);
    RandomTapeMaker tapeMaker = new RandomTapeMaker(ctx);
    blockMaker = new BlockMaker(ctx);
    DkgDealer dealer = new DkgDealer(ctx);
    validator = new Validator(ctx);
    Purger purger = new Purger(ctx);
    EnumSet<ArtifactType> chain = EnumSet.of(BLOCK_PROPOSAL, NOTARIZATION, FINALIZATION, RANDOM_BEACON, CATCH_UP_PACKAGE);
    steps =
        new Step[] {
          new Step(validator::onStateChange, validator::nextWakeUp, EnumSet.allOf(ArtifactType.class), true),
          new Step(finalizer::onStateChange, null, plus(chain, NOTARIZATION_SHARE, FINALIZATION_SHARE), false),
          new Step(cupMaker::onStateChange, null, plus(chain, CATCH_UP_PACKAGE_SHARE), false),
          new Step(aggregator::onStateChange, null, EnumSet.allOf(ArtifactType.class), false),
          new Step(notary::onStateChange, notary::nextWakeUp, plus(chain, NOTARIZATION_SHARE, EQUIVOCATION_PROOF), false),
          new Step(beaconMaker::onStateChange, null, plus(chain, RANDOM_BEACON_SHARE), false),
          new Step(tapeMaker::onStateChange, null, plus(chain, RANDOM_TAPE, RANDOM_TAPE_SHARE), false),
          new Step(blockMaker::onStateChange, blockMaker::nextWakeUp, plus(chain, EQUIVOCATION_PROOF, DEALING), false),
          new Step(dealer::onStateChange, null, plus(chain, DEALING), false),
          new Step(purger::onStateChange, null, EnumSet.allOf(ArtifactType.class), false)
        };
  }

  private static EnumSet<ArtifactType> plus(EnumSet<ArtifactType> base, ArtifactType... more) {
    EnumSet<ArtifactType> s = EnumSet.copyOf(base);
    s.addAll(List.of(more));
    return s;
  }

  /** The next change set, empty when there is nothing to do at {@code now}. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    for (Step s : steps) {
      List<ChangeAction> c = s.apply(pool, now);
      if (!c.isEmpty()) {
        return c;
      }
    }
    return List.of();
  }

  /** The earliest later time at which a delay expires (block maker, notary, validator). */
  public Optional<Time> nextWakeUp(PoolReader pool, Time now) {
    Time best = null;
    for (Step s : steps) {
      Optional<Time> t = s.wakeUp(pool, now);
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
