package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.jicp.replica.Replica;
import org.jicp.replica.Replica.SubnetKind;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Failures carry the replica's report: tests that fail on purpose (nested classes that surefire
 * does not run by themselves) run through JUnit's EngineTestKit.
 */
class FailureReportTest {
  /** Fails on purpose. */
  @JicpReplica(subnets = {SubnetKind.NNS, SubnetKind.APPLICATION}, seed = 7)
  static class Failing {
    @Fixture
    static void deploy(Canisters canisters) {
      canisters.deploy("counter", TestWasm.counter());
    }

    @Test
    void boom(@Canister("counter") Counter counter) {
      counter.inc();
      counter.boom();   // traps: Actor.RejectedException
    }

    @Test
    void wrongCount(@Canister("counter") Counter counter) {
      counter.inc();
      assertThat(counter.get()).isEqualTo(BigInteger.TWO);   // it is 1
    }

    @Test
    void passes(@Canister("counter") Counter counter) {
      assertThat(counter.get()).isZero();
    }
  }

  /** Its fixture fails. */
  @JicpReplica
  static class FailingFixture {
    @Fixture
    static void deploy(Replica ic, Canisters canisters) {
      Counter c = canisters.actor("counter", Counter.class);   // not named yet
      c.inc();
    }

    @Test
    void never() {}
  }

  private static Throwable failure(Events events, String method) {
    Event e = events.failed().filter(x -> x.getTestDescriptor().getDisplayName()
        .startsWith(method)).findFirst().orElseThrow();
    return e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  private static String report(Throwable t) {
    List<Throwable> reports = Arrays.stream(t.getSuppressed())
        .filter(x -> x instanceof FailureReport).toList();
    assertThat(reports).hasSize(1);
    return reports.get(0).getMessage();
  }

  @Test
  void testFails_trap_reportHasDebugPrintsTrapCallsTimeAndHeights() {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Failing.class))
        .execute().testEvents();
    events.assertStatistics(s -> s.started(3).succeeded(1).failed(2));

    Throwable boom = failure(events, "boom");
    assertThat(boom).isInstanceOf(org.jicp.replica.Actor.RejectedException.class)
        .hasMessageContaining("boom: the counter trapped on purpose");
    String r = report(boom);
    System.out.println(boom.getMessage() + "\n" + r);
    assertThat(r)
        .contains("jicp replica when the test failed (subnets [NNS, APPLICATION], 1 node(s)"
            + " per subnet, seed 7, isolation RESTORE)")
        .containsPattern("time 2026-01-01T\\d\\d:\\d\\d:\\d\\d")
        .containsPattern("subnet nns [a-z0-9-]+: height \\d+, certified \\d+, 1 node")
        .containsPattern("subnet application [a-z0-9-]+: height \\d+, certified \\d+, 1 node")
        .containsPattern("canisters: counter=[a-z0-9-]+")
        .contains("debug prints and traps during the test: ")
        .contains("[counter] counter: inc")
        .contains("[counter] counter: about to boom")
        .contains("boom: the counter trapped on purpose")
        .containsPattern("calls during the test: last 10 per canister\n    counter \\(")
        .containsPattern("#\\d+ update inc -> replied \\(\\)")
        .containsPattern("#\\d+ update boom -> rejected CANISTER_ERROR IC0503: ");
    // only this test's calls: the fixture's install and the other tests' calls are not shown
    assertThat(r).doesNotContain("install_code").doesNotContain(" get ");

    Throwable wrong = failure(events, "wrongCount");
    assertThat(wrong).isInstanceOf(AssertionError.class);
    assertThat(report(wrong))
        .containsPattern("#\\d+ update inc -> replied \\(\\)")
        .containsPattern("#\\d+ query get -> replied \\(1\\)")
        .doesNotContain("about to boom");   // the other test's prints are not this one's
  }

  @Test
  void fixtureFails_unnamedCanister_reportAndClearMessage() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(FailingFixture.class)).execute().containerEvents();
    Throwable t = events.failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(t).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no canister named 'counter' in this replica (named: none)");
    assertThat(report(t)).startsWith("jicp replica when @Fixture FailingFixture.");
  }

  @Test
  void testPasses_noReport() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(Failing.class, "passes", Counter.class.getName()))
        .execute().testEvents();
    events.assertStatistics(s -> s.started(1).succeeded(1));
  }
}
