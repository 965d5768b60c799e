package org.jicp.nns.cyclesledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.NnsException;
import org.jicp.nns.cyclesledger.CyclesLedgerApi.CreateCanisterError;
import org.jicp.nns.cyclesledger.CyclesLedgerApi.CreateCanisterResult;
import org.jicp.nns.cyclesledger.CyclesLedgerApi.WithdrawError;
import org.jicp.nns.cyclesledger.CyclesLedgerApi.WithdrawResult;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;

/**
 * The cycles ledger ({@code um5iw-rqaaa-aaaaq-qaaba-cai} on mainnet) as a native canister: an
 * ICRC-1/2/3 ledger of cycles (fee 100 M cycles, 12 decimals, symbol {@code TCYCLES}) whose tokens
 * are the cycles it holds. {@code deposit} accepts the cycles attached to the call (at least the
 * fee; no fee is charged) and mints them to an account; {@code withdraw} burns amount and fee and sends the amount to a canister with the
 * management canister's {@code deposit_cycles}; {@code create_canister} burns amount and fee and
 * creates a canister with the amount through the management canister's {@code create_canister}
 * (on the subnet that hosts the ledger), controlled by the caller unless settings name others. A
 * failed withdrawal or creation mints the amount back (the fee is kept, as on mainnet).
 *
 * <p>Balances are {@code long}s: at most 9.2 × 10^18 cycles per account. The calls in flight are
 * data (kind, account, amount, block), saved with the state: a restored instance completes them.
 */
public final class CyclesLedgerCanister implements NativeCanister {
  /** The mainnet id, {@code um5iw-rqaaa-aaaaq-qaaba-cai}. */
  public static final CanisterId ID = CanisterId.fromIndex(0x2100002L);
  /** The fee of a transfer, a withdrawal and a creation: 100 M cycles. */
  public static final long FEE = 100_000_000L;

  private static final Set<String> QUERIES = Set.of("icrc1_balance_of", "icrc1_decimals", "icrc1_fee",
      "icrc1_metadata", "icrc1_minting_account", "icrc1_name", "icrc1_supported_standards", "icrc1_symbol",
      "icrc1_total_supply", "icrc2_allowance", "icrc3_get_archives", "icrc3_get_tip_certificate",
      "icrc3_get_blocks", "icrc3_supported_block_types");
  private static final Set<String> UPDATES = Set.of("icrc1_transfer", "icrc2_approve", "icrc2_transfer_from",
      "deposit", "withdraw", "create_canister");
  private static final int WITHDRAW = 1;
  private static final int CREATE = 2;

  private record Pending(int kind, Account from, long amount, long block) {}

  private final LedgerCanister icrc;
  private final Ledger ledger;
  private TreeMap<Long, Pending> pending = new TreeMap<>();
  private long nextId = 1;

  private CyclesLedgerCanister(LedgerCanister icrc) {
    this.icrc = icrc;
    this.ledger = icrc.ledger();
  }

  /** The configuration: minting account the ledger itself, fee {@link #FEE}. */
  public static LedgerConfig config(Map<Account, Long> initialBalances, long genesisNanos) {
    return new LedgerConfig(Account.of(ID.principal()), FEE, "TCYCLES", "Trillion Cycles", 12,
        Duration.ofHours(24), Duration.ofSeconds(60), 32, initialBalances, genesisNanos);
  }

  /** A fresh cycles ledger with {@code initialBalances} minted at {@code genesisNanos}. */
  public static CyclesLedgerCanister create(Map<Account, Long> initialBalances, long genesisNanos) {
    return new CyclesLedgerCanister(new LedgerCanister(new Ledger(config(initialBalances, genesisNanos))));
  }

  /** The ledger state machine. */
  public Ledger ledger() {
    return ledger;
  }

  @Override
  public boolean hasMethod(String method) {
    return QUERIES.contains(method) || UPDATES.contains(method);
  }

  @Override
  public boolean isQuery(String method) {
    return QUERIES.contains(method);
  }

  @Override
  public NativeOutcome handle(NativeContext ctx, String method, Bytes arg) {
    try {
      return switch (method) {
        case "deposit" -> deposit(ctx, arg);
        case "withdraw" -> withdraw(ctx, arg);
        case "create_canister" -> createCanister(ctx, arg);
        default -> {
          if (!hasMethod(method)) {
            throw new NativeCanisterException("the cycles ledger has no method " + method);
          }
          Outcome o = icrc.handle(new CallContext(ctx.caller(), ctx.timeNanos(), ctx.dataCertificate()), method, arg);
          if (o instanceof Outcome.Reply r) {
            yield NativeOutcome.reply(r.bytes());
          }
          if (o instanceof Outcome.Reject r) {
            yield NativeOutcome.reject(r.message());
          }
          throw new IllegalStateException("unexpected outcome of " + method + ": " + o);
        }
      };
    } catch (NnsException e) {
      throw new NativeCanisterException(e.getMessage(), e);
    }
  }

