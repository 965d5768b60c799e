package org.jicp.nns.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.internal.pb.LedgerStatePb;

/**
 * The ICP ledger hosted as a native system canister at {@code ryjl3-tyaaa-aaaaa-aaaba-cai}, with
 * the mainnet Candid methods of {@code ledger.did}: ICRC-1 ({@code icrc1_transfer}, {@code
 * icrc1_balance_of}, {@code icrc1_total_supply}, {@code icrc1_fee}, {@code icrc1_metadata}, {@code
 * icrc1_minting_account}, {@code icrc1_name}, {@code icrc1_symbol}, {@code icrc1_decimals}, {@code
 * icrc1_supported_standards}), ICRC-2 ({@code icrc2_approve}, {@code icrc2_transfer_from}, {@code
 * icrc2_allowance}), ICRC-3 ({@code icrc3_get_blocks}, {@code icrc3_get_tip_certificate}, {@code
 * icrc3_get_archives}, {@code icrc3_supported_block_types}) and the legacy API ({@code transfer},
 * {@code account_balance}, {@code account_identifier}, {@code transfer_fee}, {@code symbol},
 * {@code name}, {@code decimals}).
 */
public final class LedgerCanister extends NativeCanister {
  /** {@code record { symbol : text }}. */
  public record SymbolRecord(String symbol) {}

  /** {@code record { name : text }}. */
  public record NameRecord(String name) {}

  /** {@code record { decimals : nat32 }}. */
  public record DecimalsRecord(@CandidAs("nat32") int decimals) {}

  /** {@code record {}}. */
  public record Empty() {}

  /** {@code Account} of the legacy {@code account_identifier} method (same shape as ICRC-1). */
  public record AccountArg(Principal owner, @CandidName("subaccount") Optional<Bytes> subaccount) {}

  private final Ledger ledger;

  /** The canister around {@code ledger}. */
  public LedgerCanister(Ledger ledger) {
    this(NnsCanisterIds.LEDGER, ledger);
  }

  /** The canister at {@code id} around {@code ledger} (an SNS token's ledger). */
  public LedgerCanister(org.jicp.types.CanisterId id, Ledger ledger) {
    super(id);
    this.ledger = ledger;
    update("icrc1_transfer", (ctx, a) -> reply(Icrc1.TransferResult.class,
        ledger.icrc1Transfer(ctx.caller(), decode(a, Icrc1.TransferArg.class), ctx.timeNanos())));
    update("icrc2_approve", (ctx, a) -> reply(Icrc2.ApproveResult.class,
        ledger.icrc2Approve(ctx.caller(), decode(a, Icrc2.ApproveArgs.class), ctx.timeNanos())));
    update("icrc2_transfer_from", (ctx, a) -> reply(Icrc2.TransferFromResult.class,
        ledger.icrc2TransferFrom(ctx.caller(), decode(a, Icrc2.TransferFromArgs.class), ctx.timeNanos())));
    update("transfer", (ctx, a) -> reply(LegacyLedger.TransferResult.class,
        ledger.transfer(ctx.caller(), decode(a, LegacyLedger.TransferArgs.class), ctx.timeNanos())));
    query("icrc1_balance_of", (ctx, a) -> reply(ledger.icrc1BalanceOf(decode(a, Account.class))));
    query("icrc1_total_supply", (ctx, a) -> reply(ledger.icrc1TotalSupply()));
    query("icrc1_fee", (ctx, a) -> reply(ledger.icrc1Fee()));
    query("icrc1_name", (ctx, a) -> reply(ledger.config().tokenName()));
    query("icrc1_symbol", (ctx, a) -> reply(ledger.config().tokenSymbol()));
    query("icrc1_decimals", (ctx, a) -> org.jicp.nns.host.Outcome.reply(org.jicp.candid.CandidEncoder.encode(
        org.jicp.candid.CandidText.parseType("nat8"), new org.jicp.candid.CandidValue.Nat8(ledger.config().decimals()))));
    query("icrc1_metadata", (ctx, a) -> reply(new TypeRef<List<Icrc1.MetadataEntry>>() {}, ledger.icrc1Metadata()));
    query("icrc1_minting_account", (ctx, a) -> reply(new TypeRef<Optional<Account>>() {}, ledger.icrc1MintingAccount()));
    query("icrc1_supported_standards", (ctx, a) ->
        reply(new TypeRef<List<Icrc1.StandardRecord>>() {}, ledger.icrc1SupportedStandards()));
    query("icrc2_allowance", (ctx, a) -> reply(ledger.icrc2Allowance(decode(a, Icrc2.AllowanceArgs.class), ctx.timeNanos())));
    query("icrc3_get_blocks", (ctx, a) ->
        reply(ledger.icrc3GetBlocks(decode(a, new TypeRef<List<Icrc3.BlockRange>>() {}))));
    query("icrc3_get_archives", (ctx, a) -> reply(new TypeRef<List<Icrc3.ArchiveInfo>>() {}, List.of()));
    query("icrc3_supported_block_types", (ctx, a) ->
        reply(new TypeRef<List<Icrc3.SupportedBlockType>>() {}, ledger.icrc3SupportedBlockTypes()));
    query("icrc3_get_tip_certificate", (ctx, a) -> reply(new TypeRef<Optional<Icrc3.DataCertificate>>() {},
        ctx.dataCertificate().map(c -> new Icrc3.DataCertificate(c, Bytes.of(ledger.tipTree().encodeCbor())))));
    query("account_balance", (ctx, a) -> reply(new LegacyLedger.Tokens(ledger.accountBalance(
        new AccountIdentifier(decode(a, LegacyLedger.AccountBalanceArgs.class).account())))));
    query("account_identifier", (ctx, a) -> {
      AccountArg acc = decode(a, AccountArg.class);
      return reply(ledger.accountIdentifier(new Account(acc.owner(), acc.subaccount())).bytes());
    });
    query("transfer_fee", (ctx, a) -> reply(new LegacyLedger.TransferFee(new LegacyLedger.Tokens(ledger.config().transferFee()))));
    query("symbol", (ctx, a) -> reply(new SymbolRecord(ledger.config().tokenSymbol())));
    query("name", (ctx, a) -> reply(new NameRecord(ledger.config().tokenName())));
    query("decimals", (ctx, a) -> reply(new DecimalsRecord(ledger.config().decimals())));
  }

