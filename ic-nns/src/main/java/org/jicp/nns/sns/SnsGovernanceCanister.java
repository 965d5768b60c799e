package org.jicp.nns.sns;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.types.CanisterId;

/**
 * SNS governance as a native canister around {@link SnsGovernance}. Methods in {@code
 * governance.did}'s shapes ({@link SnsGovernanceApi}): {@code manage_neuron} (claim or refresh a
 * neuron — its stake is read from the SNS ledger with {@code icrc1_balance_of} —, increase a
 * dissolve delay, make a proposal, vote; refusals are answered as {@code Error} with SNS's error
 * type and jicp's {@link SnsException.Code} in the message; the other published commands as
 * unavailable), the queries {@code get_proposal}, {@code list_proposals}, {@code get_neuron},
 * {@code list_neurons}, {@code get_nervous_system_parameters} and {@code get_mode}; jicp's own
 * {@code claim_sale_neurons} (the swap only), {@code list_neuron_data}, {@code get_voting_power}
 * and {@code get_treasury_subaccount}.
 *
 * <p>An adopted proposal executes at once — by the vote that adopts it (which answers after the
 * execution) or by the heartbeat for proposals decided at their deadline: an upgrade calls the SNS
 * root's {@code change_canister}, a treasury transfer the ICP or SNS ledger's {@code
 * icrc1_transfer} (ICP from governance's default account, SNS tokens from its treasury
 * subaccount); a failed call marks the proposal FAILED with the reason.
 */
public final class SnsGovernanceCanister extends NativeCanister {
  private static final String STEP_CLAIM = "claim.balance";
  private static final String STEP_EXECUTED = "execute.done";

  /** A claim (or, with {@code refresh}, a refresh of that neuron) awaiting the stake's balance. */
  private record Claim(Principal controller, @CandidAs("nat64") long memo, Optional<Bytes> refresh) {}

  /**
   * An execution awaiting its call; {@code answer}: the command that adopted it waits for it
   * ({@code made}: a proposal adopted as it was made, else a vote).
   */
  private record Execution(@CandidAs("nat64") long proposalId, boolean answer, boolean transfer, boolean made) {}

  private final SnsGovernance gov;

  /** The canister at {@code id} around {@code gov}. */
  public SnsGovernanceCanister(CanisterId id, SnsGovernance gov) {
    super(id);
    this.gov = gov;
    update("manage_neuron", (ctx, a) -> manageNeuron(ctx, decode(a, SnsGovernanceApi.ManageNeuron.class)));
    step(STEP_CLAIM, this::claimed);
    step(STEP_EXECUTED, this::executed);
    update("claim_sale_neurons", (ctx, a) -> reply(new TypeRef<List<Bytes>>() {},
        gov.claimSwapNeurons(ctx.caller(), decode(a, new TypeRef<List<SnsApi.SwapNeuron>>() {}), ctx.timeSeconds())));
    query("get_neuron", (ctx, a) -> {
      Optional<SnsApi.NeuronId> nid = decode(a, SnsGovernanceApi.GetNeuron.class).neuronId();
      Optional<SnsApi.Neuron> n = nid.flatMap(x -> gov.neuron(x.id()));
      return reply(new SnsGovernanceApi.GetNeuronResponse(Optional.of(n.<SnsGovernanceApi.NeuronResult>map(x ->
          new SnsGovernanceApi.NeuronResult.Neuron(SnsApi.PublishedNeuron.of(x))).orElseGet(() ->
          new SnsGovernanceApi.NeuronResult.Error(new SnsGovernanceApi.GovernanceError("no neuron "
              + nid.map(x -> x.id().toHex()).orElse("(none given)"), 3))))));
    });
    query("list_neuron_data", (ctx, a) -> reply(new TypeRef<List<SnsApi.Neuron>>() {}, gov.neurons()));
    query("list_neurons", (ctx, a) -> reply(listNeurons(decode(a, SnsApi.ListNeurons.class))));
    query("get_proposal", (ctx, a) -> {
      Optional<SnsGovernanceApi.ProposalId> pid = decode(a, SnsGovernanceApi.GetProposal.class).proposalId();
      Optional<SnsApi.ProposalData> p = pid.flatMap(x -> gov.proposals().stream().filter(q -> q.id() == x.id()).findFirst());
      return reply(new SnsGovernanceApi.GetProposalResponse(Optional.of(p.<SnsGovernanceApi.ProposalResult>map(x ->
          new SnsGovernanceApi.ProposalResult.Proposal(SnsGovernanceApi.published(x, gov.params().quorumBasisPoints())))
          .orElseGet(() -> new SnsGovernanceApi.ProposalResult.Error(new SnsGovernanceApi.GovernanceError("no proposal "
              + pid.map(x -> Long.toUnsignedString(x.id())).orElse("(none given)"), 3))))));
    });
    query("list_proposals", (ctx, a) -> reply(SnsGovernanceApi.list(gov.proposals(), decode(a, SnsGovernanceApi.ListProposals.class),
        gov.params().quorumBasisPoints())));
    query("get_voting_power", (ctx, a) -> replyNat64(gov.neuron(decode(a, Bytes.class)).map(gov::votingPower).orElse(0L)));
    query("get_nervous_system_parameters", (ctx, a) -> reply(gov.params()));
    query("get_mode", (ctx, a) -> reply(new SnsApi.GetModeResponse(Optional.of(1))));
    query("get_treasury_subaccount", (ctx, a) -> reply(treasurySubaccount(id.principal())));
  }

