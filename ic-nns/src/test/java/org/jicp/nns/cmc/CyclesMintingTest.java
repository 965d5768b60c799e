package org.jicp.nns.cmc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.Icrc3Value;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.types.Cycles;
import org.junit.jupiter.api.Test;

class CyclesMintingTest {
  static final long T = 1_700_000_000L;
  static final long E8 = 100_000_000L;
  static final Principal CMC = NnsCanisterIds.CYCLES_MINTING.principal();
  static final Principal ALICE = Principal.canisterIdFromIndex(3000);
  static final Principal CANISTER = Principal.canisterIdFromIndex(1_048_580);
  static final SubnetId S1 = new SubnetId(Principal.canisterIdFromIndex(900_001));
  static final SubnetId S2 = new SubnetId(Principal.canisterIdFromIndex(900_002));
  static final SubnetId FID = new SubnetId(Principal.canisterIdFromIndex(900_003));

  final Ledger ledger = new Ledger(LedgerConfig.icp(Account.of(NnsCanisterIds.GOVERNANCE.principal()),
      Map.of(Account.of(ALICE), 100 * E8), T * 1_000_000_000L));
  final CyclesMinting cmc = new CyclesMinting(CMC, 10_000, new CmcApi.IcpXdrConversionRate(T, 40_000), List.of(S1, S2));

  long pay(Subaccount sub, long amount, long memo) {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(memo, new LegacyLedger.Tokens(amount),
        new LegacyLedger.Tokens(10_000), Optional.empty(), cmc.accountOf(sub).bytes(), Optional.empty());
    return ((LegacyLedger.TransferResult.Ok) ledger.transfer(ALICE, arg, T * 1_000_000_000L)).value();
  }

  Icrc3Value.Map block(long i) {
    return ledger.block(i).value();
  }

  @Test
  void icpToCycles_usesXdrRateAndTrillionCyclesPerXdr() {
    // 1 ICP at 4 XDR/ICP = 4 XDR = 4 T cycles.
    assertThat(cmc.icpToCycles(E8)).isEqualTo(Cycles.of(4_000_000_000_000L));
    cmc.setIcpXdrConversionRate(new CmcApi.IcpXdrConversionRate(T + 86_400, 60_000));
    assertThat(cmc.icpToCycles(E8 / 2)).isEqualTo(Cycles.of(3_000_000_000_000L));
    assertThat(cmc.averageIcpXdrConversionRate().xdrPermyriadPerIcp()).isEqualTo(50_000);
  }

