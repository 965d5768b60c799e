package org.jicp.nns.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.Optional;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.candid.CandidType;
import org.jicp.candid.DidFile;
import org.jicp.nns.testing.DidMethod;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The SNS governance, swap and SNS-W methods jicp serves under the published names, checked against
 * the published {@code governance.did}, {@code swap.did} and {@code sns-wasm.did} (test resources,
 * verbatim; source and commit in their headers): published arguments decode as jicp's, jicp's
 * results decode as the published ones, query/update agree with the canisters. As Candid lets
 * anything under {@code opt} decode (as null), messages are also carried through: published values
 * decode into jicp's with their content, jicp's replies decode at the published types with
 * theirs; and mutated did files (a field's type changed) must fail the checks.
 */
class SnsDidTest {
  private static Object t(String candid) {
    return CandidText.parseType(candid);
  }

  private static final List<DidMethod> GOVERNANCE = List.of(
      new DidMethod("get_nervous_system_parameters", List.of(t("null")), List.of(SnsApi.Params.class)),
      new DidMethod("get_mode", List.of(t("record {}")), List.of(SnsApi.GetModeResponse.class)),
      new DidMethod("list_neurons", List.of(SnsApi.ListNeurons.class), List.of(SnsApi.ListNeuronsResponse.class)),
      new DidMethod("manage_neuron", List.of(SnsGovernanceApi.ManageNeuron.class), List.of(SnsGovernanceApi.ManageNeuronResponse.class)),
      new DidMethod("get_proposal", List.of(SnsGovernanceApi.GetProposal.class), List.of(SnsGovernanceApi.GetProposalResponse.class)),
      new DidMethod("list_proposals", List.of(SnsGovernanceApi.ListProposals.class),
          List.of(SnsGovernanceApi.ListProposalsResponse.class)),
      new DidMethod("get_neuron", List.of(SnsGovernanceApi.GetNeuron.class), List.of(SnsGovernanceApi.GetNeuronResponse.class)));

  private static final List<DidMethod> SWAP = List.of(
      new DidMethod("refresh_buyer_tokens", List.of(SnsApi.RefreshBuyerTokensRequest.class),
          List.of(SnsApi.RefreshBuyerTokensResponse.class)),
      new DidMethod("get_buyer_state", List.of(SnsApi.GetBuyerStateRequest.class), List.of(SnsApi.GetBuyerStateResponse.class)),
      new DidMethod("get_buyers_total", List.of(t("record {}")), List.of(SnsApi.GetBuyersTotalResponse.class)),
      new DidMethod("get_lifecycle", List.of(t("record {}")), List.of(SnsApi.GetLifecycleResponse.class)),
      new DidMethod("finalize_swap", List.of(t("record {}")), List.of(SnsApi.FinalizeSwapResponse.class)),
      new DidMethod("get_state", List.of(t("record {}")), List.of(SnsApi.GetStateResponse.class)),
      new DidMethod("get_init", List.of(t("record {}")), List.of(SnsApi.GetInitResponse.class)));

  private static final List<DidMethod> SNS_WASM = List.of(
      new DidMethod("list_deployed_snses", List.of(t("record {}")), List.of(SnsWasmCanister.ListDeployedSnsesResponse.class)),
      new DidMethod("deploy_new_sns", List.of(SnsWasmCanister.DeployNewSnsRequest.class),
          List.of(SnsWasmCanister.DeployNewSnsResponse.class)));

  private static String didText(String name) {
    try (InputStream in = SnsDidTest.class.getResourceAsStream("/sns/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static DidFile did(String name) {
    return DidFile.parse(didText(name));
  }

  /** {@code name} with {@code from} replaced by {@code to} (which must occur once). */
  private static DidFile mutated(String name, String from, String to) {
    String text = didText(name);
    assertThat(text.indexOf(from)).as(from).isNotNegative().isEqualTo(text.lastIndexOf(from));
    return DidFile.parse(text.replace(from, to));
  }

  private static DidMethod method(List<DidMethod> ms, String name) {
    return ms.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  private static final SnsDeployment D = new SnsDeployment(CanisterId.fromIndex(0x2100001L), CanisterId.fromIndex(0x2100002L),
      CanisterId.fromIndex(0x2100003L), CanisterId.fromIndex(0x2100000L), List.of(), "T", "Token", 10_000, 0,
      SnsApi.Params.defaults(), new SnsApi.SwapParams(1, 2, 1, 1, 0, 0, List.of(org.jicp.crypto.Principal.anonymous())));

  private static Stream<DynamicTest> check(String file, List<DidMethod> methods, org.jicp.nns.host.NativeCanister served) {
    DidFile did = did(file);
    return methods.stream().map(m -> DynamicTest.dynamicTest(file + " " + m.name(), () -> {
      CandidType.Func f = m.assertCompatibleWith(did);
      assertThat(served.hasMethod(m.name())).isTrue();
      assertThat(served.isQuery(m.name())).as("%s is a query in %s", m.name(), file).isEqualTo(f.isQuery());
    }));
  }

  @TestFactory
  Stream<DynamicTest> governanceMethods_servedUnderPublishedNames_areCompatibleWithGovernanceDid() {
    return check("governance.did", GOVERNANCE, SnsGovernanceCanister.restore(D.governance(), D.installs(0).get(D.governance()).getValue()));
  }

  @TestFactory
  Stream<DynamicTest> swapMethods_servedUnderPublishedNames_areCompatibleWithSwapDid() {
    return check("swap.did", SWAP, SnsSwapCanister.restore(D.swap(), D.installs(0).get(D.swap()).getValue()));
  }

  @TestFactory
  Stream<DynamicTest> snsWasmMethods_servedUnderPublishedNames_areCompatibleWithSnsWasmDid() {
    return check("sns-wasm.did", SNS_WASM, new SnsWasmCanister(List.of()));
  }

  @Test
  void mutatedDids_aFieldOfAnotherType_failTheChecks() {
    // Each mutation is made (and found exactly once) before the check that must fail on it.
    // Ballot's vote as text (list_proposals' ballots are not under opt).
    assertFails(GOVERNANCE, "list_proposals", mutated("governance.did", "vote : int32;\n  cast_timestamp_seconds",
        "vote : text;\n  cast_timestamp_seconds"));
    // A required ProposalData field jicp would not send.
    assertFails(GOVERNANCE, "list_proposals", mutated("governance.did", "  is_eligible_for_rewards : bool;\n",
        "  is_eligible_for_rewards : bool;\n  jicp_lacks_this : nat64;\n"));
    // ListProposals' limit as text: a published argument would not decode.
    assertFails(GOVERNANCE, "list_proposals", mutated("governance.did", "  limit : nat32;\n  exclude_type",
        "  limit : text;\n  exclude_type"));
    // ManageNeuron's subaccount as a principal.
    assertFails(GOVERNANCE, "manage_neuron", mutated("governance.did", "record { subaccount : blob; command",
        "record { subaccount : principal; command"));
    // The swap's required total, and SNS-W's list of instances.
    assertFails(SWAP, "get_buyers_total", mutated("swap.did", "record { buyers_total : nat64 }", "record { buyers_total : text }"));
    assertFails(SNS_WASM, "list_deployed_snses", mutated("sns-wasm.did", "record { instances : vec DeployedSns }",
        "record { instances : vec text }"));
    // The unmutated files pass the same checks.
    method(GOVERNANCE, "list_proposals").assertCompatibleWith(did("governance.did"));
    method(GOVERNANCE, "manage_neuron").assertCompatibleWith(did("governance.did"));
  }

  private static void assertFails(List<DidMethod> ms, String name, DidFile mutatedDid) {
    DidMethod m = method(ms, name);
    assertThatThrownBy(() -> m.assertCompatibleWith(mutatedDid)).isInstanceOf(AssertionError.class)
        .hasMessageContaining(name);
  }

  private static CandidValue decodeAtPublished(DidFile did, String method, byte[] reply) {
    CandidType.Func f = did.method(method).orElseThrow();
    return CandidDecoder.standard().decode(reply, f.results()).get(0);
  }

  private static byte[] encodePublishedArg(DidFile did, String method, String value) {
    CandidType.Func f = did.method(method).orElseThrow();
    return CandidEncoder.encode(f.args(), CandidText.parseArgs("(" + value + ")", f.args(), did.types()));
  }

  @Test
  void manageNeuron_publishedCommands_decodeIntoJicpsWithTheirContent() {
    DidFile g = did("governance.did");
    SnsGovernanceApi.ManageNeuron vote = NnsCandid.MAPPER.decode(encodePublishedArg(g, "manage_neuron",
        "record { subaccount = blob \"\\01\\02\"; command = opt variant { RegisterVote = record { vote = 2 : int32;"
            + " proposal = opt record { id = 7 : nat64 } } } }"), SnsGovernanceApi.ManageNeuron.class);
    assertThat(vote.subaccount()).isEqualTo(Bytes.of(new byte[] {1, 2}));
    assertThat(vote.command()).contains(new SnsGovernanceApi.Command.RegisterVote(
        new SnsGovernanceApi.RegisterVote(2, Optional.of(new SnsGovernanceApi.ProposalId(7)))));
    SnsGovernanceApi.ManageNeuron upgrade = NnsCandid.MAPPER.decode(encodePublishedArg(g, "manage_neuron",
        "record { subaccount = blob \"\"; command = opt variant { MakeProposal = record { url = \"u\"; title = \"t\";"
            + " summary = \"s\"; action = opt variant { UpgradeSnsControlledCanister = record {"
            + " new_canister_wasm = blob \"\\00asm\"; mode = opt (3 : int32); canister_id = opt principal \"aaaaa-aa\";"
            + " canister_upgrade_arg = null } } } } }"), SnsGovernanceApi.ManageNeuron.class);
    SnsApi.Proposal p = SnsGovernanceApi.toJicp(((SnsGovernanceApi.Command.MakeProposal) upgrade.command().orElseThrow()).value(),
        SnsApi.Params.defaults());
    assertThat(p.action()).isEqualTo(new SnsApi.Action.UpgradeSnsControlledCanister(Principal.managementCanister(),
        Bytes.of(new byte[] {0, 'a', 's', 'm'}), Optional.empty()));
    SnsGovernanceApi.ManageNeuron claim = NnsCandid.MAPPER.decode(encodePublishedArg(g, "manage_neuron",
        "record { subaccount = blob \"\"; command = opt variant { ClaimOrRefresh = record { by = opt variant {"
            + " MemoAndController = record { controller = null; memo = 5 : nat64 } } } } }"), SnsGovernanceApi.ManageNeuron.class);
    assertThat(claim.command()).contains(new SnsGovernanceApi.Command.ClaimOrRefresh(new SnsGovernanceApi.ClaimOrRefresh(
        Optional.of(new SnsGovernanceApi.By.MemoAndController(new SnsGovernanceApi.MemoAndController(Optional.empty(), 5))))));
    SnsGovernanceApi.ManageNeuron delay = NnsCandid.MAPPER.decode(encodePublishedArg(g, "manage_neuron",
        "record { subaccount = blob \"\"; command = opt variant { Configure = record { operation = opt variant {"
            + " IncreaseDissolveDelay = record { additional_dissolve_delay_seconds = 86400 : nat32 } } } } }"),
        SnsGovernanceApi.ManageNeuron.class);
    assertThat(delay.command()).contains(new SnsGovernanceApi.Command.Configure(new SnsGovernanceApi.Configure(Optional.of(
        new SnsGovernanceApi.Operation.IncreaseDissolveDelay(new SnsGovernanceApi.IncreaseDissolveDelay(86_400))))));
  }

  @Test
  void jicpsReplies_decodeAtThePublishedTypesWithTheirContent() {
    SnsApi.ProposalData p = new SnsApi.ProposalData(3, Bytes.of(new byte[] {9}), new SnsApi.Proposal("t", "s", "u",
        new SnsApi.Action.TransferSnsTreasuryFunds(SnsApi.Treasury.ICP, 5, Principal.anonymous(), Optional.empty())), 100, 200, 10,
        List.of(new SnsApi.Ballot(Bytes.of(new byte[] {9}), 10, SnsApi.Vote.YES, 100)), SnsApi.ProposalStatus.EXECUTED,
        Optional.empty(), 150, 160, 0);
    String got = CandidText.print(decodeAtPublished(did("governance.did"), "get_proposal", NnsCandid.MAPPER.encode(
        new SnsGovernanceApi.GetProposalResponse(Optional.of(new SnsGovernanceApi.ProposalResult.Proposal(
            SnsGovernanceApi.published(p, 300)))))));
    assertThat(got).contains("Proposal").contains("executed_timestamp_seconds = 160").contains("decided_timestamp_seconds = 150")
        .contains("TransferSnsTreasuryFunds").contains("\"09\"").contains("basis_points = opt 300");
    SnsSwapCanister s = SnsSwapCanister.restore(D.swap(), D.installs(0).get(D.swap()).getValue());
    String state = CandidText.print(decodeAtPublished(did("swap.did"), "get_state", NnsCandid.MAPPER.encode(s.state())));
    assertThat(state).contains("lifecycle = 2").contains("buyer_total_icp_e8s = 0").contains("sns_ledger_canister_id = \"")
        .doesNotContain("swap = null");
  }

  @Test
  void deployNewSns_aPublishedRequest_decodesIntoJicpsSpec() {
    DidFile w = did("sns-wasm.did");
    String payload = "record { sns_init_payload = opt record { token_symbol = opt \"CTR\"; token_name = opt \"Counter\";"
        + " transaction_fee_e8s = opt (10000 : nat64); fallback_controller_principal_ids = vec { \"2vxsx-fae\" };"
        + " initial_token_distribution = opt variant { FractionalDeveloperVotingPower = record {"
        + "   treasury_distribution = opt record { total_e8s = 500 : nat64 };"
        + "   swap_distribution = opt record { total_e8s = 1000 : nat64; initial_swap_amount_e8s = 1000 : nat64 } } };"
        + " dapp_canisters = opt record { canisters = vec { record { id = opt principal \"aaaaa-aa\" } } };"
        + " min_icp_e8s = opt (100 : nat64); max_icp_e8s = opt (300 : nat64); min_participant_icp_e8s = opt (10 : nat64);"
        + " swap_due_timestamp_seconds = opt (77 : nat64); min_participants = opt (1 : nat64) } }";
    SnsWasmCanister.DeployNewSnsRequest r = NnsCandid.MAPPER.decode(encodePublishedArg(w, "deploy_new_sns", payload),
        SnsWasmCanister.DeployNewSnsRequest.class);
    // The published message has no subnet (jicp's field): refused as such, the rest is read.
    assertThatThrownBy(r::spec).isInstanceOf(SnsException.class).hasMessageContaining("subnet_id");
    SnsWasmCanister.SnsSpec spec = new SnsWasmCanister.DeployNewSnsRequest(r.snsInitPayload(), Optional.of(Principal.anonymous()),
        Optional.empty()).spec();
    assertThat(spec).isEqualTo(new SnsWasmCanister.SnsSpec(Principal.anonymous(), List.of(Principal.managementCanister()), "CTR",
        "Counter", 10_000, 500, SnsApi.Params.defaults(), new SnsApi.SwapParams(100, 300, 10, 1000, 77,
            SnsApi.Params.defaults().neuronMinimumDissolveDelayToVoteSeconds(), List.of(Principal.anonymous()))));
  }

  @Test
  void servedMethods_sharingAPublishedName_areAllChecked() {
    // Every method of the published did files that jicp's canisters serve is in the lists above.
    SnsGovernanceCanister g = SnsGovernanceCanister.restore(D.governance(), D.installs(0).get(D.governance()).getValue());
    SnsSwapCanister s = SnsSwapCanister.restore(D.swap(), D.installs(0).get(D.swap()).getValue());
    SnsWasmCanister w = new SnsWasmCanister(List.of());
    assertThat(served("governance.did", g)).containsExactlyInAnyOrderElementsOf(names(GOVERNANCE));
    assertThat(served("swap.did", s)).containsExactlyInAnyOrderElementsOf(names(SWAP));
    assertThat(served("sns-wasm.did", w)).containsExactlyInAnyOrderElementsOf(names(SNS_WASM));
    assertThat(GOVERNANCE.size() + SWAP.size() + SNS_WASM.size()).isEqualTo(16);
  }

  private static List<String> names(List<DidMethod> ms) {
    return ms.stream().map(DidMethod::name).toList();
  }

  private static Set<String> served(String file, org.jicp.nns.host.NativeCanister c) {
    Set<String> out = new java.util.TreeSet<>();
    for (String m : did(file).service().orElseThrow().methods().stream().map(CandidType.Method::name).toList()) {
      if (c.hasMethod(m)) {
        out.add(m);
      }
    }
    return out;
  }
}
