package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  static final Path SCENARIOS = Path.of("../ic-wasm-runtime/src/test/resources/scenarios");

  static void harness() {
    Path h = Path.of(System.getProperty("jicp.harness", "../../shared/harness"));
    if (!Files.isDirectory(h)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("harness not found at " + h.toAbsolutePath());
      }
      assumeTrue(false, "harness not found at " + h.toAbsolutePath());
    }
  }

  @Test
  void run_counterScenario_printsTheExactLines() {
    harness();
    CliRun r = CliRun.of("run", SCENARIOS.resolve("counter.scn").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly(
        "created rwlgt-iiaaa-aaaaa-aaaaa-cai", "ok", "reply 0x4449444c0000",
        "reply 0x4449444c0000", "reply 0x4449444c0000", "reply 0x4449444c00017d03",
        "reply 0x4449444c0001710948656c6c6f2c205821", "reply 0x4449444c00017d03", "ok");
  }

  @Test
  void run_interpreterEngine_sameLines() {
    harness();
    CliRun a = CliRun.of("run", "--engine", "interpreter",
        SCENARIOS.resolve("stable.scn").toString());
    CliRun b = CliRun.of("run", SCENARIOS.resolve("stable.scn").toString());
    assertThat(a.exit()).isZero();
    assertThat(a.out()).isEqualTo(b.out());
  }

  @Test
  void run_malformedLine_exit2NamingTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.scn");
    Files.writeString(f, "# ok\ncreate\nupdate $1 inc nothex\n");
    CliRun r = CliRun.of("run", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: line 3: ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void run_missingWasmFile_exit2NamingTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("missing.scn");
    Files.writeString(f, "create\ninstall $1 nope.wasm \"\"\n");
    CliRun r = CliRun.of("run", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEqualTo("created rwlgt-iiaaa-aaaaa-aaaaa-cai");
    assertThat(r.err()).startsWith("error: line 2: cannot read wasm file");
  }
}
