package org.jicp.nns.demo;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.Neuron;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.governance.ProposalData;
import org.jicp.nns.governance.ProposalStatus;
import org.jicp.nns.governance.Topic;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.types.SubnetType;
import org.jicp.nns.registry.pb.CatchUpPackageContents;

/**
 * {@code jicp nns demo}: a scripted life of an NNS on a virtual clock, printed step by step —
 * genesis with a system subnet and two application subnets, neurons staked and following, a
 * proposal creating a 34-node fiduciary subnet adopted by following and executed (registry, DKG,
 * cycles minting), an application subnet split and merged back by proposals, ICP converted to cycles
 * and a canister created on the fiduciary subnet, a day of voting rewards — ending with the registry
 * version and a summary table. Deterministic: the same seed prints the same story.
 */
public final class NnsDemo {
  static final Principal ALICE = Principal.selfAuthenticating("alice".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  static final Principal BOB = Principal.selfAuthenticating("bob".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  static final Principal CAROL = Principal.selfAuthenticating("carol".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  static final long E8 = NnsNetwork.E8S;
  static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;

  private final PrintWriter out;
  private final Map<Principal, String> names = new LinkedHashMap<>();
  private NnsNetwork net;
  private int failures;

  /** A demo printing to {@code out}. */
  public NnsDemo(PrintWriter out) {
    this.out = out;
    names.put(ALICE, "alice");
    names.put(BOB, "bob");
    names.put(CAROL, "carol");
  }

  /** Runs the demo; returns whether every check passed. */
  public boolean run() {
    long start = NnsNetwork.IC_GENESIS_SECONDS + 1000 * GovernanceConstants.ONE_DAY_SECONDS;
    out.println("jicp nns demo — the Network Nervous System of the Internet Computer, in process, on a virtual clock");
    out.println();
    net = NnsNetwork.genesis(new NnsNetwork.Spec(Bytes.fromHex("6a696370"), start, 4, List.of(4, 4), SubnetType.FIDUCIARY_NODE_COUNT,
        Map.of(ALICE, 2_000 * E8, BOB, 1_000 * E8, CAROL, 1_000 * E8), 50_000));
    Registry reg = net.registry().registry();
    SubnetId appA = net.applicationSubnets().get(0);
    step("genesis");
    say("registry version %d: %d data centers, 1 node operator, %d nodes, %d subnets", reg.latestVersion().value(), 2,
        reg.nodeIds().size(), reg.subnetIds().size());
    subnetTable(reg);
    say("ledger: total supply %s ICP; cycles minting: 1 ICP = %s XDR, 1 XDR = 10^12 cycles",
        icp(net.ledger().ledger().icrc1TotalSupply()), xdr(net.cmc().cyclesMinting().icpXdrConversionRate().xdrPermyriadPerIcp()));
    out.println();

    step("1. neurons are staked");
    long alice = stake(ALICE, 1_000);
    long bob = stake(BOB, 600);
    long carol = stake(CAROL, 400);
    follow(BOB, bob, Topic.SUBNET_MANAGEMENT, alice);
    follow(CAROL, carol, Topic.UNSPECIFIED, alice);
    out.println();

    step("2. a fiduciary subnet is proposed, adopted by following and executed");
    List<Principal> fiduciaryNodes = net.spareNodes().stream().map(k -> k.nodeId().principal()).toList();
    List<SubnetId> before = reg.subnetIds();
    long p1 = propose(alice, "Create a fiduciary subnet", NnsFunction.CREATE_SUBNET,
        RegistryPayloads.CreateSubnetPayload.withDefaults(fiduciaryNodes, SubnetType.APPLICATION, NnsNetwork.REPLICA_VERSION));
    SubnetId fiduciary = reg.subnetIds().stream().filter(s -> !before.contains(s)).findFirst().orElse(null);
    check(fiduciary != null && reg.members(fiduciary).size() == SubnetType.FIDUCIARY_NODE_COUNT, "the fiduciary subnet exists with 34 nodes");
    if (fiduciary == null) {
      return summary();
    }
    say("registry: subnet %s created with %d nodes, genesis CUP from setup_initial_dkg, version %d",
        shortId(fiduciary), reg.members(fiduciary).size(), reg.latestVersion().value());
    long[] scale = SubnetType.APPLICATION.feeScale(SubnetType.FIDUCIARY_NODE_COUNT);
    say("fees on it scale by %d/%d = %.2fx the 13-node price", scale[0], scale[1], (double) scale[0] / scale[1]);
    propose(alice, "Mark the new subnet fiduciary", NnsFunction.CHANGE_SUBNET_TYPE_ASSIGNMENT,
        new CmcApi.ChangeSubnetTypeAssignmentArgs.Add(new CmcApi.SubnetListWithType(List.of(fiduciary.principal()), CyclesMinting.FIDUCIARY)),
        CmcApi.ChangeSubnetTypeAssignmentArgs.class);
    say("cycles minting: subnet type \"fiduciary\" = %s", net.cmc().cyclesMinting().subnetTypesToSubnets().get(CyclesMinting.FIDUCIARY)
        .stream().map(NnsDemo::shortId).toList());
    out.println();

    step("3. an application subnet is split");
    List<RegistryPayloads.CanisterIdRange> ranges = reg.rangesOf(appA);
    RegistryPayloads.CanisterIdRange whole = ranges.get(0);
    long first = whole.startIndex();
    long last = whole.endIndex();
    long mid = first + (last - first + 1) / 2;
    RegistryPayloads.CanisterIdRange upper = RegistryPayloads.CanisterIdRange.ofIndices(mid, last);
    List<Principal> half = reg.members(appA).subList(2, 4).stream().map(n -> n.principal()).toList();
    List<SubnetId> beforeSplit = reg.subnetIds();
    propose(alice, "Split subnet " + shortId(appA), NnsFunction.SPLIT_SUBNET,
        new RegistryPayloads.SplitSubnetPayload(List.of(upper), half, appA.principal()));
    SubnetId split = reg.subnetIds().stream().filter(s -> !beforeSplit.contains(s)).findFirst().orElse(null);
    check(split != null, "the split created a subnet");
    if (split == null) {
      return summary();
    }
    CatchUpPackageContents srcCup = reg.cupContents(appA).orElseThrow();
    say("subnet %s keeps %d nodes and ranges %s; its CUP is post-split (destination %s)", shortId(appA), reg.members(appA).size(),
        rangesText(reg.rangesOf(appA)), srcCup.hasSubnetSplitting() ? shortId(split) : "?");
    say("new subnet %s: %d nodes, ranges %s, genesis CUP", shortId(split), reg.members(split).size(), rangesText(reg.rangesOf(split)));
    propose(alice, "Complete the split's canister migration", NnsFunction.COMPLETE_CANISTER_MIGRATION,
        new RegistryPayloads.CompleteCanisterMigrationPayload(List.of(upper), List.of(appA.principal(), split.principal())));
    check(reg.canisterMigrations().getEntriesCount() == 0, "the canister migration is complete");
    out.println();

    step("4. and merged back");
    propose(alice, "Merge subnet " + shortId(split) + " back", NnsFunction.MERGE_SUBNETS,
        new RegistryPayloads.MergeSubnetsPayload(split.principal(), appA.principal(), 5_000, net.host().nowNanos(), Bytes.of(new byte[32])));
    check(!reg.subnetIds().contains(split) && reg.members(appA).size() == 4 && reg.rangesOf(appA).equals(ranges),
        "the merge restored the subnet");
    CatchUpPackageContents cup = reg.cupContents(appA).orElseThrow();
    say("subnet %s: %d nodes, ranges %s, recovery CUP at height %d; subnet %s retired", shortId(appA), reg.members(appA).size(),
        rangesText(reg.rangesOf(appA)), cup.getRecovery().getHeight(), shortId(split));
    out.println();

    step("5. ICP becomes cycles and a canister");
    long block = pay(ALICE, Subaccount.ofPrincipal(ALICE), 10 * E8, CyclesMinting.MEMO_CREATE_CANISTER);
    say("alice sends 10 ICP to the cycles minting canister (memo CREA): ledger block %d", block);
    CmcApi.NotifyCreateCanisterResult created = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.of(CyclesMinting.FIDUCIARY)), CmcApi.NotifyCreateCanisterResult.class);
    Principal canister = created instanceof CmcApi.NotifyCreateCanisterResult.Ok ok ? ok.value() : null;
    check(canister != null, "notify_create_canister created a canister: " + created);
    if (canister == null) {
      return summary();
    }
    SubnetId hostedOn = net.host().subnetOf(canister).orElseThrow();
    check(hostedOn.equals(fiduciary) && net.host().canisterState(canister).isPresent(), "the canister exists on the fiduciary subnet");
    say("notify_create_canister(subnet_type = fiduciary) → canister %s on subnet %s with %s cycles", canister,
        shortId(hostedOn), tc(net.host().cyclesBalance(canister).value()));
    CmcApi.NotifyCreateCanisterResult again = net.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_create_canister",
        new CmcApi.NotifyCreateCanisterArg(block, ALICE, Optional.of(CyclesMinting.FIDUCIARY)), CmcApi.NotifyCreateCanisterResult.class);
    int onFiduciary = net.host().state(fiduciary).canisters().size();
    check(again.equals(created) && onFiduciary == 1, "notifying twice creates one canister");
    say("notified again: same answer, still %d canister (exactly once)", onFiduciary);
    long topUp = pay(BOB, CyclesMinting.topUpSubaccount(canister), 2 * E8, CyclesMinting.MEMO_TOP_UP_CANISTER);
    CmcApi.NotifyTopUpResult topped = net.update(BOB, NnsCanisterIds.CYCLES_MINTING, "notify_top_up",
        new CmcApi.NotifyTopUpArg(topUp, canister), CmcApi.NotifyTopUpResult.class);
    check(topped instanceof CmcApi.NotifyTopUpResult.Ok, "the top-up succeeded");
    say("bob tops it up with 2 ICP (memo TPUP) → +%s cycles, now %s", topped instanceof CmcApi.NotifyTopUpResult.Ok t ? tc(t.value()) : "?",
        tc(net.host().cyclesBalance(canister).value()));
    out.println();

    step("6. days pass: proposals settle and voting rewards become maturity");
    net.host().advanceTime(Duration.ofDays(5));
    net.host().tick();
    GovernanceApi.RewardEvent e = net.governance().governance().latestRewardEvent();
    check(!e.settledProposals().isEmpty() && e.distributedE8sEquivalent() > 0, "a reward event settled the proposals");
    say("reward event of day %d: pool %s ICP, %s ICP distributed over %d settled proposals",
        e.dayAfterGenesis(), icp(BigInteger.valueOf(e.totalAvailableE8sEquivalent())),
        icp(BigInteger.valueOf(e.distributedE8sEquivalent())), e.settledProposals().size());
    for (long n : List.of(alice, bob, carol)) {
      Neuron x = net.governance().governance().findNeuron(n).orElseThrow();
      say("neuron %d (%s): maturity %s ICP", n, names.get(x.controller()), icp(BigInteger.valueOf(x.maturityE8sEquivalent())));
    }
    out.println();
    return summary();
  }

