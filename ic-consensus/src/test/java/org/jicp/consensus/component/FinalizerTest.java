package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.FinalizationShare;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.pool.ChangeAction;
import org.junit.jupiter.api.Test;

class FinalizerTest {
  /** Every node signs a notarization share for {@code p}; node {@code at} validates them all. */
  private static void notarize(TestSubnet s, BlockProposal p, TestSubnet.Node at, long ms) {
    for (TestSubnet.Node n : s.nodes) {
      n.pool.addUnvalidated(p);
      n.validate(ms);
      NotarizationShare share = new Notary(n.ctx).sign(p);
      if (n == at) {
        at.apply(List.of(new ChangeAction.AddToValidated(share)), ms);
      } else {
        at.pool.addUnvalidated(share);
      }
    }
    at.validate(ms);
    at.apply(new ShareAggregator(at.ctx).onStateChange(at.pool, Time.ofMillis(ms)), ms);
  }

  @Test
  void onStateChange_exactlyOneNotarizedBlock_signsItsFinalization() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node node = s.nodeOfRank(3);
    BlockProposal p = s.nodeOfRank(0).propose(10);
    notarize(s, p, node, 400);
    assertThat(node.pool.notarizedHeight().value()).isEqualTo(1);
    List<ChangeAction> c = new Finalizer(node.ctx).onStateChange(node.pool, Time.ofMillis(400));
    assertThat(c).singleElement()
        .satisfies(a -> assertThat(((FinalizationShare) ((ChangeAction.AddToValidated) a).message()).content().block()).isEqualTo(p.block().hash()));
  }

  @Test
  void onStateChange_twoNotarizedBlocks_signsNothing() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node node = s.nodeOfRank(3);
    notarize(s, s.nodeOfRank(0).propose(10), node, 1500);
    notarize(s, s.nodeOfRank(1).propose(1000), node, 1500);
    assertThat(node.pool.notarizedBlocks(org.jicp.types.Height.of(1))).hasSize(2);
    assertThat(new Finalizer(node.ctx).onStateChange(node.pool, Time.ofMillis(1500))).isEmpty();
  }

  @Test
  void onStateChange_supportedAnotherBlockAtTheHeight_signsNothing() {
    TestSubnet s = TestSubnet.application(4);
    TestSubnet.Node node = s.nodeOfRank(3);
    BlockProposal other = s.nodeOfRank(1).propose(1000);
    node.pool.addUnvalidated(other);
    node.validate(1000);
    node.apply(List.of(new ChangeAction.AddToValidated(new Notary(node.ctx).sign(other))), 1300);
    notarize(s, s.nodeOfRank(0).propose(10), node, 1400);
    assertThat(node.pool.notarizedBlocks(org.jicp.types.Height.of(1))).hasSize(1);
    assertThat(new Finalizer(node.ctx).onStateChange(node.pool, Time.ofMillis(1400))).isEmpty();
  }
}
