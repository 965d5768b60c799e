package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The three isolation modes and nested classes. */
class IsolationTest {
  /** RESTORE: every test starts from the fixture's state; names given in a test are undone. */
  @JicpReplica
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Restore {
    private static final Set<Replica> REPLICAS = Collections.newSetFromMap(new IdentityHashMap<>());
    private static int fixtures;
    private static CanisterId other;
    private static java.util.List<org.jicp.crypto.Bytes> roots;

    @Fixture
    static void deploy(Canisters canisters) {
      fixtures++;
      canisters.deploy("counter", TestWasm.counter());
    }

    @RepeatedTest(3)
    @Order(1)
    void inc_eachRepetition_startsFromTheFixture(Replica ic, Canisters canisters,
        @Canister("counter") Counter counter) {
      REPLICAS.add(ic);
      counter.inc();
      assertThat(counter.get()).isEqualTo(BigInteger.ONE);
      assertThat(canisters.all()).containsOnlyKeys("counter");
      other = canisters.deploy("other", TestWasm.counter());   // undone by the next restore
      assertThat(ic.stateOf(other.principal()).canister(other)).isPresent();
    }

    @RepeatedTest(2)
    @Order(3)
    void restore_eachTest_sameCertifiedRootHashesAsTheFixture(Replica ic) {
      if (roots == null) {
        roots = ic.certifiedRootHashes();
      }
      assertThat(ic.certifiedRootHashes()).isEqualTo(roots);
    }

    @Test
    @Order(2)
    void restore_afterACanisterWasCreated_itAndItsNameAreGone(Replica ic, Canisters canisters) {
      assertThat(canisters.find("other")).isEmpty();
      assertThat(other).isNotNull();
      assertThat(ic.stateOf(other.principal()).canister(other)).isEmpty();
    }

    @AfterAll
    static void oneReplicaOneFixture() {
      assertThat(REPLICAS).hasSize(1);
      assertThat(fixtures).isEqualTo(1);
    }

    /** A nested class uses the enclosing class's replica and fixture. */
    @Nested
    class Inner {
      @Test
      void nested_usesTheEnclosingReplica(Replica ic, @Canister("counter") Counter counter) {
        REPLICAS.add(ic);
        assertThat(counter.get()).isZero();
      }
    }
  }

  /** SHARED_STATE: tests see each other's changes, in order. */
  @JicpReplica(isolation = Isolation.SHARED_STATE)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Shared {
    @Fixture
    static void deploy(Canisters canisters) {
      canisters.deploy("counter", TestWasm.counter());
    }

    @Test
    @Order(1)
    void first_inc_one(@Canister("counter") Counter counter) {
      counter.inc();
      assertThat(counter.get()).isEqualTo(BigInteger.ONE);
    }

    @Test
    @Order(2)
    void second_inc_seesTheFirst(@Canister("counter") Counter counter) {
      counter.inc();
      assertThat(counter.get()).isEqualTo(BigInteger.TWO);
    }
  }

  /** NEW_REPLICA: a new replica and fixture per test. */
  @JicpReplica(isolation = Isolation.NEW_REPLICA)
  static class NewReplica {
    private static final Set<Replica> REPLICAS = Collections.newSetFromMap(new IdentityHashMap<>());
    private static int fixtures;

    @Fixture
    void deploy(Canisters canisters) {   // an instance method: the test instance exists
      fixtures++;
      canisters.deploy("counter", TestWasm.counter());
    }

    @RepeatedTest(3)
    void inc_eachTest_freshReplicaAndEmptyLog(Replica ic, @Canister("counter") Counter counter) {
      REPLICAS.add(ic);
      assertThat(ic.debugLog()).isEmpty();
      counter.inc();
      assertThat(ic.debugLog()).hasSize(1);
      assertThat(counter.get()).isEqualTo(BigInteger.ONE);
    }

    @AfterAll
    static void threeReplicasThreeFixtures() {
      assertThat(REPLICAS).hasSize(3);
      assertThat(fixtures).isEqualTo(3);
    }
  }

  @Test
  void isolationModes_runThroughJUnit_allPass() {
    org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
        .selectors(
            org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(Restore.class),
            org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(Shared.class),
            org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(NewReplica.class))
        .execute().allEvents()
        .assertStatistics(s -> s.failed(0))
        .assertThatEvents().isNotEmpty();
    org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
        .selectors(
            org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(Restore.class),
            org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(Shared.class),
            org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(NewReplica.class))
        .execute().testEvents()
        .assertStatistics(s -> s.started(12).succeeded(12));
  }
}
