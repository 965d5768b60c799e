package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.EquivocationProof;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.types.Height;
import org.junit.jupiter.api.Test;

class NotaryTest {
  private static List<NotarizationShare> shares(List<ChangeAction> c) {
    return c.stream().map(a -> (NotarizationShare) ((ChangeAction.AddToValidated) a).message()).toList();
  }

  @Test
  void onStateChange_rankZeroBlockBeforeTheNotaryDelay_signsNothingThenSignsAt300ms() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node notary = s.nodeOfRank(3);
    BlockProposal p = s.nodeOfRank(0).propose(10);
    notary.pool.addUnvalidated(p);
    notary.validate(10);
    Notary n = new Notary(notary.ctx);
    assertThat(n.onStateChange(notary.pool, Time.ofMillis(299))).isEmpty();
    assertThat(n.nextWakeUp(notary.pool, Time.ofMillis(10))).contains(Time.ofMillis(300));
    List<NotarizationShare> signed = shares(n.onStateChange(notary.pool, Time.ofMillis(300)));
    assertThat(signed).singleElement().satisfies(x -> assertThat(x.content().block()).isEqualTo(p.block().hash()));
  }

  @Test
  void onStateChange_higherRankAfterLower_neverSupportsTheHigherRank() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node notary = s.nodeOfRank(3);
    BlockProposal rank0 = s.nodeOfRank(0).propose(10);
    BlockProposal rank1 = s.nodeOfRank(1).propose(1000);
    notary.pool.addUnvalidated(rank0);
    notary.validate(10);
    Notary n = new Notary(notary.ctx);
    notary.apply(n.onStateChange(notary.pool, Time.ofMillis(300)), 300);
    notary.pool.addUnvalidated(rank1);
    notary.validate(1500);
    assertThat(n.onStateChange(notary.pool, Time.ofMillis(5000))).isEmpty();
  }

  @Test
  void onStateChange_lowerRankAfterHigher_alsoSupportsTheLowerRank() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node notary = s.nodeOfRank(3);
    BlockProposal rank0 = s.nodeOfRank(0).propose(10);
    BlockProposal rank1 = s.nodeOfRank(1).propose(1000);
    notary.pool.addUnvalidated(rank1);
    notary.validate(1000);
    Notary n = new Notary(notary.ctx);
    assertThat(shares(n.onStateChange(notary.pool, Time.ofMillis(1300)))).singleElement()
        .satisfies(x -> assertThat(x.content().block()).isEqualTo(rank1.block().hash()));
    notary.apply(n.onStateChange(notary.pool, Time.ofMillis(1300)), 1300);
    notary.pool.addUnvalidated(rank0);
    notary.validate(1400);
    assertThat(shares(n.onStateChange(notary.pool, Time.ofMillis(1400)))).singleElement()
        .satisfies(x -> assertThat(x.content().block()).isEqualTo(rank0.block().hash()));
  }

  @Test
  void onStateChange_equivocatingLeader_isDisqualifiedAndIgnored() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node notary = s.nodeOfRank(3);
    TestSubnet.Node leader = s.nodeOfRank(0);
    BlockProposal a = leader.propose(10);
    BlockProposal b = new BlockMaker(leader.ctx).propose(leader.pool, Time.ofMillis(10), Height.of(1), a.rank(), 1).orElseThrow();
    notary.pool.addUnvalidated(a);
    notary.pool.addUnvalidated(b);
    notary.validate(20);
    assertThat(notary.pool.validated().<EquivocationProof>get(ArtifactType.EQUIVOCATION_PROOF, Height.of(1)))
        .singleElement().satisfies(e -> assertThat(e.signer()).isEqualTo(leader.id));
    assertThat(Notary.lowestRankedNonDisqualified(notary.pool, Height.of(1))).isEmpty();
    assertThat(new Notary(notary.ctx).onStateChange(notary.pool, Time.ofMillis(5000))).isEmpty();
  }
}
