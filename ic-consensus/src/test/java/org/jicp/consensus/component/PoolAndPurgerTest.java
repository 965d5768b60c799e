package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.types.Height;
import org.junit.jupiter.api.Test;

/** The pool's bookkeeping and the purger, on a four-node subnet driven by hand. */
class PoolAndPurgerTest {
  @Test
  void addUnvalidated_sameArtifactTwice_keepsOne() {
    TestSubnet s = TestSubnet.application(4);
    BlockProposal p = s.nodeOfRank(0).propose(10);
    ConsensusPool pool = s.node(1).pool;
    assertThat(pool.addUnvalidated(p)).isTrue();
    assertThat(pool.addUnvalidated(p)).isFalse();
    assertThat(pool.unvalidated().size()).isEqualTo(1);
  }

  @Test
  void roundStart_genesis_roundOneStartsWhenThePoolIsCreated() {
    TestSubnet s = TestSubnet.application(4);
    assertThat(s.node(0).pool.roundStart(Height.of(1))).contains(Time.EPOCH);
    assertThat(s.node(0).pool.roundStart(Height.of(2))).isEmpty();
    assertThat(s.node(0).pool.notarizedBlocks(Height.ZERO)).containsExactly(s.genesis.content().block());
    assertThat(s.node(0).pool.finalizedBlock(Height.ZERO)).contains(s.genesis.content().block());
  }

  @Test
  void step_fourNodesByHand_finalizeDeliverAndPurgeTheirShares() {
    TestSubnet s = TestSubnet.application(4);
    // Everyone runs its consensus at 0, 400, 800 ms; messages go to everyone in between.
    for (long t : new long[] {0, 1, 400, 401, 800, 801, 1200, 1201}) {
      for (TestSubnet.Node n : s.nodes) {
        for (int i = 0; i < 100; i++) {
          List<ChangeAction> c = n.consensus.onStateChange(n.pool, Time.ofMillis(t));
          if (c.isEmpty()) {
            break;
          }
          ConsensusPool.Applied a = n.apply(c, t);
          a.added().forEach(m -> s.broadcast(n, m));
        }
      }
    }
    for (TestSubnet.Node n : s.nodes) {
      assertThat(n.pool.finalizedHeight().value()).isGreaterThanOrEqualTo(1);
      // Shares at or below the finalized height are purged.
      assertThat(n.pool.validated().<NotarizationShare>get(ArtifactType.NOTARIZATION_SHARE, Height.of(1))).isEmpty();
      assertThat(n.pool.finalizedBlock(Height.of(1))).isEqualTo(s.node(0).pool.finalizedBlock(Height.of(1)));
    }
  }
}
