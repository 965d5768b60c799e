package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demo_runsTheCryptoCoreAndALocalSubnetAndPasses() {
    CliRun r = CliRun.of("demo", "--signers", "4", "--heights", "4");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("verify      valid", "tampered message rejected", "fast-aggregate-verify valid",
            "batch verify valid", "with one wrong signature rejected", "A local subnet: 4 nodes",
            "safety=ok liveness=ok finalized=4", "demo: all checks passed")
        .doesNotContain("bug!", "INVALID");
    assertThat(r.err()).isEmpty();
  }
}
