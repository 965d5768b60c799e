package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.consensus.internal.InsecureSimulationCrypto;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.consensus.sim.SimulatedExecution;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.ReplicaVersions;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;
import org.junit.jupiter.api.Test;

/**
 * {@link Genesis#recoveryCatchUpPackage}: a subnet restarted at a height (the halves of a split)
 * roots its chain at that height, with the registry version and time of the restart, and its
 * nodes make blocks above it that name no earlier version and no earlier time.
 */
class RecoveryCatchUpPackageTest {
  private static final Height AT = Height.of(57);
  private static final Time TIME = Time.ofMillis(5_000_000);
  private static final RegistryVersion VERSION = RegistryVersion.of(9);

  @Test
  void recoveryPackage_rootsTheChainAtItsHeight_blocksAboveNameItsVersionAndLaterTimes() {
    ConsensusConfig config = ConsensusConfig.defaults(SubnetType.APPLICATION);
    List<NodeId> ids = new ArrayList<>();
    for (int i = 4; i >= 1; i--) {
      ids.add(NodeId.ofIndex(i));
    }
    SubnetCrypto crypto = InsecureSimulationCrypto.create(TestSubnet.SUBNET, ids, 7);
    CatchUpPackage cup = Genesis.recoveryCatchUpPackage(crypto.genesisTranscript(NiDkgTag.LOW_THRESHOLD),
        crypto.genesisTranscript(NiDkgTag.HIGH_THRESHOLD), ids, config, TestSubnet.GENESIS_STATE, AT, TIME, VERSION);

    assertThat(cup.height()).isEqualTo(AT);
    assertThat(cup.content().block().block().context()).isEqualTo(new ValidationContext(VERSION, AT, TIME));
    assertThat(cup.content().randomBeacon().height()).isEqualTo(AT);
    assertThat(cup.content().oldestRegistryVersionInUse()).isEqualTo(VERSION);
    SummaryPayload summary = (SummaryPayload) cup.content().block().block().payload();
    assertThat(summary.summary().height()).isEqualTo(AT);
    assertThat(summary.summary().committee()).isSorted();

    // The rank-0 maker of AT + 1 extends the package's block, at the package's version or later.
    Height next = AT.increment();
    NodeId maker = null;
    ConsensusPool pool = new ConsensusPool(cup, TIME);
    for (NodeId id : ids) {
      ConsensusContext c = context(config, crypto, id, () -> VERSION);
      if (c.membership().blockMakerRank(pool, next, cup.content().randomBeacon(), id).orElse(Rank.of(99)).equals(Rank.ZERO)) {
        maker = id;
      }
    }
    assertThat(maker).isNotNull();
    BlockProposal p = new BlockMaker(context(config, crypto, maker, () -> RegistryVersion.of(10)))
        .propose(pool, TIME, next, Rank.ZERO, 0).orElseThrow();
    assertThat(p.height()).isEqualTo(next);
    assertThat(p.block().block().parent()).isEqualTo(cup.content().block().hash());
    assertThat(p.block().block().context().registryVersion()).isEqualTo(RegistryVersion.of(10));
    assertThat(p.block().block().context().time()).isGreaterThan(TIME);
    // A node whose registry is behind the restart's version makes no block there.
    assertThat(new BlockMaker(context(config, crypto, maker, () -> RegistryVersion.of(8)))
        .propose(pool, TIME, next, Rank.ZERO, 0)).isEmpty();
  }

  private static ConsensusContext context(ConsensusConfig config, SubnetCrypto crypto, NodeId id,
      java.util.function.Supplier<RegistryVersion> registry) {
    SimulatedExecution exec = new SimulatedExecution(TestSubnet.SUBNET, AT, TestSubnet.GENESIS_STATE,
        SimulatedExecution.Certifying.IMMEDIATE, SimulatedExecution.Listener.NONE);
    return new ConsensusContext(id, ReplicaVersions.DEFAULT, new Membership(TestSubnet.SUBNET, config),
        crypto.forNode(id), exec, exec, PayloadBuilder.empty(),
        new DkgPayloads(TestSubnet.SUBNET, config.dkgIntervalLength(), config.dkgDealingsPerBlock(), crypto.forNode(id)), registry);
  }
}
