package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jicp.crypto.testing.SeededFuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for {@code jicp run} scenario files ({@link Scenario#parse(String, Path)}, then
 * {@link Scenario#run}). The only outcomes are a parsed scenario or a {@link
 * MalformedScenarioException} naming a line of the file; a parsed scenario runs on a fresh
 * {@link Subnet} (interpreter) to its end, one output line per command ({@code created},
 * {@code ok}, {@code reply 0x…} or {@code reject <code> …}), or stops with a {@link
 * MalformedScenarioException} on a line it could not run.
 *
 * <p>Runs are sandboxed by the target, not by {@link Scenario}: a scenario runs only if every
 * wasm file it names is one of the small modules of {@code src/test/resources/wasm} and its ticks
 * add up to at most 64 (a scenario file is its author's own program: {@code tick 2000000000}
 * or {@code install $1 /dev/zero …} would do what they say); other scenarios are parsed only.
 *
 * <p>Seeds: the committed example scenarios (those naming the shared harness are parsed only)
 * and two small ones over the local modules (callers, escapes, {@code as}, {@code tick}). Jazzer
 * {@code @FuzzTest}: committed inputs in {@code
 * src/test/resources/org/jicp/wasm/ScenarioFuzzTestInputs/<target>/}; {@code JAZZER_FUZZ=1
 * -Dtest=ScenarioFuzzTest#scenario*} fuzzes it. docs/fuzzing.md has the runs.
 */
class ScenarioFuzzTest {
  static final Path SCENARIOS = Path.of("src/test/resources/scenarios").toAbsolutePath();
  static final Path WASM = Path.of("src/test/resources/wasm").toAbsolutePath();
  static final int MAX_TICKS = 64;
  static final Pattern LINE = Pattern.compile("created \\S+|ok|reply 0x[0-9a-f]*|reject \\d+ .*", Pattern.DOTALL);

  /** Counts of the last run (for the report line of the seeded run). */
  static int parsed;
  static int ran;

  @FuzzTest(maxDuration = "60s")
  void scenario_anyText_runsOrMalformedScenario(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int lines = text.split("\r?\n", -1).length;
    Scenario s;
    try {
      s = Scenario.parse(text, SCENARIOS);
    } catch (MalformedScenarioException e) {
      if (e.line() < 1 || e.line() > lines) {
        throw new AssertionError("names line " + e.line() + " of " + lines + ": " + e.getMessage());
      }
      return;
    }
    parsed++;
    if (s.size() > lines) {
      throw new AssertionError(s.size() + " commands from " + lines + " lines");
    }
    if (!sandboxed(text)) {
      return;
    }
    ran++;
    List<String> out = new ArrayList<>();
    try (Subnet subnet = Subnet.create(Engine.INTERPRETER)) {
      try {
        s.run(subnet, out::add);
      } catch (MalformedScenarioException e) {
        if (out.size() >= s.size() || e.line() < 1 || e.line() > lines) {
          throw new AssertionError("stopped at line " + e.line() + " after " + out.size() + " of " + s.size() + " commands", e);
        }
        return;
      }
    }
    if (out.size() != s.size()) {
      throw new AssertionError(out.size() + " output lines for " + s.size() + " commands");
    }
    for (String l : out) {
      if (!LINE.matcher(l).matches()) {
        throw new AssertionError("unexpected output line '" + l + "'");
      }
    }
  }

  /**
   * Whether the target may run the (parsed) scenario: every token after {@code install}, {@code
   * reinstall} or {@code upgrade} plus one is a module of {@link #WASM}, and the ticks are few.
   */
  static boolean sandboxed(String text) {
    long ticks = 0;
    for (String raw : text.split("\r?\n", -1)) {
      String[] t = raw.strip().split("\\s+");
      int k = t.length > 2 && t[0].equals("as") ? 2 : 0;
      if (t.length <= k || t[k].startsWith("#")) {
        continue;
      }
      switch (t[k]) {
        case "install", "reinstall", "upgrade" -> {
          if (t.length < k + 3) {
            return false;
          }
          Path w;
          try {
            w = SCENARIOS.resolve(t[k + 2]).normalize();
          } catch (java.nio.file.InvalidPathException e) {
            return false;
          }
          if (!w.startsWith(WASM) || !Files.isRegularFile(w) || !w.getFileName().toString().endsWith(".wasm")) {
            return false;
          }
        }
        case "tick" -> {
          try {
            ticks += t.length > k + 1 ? Integer.parseInt(t[k + 1]) : 1;
          } catch (NumberFormatException e) {
            return false;
          }
        }
        default -> { }
      }
    }
    return ticks <= MAX_TICKS;
  }

  // ---------------------------------------------------------------------------------------------
  // Seeds and the bounded run of the default build

  static final String LOCAL_CALLS = """
      # local modules: two canisters, callers, payload forms
      create
      create
      install $1 ../wasm/store.wasm ""
      install $2 ../wasm/callee.wasm 0x
      as 2vxsx-fae update $1 inc ""
      update $1 inc "a \\"quoted\\" \\\\ text\\n"
      query $1 heap 0x4449444c0000
      query $2 nothing ""
      upgrade $1 ../wasm/store.wasm ""
      reinstall $2 ../wasm/callee.wasm ""
      tick 3
      tick
      """;

  static final String BAD_REFERENCE = "create\r\nupdate $2 inc \"\"\n";

  static List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".scn")).sorted().forEach(names::add);
    }
    names.add("local-calls.scn");
    names.add("bad-reference.scn");
    return names;
  }

  static List<byte[]> seeds() {
    try {
      List<byte[]> seeds = new ArrayList<>();
      for (String n : names()) {
        switch (n) {
          case "local-calls.scn" -> seeds.add(LOCAL_CALLS.getBytes(StandardCharsets.UTF_8));
          case "bad-reference.scn" -> seeds.add(BAD_REFERENCE.getBytes(StandardCharsets.UTF_8));
          default -> seeds.add(Files.readAllBytes(SCENARIOS.resolve(n)));
        }
      }
      return seeds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void seeds_parseAndTheLocalOnesRun() {
    List<byte[]> seeds = seeds();
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(7);
    for (byte[] s : seeds) {
      scenario_anyText_runsOrMalformedScenario(s);
    }
    assertThat(sandboxed(LOCAL_CALLS)).isTrue();
    assertThat(sandboxed(BAD_REFERENCE)).isTrue();
    assertThat(sandboxed("create\ninstall $1 /dev/zero \"\"\n")).isFalse();
    assertThat(sandboxed("tick 2000000000\n")).isFalse();
    List<String> out = new ArrayList<>();
    try (Subnet subnet = Subnet.create(Engine.INTERPRETER)) {
      Scenario.parse(LOCAL_CALLS, SCENARIOS).run(subnet, out::add);
    }
    assertThat(out).hasSize(12).startsWith("created rwlgt-iiaaa-aaaaa-aaaaa-cai");
    assertThat(out.get(2)).isEqualTo("ok");
  }

  @Test
  @Timeout(120)
  void seededMutation_scenario_runsOrMalformedScenario() throws IOException {
    List<byte[]> seeds = seeds();
    SeededFuzz.writeSeeds("scenario_anyText_runsOrMalformedScenario", names(), seeds);
    parsed = 0;
    ran = 0;
    assertThat(SeededFuzz.run("ScenarioFuzzTest.scenario", seeds, 1500, this::scenario_anyText_runsOrMalformedScenario))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(1500));
    System.out.println("ScenarioFuzzTest.scenario: " + parsed + " parsed, " + ran + " run");
    assertThat(ran).isPositive();
  }
}
