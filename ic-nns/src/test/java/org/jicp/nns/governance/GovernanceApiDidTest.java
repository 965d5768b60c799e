package org.jicp.nns.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.TypeRef;
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
  record Method(String name, List<Object> args, List<Object> results) {}

  static final CandidMapper M = CandidMapper.standard();

  static Object t(String candid) {
    return CandidText.parseType(candid);
  }

  static final List<Method> METHODS = List.of(
      new Method("manage_neuron", List.of(GovernanceApi.ManageNeuron.class), List.of(GovernanceApi.ManageNeuronResponse.class)),
      new Method("claim_or_refresh_neuron_from_account", List.of(GovernanceApi.ClaimOrRefreshNeuronFromAccount.class),
          List.of(GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class)),
      new Method("get_full_neuron", List.of(t("nat64")), List.of(GovernanceApi.NeuronResult.class)),
      new Method("get_neuron_info", List.of(t("nat64")), List.of(GovernanceApi.NeuronInfoResult.class)),
      new Method("get_proposal_info", List.of(t("nat64")), List.of(new TypeRef<Optional<GovernanceApi.ProposalInfo>>() {}.type())),
      new Method("get_pending_proposals", List.of(), List.of(new TypeRef<List<GovernanceApi.ProposalInfo>>() {}.type())),
      new Method("list_proposals", List.of(GovernanceApi.ListProposalInfo.class), List.of(GovernanceApi.ListProposalInfoResponse.class)),
      new Method("list_neurons", List.of(GovernanceApi.ListNeurons.class), List.of(GovernanceApi.ListNeuronsResponse.class)),
      new Method("get_neuron_ids", List.of(), List.of(t("vec nat64"))),
      new Method("get_network_economics_parameters", List.of(), List.of(GovernanceApi.NetworkEconomics.class)),
      new Method("get_latest_reward_event", List.of(), List.of(GovernanceApi.RewardEvent.class)),
      new Method("list_node_providers", List.of(), List.of(GovernanceApi.ListNodeProvidersResponse.class)));

  static List<CandidType> types(List<Object> ts) {
    List<CandidType> out = new ArrayList<>();
    for (Object o : ts) {
      out.add(o instanceof CandidType c ? c : M.typeOf((Type) o));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> implementedMethods_areCompatibleWithTheMainnetDid() {
    DidFile did = DidFile.read(SharedMaterial.vector("candid/did/nns-governance.did"));
    return METHODS.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
      CandidType.Func f = did.method(m.name()).orElseThrow(() -> new AssertionError("no method " + m.name() + " in the did"));
      assertThat(CandidTypes.isSubtype(f.args(), types(m.args())))
          .as("mainnet arguments of %s decode as jicp's %s", m.name(), types(m.args())).isTrue();
      assertThat(CandidTypes.isSubtype(types(m.results()), f.results()))
          .as("jicp's results of %s decode as mainnet's %s", m.name(), f.results()).isTrue();
      boolean query = f.isQuery();
      assertThat(query).as("%s is a query on mainnet", m.name()).isEqualTo(!m.name().equals("manage_neuron")
          && !m.name().equals("claim_or_refresh_neuron_from_account"));
    }));
  }
}
