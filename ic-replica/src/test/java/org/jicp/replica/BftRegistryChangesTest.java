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
 * Registry changes on BFT registry subnets ({@code registryConsensus(true)}): a {@code
 * split_subnet} proposal splits a BFT subnet where its nodes agreed on
 * the split's version, both halves running consensus on their nodes afterwards, and a {@code
 * merge_subnets} proposal puts them back together.
 */
class BftRegistryChangesTest {

  @Test
  void splitThenMerge_bftSubnet_bothHalvesRunBftCallsReachTheMovedCanisterAndItComesBack() {
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
      SubnetRuntime old = ic.subnet(bft.id());
      long from = old.nodes().get(0).stateManager().latestStateHeight().value() + 1;
      RegistryVersion initial = versionAt(old.nodes().get(0), Height.of(from - 1));
      assertThat(initial.value()).as("the genesis registry's version, not 1").isGreaterThan(1);
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
      // The split proposal's registry version: every node of the old subnet executed the same
      // version at every height and took the new one at the same height (the blocks naming it:
      // RegistryVersionAgreementTest).
      assertAgreedVersions(old.nodes(), from, initial);
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

      // Merge back: complete_canister_migration clears the split's migration entries (as on
      // the IC), then merge_subnets puts the destination's canisters into the source again.
      assertThat(SplitSubnetFixture.pass(ic, neuron, NnsFunction.COMPLETE_CANISTER_MIGRATION,
          RegistryPayloads.CompleteCanisterMigrationPayload.class,
          new RegistryPayloads.CompleteCanisterMigrationPayload(List.of(
              new RegistryPayloads.CanisterIdRange(moves.principal(), middle.principal())),
              List.of(source.id().principal(), dest.id().principal()))).failureReason()).isEmpty();
      Bytes splitKey = src.publicKey().toDer();
      RegistryPayloads.MergeSubnetsPayload merge = new RegistryPayloads.MergeSubnetsPayload(
          dest.id().principal(), source.id().principal(), dst.certifiedHeight().value(),
          ic.timeNanos(), dst.stateManager().latestCertifiedEntry().orElseThrow().tree()
              .rootHash());
      assertThat(SplitSubnetFixture.pass(ic, neuron, NnsFunction.MERGE_SUBNETS,
          RegistryPayloads.MergeSubnetsPayload.class, merge).failureReason()).isEmpty();
      for (int i = 0; i < 20 && ic.subnetCount() > before; i++) {
        ic.tick();
      }
      assertThat(ic.subnetCount()).as(String.join("\n", ic.debugLog())).isEqualTo(before);
      SubnetRuntime merged = ic.subnet(bft.id());
      assertThat(merged.runsConsensus()).isTrue();
      assertThat(merged.nodes().stream().map(ReplicaNode::id).toList())
          .containsExactlyInAnyOrderElementsOf(bft.nodes());
      assertThat(merged.publicKey().toDer()).isNotEqualTo(splitKey);
      assertThat(ic.subnetOf(moves.principal()).orElseThrow().id()).isEqualTo(bft.id());
      assertThat(nat64(ic.update(moves, "inc", CandidEncoder.empty()))).isEqualTo(6);
      assertThat(nat64(ic.update(stays, "inc", CandidEncoder.empty()))).isEqualTo(4);
      assertThat(nat64(ic.update(relay, "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(moves.principal())))))).isEqualTo(7);
      RegistryConsensusTest.verifyCertificate(ic, bft.id(), moves);
      // f = 1 again: one node down, the merged subnet still answers.
      merged.crash(merged.nodes().get(3).id());
      assertThat(nat64(ic.update(moves, "inc", CandidEncoder.empty()))).isEqualTo(8);
    }
  }

  /**
   * Every node of {@code nodes} executed each height from {@code from} (to the lowest latest
   * height among them) at the same registry version, never going back, and the versions above
   * {@code initial} first appear at the same height on every node, which is also the version the
   * finalized block of that height names (where the pool still holds it).
   */
  private static void assertAgreedVersions(List<ReplicaNode> nodes, long from,
      RegistryVersion initial) {
    long to = nodes.stream().mapToLong(n -> n.stateManager().latestStateHeight().value())
        .min().orElseThrow();
    RegistryVersion last = versionAt(nodes.get(0), Height.of(to));
    assertThat(last).isGreaterThan(initial);
    List<Long> firstNew = new ArrayList<>();
    for (ReplicaNode n : nodes) {
      RegistryVersion prev = initial;
      Long first = null;
      for (long h = from; h <= to; h++) {
        RegistryVersion v = versionAt(n, Height.of(h));
        assertThat(v).as("node %s, height %d: versions never go back", n.id(), h)
            .isGreaterThanOrEqualTo(prev);
        assertThat(v).as("height %d: every node executes at the same version", h)
            .isEqualTo(versionAt(nodes.get(0), Height.of(h)));
        if (first == null && v.compareTo(initial) > 0) {
          first = h;
        }
        prev = v;
        Height height = Height.of(h);
        n.consensus().flatMap(c -> c.pool().finalizedBlock(height))
            .map(b -> b.block().context().registryVersion())
            .ifPresent(x -> assertThat(x).isEqualTo(v));
      }
      firstNew.add(first);
    }
    assertThat(firstNew).doesNotContainNull();
    assertThat(firstNew.stream().distinct()).hasSize(1);
  }

  private static long index(CanisterId c) {
    return java.nio.ByteBuffer.wrap(c.toByteArray(), 0, 8).getLong();
  }

  private static RegistryVersion versionAt(ReplicaNode n, Height h) {
    return n.stateManager().entry(h).orElseThrow(() -> new AssertionError(
        n.id() + " has no state at " + h)).state().metadata().registryVersion();
  }
}
