package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Principal;
import org.jicp.replica.demo.IcTour;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 "Speed": a cross-subnet call round trip on single-node subnets takes at most 4 rounds.
 * The relay on subnet B calls the counter on subnet A: round 1 inducts the ingress message and
 * runs the relay, whose request leaves in B's certified stream; A inducts the slice and runs
 * {@code inc}; B inducts the response and replies; the reply must be in a certified state.
 */
class CrossSubnetRoundTripTest {
  @Test
  void crossSubnetCall_singleNodeSubnets_repliesWithinFourRounds() {
    try (Replica ic = Replica.builder().applicationSubnets(2).deterministic(5).build()) {
      SubnetId a = ic.subnets().get(0).id();
      SubnetId b = ic.subnets().get(1).id();
      CanisterId counter = ic.createCanister(a, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      ic.install(counter, IcTour.canister("counter"), CandidEncoder.empty());
      CanisterId relay = ic.createCanister(b, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      ic.install(relay, IcTour.canister("relay"), CandidEncoder.empty());
      byte[] arg = CandidEncoder.encode(List.of(CandidValue.principal(counter.principal())));
      int[] rounds = new int[3];
      for (int call = 0; call < rounds.length; call++) {
        MessageId id = ic.submit(Principal.anonymous(), relay, relay, "inc_on", arg);
        while (ic.ingressStatus(relay, id).filter(s -> s.kind().isTerminal()).isEmpty()) {
          assertThat(rounds[call]).as("rounds so far").isLessThan(100);
          ic.tick();
          rounds[call]++;
        }
        IngressStatus st = ic.ingressStatus(relay, id).orElseThrow();
        assertThat(st.kind()).isEqualTo(IngressStatus.Kind.REPLIED);
        CandidValue v = CandidDecoder.standard().decode(st.reply().orElseThrow().toByteArray())
            .values().get(0);
        assertThat(((CandidValue.Nat64) v).bits()).isEqualTo(call + 1);
      }
      System.out.println("cross-subnet round trips, rounds: " + java.util.Arrays.toString(rounds));
      for (int r : rounds) {
        assertThat(r).isBetween(1, 4);
      }
    }
  }
}
