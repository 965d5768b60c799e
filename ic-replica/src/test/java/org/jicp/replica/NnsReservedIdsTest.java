package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.Test;

/**
 * A canister created on the NNS subnet never takes the id of an NNS canister that jicp does not
 * run: before the reservation, the first one got index 3, the NNS root's id {@code r7inp…}, which
 * controls the cycles ledger.
 */
class NnsReservedIdsTest {
  @Test
  void createCanister_onTheNnsSubnet_skipsTheReservedNnsIndexes() {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .deterministic(5).build()) {
      SubnetId nns = ic.subnets().get(0).id();
      CanisterId first = ic.createCanister(nns, new Cycles(BigInteger.TEN.pow(12)));
      assertThat(first).isNotEqualTo(NnsCanisterIds.ROOT);
      assertThat(first).isEqualTo(CanisterId.fromIndex(NnsCanisters.RESERVED_NNS_INDEXES));
      assertThat(ic.createCanister(nns, new Cycles(BigInteger.TEN.pow(12))))
          .isEqualTo(CanisterId.fromIndex(NnsCanisters.RESERVED_NNS_INDEXES + 1));
    }
  }
}
