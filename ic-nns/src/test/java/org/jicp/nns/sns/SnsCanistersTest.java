package org.jicp.nns.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.sns.SnsException.Code;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/** The SNS canisters' entry points refuse unauthorized callers and bad requests with typed errors, before any call. */
class SnsCanistersTest {
  private static final long E8 = 100_000_000L;
  private static final long NOW = 1_780_000_000L;
  private static final Principal EVE = Principal.selfAuthenticating("eve".getBytes(StandardCharsets.UTF_8));
  private static final Principal DAPP = Principal.selfAuthenticating("dapp".getBytes(StandardCharsets.UTF_8));
  private static final CanisterId GOV = CanisterId.fromIndex(0x2100001L);
  private static final CanisterId LEDGER = CanisterId.fromIndex(0x2100002L);
  private static final CanisterId SWAP = CanisterId.fromIndex(0x2100003L);
  private static final CanisterId ROOT = CanisterId.fromIndex(0x2100000L);

  private static SnsDeployment deployment() {
    return new SnsDeployment(GOV, LEDGER, SWAP, ROOT, List.of(DAPP), "T", "Token", 10_000, 0, SnsApi.Params.defaults(),
        new SnsApi.SwapParams(100 * E8, 300 * E8, 10 * E8, 1_000 * E8, NOW + 100, 0, List.of(EVE)));
  }

  private static Bytes arg(Object o) {
    return Bytes.of(NnsCandid.MAPPER.encode(o));
  }

  private static CallContext as(Principal p, long seconds) {
    return CallContext.of(p, seconds * 1_000_000_000L);
  }

