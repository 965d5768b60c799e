package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;

/** A subnet placed among others: its id, its first canister id, its start time and time moves. */
class SubnetPlacementTest {
  private static final SubnetId ID = SubnetId.fromText("2vxsx-fae");

  private static Subnet placed() {
    return Subnet.create(Engine.INTERPRETER, ExecutionConfig.applicationSubnet(),
        FeeSchedule.applicationSubnet(), new byte[] {1}, ID, 1L << 20, 5_000L);
  }

  @Test
  void create_placed_allocatesFromFirstIndexWithOwnIdAndTime() {
    try (Subnet s = placed()) {
      assertThat(s.createCanister()).isEqualTo(CanisterId.fromIndex(1L << 20));
      assertThat(s.createCanister()).isEqualTo(CanisterId.fromIndex((1L << 20) + 1));
      assertThat(s.state().metadata().ownSubnetId()).isEqualTo(ID);
      assertThat(s.timeNanos()).isEqualTo(5_000L);
    }
  }

  @Test
  void advanceTimeTo_laterAndEarlier_movesOnlyForward() {
    try (Subnet s = placed()) {
      s.advanceTimeTo(9_000L);
      assertThat(s.timeNanos()).isEqualTo(9_000L);
      assertThat(s.state().metadata().timeNanos()).isEqualTo(9_000L);
      s.advanceTimeTo(1_000L);
      assertThat(s.timeNanos()).isEqualTo(9_000L);
    }
  }

  @Test
  void canisterStatus_controllerAndStranger_replyAndReject() {
    try (Subnet s = placed()) {
      CanisterId id = s.createCanister();
      assertThat(s.canisterStatus(id, Subnet.ANONYMOUS).isReply()).isTrue();
      CallResult r = s.canisterStatus(id, Principal.fromText("aaaaa-aa"));
      assertThat(r).isInstanceOf(CallResult.Reject.class);
      assertThat(((CallResult.Reject) r).code().code()).isEqualTo(5);
      assertThat(s.canisterStatus(CanisterId.fromIndex(7), Subnet.ANONYMOUS))
          .isInstanceOf(CallResult.Reject.class);
      assertThat(List.of(s.state().canisters().size())).containsExactly(1);
    }
  }
}