  private boolean summary() {
    Registry reg = net.registry().registry();
    step("summary");
    say("registry version %d", reg.latestVersion().value());
    subnetTable(reg);
    out.println();
    say("%-8s %-10s %14s %18s %10s", "neuron", "controller", "stake (ICP)", "voting power (ICP)", "followees");
    for (Neuron n : net.governance().governance().neurons()) {
      say("%-8d %-10s %14s %18s %10d", n.id(), names.getOrDefault(n.controller(), "?"), icp(BigInteger.valueOf(n.stakeE8s())),
          icp(BigInteger.valueOf(n.votingPower(net.host().nowNanos() / 1_000_000_000L))),
          n.followees().values().stream().mapToInt(List::size).sum());
    }
    out.println();
    say("%-9s %-44s %-9s %20s", "proposal", "title", "status", "yes / total (ICP VP)");
    for (ProposalData p : net.governance().governance().proposals()) {
      say("%-9d %-44s %-9s %20s", p.id(), p.proposal().title().orElse(""), p.status().name().toLowerCase(java.util.Locale.ROOT),
          icp(BigInteger.valueOf(p.yes())) + " / " + icp(BigInteger.valueOf(p.total())));
    }
    out.println();
    say("ledger: %d blocks, total supply %s ICP; cycles minted %s; canisters created %d",
        net.ledger().ledger().blockCount(), icp(net.ledger().ledger().icrc1TotalSupply()),
        tc(net.cmc().cyclesMinting().totalCyclesMinted()), canistersCreated());
    say("NNS subnet: %d rounds, %d messages executed (ingress, calls between canisters, management)",
        net.host().state().height().value(), net.host().state().metadata().updateTransactionsTotal());
    out.println(failures == 0 ? "demo: all checks passed" : "demo: " + failures + " check(s) FAILED");
    out.flush();
    net.close();
    return failures == 0;
  }