  @Test
  void topUp_validPaymentMintsOnceAndRepeatsTheFirstAnswer() {
    long b = pay(CyclesMinting.topUpSubaccount(CANISTER), 2 * E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    CyclesMinting.Start s = cmc.startTopUp(b, CANISTER, block(b), T);
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    assertThat(p.cycles()).isEqualTo(Cycles.of(8_000_000_000_000L));
    assertThat(p.payment().amountE8s()).isEqualTo(2 * E8);
    // A second notification while the first is under way.
    assertThat(cmc.startTopUp(b, CANISTER, block(b), T)).isEqualTo(new CyclesMinting.Start.Done(new CyclesMinting.Status.Processing()));
    cmc.completeTopUp(b, p.cycles());
    CyclesMinting.Start again = cmc.startTopUp(b, CANISTER, block(b), T);
    assertThat(CyclesMinting.topUpResult(((CyclesMinting.Start.Done) again).status()))
        .isEqualTo(new CmcApi.NotifyTopUpResult.Ok(BigInteger.valueOf(8_000_000_000_000L)));
    assertThat(cmc.totalCyclesMinted()).isEqualTo(BigInteger.valueOf(8_000_000_000_000L));
  }

  @Test
  void topUp_wrongMemoOrSubaccountOrOperation_isInvalidTransaction() {
    long wrongMemo = pay(CyclesMinting.topUpSubaccount(CANISTER), E8, 7);
    assertThat(CyclesMinting.topUpResult(((CyclesMinting.Start.Done) cmc.startTopUp(wrongMemo, CANISTER, block(wrongMemo), T)).status()))
        .isInstanceOfSatisfying(CmcApi.NotifyTopUpResult.Err.class,
            e -> assertThat(e.value()).isInstanceOf(CmcApi.NotifyError.InvalidTransaction.class));
    long otherCanister = pay(CyclesMinting.topUpSubaccount(ALICE), E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    assertThat(cmc.startTopUp(otherCanister, CANISTER, block(otherCanister), T)).isInstanceOf(CyclesMinting.Start.Done.class);
    // Block 0 is the genesis mint.
    assertThat(cmc.startTopUp(0, CANISTER, block(0), T)).isInstanceOf(CyclesMinting.Start.Done.class);
  }

  @Test
  void topUp_icrc1MemoOfEightLittleEndianBytes_isAccepted() {
    byte[] memo = {0x54, 0x50, 0x55, 0x50, 0, 0, 0, 0};
    Icrc1.TransferArg arg = new Icrc1.TransferArg(Optional.empty(), Account.of(CMC, CyclesMinting.topUpSubaccount(CANISTER)),
        BigInteger.valueOf(E8), Optional.empty(), Optional.of(Bytes.of(memo)), Optional.empty());
    long b = ((Icrc1.TransferResult.Ok) ledger.icrc1Transfer(ALICE, arg, T * 1_000_000_000L)).value().longValueExact();
    assertThat(cmc.startTopUp(b, CANISTER, block(b), T)).isInstanceOf(CyclesMinting.Start.Proceed.class);
  }

  @Test
  void createCanister_choosesADefaultSubnetOrOneOfTheRequestedType() {
    long b = pay(Subaccount.ofPrincipal(ALICE), E8, CyclesMinting.MEMO_CREATE_CANISTER);
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) cmc.startCreateCanister(ALICE, b, ALICE, Optional.empty(), block(b), T);
    assertThat(p.subnet()).isPresent();
    assertThat(List.of(S1, S2)).contains(p.subnet().get());
    cmc.changeSubnetTypeAssignment(true, CyclesMinting.FIDUCIARY, List.of(FID));
    long b2 = pay(Subaccount.ofPrincipal(ALICE), E8, CyclesMinting.MEMO_CREATE_CANISTER);
    CyclesMinting.Start.Proceed p2 =
        (CyclesMinting.Start.Proceed) cmc.startCreateCanister(ALICE, b2, ALICE, Optional.of(CyclesMinting.FIDUCIARY), block(b2), T);
    assertThat(p2.subnet()).contains(FID);
    long b3 = pay(Subaccount.ofPrincipal(ALICE), E8, CyclesMinting.MEMO_CREATE_CANISTER);
    assertThat(cmc.startCreateCanister(ALICE, b3, ALICE, Optional.of("european"), block(b3), T))
        .isInstanceOf(CyclesMinting.Start.Refund.class);
    cmc.setAuthorizedSubnetworkList(Optional.of(ALICE), List.of(S2));
    assertThat(cmc.eligibleSubnets(ALICE, Optional.empty())).containsExactly(S2);
  }

  @Test
  void createCanister_notifiedByAStranger_isInvalid() {
    long b = pay(Subaccount.ofPrincipal(ALICE), E8, CyclesMinting.MEMO_CREATE_CANISTER);
    assertThat(cmc.startCreateCanister(CANISTER, b, ALICE, Optional.empty(), block(b), T))
        .isInstanceOf(CyclesMinting.Start.Done.class);
    assertThat(cmc.status(b)).isEmpty();
  }

  @Test
  void limiter_refusesBeyondTheHourlyLimitUntilTheHourPasses() {
    CyclesMinting small = new CyclesMinting(CMC, 10_000, new CmcApi.IcpXdrConversionRate(T, 40_000), List.of(S1),
        CyclesMinting.DEFAULT_CYCLES_PER_XDR, BigInteger.valueOf(6_000_000_000_000L));
    long b1 = payTo(small, E8);
    long b2 = payTo(small, E8);
    assertThat(small.startTopUp(b1, CANISTER, block(b1), T)).isInstanceOf(CyclesMinting.Start.Proceed.class);
    CyclesMinting.Start refused = small.startTopUp(b2, CANISTER, block(b2), T + 10);
    assertThat(refused).isInstanceOfSatisfying(CyclesMinting.Start.Refund.class, r -> assertThat(r.reason()).contains("limit"));
    small.abandon(b2, Cycles.ZERO, T + 10);
    assertThat(small.startTopUp(b2, CANISTER, block(b2), T + 3_700)).isInstanceOf(CyclesMinting.Start.Proceed.class);
  }

  long payTo(CyclesMinting c, long amount) {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(CyclesMinting.MEMO_TOP_UP_CANISTER, new LegacyLedger.Tokens(amount),
        new LegacyLedger.Tokens(10_000), Optional.empty(), c.accountOf(CyclesMinting.topUpSubaccount(CANISTER)).bytes(), Optional.empty());
    return ((LegacyLedger.TransferResult.Ok) ledger.transfer(ALICE, arg, T * 1_000_000_000L)).value();
  }

  @Test
  void refund_isFinalAndItsTransferReturnsAmountMinusFee() {
    long b = pay(CyclesMinting.topUpSubaccount(CANISTER), E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) cmc.startTopUp(b, CANISTER, block(b), T);
    LegacyLedger.TransferArgs refund = cmc.refundTransfer(p.payment());
    assertThat(refund.amount().e8s()).isEqualTo(E8 - 10_000);
    assertThat(refund.to()).isEqualTo(Account.of(ALICE).accountIdentifier().bytes());
    cmc.refunded(b, p.cycles(), "canister does not exist", Optional.of(42L), T);
    assertThat(CyclesMinting.topUpResult(((CyclesMinting.Start.Done) cmc.startTopUp(b, CANISTER, block(b), T)).status()))
        .isEqualTo(new CmcApi.NotifyTopUpResult.Err(new CmcApi.NotifyError.Refunded(new CmcApi.Refund("canister does not exist", Optional.of(42L)))));
    assertThat(cmc.cyclesMintedInLastHour(T)).isZero();
  }

  @Test
  void subnetTypes_aSubnetHasAtMostOneType() {
    cmc.changeSubnetTypeAssignment(true, CyclesMinting.FIDUCIARY, List.of(FID));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cmc.changeSubnetTypeAssignment(true, "european", List.of(FID)))
        .hasMessageContaining("already has type");
    assertThat(cmc.subnetTypesToSubnets()).containsEntry(CyclesMinting.FIDUCIARY, List.of(FID));
    cmc.changeSubnetTypeAssignment(false, CyclesMinting.FIDUCIARY, List.of(FID));
    assertThat(cmc.subnetTypesToSubnets()).isEmpty();
  }

  @Test
  void certifiedTree_containsBothRates() {
    assertThat(cmc.certifiedTree().lookup("ICP_XDR_CONVERSION_RATE").isFound()).isTrue();
    assertThat(cmc.certifiedTree().lookup("AVERAGE_ICP_XDR_CONVERSION_RATE").isFound()).isTrue();
  }
}