  private static Code code(Runnable r) {
    try {
      r.run();
    } catch (SnsException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void root_callsFromOthersThanGovernanceOrSwap_areUnauthorized() {
    SnsRootCanister root = SnsRootCanister.restore(ROOT, deployment().installs(0).get(ROOT).getValue());
    assertThat(code(() -> root.handle(as(EVE, NOW), "change_canister",
        arg(new SnsApi.ChangeCanisterRequest(DAPP, Bytes.EMPTY, Bytes.EMPTY))))).isEqualTo(Code.UNAUTHORIZED);
    assertThat(code(() -> root.handle(as(EVE, NOW), "set_dapp_controllers",
        arg(new SnsApi.SetDappControllersRequest(List.of(EVE)))))).isEqualTo(Code.UNAUTHORIZED);
    assertThat(code(() -> root.handle(as(GOV.principal(), NOW), "change_canister",
        arg(new SnsApi.ChangeCanisterRequest(EVE, Bytes.EMPTY, Bytes.EMPTY))))).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(root.handle(as(GOV.principal(), NOW), "change_canister",
        arg(new SnsApi.ChangeCanisterRequest(DAPP, Bytes.EMPTY, Bytes.EMPTY)))).isInstanceOf(Outcome.Await.class);
  }

  @Test
  void snsWasm_deployByOthersThanNnsGovernance_isUnauthorized() {
    SnsWasmCanister w = new SnsWasmCanister(List.of());
    SnsDeployment d = deployment();
    SnsWasmCanister.SnsSpec spec = new SnsWasmCanister.SnsSpec(EVE, List.of(DAPP), "T", "Token", 10_000, 0, d.params(), d.sale());
    SnsWasmCanister.DeployNewSnsRequest published = SnsWasmCanister.DeployNewSnsRequest.of(spec);
    // The published shape carries the whole spec (but the quorum, SNS's default).
    assertThat(published.spec()).isEqualTo(spec);
    Bytes req = arg(published);
    assertThat(code(() -> w.handle(as(EVE, NOW), "deploy_new_sns", req))).isEqualTo(Code.UNAUTHORIZED);
    assertThat(w.handle(as(NnsCanisterIds.GOVERNANCE.principal(), NOW), "deploy_new_sns", req)).isInstanceOf(Outcome.Await.class);
    // Without jicp's subnet, or with developer neurons (jicp has none): typed refusals before any call.
    Principal gov = NnsCanisterIds.GOVERNANCE.principal();
    assertThat(code(() -> w.handle(as(gov, NOW), "deploy_new_sns", arg(new SnsWasmCanister.DeployNewSnsRequest(
        published.snsInitPayload(), Optional.empty(), Optional.empty()))))).isEqualTo(Code.INVALID_ARGUMENT);
    SnsWasmCanister.SnsInitPayload p = published.snsInitPayload().orElseThrow();
    SnsWasmCanister.FractionalDeveloperVotingPower dist = ((SnsWasmCanister.InitialTokenDistribution.FractionalDeveloperVotingPower)
        p.initialTokenDistribution().orElseThrow()).value();
    SnsWasmCanister.SnsInitPayload withDevs = new SnsWasmCanister.SnsInitPayload(p.tokenSymbol(), p.tokenName(), p.transactionFeeE8s(),
        p.neuronMinimumStakeE8s(), p.minimumDissolveDelayToVote(), p.maxDissolveDelaySeconds(), p.maxDissolveDelayBonusPercentage(),
        p.initialVotingPeriodSeconds(), p.fallbackControllerPrincipalIds(), Optional.of(
            new SnsWasmCanister.InitialTokenDistribution.FractionalDeveloperVotingPower(new SnsWasmCanister.FractionalDeveloperVotingPower(
                dist.treasury(), Optional.of(new SnsWasmCanister.DeveloperDistribution(List.of(
                    new SnsWasmCanister.NeuronDistribution(Optional.of(EVE), E8)))), dist.airdrop(), dist.swap()))),
        p.dappCanisters(), p.minIcpE8s(), p.maxIcpE8s(), p.minParticipantIcpE8s(), p.minParticipants(), p.swapDueTimestampSeconds());
    assertThat(code(() -> w.handle(as(gov, NOW), "deploy_new_sns", arg(new SnsWasmCanister.DeployNewSnsRequest(
        Optional.of(withDevs), published.subnetId(), Optional.empty()))))).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(w.deployed()).isEmpty();
  }

  @Test
  void swap_refreshAfterDeadlineOrFinalizeEarly_areTypedRefusals() {
    SnsSwapCanister s = SnsSwapCanister.restore(SWAP, deployment().installs(0).get(SWAP).getValue());
    Bytes refresh = arg(new SnsApi.RefreshBuyerTokensRequest(Optional.empty(), ""));
    assertThat(code(() -> s.handle(as(EVE, NOW + 100), "refresh_buyer_tokens", refresh))).isEqualTo(Code.SWAP_NOT_OPEN);
    assertThat(code(() -> s.handle(as(EVE, NOW), "refresh_buyer_tokens",
        arg(new SnsApi.RefreshBuyerTokensRequest(Optional.empty(), "not a principal"))))).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(code(() -> s.handle(as(EVE, NOW), "finalize_swap", Bytes.of(org.jicp.candid.CandidEncoder.empty()))))
        .isEqualTo(Code.SWAP_NOT_FINALIZABLE);
    assertThat(s.handle(as(EVE, NOW), "refresh_buyer_tokens", refresh)).isInstanceOf(Outcome.Await.class);
  }

  @Test
  void governance_claimSaleNeuronsFromOthersThanTheSwap_isUnauthorizedAndCommandsAnswerTypedErrors() {
    SnsGovernanceCanister g = SnsGovernanceCanister.restore(GOV, deployment().installs(0).get(GOV).getValue());
    Bytes neurons = Bytes.of(NnsCandid.MAPPER.encodeAs(new org.jicp.candid.mapping.TypeRef<List<SnsApi.SwapNeuron>>() {}.type(),
        List.of(new SnsApi.SwapNeuron(EVE, 1, E8, 0))));
    assertThat(code(() -> g.handle(as(EVE, NOW), "claim_sale_neurons", neurons))).isEqualTo(Code.UNAUTHORIZED);
    SnsGovernanceApi.GovernanceError vote = manageNeuronError(g, new SnsGovernanceApi.Command.RegisterVote(
        new SnsGovernanceApi.RegisterVote(1, Optional.of(new SnsGovernanceApi.ProposalId(1)))));
    assertThat(vote.errorType()).isEqualTo(3);
    assertThat(vote.errorMessage()).startsWith("NOT_FOUND");
    // A published command jicp does not carry out (its payload is not even read): unavailable.
    SnsGovernanceApi.GovernanceError split = manageNeuronError(g, new SnsGovernanceApi.Command.Split(null));
    assertThat(split.errorType()).isEqualTo(1);
    // A published proposal action jicp does not carry out: an invalid proposal (before any neuron check).
    SnsGovernanceApi.GovernanceError mint = manageNeuronError(g, new SnsGovernanceApi.Command.MakeProposal(
        new SnsGovernanceApi.ProposalArg("", "Mint", Optional.of(new SnsGovernanceApi.ActionArg.MintSnsTokens(null)), "")));
    assertThat(mint.errorType()).isEqualTo(15);
    assertThat(mint.errorMessage()).contains("MintSnsTokens");
    assertThat(g.governance().neurons()).isEmpty();
    assertThat(g.governance().proposals()).isEmpty();
  }

  private static SnsGovernanceApi.GovernanceError manageNeuronError(SnsGovernanceCanister g, SnsGovernanceApi.Command c) {
    Outcome o = g.handle(as(EVE, NOW), "manage_neuron", Bytes.of(NnsCandid.MAPPER.encode(
        new SnsGovernanceApi.ManageNeuron(Bytes.of(new byte[32]), Optional.of(c)))));
    SnsGovernanceApi.ManageNeuronResponse r = NnsCandid.MAPPER.decode(((Outcome.Reply) o).bytes().toByteArray(),
        SnsGovernanceApi.ManageNeuronResponse.class);
    return ((SnsGovernanceApi.CommandResponse.Error) r.command().orElseThrow()).value();
  }
}
