package org.jicp.wasm.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiberTest {
  @Test
  void start_pausesTwice_resumesToTheResult_inOrder() {
    List<String> trace = new ArrayList<>();
    Fiber f = Fiber.start("t", 1 << 20, () -> {
      trace.add("a");
      Fiber.current().pauseCurrent();
      trace.add("b");
      Fiber.current().pauseCurrent();
      trace.add("c");
      return 42;
    });
    assertThat(f.isDone()).isFalse();
    assertThat(trace).containsExactly("a");
    f.resume();
    assertThat(trace).containsExactly("a", "b");
    f.resume();
    assertThat(f.isDone()).isTrue();
    assertThat(f.result()).isEqualTo(42);
    assertThat(trace).containsExactly("a", "b", "c");
    assertThatThrownBy(f::resume).isInstanceOf(IllegalStateException.class);
    assertThat(Fiber.current()).isNull();
  }

  @Test
  void abort_pausedFiber_unwindsAndEnds() {
    List<String> trace = new ArrayList<>();
    Fiber f = Fiber.start("t", 1 << 20, () -> {
      try {
        Fiber.current().pauseCurrent();
        trace.add("resumed");
      } catch (Fiber.Aborted e) {
        trace.add("aborted");
        Fiber.current().pauseCurrent(); // a second pause after the abort throws at once
      }
      return null;
    });
    f.abort();
    assertThat(trace).containsExactly("aborted");
    assertThat(f.isDone()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(Fiber.Aborted.class);
  }

  @Test
  void start_workThrows_resultRethrows() {
    Fiber f = Fiber.start("t", 1 << 20, () -> {
      throw new IllegalArgumentException("boom");
    });
    assertThat(f.isDone()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
  }

  @Test
  void pauseCurrent_outsideTheFiber_throws() {
    Fiber f = Fiber.start("t", 1 << 20, () -> {
      Fiber.current().pauseCurrent();
      return null;
    });
    assertThatThrownBy(f::pauseCurrent).isInstanceOf(IllegalStateException.class);
    f.resume();
    assertThat(f.isDone()).isTrue();
  }
}
