package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.jicp.replica.Replica;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Test classes run in parallel, each with its own replica: JUnit's parallel execution with
 * concurrent classes (2 threads). Each class's fixture waits at a barrier for the other's, which
 * passes only if both classes run at the same time (a 60 s timeout fails the test instead of
 * hanging if they do not).
 */
class ParallelClassesTest {
  static final CyclicBarrier BOTH = new CyclicBarrier(2);
  static final Set<Replica> REPLICAS = Collections.synchronizedSet(
      Collections.newSetFromMap(new IdentityHashMap<>()));

  static void deployBoth(Replica ic, Canisters canisters) throws Exception {
    REPLICAS.add(ic);
    canisters.deploy("counter", TestWasm.counter());
    BOTH.await(60, TimeUnit.SECONDS);
  }

  static void incTwice(Counter counter) {
    counter.inc();
    counter.inc();
    assertThat(counter.get()).isEqualTo(BigInteger.TWO);
  }

  /** One class. */
  @JicpReplica(seed = 1)
  static class A {
    @Fixture
    static void deploy(Replica ic, Canisters canisters) throws Exception {
      deployBoth(ic, canisters);
    }

    @Test
    void one(@Canister("counter") Counter counter) {
      incTwice(counter);
    }

    @Test
    void two(@Canister("counter") Counter counter) {
      incTwice(counter);
    }
  }

  /** Another class. */
  @JicpReplica(seed = 1)
  static class B {
    @Fixture
    static void deploy(Replica ic, Canisters canisters) throws Exception {
      deployBoth(ic, canisters);
    }

    @Test
    void one(@Canister("counter") Counter counter) {
      incTwice(counter);
    }

    @Test
    void two(@Canister("counter") Counter counter) {
      incTwice(counter);
    }
  }

  @Test
  void classes_concurrent_eachHasItsOwnReplica() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default",
            "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .selectors(selectClass(A.class), selectClass(B.class))
        .execute().testEvents()
        .assertStatistics(s -> s.started(4).succeeded(4));
    assertThat(REPLICAS).hasSize(2);
  }

  @Test
  void methods_concurrentInOneClass_clearError() {
    var events = EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .selectors(selectClass(Concurrent.class))
        .execute().testEvents();
    // both started together: one of them is refused
    events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    assertThat(events.failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow())
        .hasMessageContaining("two tests of one @JicpReplica class run at once");
  }

  /**
   * Its two tests run at once: each waits for the other's end (an {@code AfterEachCallback} still
   * runs when the extension refuses a test), which comes only if both started together.
   */
  @JicpReplica
  @org.junit.jupiter.api.extension.ExtendWith(Concurrent.End.class)
  static class Concurrent {
    static final java.util.concurrent.CountDownLatch ENDED =
        new java.util.concurrent.CountDownLatch(1);

    /** Counts the latch down after each test. */
    static class End implements org.junit.jupiter.api.extension.AfterEachCallback {
      @Override
      public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
        ENDED.countDown();
      }
    }

    @Test
    void one(Replica ic) throws Exception {
      assertThat(ENDED.await(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void two(Replica ic) throws Exception {
      assertThat(ENDED.await(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}
