package org.jicp.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bad input from Byzantine peers (issue 14, "Bad input"): malformed bytes, bad signatures, wrong
 * heights, oversized payloads and invalid stream slices are dropped, and the honest nodes keep
 * finalizing, executing and certifying.
 */
class ByzantinePeerTest {
  private static SimulationResult run(SimulationConfig.Builder b) {
    SimulationResult r = Simulator.run(b.build());
    r.safetyViolation().ifPresent(v -> {
      System.out.println(v);
      r.trace().forEach(System.out::println);
    });
    return r;
  }

  @Test
  void run_streamSlices_certifiedSlicesReachEveryBatch() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(6).targetHeight(20).xnetPerBlock(3).dkgIntervalLength(9));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.invalidArtifacts()).isZero();
    // One slice per data block; the summary blocks (heights 10 and 20) carry none.
    assertThat(r.xnetSlices()).isGreaterThanOrEqualTo(r.minHonestFinalized() - 2 - 2);
  }

  @Test
  void run_byzantineMakerWithInvalidStreamSlices_blocksRejectedByThePayloadBuilderNodeKeepsGoing() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(7).targetHeight(20).xnetPerBlock(2).byzantine(1, Behaviour.INVALID_PAYLOAD));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.invalidArtifacts()).isPositive();
    assertThat(r.xnetSlices()).isGreaterThanOrEqualTo(15);
  }

  @Test
  void run_peerSendingMalformedAndInvalidArtifacts_allDroppedAndTheSubnetKeepsGoing() {
    SimulationResult r =
        run(SimulationConfig.builder(4).seed(12).targetHeight(20).xnetPerBlock(1).certification(true).byzantine(1, Behaviour.BAD_INPUT));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(17);
    assertThat(r.invalidArtifacts()).isGreaterThan(100);
    assertThat(r.certificationInvalid()).isPositive();
  }

  @Test
  void run_fPeersSendingBadInputOnTheWire_safeAndLive() {
    SimulationResult r = run(SimulationConfig.builder(7).seed(13).targetHeight(12).wire(true).certification(true).byzantine(2, Behaviour.BAD_INPUT));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(9);
  }
}
