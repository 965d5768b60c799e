package org.jicp.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorTest {
  private static SimulationResult run(SimulationConfig.Builder b) {
    SimulationResult r = Simulator.run(b.build());
    r.safetyViolation().ifPresent(v -> {
      System.out.println(v);
      r.trace().forEach(System.out::println);
    });
    return r;
  }

  @Test
  void run_sameSeed_identicalRun() {
    SimulationConfig cfg = SimulationConfig.builder(7).seed(5).targetHeight(15).byzantine(2, Behaviour.EQUIVOCATE).drops(0.1, 200).build();
    SimulationResult a = Simulator.run(cfg);
    SimulationResult b = Simulator.run(cfg);
    assertThat(b.summaryLine()).isEqualTo(a.summaryLine());
    assertThat(b.finalizedHeights()).isEqualTo(a.finalizedHeights());
    assertThat(b.latencyMillis()).isEqualTo(a.latencyMillis());
    assertThat(b.events()).isEqualTo(a.events());
    assertThat(b.messages()).isEqualTo(a.messages());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 7, 13})
  void run_honestSubnet_finalizesEveryHeightWithItsLeader(int n) {
    SimulationResult r = run(SimulationConfig.builder(n).seed(n).targetHeight(20));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.finalizedHeights()).allSatisfy(h -> assertThat(h).isGreaterThanOrEqualTo(20));
    assertThat(r.rankCounts().get(0)).isEqualTo(r.rankCounts().stream().mapToLong(Long::longValue).sum());
  }

  @ParameterizedTest
  @ValueSource(longs = {20, 50, 100, 200})
  void run_honestLeaderTimelyNetwork_finalizesAbout300msPlusTwoDelaysAfterRoundStart(long delay) {
    SimulationResult r = run(SimulationConfig.builder(7).seed(3).targetHeight(30).latencyMs(delay).latencySpread(0).jitter(0));
    assertThat(r.meanLatencyMillis()).isCloseTo(300 + 2.0 * delay, org.assertj.core.data.Offset.offset(3.0));
  }

  @Test
  void run_networkSlowerThanTheNotaryDelay_finalizesAboutThreeDelaysAfterRoundStart() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(3).targetHeight(20).latencyMs(400).latencySpread(0).jitter(0));
    assertThat(r.meanLatencyMillis()).isCloseTo(3 * 400.0, org.assertj.core.data.Offset.offset(3.0));
  }

  @Test
  void run_crashedNode_itsRoundsFallToRankOneAfterTheUnitDelay() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(8).targetHeight(40).latencyMs(50).latencySpread(0).jitter(0).crash(1, 0, -1));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.rankCounts()).hasSizeGreaterThan(1);
    // A round whose leader is down: rank 1 proposes at 1 s and is notarizable at 1.3 s.
    assertThat(r.latencyQuantile(0.99)).isCloseTo(1000 + 300 + 2 * 50.0, org.assertj.core.data.Offset.offset(5.0));
  }

  @ParameterizedTest
  @EnumSource(value = Behaviour.class, names = {"HONEST"}, mode = EnumSource.Mode.EXCLUDE)
  void run_fByzantineNodes_safeAndLive(Behaviour b) {
    for (int n : new int[] {4, 7}) {
      int f = (n - 1) / 3;
      SimulationResult r = run(SimulationConfig.builder(n).seed(11 + n).targetHeight(20).byzantine(f, b));
      assertThat(r.safe()).as("%s n=%d", b, n).isTrue();
      assertThat(r.livenessOk()).as("%s n=%d: %s", b, n, r.summaryLine()).isTrue();
    }
  }

  @Test
  void run_invalidSignaturesAndPayloads_areRejectedByHonestValidators() {
    SimulationResult r = run(SimulationConfig.builder(7).seed(2).targetHeight(20).byzantine(1, Behaviour.INVALID_SIG).byzantine(1, Behaviour.INVALID_PAYLOAD));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.invalidArtifacts()).isPositive();
  }

  @Test
  void run_partitionWithoutAQuorum_stallsThenRecoversWhenItHeals() {
    SimulationConfig.Builder b = SimulationConfig.builder(7).seed(4).targetHeight(40).partition(new Partition(2_000, 12_000, Set.of(0, 1, 2)));
    SimulationResult r = run(b);
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    // 40 heights at ~2.8/s take ~14 s without the partition; the 10 s stall shows in the run time.
    assertThat(r.virtualMillis()).isGreaterThan(20_000);
  }

  @Test
  void run_lossyLinks_retransmissionKeepsItLive() {
    SimulationResult r = run(SimulationConfig.builder(7).seed(6).targetHeight(25).drops(0.3, 150));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
  }

  @Test
  void run_shortDkgIntervals_keysSwitchAndCatchUpPackagesAreMade() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(1).targetHeight(45).dkgIntervalLength(4));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    // The low-threshold DKG configured at height 5 is active from height 15, and so on.
    assertThat(r.beaconKeyHeights()).contains(0L, 5L, 10L, 15L, 20L, 25L);
    assertThat(r.maxCatchUpHeight()).isGreaterThanOrEqualTo(35);
  }

  @Test
  void run_nodeDownForManyIntervals_resumesFromAPeersCatchUpPackage() {
    // Down from 1 s to 40 s: the others move ~110 heights on, past CUPs that purge the chain it missed.
    SimulationResult r = run(SimulationConfig.builder(4).seed(2).targetHeight(150).dkgIntervalLength(9).crash(3, 1_000, 40_000));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.finalizedHeights().get(3)).isGreaterThanOrEqualTo(140L);
    assertThat(r.stateSyncHeights().get(3)).as("it state-synced to a catch-up package").isGreaterThan(50L);
    assertThat(r.stateSyncHeights().get(0)).isZero();
  }

  @Test
  void run_nodeJoiningLate_catchesUp() {
    SimulationResult r = run(SimulationConfig.builder(7).seed(3).targetHeight(120).dkgIntervalLength(19).joinAt(5, 25_000));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
    assertThat(r.finalizedHeights().get(5)).isGreaterThanOrEqualTo(118L);
    assertThat(r.stateSyncHeights().get(5)).as("it state-synced to a catch-up package").isPositive();
  }

  @Test
  void run_wireEncoding_everyMessageSurvivesStrictDecoding() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(9).targetHeight(30).dkgIntervalLength(4).wire(true).joinAt(2, 6_000));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isTrue();
  }

  @Test
  void run_moreThanFCrashes_staysSafeButStopsAndSaysSo() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(1).targetHeight(10).maxVirtualMs(30_000).crash(0, 0, -1).crash(1, 0, -1));
    assertThat(r.safe()).isTrue();
    assertThat(r.livenessOk()).isFalse();
    assertThat(r.summaryLine()).contains("faulty=2>f=1");
  }

  @Test
  void run_moreThanFNotarizeAllNodesOnASlowNetwork_violationIsReportedWithTheSeedAndATrace() {
    // Two of four sign everything: beyond f, safety is not guaranteed, and this seed forks.
    SimulationConfig cfg = SimulationConfig.builder(4).seed(9).targetHeight(20).latencyMs(1200).latencySpread(1.9).jitter(0.9)
        .byzantine(2, Behaviour.NOTARIZE_ALL).build();
    SimulationResult r = Simulator.run(cfg);
    assertThat(r.safe()).isFalse();
    assertThat(r.safetyViolation().get()).contains("SAFETY: two finalized blocks at height");
    assertThat(r.summaryLine()).startsWith("safety=VIOLATED").contains("seed=9");
    assertThat(r.trace()).hasSize(cfg.traceCapacity());
    assertThat(Simulator.run(cfg).safetyViolation()).isEqualTo(r.safetyViolation());
  }

  @Test
  void run_systemSubnet_usesTheThreeSecondUnitDelay() {
    SimulationResult r = run(SimulationConfig.builder(4).seed(2).targetHeight(20).unitDelay(Duration.ofMillis(3000)).crash(0, 0, -1));
    assertThat(r.safe()).isTrue();
    assertThat(r.latencyQuantile(0.99)).isGreaterThan(3000);
  }
}
