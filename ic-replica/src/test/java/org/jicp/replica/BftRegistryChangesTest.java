package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.RegistryGovernedTopologyTest.nat64;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.node.ReplicaNode;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.state.certification.CanisterRange;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.RegistryVersion;
import org.junit.jupiter.api.Test;

/**
 * Registry changes on BFT registry subnets ({@code registryConsensus(true)}): the registry version
 * a batch executes at is agreed in the block (each member's block maker names the latest version
 * it knows, validators defer blocks naming a later one), so every member picks a new version up
 * at the same height; a {@code split_subnet} proposal splits a BFT subnet where its nodes agreed on
 * the split's version, both halves running consensus on their nodes afterwards.
 */
class BftRegistryChangesTest {

  @Test
  void registryVersionBump_agreedInBlocks_everyMemberTakesItAtTheSameHeight() {
    try (Replica ic = RegistryConsensusTest.replica(53, 0)) {
      SubnetRuntime s = ic.subnet(ic.subnets().get(2).id());
      assertThat(s.runsConsensus()).isTrue();
      ic.tick();
      long from = s.nodes().get(0).stateManager().latestStateHeight().value() + 1;
      RegistryVersion before = versionAt(s.nodes().get(0), s.nodes().get(0).stateManager()
          .latestStateHeight());
      assertThat(before.value()).as("the genesis registry's version, not 1").isGreaterThan(1);

      long neuron = stake(ic, 100);
      GovernanceApi.ProposalInfo info = NnsProposals.executeNnsFunction(ic,
          RegistryGovernedTopologyTest.ALICE, neuron, NnsFunction.ADD_OR_REMOVE_DATA_CENTERS,
          RegistryPayloads.AddOrRemoveDataCentersProposalPayload.class,
          new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(List.of(
              new RegistryPayloads.DataCenterRecord("zh9", "Europe,CH,Zurich", "jicp",
                  Optional.empty())), List.of()));
      assertThat(info.failureReason()).as("%s", info).isEmpty();
      ic.tick(3);

      long to = s.nodes().stream().mapToLong(n -> n.stateManager().latestStateHeight().value())
          .min().orElseThrow();
      List<Long> firstNewHeights = new ArrayList<>();
      RegistryVersion after = versionAt(s.nodes().get(0), Height.of(to));
      assertThat(after).isGreaterThan(before);
      for (ReplicaNode n : s.nodes()) {
        RegistryVersion prev = before;
        Long first = null;
        for (long h = from; h <= to; h++) {
          RegistryVersion v = versionAt(n, Height.of(h));
          assertThat(v).as("node %s, height %d: versions never go back", n.id(), h)
              .isGreaterThanOrEqualTo(prev);
          assertThat(v).as("height %d: every member executes at the same version", h)
              .isEqualTo(versionAt(s.nodes().get(0), Height.of(h)));
          if (first == null && v.equals(after)) {
            first = h;
          }
          prev = v;
          // The finalized block of that height names the version its batch ran at.
          Height height = Height.of(h);
          Optional<RegistryVersion> named = n.consensus().flatMap(c -> c.pool()
              .finalizedBlock(height)).map(b -> b.block().context().registryVersion());
          named.ifPresent(x -> assertThat(x).isEqualTo(v));
        }
        firstNewHeights.add(first);
      }
      assertThat(firstNewHeights).doesNotContainNull();
      assertThat(firstNewHeights.stream().distinct()).hasSize(1);
      assertThat(firstNewHeights.get(0)).isGreaterThan(from);
    }
  }

