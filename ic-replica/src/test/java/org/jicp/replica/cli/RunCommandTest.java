package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jicp.replica.http.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  static final Path SCENARIOS = Path.of("../ic-wasm-runtime/src/test/resources/scenarios");

  /**
   * The harness prefix of the committed scenario files (relative to their folder, so that
   * {@code jicp run} works from a checkout beside {@code shared/}); ic-wasm-runtime's
   * {@code Scenarios} does the same rewrite for its own tests.
   */
  static final String SOURCE_TREE_HARNESS = "../../../../../../shared/harness/";

  /** The example scenario {@code name}, its wasm paths pointed at the configured harness. */
  static Path scenario(String name, Path dir) {
    try {
      String text = Files.readString(SCENARIOS.resolve(name), StandardCharsets.UTF_8);
      assertThat(text).contains(SOURCE_TREE_HARNESS);
      return Files.writeString(dir.resolve(name),
          text.replace(SOURCE_TREE_HARNESS, Harness.root() + "/"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void run_counterScenario_printsTheExactLines(@TempDir Path dir) {
    CliRun r = CliRun.of("run", scenario("counter.scn", dir).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly(
        "created rwlgt-iiaaa-aaaaa-aaaaa-cai", "ok", "reply 0x4449444c0000",
        "reply 0x4449444c0000", "reply 0x4449444c0000", "reply 0x4449444c00017d03",
        "reply 0x4449444c0001710948656c6c6f2c205821", "reply 0x4449444c00017d03", "ok");
  }

  @Test
  void run_interpreterEngine_sameLines(@TempDir Path dir) {
    Path stable = scenario("stable.scn", dir);
    CliRun a = CliRun.of("run", "--engine", "interpreter", stable.toString());
    CliRun b = CliRun.of("run", stable.toString());
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
