package org.jicp.consensus.component;

import java.time.Duration;
import java.util.Optional;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.types.Height;

/**
 * The delay functions of ICC as the IC instantiates them (reference notes §1.4).
 *
 * <ul>
 *   <li>{@code Δprop(r) = unit_delay × r} ({@code get_block_maker_delay});
 *   <li>{@code Δntry(r) = initial_notary_delay + unit_delay × r × 1.5^(notarized − finalized)},
 *       plus {@code 2000 ms × (finalized − certified)} when certification lags finalization by more
 *       than one height, and no notarization at all when the notarized height is 70 ahead of the
 *       certified height or of the next catch-up package ({@code
 *       get_adjusted_notary_delay_from_settings}).
 * </ul>
 */
public final class Delays {
  private Delays() {}

  /** {@code Δprop(rank)}: how long after the round start a maker of that rank may propose. */
  public static Duration blockMakerDelay(ConsensusConfig config, Rank rank) {
    return config.unitDelay().multipliedBy(rank.value());
  }

  /**
   * {@code Δntry(rank)} for the current pool: how long after the round start a notary may support
   * a block of that rank; empty when a hard gap limit stops notarization.
   */
  public static Optional<Duration> notaryDelay(ConsensusConfig config, PoolReader pool, Height certified, Rank rank) {
    long notarized = pool.notarizedHeight().value();
    long finalized = pool.finalizedHeight().value();
    if (notarized - certified.value() >= ConsensusConfig.ACCEPTABLE_NOTARIZATION_CERTIFICATION_GAP) {
      return Optional.empty();
    }
    long nextCup = pool.catchUpPackage().content().summary().nextSummaryHeight().value();
    if (notarized - nextCup >= ConsensusConfig.ACCEPTABLE_NOTARIZATION_CUP_GAP) {
      return Optional.empty();
    }
    double initial = config.initialNotaryDelay().toNanos() / 1e6;
    double ranked = config.unitDelay().toNanos() / 1e6 * rank.value();
    long millis = (long) (initial + ranked * Math.pow(1.5, notarized - finalized));
    long certifiedGap = Math.max(0, finalized - certified.value());
    if (certifiedGap > ConsensusConfig.ACCEPTABLE_FINALIZATION_CERTIFICATION_GAP) {
      millis += ConsensusConfig.BACKLOG_DELAY.toMillis() * certifiedGap;
    }
    return Optional.of(Duration.ofMillis(millis));
  }
}
