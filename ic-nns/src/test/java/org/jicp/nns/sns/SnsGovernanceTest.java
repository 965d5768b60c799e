package org.jicp.nns.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.sns.SnsException.Code;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SnsGovernance}: voting power, decisions, execution, and every typed refusal leaving the state unchanged. */
class SnsGovernanceTest {
  private static final long E8 = 100_000_000L;
  private static final long DAY = 86_400;
  private static final long T0 = 1_780_000_000L;
  private static final Principal LEDGER = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
  private static final Principal ROOT = p("root");
  private static final Principal SWAP = p("swap");
  private static final Principal DAPP = p("dapp");
  private static final Principal ALICE = p("alice");
  private static final Principal BOB = p("bob");
  private static final Principal CAROL = p("carol");
  private static final Bytes WASM = Bytes.of(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

  private SnsGovernance gov;
  private Bytes alice;
  private Bytes bob;
  private Bytes carol;

  private static Principal p(String s) {
    return Principal.selfAuthenticating(s.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void setUp() {
    gov = new SnsGovernance(new SnsApi.Init(LEDGER, ROOT, SWAP, LEDGER, List.of(DAPP), SnsApi.Params.defaults()));
    List<Bytes> ids = gov.claimSwapNeurons(SWAP, List.of(new SnsApi.SwapNeuron(ALICE, 1, 30 * E8, 365 * DAY),
        new SnsApi.SwapNeuron(BOB, 1, 30 * E8, 365 * DAY), new SnsApi.SwapNeuron(CAROL, 1, 40 * E8, 365 * DAY)), T0);
    alice = ids.get(0);
    bob = ids.get(1);
    carol = ids.get(2);
  }

  private static SnsApi.Proposal upgrade(Principal canister, Bytes wasm) {
    return new SnsApi.Proposal("Upgrade", "", "", new SnsApi.Action.UpgradeSnsControlledCanister(canister, wasm, Optional.empty()));
  }

  /** {@code call} is refused with {@code code} and changes nothing. */
  private void refused(Code code, Consumer<SnsGovernance> call) {
    SnsApi.GovernanceState before = gov.state();
    assertThatThrownBy(() -> gov.atomic(() -> {
      call.accept(gov);
      return null;
    })).isInstanceOfSatisfying(SnsException.class, e -> assertThat(e.code()).isEqualTo(code));
    assertThat(gov.state()).isEqualTo(before);
  }

  @Test
  void votingPower_oneYearOfEightWithFullBonus100_isStakeTimesOnePointOneTwoFive() {
    SnsApi.Neuron n = gov.neuron(alice).orElseThrow();
    // 30 tokens × (1 + 100 % × 365 d / (8 × 365 d)) = 33.75 tokens.
    assertThat(gov.votingPower(n)).isEqualTo(30 * E8 + 30 * E8 / 8);
    Bytes fresh = gov.claimOrRefresh(p("dave"), 5, 2 * E8, T0);
    assertThat(gov.votingPower(gov.neuron(fresh).orElseThrow())).isZero(); // below the minimum delay to vote
  }

  @Test
  void registerVote_majorityOfTotalYes_adoptsAndExecutionWaitsForTheHost() {
    long id = gov.makeProposal(ALICE, alice, upgrade(DAPP, WASM), T0);
    assertThat(gov.proposal(id).status()).isEqualTo(SnsApi.ProposalStatus.OPEN);
    assertThat(gov.registerVote(BOB, bob, id, true, T0 + 1).status()).isEqualTo(SnsApi.ProposalStatus.ADOPTED);
    assertThat(gov.startExecution(id, T0 + 1)).containsInstanceOf(SnsApi.Action.UpgradeSnsControlledCanister.class);
    gov.executed(id, Optional.empty(), T0 + 2);
    assertThat(gov.proposal(id).status()).isEqualTo(SnsApi.ProposalStatus.EXECUTED);
    assertThat(gov.proposal(id).decidedSeconds()).isEqualTo(T0 + 1);
    assertThat(gov.proposal(id).executedSeconds()).isEqualTo(T0 + 2);
    assertThat(gov.proposal(id).failedSeconds()).isZero();
  }

  @Test
  void registerVote_halfOrMoreNo_rejects() {
    long id = gov.makeProposal(ALICE, alice, upgrade(DAPP, WASM), T0);
    gov.registerVote(BOB, bob, id, false, T0);
    assertThat(gov.registerVote(CAROL, carol, id, false, T0).status()).isEqualTo(SnsApi.ProposalStatus.REJECTED);
  }

  @Test
  void decideExpired_atDeadlineYesAboveNoWithQuorum_adopts() {
    long id = gov.makeProposal(ALICE, alice, new SnsApi.Proposal("M", "", "", new SnsApi.Action.Motion("hello")), T0);
    assertThat(gov.decideExpired(T0 + 4 * DAY - 1)).isEmpty();
    assertThat(gov.decideExpired(T0 + 4 * DAY)).containsExactly(id);
    assertThat(gov.startExecution(id, T0 + 4 * DAY)).isEmpty();
    assertThat(gov.proposal(id).status()).isEqualTo(SnsApi.ProposalStatus.EXECUTED);
  }

  @Test
  void manageNervousSystemParameters_adopted_replacesTheParameters() {
    SnsApi.Params p = new SnsApi.Params(2 * E8, 30 * DAY, 4 * 365 * DAY, 50, 2 * DAY, 500);
    long id = gov.makeProposal(CAROL, carol, new SnsApi.Proposal("P", "", "", new SnsApi.Action.ManageNervousSystemParameters(p)), T0);
    gov.registerVote(ALICE, alice, id, true, T0);
    assertThat(gov.startExecution(id, T0)).isEmpty();
    assertThat(gov.params()).isEqualTo(p);
  }

  @Test
  void refusals_eachTyped_leaveTheStateUnchanged() {
    long id = gov.makeProposal(ALICE, alice, upgrade(DAPP, WASM), T0);
    refused(Code.UNAUTHORIZED, g -> g.registerVote(ALICE, bob, id, true, T0));
    refused(Code.UNAUTHORIZED, g -> g.claimSwapNeurons(ALICE, List.of(new SnsApi.SwapNeuron(ALICE, 2, E8, DAY)), T0));
    refused(Code.UNAUTHORIZED, g -> g.increaseDissolveDelay(BOB, alice, DAY));
    refused(Code.NOT_FOUND, g -> g.registerVote(ALICE, alice, 99, true, T0));
    refused(Code.NOT_FOUND, g -> g.increaseDissolveDelay(ALICE, Bytes.of(new byte[32]), DAY));
    refused(Code.INVALID_ARGUMENT, g -> g.increaseDissolveDelay(ALICE, alice, 0));
    refused(Code.INVALID_PROPOSAL, g -> g.makeProposal(ALICE, alice, upgrade(p("not the dapp"), WASM), T0));
    refused(Code.INVALID_PROPOSAL, g -> g.makeProposal(ALICE, alice, upgrade(DAPP, Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})), T0));
    refused(Code.INVALID_PROPOSAL, g -> g.makeProposal(ALICE, alice, new SnsApi.Proposal("T", "", "",
        new SnsApi.Action.TransferSnsTreasuryFunds(SnsApi.Treasury.ICP, 0, BOB, Optional.empty())), T0));
    refused(Code.INVALID_PROPOSAL, g -> g.makeProposal(ALICE, alice, new SnsApi.Proposal("P", "", "",
        new SnsApi.Action.ManageNervousSystemParameters(new SnsApi.Params(0, 0, DAY, 100, DAY, 300))), T0));
    refused(Code.INVALID_PROPOSAL, g -> g.makeProposal(ALICE, alice, new SnsApi.Proposal(" ", "", "", new SnsApi.Action.Motion("x")), T0));
    refused(Code.INSUFFICIENT_STAKE, g -> g.claimOrRefresh(p("dave"), 1, E8 - 1, T0));
    Bytes dave = gov.claimOrRefresh(p("dave"), 1, E8, T0);
    refused(Code.INSUFFICIENT_STAKE, g -> g.makeProposal(p("dave"), dave, upgrade(DAPP, WASM), T0));
    refused(Code.PROPOSAL_CLOSED, g -> g.registerVote(ALICE, alice, id, true, T0)); // the proposer voted already
    refused(Code.PROPOSAL_CLOSED, g -> g.registerVote(p("dave"), dave, id, true, T0)); // no ballot
    refused(Code.PROPOSAL_CLOSED, g -> g.registerVote(BOB, bob, id, true, T0 + 4 * DAY)); // past the deadline
  }

  @Test
  void state_savedAndRestored_isEqual() {
    gov.makeProposal(ALICE, alice, upgrade(DAPP, WASM), T0);
    SnsGovernanceCanister c = new SnsGovernanceCanister(org.jicp.types.CanisterId.fromIndex(0x2100000L), gov);
    SnsGovernanceCanister back = SnsGovernanceCanister.restore(c.id(), c.saveState());
    assertThat(back.governance().state()).isEqualTo(gov.state());
  }
}
