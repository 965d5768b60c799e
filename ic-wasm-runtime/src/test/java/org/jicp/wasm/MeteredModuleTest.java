package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeteredModuleTest {
  @Test
  void benchLoop_meteredAndPlain_sameResult_sameCountOnBothEngines() {
    byte[] wasm = Harness.raw("bench");
    MeteredModule mi = MeteredModule.load(wasm, Engine.INTERPRETER, true);
    MeteredModule mc = MeteredModule.load(wasm, Engine.COMPILER, true);
    MeteredModule pc = MeteredModule.load(wasm, Engine.COMPILER, false);
    long limit = 10_000_000_000L;
    assertThat(mi.call("bench_loop", limit, 1_000_000)[0]).isEqualTo(1014180343L);
    assertThat(mc.call("bench_loop", limit, 1_000_000)[0]).isEqualTo(1014180343L);
    assertThat(pc.call("bench_loop", limit, 1_000_000)[0]).isEqualTo(1014180343L);
    assertThat(mc.lastInstructions()).isEqualTo(mi.lastInstructions()).isGreaterThan(1_000_000);
  }

  @Test
  void benchLoop_overTheLimit_traps() {
    MeteredModule m = MeteredModule.load(Harness.raw("bench"), Engine.COMPILER, true);
    assertThatThrownBy(() -> m.call("bench_loop", 100_000, 1_000_000))
        .hasMessage("Canister exceeded the limit of 100000 instructions for single message "
            + "execution.");
  }
}
