package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.pool.ChangeAction;
import org.junit.jupiter.api.Test;

class BlockMakerTest {
  @Test
  void onStateChange_leader_proposesAtOnce() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node leader = s.nodeOfRank(0);
    List<ChangeAction> c = new BlockMaker(leader.ctx).onStateChange(leader.pool, Time.ofMillis(0));
    assertThat(c).singleElement().satisfies(a -> {
      BlockProposal p = (BlockProposal) ((ChangeAction.AddToValidated) a).message();
      assertThat(p.rank().value()).isZero();
      assertThat(p.block().parent()).isEqualTo(s.genesis.content().block().hash());
      assertThat(p.block().block().context().time()).isEqualTo(Time.ofNanos(1));
    });
  }

  @Test
  void onStateChange_rankOne_waitsOneUnitDelay() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node second = s.nodeOfRank(1);
    BlockMaker m = new BlockMaker(second.ctx);
    assertThat(m.onStateChange(second.pool, Time.ofMillis(999))).isEmpty();
    assertThat(m.nextWakeUp(second.pool, Time.ofMillis(0))).contains(Time.ofMillis(1000));
    assertThat(m.onStateChange(second.pool, Time.ofMillis(1000))).hasSize(1);
  }

  @Test
  void onStateChange_lowerRankProposalAlreadyValid_proposesNothing() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node second = s.nodeOfRank(1);
    second.pool.addUnvalidated(s.nodeOfRank(0).propose(0));
    second.validate(1);
    assertThat(new BlockMaker(second.ctx).onStateChange(second.pool, Time.ofMillis(5000))).isEmpty();
  }

  @Test
  void onStateChange_notABlockMaker_proposesNothing() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node third = s.nodeOfRank(2);
    assertThat(new BlockMaker(third.ctx).onStateChange(third.pool, Time.ofMillis(100_000))).isEmpty();
    assertThat(new BlockMaker(third.ctx).nextWakeUp(third.pool, Time.ofMillis(0))).isEmpty();
  }

  @Test
  void onStateChange_alreadyProposed_proposesOnce() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node leader = s.nodeOfRank(0);
    BlockMaker m = new BlockMaker(leader.ctx);
    leader.apply(m.onStateChange(leader.pool, Time.ofMillis(0)), 0);
    assertThat(m.onStateChange(leader.pool, Time.ofMillis(10))).isEmpty();
  }
}
