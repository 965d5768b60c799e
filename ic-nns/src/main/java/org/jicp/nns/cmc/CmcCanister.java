package org.jicp.nns.cmc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cyclesledger.CyclesLedgerApi;
import org.jicp.nns.cyclesledger.CyclesLedgerCanister;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.UnauthorizedCallerException;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.Icrc3;
import org.jicp.nns.ledger.Icrc3Value;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.types.Cycles;

/**
 * The cycles minting canister hosted as a native system canister at {@code
 * rkp4c-7iaaa-aaaaa-aaaca-cai}, with the methods of the mainnet {@code cmc.did}: {@code
 * notify_top_up}, {@code notify_create_canister}, {@code notify_mint_cycles} (to the cycles
 * ledger), {@code get_icp_xdr_conversion_rate}, {@code
 * get_average_icp_xdr_conversion_rate}, {@code get_subnet_types_to_subnets}, {@code
 * get_default_subnets}, and, for governance, {@code set_icp_xdr_conversion_rate}, {@code
 * set_authorized_subnetwork_list} and {@code change_subnet_type_assignment}.
 *
 * <p>A notification reads its block from the ledger ({@code icrc3_get_blocks}), then deposits the
 * cycles ({@code deposit_cycles}) or creates the canister on the chosen subnet ({@code
 * create_canister} addressed to the subnet), then burns the ICP; if minting is refused or fails,
 * it refunds the ICP minus the fee. Each block is answered the same way every time it is notified.
 */
public final class CmcCanister extends NativeCanister {
  /** {@code UpdateIcpXdrConversionRatePayload} (the fields jicp reads). */
  public record UpdateIcpXdrConversionRatePayload(
      @CandidName("timestamp_seconds") @CandidAs("nat64") long timestampSeconds,
      @CandidName("xdr_permyriad_per_icp") @CandidAs("nat64") long xdrPermyriadPerIcp) {}

  /** {@code variant { Ok; Err : text }}. */
  public sealed interface UnitResult {
    /** Done. */
    record Ok() implements UnitResult {}

    /** Why not. */
    record Err(String value) implements UnitResult {}
  }

  private final CyclesMinting cmc;
  private final AccountIdentifier mintingAccount = AccountIdentifier.of(NnsCanisterIds.GOVERNANCE.principal());

