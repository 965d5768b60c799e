package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.Replica.SubnetKind.APPLICATION;
import static org.jicp.replica.Replica.SubnetKind.NNS;

import java.math.BigInteger;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The example of the README (issue 16 §1): a fixture once per class, state restored per test. */
@JicpReplica(subnets = {NNS, APPLICATION}, nodesPerSubnet = 1, seed = 7)
class CounterTest {
  private static final byte[] NO_ARGS = {'D', 'I', 'D', 'L', 0, 0};

  @Fixture
  static void deploy(Replica ic, Canisters canisters) {
    CanisterId id = canisters.deploy("counter", TestWasm.counter());
    ic.update(id, "inc", NO_ARGS);   // the fixture's state: the count is 1
  }

  @RepeatedTest(3)
  void inc_fromTheFixture_countsFromItsState(Replica ic, @Canister("counter") CanisterId id) {
    ic.update(id, "inc", NO_ARGS);
    assertThat(ic.query(id, "get", NO_ARGS))
        .containsExactly('D', 'I', 'D', 'L', 0, 1, 0x7d, 2);   // (2 : nat), in every repetition
  }

  @RepeatedTest(3)
  void inc_typedActor_countsFromTheFixtureState(@Canister("counter") Counter counter) {
    counter.inc();
    assertThat(counter.get()).isEqualTo(BigInteger.TWO);
    assertThat(counter.incTwice()).isEqualTo(BigInteger.valueOf(4));
  }

  @Test
  void deploy_inTheFixture_onTheDefaultApplicationSubnet(Replica ic,
      @Canister("counter") CanisterId id) {
    assertThat(ic.subnets()).hasSize(2);
    assertThat(ic.subnetOf(id.principal()).orElseThrow().id())
        .isEqualTo(ic.subnets().get(1).id());
  }
}
