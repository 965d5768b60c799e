package org.jicp.wasm.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutionThreadTest {
  @Test
  void call_runsOnTheExecutionThreadWithItsStack_andRethrows() throws Exception {
    try (ExecutionThread t = new ExecutionThread("exec-test", 1L << 26)) {
      assertThat(t.call(() -> Thread.currentThread().getName())).isEqualTo("exec-test");
      assertThat(t.isCurrent()).isFalse();
      assertThat(t.call(t::isCurrent)).isTrue();
      // nested calls from the execution thread run inline instead of deadlocking
      assertThat(t.call(() -> t.call(() -> 41) + 1)).isEqualTo(42);
      // a recursion far deeper than a default 512 KiB-1 MiB stack allows
      assertThat(t.call(() -> depth(200_000))).isEqualTo(200_000);
      assertThatThrownBy(() -> t.call(() -> {
        throw new IllegalArgumentException("bad");
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
      assertThatThrownBy(() -> t.call(() -> {
        throw new IOException("io");
      })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
      assertThatThrownBy(() -> t.call(() -> {
        throw new AssertionError("err");
      })).isInstanceOf(AssertionError.class);
      // an interrupted caller still gets its result, and keeps the interrupt
      Thread.currentThread().interrupt();
      assertThat(t.call(() -> {
        Thread.sleep(5);
        return "done";
      })).isEqualTo("done");
      assertThat(Thread.interrupted()).isTrue();
      t.close();
      assertThatThrownBy(() -> t.call(() -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  /** close() racing with callers: every caller either gets its result or the closed error. */
  @Test
  void close_racingWithCallers_neverLeavesACallerWaiting() throws Exception {
    for (int round = 0; round < 300; round++) {
      ExecutionThread t = new ExecutionThread("exec-close-" + round, 1L << 20);
      Thread caller = new Thread(() -> {
        try {
          t.call(() -> 1);
        } catch (IllegalStateException closed) {
          // expected when close() won
        }
      });
      caller.start();
      t.close();
      caller.join(5_000);
      assertThat(caller.isAlive()).as("round %d: a caller still waits after close()", round).isFalse();
    }
  }

  /** Work that re-asserts an interrupt on the execution thread does not leave it spinning. */
  @Test
  void interruptLeftByWork_isClearedBeforeTheNextCall() throws Exception {
    try (ExecutionThread t = new ExecutionThread("exec-interrupt", 1L << 20)) {
      t.call(() -> {
        Thread.currentThread().interrupt();
        return null;
      });
      assertThat(t.call(() -> Thread.currentThread().isInterrupted())).isFalse();
      Thread worker = t.call(Thread::currentThread);
      Thread.sleep(50); // idle: parked, not spinning on a set interrupt flag
      int waiting = 0;
      for (int i = 0; i < 20; i++) {
        if (worker.getState() == Thread.State.WAITING) {
          waiting++;
        }
        Thread.sleep(5);
      }
      assertThat(waiting).as("samples of the idle worker seen parked").isGreaterThanOrEqualTo(18);
    }
  }

  @Test
  void call_fromSeveralThreads_servesOneAtATime() throws Exception {
    try (ExecutionThread t = new ExecutionThread("exec-test-2", 1L << 20)) {
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger maxInside = new AtomicInteger();
      AtomicInteger total = new AtomicInteger();
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        Thread th = new Thread(() -> {
          for (int i = 0; i < 2_000; i++) {
            t.call(() -> {
              maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
              total.incrementAndGet();
              inside.decrementAndGet();
              return null;
            });
          }
        });
        callers.add(th);
        th.start();
      }
      for (Thread th : callers) {
        th.join();
      }
      assertThat(total.get()).isEqualTo(8_000);
      assertThat(maxInside.get()).isEqualTo(1);
    }
  }

  private static int depth(int n) {
    return n == 0 ? 0 : 1 + depth(n - 1);
  }
}
