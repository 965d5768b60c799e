package org.jicp.wasm.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.Harness;
import org.jicp.wasm.MeteredModule;
import org.jicp.wasm.TestModules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loop spills of the instrumentation ({@link LoopSpills}): answers and instruction counts
 * unchanged, and every loop of the instrumented module entered with an empty operand stack.
 */
class LoopSpillsTest {
  /** The loops entered with values on the stack, summed over the defined functions. */
  private static int loopsEnteredWithValues(byte[] wasm) {
    ParsedModule m = ParsedModule.parse(wasm);
    ParsedModule.FuncType[] types = m.allFunctionTypes();
    int total = 0;
    for (int i = 0; i < m.functionTypes.length; i++) {
      FunctionBody b = FunctionBody.decode(m, i, types[m.importedFunctions + i]);
      total += b.loopSpills(m, types).loopsEnteredWithValues;
    }
    return total;
  }

  private static byte[] instrumented(byte[] wasm) {
    return Instrumenter.instrument(ParsedModule.parse(wasm),
        ExecutionConfig.DEFAULT_MAX_CALL_DEPTH).bytes();
  }

  @ParameterizedTest
  @CsvSource({"below, 10, 1045", "below, 1, 1000", "mixed, 10, 27", "mixed, 0, 16",
      "nested, 10, 80", "early, 10, 110", "early, 100, 50", "param, 4, 10"})
  void spilledLoops_sameAnswerAsUninstrumented_sameCountOnBothEngines(String f, long arg,
      long expected) {
    byte[] wasm = TestModules.wasm("loop_spills");
    long limit = 1_000_000_000L;
    MeteredModule plain = MeteredModule.load(wasm, Engine.COMPILER, false);
    MeteredModule interp = MeteredModule.load(wasm, Engine.INTERPRETER, true);
    MeteredModule comp = MeteredModule.load(wasm, Engine.COMPILER, true);
    assertThat(plain.call(f, limit, arg)[0]).isEqualTo(expected);
    assertThat(interp.call(f, limit, arg)[0]).isEqualTo(expected);
    assertThat(comp.call(f, limit, arg)[0]).isEqualTo(expected);
    assertThat(comp.lastInstructions()).isEqualTo(interp.lastInstructions()).isPositive();
  }

  @Test
  void foreverLoop_withAValueLeftBelow_stopsAtTheLimitOnBothEngines() {
    byte[] wasm = TestModules.wasm("loop_spills");
    for (Engine e : Engine.values()) {
      MeteredModule m = MeteredModule.load(wasm, e, true);
      assertThatThrownBy(() -> m.call("forever", 10_000_000, 1))
          .hasMessageContaining("exceeded the limit of 10000000 instructions");
    }
  }

  @Test
  void instrumentedModules_enterEveryLoopWithAnEmptyStack_butABlockWithParameters() {
    byte[] spills = TestModules.wasm("loop_spills");
    assertThat(loopsEnteredWithValues(spills)).isEqualTo(6);
    // "param": the value below its block with a parameter stays on the stack.
    assertThat(loopsEnteredWithValues(instrumented(spills))).isEqualTo(1);
    byte[] looper = Harness.motoko("looper");
    assertThat(loopsEnteredWithValues(looper)).isPositive();
    assertThat(loopsEnteredWithValues(instrumented(looper))).isZero();
    for (String name : new String[] {"counter", "caller", "stable_store", "trapper"}) {
      assertThat(loopsEnteredWithValues(instrumented(Harness.motoko(name)))).as(name).isZero();
    }
    assertThat(loopsEnteredWithValues(instrumented(Harness.raw("bench")))).isZero();
  }
}
