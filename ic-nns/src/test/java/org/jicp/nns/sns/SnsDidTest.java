package org.jicp.nns.sns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.DidFile;
import org.jicp.nns.testing.DidMethod;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The SNS governance and swap methods jicp serves under the published names, checked against the
 * published {@code governance.did} and {@code swap.did} (test resources, trimmed to these methods;
 * source and commit in their headers): published arguments decode as jicp's, jicp's results decode
 * as the published ones, and query/update agree with the canisters.
 */
class SnsDidTest {
  private static Object t(String candid) {
    return CandidText.parseType(candid);
  }

  private static final List<DidMethod> GOVERNANCE = List.of(
      new DidMethod("get_nervous_system_parameters", List.of(t("null")), List.of(SnsApi.Params.class)),
      new DidMethod("get_mode", List.of(t("record {}")), List.of(SnsApi.GetModeResponse.class)),
      new DidMethod("list_neurons", List.of(SnsApi.ListNeurons.class), List.of(SnsApi.ListNeuronsResponse.class)));

  private static final List<DidMethod> SWAP = List.of(
      new DidMethod("refresh_buyer_tokens", List.of(SnsApi.RefreshBuyerTokensRequest.class),
          List.of(SnsApi.RefreshBuyerTokensResponse.class)),
      new DidMethod("get_buyer_state", List.of(SnsApi.GetBuyerStateRequest.class), List.of(SnsApi.GetBuyerStateResponse.class)),
      new DidMethod("get_buyers_total", List.of(t("record {}")), List.of(SnsApi.GetBuyersTotalResponse.class)),
      new DidMethod("get_lifecycle", List.of(t("record {}")), List.of(SnsApi.GetLifecycleResponse.class)),
      new DidMethod("finalize_swap", List.of(t("record {}")), List.of(SnsApi.FinalizeSwapResponse.class)));

  private static final List<DidMethod> SNS_WASM = List.of(
      new DidMethod("list_deployed_snses", List.of(t("record {}")), List.of(SnsWasmCanister.ListDeployedSnsesResponse.class)));

  private static DidFile did(String name) {
    try (InputStream in = SnsDidTest.class.getResourceAsStream("/sns/" + name)) {
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
  void deployNewSns_publishedResponse_decodesJicpsReplyButJicpTakesItsOwnArgument() {
    CandidType.Func f = did("sns-wasm.did").method("deploy_new_sns").orElseThrow();
    assertThat(org.jicp.candid.CandidTypes.isSubtype(DidMethod.types(List.of(SnsWasmCanister.DeployNewSnsResponse.class)),
        f.results())).isTrue();
    // jicp's argument is its own (DeployNewSnsRequest, not SnsInitPayload): a published argument does not decode.
    assertThat(org.jicp.candid.CandidTypes.isSubtype(f.args(), DidMethod.types(List.of(SnsWasmCanister.DeployNewSnsRequest.class))))
        .isFalse();
    assertThat(f.isQuery()).isFalse();
    assertThat(new SnsWasmCanister(List.of()).isQuery("deploy_new_sns")).isFalse();
  }

  @Test
  void servedMethods_sharingAPublishedName_areAllChecked() {
    // Every method name of the trimmed did files that jicp serves is in the lists above (9 methods;
    // deploy_new_sns is checked apart: its response only).
    Set<String> checked = new java.util.HashSet<>();
    GOVERNANCE.forEach(m -> checked.add(m.name()));
    SWAP.forEach(m -> checked.add(m.name()));
    SNS_WASM.forEach(m -> checked.add(m.name()));
    assertThat(checked).hasSize(9);
    SnsGovernanceCanister g = SnsGovernanceCanister.restore(D.governance(), D.installs(0).get(D.governance()).getValue());
    SnsSwapCanister s = SnsSwapCanister.restore(D.swap(), D.installs(0).get(D.swap()).getValue());
    // The jicp-shaped methods use names the published interfaces do not have.
    for (String n : List.of("manage_neuron", "claim_swap_neurons", "get_neuron", "get_proposal", "list_proposals")) {
      assertThat(g.hasMethod(n)).as(n).isFalse();
    }
    for (String n : List.of("get_state", "open", "get_init")) {
      assertThat(s.hasMethod(n)).as(n).isFalse();
    }
  }
}
