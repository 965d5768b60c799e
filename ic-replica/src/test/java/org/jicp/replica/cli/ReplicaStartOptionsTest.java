package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code jicp replica start}'s registry and node-metrics options: misconfigurations exit 2 with
 * the reason before anything starts (a running BFT replica with {@code --node-metrics consensus}
 * is the builder's {@code nodeMetricsFromConsensus()}, tested by {@code NodeMetricsFromConsensusTest}).
 */
class ReplicaStartOptionsTest {
  @Test
  void nodeMetricsConsensus_withoutRegistryConsensus_exitsMalformed() {
    CliRun r = CliRun.of("replica", "start", "--port", "0", "--deterministic", "--node-metrics", "consensus");
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("--node-metrics consensus needs --registry-consensus");
  }

  @Test
  void nodeMetrics_unknownSource_exitsMalformed() {
    CliRun r = CliRun.of("replica", "start", "--port", "0", "--deterministic", "--node-metrics", "moon");
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("none or consensus").contains("moon");
  }

  @Test
  void registryConsensus_withoutThreeFPlusOneNodes_exitsMalformed() {
    CliRun r = CliRun.of("replica", "start", "--port", "0", "--deterministic", "--registry-nodes", "2",
        "--registry-consensus", "--node-metrics", "consensus");
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("3f + 1");
  }
}
