package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.List;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.consensus.internal.InsecureSimulationCrypto;
import org.jicp.consensus.sim.SimulatedExecution;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.ReplicaVersions;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/** A subnet of nodes with fast crypto, each with its own pool, for component tests. */
final class TestSubnet {
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {1, 2, 3}));
  static final CryptoHash GENESIS_STATE = new CryptoHash(Bytes.of(new byte[32]));

  final ConsensusConfig config;
  final List<NodeId> ids = new ArrayList<>();
  final SubnetCrypto crypto;
  final CatchUpPackage genesis;
  final List<Node> nodes = new ArrayList<>();

  TestSubnet(int n, ConsensusConfig config) {
    this(n, config, null);
  }

  TestSubnet(int n, ConsensusConfig config, SubnetCrypto crypto) {
    this.config = config;
    for (int i = 0; i < n; i++) {
      ids.add(NodeId.ofIndex(i + 1));
    }
    this.crypto = crypto != null ? crypto : InsecureSimulationCrypto.create(SUBNET, ids, 42);
    this.genesis = Genesis.catchUpPackage(this.crypto, ids, config, GENESIS_STATE);
    for (NodeId id : ids) {
      nodes.add(new Node(id));
    }
  }

  static TestSubnet application(int n) {
    return new TestSubnet(n, ConsensusConfig.defaults(SubnetType.APPLICATION));
  }

  Node node(int i) {
    return nodes.get(i);
  }

  /** The node with rank {@code r} at height 1 (ranked by the genesis beacon). */
  Node nodeOfRank(int r) {
    RandomBeacon g = genesis.content().randomBeacon();
    NodeId id = node(0).ctx.membership().ranking(node(0).pool, Height.of(1), g).orElseThrow().get(r);
    return nodes.get(ids.indexOf(id));
  }

  /** Gives {@code m} to every node but {@code from}, unvalidated. */
  void broadcast(Node from, ConsensusMessage m) {
    for (Node n : nodes) {
      if (n != from) {
        n.pool.addUnvalidated(m);
      }
    }
  }

  final class Node {
    final NodeId id;
    final ConsensusContext ctx;
    final ConsensusPool pool;
    final SimulatedExecution exec =
        new SimulatedExecution(SUBNET, Height.ZERO, GENESIS_STATE, SimulatedExecution.Certifying.IMMEDIATE, SimulatedExecution.Listener.NONE);
    final Consensus consensus;

    Node(NodeId id) {
      this.id = id;
      this.ctx =
          new ConsensusContext(
              id,
              ReplicaVersions.DEFAULT,
              new Membership(SUBNET, config),
              crypto.forNode(id),
              exec,
              exec,
              PayloadBuilder.empty(),
              new DkgPayloads(SUBNET, config.dkgIntervalLength(), config.dkgDealingsPerBlock(), crypto.forNode(id)));
      this.pool = new ConsensusPool(genesis, Time.EPOCH);
      this.consensus = new Consensus(ctx);
    }

    ConsensusPool.Applied apply(List<ChangeAction> changes, long ms) {
      return pool.apply(changes, Time.ofMillis(ms));
    }

    /** Runs the validator until it has nothing left to do at {@code ms}. */
    void validate(long ms) {
      Validator v = new Validator(ctx);
      for (int i = 0; i < 100; i++) {
        List<ChangeAction> c = v.onStateChange(pool, Time.ofMillis(ms));
        if (c.isEmpty()) {
          return;
        }
        pool.apply(c, Time.ofMillis(ms));
      }
      throw new AssertionError("the validator does not settle");
    }

    /** This node's proposal at height 1 with its rank (at time {@code ms}). */
    BlockProposal propose(long ms) {
      RandomBeacon g = genesis.content().randomBeacon();
      Rank r = ctx.membership().blockMakerRank(pool, Height.of(1), g, id).orElseThrow();
      return new BlockMaker(ctx).propose(pool, Time.ofMillis(ms), Height.of(1), r, 0).orElseThrow();
    }
  }
}
