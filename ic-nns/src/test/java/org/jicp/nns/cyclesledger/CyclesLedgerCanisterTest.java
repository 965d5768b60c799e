package org.jicp.nns.cyclesledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.ledger.Account;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;
import org.junit.jupiter.api.Test;

/** The cycles ledger as a native canister, driven through its {@code NativeCanister} interface. */
class CyclesLedgerCanisterTest {
  private static final Principal ALICE = Principal.selfAuthenticating(new byte[] {1, 2, 3});
  private static final Principal BOB = Principal.selfAuthenticating(new byte[] {4, 5, 6});
  private static final SubnetId SUBNET = new SubnetId(Principal.selfAuthenticating(new byte[] {9}));
  private static final long NOW = 1_800_000_000_000_000_000L;
  private static final long T = 1_000_000_000_000L;

  private static NativeContext ctx(Principal caller, long cycles) {
    return new NativeContext(CyclesLedgerCanister.ID, SUBNET, caller, NOW, new Cycles(BigInteger.valueOf(cycles)),
        Optional.empty());
  }

  private static Bytes enc(Object v) {
    return Bytes.of(NnsCandid.MAPPER.encode(v));
  }

  private static <T> T dec(NativeOutcome o, Class<T> type) {
    assertThat(o).isInstanceOf(NativeOutcome.Reply.class);
    return NnsCandid.MAPPER.decode(((NativeOutcome.Reply) o).bytes().toByteArray(), type);
  }

  private static BigInteger balance(CyclesLedgerCanister c, Principal p) {
    return dec(c.handle(ctx(p, 0), "icrc1_balance_of", enc(Account.of(p))), BigInteger.class);
  }

