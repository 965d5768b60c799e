package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exact {@code jicp sim} command line of the tracker's issue. */
class SimCommandTest {
  private static String lastLine(CliRun r) {
    String[] lines = r.out().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void sim_honestSubnet_printsTheOkLine() {
    CliRun r = CliRun.of("sim", "--nodes", "4", "--rounds", "10", "--seed", "3");
    assertThat(r.exit()).isZero();
    assertThat(lastLine(r)).matches("safety=ok liveness=ok finalized=\\d+ blocks_per_s=\\d+\\.\\d{3} seed=3");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void sim_sameSeed_identicalOutput() {
    String[] args = {"sim", "--nodes", "7", "--byzantine", "2", "--behaviour", "equivocate", "--partition-ms", "1000:4000", "--latency-ms", "80", "--rounds", "12", "--seed", "42"};
    CliRun a = CliRun.of(args);
    CliRun b = CliRun.of(args);
    assertThat(a.exit()).isZero();
    assertThat(b).isEqualTo(a);
    assertThat(lastLine(a)).startsWith("safety=ok liveness=ok finalized=").endsWith("seed=42");
  }

  @Test
  void sim_eachBehaviourAtF_isSafeAndLive() {
    for (String b : new String[] {"equivocate", "notarize-all", "withhold", "invalid-sig", "crash", "delay", "invalid-payload", "bad-input"}) {
      CliRun r = CliRun.of("sim", "--nodes", "7", "--byzantine", "2", "--behaviour", b, "--rounds", "10", "--seed", "5");
      assertThat(r.exit()).as(b).isZero();
      assertThat(lastLine(r)).as(b).startsWith("safety=ok liveness=ok");
    }
  }

  @Test
  void sim_certificationAndStreamSlices_certifiedHeightAndSlicesReported() {
    CliRun r = CliRun.of("sim", "--nodes", "4", "--rounds", "10", "--seed", "5", "--certification", "--xnet", "2", "--byzantine", "1", "--behaviour", "bad-input");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).containsPattern("certified_height=(9|1[0-9])").containsPattern("xnet_slices=[1-9]");
    assertThat(lastLine(r)).startsWith("safety=ok liveness=ok");
  }

  @Test
  void sim_moreThanFCrashed_livenessFailsButTheLineSaysWhyAndExitsZero() {
    CliRun r = CliRun.of("sim", "--nodes", "4", "--byzantine", "2", "--behaviour", "crash", "--rounds", "5", "--seed", "1");
    assertThat(r.exit()).isZero();
    assertThat(lastLine(r)).startsWith("safety=ok liveness=FAILED").endsWith("seed=1 faulty=2>f=1");
  }

  @Test
  void sim_realCrypto_runs() {
    CliRun r = CliRun.of("sim", "--nodes", "4", "--rounds", "3", "--crypto", "real", "--seed", "2");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("crypto=real");
    assertThat(lastLine(r)).startsWith("safety=ok liveness=ok finalized=");
  }

  @Test
  void sim_safetyViolationBeyondF_printsTheTraceAndExitsOne() {
    CliRun r = CliRun.of("sim", "--nodes", "4", "--byzantine", "2", "--behaviour", "notarize-all", "--latency-ms", "1500", "--rounds", "30", "--seed", "11");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("violation: ").contains("trace (the last");
    assertThat(lastLine(r)).startsWith("safety=VIOLATED").contains("seed=11");
  }

  @Test
  void sim_help_listsTheOptions() {
    CliRun r = CliRun.of("sim", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--nodes", "--byzantine", "--behaviour", "--partition-ms", "--latency-ms", "--rounds", "--seed", "--crypto");
  }

  @Test
  void sim_usageErrors_exitTwoWithOneLine() {
    assertThat(CliRun.of("sim", "--nodes", "4", "--byzantine", "1").err()).isEqualTo("error: --byzantine needs --behaviour");
    assertThat(CliRun.of("sim", "--nodes", "4", "--byzantine", "1", "--behaviour", "lie").exit()).isEqualTo(2);
    assertThat(CliRun.of("sim", "--nodes", "4", "--partition-ms", "5").err()).startsWith("error: --partition-ms must be START:END");
    assertThat(CliRun.of("sim", "--nodes", "4", "--partition-ms", "9:3").exit()).isEqualTo(2);
    assertThat(CliRun.of("sim", "--nodes", "4", "--crypto", "slow").err()).isEqualTo("error: --crypto must be real or fast, got 'slow'");
    assertThat(CliRun.of("sim", "--nodes", "0").exit()).isEqualTo(2);
    assertThat(CliRun.of("sim").exit()).isEqualTo(2);
  }
}
