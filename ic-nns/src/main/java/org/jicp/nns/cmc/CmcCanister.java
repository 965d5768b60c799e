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
    update("notify_top_up", (ctx, a) -> {
      CmcApi.NotifyTopUpArg arg = decode(a, CmcApi.NotifyTopUpArg.class);
      return withBlock(arg.blockIndex(), e -> reply(CmcApi.NotifyTopUpResult.class, new CmcApi.NotifyTopUpResult.Err(e)),
          (c, block) -> topUp(c.timeSeconds(), arg, block));
    });
    update("notify_create_canister", (ctx, a) -> {
      CmcApi.NotifyCreateCanisterArg arg = decode(a, CmcApi.NotifyCreateCanisterArg.class);
      Principal caller = ctx.caller();
      return withBlock(arg.blockIndex(),
          e -> reply(CmcApi.NotifyCreateCanisterResult.class, new CmcApi.NotifyCreateCanisterResult.Err(e)),
          (c, block) -> create(c.timeSeconds(), caller, arg, block));
    });
    update("notify_mint_cycles", (ctx, a) -> {
      CmcApi.NotifyMintCyclesArg arg = decode(a, CmcApi.NotifyMintCyclesArg.class);
      Principal caller = ctx.caller();
      return withBlock(arg.blockIndex(),
          e -> reply(CmcApi.NotifyMintCyclesResult.class, new CmcApi.NotifyMintCyclesResult.Err(e)),
          (c, block) -> mintCycles(c.timeSeconds(), caller, arg, block));
    });
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

  /** Reads block {@code index} from the ledger and continues with it (or with null if absent). */
  private Outcome withBlock(long index, Function<CmcApi.NotifyError, Outcome> onError,
      java.util.function.BiFunction<CallContext, Icrc3Value.Map, Outcome> then) {
    byte[] arg = CANDID.encodeAs(new TypeRef<List<Icrc3.BlockRange>>() {}.type(),
        List.of(new Icrc3.BlockRange(BigInteger.valueOf(index), BigInteger.ONE)));
    return Outcome.call(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "icrc3_get_blocks", arg), (ctx, r) -> {
      if (r instanceof Response.Reject rej) {
        return onError.apply(new CmcApi.NotifyError.Other(
            new CmcApi.Other(CyclesMinting.ERROR_BAD_BLOCK, "the ledger rejected icrc3_get_blocks: " + rej.message())));
      }
      Icrc3.GetBlocksResult blocks = decode(((Response.Reply) r).bytes(), Icrc3.GetBlocksResult.class);
      Icrc3Value block = blocks.blocks().isEmpty() ? null : blocks.blocks().get(0).block();
      return then.apply(ctx, block instanceof Icrc3Value.Map m ? m : new Icrc3Value.Map(List.of()));
    });
  }

  private Outcome topUp(long now, CmcApi.NotifyTopUpArg arg, Icrc3Value.Map block) {
    CyclesMinting.Start s = cmc.startTopUp(arg.blockIndex(), arg.canisterId(), block, now);
    if (s instanceof CyclesMinting.Start.Done d) {
      return reply(CmcApi.NotifyTopUpResult.class, CyclesMinting.topUpResult(d.status()));
    }
    if (s instanceof CyclesMinting.Start.Refund rf) {
      return refund(now, rf.payment(), Cycles.ZERO, rf.reason(),
          e -> reply(CmcApi.NotifyTopUpResult.class, new CmcApi.NotifyTopUpResult.Err(e)));
    }
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    byte[] deposit = encode(new ManagementCalls.CanisterIdRecord(arg.canisterId()));
    return Outcome.call(new OutgoingCall(Principal.managementCanister(), "deposit_cycles", Bytes.of(deposit), p.cycles()), (ctx, r) -> {
      if (r instanceof Response.Reject rej) {
        return refund(ctx.timeSeconds(), p.payment(), p.cycles(), "deposit_cycles failed: " + rej.message(),
            e -> reply(CmcApi.NotifyTopUpResult.class, new CmcApi.NotifyTopUpResult.Err(e)));
      }
      return burn(p.payment(), () -> reply(CmcApi.NotifyTopUpResult.class, cmc.completeTopUp(arg.blockIndex(), p.cycles())));
    });
  }

  private Outcome mintCycles(long now, Principal caller, CmcApi.NotifyMintCyclesArg arg, Icrc3Value.Map block) {
    Function<CmcApi.NotifyError, Outcome> err =
        e -> reply(CmcApi.NotifyMintCyclesResult.class, new CmcApi.NotifyMintCyclesResult.Err(e));
    CyclesMinting.Start s = cmc.startMintCycles(caller, arg.blockIndex(), block, now);
    if (s instanceof CyclesMinting.Start.Done d) {
      CmcApi.NotifyTopUpResult r = CyclesMinting.topUpResult(d.status());
      if (r instanceof CmcApi.NotifyTopUpResult.Err e) {
        return err.apply(e.value());
      }
      return err.apply(new CmcApi.NotifyError.Other(new CmcApi.Other(CyclesMinting.ERROR_BAD_BLOCK,
          "block " + arg.blockIndex() + " was already processed: "
              + ((CmcApi.NotifyTopUpResult.Ok) r).value() + " cycles minted")));
    }
    if (s instanceof CyclesMinting.Start.Refund rf) {
      return refund(now, rf.payment(), Cycles.ZERO, rf.reason(), err);
    }
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    byte[] deposit = encode(new CyclesLedgerApi.DepositArgs(new Account(caller, arg.toSubaccount()), arg.depositMemo()));
    // The cycles ledger's fee stays with the CMC: the account receives the minted cycles less 100 M
    // (what icp cycles mint reports as deposited).
    Cycles toDeposit = new Cycles(p.cycles().value().subtract(BigInteger.valueOf(CyclesLedgerCanister.FEE)).max(BigInteger.ZERO));
    return Outcome.call(new OutgoingCall(CyclesLedgerCanister.ID.principal(), "deposit", Bytes.of(deposit), toDeposit),
        (ctx, r) -> {
          if (r instanceof Response.Reject rej) {
            return refund(ctx.timeSeconds(), p.payment(), p.cycles(), "the cycles ledger's deposit failed: "
                + rej.message(), err);
          }
          CyclesLedgerApi.DepositResult d = decode(((Response.Reply) r).bytes(), CyclesLedgerApi.DepositResult.class);
          return burn(p.payment(), () -> {
            cmc.completeTopUp(arg.blockIndex(), p.cycles());
            return reply(CmcApi.NotifyMintCyclesResult.class, new CmcApi.NotifyMintCyclesResult.Ok(
                new CmcApi.NotifyMintCyclesSuccess(d.blockIndex(), p.cycles().value(), d.balance())));
          });
        });
  }

  private Outcome create(long now, Principal caller, CmcApi.NotifyCreateCanisterArg arg, Icrc3Value.Map block) {
    CyclesMinting.Start s = cmc.startCreateCanister(caller, arg.blockIndex(), arg.controller(), arg.subnetType(), block, now);
    if (s instanceof CyclesMinting.Start.Done d) {
      return reply(CmcApi.NotifyCreateCanisterResult.class, CyclesMinting.createResult(d.status()));
    }
    if (s instanceof CyclesMinting.Start.Refund rf) {
      return refund(now, rf.payment(), Cycles.ZERO, rf.reason(),
          e -> reply(CmcApi.NotifyCreateCanisterResult.class, new CmcApi.NotifyCreateCanisterResult.Err(e)));
    }
    CyclesMinting.Start.Proceed p = (CyclesMinting.Start.Proceed) s;
    byte[] createArg = encode(new ManagementCalls.CreateCanisterArgs(Optional.of(
        new ManagementCalls.CanisterSettings(Optional.of(List.of(arg.controller()))))));
    Principal subnet = p.subnet().orElseThrow().principal();
    return Outcome.call(new OutgoingCall(subnet, "create_canister", Bytes.of(createArg), p.cycles()), (ctx, r) -> {
      if (r instanceof Response.Reject rej) {
        return refund(ctx.timeSeconds(), p.payment(), p.cycles(), "create_canister failed: " + rej.message(),
            e -> reply(CmcApi.NotifyCreateCanisterResult.class, new CmcApi.NotifyCreateCanisterResult.Err(e)));
      }
      Principal id = decode(((Response.Reply) r).bytes(), ManagementCalls.CanisterIdRecord.class).canisterId();
      return burn(p.payment(), () -> reply(CmcApi.NotifyCreateCanisterResult.class,
          cmc.completeCreateCanister(arg.blockIndex(), p.cycles(), id)));
    });
  }

  private Outcome burn(CyclesMinting.Payment p, Supplier<Outcome> then) {
    byte[] arg = encode(cmc.burnTransfer(p, mintingAccount));
    return Outcome.call(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "transfer", arg), (ctx, r) -> then.get());
  }

  private Outcome refund(long now, CyclesMinting.Payment p, Cycles reserved, String reason,
      Function<CmcApi.NotifyError, Outcome> answer) {
    if (p.amountE8s() <= cmc.refundTransfer(p).fee().e8s()) {
      return answer.apply(cmc.refunded(p.blockIndex(), reserved, reason + " (too small to refund)", Optional.empty(), now));
    }
    byte[] arg = encode(cmc.refundTransfer(p));
    return Outcome.call(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "transfer", arg), (ctx, r) -> {
      Optional<Long> block = Optional.empty();
      if (r instanceof Response.Reply rep) {
        LegacyLedger.TransferResult t = decode(rep.bytes(), LegacyLedger.TransferResult.class);
        if (t instanceof LegacyLedger.TransferResult.Ok ok) {
          block = Optional.of(ok.value());
        }
      }
      if (block.isEmpty()) {
        cmc.abandon(p.blockIndex(), reserved, ctx.timeSeconds());
        return answer.apply(new CmcApi.NotifyError.Other(new CmcApi.Other(2, "the refund failed; notify again")));
      }
      return answer.apply(cmc.refunded(p.blockIndex(), reserved, reason, block, ctx.timeSeconds()));
    });
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