  /** The canister around {@code cmc}. */
  public CmcCanister(CyclesMinting cmc) {
    super(NnsCanisterIds.CYCLES_MINTING);
    this.cmc = cmc;
    update("notify_top_up", (ctx, a) -> readBlock(new Notify(Kind.TOP_UP, ctx.caller(), a,
        decode(a, CmcApi.NotifyTopUpArg.class).blockIndex())));
    update("notify_create_canister", (ctx, a) -> readBlock(new Notify(Kind.CREATE, ctx.caller(), a,
        decode(a, CmcApi.NotifyCreateCanisterArg.class).blockIndex())));
    update("notify_mint_cycles", (ctx, a) -> readBlock(new Notify(Kind.MINT, ctx.caller(), a,
        decode(a, CmcApi.NotifyMintCyclesArg.class).blockIndex())));
    step(STEP_BLOCK, this::blockRead);
    step(STEP_DEPOSITED, this::deposited);
    step(STEP_MINTED, this::minted);
    step(STEP_CREATED, this::created);
    step(STEP_BURNT, this::burnt);
    step(STEP_REFUNDED, this::refunded);
    update("set_icp_xdr_conversion_rate", (ctx, a) -> {
      governanceOnly(ctx, "set_icp_xdr_conversion_rate");
      UpdateIcpXdrConversionRatePayload p = decode(a, UpdateIcpXdrConversionRatePayload.class);
      cmc.setIcpXdrConversionRate(new CmcApi.IcpXdrConversionRate(p.timestampSeconds(), p.xdrPermyriadPerIcp()));
      return reply(UnitResult.class, new UnitResult.Ok());
    });
    update("set_authorized_subnetwork_list", (ctx, a) -> {
      governanceOnly(ctx, "set_authorized_subnetwork_list");
      CmcApi.SetAuthorizedSubnetworkListArgs p = decode(a, CmcApi.SetAuthorizedSubnetworkListArgs.class);
      cmc.setAuthorizedSubnetworkList(p.who(), subnets(p.subnets()));
      return replyEmpty();
    });
    update("change_subnet_type_assignment", (ctx, a) -> {
      governanceOnly(ctx, "change_subnet_type_assignment");
      CmcApi.ChangeSubnetTypeAssignmentArgs p = decode(a, CmcApi.ChangeSubnetTypeAssignmentArgs.class);
      if (p instanceof CmcApi.ChangeSubnetTypeAssignmentArgs.Add add) {
        cmc.changeSubnetTypeAssignment(true, add.value().subnetType(), subnets(add.value().subnets()));
      } else {
        CmcApi.SubnetListWithType rm = ((CmcApi.ChangeSubnetTypeAssignmentArgs.Remove) p).value();
        cmc.changeSubnetTypeAssignment(false, rm.subnetType(), subnets(rm.subnets()));
      }
      return reply(UnitResult.class, new UnitResult.Ok());
    });
    query("get_icp_xdr_conversion_rate", (ctx, a) -> reply(rateResponse(cmc.icpXdrConversionRate(), ctx)));
    query("get_average_icp_xdr_conversion_rate", (ctx, a) -> reply(rateResponse(cmc.averageIcpXdrConversionRate(), ctx)));
    query("get_subnet_types_to_subnets", (ctx, a) -> {
      List<CmcApi.SubnetTypeEntry> data = new ArrayList<>();
      for (Map.Entry<String, List<SubnetId>> e : cmc.subnetTypesToSubnets().entrySet()) {
        data.add(new CmcApi.SubnetTypeEntry(e.getKey(), principals(e.getValue())));
      }
      return reply(new CmcApi.SubnetTypesToSubnetsResponse(data));
    });
    query("get_default_subnets", (ctx, a) -> reply(new TypeRef<List<Principal>>() {}, principals(cmc.defaultSubnets())));
  }

  /** The cycles minting state machine. */
  public CyclesMinting cyclesMinting() {
    return cmc;
  }

  private static void governanceOnly(CallContext ctx, String method) {
    if (!ctx.caller().equals(NnsCanisterIds.GOVERNANCE.principal())) {
      throw new UnauthorizedCallerException(ctx.caller(), "call " + method + " (governance only)");
    }
  }

  private static List<SubnetId> subnets(List<Principal> ps) {
    List<SubnetId> out = new ArrayList<>();
    ps.forEach(p -> out.add(new SubnetId(p)));
    return out;
  }

  private static List<Principal> principals(List<SubnetId> ss) {
    List<Principal> out = new ArrayList<>();
    ss.forEach(s -> out.add(s.principal()));
    return out;
  }

  private CmcApi.IcpXdrConversionRateResponse rateResponse(CmcApi.IcpXdrConversionRate r, CallContext ctx) {
    return new CmcApi.IcpXdrConversionRateResponse(r, Bytes.of(cmc.certifiedTree().encodeCbor()),
        ctx.dataCertificate().orElse(Bytes.EMPTY));
  }

  // ------------------------------------------------------------------ notifications
  //
  // A notification is a chain of calls; each call's continuation is a step below with a context
  // record (data, saved with the state): read the block, then deposit / mint / create, then burn
  // the ICP or refund it, then answer.

  /** Which notification. */
  private enum Kind { TOP_UP, CREATE, MINT }

  /** A notification: its kind, caller, Candid argument and block index. */
  private record Notify(Kind kind, Principal caller, Bytes arg, @CandidAs("nat64") long blockIndex) {}

