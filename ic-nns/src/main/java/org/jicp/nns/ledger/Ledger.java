package org.jicp.nns.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.internal.Journal;
import org.jicp.nns.internal.JournaledList;
import org.jicp.nns.internal.JournaledMap;
import org.jicp.nns.internal.JournaledValue;
import org.jicp.nns.ledger.Icrc1.TransferArg;
import org.jicp.nns.ledger.Icrc1.TransferError;
import org.jicp.nns.ledger.Icrc1.TransferResult;
import org.jicp.nns.ledger.Icrc2.ApproveArgs;
import org.jicp.nns.ledger.Icrc2.ApproveError;
import org.jicp.nns.ledger.Icrc2.ApproveResult;
import org.jicp.nns.ledger.Icrc2.TransferFromArgs;
import org.jicp.nns.ledger.Icrc2.TransferFromError;
import org.jicp.nns.ledger.Icrc2.TransferFromResult;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;

/**
 * The ICP ledger as a deterministic state machine: ICRC-1 transfers, ICRC-2 approvals, an ICRC-3
 * hash-chained block log with a certified tip, and the legacy account-identifier API. Balances are
 * kept per {@link AccountIdentifier}, as the ICP ledger does, so ICRC-1 accounts and legacy
 * identifiers address the same balances.
 *
 * <p>Every method takes the ledger time from its caller (nanoseconds since the epoch); nothing
 * reads a clock. A rejected call leaves the state unchanged. Fees are burned. Amounts are u64 e8s
 * (kept below 2^63); a larger amount is rejected with {@code GenericError}.
 */
public final class Ledger {
  /** ICRC-3 {@code icrc3_get_blocks}: the most blocks returned by one call. */
  public static final int MAX_BLOCKS_PER_REQUEST = 2000;

  /** {@code GenericError} code for an amount outside the ledger's range. */
  public static final int ERROR_AMOUNT_TOO_LARGE = 1;

  /** {@code GenericError} code for a memo longer than {@code icrc1:max_memo_length}. */
  public static final int ERROR_MEMO_TOO_LONG = 2;

