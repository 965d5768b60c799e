package org.jicp.nns.governance;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.governance.GovernanceApi.Command;
import org.jicp.nns.governance.GovernanceApi.CommandResponse;
import org.jicp.nns.governance.GovernanceApi.Empty;
import org.jicp.nns.governance.GovernanceApi.ManageNeuronResponse;
import org.jicp.nns.governance.GovernanceApi.Operation;
import org.jicp.nns.governance.GovernanceException.ErrorType;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.registry.RegistryCanister;

/**
 * Governance hosted as a native system canister at {@code rrkah-fqaaa-aaaaa-aaaaq-cai}, with the
 * methods and types of the mainnet {@code governance.did}: {@code manage_neuron}, {@code
 * claim_or_refresh_neuron_from_account}, {@code get_neuron_ids}, {@code get_full_neuron}, {@code
 * get_neuron_info}, {@code get_proposal_info}, {@code get_pending_proposals}, {@code
 * list_proposals}, {@code list_neurons}, {@code get_network_economics_parameters}, {@code
 * get_latest_reward_event}, {@code list_node_providers}, {@code
 * get_most_recent_monthly_node_provider_rewards}. Commands that fail reply with a {@code
 * GovernanceError}, as on mainnet. The heartbeat decides proposals at their deadline, executes
 * adopted ones (calls to the registry and the cycles minting canister, mints through the ledger) and
 * distributes voting rewards once a day; once started ({@link Governance#startNodeProviderRewardsAt})
 * it rewards node providers every month ({@link NodeProviderRewards}): registry, the subnets'
 * {@code node_metrics_history}, the average ICP/XDR rate, then one mint per provider.
 */
public final class GovernanceCanister extends NativeCanister {
  private final Governance g;

  /** The canister around {@code governance}. */
  public GovernanceCanister(Governance governance) {
    super(NnsCanisterIds.GOVERNANCE);
    this.g = governance;
    update("manage_neuron", (ctx, a) -> manageNeuron(ctx, decode(a, GovernanceApi.ManageNeuron.class)));
    update("claim_or_refresh_neuron_from_account", (ctx, a) -> {
      GovernanceApi.ClaimOrRefreshNeuronFromAccount c = decode(a, GovernanceApi.ClaimOrRefreshNeuronFromAccount.class);
      Principal controller = c.controller().orElse(ctx.caller());
      return claim(new Claim(ClaimKind.FROM_ACCOUNT, controller, c.memo(), 0));
    });
    query("get_neuron_ids", (ctx, a) -> replyNat64s(g.neuronIdsOf(ctx.caller())));
    query("get_full_neuron", (ctx, a) -> {
      long id = decodeNat64(a);
      Optional<Neuron> n = g.findNeuron(id);
      GovernanceApi.NeuronResult r = n.isEmpty()
          ? new GovernanceApi.NeuronResult.Err(new GovernanceApi.GovernanceError("neuron " + id + " not found", ErrorType.NOT_FOUND.number()))
          : !n.get().isControllerOrHotKey(ctx.caller())
              ? new GovernanceApi.NeuronResult.Err(new GovernanceApi.GovernanceError(
                  "caller is not authorized to read neuron " + id, ErrorType.NOT_AUTHORIZED.number()))
              : new GovernanceApi.NeuronResult.Ok(fullNeuron(n.get()));
      return reply(GovernanceApi.NeuronResult.class, r);
    });
    query("get_neuron_info", (ctx, a) -> {
      long id = decodeNat64(a);
      return reply(GovernanceApi.NeuronInfoResult.class, g.findNeuron(id)
          .<GovernanceApi.NeuronInfoResult>map(n -> new GovernanceApi.NeuronInfoResult.Ok(neuronInfo(n, ctx.timeSeconds())))
          .orElse(new GovernanceApi.NeuronInfoResult.Err(
              new GovernanceApi.GovernanceError("neuron " + id + " not found", ErrorType.NOT_FOUND.number()))));
    });
    query("get_proposal_info", (ctx, a) -> reply(new TypeRef<Optional<GovernanceApi.ProposalInfo>>() {},
        g.findProposal(decodeNat64(a)).map(p -> proposalInfo(p, ctx.caller(), ctx.timeSeconds()))));
    query("get_pending_proposals", (ctx, a) -> {
      List<GovernanceApi.ProposalInfo> out = new ArrayList<>();
      for (ProposalData p : g.proposals()) {
        if (p.status() == ProposalStatus.OPEN) {
          out.add(proposalInfo(p, ctx.caller(), ctx.timeSeconds()));
        }
      }
      return reply(new TypeRef<List<GovernanceApi.ProposalInfo>>() {}, out);
    });
    query("list_proposals", (ctx, a) -> reply(listProposals(decode(a, GovernanceApi.ListProposalInfo.class), ctx)));
    query("list_neurons", (ctx, a) -> {
      GovernanceApi.ListNeurons req = decode(a, GovernanceApi.ListNeurons.class);
      List<Long> ids = new ArrayList<>(req.neuronIds());
      if (req.includeNeuronsReadableByCaller()) {
        ids.addAll(g.neuronIdsOf(ctx.caller()));
      }
      List<GovernanceApi.NeuronInfoEntry> infos = new ArrayList<>();
      List<GovernanceApi.Neuron> full = new ArrayList<>();
      for (long id : new java.util.TreeSet<>(ids)) {
        g.findNeuron(id).ifPresent(n -> {
          infos.add(new GovernanceApi.NeuronInfoEntry(id, neuronInfo(n, ctx.timeSeconds())));
          if (n.isControllerOrHotKey(ctx.caller())) {
            full.add(fullNeuron(n));
          }
        });
      }
      return reply(new GovernanceApi.ListNeuronsResponse(infos, full));
    });
    query("get_network_economics_parameters", (ctx, a) -> reply(g.economics()));
    query("get_latest_reward_event", (ctx, a) -> reply(g.latestRewardEvent()));
    query("list_node_providers", (ctx, a) -> reply(new GovernanceApi.ListNodeProvidersResponse(g.nodeProviders())));
    query("get_most_recent_monthly_node_provider_rewards", (ctx, a) -> reply(
        new TypeRef<Optional<NodeProviderRewards.MonthlyNodeProviderRewards>>() {}, g.mostRecentMonthlyNodeProviderRewards()));
    step(STEP_CLAIM_BALANCE, this::claimBalance);
    step(STEP_COMMAND_TRANSFER, this::commandTransferred);
    step(STEP_EXECUTION_CALL, this::executionCalled);
    step(STEP_EXECUTION_REWARDS, this::registryRewards);
    step(STEP_EXECUTION_RATE, this::conversionRate);
    step(STEP_EXECUTION_TRANSFER, this::executionTransferred);
    step(STEP_REWARDS_SUPPLY, this::totalSupply);
    step(STEP_NP_XDR, this::nodeProvidersXdr);
    step(STEP_NP_NODES, this::nodeProvidersNodes);
    step(STEP_NP_METRICS, this::nodeProvidersMetrics);
    step(STEP_NP_RATE, this::nodeProvidersRate);
    step(STEP_NP_MINT, this::nodeProvidersMinted);
  }

