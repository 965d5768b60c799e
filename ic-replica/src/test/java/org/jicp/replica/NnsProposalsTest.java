package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jicp.replica.RegistryGovernedTopologyTest.ALICE;
import static org.jicp.replica.RegistryGovernedTopologyTest.E8;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jicp.crypto.Principal;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.registry.RegistryPayloads;
import org.junit.jupiter.api.Test;

/** {@link NnsProposals}: executed, failed and refused proposals through a running replica. */
class NnsProposalsTest {
  @Test
  void submitAndAwait_motionExecutedFailingFunctionFailedForeignNeuronRefused() {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).spareNodes(0).deterministic(31).build()) {
      long neuron = stake(ic, 100);
      int[] rounds = {0};

      GovernanceApi.ProposalInfo motion = NnsProposals.submitAndAwait(ic, ALICE, neuron,
          new GovernanceApi.Action.Motion(new GovernanceApi.Motion("jicp says hello")), "Motion",
          () -> rounds[0]++);
      assertThat(motion.status()).as("%s", motion).isEqualTo(NnsProposals.STATUS_EXECUTED);
      assertThat(motion.failureReason()).isEmpty();
      assertThat(rounds[0]).as("rounds run, the extra topology round included").isBetween(2, 51);
      assertThat(NnsProposals.info(ic, motion.id().orElseThrow().id())).contains(motion);

      // Adopted, but its execution fails: the failure is reported, not thrown.
      GovernanceApi.ProposalInfo failed = NnsProposals.executeNnsFunction(ic, ALICE, neuron,
          NnsFunction.REMOVE_NODES_FROM_SUBNET, RegistryPayloads.RemoveNodesFromSubnetPayload.class,
          new RegistryPayloads.RemoveNodesFromSubnetPayload(List.of(
              Principal.selfAuthenticating("no such node".getBytes(StandardCharsets.UTF_8)))));
      assertThat(failed.failureReason()).as("%s", failed).isPresent();
      assertThat(failed.executedTimestampSeconds()).isZero();

      // Refused: the caller does not control the neuron.
      Principal mallory = Principal.selfAuthenticating("mallory".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> NnsProposals.submitAndAwait(ic, mallory, neuron,
          new GovernanceApi.Action.Motion(new GovernanceApi.Motion("not mine")), "Foreign", () -> { }))
          .isInstanceOf(ReplicaException.class).hasMessageContaining("refused by governance");
      assertThat(NnsProposals.info(ic, motion.id().orElseThrow().id() + 100)).isEmpty();
    }
  }
}
