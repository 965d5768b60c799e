package org.jicp.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Simulations with the real crypto ({@link org.jicp.consensus.crypto.BlsConsensusCrypto}): BLS
 * multi-signatures and threshold signatures, Ed25519 proposals, and — with a short DKG interval —
 * NI-DKG dealings in blocks, transcripts in summaries, key switches and catch-up packages checked
 * under the subnet key. Kept short: real pairings cost milliseconds each.
 */
class RealCryptoSimulationTest {
  @ParameterizedTest
  @ValueSource(ints = {4, 7, 13})
  void run_realCrypto_safeAndLive(int n) {
    SimulationResult r = Simulator.run(SimulationConfig.builder(n).seed(n).crypto(CryptoKind.REAL).targetHeight(4).build());
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.meanLatencyMillis()).isBetween(300.0, 500.0);
  }

  @Test
  void run_realCryptoWithNiDkgIntervals_keysSwitchToNiDkgKeys() {
    SimulationResult r = Simulator.run(SimulationConfig.builder(4).seed(1).crypto(CryptoKind.REAL).targetHeight(16).dkgIntervalLength(3).build());
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    // Dealings of the interval starting at 4 make the keys active from 12.
    assertThat(r.beaconKeyHeights()).contains(0L, 4L);
    assertThat(r.maxCatchUpHeight()).isGreaterThanOrEqualTo(12);
  }

  @Test
  void run_realCryptoWithAByzantineNode_invalidSignaturesAreRejected() {
    SimulationResult r = Simulator.run(SimulationConfig.builder(4).seed(3).crypto(CryptoKind.REAL).targetHeight(5).byzantine(1, Behaviour.INVALID_SIG).build());
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.invalidArtifacts()).isPositive();
  }
}
