package org.jicp.consensus.sim;

import java.util.List;
import java.util.Optional;

/**
 * What a simulation run found.
 *
 * @param config the configuration that ran
 * @param safetyViolation the first violated invariant (safety, batch agreement, beacon chain), if any
 * @param trace the most recent events before the violation (empty if none)
 * @param livenessOk whether every honest node finalized at least {@code targetHeight − 2}
 * @param finalizedHeights the finalized height of each node at the end (−1 for a node that is down)
 * @param minHonestFinalized the lowest finalized height among honest nodes
 * @param virtualMillis the virtual time the run took
 * @param latencyMillis finalization latencies observed by honest nodes (round start to finalization), sorted
 * @param rankCounts how many finalized blocks had each rank (index = rank)
 * @param events events processed
 * @param messages messages delivered
 * @param invalidArtifacts artifacts honest validators rejected
 * @param maxCatchUpHeight the highest catch-up package height among honest nodes
 * @param stateSyncHeights per node, the height of the last catch-up package whose state it
 *     adopted by state sync (0 if it never had to)
 * @param beaconKeyHeights the DKG start heights of the keys that signed the beacons (0 is the
 *     genesis key; later ones come from NI-DKG summaries), ascending
 * @param wallNanos the wall-clock time the run took (not part of the reproducible output)
 * @param minHonestCertified the lowest latest-certified height among honest nodes that are up
 * @param certificationInvalid certification shares and certifications honest certifiers rejected
 *     (also counted in {@code invalidArtifacts})
 * @param xnetSlices stream slices in the batches the honest nodes executed (each height once)
 */
public record SimulationResult(
    SimulationConfig config,
    Optional<String> safetyViolation,
    List<String> trace,
    boolean livenessOk,
    List<Long> finalizedHeights,
    long minHonestFinalized,
    long virtualMillis,
    List<Double> latencyMillis,
    List<Long> rankCounts,
    long events,
    long messages,
    long invalidArtifacts,
    long maxCatchUpHeight,
    List<Long> stateSyncHeights,
    List<Long> beaconKeyHeights,
    long wallNanos,
    long minHonestCertified,
    long certificationInvalid,
    long xnetSlices) {
  /** Validates and copies the components. */
  public SimulationResult {
    trace = List.copyOf(trace);
    finalizedHeights = List.copyOf(finalizedHeights);
    latencyMillis = List.copyOf(latencyMillis);
    rankCounts = List.copyOf(rankCounts);
    stateSyncHeights = List.copyOf(stateSyncHeights);
    beaconKeyHeights = List.copyOf(beaconKeyHeights);
  }

  /** Whether no invariant was violated. */
  public boolean safe() {
    return safetyViolation.isEmpty();
  }

  /** Finalized blocks per virtual second (the lowest honest finalized height over the run time). */
  public double blocksPerSecond() {
    return virtualMillis == 0 ? 0 : minHonestFinalized * 1000.0 / virtualMillis;
  }

  /** The mean finalization latency in ms (NaN if none was observed). */
  public double meanLatencyMillis() {
    return latencyMillis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** The {@code q}-quantile of the finalization latency in ms (NaN if none). */
  public double latencyQuantile(double q) {
    if (latencyMillis.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(latencyMillis.size() - 1, Math.floor(q * latencyMillis.size()));
    return latencyMillis.get(i);
  }

  /** The final line of {@code jicp sim}. */
  public String summaryLine() {
    StringBuilder sb = new StringBuilder();
    sb.append("safety=").append(safe() ? "ok" : "VIOLATED");
    sb.append(" liveness=").append(livenessOk ? "ok" : "FAILED");
    sb.append(" finalized=").append(minHonestFinalized);
    sb.append(" blocks_per_s=").append(String.format(java.util.Locale.ROOT, "%.3f", blocksPerSecond()));
    sb.append(" seed=").append(config.seed());
    if (config.faulty() > config.faultsTolerated()) {
      sb.append(" faulty=").append(config.faulty()).append(">f=").append(config.faultsTolerated());
    }
    return sb.toString();
  }
}