  /** The ledger state machine. */
  public Ledger ledger() {
    return ledger;
  }

  @Override
  public Bytes certifiedData() {
    return ledger.certifiedData();
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    return ledger.atomic(body);
  }

  @Override
  public Bytes saveState() {
    LedgerConfig c = ledger.config();
    LedgerStatePb.Builder b = LedgerStatePb.newBuilder()
        .setMintingOwner(ByteString.copyFrom(c.mintingAccount().owner().toByteArray()))
        .setMintingSubaccount(ByteString.copyFrom(c.mintingAccount().effectiveSubaccount().bytes().toByteArray()))
        .setTransferFee(c.transferFee())
        .setTokenSymbol(c.tokenSymbol())
        .setTokenName(c.tokenName())
        .setDecimals(c.decimals())
        .setTransactionWindowNanos(c.transactionWindow().toNanos())
        .setPermittedDriftNanos(c.permittedDrift().toNanos())
        .setMaxMemoLength(c.maxMemoLength());
    for (Icrc3Value.Map block : ledger.blockValues()) {
      b.addBlocks(ByteString.copyFrom(CANDID.encodeAs(Icrc3Value.class, block)));
    }
    return Bytes.of(b.build().toByteArray());
  }

  /** The canister rebuilt from {@link #saveState()}'s bytes (the upgrade path). */
  public static LedgerCanister restore(Bytes state) {
    return restore(NnsCanisterIds.LEDGER, state);
  }

  /** The canister at {@code id} rebuilt from {@link #saveState()}'s bytes. */
  public static LedgerCanister restore(org.jicp.types.CanisterId id, Bytes state) {
    LedgerStatePb s;
    try {
      s = LedgerStatePb.parseFrom(state.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("ledger state: " + e.getMessage(), e);
    }
    Account minting = new Account(Principal.fromBytes(s.getMintingOwner().toByteArray()),
        Optional.of(Bytes.of(s.getMintingSubaccount().toByteArray())));
    LedgerConfig config = new LedgerConfig(minting, s.getTransferFee(), s.getTokenSymbol(), s.getTokenName(),
        s.getDecimals(), Duration.ofNanos(s.getTransactionWindowNanos()), Duration.ofNanos(s.getPermittedDriftNanos()),
        s.getMaxMemoLength(), Map.of(), 0);
    List<Icrc3Value.Map> blocks = new ArrayList<>(s.getBlocksCount());
    for (ByteString b : s.getBlocksList()) {
      blocks.add((Icrc3Value.Map) CANDID.decode(b.toByteArray(), Icrc3Value.class));
    }
    return new LedgerCanister(id, Ledger.fromBlocks(config, blocks));
  }
}