  // Calls to other canisters continue at these steps, with a context record (data saved with the
  // state, so that a restored instance continues them the same way).
  private static final String STEP_CLAIM_BALANCE = "claim.balance";
  private static final String STEP_COMMAND_TRANSFER = "command.transfer";
  private static final String STEP_EXECUTION_CALL = "execution.call";
  private static final String STEP_EXECUTION_REWARDS = "execution.registry_rewards";
  private static final String STEP_EXECUTION_RATE = "execution.conversion_rate";
  private static final String STEP_EXECUTION_TRANSFER = "execution.transfer";
  private static final String STEP_REWARDS_SUPPLY = "rewards.total_supply";
  private static final String STEP_NP_XDR = "node_providers.xdr";
  private static final String STEP_NP_NODES = "node_providers.nodes";
  private static final String STEP_NP_METRICS = "node_providers.metrics";
  private static final String STEP_NP_RATE = "node_providers.rate";
  private static final String STEP_NP_MINT = "node_providers.mint";

  /** Which method claims or refreshes. */
  private enum ClaimKind { MANAGE_NEURON, FROM_ACCOUNT, REFRESH }

  /** A claim or refresh waiting for the ledger balance of the neuron's account. */
  private record Claim(ClaimKind kind, Principal controller, @CandidAs("nat64") long memo, @CandidAs("nat64") long neuronId) {}

  /** Which neuron command. */
  private enum CommandKind { DISBURSE, SPLIT, SPAWN, MERGE }

  /** A neuron command waiting for its ledger transfer {@code index}. */
  private record CommandStep(long commandId, CommandKind kind, long targetId, long sourceId, Optional<Long> created,
      long now, int index) {}

  /** A proposal being executed. */
  private record Execution(long proposalId) {}

  /** A node-provider rewards proposal that has the registry's XDR amounts. */
  private record XdrRewards(long proposalId, Map<String, Long> xdr) {}

  /** A proposal minting through ledger transfer {@code index} of {@code steps}. */
  private record ExecutionTransfers(long proposalId, List<LedgerStep> steps, int index) {}

  /** One subnet's {@code node_metrics_history}. */
  private record SubnetHistory(Principal subnet, List<org.jicp.nns.host.ManagementCalls.NodeMetricsHistoryRecord> records) {}

  /** A month's node-provider rewards gathering its inputs (registry, statistics of each subnet). */
  private record NodeRewardsInputs(long timestamp, long startNanos, Map<String, Long> xdr,
      List<org.jicp.nns.registry.RegistryPayloads.NodeWithProvider> nodes, List<Principal> subnetsLeft,
      List<SubnetHistory> history) {}

