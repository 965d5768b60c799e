package org.jicp.nns.sns;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.nns.sns.SnsException.Code;
import org.jicp.types.CanisterId;

/**
 * The SNS swap as a native canister around {@link SnsSwap}, with {@code swap.did}'s {@code
 * refresh_buyer_tokens} (reads the buyer's subaccount on the ICP ledger), {@code get_buyer_state},
 * {@code get_lifecycle}, {@code get_buyers_total}, {@code get_state}, {@code get_init} and {@code
 * finalize_swap}, and jicp's {@code get_sale_state} (its saved state).
 *
 * <p>{@code finalize_swap} ends the sale and then makes its calls one after the other, each step a
 * saved continuation: if COMMITTED, per buyer the ICP (less the fee) from its subaccount to SNS
 * governance's ICP account (the treasury) and its SNS tokens (less the fee) to the governance
 * subaccount of its neuron (memo {@link #SWAP_NEURON_MEMO}), then governance's {@code
 * claim_sale_neurons}; if ABORTED, per buyer its ICP back (less the fee), then the SNS root's
 * {@code set_dapp_controllers} with the fallback controllers. Failed steps are reported in {@code
 * error_message}; the others still run.
 */
public final class SnsSwapCanister extends NativeCanister {
  /** The memo of the neurons a successful swap gives its buyers. */
  public static final long SWAP_NEURON_MEMO = 0x5357_4150L; // "SWAP"

  private static final String STEP_REFRESH = "refresh.balance";
  private static final String STEP_FINALIZE = "finalize.next";

  /** A refresh awaiting the buyer's balance. */
  private record Refresh(Principal buyer) {}

  /** Finalization's progress: the next call of {@link #plan()} and the errors so far. */
  private record Progress(@CandidAs("nat32") int next, List<String> errors) {}

  private final SnsSwap swap;

  /** The canister at {@code id} around {@code swap}. */
  public SnsSwapCanister(CanisterId id, SnsSwap swap) {
    super(id);
    this.swap = swap;
    update("refresh_buyer_tokens", (ctx, a) -> {
      SnsApi.RefreshBuyerTokensRequest r = decode(a, SnsApi.RefreshBuyerTokensRequest.class);
      Principal buyer;
      try {
        buyer = r.buyer().isEmpty() ? ctx.caller() : Principal.fromText(r.buyer());
      } catch (RuntimeException e) {
        throw new SnsException(Code.INVALID_ARGUMENT, "buyer is not a principal: " + r.buyer());
      }
      if (swap.lifecycle() != SnsApi.Lifecycle.OPEN || ctx.timeSeconds() >= swap.init().params().swapDueSeconds()) {
        throw new SnsException(Code.SWAP_NOT_OPEN, "the swap is " + swap.lifecycle() + " (deadline "
            + swap.init().params().swapDueSeconds() + ")");
      }
      Account acc = new Account(id.principal(), Optional.of(SnsSwap.buyerSubaccount(buyer)));
      return await(OutgoingCall.of(swap.init().icpLedger(), "icrc1_balance_of", encode(acc)), STEP_REFRESH, new Refresh(buyer));
    });
    step(STEP_REFRESH, (ctx, c, r) -> {
      Refresh f = context(c, Refresh.class);
      if (r instanceof Response.Reject rej) {
        return new Outcome.Reject(rej.code(), "the ICP ledger's icrc1_balance_of failed: " + rej.message());
      }
      long balance = decode(((Response.Reply) r).bytes(), BigInteger.class).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
      long accepted = swap.refreshBuyerTokens(f.buyer(), balance, ctx.timeSeconds());
      return reply(new SnsApi.RefreshBuyerTokensResponse(accepted, balance));
    });
    query("get_buyer_state", (ctx, a) -> {
      Principal p = decode(a, SnsApi.GetBuyerStateRequest.class).principalId().orElse(ctx.caller());
      long amount = swap.participation(p);
      return reply(new SnsApi.GetBuyerStateResponse(amount == 0 ? Optional.empty()
          : Optional.of(new SnsApi.BuyerState(Optional.of(new SnsApi.TransferableAmount(0, amount, 0))))));
    });
    query("get_lifecycle", (ctx, a) -> reply(new SnsApi.GetLifecycleResponse(Optional.of(switch (swap.lifecycle()) {
      case OPEN -> 2;
      case COMMITTED -> 3;
      case ABORTED -> 4;
    }), Optional.of(0L))));
    update("get_buyers_total", (ctx, a) -> reply(new SnsApi.GetBuyersTotalResponse(swap.totalIcpE8s())));
    query("get_sale_state", (ctx, a) -> reply(swap.state()));
    query("get_init", (ctx, a) -> reply(new SnsApi.GetInitResponse(Optional.of(
        SnsApi.SwapInitView.of(swap.init(), org.jicp.nns.NnsCanisterIds.GOVERNANCE.principal())))));
    query("get_state", (ctx, a) -> reply(state()));
    update("finalize_swap", (ctx, a) -> {
      swap.finalizeSwap(ctx.timeSeconds());
      return next(new Progress(0, List.of()));
    });
    step(STEP_FINALIZE, (ctx, c, r) -> {
      Progress p = context(c, Progress.class);
      List<String> errors = new ArrayList<>(p.errors());
      String what = plan().get(p.next()).method() + " #" + p.next();
      if (r instanceof Response.Reject rej) {
        errors.add(what + ": " + rej.message());
      } else if (plan().get(p.next()).method().equals("icrc1_transfer")) {
        Icrc1.TransferResult t = decode(((Response.Reply) r).bytes(), Icrc1.TransferResult.class);
        if (t instanceof Icrc1.TransferResult.Err e) {
          errors.add(what + ": " + e.value());
        }
      }
      return next(new Progress(p.next() + 1, errors));
    });
  }

