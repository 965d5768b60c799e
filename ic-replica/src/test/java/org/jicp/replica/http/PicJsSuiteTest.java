package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DFINITY's pic-js 0.23.0, unmodified, against {@code ./jicp-pocket-ic} (the PocketIC-compatible
 * server): {@code POCKET_IC_BIN} names the launcher, which pic-js starts with {@code --port-file}
 * and drives over PocketIC's REST API. The suite ({@code src/test/resources/pic-js/suite.mjs})
 * runs the harness Motoko canisters through pic-js's own API: instances of each subnet kind,
 * canister set-up, update and query calls with senders, upgrade and reinstall, traps, time,
 * topology, cycles, stable memory, management calls, deferred calls, specified ids, live mode
 * through the HTTP gateway with an agent, and tear-down. npm packages come from the lock file
 * into {@code target/pic-js} ({@code --ignore-scripts}: the PocketIC binary download is skipped).
 * Skipped when the harness, node or npm is missing.
 */
class PicJsSuiteTest {
  @Test
  void picJs_fullSuiteAgainstJicpPocketIc_allStepsPass() throws Exception {
    Path wasm = Harness.root().resolve("motoko/out/wasm32");
    Path pkg = Path.of("target", "test-classes", "pic-js").toAbsolutePath();
    Path modules = NodeClients.install(pkg, "pic-js");
    Path launcher = Path.of("..", "jicp-pocket-ic").toAbsolutePath().normalize();
    assertThat(Files.isExecutable(launcher)).as(launcher.toString()).isTrue();
    ExternalProcess.Result r = NodeClients.run(modules, pkg.resolve("suite.mjs"), Map.of(
        "POCKET_IC_BIN", launcher.toString(),
        "JICP_POCKET_IC_CLASSPATH", System.getProperty("java.class.path"),
        "HARNESS_WASM", wasm.toString(),
        "TIMING_ROUNDS", "10"));
    System.out.println(r.output());
    assertThat(r.output()).contains("pic-js suite: 17 steps passed, 0 failed")
        .doesNotContain(" FAIL");
    assertThat(r.exit()).isZero();
  }
}