  private int canistersCreated() {
    int n = 0;
    for (SubnetId s : net.host().runningSubnets()) {
      if (!s.equals(net.systemSubnet())) {
        n += net.host().state(s).canisters().size();
      }
    }
    return n;
  }

  // ------------------------------------------------------------------ steps

  private long stake(Principal who, long icp) {
    long memo = 1;
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(), Optional.of(Governance.neuronSubaccount(who, memo).bytes()));
    Icrc1.TransferResult t = net.update(who, NnsCanisterIds.LEDGER, "icrc1_transfer", Icrc1.TransferArg.of(neuronAccount, icp * E8),
        Icrc1.TransferResult.class);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = net.update(who, NnsCanisterIds.GOVERNANCE,
        "claim_or_refresh_neuron_from_account", new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = r.result().orElseThrow() instanceof GovernanceApi.ClaimResult.NeuronId n ? n.value().id() : -1;
    check(id > 0 && t instanceof Icrc1.TransferResult.Ok, "claimed a neuron for " + names.get(who));
    manage(who, id, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(Optional.of(
        new GovernanceApi.Operation.IncreaseDissolveDelay(new GovernanceApi.IncreaseDissolveDelay((int) GovernanceConstants.ONE_YEAR_SECONDS))))));
    Neuron n = net.governance().governance().findNeuron(id).orElseThrow();
    say("%-5s stakes %,6d ICP (ledger block %s) → neuron %d, dissolve delay 1 year, voting power %s ICP", names.get(who), icp,
        ((Icrc1.TransferResult.Ok) t).value(), id, icp(BigInteger.valueOf(n.votingPower(net.host().nowNanos() / 1_000_000_000L))));
    return id;
  }

  private void follow(Principal who, long neuron, Topic topic, long followee) {
    GovernanceApi.CommandResponse r = manage(who, neuron, new GovernanceApi.Command.Follow(
        new GovernanceApi.Follow(topic.number(), List.of(new GovernanceApi.NeuronId(followee)))));
    check(r instanceof GovernanceApi.CommandResponse.Follow, "follow");
    say("%-5s's neuron %d follows neuron %d on %s", names.get(who), neuron, followee,
        topic == Topic.UNSPECIFIED ? "every topic (catch-all)" : topic.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  private long propose(long neuron, String title, NnsFunction f, Object payload) {
    return propose(neuron, title, f, payload, payload.getClass());
  }

  private long propose(long neuron, String title, NnsFunction f, Object payload, Class<?> type) {
    GovernanceApi.Proposal p = new GovernanceApi.Proposal("https://example.org/jicp", Optional.of(title),
        Optional.of(new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(f.number(),
            Bytes.of(CANDID.encodeAs(type, payload))))), "A jicp demo proposal.");
    long version = net.registry().registry().latestVersion().value();
    GovernanceApi.CommandResponse r = manage(ALICE, neuron, new GovernanceApi.Command.MakeProposal(p));
    if (!(r instanceof GovernanceApi.CommandResponse.MakeProposal mp)) {
      check(false, "proposal \"" + title + "\" was accepted: " + r);
      return -1;
    }
    long id = mp.value().proposalId().orElseThrow().id();
    ProposalData d = net.governance().governance().proposal(id);
    List<String> votes = new ArrayList<>();
    net.governance().governance().ballots(id).forEach((n, b) -> votes.add("neuron " + n + " " + b.vote().name().toLowerCase(java.util.Locale.ROOT)));
    say("proposal %d \"%s\" (%s, topic %s)", id, title, f.name().toLowerCase(java.util.Locale.ROOT),
        d.topic().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    say("  ballots: %s", String.join(", ", votes));
    say("  tally: yes %s of %s ICP voting power → %s at %s; registry version %d → %d", icp(BigInteger.valueOf(d.yes())),
        icp(BigInteger.valueOf(d.total())), d.status().name().toLowerCase(java.util.Locale.ROOT),
        Instant.ofEpochSecond(d.decidedTimestampSeconds()), version, net.registry().registry().latestVersion().value());
    check(d.status() == ProposalStatus.EXECUTED, "proposal " + id + " executed (" + d.status() + d.failureReason().map(x -> ": " + x.errorMessage()).orElse("") + ")");
    return id;
  }

  private GovernanceApi.CommandResponse manage(Principal who, long neuron, GovernanceApi.Command c) {
    return net.update(who, NnsCanisterIds.GOVERNANCE, "manage_neuron", GovernanceApi.ManageNeuron.of(neuron, c),
        GovernanceApi.ManageNeuronResponse.class).command().orElseThrow();
  }

  private long pay(Principal who, Subaccount sub, long e8s, long memo) {
    LegacyLedger.TransferArgs arg = new LegacyLedger.TransferArgs(memo, new LegacyLedger.Tokens(e8s), new LegacyLedger.Tokens(10_000),
        Optional.empty(), net.cmc().cyclesMinting().accountOf(sub).bytes(), Optional.empty());
    LegacyLedger.TransferResult r = net.update(who, NnsCanisterIds.LEDGER, "transfer", arg, LegacyLedger.TransferResult.class);
    check(r instanceof LegacyLedger.TransferResult.Ok, "payment to the cycles minting canister");
    return r instanceof LegacyLedger.TransferResult.Ok ok ? ok.value() : -1;
  }

  // ------------------------------------------------------------------ printing

  private void step(String title) {
    out.printf("[%s] %s%n", Instant.ofEpochSecond(net.host().nowNanos() / 1_000_000_000L), title);
  }

  private void say(String format, Object... args) {
    out.println("  " + String.format(java.util.Locale.ROOT, format, args));
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      failures++;
      out.println("  CHECK FAILED: " + what);
    }
  }

  private void subnetTable(Registry reg) {
    say("%-12s %-12s %-10s %5s  %s", "subnet", "type", "CMC type", "nodes", "canister ranges");
    Map<String, List<SubnetId>> types = net.cmc().cyclesMinting().subnetTypesToSubnets();
    for (SubnetId s : reg.subnetIds()) {
      String cmcType = types.entrySet().stream().filter(e -> e.getValue().contains(s)).map(Map.Entry::getKey).findFirst().orElse("-");
      say("%-12s %-12s %-10s %5d  %s", shortId(s), reg.subnetType(s).name().toLowerCase(java.util.Locale.ROOT), cmcType,
          reg.members(s).size(), rangesText(reg.rangesOf(s)));
    }
  }

  private static String shortId(SubnetId s) {
    String t = s.principal().toText();
    return t.substring(0, 11);
  }

  private static String rangesText(List<RegistryPayloads.CanisterIdRange> rs) {
    List<String> out = new ArrayList<>();
    for (RegistryPayloads.CanisterIdRange r : rs) {
      out.add("[" + r.startIndex() + ", " + r.endIndex() + "]");
    }
    return String.join(" ", out);
  }

  static String icp(BigInteger e8s) {
    return new BigDecimal(e8s).movePointLeft(8).setScale(4, java.math.RoundingMode.DOWN).toPlainString();
  }

  static String xdr(long permyriad) {
    return new BigDecimal(permyriad).movePointLeft(4).toPlainString();
  }

  static String tc(BigInteger cycles) {
    return new BigDecimal(cycles).movePointLeft(12).setScale(4, java.math.RoundingMode.DOWN).stripTrailingZeros().toPlainString() + " T";
  }

  /** Runs the demo on standard output (for {@code java -cp … NnsDemo}). */
  public static void main(String[] args) {
    PrintWriter w = new PrintWriter(System.out, true);
    System.exit(new NnsDemo(w).run() ? 0 : 1);
  }
}
