package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.node.ReplicaNode;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.types.Height;
import org.jicp.types.RegistryVersion;
import org.junit.jupiter.api.Test;

/**
 * Registry changes on BFT registry subnets ({@code registryConsensus(true)}): the registry version
 * a batch executes at is agreed in the block (each member's block maker names the latest version
 * it knows, validators defer blocks naming a later one), so every member picks a new version up
 * at the same height.
 */
class RegistryVersionAgreementTest {

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

  private static RegistryVersion versionAt(ReplicaNode n, Height h) {
    return n.stateManager().entry(h).orElseThrow(() -> new AssertionError(
        n.id() + " has no state at " + h)).state().metadata().registryVersion();
  }
}
