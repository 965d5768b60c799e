package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.RegistryGovernedTopologyTest.ALICE;
import static org.jicp.replica.RegistryGovernedTopologyTest.E8;
import static org.jicp.replica.RegistryGovernedTopologyTest.manage;
import static org.jicp.replica.RegistryGovernedTopologyTest.nat64;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.nns.registry.RegistryPayloads.CanisterIdRange;
import org.jicp.replica.demo.IcTour;
import org.jicp.types.CanisterId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;

/**
 * The set-up of {@link SplitSubnetTest} (shared with the HTTP tests): a replica whose subnets have
 * four registry nodes, canisters on the application subnet, a staked neuron, and the proposals.
 */
public final class SplitSubnetFixture {
  private SplitSubnetFixture() {}

  /** The split's parts: the source, its canisters, the nodes that go, the proposing neuron. */
  public record Setup(SubnetId source, CanisterId stays, CanisterId relay, CanisterId moves,
      List<NodeId> destinationNodes, long neuron) {}

  /** NNS + one application subnet, four registry nodes each, starting at {@code start}. */
  public static Replica replica(long seed, Instant start) {
    return replica(seed, start, java.util.Optional.empty());
  }

  /** {@link #replica(long, Instant)}, with a state directory if given. */
  public static Replica replica(long seed, Instant start, java.util.Optional<java.nio.file.Path> dir) {
    Replica.Builder b = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .registryNodesPerSubnet(4).spareNodes(0).icp(ALICE, 1_000 * E8).deterministic(seed)
        .startTime(start);
    dir.ifPresent(b::stateDir);
    return b.build();
  }

  /** {@link #replica(long, Instant)} at 2026-06-01. */
  public static Replica replica(long seed) {
    return replica(seed, Instant.parse("2026-06-01T00:00:00Z"));
  }

  /** On the application subnet: a counter at 2 that stays, a relay, a counter at 3 that moves. */
  public static Setup setUp(Replica ic) {
    Replica.SubnetInfo app = ic.subnets().get(1);
    CanisterId stays = install(ic, app.id(), "counter");
    CanisterId relay = install(ic, app.id(), "relay");
    CanisterId moves = install(ic, app.id(), "counter");
    for (int i = 0; i < 2; i++) {
      ic.update(stays, "inc", CandidEncoder.empty());
    }
    for (int i = 0; i < 3; i++) {
      ic.update(moves, "inc", CandidEncoder.empty());
    }
    List<NodeId> half = app.nodes().subList(2, 4);
    return new Setup(app.id(), stays, relay, moves, List.copyOf(half), stake(ic, 100));
  }

  static CanisterId install(Replica ic, SubnetId subnet, String name) {
    CanisterId c = ic.createCanister(subnet, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    ic.install(c, IcTour.canister(name), CandidEncoder.empty());
    return c;
  }

  /**
   * From the moving counter to the middle of the source's range: the source keeps the ids below
   * and the upper half (two ranges), the new subnet gets the ids between.
   */
  public static CanisterIdRange movingRange(Setup s) {
    return new CanisterIdRange(s.moves.principal(), CanisterId.fromIndex(
        Replica.APP_RANGE_START + Replica.RANGE_SIZE / 2 - 1).principal());
  }

  /** Passes the split proposal: half of the nodes and {@link #movingRange} to a new subnet. */
  public static void split(Replica ic, Setup s) {
    GovernanceApi.ProposalInfo info = pass(ic, s.neuron, NnsFunction.SPLIT_SUBNET,
        RegistryPayloads.SplitSubnetPayload.class, new RegistryPayloads.SplitSubnetPayload(
            List.of(movingRange(s)), s.destinationNodes.stream().map(NodeId::principal).toList(),
            s.source.principal()));
    assertThat(info.failureReason()).as(String.join("\n", ic.debugLog())).isEmpty();
  }

  public static Replica.SubnetInfo info(Replica ic, SubnetId id) {
    return ic.subnets().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
  }

  /** Makes an NNS-function proposal and ticks until governance executed it or it failed. */
  public static <P> GovernanceApi.ProposalInfo pass(Replica ic, long neuron, NnsFunction f,
      Class<P> type, P payload) {
    return NnsProposals.executeNnsFunction(ic, ALICE, neuron, f, type, payload);
  }

}
