package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.types.SubnetType;
import org.jicp.types.Height;
import org.junit.jupiter.api.Test;

class DelaysTest {
  private final ConsensusConfig app = ConsensusConfig.defaults(SubnetType.APPLICATION);

  @Test
  void defaults_bySubnetType_areTheIcValues() {
    assertThat(app.unitDelay()).isEqualTo(Duration.ofMillis(1000));
    assertThat(app.initialNotaryDelay()).isEqualTo(Duration.ofMillis(300));
    assertThat(ConsensusConfig.defaults(SubnetType.SYSTEM).unitDelay()).isEqualTo(Duration.ofMillis(3000));
    assertThat(app.dkgIntervalLength()).isEqualTo(499);
    assertThat(app.maxIngressMessagesPerBlock()).isEqualTo(1000);
    assertThat(app.maxBlockPayloadBytes()).isEqualTo(4L << 20);
  }

  @Test
  void blockMakerDelay_rankR_isUnitDelayTimesR() {
    assertThat(Delays.blockMakerDelay(app, Rank.of(0))).isEqualTo(Duration.ZERO);
    assertThat(Delays.blockMakerDelay(app, Rank.of(3))).isEqualTo(Duration.ofMillis(3000));
  }

  @Test
  void notaryDelay_noLag_isTheWorkedExample() {
    TestSubnet s = TestSubnet.application(4);
    // rank 0 notarizable 300 ms after the round start, rank 1 at 1.3 s (reference notes §1.4).
    assertThat(Delays.notaryDelay(app, s.node(0).pool, Height.ZERO, Rank.of(0))).contains(Duration.ofMillis(300));
    assertThat(Delays.notaryDelay(app, s.node(0).pool, Height.ZERO, Rank.of(1))).contains(Duration.ofMillis(1300));
    assertThat(Delays.notaryDelay(app, s.node(0).pool, Height.ZERO, Rank.of(2))).contains(Duration.ofMillis(2300));
  }

  @Test
  void faultsTolerated_n_isFloorOfNMinusOneOverThree() {
    for (int[] nf : List.of(new int[] {1, 0}, new int[] {4, 1}, new int[] {6, 1}, new int[] {7, 2}, new int[] {13, 4}, new int[] {40, 13})) {
      assertThat(ConsensusConfig.faultsTolerated(nf[0])).isEqualTo(nf[1]);
    }
  }

  /** The IC's {@code test_notarization_threshold_for_safety_and_liveness}, for n = 1..200. */
  @Test
  void notarizationThreshold_everySubnetSize_isSafeAndLive() {
    for (int n = 1; n <= 200; n++) {
      int c = Membership.committeeSize(n);
      int t = Membership.notarizationThreshold(n);
      int f = Membership.faultsTolerated(n);
      assertThat(c - (t - f)).as("safety at n=%d", n).isLessThan(t);
      assertThat(c - f).as("liveness at n=%d", n).isGreaterThanOrEqualTo(t);
    }
  }
}