  /** {@code GenericError} code for an operation the ledger forbids (e.g. self-approval). */
  public static final int ERROR_NOT_ALLOWED = 3;

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final LedgerConfig config;
  private final AccountIdentifier mintingId;
  private final Journal journal = new Journal();
  private final JournaledMap<AccountIdentifier, Long> balances = new JournaledMap<>(journal);
  private final JournaledMap<AllowanceKey, AllowanceEntry> allowances = new JournaledMap<>(journal);
  private final JournaledList<Block> blocks = new JournaledList<>(journal);
  private final JournaledMap<Bytes, DedupEntry> dedup = new JournaledMap<>(journal);
  private final JournaledMap<Long, Bytes> dedupByBlock = new JournaledMap<>(journal);
  private final JournaledValue<Long> totalSupply = new JournaledValue<>(journal, 0L);
  /** A cache of account identifiers (a pure function of the account; not part of the state). */
  private final java.util.LinkedHashMap<Account, AccountIdentifier> ids =
      new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Account, AccountIdentifier> eldest) {
          return size() > 100_000;
        }
      };

  private AccountIdentifier idOf(Account a) {
    AccountIdentifier id = ids.get(a);
    if (id == null) {
      id = a.accountIdentifier();
      ids.put(a, id);
    }
    return id;
  }

  /** One block of the log: its ICRC-3 value and hash. */
  public record Block(Icrc3Value.Map value, Bytes hash) {}

  private record AllowanceKey(AccountIdentifier from, AccountIdentifier spender)
      implements Comparable<AllowanceKey> {
    @Override
    public int compareTo(AllowanceKey o) {
      int c = from.compareTo(o.from);
      return c != 0 ? c : spender.compareTo(o.spender);
    }
  }

  private record AllowanceEntry(long amount, Optional<Long> expiresAt) {}

  private record DedupEntry(long blockIndex, long createdAt) {}

  private enum Op {
    MINT,
    BURN,
    XFER,
    APPROVE
  }

  /** What a block does to the state. */
  private record Effects(
      Op op,
      AccountIdentifier from,
      AccountIdentifier to,
      AccountIdentifier spender,
      long amount,
      long fee,
      Optional<Long> expiresAt,
      Optional<Long> createdAt) {}

  /** A ledger with the given configuration; the initial balances are minted in genesis blocks. */
  public Ledger(LedgerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.mintingId = config.mintingAccount().accountIdentifier();
    journal.run(
        () -> {
          for (Map.Entry<Account, Long> e : config.initialBalances().entrySet()) {
            if (e.getKey().sameAs(config.mintingAccount())) {
              throw new IllegalArgumentException("the minting account has no balance");
            }
            if (e.getValue() == 0) {
              continue;
            }
            Icrc3Value.Map tx =
                txMap("mint", null, e.getKey(), e.getValue(), Optional.empty(), Optional.empty(),
                    Optional.empty(), null);
            append(tx, Optional.empty(), config.genesisTimeNanos(),
                new Effects(Op.MINT, null, e.getKey().accountIdentifier(), null, e.getValue(), 0,
                    Optional.empty(), Optional.empty()));
          }
        });
  }

  private Ledger(LedgerConfig config, List<Icrc3Value.Map> log) {
    this.config = config;
    this.mintingId = config.mintingAccount().accountIdentifier();
    journal.run(
        () -> {
          for (Icrc3Value.Map b : log) {
            replay(b);
          }
        });
  }

  /**
   * A ledger rebuilt from its configuration and block log (the upgrade path): balances,
   * allowances, supply and the deduplication table are recomputed by replaying every block.
   *
   * @throws org.jicp.nns.MalformedRequestException if a block does not have the ICRC-3 schema or
   *     does not chain to its parent
   */
  public static Ledger fromBlocks(LedgerConfig config, List<Icrc3Value.Map> log) {
    return new Ledger(Objects.requireNonNull(config, "config"), List.copyOf(log));
  }

  /** The configuration. */
  public LedgerConfig config() {
    return config;
  }

  // ------------------------------------------------------------------ ICRC-1

  /** {@code icrc1_transfer} (ICRC-1, "icrc1_transfer"; deduplication as in "Transaction deduplication"). */
  public TransferResult icrc1Transfer(Principal caller, TransferArg arg, long nowNanos) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(arg, "arg");
    Account from = new Account(caller, arg.fromSubaccount());
    Common c = common(from, arg.to(), arg.amount(), arg.fee(), arg.memo(), arg.createdAtTime(), nowNanos);
    if (c.error != null) {
      return new TransferResult.Err(c.error.toTransferError());
    }
    return journal.atomic(
        () -> {
          Icrc3Value.Map tx =
              txMap(c.opName(), c.mint ? null : from, c.burn ? null : arg.to(), c.amount,
                  arg.fee(), arg.memo(), arg.createdAtTime(), null);
          Rejection r = checkDuplicateAndFunds(
              tx, arg.createdAtTime(), c, c.mint ? null : idOf(from), null, 0, nowNanos);
          if (r != null) {
            return new TransferResult.Err(r.toTransferError());
          }
          long index = append(tx, topLevelFee(arg.fee(), c.fee), nowNanos,
              new Effects(c.op, c.mint ? null : idOf(from),
                  c.burn ? null : idOf(arg.to()), null, c.amount, c.fee,
                  Optional.empty(), arg.createdAtTime()));
          return new TransferResult.Ok(BigInteger.valueOf(index));
        });
  }

  /** {@code icrc1_balance_of}. */
  public BigInteger icrc1BalanceOf(Account account) {
    return BigInteger.valueOf(accountBalance(idOf(account)));
  }

  /** {@code icrc1_total_supply}: all tokens except those of the minting account. */
  public BigInteger icrc1TotalSupply() {
    return BigInteger.valueOf(totalSupply.get());
  }

  /** {@code icrc1_fee}. */
  public BigInteger icrc1Fee() {
    return BigInteger.valueOf(config.transferFee());
  }

  /** {@code icrc1_minting_account}. */
  public Optional<Account> icrc1MintingAccount() {
    return Optional.of(config.mintingAccount());
  }

  /** {@code icrc1_metadata}: symbol, name, decimals, fee and maximum memo length. */
  public List<Icrc1.MetadataEntry> icrc1Metadata() {
    return List.of(
        new Icrc1.MetadataEntry("icrc1:symbol", new Icrc1.MetadataValue.Text(config.tokenSymbol())),
        new Icrc1.MetadataEntry("icrc1:name", new Icrc1.MetadataValue.Text(config.tokenName())),
        new Icrc1.MetadataEntry(
            "icrc1:decimals", new Icrc1.MetadataValue.Nat(BigInteger.valueOf(config.decimals()))),
        new Icrc1.MetadataEntry("icrc1:fee", new Icrc1.MetadataValue.Nat(icrc1Fee())),
        new Icrc1.MetadataEntry(
            "icrc1:max_memo_length",
            new Icrc1.MetadataValue.Nat(BigInteger.valueOf(config.maxMemoLength()))));
  }

  /** {@code icrc1_supported_standards}. */
  public List<Icrc1.StandardRecord> icrc1SupportedStandards() {
    String base = "https://github.com/dfinity/ICRC-1/tree/main/standards/";
    return List.of(
        new Icrc1.StandardRecord("ICRC-1", base + "ICRC-1"),
        new Icrc1.StandardRecord("ICRC-2", base + "ICRC-2"),
        new Icrc1.StandardRecord("ICRC-3", base + "ICRC-3"));
  }

  // ------------------------------------------------------------------ ICRC-2

  /** {@code icrc2_approve} (ICRC-2, "icrc2_approve"). */
  public ApproveResult icrc2Approve(Principal caller, ApproveArgs arg, long nowNanos) {
    Objects.requireNonNull(caller, "caller");
    Account from = new Account(caller, arg.fromSubaccount());
    if (arg.spender().owner().equals(caller)) {
      return approveError(generic(ERROR_NOT_ALLOWED, "an account owner cannot approve itself"));
    }
    if (from.sameAs(config.mintingAccount())) {
      return approveError(generic(ERROR_NOT_ALLOWED, "the minting account cannot approve"));
    }
    if (arg.amount().compareTo(LONG_MAX) > 0) {
      return approveError(generic(ERROR_AMOUNT_TOO_LARGE, "amount " + arg.amount() + " is above 2^63 - 1 e8s"));
    }
    long fee = config.transferFee();
    if (arg.fee().isPresent() && !arg.fee().get().equals(BigInteger.valueOf(fee))) {
      return new ApproveResult.Err(new ApproveError.BadFee(new Icrc1.Fee(BigInteger.valueOf(fee))));
    }
    Rejection memo = checkMemo(arg.memo());
    if (memo != null) {
      return approveError(memo);
    }
    Rejection time = checkTime(arg.createdAtTime(), nowNanos);
    if (time != null) {
      return approveError(time);
    }
    if (arg.expiresAt().isPresent() && arg.expiresAt().get() <= nowNanos) {
      return new ApproveResult.Err(new ApproveError.Expired(new Icrc1.LedgerTime(nowNanos)));
    }
    AccountIdentifier fromId = idOf(from);
    AccountIdentifier spenderId = idOf(arg.spender());
    long current = allowance(fromId, spenderId, nowNanos).amount();
    if (arg.expectedAllowance().isPresent()
        && !arg.expectedAllowance().get().equals(BigInteger.valueOf(current))) {
      return new ApproveResult.Err(
          new ApproveError.AllowanceChanged(new Icrc2.CurrentAllowance(BigInteger.valueOf(current))));
    }
    long amount = arg.amount().longValueExact();
    return journal.atomic(
        () -> {
          List<Icrc3Value.Entry> e = new ArrayList<>();
          e.add(entry("op", Icrc3Value.text("approve")));
          e.add(entry("from", accountValue(from)));
          e.add(entry("spender", accountValue(arg.spender())));
          e.add(entry("amt", Icrc3Value.nat(amount)));
          arg.expectedAllowance().ifPresent(x -> e.add(entry("expected_allowance", Icrc3Value.nat(x))));
          arg.expiresAt().ifPresent(x -> e.add(entry("expires_at", Icrc3Value.nat(x))));
          arg.fee().ifPresent(x -> e.add(entry("fee", Icrc3Value.nat(x))));
          arg.memo().ifPresent(x -> e.add(entry("memo", Icrc3Value.blob(x))));
          arg.createdAtTime().ifPresent(x -> e.add(entry("ts", Icrc3Value.nat(x))));
          Icrc3Value.Map tx = new Icrc3Value.Map(e);
          Rejection r = checkDuplicate(tx, arg.createdAtTime());
          if (r == null) {
            long balance = accountBalance(fromId);
            if (balance < fee) {
              r = new Rejection(RKind.FUNDS, balance);
            }
          }
          if (r != null) {
            return approveError(r);
          }
          long index = append(tx, topLevelFee(arg.fee(), fee), nowNanos,
              new Effects(Op.APPROVE, fromId, null, spenderId, amount, fee, arg.expiresAt(),
                  arg.createdAtTime()));
          return new ApproveResult.Ok(BigInteger.valueOf(index));
        });
  }

  /** {@code icrc2_transfer_from} (ICRC-2, "icrc2_transfer_from"). */
  public TransferFromResult icrc2TransferFrom(Principal caller, TransferFromArgs arg, long nowNanos) {
    Objects.requireNonNull(caller, "caller");
    Account spender = new Account(caller, arg.spenderSubaccount());
    if (arg.from().sameAs(config.mintingAccount())) {
      return new TransferFromResult.Err(
          new TransferFromError.InsufficientAllowance(new Icrc2.AllowanceValue(BigInteger.ZERO)));
    }
    Common c = common(arg.from(), arg.to(), arg.amount(), arg.fee(), arg.memo(), arg.createdAtTime(), nowNanos);
    if (c.error != null) {
      return new TransferFromResult.Err(c.error.toTransferFromError());
    }
    boolean delegated = !spender.sameAs(arg.from());
    AccountIdentifier fromId = idOf(arg.from());
    AccountIdentifier spenderId = idOf(spender);
    return journal.atomic(
        () -> {
          Icrc3Value.Map tx =
              txMap(c.opName(), arg.from(), c.burn ? null : arg.to(), c.amount, arg.fee(),
                  arg.memo(), arg.createdAtTime(), delegated ? spender : null);
          long needed = Math.addExact(c.amount, c.fee);
          Rejection r = checkDuplicateAndFunds(tx, arg.createdAtTime(), c, fromId,
              delegated ? spenderId : null, needed, nowNanos);
          if (r != null) {
            return new TransferFromResult.Err(r.toTransferFromError());
          }
          long index = append(tx, topLevelFee(arg.fee(), c.fee), nowNanos,
              new Effects(c.op, fromId, c.burn ? null : idOf(arg.to()),
                  delegated ? spenderId : null, c.amount, c.fee, Optional.empty(),
                  arg.createdAtTime()));
          return new TransferFromResult.Ok(BigInteger.valueOf(index));
        });
  }

  /** {@code icrc2_allowance}: zero with no expiry if there is no active approval. */
  public Icrc2.Allowance icrc2Allowance(Icrc2.AllowanceArgs arg, long nowNanos) {
    AllowanceEntry a =
        allowance(idOf(arg.account()), idOf(arg.spender()), nowNanos);
    return new Icrc2.Allowance(BigInteger.valueOf(a.amount()), a.expiresAt());
  }

  // ------------------------------------------------------------------ ICRC-3

  /** {@code icrc3_get_blocks}: at most {@link #MAX_BLOCKS_PER_REQUEST} blocks over all ranges. */
  public Icrc3.GetBlocksResult icrc3GetBlocks(List<Icrc3.BlockRange> ranges) {
    List<Icrc3.BlockWithId> out = new ArrayList<>();
    BigInteger size = BigInteger.valueOf(blocks.size());
    for (Icrc3.BlockRange r : ranges) {
      if (r.start().compareTo(size) >= 0) {
        continue;
      }
      long start = r.start().longValueExact();
      long end = r.start().add(r.length()).min(size).longValueExact();
      for (long i = start; i < end && out.size() < MAX_BLOCKS_PER_REQUEST; i++) {
        out.add(new Icrc3.BlockWithId(BigInteger.valueOf(i), blocks.get((int) i).value()));
      }
    }
    return new Icrc3.GetBlocksResult(size, out, List.of());
  }

  /** {@code icrc3_supported_block_types}: the legacy ICRC-1/2 block types this ledger writes. */
  public List<Icrc3.SupportedBlockType> icrc3SupportedBlockTypes() {
    String url = "https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-3";
    List<Icrc3.SupportedBlockType> out = new ArrayList<>();
    for (String t : List.of("1burn", "1mint", "1xfer", "2approve", "2burn", "2xfer")) {
      out.add(new Icrc3.SupportedBlockType(t, url));
    }
    return out;
  }

  /** The number of blocks. */
  public long blockCount() {
    return blocks.size();
  }

  /** Block {@code index}. */
  public Block block(long index) {
    return blocks.get(Math.toIntExact(index));
  }

  /** The hash of the last block, if any. */
  public Optional<Bytes> tipHash() {
    Block b = blocks.last();
    return b == null ? Optional.empty() : Optional.of(b.hash());
  }

  /**
   * The certified tip (ICRC-3, "Blocks Verification"): a tree with the leaves {@code
   * last_block_index} (LEB128) and {@code last_block_hash}; empty before the first block.
   */
  public HashTree tipTree() {
    Block b = blocks.last();
    if (b == null) {
      return HashTree.empty();
    }
    return HashTreeMap.empty()
        .put("last_block_index", HashTree.leaf(Hashing.leb128(blocks.size() - 1L)))
        .put("last_block_hash", HashTree.leaf(b.hash()))
        .tree();
  }

  /** The canister's certified data: the root hash of {@link #tipTree()}. */
  public Bytes certifiedData() {
    return tipTree().digest();
  }

  // ------------------------------------------------------------------ legacy API

  /** {@code account_balance}: the balance of a legacy account identifier, in e8s. */
  public long accountBalance(AccountIdentifier id) {
    Long b = balances.get(id);
    return b == null ? 0 : b;
  }

  /** {@code account_identifier}: the legacy identifier of an ICRC-1 account. */
  public AccountIdentifier accountIdentifier(Account account) {
    return account.accountIdentifier();
  }

  /**
   * The legacy {@code transfer} to an account identifier, with a 64-bit memo.
   *
   * @throws org.jicp.nns.MalformedRequestException if {@code to} is not a valid account identifier
   */
  public LegacyLedger.TransferResult transfer(
      Principal caller, LegacyLedger.TransferArgs arg, long nowNanos) {
    Objects.requireNonNull(caller, "caller");
    AccountIdentifier to = new AccountIdentifier(arg.to());
    Account from = new Account(caller, arg.fromSubaccount());
    AccountIdentifier fromId = idOf(from);
    boolean mint = fromId.equals(mintingId);
    boolean burn = to.equals(mintingId);
    long amount = arg.amount().e8s();
    long fee = mint || burn ? 0 : config.transferFee();
    if (mint && burn) {
      throw new org.jicp.nns.InvalidRequestException(
          "minting account", "cannot transfer from the minting account to itself");
    }
    if (arg.fee().e8s() != fee) {
      return legacyErr(new LegacyLedger.TransferError.BadFee(
          new LegacyLedger.ExpectedFee(new LegacyLedger.Tokens(fee))));
    }
    Optional<Long> createdAt = arg.createdAtTime().map(LegacyLedger.TimeStamp::timestampNanos);
    Rejection time = checkTime(createdAt, nowNanos);
    if (time != null) {
      return legacyErr(time.kind == RKind.TOO_OLD
          ? new LegacyLedger.TransferError.TxTooOld(new LegacyLedger.AllowedWindow(
              config.transactionWindow().toNanos()))
          : new LegacyLedger.TransferError.TxCreatedInFuture());
    }
    if (burn && amount < config.transferFee()) {
      throw new org.jicp.nns.InvalidRequestException(
          "minimum burn", "a burn must be at least " + config.transferFee() + " e8s");
    }
    return journal.atomic(
        () -> {
          List<Icrc3Value.Entry> e = new ArrayList<>();
          e.add(entry("op", Icrc3Value.text(mint ? "mint" : burn ? "burn" : "xfer")));
          if (!mint) {
            e.add(entry("from", accountValue(from)));
          }
          if (!burn) {
            e.add(entry("to", Icrc3Value.blob(to.bytes())));
          }
          e.add(entry("amt", Icrc3Value.nat(amount)));
          e.add(entry("memo", Icrc3Value.nat(arg.memo())));
          createdAt.ifPresent(x -> e.add(entry("ts", Icrc3Value.nat(x))));
          Icrc3Value.Map tx = new Icrc3Value.Map(e);
          Rejection r = checkDuplicate(tx, createdAt);
          if (r != null) {
            return legacyErr(new LegacyLedger.TransferError.TxDuplicate(
                new LegacyLedger.DuplicateOf(r.value)));
          }
          if (!mint) {
            long balance = accountBalance(fromId);
            if (balance < amount + fee) {
              return legacyErr(new LegacyLedger.TransferError.InsufficientFunds(
                  new LegacyLedger.BalanceTokens(new LegacyLedger.Tokens(balance))));
            }
          }
          long index = append(tx, fee > 0 ? Optional.of(fee) : Optional.empty(), nowNanos,
              new Effects(mint ? Op.MINT : burn ? Op.BURN : Op.XFER, mint ? null : fromId,
                  burn ? null : to, null, amount, fee, Optional.empty(), createdAt));
          return new LegacyLedger.TransferResult.Ok(index);
        });
  }

  private static LegacyLedger.TransferResult legacyErr(LegacyLedger.TransferError e) {
    return new LegacyLedger.TransferResult.Err(e);
  }

  // ------------------------------------------------------------------ validation

  private enum RKind {
    BAD_FEE,
    BAD_BURN,
    FUNDS,
    ALLOWANCE,
    TOO_OLD,
    FUTURE,
    DUPLICATE,
    GENERIC
  }

  /** A rejection common to the ICRC-1 and ICRC-2 error types. */
  private record Rejection(RKind kind, long value, int code, String message) {
    Rejection(RKind kind, long value) {
      this(kind, value, 0, "");
    }

    BigInteger v() {
      return BigInteger.valueOf(value);
    }

    TransferError toTransferError() {
      switch (kind) {
        case BAD_FEE:
          return new TransferError.BadFee(new Icrc1.Fee(v()));
        case BAD_BURN:
          return new TransferError.BadBurn(new Icrc1.MinBurn(v()));
        case FUNDS:
          return new TransferError.InsufficientFunds(new Icrc1.Balance(v()));
        case TOO_OLD:
          return new TransferError.TooOld();
        case FUTURE:
          return new TransferError.CreatedInFuture(new Icrc1.LedgerTime(value));
        case DUPLICATE:
          return new TransferError.Duplicate(new Icrc1.DuplicateOf(v()));
        default:
          return new TransferError.GenericError(new Icrc1.Generic(BigInteger.valueOf(code), message));
      }
    }

    TransferFromError toTransferFromError() {
      switch (kind) {
        case BAD_FEE:
          return new TransferFromError.BadFee(new Icrc1.Fee(v()));
        case BAD_BURN:
          return new TransferFromError.BadBurn(new Icrc1.MinBurn(v()));
        case FUNDS:
          return new TransferFromError.InsufficientFunds(new Icrc1.Balance(v()));
        case ALLOWANCE:
          return new TransferFromError.InsufficientAllowance(new Icrc2.AllowanceValue(v()));
        case TOO_OLD:
          return new TransferFromError.TooOld();
        case FUTURE:
          return new TransferFromError.CreatedInFuture(new Icrc1.LedgerTime(value));
        case DUPLICATE:
          return new TransferFromError.Duplicate(new Icrc1.DuplicateOf(v()));
        default:
          return new TransferFromError.GenericError(
              new Icrc1.Generic(BigInteger.valueOf(code), message));
      }
    }

    ApproveError toApproveError() {
      switch (kind) {
        case BAD_FEE:
          return new ApproveError.BadFee(new Icrc1.Fee(v()));
        case FUNDS:
          return new ApproveError.InsufficientFunds(new Icrc1.Balance(v()));
        case TOO_OLD:
          return new ApproveError.TooOld();
        case FUTURE:
          return new ApproveError.CreatedInFuture(new Icrc1.LedgerTime(value));
        case DUPLICATE:
          return new ApproveError.Duplicate(new Icrc1.DuplicateOf(v()));
        default:
          return new ApproveError.GenericError(new Icrc1.Generic(BigInteger.valueOf(code), message));
      }
    }
  }

  private static Rejection generic(int code, String message) {
    return new Rejection(RKind.GENERIC, 0, code, message);
  }

  private static ApproveResult approveError(Rejection r) {
    return new ApproveResult.Err(r.toApproveError());
  }

  /** The checks shared by transfers: amount range, mint/burn, fee, memo, time, minimum burn. */
  private final class Common {
    Rejection error;
    boolean mint;
    boolean burn;
    long amount;
    long fee;
    Op op;

    String opName() {
      return mint ? "mint" : burn ? "burn" : "xfer";
    }
  }

  private Common common(
      Account from,
      Account to,
      BigInteger amount,
      Optional<BigInteger> fee,
      Optional<Bytes> memo,
      Optional<Long> createdAt,
      long now) {
    Common c = new Common();
    c.mint = from.sameAs(config.mintingAccount());
    c.burn = to.sameAs(config.mintingAccount());
    c.op = c.mint ? Op.MINT : c.burn ? Op.BURN : Op.XFER;
    if (c.mint && c.burn) {
      c.error = generic(ERROR_NOT_ALLOWED, "a transfer from the minting account to itself");
      return c;
    }
    if (amount.compareTo(LONG_MAX) > 0) {
      c.error = generic(ERROR_AMOUNT_TOO_LARGE, "amount " + amount + " is above 2^63 - 1 e8s");
      return c;
    }
    c.amount = amount.longValueExact();
    c.fee = c.mint || c.burn ? 0 : config.transferFee();
    if (fee.isPresent() && !fee.get().equals(BigInteger.valueOf(c.fee))) {
      c.error = new Rejection(RKind.BAD_FEE, c.fee);
      return c;
    }
    c.error = checkMemo(memo);
    if (c.error != null) {
      return c;
    }
    c.error = checkTime(createdAt, now);
    if (c.error != null) {
      return c;
    }
    if (c.burn && c.amount < config.transferFee()) {
      c.error = new Rejection(RKind.BAD_BURN, config.transferFee());
      return c;
    }
    if (!c.mint) {
      try {
        Math.addExact(c.amount, c.fee);
      } catch (ArithmeticException e) {
        c.error = generic(ERROR_AMOUNT_TOO_LARGE, "amount plus fee overflows");
      }
    }
    return c;
  }

  private Rejection checkMemo(Optional<Bytes> memo) {
    if (memo.isPresent() && memo.get().length() > config.maxMemoLength()) {
      return generic(ERROR_MEMO_TOO_LONG,
          "the memo has " + memo.get().length() + " bytes, at most " + config.maxMemoLength()
              + " are allowed");
    }
    return null;
  }

  /** ICRC-1 "Transaction deduplication": TooOld and CreatedInFuture. */
  private Rejection checkTime(Optional<Long> createdAt, long now) {
    if (createdAt.isEmpty()) {
      return null;
    }
    long t = createdAt.get();
    long window = config.transactionWindow().toNanos();
    long drift = config.permittedDrift().toNanos();
    if (t < 0 || Math.addExact(t, Math.addExact(window, drift)) < now) {
      return new Rejection(RKind.TOO_OLD, 0);
    }
    if (t > now + drift) {
      return new Rejection(RKind.FUTURE, now);
    }
    return null;
  }

  private Rejection checkDuplicate(Icrc3Value.Map tx, Optional<Long> createdAt) {
    if (createdAt.isEmpty()) {
      return null;
    }
    DedupEntry d = dedup.get(txHash(tx));
    return d == null ? null : new Rejection(RKind.DUPLICATE, d.blockIndex());
  }

  /** The hash of {@code tx}, computed once per transaction. */
  private Bytes txHash(Icrc3Value.Map tx) {
    if (lastTx != tx) {
      lastTx = tx;
      lastTxHash = tx.hash();
    }
    return lastTxHash;
  }

  private Icrc3Value.Map lastTx;
  private Bytes lastTxHash;

  private Rejection checkDuplicateAndFunds(
      Icrc3Value.Map tx,
      Optional<Long> createdAt,
      Common c,
      AccountIdentifier from,
      AccountIdentifier spender,
      long needed,
      long now) {
    Rejection r = checkDuplicate(tx, createdAt);
    if (r != null) {
      return r;
    }
    if (spender != null) {
      long allowed = allowance(from, spender, now).amount();
      if (allowed < needed) {
        return new Rejection(RKind.ALLOWANCE, allowed);
      }
    }
    if (!c.mint) {
      long balance = accountBalance(from);
      if (balance < c.amount + c.fee) {
        return new Rejection(RKind.FUNDS, balance);
      }
    }
    return null;
  }

  private AllowanceEntry allowance(AccountIdentifier from, AccountIdentifier spender, long now) {
    AllowanceEntry a = allowances.get(new AllowanceKey(from, spender));
    if (a == null || (a.expiresAt().isPresent() && a.expiresAt().get() <= now)) {
      return new AllowanceEntry(0, Optional.empty());
    }
    return a;
  }

  // ------------------------------------------------------------------ blocks

  private static Optional<Long> topLevelFee(Optional<BigInteger> callerFee, long fee) {
    return callerFee.isEmpty() && fee > 0 ? Optional.of(fee) : Optional.empty();
  }

  private static Icrc3Value.Entry entry(String key, Icrc3Value v) {
    return new Icrc3Value.Entry(key, v);
  }

  /** ICRC-3 "Account Type": an array of the owner's bytes and, if present, the subaccount. */
  static Icrc3Value accountValue(Account a) {
    List<Icrc3Value> parts = new ArrayList<>(2);
    parts.add(Icrc3Value.blob(a.owner().bytes()));
    a.subaccount().ifPresent(s -> parts.add(Icrc3Value.blob(s)));
    return new Icrc3Value.Array(parts);
  }

  private static Icrc3Value.Map txMap(
      String op,
      Account from,
      Account to,
      long amount,
      Optional<BigInteger> fee,
      Optional<Bytes> memo,
      Optional<Long> createdAt,
      Account spender) {
    List<Icrc3Value.Entry> e = new ArrayList<>(7);
    e.add(entry("op", Icrc3Value.text(op)));
    if (from != null) {
      e.add(entry("from", accountValue(from)));
    }
    if (to != null) {
      e.add(entry("to", accountValue(to)));
    }
    if (spender != null) {
      e.add(entry("spender", accountValue(spender)));
    }
    e.add(entry("amt", Icrc3Value.nat(amount)));
    if (!op.equals("mint") && !op.equals("burn")) {
      fee.ifPresent(f -> e.add(entry("fee", Icrc3Value.nat(f))));
    }
    memo.ifPresent(m -> e.add(entry("memo", Icrc3Value.blob(m))));
    createdAt.ifPresent(t -> e.add(entry("ts", Icrc3Value.nat(t))));
    return new Icrc3Value.Map(e);
  }

  /** Appends a block (ICRC-3 "Generic Legacy Block") and applies its effects. */
  private long append(Icrc3Value.Map tx, Optional<Long> fee, long now, Effects fx) {
    List<Icrc3Value.Entry> e = new ArrayList<>(4);
    fee.ifPresent(f -> e.add(entry("fee", Icrc3Value.nat(f))));
    Block parent = blocks.last();
    if (parent != null) {
      e.add(entry("phash", Icrc3Value.blob(parent.hash())));
    }
    e.add(entry("ts", Icrc3Value.nat(now)));
    e.add(entry("tx", tx));
    Icrc3Value.Map block = new Icrc3Value.Map(e);
    long index = blocks.size();
    Bytes th = txHash(tx);
    apply(fx, index, tx);
    blocks.add(new Block(block, Bytes.of(Icrc3Value.mapHashWith(e, "tx", th.toByteArray()))));
    return index;
  }

  private void apply(Effects fx, long index, Icrc3Value.Map tx) {
    switch (fx.op()) {
      case MINT:
        credit(fx.to(), fx.amount());
        totalSupply.set(Math.addExact(totalSupply.get(), fx.amount()));
        break;
      case BURN:
        debit(fx.from(), fx.amount());
        totalSupply.set(totalSupply.get() - fx.amount());
        spendAllowance(fx, fx.amount());
        break;
      case XFER:
        debit(fx.from(), fx.amount() + fx.fee());
        credit(fx.to(), fx.amount());
        totalSupply.set(totalSupply.get() - fx.fee());
        spendAllowance(fx, fx.amount() + fx.fee());
        break;
      case APPROVE:
        debit(fx.from(), fx.fee());
        totalSupply.set(totalSupply.get() - fx.fee());
        AllowanceKey key = new AllowanceKey(fx.from(), fx.spender());
        if (fx.amount() == 0) {
          allowances.remove(key);
        } else {
          allowances.put(key, new AllowanceEntry(fx.amount(), fx.expiresAt()));
        }
        break;
      default:
        throw new IllegalStateException();
    }
    fx.createdAt().ifPresent(t -> {
      Bytes h = txHash(tx);
      dedup.put(h, new DedupEntry(index, t));
      dedupByBlock.put(index, h);
      purgeDedup(t);
    });
  }

  /** Forgets deduplication entries whose {@code created_at_time} is now outside the window. */
  private void purgeDedup(long latestCreatedAt) {
    long horizon = latestCreatedAt - config.transactionWindow().toNanos() - config.permittedDrift().toNanos()
        - config.permittedDrift().toNanos();
    while (!dedupByBlock.isEmpty()) {
      Map.Entry<Long, Bytes> first = dedupByBlock.view().firstEntry();
      DedupEntry d = dedup.get(first.getValue());
      if (d != null && d.createdAt() >= horizon) {
        return;
      }
      dedupByBlock.remove(first.getKey());
      if (d != null && d.blockIndex() == first.getKey()) {
        dedup.remove(first.getValue());
      }
    }
  }

  private void spendAllowance(Effects fx, long spent) {
    if (fx.spender() == null) {
      return;
    }
    AllowanceKey key = new AllowanceKey(fx.from(), fx.spender());
    AllowanceEntry a = allowances.get(key);
    long left = (a == null ? 0 : a.amount()) - spent;
    if (left < 0) {
      throw new IllegalStateException("allowance overdrawn");
    }
    if (left == 0) {
      allowances.remove(key);
    } else {
      allowances.put(key, new AllowanceEntry(left, a.expiresAt()));
    }
  }

  private void credit(AccountIdentifier id, long amount) {
    if (amount == 0) {
      return;
    }
    balances.put(id, Math.addExact(accountBalance(id), amount));
  }

  private void debit(AccountIdentifier id, long amount) {
    if (amount == 0) {
      return;
    }
    long left = accountBalance(id) - amount;
    if (left < 0) {
      throw new IllegalStateException("balance of " + id + " overdrawn");
    }
    if (left == 0) {
      balances.remove(id);
    } else {
      balances.put(id, left);
    }
  }

  // ------------------------------------------------------------------ replay

  private void replay(Icrc3Value.Map block) {
    Block parent = blocks.last();
    Optional<Icrc3Value> phash = block.get("phash");
    Bytes expected = parent == null ? null : parent.hash();
    Bytes actual = phash.map(v -> ((Icrc3Value.Blob) v).value()).orElse(null);
    if (!Objects.equals(expected, actual)) {
      throw new org.jicp.nns.MalformedRequestException(
          "block " + blocks.size() + " does not chain to its parent");
    }
    Icrc3Value.Map tx = (Icrc3Value.Map) block.get("tx").orElseThrow(() -> bad("tx"));
    String op = ((Icrc3Value.Text) tx.get("op").orElseThrow(() -> bad("op"))).value();
    long amount = natLong(tx.get("amt").orElseThrow(() -> bad("amt")));
    long fee = block.get("fee").or(() -> tx.get("fee")).map(Ledger::natLong).orElse(0L);
    AccountIdentifier from = tx.get("from").map(Ledger::idOf).orElse(null);
    AccountIdentifier to = tx.get("to").map(Ledger::idOf).orElse(null);
    AccountIdentifier spender = tx.get("spender").map(Ledger::idOf).orElse(null);
    Optional<Long> expires = tx.get("expires_at").map(Ledger::natLong);
    Optional<Long> ts = tx.get("ts").map(Ledger::natLong);
    Op kind;
    switch (op) {
      case "mint":
        kind = Op.MINT;
        break;
      case "burn":
        kind = Op.BURN;
        break;
      case "xfer":
        kind = Op.XFER;
        break;
      case "approve":
        kind = Op.APPROVE;
        break;
      default:
        throw bad("op " + op);
    }
    apply(new Effects(kind, from, to, spender, amount, fee, expires, ts), blocks.size(), tx);
    blocks.add(new Block(block, block.hash()));
  }

  private static org.jicp.nns.MalformedRequestException bad(String what) {
    return new org.jicp.nns.MalformedRequestException("block without a valid " + what);
  }

  private static long natLong(Icrc3Value v) {
    return ((Icrc3Value.Nat) v).value().longValueExact();
  }

  private static AccountIdentifier idOf(Icrc3Value v) {
    if (v instanceof Icrc3Value.Blob b) {
      return new AccountIdentifier(b.value());
    }
    List<Icrc3Value> parts = ((Icrc3Value.Array) v).value();
    Principal owner = Principal.fromBytes(((Icrc3Value.Blob) parts.get(0)).value());
    Optional<Bytes> sub =
        parts.size() > 1 ? Optional.of(((Icrc3Value.Blob) parts.get(1)).value()) : Optional.empty();
    return new Account(owner, sub).accountIdentifier();
  }

  /** The block log, for serialization (upgrades). */
  public List<Icrc3Value.Map> blockValues() {
    List<Icrc3Value.Map> out = new ArrayList<>(blocks.size());
    for (Block b : blocks.view()) {
      out.add(b.value());
    }
    return out;
  }

  /** Runs {@code body} atomically with the ledger's own journal (for hosts). */
  public <T> T atomic(java.util.function.Supplier<T> body) {
    return journal.atomic(body);
  }
}
