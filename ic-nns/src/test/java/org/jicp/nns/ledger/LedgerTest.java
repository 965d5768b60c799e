package org.jicp.nns.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.InvalidRequestException;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.ledger.Icrc1.TransferArg;
import org.jicp.nns.ledger.Icrc1.TransferError;
import org.jicp.nns.ledger.Icrc1.TransferResult;
import org.jicp.nns.ledger.Icrc2.ApproveArgs;
import org.jicp.nns.ledger.Icrc2.ApproveError;
import org.jicp.nns.ledger.Icrc2.ApproveResult;
import org.jicp.nns.ledger.Icrc2.TransferFromArgs;
import org.jicp.nns.ledger.Icrc2.TransferFromError;
import org.jicp.nns.ledger.Icrc2.TransferFromResult;
import org.jicp.state.tree.LookupResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ICRC-1/2/3 behaviour checked against the texts of the standards (dfinity/ICRC-1). */
class LedgerTest {
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long FEE = 10_000;
  static final Principal ALICE = Principal.canisterIdFromIndex(1000);
  static final Principal BOB = Principal.canisterIdFromIndex(1001);
  static final Principal CAROL = Principal.canisterIdFromIndex(1002);
  static final Principal MINTER = NnsCanisterIds.GOVERNANCE.principal();

  Ledger ledger;

  @BeforeEach
  void setUp() {
    ledger =
        new Ledger(LedgerConfig.icp(Account.of(MINTER), Map.of(Account.of(ALICE), 1_000_000_000L), T0));
  }

  static TransferArg transfer(Account to, long amount) {
    return TransferArg.of(to, amount);
  }

  static TransferArg transferAt(Account to, long amount, long createdAt) {
    return new TransferArg(Optional.empty(), to, BigInteger.valueOf(amount), Optional.empty(),
        Optional.empty(), Optional.of(createdAt));
  }

  long balance(Principal p) {
    return ledger.icrc1BalanceOf(Account.of(p)).longValueExact();
  }

  @Test
  void genesis_mintsInitialBalancesInBlocks() {
    assertThat(balance(ALICE)).isEqualTo(1_000_000_000L);
    assertThat(ledger.icrc1TotalSupply()).isEqualTo(BigInteger.valueOf(1_000_000_000L));
    assertThat(ledger.blockCount()).isEqualTo(1);
    Icrc3Value.Map tx = (Icrc3Value.Map) ledger.block(0).value().get("tx").orElseThrow();
    assertThat(tx.get("op")).contains(new Icrc3Value.Text("mint"));
    assertThat(ledger.block(0).value().get("phash")).isEmpty();
  }