  /** The state machine. */
  public SnsGovernance governance() {
    return gov;
  }

  /**
   * The SNS ledger subaccount of governance that holds the SNS token treasury: SHA-256 of {@code
   * 0x0c "token-distribution"}, governance's bytes and a zero nonce (8 bytes), as SNS governance
   * derives its distribution subaccounts.
   */
  public static Bytes treasurySubaccount(Principal governance) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((byte) 0x0c);
      d.update("token-distribution".getBytes(StandardCharsets.US_ASCII));
      d.update(governance.toByteArray());
      d.update(ByteBuffer.allocate(8).putLong(0).array());
      return Bytes.of(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Outcome answer(SnsGovernanceApi.CommandResponse r) {
    return reply(new SnsGovernanceApi.ManageNeuronResponse(Optional.of(r)));
  }

  private static Outcome refused(SnsGovernanceApi.GovernanceError e) {
    return reply(SnsGovernanceApi.ManageNeuronResponse.error(e));
  }

  private static final SnsGovernanceApi.Empty EMPTY = new SnsGovernanceApi.Empty();

  private Outcome manageNeuron(CallContext ctx, SnsGovernanceApi.ManageNeuron m) {
    long now = ctx.timeSeconds();
    if (m.command().isEmpty()) {
      return refused(new SnsGovernanceApi.GovernanceError("manage_neuron without a command", 4));
    }
    SnsGovernanceApi.Command c = m.command().get();
    Bytes neuron = m.subaccount();
    try {
      return gov.atomic(() -> {
        if (c instanceof SnsGovernanceApi.Command.ClaimOrRefresh cl) {
          SnsGovernanceApi.By by = cl.value().by().orElseThrow(() -> new SnsException(SnsException.Code.INVALID_ARGUMENT,
              "ClaimOrRefresh needs by (MemoAndController or NeuronId)"));
          Claim claim;
          Bytes sub;
          if (by instanceof SnsGovernanceApi.By.MemoAndController mc) {
            Principal controller = mc.value().controller().orElse(ctx.caller());
            sub = SnsGovernance.neuronSubaccount(controller, mc.value().memo());
            claim = new Claim(controller, mc.value().memo(), Optional.empty());
          } else {
            gov.neuron(neuron).orElseThrow(() -> new SnsException(SnsException.Code.NOT_FOUND, "no neuron " + neuron.toHex()));
            sub = neuron;
            claim = new Claim(ctx.caller(), 0, Optional.of(neuron));
          }
          Account stake = new Account(id().principal(), Optional.of(sub));
          return await(OutgoingCall.of(gov.init().ledger(), "icrc1_balance_of", encode(stake)), STEP_CLAIM, claim);
        }
        if (c instanceof SnsGovernanceApi.Command.Configure conf) {
          if (conf.value().operation().orElse(null) instanceof SnsGovernanceApi.Operation.IncreaseDissolveDelay d) {
            gov.increaseDissolveDelay(ctx.caller(), neuron, Integer.toUnsignedLong(d.value().additionalDissolveDelaySeconds()));
            return answer(new SnsGovernanceApi.CommandResponse.Configure(EMPTY));
          }
          return refused(SnsGovernanceApi.GovernanceError.unavailable("the operation "
              + conf.value().operation().map(o -> o.getClass().getSimpleName()).orElse("(none)")));
        }
        if (c instanceof SnsGovernanceApi.Command.MakeProposal mp) {
          SnsApi.Proposal p = SnsGovernanceApi.toJicp(mp.value(), gov.params());
          return afterDecision(gov.proposal(gov.makeProposal(ctx.caller(), neuron, p, now)), true, now);
        }
        if (c instanceof SnsGovernanceApi.Command.RegisterVote v) {
          long pid = v.value().proposal().orElseThrow(() -> new SnsException(SnsException.Code.INVALID_ARGUMENT,
              "RegisterVote names no proposal")).id();
          if (v.value().vote() != 1 && v.value().vote() != 2) {
            throw new SnsException(SnsException.Code.INVALID_ARGUMENT, "a vote is 1 (yes) or 2 (no), not " + v.value().vote());
          }
          return afterDecision(gov.registerVote(ctx.caller(), neuron, pid, v.value().vote() == 1, now), false, now);
        }
        return refused(SnsGovernanceApi.GovernanceError.unavailable("the command " + c.getClass().getSimpleName()));
      });
    } catch (SnsException e) {
      return refused(SnsGovernanceApi.GovernanceError.of(e));
    }
  }

  private Outcome claimed(CallContext ctx, Bytes context, Response r) {
    Claim c = context(context, Claim.class);
    if (r instanceof Response.Reject rej) {
      return new Outcome.Reject(rej.code(), "the SNS ledger's icrc1_balance_of failed: " + rej.message());
    }
    BigInteger balance = decode(((Response.Reply) r).bytes(), BigInteger.class);
    long e8s = balance.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    try {
      return gov.atomic(() -> {
        Bytes id0;
        if (c.refresh().isPresent()) {
          id0 = c.refresh().get();
          gov.refresh(id0, e8s);
        } else {
          id0 = gov.claimOrRefresh(c.controller(), c.memo(), e8s, ctx.timeSeconds());
        }
        return answer(new SnsGovernanceApi.CommandResponse.ClaimOrRefresh(new SnsGovernanceApi.ClaimOrRefreshResponse(
            Optional.of(new SnsApi.NeuronId(id0)))));
      });
    } catch (SnsException e) {
      return refused(SnsGovernanceApi.GovernanceError.of(e));
    }
  }

  private static Outcome decided(SnsApi.ProposalData p, boolean made) {
    return made ? answer(new SnsGovernanceApi.CommandResponse.MakeProposal(new SnsGovernanceApi.GetProposal(
        Optional.of(new SnsGovernanceApi.ProposalId(p.id()))))) : answer(new SnsGovernanceApi.CommandResponse.RegisterVote(EMPTY));
  }

  /** Answers a proposal made or voted on, executing it first if it was just adopted. */
  private Outcome afterDecision(SnsApi.ProposalData p, boolean made, long now) {
    if (p.status() != SnsApi.ProposalStatus.ADOPTED) {
      return decided(p, made);
    }
    Optional<Outcome> call = execute(p.id(), true, made, now);
    return call.orElseGet(() -> decided(p, made));
  }

  /** Starts executing adopted proposal {@code id}: the call to await, or empty if it completed. */
  private Optional<Outcome> execute(long id0, boolean answerCommand, boolean made, long now) {
    Optional<SnsApi.Action> a = gov.startExecution(id0, now);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    SnsApi.Init init = gov.init();
    if (a.get() instanceof SnsApi.Action.UpgradeSnsControlledCanister u) {
      Bytes arg = u.upgradeArg().orElse(Bytes.of(org.jicp.candid.CandidEncoder.encode(List.of(), List.of())));
      return Optional.of(await(OutgoingCall.of(init.root(), "change_canister",
          encode(new SnsApi.ChangeCanisterRequest(u.canisterId(), u.newCanisterWasm(), arg))), STEP_EXECUTED,
          new Execution(id0, answerCommand, false, made)));
    }
    SnsApi.Action.TransferSnsTreasuryFunds t = (SnsApi.Action.TransferSnsTreasuryFunds) a.get();
    boolean icp = t.fromTreasury() == SnsApi.Treasury.ICP;
    Icrc1.TransferArg arg = new Icrc1.TransferArg(icp ? Optional.empty() : Optional.of(treasurySubaccount(id().principal())),
        new Account(t.toPrincipal(), t.toSubaccount()), BigInteger.valueOf(t.amountE8s()), Optional.empty(),
        Optional.of(Bytes.of(ByteBuffer.allocate(8).putLong(id0).array())), Optional.empty());
    return Optional.of(await(OutgoingCall.of(icp ? init.icpLedger() : init.ledger(), "icrc1_transfer",
        encode(arg)), STEP_EXECUTED, new Execution(id0, answerCommand, true, made)));
  }

  private Outcome executed(CallContext ctx, Bytes context, Response r) {
    Execution e = context(context, Execution.class);
    Optional<String> failure = Optional.empty();
    if (r instanceof Response.Reject rej) {
      failure = Optional.of("the call failed: " + rej.message());
    } else if (e.transfer()) {
      Icrc1.TransferResult t = decode(((Response.Reply) r).bytes(), Icrc1.TransferResult.class);
      if (t instanceof Icrc1.TransferResult.Err err) {
        failure = Optional.of("the transfer failed: " + err.value());
      }
    }
    gov.executed(e.proposalId(), failure, ctx.timeSeconds());
    return e.answer() ? decided(gov.proposal(e.proposalId()), e.made()) : Outcome.done();
  }

  @Override
  public boolean hasHeartbeat() {
    return true;
  }

  @Override
  public Outcome heartbeat(CallContext ctx) {
    List<Outcome> calls = new ArrayList<>();
    for (long id0 : gov.decideExpired(ctx.timeSeconds())) {
      execute(id0, false, false, ctx.timeSeconds()).ifPresent(calls::add);
    }
    return calls.isEmpty() ? Outcome.done() : new Outcome.All(calls);
  }

  /**
   * {@code list_neurons}: the neurons (of {@code of_principal}'s, when given) in the order of their
   * ids (unsigned bytes), after {@code start_page_at} (exclusive: a client passes the last id of
   * the previous page), at most {@code limit} (0 or above {@value #MAX_LIST_NEURONS}: {@value
   * #MAX_LIST_NEURONS}).
   */
  SnsApi.ListNeuronsResponse listNeurons(SnsApi.ListNeurons req) {
    long limit = Integer.toUnsignedLong(req.limit());
    if (limit == 0 || limit > MAX_LIST_NEURONS) {
      limit = MAX_LIST_NEURONS;
    }
    java.util.Comparator<byte[]> order = java.util.Arrays::compareUnsigned;
    return new SnsApi.ListNeuronsResponse(gov.neurons().stream()
        .filter(n -> req.ofPrincipal().map(p -> p.equals(n.controller())).orElse(true))
        .filter(n -> req.startPageAt().map(s -> order.compare(n.id().toByteArray(), s.id().toByteArray()) > 0).orElse(true))
        .sorted((x, y) -> order.compare(x.id().toByteArray(), y.id().toByteArray()))
        .limit(limit).map(SnsApi.PublishedNeuron::of).toList());
  }

  /** The most neurons one {@code list_neurons} answers. */
  public static final int MAX_LIST_NEURONS = 100;

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    return gov.atomic(body);
  }

  @Override
  public Bytes saveState() {
    return Bytes.of(CANDID.encode(gov.state()));
  }

  /** The canister at {@code id} rebuilt from {@link #saveState()}'s bytes. */
  public static SnsGovernanceCanister restore(CanisterId id, Bytes saved) {
    return new SnsGovernanceCanister(id, SnsGovernance.of(CANDID.decode(saved.toByteArray(), SnsApi.GovernanceState.class)));
  }
}
