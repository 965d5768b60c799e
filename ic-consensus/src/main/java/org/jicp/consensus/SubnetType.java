package org.jicp.consensus;

import java.time.Duration;

/**
 * The kinds of subnet whose consensus defaults differ (dfinity/ic {@code rs/limits}, registry
 * {@code SubnetRecord.unit_delay_millis}, {@code initial_notary_delay_millis}).
 */
public enum SubnetType {
  /** An application subnet: unit delay 1000 ms, initial notary delay 300 ms. */
  APPLICATION(Duration.ofMillis(1000), Duration.ofMillis(300)),
  /** A system subnet such as the NNS: unit delay 3000 ms, initial notary delay 300 ms. */
  SYSTEM(Duration.ofMillis(3000), Duration.ofMillis(300));

  private final Duration unitDelay;
  private final Duration initialNotaryDelay;

  SubnetType(Duration unitDelay, Duration initialNotaryDelay) {
    this.unitDelay = unitDelay;
    this.initialNotaryDelay = initialNotaryDelay;
  }

  /** The default unit delay (the block-maker delay per rank). */
  public Duration unitDelay() {
    return unitDelay;
  }

  /** The default initial notary delay (the notary delay of a rank-0 block). */
  public Duration initialNotaryDelay() {
    return initialNotaryDelay;
  }
}