  /** A month's node-provider rewards minting through mint {@code index} of {@code plan}. */
  private record NodeRewardsMint(NodeProviderRewards.Plan plan, int index) {}

  /** The governance state machine. */
  public Governance governance() {
    return g;
  }

  // ------------------------------------------------------------------ manage_neuron

  private static Outcome respond(CommandResponse r) {
    return reply(new ManageNeuronResponse(Optional.of(r)));
  }

  private static Outcome error(GovernanceException e) {
    return respond(new CommandResponse.Error(e.toCandid()));
  }

  private long neuronIdOf(GovernanceApi.ManageNeuron m) {
    if (m.id().isPresent()) {
      return m.id().get().id();
    }
    if (m.neuronIdOrSubaccount().isPresent()) {
      GovernanceApi.NeuronIdOrSubaccount x = m.neuronIdOrSubaccount().get();
      if (x instanceof GovernanceApi.NeuronIdOrSubaccount.NeuronId n) {
        return n.value().id();
      }
      Bytes sub = ((GovernanceApi.NeuronIdOrSubaccount.Subaccount) x).value();
      return g.findNeuronBySubaccount(sub).map(Neuron::id).orElseThrow(() ->
          new GovernanceException(ErrorType.NOT_FOUND, "no neuron with subaccount " + sub.toHex()));
    }
    throw new GovernanceException(ErrorType.INVALID_COMMAND, "no neuron id or subaccount given");
  }

  private Outcome manageNeuron(CallContext ctx, GovernanceApi.ManageNeuron m) {
    Principal caller = ctx.caller();
    long now = ctx.timeSeconds();
    try {
      Command c = m.command().orElseThrow(() -> new GovernanceException(ErrorType.INVALID_COMMAND, "no (supported) command"));
      if (c instanceof Command.ClaimOrRefresh cr) {
        return claimOrRefresh(ctx, m, cr.value());
      }
      long id = neuronIdOf(m);
      if (c instanceof Command.Configure cfg) {
        configure(caller, id, cfg.value().operation().orElseThrow(() ->
            new GovernanceException(ErrorType.INVALID_COMMAND, "no operation")), now);
        return respond(new CommandResponse.Configure(new Empty()));
      } else if (c instanceof Command.Follow f) {
        List<Long> followees = new ArrayList<>();
        f.value().followees().forEach(x -> followees.add(x.id()));
        g.follow(caller, id, Topic.of(f.value().topic()), followees);
        return respond(new CommandResponse.Follow(new Empty()));
      } else if (c instanceof Command.RegisterVote v) {
        long pid = v.value().proposal().orElseThrow(() -> new GovernanceException(ErrorType.INVALID_COMMAND, "no proposal")).id();
        g.registerVote(caller, id, pid, Vote.of(v.value().vote()), now);
        return withExecutions(respond(new CommandResponse.RegisterVote(new Empty())), ctx);
      } else if (c instanceof Command.MakeProposal mp) {
        long pid = g.makeProposal(caller, id, mp.value(), now);
        return withExecutions(respond(new CommandResponse.MakeProposal(
            new GovernanceApi.MakeProposalResponse(Optional.of("The proposal has been created successfully."),
                Optional.of(new GovernanceApi.NeuronId(pid))))), ctx);
      } else if (c instanceof Command.Disburse d) {
        AccountIdentifier to = d.value().toAccount().map(x -> new AccountIdentifier(x.hash())).orElse(AccountIdentifier.of(caller));
        Governance.NeuronCommand cmd = g.disburse(caller, id, d.value().amount().map(GovernanceApi.Amount::e8s), to, now);
        return runCommand(cmd, CommandKind.DISBURSE, id, id, now);
      } else if (c instanceof Command.Split s) {
        Governance.NeuronCommand cmd = g.split(caller, id, s.value().amountE8s(), now);
        return runCommand(cmd, CommandKind.SPLIT, id, id, now);
      } else if (c instanceof Command.Spawn sp) {
        Governance.NeuronCommand cmd = g.spawn(caller, id, sp.value().percentageToSpawn().orElse(100),
            sp.value().newController(), sp.value().nonce().orElse(now), now);
        return runCommand(cmd, CommandKind.SPAWN, id, id, now);
      } else if (c instanceof Command.Merge mg) {
        long source = mg.value().sourceNeuronId().orElseThrow(() -> new GovernanceException(ErrorType.INVALID_COMMAND, "no source neuron")).id();
        Governance.NeuronCommand cmd = g.merge(caller, id, source, now);
        return runCommand(cmd, CommandKind.MERGE, id, source, now);
      }
      throw new GovernanceException(ErrorType.INVALID_COMMAND, c.getClass().getSimpleName() + " is not supported by jicp");
    } catch (GovernanceException e) {
      return error(e);
    }
  }