  /** A notification whose cycles are being deposited (or the canister created). */
  private record Minting(Notify notification, CyclesMinting.Payment payment, Cycles cycles) {}

  /** A notification whose ICP is being burnt; what the deposit or creation answered. */
  private record Burning(Minting minting, Optional<CyclesLedgerApi.DepositResult> deposit, Optional<Principal> created) {}

  /** A notification whose ICP is being refunded. */
  private record Refunding(Kind kind, CyclesMinting.Payment payment, Cycles reserved, String reason) {}

  private static final String STEP_BLOCK = "notify.block";
  private static final String STEP_DEPOSITED = "notify.deposited";
  private static final String STEP_MINTED = "notify.minted";
  private static final String STEP_CREATED = "notify.created";
  private static final String STEP_BURNT = "notify.burnt";
  private static final String STEP_REFUNDED = "notify.refunded";

  /** The answer of a notification of {@code kind} that failed with {@code e}. */
  private static Outcome error(Kind kind, CmcApi.NotifyError e) {
    return switch (kind) {
      case TOP_UP -> reply(CmcApi.NotifyTopUpResult.class, new CmcApi.NotifyTopUpResult.Err(e));
      case CREATE -> reply(CmcApi.NotifyCreateCanisterResult.class, new CmcApi.NotifyCreateCanisterResult.Err(e));
      case MINT -> reply(CmcApi.NotifyMintCyclesResult.class, new CmcApi.NotifyMintCyclesResult.Err(e));
    };
  }

