package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.math.BigInteger;
import org.jicp.crypto.Principal;
import org.jicp.replica.Actor;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Parameter injection: what works, and the errors when it cannot. */
class InjectionTest {
  /** Every kind of parameter. */
  @JicpReplica
  static class Kinds {
    static Replica beforeEachReplica;

    @Fixture
    static void deploy(Canisters canisters) {
      canisters.deploy("counter", TestWasm.counter());
    }

    @Fixture
    static void later(Canisters canisters) {
      canisters.find("counter").ifPresent(id -> canisters.name("alias", id));
    }

    @BeforeEach
    void setUp(Replica ic) {
      beforeEachReplica = ic;
    }

    @Test
    void all_kinds_injected(Replica ic, Canisters canisters, @Canister("counter") CanisterId id,
        @Canister("counter") Principal p, @Canister("counter") Counter counter) {
      assertThat(ic).isSameAs(beforeEachReplica).isSameAs(canisters.replica());
      assertThat(p).isEqualTo(id.principal());
      assertThat(Actor.canisterOf(counter)).isEqualTo(id);
      assertThat(counter.toString()).isEqualTo("Actor[Counter " + id + "]");
      assertThat(counter.get()).isEqualTo(BigInteger.ZERO);
    }
  }

  /** An unknown name. */
  @JicpReplica
  static class UnknownName {
    @Fixture
    static void deploy(Canisters canisters) {
      canisters.deploy("counter", TestWasm.counter());
    }

    @Test
    void unknown(@Canister("ledger") CanisterId id) {}
  }

  /** A type @Canister cannot inject. */
  @JicpReplica
  static class WrongType {
    @Fixture
    static void deploy(Canisters canisters) {
      canisters.deploy("counter", TestWasm.counter());
    }

    @Test
    void wrongType(@Canister("counter") String id) {}
  }

  /** An interface that is not a Candid service. */
  @JicpReplica
  static class NotAService {
    /** Overloaded: Candid has no overloading. */
    interface Overloaded {
      void inc();

      void inc(BigInteger by);

      BigInteger get();
    }

    @Fixture
    static void deploy(Canisters canisters) {
      canisters.deploy("counter", TestWasm.counter());
    }

    @Test
    void overloaded(@Canister("counter") Overloaded c) {}
  }

  /** NEW_REPLICA has no replica in @BeforeAll. */
  @JicpReplica(isolation = Isolation.NEW_REPLICA)
  static class NoReplicaBeforeAll {
    @BeforeAll
    static void setUp(Replica ic) {}

    @Test
    void never() {}
  }

  /** Configured in code; the annotation on the same class is ignored. */
  @JicpReplica(subnets = Replica.SubnetKind.APPLICATION)
  static class Registered {
    @RegisterExtension
    static JicpExtension ic = JicpExtension.builder()
        .subnets(Replica.SubnetKind.NNS, Replica.SubnetKind.APPLICATION,
            Replica.SubnetKind.APPLICATION)
        .seed(3)
        .fixture((replica, canisters) -> canisters.deploy("counter", TestWasm.counter()))
        .build();

    @Test
    void registered_configuredInCode(Replica ic, @Canister("counter") Counter counter) {
      assertThat(ic.subnets()).hasSize(3);
      counter.inc();
      assertThat(counter.get()).isEqualTo(BigInteger.ONE);
    }
  }

  private static Throwable onlyFailure(Class<?> c) {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(c)).execute()
        .allEvents();
    return events.failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  @Test
  void kinds_allInjected_pass() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(Kinds.class),
        selectClass(Registered.class)).execute().testEvents()
        .assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void canister_unknownName_clearError() {
    assertThat(onlyFailure(UnknownName.class)).isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("@Canister(\"ledger\") CanisterId (parameter 0) of unknown(): no canister named 'ledger'"
            + " in this replica (named: counter); name it in a @Fixture with"
            + " canisters.deploy(\"ledger\", wasm) or canisters.name(\"ledger\", id)");
  }

  @Test
  void canister_wrongType_clearError() {
    assertThat(onlyFailure(WrongType.class)).isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("has type java.lang.String: @Canister injects a CanisterId, a"
            + " Principal or an actor interface");
  }

  @Test
  void canister_notAService_clearError() {
    assertThat(onlyFailure(NotAService.class)).isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("is not an actor interface")
        .hasMessageContaining("Candid has no overloading");
  }

  @Test
  void beforeAll_newReplicaIsolation_clearError() {
    assertThat(onlyFailure(NoReplicaBeforeAll.class))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("with Isolation.NEW_REPLICA the replica exists only during each"
            + " test");
  }
}
