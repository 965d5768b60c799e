package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidValue;
import org.jicp.replica.http.Harness;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.RejectCode;
import org.junit.jupiter.api.Test;

/**
 * The harness Motoko canisters (built by DFINITY's compiler, read in place from
 * {@code ../shared/harness}) on a replica with single-node subnets and with 4-node subnets running
 * consensus: {@code caller} on one subnet calls {@code counter} and {@code trapper} on another.
 */
class HarnessCanistersTest {
  private static final Cycles CYCLES = Cycles.of(50_000_000_000_000L);

  private static byte[] args(String text) {
    return CandidEncoder.encode(CandidText.parseArgs(text));
  }

  private static String text(byte[] reply) {
    return CandidText.printArgs(CandidDecoder.standard().decode(reply).values());
  }

  private static BigInteger nat(byte[] reply) {
    return ((CandidValue.Nat) CandidDecoder.standard().decode(reply).values().get(0)).value();
  }

  private static String principal(CanisterId id) {
    return "principal \"" + id.principal().toText() + "\"";
  }

  /** Installs the five canisters and runs the calls every variant runs; returns the caller. */
  private static void scenario(Replica ic, boolean full) {
    List<Replica.SubnetInfo> subnets = ic.subnets();
    CanisterId counter = ic.createCanister(subnets.get(0).id(), CYCLES);
    CanisterId trapper = ic.createCanister(subnets.get(0).id(), CYCLES);
    CanisterId caller = ic.createCanister(subnets.get(1).id(), CYCLES);
    ic.install(counter, Harness.motoko("counter"), CandidEncoder.empty());
    ic.install(trapper, Harness.motoko("trapper"), CandidEncoder.empty());
    ic.install(caller, Harness.motoko("caller"), CandidEncoder.empty());
    assertThat(ic.subnetOf(counter.principal()).orElseThrow().id())
        .isNotEqualTo(ic.subnetOf(caller.principal()).orElseThrow().id());

    // caller -> counter across subnets (streams, certified slices, responses back).
    assertThat(nat(ic.update(caller, "callInc", args("(" + principal(counter) + ")"))))
        .isEqualTo(BigInteger.ONE);
    assertThat(nat(ic.update(caller, "callInc", args("(" + principal(counter) + ")"))))
        .isEqualTo(BigInteger.TWO);
    assertThat(nat(ic.query(counter, "get", CandidEncoder.empty()))).isEqualTo(BigInteger.TWO);
    assertThat(text(ic.update(caller, "callGreet", args("(" + principal(counter) + ", \"IC\")"))))
        .isEqualTo("(\"Hello, IC!\")");
    // A trap on the other subnet comes back as a reject the caller catches (code 5).
    assertThat(text(ic.update(caller, "callBoom", args("(" + principal(trapper) + ")"))))
        .startsWith("(\"5: ");
    assertThat(text(ic.update(caller, "callMissing", args("(" + principal(counter) + ")"))))
        .contains("no_such_method");
    if (!full) {
      return;
    }
    // trapper: a trap rolls back, a division by zero traps with the canister's code.
    assertThat(nat(ic.update(trapper, "bump", CandidEncoder.empty()))).isEqualTo(BigInteger.ONE);
    assertThatThrownBy(() -> ic.update(trapper, "bumpThenTrap", CandidEncoder.empty()))
        .isInstanceOfSatisfying(Replica.CallRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(RejectCode.CANISTER_ERROR));
    assertThat(nat(ic.query(trapper, "get", CandidEncoder.empty()))).isEqualTo(BigInteger.ONE);
    assertThatThrownBy(() -> ic.update(trapper, "divide", args("(1, 0)")))
        .isInstanceOf(Replica.CallRejectedException.class);
    // stable_store: an upgrade keeps stable variables.
    CanisterId store = ic.createCanister(subnets.get(1).id(), CYCLES);
    byte[] wasm = Harness.motoko("stable_store");
    ic.install(store, wasm, CandidEncoder.empty());
    ic.update(store, "put", args("(\"a\")"));
    ic.upgrade(store, wasm, CandidEncoder.empty());
    assertThat(text(ic.query(store, "entries", CandidEncoder.empty()))).isEqualTo("(vec { \"a\" })");
    // looper: a bounded spin answers; time moves on.
    CanisterId looper = ic.createCanister(subnets.get(0).id(), CYCLES);
    ic.install(looper, Harness.motoko("looper"), CandidEncoder.empty());
    assertThat(text(ic.update(looper, "spin", args("(1000 : nat64)")))).startsWith("(");
    ic.advanceTime(Duration.ofSeconds(10));
    assertThat(nat(ic.query(caller, "callCount", CandidEncoder.empty()))).isEqualTo(BigInteger.valueOf(5));
  }

  @Test
  void singleNodeSubnets_harnessCanistersAnswerAcrossSubnets() {
    Harness.root();
    try (Replica ic = Replica.builder().applicationSubnets(2).deterministic(7).build()) {
      scenario(ic, true);
    }
  }

  @Test
  void fourNodeSubnets_callerCallsCounterAndTrapperOnTheOtherSubnet() {
    Harness.root();
    try (Replica ic = Replica.builder().applicationSubnets(2).nodesPerSubnet(4)
        .consensusDelays(Duration.ofMillis(100), Duration.ZERO).deterministic(7).build()) {
      scenario(ic, false);
    }
  }
}
