package org.jicp.consensus;

import org.jicp.types.SubnetType;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of a subnet's consensus, with the IC's names and defaults (dfinity/ic {@code
 * rs/limits/src/lib.rs}; reference notes §1.4).
 *
 * @param unitDelay the block-maker delay per rank, {@code Δprop(r) = unitDelay × r}
 * @param initialNotaryDelay the notary delay of a rank-0 block
 * @param dkgIntervalLength the number of data blocks between two summary blocks; a DKG interval
 *     is {@code dkgIntervalLength + 1} heights
 * @param dkgDealingsPerBlock the most dealings one data block carries
 * @param maxBlockPayloadBytes the most bytes of ingress one block carries
 * @param maxIngressMessagesPerBlock the most ingress messages one block carries
 */
public record ConsensusConfig(
    Duration unitDelay,
    Duration initialNotaryDelay,
    long dkgIntervalLength,
    int dkgDealingsPerBlock,
    long maxBlockPayloadBytes,
    int maxIngressMessagesPerBlock) {
  /** {@code DKG_INTERVAL_HEIGHT}: 499 data blocks, so an interval is 500 heights. */
  public static final long DEFAULT_DKG_INTERVAL_LENGTH = 499;
  /** {@code MAX_BLOCK_PAYLOAD_SIZE}: 4 MiB. */
  public static final long MAX_BLOCK_PAYLOAD_BYTES = 4L * 1024 * 1024;
  /** {@code MAX_INGRESS_MESSAGES_PER_BLOCK}: 1000. */
  public static final int MAX_INGRESS_MESSAGES_PER_BLOCK = 1000;
  /** {@code DKG_DEALINGS_PER_BLOCK}: 1. */
  public static final int DKG_DEALINGS_PER_BLOCK = 1;
  /**
   * {@code ACCEPTABLE_NOTARIZATION_CERTIFICATION_GAP}: the notary stops when the notarized height
   * is this far ahead of the certified height.
   */
  public static final long ACCEPTABLE_NOTARIZATION_CERTIFICATION_GAP = 70;
  /** {@code ACCEPTABLE_NOTARIZATION_CUP_GAP}: the notary stops this far ahead of the next CUP. */
  public static final long ACCEPTABLE_NOTARIZATION_CUP_GAP = 70;
  /**
   * {@code ACCEPTABLE_FINALIZATION_CERTIFICATION_GAP}: beyond this lag of certification behind
   * finalization the notary adds {@link #BACKLOG_DELAY} per height.
   */
  public static final long ACCEPTABLE_FINALIZATION_CERTIFICATION_GAP = 1;
  /** {@code BACKLOG_DELAY_MILLIS}: 2000 ms per height of certification backlog. */
  public static final Duration BACKLOG_DELAY = Duration.ofMillis(2000);
  /** {@code MINIMUM_CHAIN_LENGTH}: heights kept below a catch-up package for peers. */
  public static final long MINIMUM_CHAIN_LENGTH = 50;

  /** Validates the components. */
  public ConsensusConfig {
    Objects.requireNonNull(unitDelay, "unitDelay");
    Objects.requireNonNull(initialNotaryDelay, "initialNotaryDelay");
    if (unitDelay.isNegative() || unitDelay.isZero()) {
      throw new IllegalArgumentException("the unit delay is positive: " + unitDelay);
    }
    if (initialNotaryDelay.isNegative()) {
      throw new IllegalArgumentException("the initial notary delay is not negative: " + initialNotaryDelay);
    }
    if (dkgIntervalLength < 1) {
      throw new IllegalArgumentException("the DKG interval length is at least 1: " + dkgIntervalLength);
    }
    if (dkgDealingsPerBlock < 1) {
      throw new IllegalArgumentException("at least one dealing per block: " + dkgDealingsPerBlock);
    }
    if (maxBlockPayloadBytes < 1 || maxIngressMessagesPerBlock < 0) {
      throw new IllegalArgumentException("payload limits must be positive");
    }
  }

  /** The IC's defaults for a subnet of the given type. */
  public static ConsensusConfig defaults(SubnetType type) {
    return new ConsensusConfig(
        type.unitDelay(),
        type.initialNotaryDelay(),
        DEFAULT_DKG_INTERVAL_LENGTH,
        DKG_DEALINGS_PER_BLOCK,
        MAX_BLOCK_PAYLOAD_BYTES,
        MAX_INGRESS_MESSAGES_PER_BLOCK);
  }

  /** This configuration with another unit delay. */
  public ConsensusConfig withUnitDelay(Duration d) {
    return new ConsensusConfig(d, initialNotaryDelay, dkgIntervalLength, dkgDealingsPerBlock, maxBlockPayloadBytes, maxIngressMessagesPerBlock);
  }

  /** This configuration with another initial notary delay. */
  public ConsensusConfig withInitialNotaryDelay(Duration d) {
    return new ConsensusConfig(unitDelay, d, dkgIntervalLength, dkgDealingsPerBlock, maxBlockPayloadBytes, maxIngressMessagesPerBlock);
  }

  /** This configuration with another DKG interval length. */
  public ConsensusConfig withDkgIntervalLength(long length) {
    return new ConsensusConfig(unitDelay, initialNotaryDelay, length, dkgDealingsPerBlock, maxBlockPayloadBytes, maxIngressMessagesPerBlock);
  }

  /** {@code f = ⌊(n − 1)/3⌋}, the Byzantine nodes a subnet of {@code n} tolerates. */
  public static int faultsTolerated(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a subnet has at least one node: " + n);
    }
    return (n - 1) / 3;
  }
}