  /** {@code get_state}: the swap and its derived state in {@code swap.did}'s shapes. */
  SnsApi.GetStateResponse state() {
    SnsApi.SwapInit init = swap.init();
    int lifecycle = switch (swap.lifecycle()) {
      case OPEN -> 2;
      case COMMITTED -> 3;
      case ABORTED -> 4;
    };
    java.util.Map<String, SnsApi.BuyerState> buyers = new java.util.TreeMap<>();
    List<SnsApi.SnsNeuronRecipe> recipes = new ArrayList<>();
    for (SnsApi.Participant p : swap.participants()) {
      buyers.put(p.buyer().toText(), new SnsApi.BuyerState(Optional.of(new SnsApi.TransferableAmount(0, p.amountIcpE8s(), 0))));
      long stake = swap.snsTokensOf(p.buyer()) - init.snsTransferFeeE8s();
      if (swap.lifecycle() == SnsApi.Lifecycle.COMMITTED && stake > 0) {
        recipes.add(new SnsApi.SnsNeuronRecipe(Optional.of(new SnsApi.TransferableAmount(0, stake, 0)),
            Optional.of(new SnsApi.NeuronAttributes(init.params().neuronDissolveDelaySeconds(), SWAP_NEURON_MEMO)),
            Optional.of(new SnsApi.Investor.Direct(new SnsApi.DirectInvestment(p.buyer().toText())))));
      }
    }
    long total = swap.totalIcpE8s();
    float perIcp = total == 0 ? 0f : (float) ((double) init.params().snsTokenE8s() / total);
    return new SnsApi.GetStateResponse(Optional.of(new SnsApi.SwapView(recipes, List.of(),
        Optional.of(SnsApi.SwapInitView.of(init, org.jicp.nns.NnsCanisterIds.GOVERNANCE.principal())), lifecycle, buyers,
        Optional.of(SnsApi.SwapParamsView.of(init.params())))), Optional.of(new SnsApi.DerivedState(perIcp, total)));
  }

  /** The state machine. */
  public SnsSwap swap() {
    return swap;
  }

  private Outcome next(Progress p) {
    List<OutgoingCall> plan = plan();
    if (p.next() >= plan.size()) {
      return reply(new SnsApi.FinalizeSwapResponse(p.errors().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", p.errors()))));
    }
    return await(plan.get(p.next()), STEP_FINALIZE, p);
  }

  /** The calls finalization makes, from the (final) state. */
  List<OutgoingCall> plan() {
    SnsApi.SwapInit init = swap.init();
    long icpFee = LedgerConfig.DEFAULT_TRANSFER_FEE;
    List<OutgoingCall> calls = new ArrayList<>();
    List<SnsApi.SwapNeuron> neurons = new ArrayList<>();
    boolean committed = swap.lifecycle() == SnsApi.Lifecycle.COMMITTED;
    for (SnsApi.Participant p : swap.participants()) {
      Account icpTo = committed ? Account.of(init.governance()) : Account.of(p.buyer());
      calls.add(transfer(init.icpLedger(), Optional.of(SnsSwap.buyerSubaccount(p.buyer())), icpTo, p.amountIcpE8s() - icpFee, icpFee));
      if (committed) {
        long stake = swap.snsTokensOf(p.buyer()) - init.snsTransferFeeE8s();
        if (stake > 0) {
          calls.add(transfer(init.snsLedger(), Optional.empty(), new Account(init.governance(),
              Optional.of(SnsGovernance.neuronSubaccount(p.buyer(), SWAP_NEURON_MEMO))), stake, init.snsTransferFeeE8s()));
          neurons.add(new SnsApi.SwapNeuron(p.buyer(), SWAP_NEURON_MEMO, stake, init.params().neuronDissolveDelaySeconds()));
        }
      }
    }
    if (committed) {
      calls.add(OutgoingCall.of(init.governance(), "claim_sale_neurons",
          CANDID.encodeAs(new org.jicp.candid.mapping.TypeRef<List<SnsApi.SwapNeuron>>() {}.type(), neurons)));
    } else if (swap.lifecycle() == SnsApi.Lifecycle.ABORTED) {
      calls.add(OutgoingCall.of(init.root(), "set_dapp_controllers",
          encode(new SnsApi.SetDappControllersRequest(init.params().fallbackControllers()))));
    }
    return calls;
  }

  private static OutgoingCall transfer(Principal ledger, Optional<Bytes> from, Account to, long amount, long fee) {
    return OutgoingCall.of(ledger, "icrc1_transfer", encode(new Icrc1.TransferArg(from, to, BigInteger.valueOf(Math.max(0, amount)),
        Optional.of(BigInteger.valueOf(fee)), Optional.empty(), Optional.empty())));
  }

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    return swap.atomic(body);
  }

  @Override
  public Bytes saveState() {
    return Bytes.of(CANDID.encode(swap.state()));
  }

  /** The canister at {@code id} rebuilt from {@link #saveState()}'s bytes. */
  public static SnsSwapCanister restore(CanisterId id, Bytes saved) {
    return new SnsSwapCanister(id, SnsSwap.of(CANDID.decode(saved.toByteArray(), SnsApi.SwapState.class)));
  }
}