  private void configure(Principal caller, long id, Operation op, long now) {
    if (op instanceof Operation.IncreaseDissolveDelay i) {
      g.increaseDissolveDelay(caller, id, Integer.toUnsignedLong(i.value().additionalDissolveDelaySeconds()), now);
    } else if (op instanceof Operation.SetDissolveTimestamp s) {
      g.setDissolveTimestamp(caller, id, s.value().dissolveTimestampSeconds(), now);
    } else if (op instanceof Operation.StartDissolving) {
      g.startDissolving(caller, id, now);
    } else if (op instanceof Operation.StopDissolving) {
      g.stopDissolving(caller, id, now);
    } else if (op instanceof Operation.AddHotKey h) {
      g.addHotKey(caller, id, h.value().newHotKey().orElseThrow(() -> new GovernanceException(ErrorType.INVALID_PRINCIPAL, "no hot key")));
    } else if (op instanceof Operation.RemoveHotKey h) {
      g.removeHotKey(caller, id, h.value().hotKeyToRemove().orElseThrow(() -> new GovernanceException(ErrorType.INVALID_PRINCIPAL, "no hot key")));
    } else {
      throw new GovernanceException(ErrorType.INVALID_COMMAND, op.getClass().getSimpleName() + " is not supported by jicp");
    }
  }

  private Outcome claimOrRefresh(CallContext ctx, GovernanceApi.ManageNeuron m, GovernanceApi.ClaimOrRefresh cr) {
    GovernanceApi.By by = cr.by().orElseThrow(() -> new GovernanceException(ErrorType.INVALID_COMMAND, "no claim method"));
    if (by instanceof GovernanceApi.By.Memo memo) {
      return claim(new Claim(ClaimKind.MANAGE_NEURON, ctx.caller(), memo.value(), 0));
    } else if (by instanceof GovernanceApi.By.MemoAndController mc) {
      return claim(new Claim(ClaimKind.MANAGE_NEURON, mc.value().controller().orElse(ctx.caller()), mc.value().memo(), 0));
    }
    Neuron n = g.findNeuron(neuronIdOf(m)).orElseThrow(() -> new GovernanceException(ErrorType.NOT_FOUND, "neuron not found"));
    return balanceOf(g.neuronAccount(n.subaccount()), new Claim(ClaimKind.REFRESH, n.controller(), 0, n.id()));
  }

  private Outcome claim(Claim c) {
    return balanceOf(g.neuronAccount(Governance.neuronSubaccount(c.controller(), c.memo())), c);
  }

