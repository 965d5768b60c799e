package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.Replica.SubnetKind.APPLICATION;
import static org.jicp.replica.Replica.SubnetKind.NNS;

import java.math.BigInteger;
import org.jicp.candid.actor.Query;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The example of the README (issue 16 §1): a fixture once per class, state restored per test. */
@JicpReplica(subnets = {NNS, APPLICATION}, nodesPerSubnet = 1, seed = 7)
class CounterTest {
  interface Counter {                 // the canister's Candid service, as ic-candid maps it
    void inc();
    @Query BigInteger get();
  }

  static final byte[] wasm = TestWasm.counter();
  private static final byte[] NO_ARGS = {'D', 'I', 'D', 'L', 0, 0};

  @Fixture static void deploy(Canisters canisters) {          // once per class
    canisters.deploy("counter", wasm);                        // create, install, name
  }

  @Test void inc(Replica ic, @Canister("counter") CanisterId id,
                 @Canister("counter") Counter counter) {      // state restored per test
    counter.inc();
    assertThat(counter.get()).isEqualTo(BigInteger.ONE);
  }

  @RepeatedTest(3)
  void inc_untyped_countsFromTheFixtureState(Replica ic, @Canister("counter") CanisterId id) {
    ic.update(id, "inc", NO_ARGS);
    assertThat(ic.query(id, "get", NO_ARGS))
        .containsExactly('D', 'I', 'D', 'L', 0, 1, 0x7d, 1);   // (1 : nat), in every repetition
  }

  @RepeatedTest(3)
  void incTwice_defaultMethod_countsFromTheFixtureState(
      @Canister("counter") org.jicp.junit.Counter counter) {
    assertThat(counter.incTwice()).isEqualTo(BigInteger.TWO);
  }

  @Test
  void deploy_inTheFixture_onTheDefaultApplicationSubnet(Replica ic,
      @Canister("counter") CanisterId id) {
    assertThat(ic.subnets()).hasSize(2);
    assertThat(ic.subnetOf(id.principal()).orElseThrow().id())
        .isEqualTo(ic.subnets().get(1).id());
  }
}
