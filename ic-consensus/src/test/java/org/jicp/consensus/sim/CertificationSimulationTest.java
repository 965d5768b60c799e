package org.jicp.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Simulations with the certifier: every state is certified by the subnet's threshold signature
 * from gossiped shares, and after every step the simulator checks that honest nodes took the same
 * root hash at each height and that the certification verifies under the subnet public key.
 */
class CertificationSimulationTest {
  private static SimulationResult run(SimulationConfig.Builder b) {
    SimulationResult r = Simulator.run(b.certification(true).build());
    r.safetyViolation().ifPresent(v -> {
      System.out.println(v);
      r.trace().forEach(System.out::println);
    });
    return r;
  }

  @Test
  void run_honestSubnet_everyFinalizedStateIsCertified() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(11).targetHeight(20));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(18);
    assertThat(r.certificationInvalid()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = Behaviour.class, names = {"INVALID_SIG", "WITHHOLD", "DELAY", "CRASH", "EQUIVOCATE"})
  void run_fByzantineNodes_certificationStaysSafeAndLive(Behaviour b) {
    SimulationResult r = run(SimulationConfig.builder(7).seed(3).targetHeight(15).byzantine(2, b));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(12);
    if (b == Behaviour.INVALID_SIG) {
      assertThat(r.certificationInvalid()).as("corrupted certification shares are dropped").isPositive();
    }
  }

  @Test
  void run_shortDkgIntervals_certifiesAcrossKeyChangesAndMakesCatchUpPackages() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(5).targetHeight(40).dkgIntervalLength(4));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(37);
    assertThat(r.maxCatchUpHeight()).isGreaterThanOrEqualTo(30);
    assertThat(r.beaconKeyHeights()).as("NI-DKG keys took over").hasSizeGreaterThan(1);
  }

  @Test
  void run_nodeDownForManyIntervals_resumesAndCertifiesAgain() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(2).targetHeight(80).dkgIntervalLength(9).crash(3, 1_000, 30_000));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.stateSyncHeights().get(3)).isPositive();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(77);
  }

  @Test
  void run_wireEncoding_certificationArtifactsSurviveStrictDecoding() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(9).targetHeight(10).wire(true).byzantine(1, Behaviour.INVALID_SIG));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void run_realCrypto_certificationsVerifyUnderTheSubnetKey() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(4).targetHeight(6).crypto(CryptoKind.REAL).byzantine(1, Behaviour.INVALID_SIG));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.minHonestCertified()).isGreaterThanOrEqualTo(4);
    assertThat(r.certificationInvalid()).isPositive();
  }
}
