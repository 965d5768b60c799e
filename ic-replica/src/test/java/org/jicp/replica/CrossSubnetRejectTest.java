package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.replica.http.Harness;
import org.jicp.state.replicated.Stream;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.Test;

/**
 * A call across subnets to a canister that does not exist: the receiving subnet accepts the
 * request (an accept signal) and answers it with a reject response, reject code 3
 * (DESTINATION_INVALID, the IC's IC0301 CanisterNotFound), which the harness Motoko {@code caller}
 * (built by DFINITY's compiler) catches; the streams are garbage-collected by the signals.
 */
class CrossSubnetRejectTest {
  private static final Cycles CYCLES = Cycles.of(50_000_000_000_000L);

  @Test
  void callToMissingCanisterOnOtherSubnet_rejectedDestinationInvalidCanisterNotFound() {
    Harness.root();
    try (Replica ic = Replica.builder().applicationSubnets(2).deterministic(11).build()) {
      SubnetId target = ic.subnets().get(0).id();
      SubnetId home = ic.subnets().get(1).id();
      CanisterId caller = ic.createCanister(home, CYCLES);
      ic.install(caller, Harness.motoko("caller"), CandidEncoder.empty());
      // The last id of the target subnet's range: routed there, never created.
      List<org.jicp.state.certification.CanisterRange> ranges = ic.subnets().get(0).ranges().ranges();
      CanisterId missing = ranges.get(ranges.size() - 1).end();
      assertThat(ic.subnetOf(missing.principal()).orElseThrow().id()).isEqualTo(target);

      byte[] reply = ic.update(caller, "callMissing",
          CandidEncoder.encode(List.of(CandidValue.principal(missing.principal()))));
      String text = ((CandidValue.Text) CandidDecoder.standard().decode(reply).values().get(0)).value();
      assertThat(text).isEqualTo("3: Canister " + missing + " not found");

      for (int i = 0; i < 3; i++) {
        ic.tick();
      }
      Stream there = ic.subnet(target).stateManager().latestState().metadata().streams().get(home);
      Stream back = ic.subnet(home).stateManager().latestState().metadata().streams().get(target);
      // One request went out and was accepted; one reject response came back and was accepted.
      assertThat(back.begin()).isEqualTo(1);
      assertThat(back.messages()).isEmpty();
      assertThat(there.begin()).isEqualTo(1);
      assertThat(there.messages()).isEmpty();
      assertThat(there.signalsEnd()).isEqualTo(1);
      assertThat(there.rejectSignals()).isEmpty();
      assertThat(back.signalsEnd()).isEqualTo(1);
    }
  }
}
