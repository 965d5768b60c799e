package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  static final Path DIR = Path.of("src/test/resources/scenarios");

  @BeforeEach
  void harness() {
    Harness.root();
  }

  static List<String> run(String file, Engine e) {
    List<String> out = new ArrayList<>();
    try (Subnet s = Subnet.create(e)) {
      Scenarios.parse(DIR.resolve(file)).run(s, out::add);
    }
    return out;
  }

  @Test
  void run_counterScenario_printsOneLinePerCommand() {
    assertThat(run("counter.scn", Engine.INTERPRETER)).containsExactly(
        "created rwlgt-iiaaa-aaaaa-aaaaa-cai", "ok", "reply 0x4449444c0000",
        "reply 0x4449444c0000", "reply 0x4449444c0000", "reply 0x4449444c00017d03",
        "reply 0x4449444c0001710948656c6c6f2c205821", "reply 0x4449444c00017d03", "ok");
  }

  @Test
  void run_callsScenario_sameOutputOnBothEngines() {
    List<String> a = run("calls.scn", Engine.INTERPRETER);
    List<String> b = run("calls.scn", Engine.COMPILER);
    assertThat(a).isEqualTo(b);
    assertThat(a.get(6)).isEqualTo("reply 0x4449444c00017d01");
    assertThat(a.get(7)).startsWith("reply 0x4449444c000171").contains("353a20"); // "5: "
    assertThat(a.get(8)).startsWith("reply 0x4449444c000171").contains("333a20"); // "3: "
    assertThat(a.get(9)).isEqualTo("reply 0x4449444c00017d03");
    assertThat(a.get(11)).startsWith("reject 5 ");
    assertThat(a.get(12)).isEqualTo("reply 0x4449444c00017d01");
    assertThat(a.get(15)).isEqualTo("reject 5 Canister r7inp-6aaaa-aaaaa-aaabq-cai did not reply"
        + " to the call");
    assertThat(a.get(16)).startsWith("reject 5 ");
    assertThat(a.get(17)).isEqualTo("reply 0x0200000000000000");
    assertThat(a.get(18)).isEqualTo("ok");
    assertThat(a.get(19)).startsWith("reject 5 ").contains("not empty");
  }

  @Test
  void run_stableScenario_upgradeAndReinstall() {
    assertThat(run("stable.scn", Engine.COMPILER)).containsExactly(
        "created rwlgt-iiaaa-aaaaa-aaaaa-cai", "ok", "reply 0x4449444c00017d01",
        "reply 0x4449444c00017d02", "ok", "reply 0x4449444c00017d01",
        "reply 0x4449444c016d7101000201610162", "reply 0x4449444c016d7b0100026162", "ok",
        "reply 0x4449444c016d71010000");
  }

  @Test
  void run_stable64Scenario_upgradeKeepsTheHeapOfTheEopBuild() {
    assertThat(run("stable64.scn", Engine.COMPILER)).containsExactly(
        "created rwlgt-iiaaa-aaaaa-aaaaa-cai", "ok", "reply 0x4449444c00017d01",
        "reply 0x4449444c00017d02", "ok", "reply 0x4449444c00017d01",
        "reply 0x4449444c016d7101000201610162", "reply 0x4449444c016d7b0100026162", "ok",
        "reply 0x4449444c016d71010000");
  }

  @Test
  void parse_malformedLine_namesTheLine() {
    assertThatThrownBy(() -> Scenario.parse("create\n\nfrobnicate $1\n", DIR))
        .isInstanceOf(MalformedScenarioException.class).hasMessageStartingWith("line 3: ");
    assertThatThrownBy(() -> Scenario.parse("update $1 inc 0xzz\n", DIR))
        .hasMessageStartingWith("line 1: ");
    assertThatThrownBy(() -> Scenario.parse("query $1 get \"abc\n", DIR))
        .hasMessageStartingWith("line 1: unterminated");
    assertThatThrownBy(() -> Scenario.parse("tick x", DIR)).hasMessageStartingWith("line 1: ");
  }

  /** Found by ScenarioFuzzTest: a NUL in a wasm file name escaped run() as InvalidPathException. */
  @Test
  void parse_wasmFileNameWithNul_isMalformedBeforeAnythingRuns() {
    assertThatThrownBy(() -> Scenario.parse("create\ninstall $1 a\0b.wasm \"\"\n", DIR))
        .isInstanceOf(MalformedScenarioException.class)
        .hasMessageStartingWith("line 2: invalid wasm file name");
    assertThatThrownBy(() -> Scenario.parse("as 2vxsx-fae upgrade $1 \0 0x\n", DIR))
        .isInstanceOf(MalformedScenarioException.class).hasMessageStartingWith("line 1: ");
    assertThat(Scenario.parse("update $1 a\0b \"\"\n", DIR).size()).isEqualTo(1);
  }

  @Test
  void run_unknownCanisterReference_namesTheLine() {
    Scenario sc = Scenario.parse("# c\ncreate\nquery $2 get \"\"\n", DIR);
    List<String> out = new ArrayList<>();
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      assertThatThrownBy(() -> sc.run(s, out::add))
          .isInstanceOf(MalformedScenarioException.class).hasMessageStartingWith("line 3: ");
    }
    assertThat(out).hasSize(1);
  }
}
