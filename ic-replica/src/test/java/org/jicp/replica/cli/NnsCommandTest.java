package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NnsCommandTest {
  @Test
  void demo_printsTheScriptedLifeAndPasses() {
    CliRun r = CliRun.of("nns", "demo");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("genesis", "neurons are staked", "fiduciary", "split", "merged back", "canister", "summary",
            "registry version", "demo: all checks passed");
    assertThat(r.err()).isEmpty();
  }
}