  @Test
  void splitSubnetProposal_bftSource_bothHalvesRunBftAndCallsReachTheMovedCanister() {
    try (Replica ic = RegistryConsensusTest.replica(59, 0)) {
      Replica.SubnetInfo bft = ic.subnets().get(2);
      SubnetId played = ic.subnets().get(1).id();
      CanisterId stays = RegistryConsensusTest.install(ic, bft.id(), "counter");
      CanisterId moves = RegistryConsensusTest.install(ic, bft.id(), "counter");
      CanisterId relay = RegistryConsensusTest.install(ic, played, "relay");
      for (int i = 0; i < 2; i++) {
        ic.update(stays, "inc", CandidEncoder.empty());
      }
      for (int i = 0; i < 3; i++) {
        ic.update(moves, "inc", CandidEncoder.empty());
      }
      CanisterRange r = bft.ranges().ranges().get(0);
      CanisterId middle = CanisterId.fromIndex((index(r.start()) + index(r.end())) / 2);
      List<NodeId> leaving = bft.nodes().subList(2, 4);
      long neuron = stake(ic, 100);
      int before = ic.subnetCount();
      GovernanceApi.ProposalInfo info = SplitSubnetFixture.pass(ic, neuron,
          NnsFunction.SPLIT_SUBNET, RegistryPayloads.SplitSubnetPayload.class,
          new RegistryPayloads.SplitSubnetPayload(List.of(new RegistryPayloads.CanisterIdRange(
              moves.principal(), middle.principal())),
              leaving.stream().map(NodeId::principal).toList(), bft.id().principal()));
      assertThat(info.failureReason()).as(String.join("\n", ic.debugLog())).isEmpty();
      for (int i = 0; i < 20 && ic.subnetCount() == before; i++) {
        ic.tick();
      }
      assertThat(ic.subnetCount()).as(String.join("\n", ic.debugLog())).isEqualTo(before + 1);
      Replica.SubnetInfo source = SplitSubnetFixture.info(ic, bft.id());
      Replica.SubnetInfo dest = ic.subnets().get(before);
      SubnetRuntime src = ic.subnet(source.id());
      SubnetRuntime dst = ic.subnet(dest.id());
      assertThat(src.runsConsensus()).isTrue();
      assertThat(dst.runsConsensus()).isTrue();
      assertThat(dst.nodes().stream().map(ReplicaNode::id).toList())
          .containsExactlyInAnyOrderElementsOf(leaving);
      assertThat(src.nodes().stream().map(ReplicaNode::id).toList())
          .containsExactlyInAnyOrderElementsOf(bft.nodes().subList(0, 2));
      assertThat(dest.ranges().contains(moves.principal())).isTrue();
      assertThat(source.ranges().contains(moves.principal())).isFalse();
      assertThat(source.ranges().contains(stays.principal())).isTrue();
      // Both halves started from one state of the source: the moved counter kept its count.
      assertThat(dst.nodes().get(0).stateManager().latestState().canister(moves)).isPresent();
      assertThat(dst.nodes().get(0).stateManager().latestState().canister(stays)).isEmpty();
      assertThat(src.nodes().get(0).stateManager().latestState().canister(moves)).isEmpty();

      assertThat(nat64(ic.update(moves, "inc", CandidEncoder.empty()))).isEqualTo(4);
      assertThat(nat64(ic.update(stays, "inc", CandidEncoder.empty()))).isEqualTo(3);
      // Across subnets: the relay on the played subnet reaches the moved counter on its new subnet.
      assertThat(nat64(ic.update(relay, "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(moves.principal())))))).isEqualTo(5);
      assertThat(nat64(ic.query(moves, "get", CandidEncoder.empty()))).isEqualTo(5);
      RegistryConsensusTest.verifyCertificate(ic, dest.id(), moves);
      RegistryConsensusTest.verifyCertificate(ic, source.id(), stays);
      // The halves' keys are the registry's new ones: the destination's id names its key.
      assertThat(dest.id()).isEqualTo(new SubnetId(org.jicp.crypto.Principal.selfAuthenticating(
          dst.publicKey().toDer().toByteArray())));
      assertThat(src.publicKey().toDer()).isNotEqualTo(Bytes.of(new byte[0]));
      // Every node of each half holds the same certified state.
      for (SubnetRuntime half : List.of(src, dst)) {
        Height h = half.nodes().stream().map(n -> n.stateManager().latestCertifiedHeight())
            .min(Height::compareTo).orElseThrow();
        assertThat(half.nodes().stream().map(n -> n.stateManager().entry(h).orElseThrow().tree()
            .rootHash()).distinct()).hasSize(1);
      }
    }
  }

  private static long index(CanisterId c) {
    return java.nio.ByteBuffer.wrap(c.toByteArray(), 0, 8).getLong();
  }

  private static RegistryVersion versionAt(ReplicaNode n, Height h) {
    return n.stateManager().entry(h).orElseThrow(() -> new AssertionError(
        n.id() + " has no state at " + h)).state().metadata().registryVersion();
  }
}
