package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/** The same scenario twice, and on both engines: identical outputs and identical states. */
class DeterminismTest {
  private record Run(List<String> out, Bytes digest, List<String> spin) {}

  private static Run run(Engine e) {
    List<String> out = new ArrayList<>();
    try (Subnet s = Subnet.create(e)) {
      Scenarios.parse(ScenarioTest.DIR.resolve("calls.scn")).run(s, out::add);
      Scenarios.parse(ScenarioTest.DIR.resolve("stable.scn")).run(s, out::add);
      var looper = s.createCanister();
      s.install(looper, Harness.motoko("looper"), Candid.EMPTY, InstallMode.INSTALL);
      List<String> spin = new ArrayList<>();
      for (long n : new long[] {0, 1, 1000, 100_000}) {
        spin.add(s.update(looper, "spin", Candid.nat64(n)).toString());
      }
      s.tick(3);
      return new Run(out, s.stateDigest(), spin);
    }
  }

  @Test
  void sameScenario_twiceAndOnBothEngines_byteIdenticalStates() {
    Harness.root();
    Run a = run(Engine.INTERPRETER);
    Run b = run(Engine.INTERPRETER);
    Run c = run(Engine.COMPILER);
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
    // performance_counter(0) as returned by looper.spin is the same on both engines.
    assertThat(a.spin()).allMatch(x -> x.startsWith("reply 0x"));
  }
}