  /** Asks the ledger for {@code account}'s balance; {@link #claimBalance} continues. */
  private Outcome balanceOf(AccountIdentifier account, Claim c) {
    byte[] arg = encode(new LegacyLedger.AccountBalanceArgs(account.bytes()));
    return await(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "account_balance", arg), STEP_CLAIM_BALANCE, c);
  }

  private static Outcome claimed(ClaimKind kind, long id) {
    if (kind == ClaimKind.FROM_ACCOUNT) {
      return reply(new GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse(
          Optional.of(new GovernanceApi.ClaimResult.NeuronId(new GovernanceApi.NeuronId(id)))));
    }
    return respond(new CommandResponse.ClaimOrRefresh(
        new GovernanceApi.ClaimOrRefreshResponse(Optional.of(new GovernanceApi.NeuronId(id)))));
  }

  private static Outcome claimFailed(ClaimKind kind, GovernanceException e) {
    if (kind == ClaimKind.FROM_ACCOUNT) {
      return reply(new GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse(
          Optional.of(new GovernanceApi.ClaimResult.Error(e.toCandid()))));
    }
    return error(e);
  }

  private Outcome claimBalance(CallContext ctx, Bytes context, Response r) {
    Claim c = context(context, Claim.class);
    if (r instanceof Response.Reject rej) {
      // As before: a ledger reject is a GovernanceError of manage_neuron's shape, whichever method.
      return error(new GovernanceException(ErrorType.EXTERNAL, "the ledger rejected account_balance: " + rej.message()));
    }
    long balance = decode(((Response.Reply) r).bytes(), LegacyLedger.Tokens.class).e8s();
    try {
      if (c.kind() == ClaimKind.REFRESH) {
        g.refreshNeuron(c.neuronId(), balance, ctx.timeSeconds());
        return claimed(c.kind(), c.neuronId());
      }
      return claimed(c.kind(), g.claimOrRefreshNeuron(c.controller(), c.memo(), balance, ctx.timeSeconds()));
    } catch (GovernanceException e) {
      return claimFailed(c.kind(), e);
    }
  }

  /** Runs a neuron command's ledger steps one after the other, reporting each to governance. */
  private Outcome runCommand(Governance.NeuronCommand cmd, CommandKind kind, long targetId, long sourceId, long now) {
    return transfer(cmd.steps().get(0), STEP_COMMAND_TRANSFER,
        new CommandStep(cmd.id(), kind, targetId, sourceId, cmd.createdNeuronId(), now, 0));
  }

  private Outcome commandTransferred(CallContext ctx, Bytes context, Response r) {
    CommandStep c = context(context, CommandStep.class);
    String failure = transferFailure(r);
    if (failure != null) {
      g.commandFailed(c.commandId());
      return error(new GovernanceException(ErrorType.EXTERNAL, "ledger transfer failed: " + failure));
    }
    long block = transferBlock(r);
    List<LedgerStep> steps = g.pendingCommand(c.commandId()).orElseThrow(() ->
        new IllegalStateException("no command " + c.commandId() + " in progress")).steps();
    boolean complete = g.commandStepSucceeded(c.commandId(), block);
    if (!complete) {
      int next = c.index() + 1;
      return transfer(steps.get(next), STEP_COMMAND_TRANSFER,
          new CommandStep(c.commandId(), c.kind(), c.targetId(), c.sourceId(), c.created(), c.now(), next));
    }
    long now = c.now();
    return switch (c.kind()) {
      case DISBURSE -> respond(new CommandResponse.Disburse(new GovernanceApi.DisburseResponse(block)));
      case SPLIT -> respond(new CommandResponse.Split(new GovernanceApi.SpawnResponse(c.created().map(GovernanceApi.NeuronId::new))));
      case SPAWN -> respond(new CommandResponse.Spawn(new GovernanceApi.SpawnResponse(c.created().map(GovernanceApi.NeuronId::new))));
      case MERGE -> respond(new CommandResponse.Merge(new GovernanceApi.MergeResponse(
          g.findNeuron(c.targetId()).map(n -> neuronInfo(n, now)), g.findNeuron(c.sourceId()).map(n -> neuronInfo(n, now)))));
    };
  }

  /** Makes ledger transfer {@code s}; {@code step} continues with {@code context}. */
  private Outcome transfer(LedgerStep s, String step, Object context) {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(s.memo(), new LegacyLedger.Tokens(s.amountE8s()),
        new LegacyLedger.Tokens(s.feeE8s()), s.fromSubaccount(), s.to().bytes(), Optional.empty());
    return await(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "transfer", encode(arg)), step, context);
  }

  /** Why a ledger {@code transfer} failed, or null if it made a block. */
  private static String transferFailure(Response r) {
    if (r instanceof Response.Reject rej) {
      return rej.message();
    }
    LegacyLedger.TransferResult t = decode(((Response.Reply) r).bytes(), LegacyLedger.TransferResult.class);
    return t instanceof LegacyLedger.TransferResult.Err err ? err.value().toString() : null;
  }

  /** The block of a ledger {@code transfer} that succeeded. */
  private static long transferBlock(Response r) {
    return ((LegacyLedger.TransferResult.Ok) decode(((Response.Reply) r).bytes(), LegacyLedger.TransferResult.class)).value();
  }

  // ------------------------------------------------------------------ heartbeat and executions

  /**
   * The answer to a command that may have adopted proposals: the reply only. Adopted proposals are
   * executed by the next {@link #heartbeat} (every round), whose calls answer nobody: a hosted
   * canister cannot reply and keep calling in one step.
   */
  private Outcome withExecutions(Outcome reply, CallContext ctx) {
    return reply;
  }

  private List<Outcome> executions(CallContext ctx) {
    List<Outcome> out = new ArrayList<>();
    for (ProposalExecution e : g.takePendingExecutions()) {
      out.add(execute(e, ctx.timeSeconds()));
    }
    return out;
  }

  private Outcome execute(ProposalExecution e, long now) {
    long id = e.proposalId();
    if (e instanceof ProposalExecution.CallCanister c) {
      return await(new OutgoingCall(c.target().principal(), c.method(), c.payload(), org.jicp.types.Cycles.ZERO),
          STEP_EXECUTION_CALL, new Execution(id));
    } else if (e instanceof ProposalExecution.Transfers t) {
      return transfers(new ExecutionTransfers(id, t.transfers(), 0), now);
    }
    byte[] empty = org.jicp.candid.CandidEncoder.empty();
    return await(OutgoingCall.of(NnsCanisterIds.REGISTRY.principal(), "get_node_providers_monthly_xdr_rewards", empty),
        STEP_EXECUTION_REWARDS, new Execution(id));
  }

  private Outcome executionCalled(CallContext ctx, Bytes context, Response r) {
    long id = context(context, Execution.class).proposalId();
    if (r instanceof Response.Reject rej) {
      g.executionFailed(id, rej.message(), ctx.timeSeconds());
    } else {
      g.executionSucceeded(id, ctx.timeSeconds());
    }
    return Outcome.done();
  }

  private Outcome registryRewards(CallContext ctx, Bytes context, Response r) {
    long id = context(context, Execution.class).proposalId();
    if (r instanceof Response.Reject rej) {
      g.executionFailed(id, "registry: " + rej.message(), ctx.timeSeconds());
      return Outcome.done();
    }
    RegistryCanister.RewardsResult rr = decode(((Response.Reply) r).bytes(), RegistryCanister.RewardsResult.class);
    if (!(rr instanceof RegistryCanister.RewardsResult.Ok ok)) {
      g.executionFailed(id, "registry: " + rr, ctx.timeSeconds());
      return Outcome.done();
    }
    byte[] empty = org.jicp.candid.CandidEncoder.empty();
    return await(OutgoingCall.of(NnsCanisterIds.CYCLES_MINTING.principal(), "get_average_icp_xdr_conversion_rate", empty),
        STEP_EXECUTION_RATE, new XdrRewards(id, new TreeMap<>(ok.value().rewards())));
  }

  private Outcome conversionRate(CallContext ctx, Bytes context, Response r) {
    XdrRewards x = context(context, XdrRewards.class);
    if (r instanceof Response.Reject rej) {
      g.executionFailed(x.proposalId(), "cycles minting: " + rej.message(), ctx.timeSeconds());
      return Outcome.done();
    }
    CmcApi.IcpXdrConversionRateResponse rate = decode(((Response.Reply) r).bytes(), CmcApi.IcpXdrConversionRateResponse.class);
    return transfers(new ExecutionTransfers(x.proposalId(),
        g.nodeProviderRewardTransfers(x.xdr(), rate.data().xdrPermyriadPerIcp()), 0), ctx.timeSeconds());
  }

  private Outcome transfers(ExecutionTransfers t, long now) {
    if (t.index() == t.steps().size()) {
      g.executionSucceeded(t.proposalId(), now);
      return Outcome.done();
    }
    return transfer(t.steps().get(t.index()), STEP_EXECUTION_TRANSFER, t);
  }

  private Outcome executionTransferred(CallContext ctx, Bytes context, Response r) {
    ExecutionTransfers t = context(context, ExecutionTransfers.class);
    String failure = transferFailure(r);
    if (failure != null) {
      g.executionFailed(t.proposalId(), "mint failed: " + failure, ctx.timeSeconds());
      return Outcome.done();
    }
    return transfers(new ExecutionTransfers(t.proposalId(), t.steps(), t.index() + 1), ctx.timeSeconds());
  }

  private Outcome totalSupply(CallContext ctx, Bytes context, Response r) {
    if (r instanceof Response.Reply rep) {
      g.distributeRewards(ctx.timeSeconds(), decode(rep.bytes(), BigInteger.class).longValueExact());
    }
    return Outcome.done();
  }

  // ------------------------------------------------------------------ monthly node-provider rewards

  private Outcome startNodeProviderRewards(long now) {
    g.beginNodeProviderRewards(now);
    NodeProviderRewards.ScheduleState s = g.nodeProviderRewardsSchedule();
    long since = s.mostRecent().map(NodeProviderRewards.MonthlyNodeProviderRewards::timestamp).orElse(s.startedAt().orElseThrow());
    return await(OutgoingCall.of(NnsCanisterIds.REGISTRY.principal(), "get_node_providers_monthly_xdr_rewards",
        org.jicp.candid.CandidEncoder.empty()), STEP_NP_XDR,
        new NodeRewardsInputs(now, Math.multiplyExact(since, 1_000_000_000L), Map.of(), List.of(), List.of(), List.of()));
  }

  private Outcome nodeProvidersXdr(CallContext ctx, Bytes context, Response r) {
    NodeRewardsInputs in = context(context, NodeRewardsInputs.class);
    if (r instanceof Response.Reject rej) {
      return nodeRewardsFailed(ctx, "registry: " + rej.message());
    }
    RegistryCanister.RewardsResult rr = decode(((Response.Reply) r).bytes(), RegistryCanister.RewardsResult.class);
    if (!(rr instanceof RegistryCanister.RewardsResult.Ok ok)) {
      return nodeRewardsFailed(ctx, "registry: " + rr);
    }
    return await(OutgoingCall.of(NnsCanisterIds.REGISTRY.principal(), "get_nodes_with_providers",
        org.jicp.candid.CandidEncoder.empty()), STEP_NP_NODES, new NodeRewardsInputs(in.timestamp(), in.startNanos(),
        new TreeMap<>(ok.value().rewards()), List.of(), List.of(), List.of()));
  }

  private Outcome nodeProvidersNodes(CallContext ctx, Bytes context, Response r) {
    NodeRewardsInputs in = context(context, NodeRewardsInputs.class);
    if (r instanceof Response.Reject rej) {
      return nodeRewardsFailed(ctx, "registry: " + rej.message());
    }
    var nodes = decode(((Response.Reply) r).bytes(), org.jicp.nns.registry.RegistryPayloads.NodesWithProviders.class).nodes();
    java.util.TreeSet<Principal> subnets = new java.util.TreeSet<>();
    nodes.forEach(n -> n.subnetId().ifPresent(subnets::add));
    return nextSubnetMetrics(new NodeRewardsInputs(in.timestamp(), in.startNanos(), in.xdr(), nodes,
        new ArrayList<>(subnets), List.of()));
  }

  /** Asks the management canister for the next subnet's statistics, or the rate when none is left. */
  private Outcome nextSubnetMetrics(NodeRewardsInputs in) {
    if (in.subnetsLeft().isEmpty()) {
      return await(OutgoingCall.of(NnsCanisterIds.CYCLES_MINTING.principal(), "get_average_icp_xdr_conversion_rate",
          org.jicp.candid.CandidEncoder.empty()), STEP_NP_RATE, in);
    }
    byte[] arg = encode(new org.jicp.nns.host.ManagementCalls.NodeMetricsHistoryArgs(in.subnetsLeft().get(0), in.startNanos()));
    return await(OutgoingCall.of(Principal.managementCanister(), org.jicp.nns.host.NodeMetricsHistory.METHOD, arg),
        STEP_NP_METRICS, in);
  }

  private Outcome nodeProvidersMetrics(CallContext ctx, Bytes context, Response r) {
    NodeRewardsInputs in = context(context, NodeRewardsInputs.class);
    List<SubnetHistory> history = new ArrayList<>(in.history());
    if (r instanceof Response.Reply rep) {
      // A subnet whose statistics cannot be read counts as one without blocks (full rewards).
      history.add(new SubnetHistory(in.subnetsLeft().get(0),
          org.jicp.nns.NnsCandid.MAPPER.decode(rep.bytes().toByteArray(), org.jicp.nns.host.NodeMetricsHistory.HISTORY)));
    }
    return nextSubnetMetrics(new NodeRewardsInputs(in.timestamp(), in.startNanos(), in.xdr(), in.nodes(),
        in.subnetsLeft().subList(1, in.subnetsLeft().size()), history));
  }

  private Outcome nodeProvidersRate(CallContext ctx, Bytes context, Response r) {
    NodeRewardsInputs in = context(context, NodeRewardsInputs.class);
    if (r instanceof Response.Reject rej) {
      return nodeRewardsFailed(ctx, "cycles minting: " + rej.message());
    }
    CmcApi.IcpXdrConversionRateResponse rate = decode(((Response.Reply) r).bytes(), CmcApi.IcpXdrConversionRateResponse.class);
    Map<Principal, List<org.jicp.nns.host.ManagementCalls.NodeMetricsHistoryRecord>> history = new TreeMap<>();
    in.history().forEach(h -> history.put(h.subnet(), h.records()));
    return nodeProviderMints(new NodeRewardsMint(g.planNodeProviderRewards(in.xdr(), in.nodes(), history,
        rate.data().xdrPermyriadPerIcp()), 0));
  }

  /** Mints the next positive amount of the plan, or records the month when all are done. */
  private Outcome nodeProviderMints(NodeRewardsMint m) {
    for (int i = m.index(); i < m.plan().mints().size(); i++) {
      if (m.plan().mints().get(i).amountE8s() > 0) {
        return transfer(m.plan().mints().get(i), STEP_NP_MINT, new NodeRewardsMint(m.plan(), i));
      }
    }
    g.completeNodeProviderRewards(m.plan());
    return Outcome.done();
  }

  private Outcome nodeProvidersMinted(CallContext ctx, Bytes context, Response r) {
    NodeRewardsMint m = context(context, NodeRewardsMint.class);
    NodeProviderRewards.Plan plan = m.plan();
    if (transferFailure(r) == null) {
      List<NodeProviderRewards.ProviderReward> providers = new ArrayList<>(plan.providers());
      NodeProviderRewards.ProviderReward p = providers.get(m.index());
      providers.set(m.index(), new NodeProviderRewards.ProviderReward(p.provider(), p.registryXdrPermyriad(), p.multiplierPpm(),
          p.xdrPermyriad(), p.amountE8s(), true));
      plan = new NodeProviderRewards.Plan(plan.timestamp(), plan.mints(), providers, plan.xdrPermyriadPerIcp(),
          plan.performance(), plan.totals());
    }
    return nodeProviderMints(new NodeRewardsMint(plan, m.index() + 1));
  }

  private Outcome nodeRewardsFailed(CallContext ctx, String reason) {
    g.failNodeProviderRewards(ctx.timeSeconds(), reason);
    return Outcome.done();
  }

  @Override
  public Outcome heartbeat(CallContext ctx) {
    long now = ctx.timeSeconds();
    g.processProposals(now);
    List<Outcome> out = new ArrayList<>(executions(ctx));
    if (g.nodeProviderRewardsDue(now)) {
      out.add(startNodeProviderRewards(now));
    }
    if (g.rewardsDue(now)) {
      out.add(await(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "icrc1_total_supply",
          org.jicp.candid.CandidEncoder.empty()), STEP_REWARDS_SUPPLY, Bytes.EMPTY));
    }
    return out.isEmpty() ? Outcome.done() : new Outcome.All(out);
  }

  @Override
  public boolean hasHeartbeat() {
    return true;
  }

  @Override
  public boolean hasOutstandingWork() {
    return g.hasCommandsInProgress();
  }

  // ------------------------------------------------------------------ views

  /** The Candid {@code Neuron} of {@code n}. */
  public static GovernanceApi.Neuron fullNeuron(Neuron n) {
    Map<Integer, GovernanceApi.Followees> followees = new TreeMap<>();
    n.followees().forEach((t, l) -> {
      List<GovernanceApi.NeuronId> ids = new ArrayList<>();
      l.forEach(x -> ids.add(new GovernanceApi.NeuronId(x)));
      followees.put(t.number(), new GovernanceApi.Followees(ids));
    });
    GovernanceApi.DissolveState ds = n.dissolveState() instanceof Neuron.DissolveState.NotDissolving nd
        ? new GovernanceApi.DissolveState.DissolveDelaySeconds(nd.dissolveDelaySeconds())
        : new GovernanceApi.DissolveState.WhenDissolvedTimestampSeconds(
            ((Neuron.DissolveState.Dissolving) n.dissolveState()).whenDissolvedTimestampSeconds());
    return new GovernanceApi.Neuron(Optional.of(new GovernanceApi.NeuronId(n.id())), Optional.empty(),
        Optional.of(n.controller()), List.of(), n.kycVerified(), n.notForProfit(), n.maturityE8sEquivalent(),
        n.cachedNeuronStakeE8s(), n.createdTimestampSeconds(),
        n.agingSinceTimestampSeconds() == Long.MAX_VALUE ? -1L : n.agingSinceTimestampSeconds(),
        n.hotKeys(), n.account(), Optional.of(ds), followees, n.neuronFeesE8s());
  }

  /** The Candid {@code NeuronInfo} of {@code n} at {@code now}. */
  public static GovernanceApi.NeuronInfo neuronInfo(Neuron n, long now) {
    return new GovernanceApi.NeuronInfo(n.dissolveDelaySeconds(now), List.of(), n.createdTimestampSeconds(),
        n.state(now).number(), n.stakeE8s(), now, n.votingPower(now), n.ageSeconds(now));
  }

  /** The Candid {@code ProposalInfo} of {@code p}, with the ballots of the caller's neurons. */
  public GovernanceApi.ProposalInfo proposalInfo(ProposalData p, Principal caller, long now) {
    List<GovernanceApi.BallotEntry> mine = new ArrayList<>();
    for (long n : g.neuronIdsOf(caller)) {
      g.ballot(p.id(), n).ifPresent(b -> mine.add(new GovernanceApi.BallotEntry(n,
          new GovernanceApi.Ballot(b.vote().number(), b.votingPower()))));
    }
    return new GovernanceApi.ProposalInfo(Optional.of(new GovernanceApi.NeuronId(p.id())), p.status().number(),
        p.topic().number(), p.failureReason(), mine, p.proposalTimestampSeconds(), p.rewardEventRound(),
        Optional.of(p.deadlineTimestampSeconds()), p.failedTimestampSeconds(), p.rejectCostE8s(),
        Optional.of(new GovernanceApi.Tally(p.no(), p.yes(), p.total(), p.tallyTimestampSeconds())),
        p.rewardStatus(now).number(), p.decidedTimestampSeconds(), Optional.of(p.proposal()),
        Optional.of(new GovernanceApi.NeuronId(p.proposer())), p.executedTimestampSeconds());
  }

  private GovernanceApi.ListProposalInfoResponse listProposals(GovernanceApi.ListProposalInfo req, CallContext ctx) {
    List<ProposalData> all = new ArrayList<>(g.proposals());
    all.sort(Comparator.comparingLong(ProposalData::id).reversed());
    List<GovernanceApi.ProposalInfo> out = new ArrayList<>();
    long before = req.beforeProposal().map(GovernanceApi.NeuronId::id).orElse(Long.MAX_VALUE);
    int limit = req.limit() <= 0 ? 100 : Math.min(req.limit(), 100);
    for (ProposalData p : all) {
      if (p.id() >= before || req.excludeTopic().contains(p.topic().number())) {
        continue;
      }
      if (!req.includeStatus().isEmpty() && !req.includeStatus().contains(p.status().number())) {
        continue;
      }
      if (!req.includeRewardStatus().isEmpty() && !req.includeRewardStatus().contains(p.rewardStatus(ctx.timeSeconds()).number())) {
        continue;
      }
      out.add(proposalInfo(p, ctx.caller(), ctx.timeSeconds()));
      if (out.size() >= limit) {
        break;
      }
    }
    return new GovernanceApi.ListProposalInfoResponse(out);
  }

  // ------------------------------------------------------------------ state

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    return g.atomic(body);
  }

  @Override
  public Bytes saveState() {
    return GovernanceState.save(g);
  }

  /** The canister rebuilt from {@link #saveState()}'s bytes. */
  public static GovernanceCanister restore(Bytes state) {
    return new GovernanceCanister(GovernanceState.restore(state));
  }
}