  @Test
  void deposit_attachedCycles_acceptedAndMintedToTheAccount() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(), NOW);
    NativeOutcome o = c.handle(ctx(BOB, 5 * T), "deposit",
        enc(new CyclesLedgerApi.DepositArgs(Account.of(ALICE), Optional.empty())));
    assertThat(o.accepted()).isEqualTo(new Cycles(BigInteger.valueOf(5 * T)));
    CyclesLedgerApi.DepositResult r = dec(o, CyclesLedgerApi.DepositResult.class);
    assertThat(r.balance()).isEqualTo(BigInteger.valueOf(5 * T));
    assertThat(balance(c, ALICE)).isEqualTo(BigInteger.valueOf(5 * T));
  }

  @Test
  void deposit_belowTheFee_rejectedNothingMinted() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(), NOW);
    assertThatThrownBy(() -> c.handle(ctx(BOB, 99_999_999), "deposit",
        enc(new CyclesLedgerApi.DepositArgs(Account.of(ALICE), Optional.empty()))))
        .isInstanceOf(NativeCanisterException.class).hasMessageContaining("at least the fee");
    assertThat(balance(c, ALICE)).isZero();
  }

  @Test
  void withdraw_amountAndFeeBurned_depositCyclesCalledWithTheAmount() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(Account.of(ALICE), 10 * T), NOW);
    Principal target = CanisterId.fromIndex(0x2100000L).principal();
    NativeOutcome o = c.handle(ctx(ALICE, 0), "withdraw", enc(new CyclesLedgerApi.WithdrawArgs(
        BigInteger.valueOf(2 * T), Optional.empty(), target, Optional.empty())));
    NativeOutcome.Call call = ((NativeOutcome.Calls) o).calls().get(0);
    assertThat(call.callee()).isEqualTo(Principal.managementCanister());
    assertThat(call.method()).isEqualTo("deposit_cycles");
    assertThat(call.cycles()).isEqualTo(new Cycles(BigInteger.valueOf(2 * T)));
    assertThat(balance(c, ALICE)).isEqualTo(BigInteger.valueOf(8 * T - CyclesLedgerCanister.FEE));
    NativeOutcome done = c.resume(ctx(Principal.managementCanister(), 0), call.continuationId(),
        new ResponsePayload.Reply(Bytes.of(new byte[] {'D', 'I', 'D', 'L', 0, 0})));
    assertThat(dec(done, CyclesLedgerApi.WithdrawResult.class)).isInstanceOf(CyclesLedgerApi.WithdrawResult.Ok.class);
  }

  @Test
  void withdraw_rejectedByTheTarget_amountRefundedFeeKept() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(Account.of(ALICE), 10 * T), NOW);
    NativeOutcome o = c.handle(ctx(ALICE, 0), "withdraw", enc(new CyclesLedgerApi.WithdrawArgs(
        BigInteger.valueOf(2 * T), Optional.empty(), CanisterId.fromIndex(77).principal(), Optional.empty())));
    long id = ((NativeOutcome.Calls) o).calls().get(0).continuationId();
    NativeOutcome done = c.resume(ctx(Principal.managementCanister(), 0), id,
        ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND, "Canister not found"));
    CyclesLedgerApi.WithdrawResult r = dec(done, CyclesLedgerApi.WithdrawResult.class);
    assertThat(r).isInstanceOf(CyclesLedgerApi.WithdrawResult.Err.class);
    assertThat(((CyclesLedgerApi.WithdrawResult.Err) r).value())
        .isInstanceOf(CyclesLedgerApi.WithdrawError.FailedToWithdraw.class);
    assertThat(balance(c, ALICE)).isEqualTo(BigInteger.valueOf(10 * T - CyclesLedgerCanister.FEE));
  }

  @Test
  void withdraw_moreThanTheBalance_insufficientFundsNoCall() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(Account.of(ALICE), T), NOW);
    NativeOutcome o = c.handle(ctx(ALICE, 0), "withdraw", enc(new CyclesLedgerApi.WithdrawArgs(
        BigInteger.valueOf(T), Optional.empty(), CanisterId.fromIndex(77).principal(), Optional.empty())));
    CyclesLedgerApi.WithdrawResult r = dec(o, CyclesLedgerApi.WithdrawResult.class);
    assertThat(((CyclesLedgerApi.WithdrawResult.Err) r).value())
        .isInstanceOf(CyclesLedgerApi.WithdrawError.InsufficientFunds.class);
    assertThat(balance(c, ALICE)).isEqualTo(BigInteger.valueOf(T));
  }

  @Test
  void createCanister_restoredMidCall_completesWithTheCallerAsController() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(Account.of(ALICE), 10 * T), NOW);
    NativeOutcome o = c.handle(ctx(ALICE, 0), "create_canister", enc(new CyclesLedgerApi.CreateCanisterArgs(
        Optional.empty(), Optional.empty(), BigInteger.valueOf(3 * T), Optional.empty())));
    NativeOutcome.Call call = ((NativeOutcome.Calls) o).calls().get(0);
    assertThat(call.method()).isEqualTo("create_canister");
    assertThat(call.cycles()).isEqualTo(new Cycles(BigInteger.valueOf(3 * T)));
    ManagementApi.CreateCanisterArgs args = ManagementApi.decode(call.arg().toByteArray(),
        ManagementApi.CreateCanisterArgs.class);
    assertThat(args.settings().orElseThrow().controllers()).contains(List.of(ALICE));
    // A checkpoint while the call is out: the restored instance finishes it.
    CyclesLedgerCanister restored = CyclesLedgerCanister.restore(c.saveState());
    Principal created = CanisterId.fromIndex(0x2100005L).principal();
    NativeOutcome done = restored.resume(ctx(Principal.managementCanister(), 0), call.continuationId(),
        new ResponsePayload.Reply(Bytes.of(ManagementApi.encode(new ManagementApi.CanisterIdResult(created)))));
    CyclesLedgerApi.CreateCanisterResult r = dec(done, CyclesLedgerApi.CreateCanisterResult.class);
    assertThat(((CyclesLedgerApi.CreateCanisterResult.Ok) r).value().canisterId()).isEqualTo(created);
    assertThat(balance(restored, ALICE)).isEqualTo(BigInteger.valueOf(7 * T - CyclesLedgerCanister.FEE));
  }

  @Test
  void createCanister_otherSubnetSelected_clearErrorNothingBurned() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(Account.of(ALICE), 10 * T), NOW);
    Principal other = Principal.selfAuthenticating(new byte[] {8});
    NativeOutcome o = c.handle(ctx(ALICE, 0), "create_canister", enc(new CyclesLedgerApi.CreateCanisterArgs(
        Optional.empty(), Optional.empty(), BigInteger.valueOf(T), Optional.of(new CyclesLedgerApi.CmcCreateCanisterArgs(
            Optional.empty(), Optional.of(new CyclesLedgerApi.SubnetSelection.Subnet(
                new CyclesLedgerApi.SubnetRecord(other))))))));
    CyclesLedgerApi.CreateCanisterResult r = dec(o, CyclesLedgerApi.CreateCanisterResult.class);
    assertThat(((CyclesLedgerApi.CreateCanisterResult.Err) r).value())
        .isInstanceOf(CyclesLedgerApi.CreateCanisterError.GenericError.class);
    assertThat(balance(c, ALICE)).isEqualTo(BigInteger.valueOf(10 * T));
  }

  @Test
  void methods_icrcAndOwn_queriesAndUpdatesAsInTheDid() {
    CyclesLedgerCanister c = CyclesLedgerCanister.create(Map.of(), NOW);
    assertThat(c.isQuery("icrc1_balance_of")).isTrue();
    assertThat(c.isQuery("deposit")).isFalse();
    assertThat(c.hasMethod("withdraw")).isTrue();
    assertThat(c.hasMethod("transfer")).isFalse();
    assertThat(dec(c.handle(ctx(ALICE, 0), "icrc1_fee", Bytes.of(new byte[] {'D', 'I', 'D', 'L', 0, 0})),
        BigInteger.class)).isEqualTo(BigInteger.valueOf(CyclesLedgerCanister.FEE));
    assertThatThrownBy(() -> c.handle(ctx(ALICE, 0), "transfer", Bytes.EMPTY))
        .isInstanceOf(NativeCanisterException.class);
  }
}