  /** Reads the notified block from the ledger; {@link #blockRead} continues. */
  private Outcome readBlock(Notify n) {
    byte[] arg = CANDID.encodeAs(new TypeRef<List<Icrc3.BlockRange>>() {}.type(),
        List.of(new Icrc3.BlockRange(BigInteger.valueOf(n.blockIndex()), BigInteger.ONE)));
    return await(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "icrc3_get_blocks", arg), STEP_BLOCK, n);
  }

  private Outcome blockRead(CallContext ctx, Bytes context, Response r) {
    Notify n = context(context, Notify.class);
    if (r instanceof Response.Reject rej) {
      return error(n.kind(), new CmcApi.NotifyError.Other(
          new CmcApi.Other(CyclesMinting.ERROR_BAD_BLOCK, "the ledger rejected icrc3_get_blocks: " + rej.message())));
    }
    Icrc3.GetBlocksResult blocks = decode(((Response.Reply) r).bytes(), Icrc3.GetBlocksResult.class);
    Icrc3Value b = blocks.blocks().isEmpty() ? null : blocks.blocks().get(0).block();
    Icrc3Value.Map block = b instanceof Icrc3Value.Map m ? m : new Icrc3Value.Map(List.of());
    long now = ctx.timeSeconds();
    return switch (n.kind()) {
      case TOP_UP -> topUp(now, n, block);
      case CREATE -> create(now, n, block);
      case MINT -> mintCycles(now, n, block);
    };
  }

  private Outcome topUp(long now, Notify n, Icrc3Value.Map block) {
    CmcApi.NotifyTopUpArg arg = decode(n.arg(), CmcApi.NotifyTopUpArg.class);
    CyclesMinting.Start s = cmc.startTopUp(arg.blockIndex(), arg.canisterId(), block, now);
    if (s instanceof CyclesMinting.Start.Done d) {
      return reply(CmcApi.NotifyTopUpResult.class, CyclesMinting.topUpResult(d.status()));
    }
    if (s instanceof CyclesMinting.Start.Refund rf) {
      return refund(now, new Refunding(n.kind(), rf.payment(), Cycles.ZERO, rf.reason()));
    }
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    byte[] deposit = encode(new ManagementCalls.CanisterIdRecord(arg.canisterId()));
    return await(new OutgoingCall(Principal.managementCanister(), "deposit_cycles", Bytes.of(deposit), p.cycles()),
        STEP_DEPOSITED, new Minting(n, p.payment(), p.cycles()));
  }

  private Outcome deposited(CallContext ctx, Bytes context, Response r) {
    Minting m = context(context, Minting.class);
    if (r instanceof Response.Reject rej) {
      return refund(ctx.timeSeconds(), new Refunding(m.notification().kind(), m.payment(), m.cycles(),
          "deposit_cycles failed: " + rej.message()));
    }
    return burn(new Burning(m, Optional.empty(), Optional.empty()));
  }

  private Outcome mintCycles(long now, Notify n, Icrc3Value.Map block) {
    CmcApi.NotifyMintCyclesArg arg = decode(n.arg(), CmcApi.NotifyMintCyclesArg.class);
    CyclesMinting.Start s = cmc.startMintCycles(n.caller(), arg.blockIndex(), block, now);
    if (s instanceof CyclesMinting.Start.Done d) {
      CmcApi.NotifyTopUpResult r = CyclesMinting.topUpResult(d.status());
      if (r instanceof CmcApi.NotifyTopUpResult.Err e) {
        return error(n.kind(), e.value());
      }
      return error(n.kind(), new CmcApi.NotifyError.Other(new CmcApi.Other(CyclesMinting.ERROR_BAD_BLOCK,
          "block " + arg.blockIndex() + " was already processed: "
              + ((CmcApi.NotifyTopUpResult.Ok) r).value() + " cycles minted")));
    }
    if (s instanceof CyclesMinting.Start.Refund rf) {
      return refund(now, new Refunding(n.kind(), rf.payment(), Cycles.ZERO, rf.reason()));
    }
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    byte[] deposit = encode(new CyclesLedgerApi.DepositArgs(new Account(n.caller(), arg.toSubaccount()), arg.depositMemo()));
    // The cycles ledger's fee stays with the CMC: the account receives the minted cycles less 100 M
    // (what icp cycles mint reports as deposited).
    Cycles toDeposit = new Cycles(p.cycles().value().subtract(BigInteger.valueOf(CyclesLedgerCanister.FEE)).max(BigInteger.ZERO));
    return await(new OutgoingCall(CyclesLedgerCanister.ID.principal(), "deposit", Bytes.of(deposit), toDeposit),
        STEP_MINTED, new Minting(n, p.payment(), p.cycles()));
  }

  private Outcome minted(CallContext ctx, Bytes context, Response r) {
    Minting m = context(context, Minting.class);
    if (r instanceof Response.Reject rej) {
      return refund(ctx.timeSeconds(), new Refunding(m.notification().kind(), m.payment(), m.cycles(),
          "the cycles ledger's deposit failed: " + rej.message()));
    }
    CyclesLedgerApi.DepositResult d = decode(((Response.Reply) r).bytes(), CyclesLedgerApi.DepositResult.class);
    return burn(new Burning(m, Optional.of(d), Optional.empty()));
  }

  private Outcome create(long now, Notify n, Icrc3Value.Map block) {
    CmcApi.NotifyCreateCanisterArg arg = decode(n.arg(), CmcApi.NotifyCreateCanisterArg.class);
    CyclesMinting.Start s = cmc.startCreateCanister(n.caller(), arg.blockIndex(), arg.controller(), arg.subnetType(), block, now);
    if (s instanceof CyclesMinting.Start.Done d) {
      return reply(CmcApi.NotifyCreateCanisterResult.class, CyclesMinting.createResult(d.status()));
    }
    if (s instanceof CyclesMinting.Start.Refund rf) {
      return refund(now, new Refunding(n.kind(), rf.payment(), Cycles.ZERO, rf.reason()));
    }
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    byte[] createArg = encode(new ManagementCalls.CreateCanisterArgs(Optional.of(
        new ManagementCalls.CanisterSettings(Optional.of(List.of(arg.controller()))))));
    Principal subnet = p.subnet().orElseThrow().principal();
    return await(new OutgoingCall(subnet, "create_canister", Bytes.of(createArg), p.cycles()),
        STEP_CREATED, new Minting(n, p.payment(), p.cycles()));
  }

  private Outcome created(CallContext ctx, Bytes context, Response r) {
    Minting m = context(context, Minting.class);
    if (r instanceof Response.Reject rej) {
      return refund(ctx.timeSeconds(), new Refunding(m.notification().kind(), m.payment(), m.cycles(),
          "create_canister failed: " + rej.message()));
    }
    Principal id = decode(((Response.Reply) r).bytes(), ManagementCalls.CanisterIdRecord.class).canisterId();
    return burn(new Burning(m, Optional.empty(), Optional.of(id)));
  }

  /** Burns the notification's ICP; {@link #burnt} answers (whatever the ledger says). */
  private Outcome burn(Burning b) {
    byte[] arg = encode(cmc.burnTransfer(b.minting().payment(), mintingAccount));
    return await(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "transfer", arg), STEP_BURNT, b);
  }

  private Outcome burnt(CallContext ctx, Bytes context, Response r) {
    Burning b = context(context, Burning.class);
    Minting m = b.minting();
    long block = m.notification().blockIndex();
    return switch (m.notification().kind()) {
      case TOP_UP -> reply(CmcApi.NotifyTopUpResult.class, cmc.completeTopUp(block, m.cycles()));
      case CREATE -> reply(CmcApi.NotifyCreateCanisterResult.class,
          cmc.completeCreateCanister(block, m.cycles(), b.created().orElseThrow()));
      case MINT -> {
        cmc.completeTopUp(block, m.cycles());
        CyclesLedgerApi.DepositResult d = b.deposit().orElseThrow();
        yield reply(CmcApi.NotifyMintCyclesResult.class, new CmcApi.NotifyMintCyclesResult.Ok(
            new CmcApi.NotifyMintCyclesSuccess(d.blockIndex(), m.cycles().value(), d.balance())));
      }
    };
  }

  /** Refunds the payment less the fee (if it covers the fee); {@link #refunded} answers. */
  private Outcome refund(long now, Refunding f) {
    CyclesMinting.Payment p = f.payment();
    if (p.amountE8s() <= cmc.refundTransfer(p).fee().e8s()) {
      return error(f.kind(), cmc.refunded(p.blockIndex(), f.reserved(), f.reason() + " (too small to refund)", Optional.empty(), now));
    }
    byte[] arg = encode(cmc.refundTransfer(p));
    return await(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "transfer", arg), STEP_REFUNDED, f);
  }

  private Outcome refunded(CallContext ctx, Bytes context, Response r) {
    Refunding f = context(context, Refunding.class);
    Optional<Long> block = Optional.empty();
    if (r instanceof Response.Reply rep) {
      LegacyLedger.TransferResult t = decode(rep.bytes(), LegacyLedger.TransferResult.class);
      if (t instanceof LegacyLedger.TransferResult.Ok ok) {
        block = Optional.of(ok.value());
      }
    }
    if (block.isEmpty()) {
      cmc.abandon(f.payment().blockIndex(), f.reserved(), ctx.timeSeconds());
      return error(f.kind(), new CmcApi.NotifyError.Other(new CmcApi.Other(2, "the refund failed; notify again")));
    }
    return error(f.kind(), cmc.refunded(f.payment().blockIndex(), f.reserved(), f.reason(), block, ctx.timeSeconds()));
  }

  @Override
  public Bytes certifiedData() {
    return cmc.certifiedTree().digest();
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    return cmc.atomic(body);
  }

  @Override
  public Bytes saveState() {
    return cmc.saveState();
  }

  /** The canister rebuilt from {@link #saveState()}'s bytes. */
  public static CmcCanister restore(Bytes state) {
    return new CmcCanister(CyclesMinting.restore(state));
  }
}
