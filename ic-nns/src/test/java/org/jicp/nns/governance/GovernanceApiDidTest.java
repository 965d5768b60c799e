package org.jicp.nns.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.nns.testing.DidMethod;
import org.jicp.nns.testing.SharedMaterial;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every governance method jicp implements, checked against the mainnet interface read in place from
 * {@code ../shared/vectors/candid/did/nns-governance.did}: the mainnet argument types must be
 * subtypes of jicp's (clients' messages decode), and jicp's result types subtypes of the mainnet
 * ones (clients decode jicp's replies).
 */
class GovernanceApiDidTest {
  static Object t(String candid) {
    return CandidText.parseType(candid);
  }

  static final List<DidMethod> METHODS = List.of(
      new DidMethod("manage_neuron", List.of(GovernanceApi.ManageNeuron.class), List.of(GovernanceApi.ManageNeuronResponse.class)),
      new DidMethod("claim_or_refresh_neuron_from_account", List.of(GovernanceApi.ClaimOrRefreshNeuronFromAccount.class),
          List.of(GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class)),
      new DidMethod("get_full_neuron", List.of(t("nat64")), List.of(GovernanceApi.NeuronResult.class)),
      new DidMethod("get_neuron_info", List.of(t("nat64")), List.of(GovernanceApi.NeuronInfoResult.class)),
      new DidMethod("get_proposal_info", List.of(t("nat64")), List.of(new TypeRef<Optional<GovernanceApi.ProposalInfo>>() {}.type())),
      new DidMethod("get_pending_proposals", List.of(), List.of(new TypeRef<List<GovernanceApi.ProposalInfo>>() {}.type())),
      new DidMethod("list_proposals", List.of(GovernanceApi.ListProposalInfo.class), List.of(GovernanceApi.ListProposalInfoResponse.class)),
      new DidMethod("list_neurons", List.of(GovernanceApi.ListNeurons.class), List.of(GovernanceApi.ListNeuronsResponse.class)),
      new DidMethod("get_neuron_ids", List.of(), List.of(t("vec nat64"))),
      new DidMethod("get_network_economics_parameters", List.of(), List.of(GovernanceApi.NetworkEconomics.class)),
      new DidMethod("get_latest_reward_event", List.of(), List.of(GovernanceApi.RewardEvent.class)),
      new DidMethod("list_node_providers", List.of(), List.of(GovernanceApi.ListNodeProvidersResponse.class)),
      new DidMethod("get_most_recent_monthly_node_provider_rewards", List.of(),
          List.of(new TypeRef<Optional<NodeProviderRewards.MonthlyNodeProviderRewards>>() {}.type())));

  @TestFactory
  Stream<DynamicTest> implementedMethods_areCompatibleWithTheMainnetDid() {
    DidFile did = DidFile.read(SharedMaterial.vector("candid/did/nns-governance.did"));
    return METHODS.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
      CandidType.Func f = m.assertCompatibleWith(did);
      boolean query = f.isQuery();
      assertThat(query).as("%s is a query on mainnet", m.name()).isEqualTo(!m.name().equals("manage_neuron")
          && !m.name().equals("claim_or_refresh_neuron_from_account"));
    }));
  }
}