  private static <T> T decode(Bytes arg, Class<T> type) {
    try {
      return NnsCandid.MAPPER.decode(arg.toByteArray(), type);
    } catch (RuntimeException e) {
      throw new NativeCanisterException("the argument is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static Bytes encodeAs(Class<?> type, Object value) {
    return Bytes.of(NnsCandid.MAPPER.encodeAs(type, value));
  }

  private NativeOutcome deposit(NativeContext ctx, Bytes arg) {
    CyclesLedgerApi.DepositArgs a = decode(arg, CyclesLedgerApi.DepositArgs.class);
    BigInteger cycles = ctx.cyclesAvailable().value();
    if (cycles.compareTo(BigInteger.valueOf(FEE)) < 0) {
      throw new NativeCanisterException("deposit: " + cycles + " cycles attached; a deposit takes at least the fee, "
          + FEE + " cycles");
    }
    if (cycles.bitLength() > 62) {
      throw new NativeCanisterException("deposit: " + cycles + " cycles exceed this ledger's balance range");
    }
    Icrc1.TransferResult r = ledger.icrc1Transfer(ID.principal(), new Icrc1.TransferArg(Optional.empty(), a.to(),
        cycles, Optional.empty(), a.memo(), Optional.empty()), ctx.timeNanos());
    if (r instanceof Icrc1.TransferResult.Err e) {
      throw new NativeCanisterException("deposit rejected: " + e.value());
    }
    BigInteger block = ((Icrc1.TransferResult.Ok) r).value();
    return new NativeOutcome.Reply(Bytes.of(NnsCandid.MAPPER.encode(
        new CyclesLedgerApi.DepositResult(ledger.icrc1BalanceOf(a.to()), block))), ctx.cyclesAvailable());
  }

  /** Burns {@code amount + FEE} from {@code from}; the block, or the ledger's error. */
  private Icrc1.TransferResult burn(Account from, BigInteger amount, Optional<Long> createdAt, long now) {
    BigInteger total = amount.add(BigInteger.valueOf(FEE));
    return ledger.icrc1Transfer(from.owner(), new Icrc1.TransferArg(from.subaccount(), Account.of(ID.principal()),
        total, Optional.empty(), Optional.empty(), createdAt), now);
  }

  private NativeOutcome withdraw(NativeContext ctx, Bytes arg) {
    CyclesLedgerApi.WithdrawArgs a = decode(arg, CyclesLedgerApi.WithdrawArgs.class);
    Account from = new Account(ctx.caller(), a.fromSubaccount());
    if (a.to().toByteArray().length != 10 || a.amount().bitLength() > 62) {
      return reply(WithdrawResult.class, new WithdrawResult.Err(new WithdrawError.InvalidReceiver(
          new CyclesLedgerApi.Receiver(a.to()))));
    }
    Icrc1.TransferResult r = burn(from, a.amount(), a.createdAtTime(), ctx.timeNanos());
    if (r instanceof Icrc1.TransferResult.Err e) {
      return reply(WithdrawResult.class, new WithdrawResult.Err(withdrawError(e.value())));
    }
    long block = ((Icrc1.TransferResult.Ok) r).value().longValueExact();
    long id = nextId++;
    pending.put(id, new Pending(WITHDRAW, from, a.amount().longValueExact(), block));
    return new NativeOutcome.Calls(List.of(new NativeOutcome.Call(Principal.managementCanister(), "deposit_cycles",
        Bytes.of(ManagementApi.encode(new ManagementApi.CanisterIdRecord(a.to()))), new Cycles(a.amount()), id)),
        Cycles.ZERO);
  }

  private NativeOutcome createCanister(NativeContext ctx, Bytes arg) {
    CyclesLedgerApi.CreateCanisterArgs a = decode(arg, CyclesLedgerApi.CreateCanisterArgs.class);
    Account from = new Account(ctx.caller(), a.fromSubaccount());
    Optional<CyclesLedgerApi.CanisterSettings> s = a.creationArgs().flatMap(CyclesLedgerApi.CmcCreateCanisterArgs::settings);
    Optional<CyclesLedgerApi.SubnetSelection> sel = a.creationArgs().flatMap(CyclesLedgerApi.CmcCreateCanisterArgs::subnetSelection);
    if (sel.isPresent() && sel.get() instanceof CyclesLedgerApi.SubnetSelection.Subnet sub
        && !sub.value().subnet().equals(ctx.subnet().principal())) {
      return reply(CreateCanisterResult.class, new CreateCanisterResult.Err(new CreateCanisterError.GenericError(
          new CyclesLedgerApi.Generic("jicp's cycles ledger creates canisters on its own subnet " + ctx.subnet()
              + ", not on " + sub.value().subnet(), BigInteger.ONE))));
    }
    if (a.amount().bitLength() > 62) {
      return reply(CreateCanisterResult.class, new CreateCanisterResult.Err(new CreateCanisterError.InsufficientFunds(
          new CyclesLedgerApi.Balance(ledger.icrc1BalanceOf(from)))));
    }
    Icrc1.TransferResult r = burn(from, a.amount(), a.createdAtTime(), ctx.timeNanos());
    if (r instanceof Icrc1.TransferResult.Err e) {
      return reply(CreateCanisterResult.class, new CreateCanisterResult.Err(createError(e.value())));
    }
    long block = ((Icrc1.TransferResult.Ok) r).value().longValueExact();
    long id = nextId++;
    pending.put(id, new Pending(CREATE, from, a.amount().longValueExact(), block));
    List<Principal> controllers = s.flatMap(CyclesLedgerApi.CanisterSettings::controllers)
        .orElse(List.of(ctx.caller()));
    ManagementApi.CanisterSettings settings = new ManagementApi.CanisterSettings(Optional.of(controllers),
        s.flatMap(CyclesLedgerApi.CanisterSettings::computeAllocation),
        s.flatMap(CyclesLedgerApi.CanisterSettings::memoryAllocation),
        s.flatMap(CyclesLedgerApi.CanisterSettings::freezingThreshold),
        s.flatMap(CyclesLedgerApi.CanisterSettings::reservedCyclesLimit), Optional.empty(), Optional.empty(),
        Optional.empty());
    return new NativeOutcome.Calls(List.of(new NativeOutcome.Call(Principal.managementCanister(), "create_canister",
        Bytes.of(ManagementApi.encode(new ManagementApi.CreateCanisterArgs(Optional.of(settings), Optional.empty()))),
        new Cycles(a.amount()), id)), Cycles.ZERO);
  }

  @Override
  public NativeOutcome resume(NativeContext ctx, long continuationId, ResponsePayload response) {
    Pending p = pending.remove(continuationId);
    if (p == null) {
      return NativeOutcome.reject("the cycles ledger has no call " + continuationId + " in flight");
    }
    if (response instanceof ResponsePayload.Reply rep) {
      if (p.kind() == WITHDRAW) {
        return reply(WithdrawResult.class, new WithdrawResult.Ok(BigInteger.valueOf(p.block())));
      }
      ManagementApi.CanisterIdResult created = ManagementApi.decode(rep.data().toByteArray(),
          ManagementApi.CanisterIdResult.class);
      return reply(CreateCanisterResult.class, new CreateCanisterResult.Ok(new CyclesLedgerApi.CreateCanisterSuccess(
          BigInteger.valueOf(p.block()), created.canisterId())));
    }
    ResponsePayload.Reject rej = (ResponsePayload.Reject) response;
    Icrc1.TransferResult refund = ledger.icrc1Transfer(ID.principal(), new Icrc1.TransferArg(Optional.empty(),
        p.from(), BigInteger.valueOf(p.amount()), Optional.empty(), Optional.empty(), Optional.empty()),
        ctx.timeNanos());
    Optional<BigInteger> refundBlock = refund instanceof Icrc1.TransferResult.Ok ok ? Optional.of(ok.value())
        : Optional.empty();
    if (p.kind() == WITHDRAW) {
      return reply(WithdrawResult.class, new WithdrawResult.Err(new WithdrawError.FailedToWithdraw(
          new CyclesLedgerApi.FailedToWithdrawInfo(Optional.of(BigInteger.valueOf(p.block())),
              CyclesLedgerApi.RejectionCode.of(rej.code().code()), rej.message()))));
    }
    return reply(CreateCanisterResult.class, new CreateCanisterResult.Err(new CreateCanisterError.FailedToCreate(
        new CyclesLedgerApi.FailedToCreateInfo(Optional.of(BigInteger.valueOf(p.block())), refundBlock,
            rej.message()))));
  }

  private static NativeOutcome reply(Class<?> type, Object value) {
    return NativeOutcome.reply(encodeAs(type, value));
  }

  private static WithdrawError withdrawError(Icrc1.TransferError e) {
    if (e instanceof Icrc1.TransferError.InsufficientFunds f) {
      return new WithdrawError.InsufficientFunds(new CyclesLedgerApi.Balance(f.value().balance()));
    }
    if (e instanceof Icrc1.TransferError.TooOld) {
      return new WithdrawError.TooOld();
    }
    if (e instanceof Icrc1.TransferError.CreatedInFuture f) {
      return new WithdrawError.CreatedInFuture(new CyclesLedgerApi.LedgerTime(f.value().ledgerTime()));
    }
    if (e instanceof Icrc1.TransferError.Duplicate d) {
      return new WithdrawError.Duplicate(new CyclesLedgerApi.DuplicateOf(d.value().duplicateOf()));
    }
    return new WithdrawError.GenericError(new CyclesLedgerApi.Generic(String.valueOf(e), BigInteger.ONE));
  }

  private static CreateCanisterError createError(Icrc1.TransferError e) {
    if (e instanceof Icrc1.TransferError.InsufficientFunds f) {
      return new CreateCanisterError.InsufficientFunds(new CyclesLedgerApi.Balance(f.value().balance()));
    }
    if (e instanceof Icrc1.TransferError.TooOld) {
      return new CreateCanisterError.TooOld();
    }
    if (e instanceof Icrc1.TransferError.CreatedInFuture f) {
      return new CreateCanisterError.CreatedInFuture(new CyclesLedgerApi.LedgerTime(f.value().ledgerTime()));
    }
    if (e instanceof Icrc1.TransferError.Duplicate d) {
      return new CreateCanisterError.Duplicate(new CyclesLedgerApi.DuplicateCreate(d.value().duplicateOf(),
          Optional.empty()));
    }
    return new CreateCanisterError.GenericError(new CyclesLedgerApi.Generic(String.valueOf(e), BigInteger.ONE));
  }

  @Override
  public Bytes certifiedData() {
    return ledger.certifiedData();
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    TreeMap<Long, Pending> before = new TreeMap<>(pending);
    long next = nextId;
    try {
      return ledger.atomic(body);
    } catch (RuntimeException | Error e) {
      pending = before;
      nextId = next;
      throw e;
    }
  }

  @Override
  public Bytes saveState() {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bo);
      byte[] l = icrc.saveState().toByteArray();
      out.writeInt(l.length);
      out.write(l);
      out.writeLong(nextId);
      out.writeInt(pending.size());
      for (Map.Entry<Long, Pending> e : pending.entrySet()) {
        Pending p = e.getValue();
        out.writeLong(e.getKey());
        out.writeByte(p.kind());
        byte[] owner = p.from().owner().toByteArray();
        out.writeByte(owner.length);
        out.write(owner);
        byte[] sub = p.from().subaccount().map(Bytes::toByteArray).orElse(new byte[0]);
        out.writeByte(sub.length);
        out.write(sub);
        out.writeLong(p.amount());
        out.writeLong(p.block());
      }
      out.flush();
      return Bytes.of(bo.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The canister rebuilt from {@link #saveState()}'s bytes.
   *
   * @throws NativeCanisterException if the bytes are not a saved state
   */
  public static CyclesLedgerCanister restore(Bytes state) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(state.toByteArray()));
      byte[] l = new byte[in.readInt()];
      in.readFully(l);
      CyclesLedgerCanister c = new CyclesLedgerCanister(LedgerCanister.restore(Bytes.of(l)));
      c.nextId = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        long id = in.readLong();
        int kind = in.readByte();
        byte[] owner = new byte[in.readUnsignedByte()];
        in.readFully(owner);
        byte[] sub = new byte[in.readUnsignedByte()];
        in.readFully(sub);
        c.pending.put(id, new Pending(kind, new Account(Principal.fromBytes(owner),
            sub.length == 0 ? Optional.empty() : Optional.of(Bytes.of(sub))), in.readLong(), in.readLong()));
      }
      return c;
    } catch (IOException | RuntimeException e) {
      throw new NativeCanisterException("cycles ledger state: " + e.getMessage(), e);
    }
  }

  /** The mainnet id as a principal (for the routing of {@link NnsCanisterIds} users). */
  public static Principal principal() {
    return ID.principal();
  }
}