  @Test
  void icrc1Transfer_movesAmountAndBurnsFee() {
    TransferResult r = ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB), 5_000), T0);
    assertThat(r).isEqualTo(new TransferResult.Ok(BigInteger.ONE));
    assertThat(balance(BOB)).isEqualTo(5_000);
    assertThat(balance(ALICE)).isEqualTo(1_000_000_000L - 5_000 - FEE);
    // "The minting account is also the receiver of the fees burnt in regular transfers."
    assertThat(ledger.icrc1TotalSupply()).isEqualTo(BigInteger.valueOf(1_000_000_000L - FEE));
  }

  @Test
  void icrc1Transfer_wrongFee_isBadFeeAndChangesNothing() {
    TransferArg arg = new TransferArg(Optional.empty(), Account.of(BOB), BigInteger.TEN,
        Optional.of(BigInteger.ONE), Optional.empty(), Optional.empty());
    // "If the fee argument does not agree with the ledger fee, the ledger MUST return BadFee."
    assertThat(ledger.icrc1Transfer(ALICE, arg, T0))
        .isEqualTo(new TransferResult.Err(new TransferError.BadFee(new Icrc1.Fee(BigInteger.valueOf(FEE)))));
    assertThat(ledger.blockCount()).isEqualTo(1);
  }

  @Test
  void icrc1Transfer_insufficientFunds_reportsBalance() {
    assertThat(ledger.icrc1Transfer(BOB, transfer(Account.of(ALICE), 1), T0))
        .isEqualTo(new TransferResult.Err(
            new TransferError.InsufficientFunds(new Icrc1.Balance(BigInteger.ZERO))));
    assertThat(ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB), 1_000_000_000L - FEE + 1), T0))
        .isInstanceOf(TransferResult.Err.class);
    assertThat(ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB), 1_000_000_000L - FEE), T0))
        .isInstanceOf(TransferResult.Ok.class);
    assertThat(balance(ALICE)).isZero();
  }

  @Test
  void icrc1Transfer_createdAtTimeBeforeWindowAndDrift_isTooOld() {
    long window = Duration.ofHours(24).toNanos();
    long drift = Duration.ofSeconds(60).toNanos();
    assertThat(ledger.icrc1Transfer(ALICE, transferAt(Account.of(BOB), 1, T0 - window - drift - 1), T0))
        .isEqualTo(new TransferResult.Err(new TransferError.TooOld()));
    assertThat(ledger.icrc1Transfer(ALICE, transferAt(Account.of(BOB), 1, T0 - window - drift), T0))
        .isInstanceOf(TransferResult.Ok.class);
  }

  @Test
  void icrc1Transfer_createdAtTimeAfterDrift_isCreatedInFutureWithLedgerTime() {
    long drift = Duration.ofSeconds(60).toNanos();
    assertThat(ledger.icrc1Transfer(ALICE, transferAt(Account.of(BOB), 1, T0 + drift + 1), T0))
        .isEqualTo(new TransferResult.Err(new TransferError.CreatedInFuture(new Icrc1.LedgerTime(T0))));
    assertThat(ledger.icrc1Transfer(ALICE, transferAt(Account.of(BOB), 1, T0 + drift), T0))
        .isInstanceOf(TransferResult.Ok.class);
  }

  @Test
  void icrc1Transfer_sameArgumentsAndCallerWithinWindow_isDuplicateOfFirstBlock() {
    TransferArg arg = transferAt(Account.of(BOB), 7, T0);
    assertThat(ledger.icrc1Transfer(ALICE, arg, T0)).isEqualTo(new TransferResult.Ok(BigInteger.ONE));
    // "If the ledger observed a structurally equal transfer payload … it should return Duplicate."
    assertThat(ledger.icrc1Transfer(ALICE, arg, T0 + Duration.ofHours(23).toNanos()))
        .isEqualTo(new TransferResult.Err(new TransferError.Duplicate(new Icrc1.DuplicateOf(BigInteger.ONE))));
    // Another memo is another transaction.
    TransferArg other = new TransferArg(Optional.empty(), Account.of(BOB), BigInteger.valueOf(7),
        Optional.empty(), Optional.of(Bytes.of((byte) 1)), Optional.of(T0));
    assertThat(ledger.icrc1Transfer(ALICE, other, T0)).isInstanceOf(TransferResult.Ok.class);
    // Another caller is another transaction.
    ledger.icrc1Transfer(ALICE, transfer(Account.of(CAROL), 100_000), T0);
    assertThat(ledger.icrc1Transfer(CAROL, arg, T0)).isInstanceOf(TransferResult.Ok.class);
    // After the window, the same arguments are too old rather than duplicate.
    assertThat(ledger.icrc1Transfer(ALICE, arg, T0 + Duration.ofHours(25).toNanos()))
        .isEqualTo(new TransferResult.Err(new TransferError.TooOld()));
  }

  @Test
  void icrc1Transfer_withoutCreatedAtTime_isNeverDeduplicated() {
    assertThat(ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB), 7), T0)).isInstanceOf(TransferResult.Ok.class);
    assertThat(ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB), 7), T0)).isInstanceOf(TransferResult.Ok.class);
    assertThat(balance(BOB)).isEqualTo(14);
  }

  @Test
  void icrc1Transfer_fromMintingAccount_mintsWithoutFee() {
    TransferResult r = ledger.icrc1Transfer(MINTER, transfer(Account.of(BOB), 500), T0);
    assertThat(r).isInstanceOf(TransferResult.Ok.class);
    assertThat(balance(BOB)).isEqualTo(500);
    assertThat(ledger.icrc1TotalSupply()).isEqualTo(BigInteger.valueOf(1_000_000_500L));
    Icrc3Value.Map tx = (Icrc3Value.Map) ledger.block(1).value().get("tx").orElseThrow();
    assertThat(tx.get("op")).contains(new Icrc3Value.Text("mint"));
    assertThat(tx.get("from")).isEmpty();
    assertThat(ledger.block(1).value().get("fee")).isEmpty();
  }

  @Test
  void icrc1Transfer_toMintingAccount_burnsAndEnforcesMinimum() {
    assertThat(ledger.icrc1Transfer(ALICE, transfer(Account.of(MINTER), FEE - 1), T0))
        .isEqualTo(new TransferResult.Err(new TransferError.BadBurn(new Icrc1.MinBurn(BigInteger.valueOf(FEE)))));
    assertThat(ledger.icrc1Transfer(ALICE, transfer(Account.of(MINTER), FEE), T0)).isInstanceOf(TransferResult.Ok.class);
    assertThat(ledger.icrc1TotalSupply()).isEqualTo(BigInteger.valueOf(1_000_000_000L - FEE));
    // A burn has no fee: a non-zero fee argument is BadFee with expected_fee 0.
    TransferArg withFee = new TransferArg(Optional.empty(), Account.of(MINTER), BigInteger.valueOf(FEE),
        Optional.of(BigInteger.valueOf(FEE)), Optional.empty(), Optional.empty());
    assertThat(ledger.icrc1Transfer(ALICE, withFee, T0))
        .isEqualTo(new TransferResult.Err(new TransferError.BadFee(new Icrc1.Fee(BigInteger.ZERO))));
  }

  @Test
  void icrc1Transfer_amountAboveU63_isGenericErrorAndStateUnchanged() {
    BigInteger huge = BigInteger.ONE.shiftLeft(64);
    TransferArg arg = new TransferArg(Optional.empty(), Account.of(BOB), huge, Optional.empty(),
        Optional.empty(), Optional.empty());
    TransferResult r = ledger.icrc1Transfer(ALICE, arg, T0);
    assertThat(r).isInstanceOf(TransferResult.Err.class);
    assertThat(((TransferResult.Err) r).value()).isInstanceOf(TransferError.GenericError.class);
    assertThat(ledger.blockCount()).isEqualTo(1);
    assertThat(balance(ALICE)).isEqualTo(1_000_000_000L);
  }

  @Test
  void icrc1Transfer_memoLongerThan32Bytes_isRejected() {
    TransferArg arg = new TransferArg(Optional.empty(), Account.of(BOB), BigInteger.ONE,
        Optional.empty(), Optional.of(Bytes.of(new byte[33])), Optional.empty());
    assertThat(((TransferResult.Err) ledger.icrc1Transfer(ALICE, arg, T0)).value())
        .isInstanceOf(TransferError.GenericError.class);
  }

  @Test
  void subaccounts_areDistinctAccountsAndZeroSubaccountIsDefault() {
    Subaccount one = Subaccount.fromHex("01");
    ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB, one), 100), T0);
    assertThat(ledger.icrc1BalanceOf(Account.of(BOB, one))).isEqualTo(BigInteger.valueOf(100));
    assertThat(balance(BOB)).isZero();
    assertThat(ledger.icrc1BalanceOf(Account.of(ALICE, Subaccount.DEFAULT)))
        .isEqualTo(ledger.icrc1BalanceOf(Account.of(ALICE)));
  }

  @Test
  void icrc2_approveThenTransferFrom_spendsAmountPlusFeeFromAllowance() {
    ApproveResult a = ledger.icrc2Approve(ALICE, ApproveArgs.of(Account.of(BOB), 100_000, Optional.empty()), T0);
    assertThat(a).isInstanceOf(ApproveResult.Ok.class);
    assertThat(balance(ALICE)).isEqualTo(1_000_000_000L - FEE);
    TransferFromResult t = ledger.icrc2TransferFrom(BOB,
        TransferFromArgs.of(Account.of(ALICE), Account.of(CAROL), 50_000), T0);
    assertThat(t).isInstanceOf(TransferFromResult.Ok.class);
    assertThat(balance(CAROL)).isEqualTo(50_000);
    // "the (from, SpenderAccount) allowance decreases by the transfer amount and the fees"
    assertThat(ledger.icrc2Allowance(new Icrc2.AllowanceArgs(Account.of(ALICE), Account.of(BOB)), T0).allowance())
        .isEqualTo(BigInteger.valueOf(100_000 - 50_000 - FEE));
    TransferFromResult tooMuch = ledger.icrc2TransferFrom(BOB,
        TransferFromArgs.of(Account.of(ALICE), Account.of(CAROL), 50_000), T0);
    assertThat(tooMuch).isEqualTo(new TransferFromResult.Err(new TransferFromError.InsufficientAllowance(
        new Icrc2.AllowanceValue(BigInteger.valueOf(40_000)))));
    Icrc3Value.Map tx = (Icrc3Value.Map) ledger.block(2).value().get("tx").orElseThrow();
    assertThat(tx.get("spender")).isPresent();
  }

  @Test
  void icrc2_allowanceExpires_atExpiresAt() {
    long expires = T0 + 1_000;
    ledger.icrc2Approve(ALICE, ApproveArgs.of(Account.of(BOB), 100_000, Optional.of(expires)), T0);
    Icrc2.AllowanceArgs q = new Icrc2.AllowanceArgs(Account.of(ALICE), Account.of(BOB));
    assertThat(ledger.icrc2Allowance(q, expires - 1))
        .isEqualTo(new Icrc2.Allowance(BigInteger.valueOf(100_000), Optional.of(expires)));
    // "If there is no active approval, the ledger MUST return { allowance = 0; expires_at = null }."
    assertThat(ledger.icrc2Allowance(q, expires)).isEqualTo(new Icrc2.Allowance(BigInteger.ZERO, Optional.empty()));
    assertThat(ledger.icrc2TransferFrom(BOB, TransferFromArgs.of(Account.of(ALICE), Account.of(BOB), 1), expires))
        .isInstanceOf(TransferFromResult.Err.class);
    assertThat(ledger.icrc2TransferFrom(BOB, TransferFromArgs.of(Account.of(ALICE), Account.of(BOB), 1), expires - 1))
        .isInstanceOf(TransferFromResult.Ok.class);
  }

  @Test
  void icrc2Approve_expiresAtInThePast_isExpired() {
    assertThat(ledger.icrc2Approve(ALICE, ApproveArgs.of(Account.of(BOB), 1, Optional.of(T0)), T0))
        .isEqualTo(new ApproveResult.Err(new ApproveError.Expired(new Icrc1.LedgerTime(T0))));
  }

  @Test
  void icrc2Approve_expectedAllowanceMismatch_isAllowanceChanged() {
    ledger.icrc2Approve(ALICE, ApproveArgs.of(Account.of(BOB), 500, Optional.empty()), T0);
    ApproveArgs arg = new ApproveArgs(Optional.empty(), Account.of(BOB), BigInteger.ZERO,
        Optional.of(BigInteger.valueOf(400)), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(ledger.icrc2Approve(ALICE, arg, T0))
        .isEqualTo(new ApproveResult.Err(new ApproveError.AllowanceChanged(
            new Icrc2.CurrentAllowance(BigInteger.valueOf(500)))));
    ApproveArgs ok = new ApproveArgs(Optional.empty(), Account.of(BOB), BigInteger.ZERO,
        Optional.of(BigInteger.valueOf(500)), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(ledger.icrc2Approve(ALICE, ok, T0)).isInstanceOf(ApproveResult.Ok.class);
    assertThat(ledger.icrc2Allowance(new Icrc2.AllowanceArgs(Account.of(ALICE), Account.of(BOB)), T0).allowance())
        .isZero();
  }

  @Test
  void icrc2Approve_selfAsSpender_isRejected() {
    assertThat(ledger.icrc2Approve(ALICE, ApproveArgs.of(Account.of(ALICE, Subaccount.fromHex("01")), 5, Optional.empty()), T0))
        .isInstanceOf(ApproveResult.Err.class);
    assertThat(ledger.icrc2Approve(BOB, ApproveArgs.of(Account.of(ALICE), 5, Optional.empty()), T0))
        .isEqualTo(new ApproveResult.Err(new ApproveError.InsufficientFunds(new Icrc1.Balance(BigInteger.ZERO))));
  }

  @Test
  void icrc3_blocksAreHashChainedAndTipIsCertified() {
    for (int i = 0; i < 5; i++) {
      ledger.icrc1Transfer(ALICE, transfer(Account.of(BOB), 10 + i), T0 + i);
    }
    Icrc3.GetBlocksResult r = ledger.icrc3GetBlocks(List.of(new Icrc3.BlockRange(BigInteger.ZERO, BigInteger.valueOf(100))));
    assertThat(r.logLength()).isEqualTo(BigInteger.valueOf(6));
    assertThat(r.blocks()).hasSize(6);
    for (int i = 1; i < 6; i++) {
      Icrc3Value.Map b = (Icrc3Value.Map) r.blocks().get(i).block();
      // "phash = hash(Block i-1)"
      assertThat(b.get("phash")).contains(new Icrc3Value.Blob(r.blocks().get(i - 1).block().hash()));
    }
    LookupResult idx = ledger.tipTree().lookup("last_block_index");
    assertThat(idx.value()).isEqualTo(Bytes.of((byte) 5));
    assertThat(ledger.tipTree().lookup("last_block_hash").value())
        .isEqualTo(r.blocks().get(5).block().hash());
    assertThat(ledger.certifiedData()).isEqualTo(ledger.tipTree().digest());
  }

  @Test
  void icrc3GetBlocks_outOfRangeAndPartialRanges_areClipped() {
    Icrc3.GetBlocksResult r = ledger.icrc3GetBlocks(List.of(
        new Icrc3.BlockRange(BigInteger.valueOf(5), BigInteger.TEN),
        new Icrc3.BlockRange(BigInteger.ZERO, BigInteger.TEN)));
    assertThat(r.blocks()).hasSize(1);
  }

  @Test
  void fromBlocks_replaysToTheSameBalancesAllowancesAndTip() {
    ledger.icrc1Transfer(ALICE, transferAt(Account.of(BOB), 100_000, T0), T0);
    ledger.icrc2Approve(ALICE, ApproveArgs.of(Account.of(CAROL), 50_000, Optional.of(T0 + 5_000)), T0);
    ledger.icrc2TransferFrom(CAROL, TransferFromArgs.of(Account.of(ALICE), Account.of(CAROL), 1_000), T0);
    ledger.icrc1Transfer(BOB, transfer(Account.of(MINTER), FEE), T0);
    Ledger copy = Ledger.fromBlocks(ledger.config(), ledger.blockValues());
    for (Principal p : List.of(ALICE, BOB, CAROL)) {
      assertThat(copy.icrc1BalanceOf(Account.of(p))).isEqualTo(ledger.icrc1BalanceOf(Account.of(p)));
    }
    assertThat(copy.icrc1TotalSupply()).isEqualTo(ledger.icrc1TotalSupply());
    assertThat(copy.icrc2Allowance(new Icrc2.AllowanceArgs(Account.of(ALICE), Account.of(CAROL)), T0))
        .isEqualTo(ledger.icrc2Allowance(new Icrc2.AllowanceArgs(Account.of(ALICE), Account.of(CAROL)), T0));
    assertThat(copy.certifiedData()).isEqualTo(ledger.certifiedData());
    // Deduplication survives the replay.
    assertThat(copy.icrc1Transfer(ALICE, transferAt(Account.of(BOB), 100_000, T0), T0))
        .isInstanceOf(TransferResult.Err.class);
  }

  @Test
  void legacyTransfer_toAccountIdentifier_creditsThatIdentifier() {
    AccountIdentifier to = AccountIdentifier.of(BOB, Subaccount.fromHex("02"));
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(42, new LegacyLedger.Tokens(1_000),
        new LegacyLedger.Tokens(FEE), Optional.empty(), to.bytes(), Optional.empty());
    assertThat(ledger.transfer(ALICE, arg, T0)).isEqualTo(new LegacyLedger.TransferResult.Ok(1));
    assertThat(ledger.accountBalance(to)).isEqualTo(1_000);
    assertThat(ledger.icrc1BalanceOf(Account.of(BOB, Subaccount.fromHex("02")))).isEqualTo(BigInteger.valueOf(1_000));
    Icrc3Value.Map tx = (Icrc3Value.Map) ledger.block(1).value().get("tx").orElseThrow();
    assertThat(tx.get("memo")).contains(new Icrc3Value.Nat(BigInteger.valueOf(42)));
  }

  @Test
  void legacyTransfer_badFeeAndDuplicate_useLegacyErrors() {
    AccountIdentifier to = AccountIdentifier.of(BOB);
    LegacyLedger.TransferArgs badFee = new LegacyLedger.TransferArgs(0, new LegacyLedger.Tokens(1),
        new LegacyLedger.Tokens(1), Optional.empty(), to.bytes(), Optional.empty());
    assertThat(ledger.transfer(ALICE, badFee, T0)).isEqualTo(new LegacyLedger.TransferResult.Err(
        new LegacyLedger.TransferError.BadFee(new LegacyLedger.ExpectedFee(new LegacyLedger.Tokens(FEE)))));
    LegacyLedger.TransferArgs dedup = new LegacyLedger.TransferArgs(0, new LegacyLedger.Tokens(1),
        new LegacyLedger.Tokens(FEE), Optional.empty(), to.bytes(),
        Optional.of(new LegacyLedger.TimeStamp(T0)));
    assertThat(ledger.transfer(ALICE, dedup, T0)).isEqualTo(new LegacyLedger.TransferResult.Ok(1));
    assertThat(ledger.transfer(ALICE, dedup, T0)).isEqualTo(new LegacyLedger.TransferResult.Err(
        new LegacyLedger.TransferError.TxDuplicate(new LegacyLedger.DuplicateOf(1))));
  }

  @Test
  void legacyTransfer_toMalformedAccountIdentifier_isRejected() {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(0, new LegacyLedger.Tokens(1),
        new LegacyLedger.Tokens(FEE), Optional.empty(), Bytes.of(new byte[32]), Optional.empty());
    assertThatThrownBy(() -> ledger.transfer(ALICE, arg, T0)).hasMessageContaining("CRC-32");
    assertThat(ledger.blockCount()).isEqualTo(1);
  }

  @Test
  void legacyTransfer_burnBelowFee_isRejectedNamingTheRule() {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(0, new LegacyLedger.Tokens(1),
        new LegacyLedger.Tokens(0), Optional.empty(), AccountIdentifier.of(MINTER).bytes(), Optional.empty());
    assertThatThrownBy(() -> ledger.transfer(ALICE, arg, T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("minimum burn");
  }

  @Test
  void metadata_listsStandardEntries() {
    assertThat(ledger.icrc1Metadata()).extracting(Icrc1.MetadataEntry::key)
        .contains("icrc1:symbol", "icrc1:name", "icrc1:decimals", "icrc1:fee");
    assertThat(ledger.icrc1Fee()).isEqualTo(BigInteger.valueOf(FEE));
    assertThat(ledger.icrc1MintingAccount()).contains(Account.of(MINTER));
    assertThat(ledger.icrc1SupportedStandards()).extracting(Icrc1.StandardRecord::name)
        .containsExactly("ICRC-1", "ICRC-2", "ICRC-3");
  }
}
