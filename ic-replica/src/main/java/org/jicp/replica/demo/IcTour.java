package org.jicp.replica.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.demo.NnsNetwork;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.governance.ProposalData;
import org.jicp.nns.governance.ProposalStatus;
import org.jicp.nns.host.Response;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.NnsProposals;
import org.jicp.replica.Replica;
import org.jicp.replica.ReplicaException;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.state.certification.CanisterRange;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.execution.ManagementApi;

/**
 * {@code jicp demo}: a tour of a running IC, step by step with timings. An NNS and two
 * application subnets come up in a {@link Replica} served over the IC HTTP interface on a
 * loopback port; the demo's own canisters ({@code src/main/wat}) are created, installed and
 * called through that interface by {@link DemoAgent} — every update's certificate verified
 * (delegation, root key), every query's node signature verified — including a call across
 * subnets. The replica's own NNS canisters then govern it: an ICP transfer and a cycles top-up,
 * and proposals that create a subnet, migrate a canister range and split a subnet in the running
 * replica. The remaining NNS steps run on ic-nns's {@link NnsNetwork}; each step prints where it
 * ran. Ends with a summary table.
 */
public final class IcTour implements AutoCloseable {
  /** The demo's options: nodes per subnet, the seed of keys and randomness, the NNS part. */
  public record Options(int nodesPerSubnet, long seed, boolean nnsSteps) {
    /** Validates. */
    public Options {
      if (nodesPerSubnet < 1) {
        throw new IllegalArgumentException("--nodes must be at least 1");
      }
    }
  }

  private static final String ON_REPLICA = "replica/HTTP";
  private static final String ON_NNS_HOST = "ic-nns host";
  private static final long E8 = NnsNetwork.E8S;
  private static final Principal ALICE = Principal.selfAuthenticating(
      "alice".getBytes(StandardCharsets.US_ASCII));
  private static final Principal BOB = Principal.selfAuthenticating(
      "bob".getBytes(StandardCharsets.US_ASCII));

  private final PrintWriter out;
  private final Options options;
  private final List<String[]> summary = new ArrayList<>();
  private Replica replica;
  private ReplicaBackend backend;
  private IcHttpServer server;
  private DemoAgent agent;
  private int failures;

  /** A tour printing to {@code out}. */
  public IcTour(PrintWriter out, Options options) {
    this.out = out;
    this.options = options;
  }

  /** The wasm of demo canister {@code name} ({@code counter}, {@code relay}). */
  public static byte[] canister(String name) {
    try (InputStream in = IcTour.class.getResourceAsStream(name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException("demo canister " + name + ".wasm is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The replica's HTTP address (after {@link #run}). */
  public String url() {
    return server.url();
  }

  /** Whether the replica serves the dashboard ({@code GET /_/dashboard} answers 200). */
  public boolean dashboardServed() {
    return agent != null && agent.getStatus("/_/dashboard") == 200;
  }

  /**
   * Runs the tour; returns whether every check passed.
   *
   * @throws InterruptedException if interrupted while the HTTP server starts
   */
  public boolean run() throws InterruptedException {
    out.println("jicp demo — a running Internet Computer, in one JVM");
    out.println();
    long t0 = System.nanoTime();
    // The NNS genesis (registry, an NI-DKG transcript per subnet) is built on a background
    // thread while the replica steps run: it is independent of them and mostly crypto.
    CompletableFuture<Genesis> genesis = null;
    if (options.nnsSteps()) {
      genesis = new CompletableFuture<>();
      CompletableFuture<Genesis> target = genesis;
      Thread th = new Thread(() -> {
        try {
          long t = System.nanoTime();
          NnsNetwork n = nnsGenesis();
          target.complete(new Genesis(n, System.nanoTime() - t));
        } catch (RuntimeException | Error e) {
          target.completeExceptionally(e);
        }
      }, "jicp-demo-nns-genesis");
      th.setDaemon(true);
      th.start();
    }
    replicaSteps();
    if (genesis != null) {
      nnsSteps(genesis);
    }
    out.println();
    out.println("summary");
    out.printf(Locale.ROOT, "  %-3s %-44s %-13s %10s  %s%n", "#", "step", "ran on", "ms", "result");
    int i = 1;
    for (String[] row : summary) {
      out.printf(Locale.ROOT, "  %-3d %-44s %-13s %10s  %s%n", i++, row[0], row[1], row[2], row[3]);
    }
    out.printf(Locale.ROOT, "  total %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    out.println(failures == 0 ? "demo: all checks passed" : "demo: " + failures + " check(s) FAILED");
    out.flush();
    return failures == 0;
  }

  // ------------------------------------------------------------------ on the replica

  private void replicaSteps() throws InterruptedException {
    SubnetId app1;
    SubnetId app2;
    CanisterId counter;
    long t = System.nanoTime();
    heading("1. an NNS and two application subnets come up (" + (options.nodesPerSubnet() == 1
        ? "2 registry nodes each, executed once" : options.nodesPerSubnet() + " nodes each")
        + ")");
    Replica.Builder builder = Replica.builder()
        .subnets(List.of(Replica.SubnetKind.NNS, Replica.SubnetKind.APPLICATION,
            Replica.SubnetKind.APPLICATION))
        .nodesPerSubnet(options.nodesPerSubnet())
        .deterministic(options.seed())
        .startTime(Instant.now())
        // Single-node subnets: the NNS subnet hosts the NNS canisters at their mainnet ids.
        .nnsCanisters(options.nodesPerSubnet() == 1);
    if (options.nodesPerSubnet() == 1) {
      // Two registry nodes per subnet: a split_subnet proposal can give one to a new subnet.
      builder.icp(ALICE, 100 * E8).registryNodesPerSubnet(2);
    }
    replica = builder.build();
    backend = new ReplicaBackend(replica);
    server = IcHttpServer.builder().port(0).start(new IcHttpApi(backend,
        new IcSenderAuthenticator(replica.rootKey()), ReplicaBackend::systemNanos, Duration.ofSeconds(10)));
    for (Replica.SubnetInfo s : replica.subnets()) {
      CanisterRange r = s.ranges().ranges().get(0);
      say("%-12s %s  nodes %d  canisters %s..%s", s.kind().text(), s.id(), s.nodes().size(),
          r.start(), r.end());
    }
    app1 = replica.subnets().get(1).id();
    app2 = replica.subnets().get(2).id();
    agent = new DemoAgent(server.url(), Ed25519SigningKey.fromSeed(
        java.util.Arrays.copyOf(("jicp demo " + options.seed()).getBytes(StandardCharsets.UTF_8),
            32)));
    Bytes rootKey = agent.fetchRootKey();
    check(rootKey.equals(replica.rootKey()), "/api/v2/status announces the replica's root key");
    say("serving the IC HTTP interface at %s", server.url());
    say("root key (/api/v2/status, DER BLS12-381 G2) %s", abbreviate(rootKey));
    say("the demo's agent: Ed25519 identity %s", agent.sender());
    done("subnets up, HTTP interface serving", ON_REPLICA, t, "3 subnets, root key fetched");

    try {
      t = System.nanoTime();
      heading("2. a canister is created and installed on application subnet 1");
      counter = createAndInstall(app1, "counter");
      say("counter %s on subnet %s (module %d bytes, Candid nat64 replies)", counter, app1,
          canister("counter").length);
      done("create + install counter on app subnet 1", ON_REPLICA, t, counter.toString());

      t = System.nanoTime();
      heading("3. an update call, its certificate verified");
      DemoAgent.CertifiedReply r = agent.call(counter, counter, "inc", CandidEncoder.empty());
      long value = nat64(r.reply());
      say("inc() → %d   request id %s", value, r.requestId().bytes().toHex().substring(0, 16) + "…");
      say("certificate: %d bytes, signed by subnet %s, delegated by the NNS", r.certificate().length(),
          r.delegatedBy().map(SubnetId::toString).orElse("(root)"));
      say("verified with ic-state's CertificateVerifier against the root key: BLS signature, "
          + "delegation, canister ranges, time %s", r.certifiedTime());
      Bytes forged = flipLastByte(r.certificate());
      boolean forgedOk = agent.verifies(forged, counter);
      check(!forgedOk, "a certificate with one changed byte is rejected");
      say("the same certificate with one byte changed: %s", forgedOk ? "ACCEPTED (bug!)" : "rejected");
      check(value == 1 && r.delegatedBy().equals(Optional.of(app1)), "inc() returned 1 under app1's delegation");
      done("update inc(), certificate verified", ON_REPLICA, t, "inc() = " + value);

      t = System.nanoTime();
      heading("4. a query, its node signature verified");
      DemoAgent.SignedReply q = agent.query(app1, counter, "get", CandidEncoder.empty());
      long got = nat64(q.reply());
      say("get() → %d, answered and signed by node %s", got, q.node());
      say("Ed25519 signature over \"\\x0Bic-response\" · hash(status, reply, timestamp, request_id): "
          + "valid under the node key read from certified state /subnet/…/node/…/public_key");
      Map<String, Object> tampered = new java.util.LinkedHashMap<>(q.signedContent());
      tampered.put("reply", Map.of("arg", Bytes.of(CandidEncoder.encode(List.of(
          new CandidValue.Nat64(got + 1000))))));
      boolean tamperedOk = agent.verifyNodeSignature(app1, q.node(), tampered, q.signature());
      say("the same signature over a changed reply: %s", tamperedOk ? "ACCEPTED (bug!)" : "rejected");
      check(got == 1 && !tamperedOk, "get() = 1, signature checked, forgery rejected");
      done("query get(), node signature verified", ON_REPLICA, t, "get() = " + got);

      t = System.nanoTime();
      heading("5. a canister on application subnet 2 calls it across subnets");
      CanisterId relay = createAndInstall(app2, "relay");
      say("relay %s on subnet %s", relay, app2);
      DemoAgent.CertifiedReply x = agent.call(relay, relay, "inc_on",
          CandidEncoder.encode(List.of(CandidValue.principal(counter.principal()))));
      long relayed = nat64(x.reply());
      say("relay.inc_on(counter) → %d: the request and its reply crossed between the subnets in "
          + "certified streams; the answer certified by subnet %s", relayed,
          x.delegatedBy().map(SubnetId::toString).orElse("?"));
      long after = nat64(agent.query(app1, counter, "get", CandidEncoder.empty()).reply());
      say("counter.get() on subnet 1 → %d (signature verified)", after);
      check(relayed == 2 && after == 2, "the cross-subnet call incremented the counter");
      done("cross-subnet call relay → counter", ON_REPLICA, t, "inc_on() = " + relayed);
      if (options.nodesPerSubnet() == 1) {
        ledgerSteps(counter);
        governanceSteps(app2, relay);
      }
    } catch (RuntimeException e) {
      check(false, "the replica steps: " + e);
    }
  }

  /**
   * An ICP transfer on the replica's own ICP ledger and a cycles top-up of {@code counter} through
   * its own cycles minting canister (the NNS canisters at their mainnet ids on the NNS subnet).
   */
  private void ledgerSteps(CanisterId counter) {
    long t = System.nanoTime();
    heading("5b. an ICP transfer and a cycles top-up on the replica's own NNS canisters");
    byte[] r = replica.update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer",
        NnsCandid.MAPPER.encode(Icrc1.TransferArg.of(Account.of(BOB), 25 * E8)));
    Icrc1.TransferResult tr = NnsCandid.MAPPER.decode(r, Icrc1.TransferResult.class);
    check(tr instanceof Icrc1.TransferResult.Ok, "the transfer on the replica's ledger: " + tr);
    say("ledger %s on the NNS subnet: alice → bob 25 ICP, block %s", NnsCanisterIds.LEDGER,
        tr instanceof Icrc1.TransferResult.Ok ok ? ok.value() : "?");
    BigInteger c0 = replica.stateOf(counter.principal()).canister(counter).orElseThrow()
        .system().cyclesBalance().value();
    byte[] paidBytes = replica.update(ALICE, NnsCanisterIds.LEDGER, "transfer",
        NnsCandid.MAPPER.encode(new LegacyLedger.TransferArgs(CyclesMinting.MEMO_TOP_UP_CANISTER,
            new LegacyLedger.Tokens(2 * E8), new LegacyLedger.Tokens(10_000), Optional.empty(),
            AccountIdentifier.of(NnsCanisterIds.CYCLES_MINTING.principal(),
                CyclesMinting.topUpSubaccount(counter.principal())).bytes(), Optional.empty())));
    LegacyLedger.TransferResult paid =
        NnsCandid.MAPPER.decode(paidBytes, LegacyLedger.TransferResult.class);
    long block = paid instanceof LegacyLedger.TransferResult.Ok ok ? ok.value() : -1;
    byte[] toppedBytes = replica.update(ALICE, NnsCanisterIds.CYCLES_MINTING, "notify_top_up",
        NnsCandid.MAPPER.encode(new CmcApi.NotifyTopUpArg(block, counter.principal())));
    CmcApi.NotifyTopUpResult topped =
        NnsCandid.MAPPER.decode(toppedBytes, CmcApi.NotifyTopUpResult.class);
    BigInteger c1 = replica.stateOf(counter.principal()).canister(counter).orElseThrow()
        .system().cyclesBalance().value();
    check(topped instanceof CmcApi.NotifyTopUpResult.Ok && c1.compareTo(c0) > 0,
        "the top-up on the replica added cycles: " + topped);
    say("alice pays 2 ICP (memo TPUP, block %d); the CMC %s deposits on counter %s (subnet 1, "
        + "across subnets): %s → %s cycles", block, NnsCanisterIds.CYCLES_MINTING, counter,
        tc(c0), tc(c1));
    done("ICP transfer + CMC top-up", "replica/API", t, "+" + tc(c1.subtract(c0)));
  }

  /**
   * The replica's own NNS in charge of its topology: alice stakes a neuron on the replica's
   * ledger and governance, proposes {@code create_subnet} on one of the registry's unassigned
   * nodes, the proposal is adopted and executed, and the new subnet starts in the running
   * replica; a counter on it is reached over HTTP and from the relay on subnet 2.
   */
  private void governanceSteps(SubnetId app2, CanisterId relay) {
    long t = System.nanoTime();
    heading("5c. a proposal to the replica's own NNS creates a subnet in the running replica");
    long memo = 1;
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(),
        Optional.of(Governance.neuronSubaccount(ALICE, memo).bytes()));
    replica.update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer", NnsCandid.MAPPER.encode(
        Icrc1.TransferArg.of(neuronAccount, 50 * E8)));
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse claimed = NnsCandid.MAPPER.decode(
        replica.update(ALICE, NnsCanisterIds.GOVERNANCE, "claim_or_refresh_neuron_from_account",
            NnsCandid.MAPPER.encode(new GovernanceApi.ClaimOrRefreshNeuronFromAccount(
                Optional.empty(), memo))),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long neuron = claimed.result().orElseThrow() instanceof GovernanceApi.ClaimResult.NeuronId n
        ? n.value().id() : -1;
    check(neuron > 0, "a neuron was claimed on the replica's governance");
    replicaManage(neuron, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(
        Optional.of(new GovernanceApi.Operation.IncreaseDissolveDelay(
            new GovernanceApi.IncreaseDissolveDelay(
                (int) GovernanceConstants.ONE_YEAR_SECONDS))))));
    List<org.jicp.types.NodeId> spare = replica.unassignedNodes();
    check(!spare.isEmpty(), "the genesis registry has unassigned nodes");
    if (spare.isEmpty() || neuron <= 0) {
      return;
    }
    int before = replica.subnetCount();
    GovernanceApi.CommandResponse made = replicaManage(neuron, new GovernanceApi.Command
        .MakeProposal(new GovernanceApi.Proposal("https://example.org/jicp",
            Optional.of("Create an application subnet"), Optional.of(
                new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(
                    NnsFunction.CREATE_SUBNET.number(), Bytes.of(NnsCandid.MAPPER.encodeAs(
                        RegistryPayloads.CreateSubnetPayload.class,
                        RegistryPayloads.CreateSubnetPayload.withDefaults(
                            List.of(spare.get(0).principal()), SubnetType.APPLICATION,
                            Replica.REPLICA_VERSION)))))),
            "A jicp demo proposal.")));
    long proposal = made instanceof GovernanceApi.CommandResponse.MakeProposal mp
        ? mp.value().proposalId().orElseThrow().id() : -1;
    check(proposal > 0, "the proposal was accepted: " + made);
    for (int i = 0; i < 50 && replica.subnetCount() == before; i++) {
      replica.tick();
    }
    check(replica.subnetCount() == before + 1, "the proposal started a subnet in the replica");
    if (replica.subnetCount() == before) {
      return;
    }
    Replica.SubnetInfo created = replica.subnets().get(before);
    say("neuron %d (50 ICP, 1 year) proposes create_subnet on node %s: proposal %d adopted and "
        + "executed (the registry ran setup_initial_dkg on the management canister)", neuron,
        spare.get(0).principal().toText().substring(0, 11), proposal);
    CanisterRange r = created.ranges().ranges().get(0);
    say("%-12s %s  nodes %d  canisters %s..%s  (started by the registry, in /_/topology)",
        created.kind().text(), created.id(), created.nodes().size(), r.start(), r.end());
    CanisterId third = createAndInstall(created.id(), "counter");
    DemoAgent.CertifiedReply inc = agent.call(third, third, "inc", CandidEncoder.empty());
    DemoAgent.CertifiedReply via = agent.call(relay, relay, "inc_on",
        CandidEncoder.encode(List.of(CandidValue.principal(third.principal()))));
    long v1 = nat64(inc.reply());
    long v2 = nat64(via.reply());
    say("counter %s there: inc() → %d (certificate delegated by the NNS to %s); relay on "
        + "subnet 2: inc_on → %d", third, v1,
        inc.delegatedBy().map(IcTour::abbreviate).orElse("?"), v2);
    check(v1 == 1 && v2 == 2 && inc.delegatedBy().equals(Optional.of(created.id()))
        && backend.topology().subnets().size() == before + 1,
        "the new subnet answers over HTTP and across subnets");
    done("proposal " + proposal + ": create subnet", ON_REPLICA, t, abbreviate(created.id()));
    migrationSteps(neuron, app2, created.id(), relay);
    splitSteps(neuron, replica.subnets().get(1).id(), relay);
  }

  /**
   * Subnet 1 splits by proposal in the running replica: a new counter on it (with the ids up to
   * the middle of its range) and one of its two nodes go to a new subnet, which starts from
   * subnet 1's state; both counters answer over HTTP under their halves' delegations, the moved
   * one also to the relay on subnet 2.
   */
  private void splitSteps(long neuron, SubnetId app1, CanisterId relay) {
    long t = System.nanoTime();
    heading("5e. a proposal splits application subnet 1 in the running replica");
    CanisterId staying = createAndInstall(app1, "counter");
    CanisterId moving = createAndInstall(app1, "counter");
    long s0 = nat64(agent.call(staying, staying, "inc", CandidEncoder.empty()).reply());
    long m0 = nat64(agent.call(moving, moving, "inc", CandidEncoder.empty()).reply());
    Replica.SubnetInfo source = replica.subnets().stream().filter(i -> i.id().equals(app1))
        .findFirst().orElseThrow();
    // Subnet 1's range starts at APP_RANGE_START: the ids from the moving counter up to its
    // middle go to the new subnet.
    List<RegistryPayloads.CanisterIdRange> range = List.of(new RegistryPayloads.CanisterIdRange(
        moving.principal(), CanisterId.fromIndex(Replica.APP_RANGE_START + Replica.RANGE_SIZE / 2
            - 1).principal()));
    int before = replica.subnetCount();
    long p = replicaPass(neuron, NnsFunction.SPLIT_SUBNET,
        RegistryPayloads.SplitSubnetPayload.class, new RegistryPayloads.SplitSubnetPayload(range,
            List.of(source.nodes().get(source.nodes().size() - 1).principal()),
            app1.principal()));
    check(p > 0 && replica.subnetCount() == before + 1, "the proposal split the subnet");
    if (p <= 0 || replica.subnetCount() == before) {
      return;
    }
    Replica.SubnetInfo created = replica.subnets().get(before);
    say("proposal %d split_subnet adopted and executed (setup_initial_dkg for both halves): "
        + "%s keeps %s, node %s and counter %s; new subnet %s takes %s..%s, node %s and "
        + "counter %s, starting from subnet 1's state", p, abbreviate(app1),
        replica.subnets().stream().filter(i -> i.id().equals(app1)).findFirst().orElseThrow()
            .ranges().ranges().size() + " ranges",
        replica.subnet(app1).nodeIds().get(0).principal().toText().substring(0, 11), staying,
        abbreviate(created.id()), new CanisterId(range.get(0).start()), new CanisterId(range.get(0).end()),
        created.nodes().get(0).principal().toText().substring(0, 11), moving);
    DemoAgent.CertifiedReply a = agent.call(staying, staying, "inc", CandidEncoder.empty());
    DemoAgent.CertifiedReply b = agent.call(moving, moving, "inc", CandidEncoder.empty());
    DemoAgent.CertifiedReply via = agent.call(relay, relay, "inc_on",
        CandidEncoder.encode(List.of(CandidValue.principal(moving.principal()))));
    long v1 = nat64(a.reply());
    long v2 = nat64(b.reply());
    long v3 = nat64(via.reply());
    say("inc() → %d on %s and → %d on %s (certificates delegated to each half); relay on "
        + "subnet 2: inc_on(moved counter) → %d", v1,
        a.delegatedBy().map(IcTour::abbreviate).orElse("?"), v2,
        b.delegatedBy().map(IcTour::abbreviate).orElse("?"), v3);
    check(v1 == s0 + 1 && v2 == m0 + 1 && v3 == m0 + 2
        && a.delegatedBy().equals(Optional.of(app1))
        && b.delegatedBy().equals(Optional.of(created.id())),
        "calls to both halves still work after the split");
    done("proposal " + p + ": split subnet", ON_REPLICA, t, "calls still work");
  }

  /**
   * Part of subnet 2's canister range moves to the subnet just created, by the IC's three
   * migration proposals: a stopped counter on subnet 2 goes with its state, then answers from
   * its new subnet over HTTP and to the relay that stayed on subnet 2.
   */
  private void migrationSteps(long neuron, SubnetId app2, SubnetId created, CanisterId relay) {
    long t = System.nanoTime();
    heading("5d. proposals move part of subnet 2's canister range, with its canister, to "
        + abbreviate(created));
    CanisterId moving = createAndInstall(app2, "counter");
    CanisterId mgmt = new CanisterId(Principal.managementCanister());
    long before = nat64(agent.call(moving, moving, "inc", CandidEncoder.empty()).reply());
    byte[] idArg = CandidEncoder.encode(List.of(CandidValue.record(
        CandidValue.field("canister_id", CandidValue.principal(moving.principal())))));
    agent.call(moving, mgmt, "stop_canister", idArg);
    List<RegistryPayloads.CanisterIdRange> range = List.of(
        new RegistryPayloads.CanisterIdRange(moving.principal(), moving.principal()));
    long p1 = replicaPass(neuron, NnsFunction.PREPARE_CANISTER_MIGRATION,
        RegistryPayloads.PrepareCanisterMigrationPayload.class,
        new RegistryPayloads.PrepareCanisterMigrationPayload(range, app2.principal(),
            created.principal()));
    long p2 = replicaPass(neuron, NnsFunction.REROUTE_CANISTER_RANGES,
        RegistryPayloads.RerouteCanisterRangesPayload.class,
        new RegistryPayloads.RerouteCanisterRangesPayload(range, app2.principal(),
            created.principal()));
    long p3 = replicaPass(neuron, NnsFunction.COMPLETE_CANISTER_MIGRATION,
        RegistryPayloads.CompleteCanisterMigrationPayload.class,
        new RegistryPayloads.CompleteCanisterMigrationPayload(range,
            List.of(app2.principal(), created.principal())));
    boolean moved = replica.subnetOf(moving.principal()).map(x -> x.id().equals(created))
        .orElse(false) && replica.subnet(created).snapshotState().canister(moving).isPresent();
    check(p1 > 0 && p2 > 0 && p3 > 0 && moved, "the proposals moved the canister");
    if (!moved) {
      return;
    }
    say("counter %s on subnet 2: inc() → %d, stopped; proposals %d prepare_canister_migration, "
        + "%d reroute_canister_ranges, %d complete_canister_migration adopted and executed",
        moving, before, p1, p2, p3);
    agent.call(moving, mgmt, "start_canister", idArg);
    DemoAgent.CertifiedReply inc = agent.call(moving, moving, "inc", CandidEncoder.empty());
    DemoAgent.CertifiedReply via = agent.call(relay, relay, "inc_on",
        CandidEncoder.encode(List.of(CandidValue.principal(moving.principal()))));
    long v1 = nat64(inc.reply());
    long v2 = nat64(via.reply());
    say("started again on %s: inc() → %d (its state came along; certificate delegated to %s); "
        + "relay on subnet 2: inc_on → %d, now across subnets", abbreviate(created), v1,
        inc.delegatedBy().map(IcTour::abbreviate).orElse("?"), v2);
    check(v1 == before + 1 && v2 == before + 2
        && inc.delegatedBy().equals(Optional.of(created)), "calls still work after the move");
    done("proposals " + p1 + "-" + p3 + ": migrate canister", ON_REPLICA, t, "calls still work");
  }

  /** An NNS-function proposal on the replica's governance, ticked until executed; its id. */
  private <P> long replicaPass(long neuron, NnsFunction f, Class<P> type, P payload) {
    GovernanceApi.ProposalInfo info;
    try {
      info = NnsProposals.executeNnsFunction(replica, ALICE, neuron, f, type, payload);
    } catch (ReplicaException e) {
      check(false, f + " proposal executed: " + e.getMessage());
      return -1;
    }
    long id = info.id().map(GovernanceApi.NeuronId::id).orElse(-1L);
    if (info.failureReason().isPresent() || info.executedTimestampSeconds() == 0) {
      check(false, f + " proposal " + id + " failed: " + info.failureReason());
      return -1;
    }
    return id;
  }

  private GovernanceApi.CommandResponse replicaManage(long neuron, GovernanceApi.Command c) {
    return NnsCandid.MAPPER.decode(replica.update(ALICE, NnsCanisterIds.GOVERNANCE,
        "manage_neuron", NnsCandid.MAPPER.encode(GovernanceApi.ManageNeuron.of(neuron, c))),
        GovernanceApi.ManageNeuronResponse.class).command().orElseThrow();
  }

  private CanisterId createAndInstall(SubnetId subnet, String name) {
    Replica.SubnetInfo s = replica.subnets().stream().filter(i -> i.id().equals(subnet))
        .findFirst().orElseThrow();
    CanisterId ecid = new CanisterId(s.ranges().ranges().get(0).start().principal());
    CanisterId mgmt = new CanisterId(Principal.managementCanister());
    DemoAgent.CertifiedReply created = agent.call(ecid, mgmt, "provisional_create_canister_with_cycles",
        CandidEncoder.encode(List.of(CandidValue.record(
            CandidValue.field("amount", CandidValue.none()),
            CandidValue.field("settings", CandidValue.none())))));
    CandidValue.Record rec = (CandidValue.Record) CandidDecoder.standard()
        .decode(created.reply().toByteArray()).values().get(0);
    CanisterId id = new CanisterId(((CandidValue.PrincipalRef) rec.get("canister_id")
        .orElseThrow()).principal());
    agent.call(id, mgmt, "install_code", CandidEncoder.encode(List.of(CandidValue.record(
        CandidValue.field("mode", CandidValue.variant("install")),
        CandidValue.field("canister_id", CandidValue.principal(id.principal())),
        CandidValue.field("wasm_module", CandidValue.blob(canister(name))),
        CandidValue.field("arg", CandidValue.blob(CandidEncoder.empty()))))));
    return id;
  }

  // ------------------------------------------------------------------ on the NNS host

  /** A built NNS and how long building it took. */
  private record Genesis(NnsNetwork net, long nanos) {}

  /** An NNS subnet of 1 node, application subnets of 2 and 1 nodes, 1 spare node. */
  private NnsNetwork nnsGenesis() {
    long start = NnsNetwork.IC_GENESIS_SECONDS + 1000 * GovernanceConstants.ONE_DAY_SECONDS;
    return NnsNetwork.genesis(new NnsNetwork.Spec(Bytes.of(("jicp demo " + options.seed())
        .getBytes(StandardCharsets.UTF_8)), start, 1, List.of(2, 1), 1,
        Map.of(ALICE, 1_000 * E8, BOB, 1_000 * E8), 50_000));
  }

  private void nnsSteps(CompletableFuture<Genesis> genesis) {
    out.println();
    out.println("The NNS steps below run on ic-nns's NnsNetwork: a second NNS (registry, governance,");
    out.println("ledger and cycles minting canisters) on ic-nns's own host, the same NNS code that");
    out.println("governs the replica above in steps 5b-5e.");
    NnsNetwork net = null;
    try {
      long t = System.nanoTime();
      heading("6. an NNS with its registry, governance, ledger and cycles minting canisters");
      Genesis g;
      try {
        g = genesis.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      net = g.net();
      Registry reg = net.registry().registry();
      SubnetId appA = net.applicationSubnets().get(0);
      SubnetId appB = net.applicationSubnets().get(1);
      say("genesis built in %.0f ms on a background thread during steps 1-5 (waited %.0f ms): "
          + "registry version %d, %d subnets, %d nodes (1 unassigned), an NI-DKG transcript per "
          + "subnet", g.nanos() / 1e6, (System.nanoTime() - t) / 1e6, reg.latestVersion().value(),
          reg.subnetIds().size(), reg.nodeIds().size());
      long alice = stake(net, ALICE, 400);
      long bob = stake(net, BOB, 600);
      say("neurons: alice %d (400 ICP), bob %d (600 ICP), dissolve delay 1 year", alice, bob);
      CanisterId counter = hostedCanister(net, appA, "counter");
      CanisterId relay = hostedCanister(net, appB, "relay");
      long v = relay(net, relay, counter);
      say("counter %s on subnet %s, relay %s on subnet %s: relay.inc_on(counter) → %d",
          counter, abbreviate(appA), relay, abbreviate(appB), v);
      check(v == 1, "the relayed call on the NNS host works");
      done("NNS genesis, neurons, canisters", ON_NNS_HOST, t, reg.subnetIds().size() + " subnets");

      t = System.nanoTime();
      heading("7. a proposal creates a third application subnet");
      List<SubnetId> before = reg.subnetIds();
      List<Principal> spare = net.spareNodes().stream().map(k -> k.nodeId().principal()).toList();
      long p1 = proposeAndVote(net, alice, bob, "Create an application subnet",
          NnsFunction.CREATE_SUBNET, RegistryPayloads.CreateSubnetPayload.withDefaults(spare,
              SubnetType.APPLICATION, NnsNetwork.REPLICA_VERSION));
      SubnetId created = reg.subnetIds().stream().filter(s -> !before.contains(s)).findFirst()
          .orElse(null);
      check(created != null, "the proposal created a subnet");
      if (created == null) {
        return;
      }
      CanisterId third = hostedCanister(net, created, "counter");
      long v3 = nat64(reply(net.host().update(ALICE, third, "inc", CandidEncoder.empty())));
      say("subnet %s: %d node, ranges %s; a counter on it: inc() → %d", abbreviate(created),
          reg.members(created).size(), ranges(reg.rangesOf(created)), v3);
      check(v3 == 1, "a canister on the new subnet answers");
      done("proposal " + p1 + ": create subnet", ON_NNS_HOST, t, abbreviate(created));

      t = System.nanoTime();
      heading("8. an ICP transfer on the ledger");
      BigInteger a0 = net.balance(ALICE);
      Icrc1.TransferResult tr = net.update(ALICE, NnsCanisterIds.LEDGER, "icrc1_transfer",
          Icrc1.TransferArg.of(Account.of(BOB), 25 * E8), Icrc1.TransferResult.class);
      check(tr instanceof Icrc1.TransferResult.Ok, "the transfer succeeded: " + tr);
      say("alice → bob 25 ICP: ledger block %s; alice %s → %s ICP, bob %s ICP (fee 0.0001)",
          tr instanceof Icrc1.TransferResult.Ok ok ? ok.value() : "?", icp(a0),
          icp(net.balance(ALICE)), icp(net.balance(BOB)));
      done("ICP transfer alice → bob", ON_NNS_HOST, t, "25 ICP");

      t = System.nanoTime();
      heading("9. a cycles top-up through the cycles minting canister");
      BigInteger c0 = net.host().cyclesBalance(counter.principal()).value();
      LegacyLedger.TransferResult paid = net.update(BOB, NnsCanisterIds.LEDGER, "transfer",
          new LegacyLedger.TransferArgs(CyclesMinting.MEMO_TOP_UP_CANISTER,
              new LegacyLedger.Tokens(2 * E8), new LegacyLedger.Tokens(10_000), Optional.empty(),
              net.cmc().cyclesMinting().accountOf(CyclesMinting.topUpSubaccount(
                  counter.principal())).bytes(), Optional.empty()),
          LegacyLedger.TransferResult.class);
      long block = paid instanceof LegacyLedger.TransferResult.Ok ok ? ok.value() : -1;
      CmcApi.NotifyTopUpResult topped = net.update(BOB, NnsCanisterIds.CYCLES_MINTING,
          "notify_top_up", new CmcApi.NotifyTopUpArg(block, counter.principal()),
          CmcApi.NotifyTopUpResult.class);
      BigInteger c1 = net.host().cyclesBalance(counter.principal()).value();
      check(topped instanceof CmcApi.NotifyTopUpResult.Ok && c1.compareTo(c0) > 0,
          "the top-up added cycles: " + topped);
      say("bob pays 2 ICP (memo TPUP, block %d), notify_top_up → counter %s: %s → %s cycles",
          block, counter, tc(c0), tc(c1));
      done("cycles top-up via the CMC", ON_NNS_HOST, t, "+" + tc(c1.subtract(c0)));
    } catch (RuntimeException e) {
      check(false, "the NNS steps: " + e);
    } finally {
      if (net != null) {
        net.close();
      }
    }
  }

  private long stake(NnsNetwork net, Principal who, long icp) {
    long memo = 1;
    Account neuronAccount = new Account(NnsCanisterIds.GOVERNANCE.principal(),
        Optional.of(Governance.neuronSubaccount(who, memo).bytes()));
    net.update(who, NnsCanisterIds.LEDGER, "icrc1_transfer",
        Icrc1.TransferArg.of(neuronAccount, icp * E8), Icrc1.TransferResult.class);
    GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse r = net.update(who,
        NnsCanisterIds.GOVERNANCE, "claim_or_refresh_neuron_from_account",
        new GovernanceApi.ClaimOrRefreshNeuronFromAccount(Optional.empty(), memo),
        GovernanceApi.ClaimOrRefreshNeuronFromAccountResponse.class);
    long id = r.result().orElseThrow() instanceof GovernanceApi.ClaimResult.NeuronId n
        ? n.value().id() : -1;
    check(id > 0, "a neuron was claimed");
    manage(net, who, id, new GovernanceApi.Command.Configure(new GovernanceApi.Configure(
        Optional.of(new GovernanceApi.Operation.IncreaseDissolveDelay(
            new GovernanceApi.IncreaseDissolveDelay(
                (int) GovernanceConstants.ONE_YEAR_SECONDS))))));
    return id;
  }

  private long proposeAndVote(NnsNetwork net, long proposer, long voter, String title,
      NnsFunction f, Object payload) {
    GovernanceApi.Proposal p = new GovernanceApi.Proposal("https://example.org/jicp",
        Optional.of(title), Optional.of(new GovernanceApi.Action.ExecuteNnsFunction(
            new GovernanceApi.ExecuteNnsFunction(f.number(),
                Bytes.of(org.jicp.nns.NnsCandid.MAPPER.encodeAs(payload.getClass(), payload))))),
        "A jicp demo proposal.");
    long version = net.registry().registry().latestVersion().value();
    GovernanceApi.CommandResponse r = manage(net, ALICE, proposer,
        new GovernanceApi.Command.MakeProposal(p));
    if (!(r instanceof GovernanceApi.CommandResponse.MakeProposal mp)) {
      throw new IllegalStateException("the proposal was refused: " + r);
    }
    long id = mp.value().proposalId().orElseThrow().id();
    ProposalData d = net.governance().governance().proposal(id);
    say("alice submits proposal %d \"%s\" (%s): yes %s of %s ICP voting power, %s", id, title,
        f.name().toLowerCase(Locale.ROOT), icp(BigInteger.valueOf(d.yes())),
        icp(BigInteger.valueOf(d.total())), status(d));
    manage(net, BOB, voter, new GovernanceApi.Command.RegisterVote(new GovernanceApi.RegisterVote(
        1, Optional.of(new GovernanceApi.NeuronId(id)))));
    d = net.governance().governance().proposal(id);
    say("bob votes yes: yes %s of %s → %s; registry version %d → %d",
        icp(BigInteger.valueOf(d.yes())), icp(BigInteger.valueOf(d.total())), status(d), version,
        net.registry().registry().latestVersion().value());
    check(d.status() == ProposalStatus.EXECUTED, "proposal " + id + " executed (" + d.status()
        + d.failureReason().map(x -> ": " + x.errorMessage()).orElse("") + ")");
    return id;
  }

  private static String status(ProposalData d) {
    return d.status().name().toLowerCase(Locale.ROOT);
  }

  private GovernanceApi.CommandResponse manage(NnsNetwork net, Principal who, long neuron,
      GovernanceApi.Command c) {
    return net.update(who, NnsCanisterIds.GOVERNANCE, "manage_neuron",
        GovernanceApi.ManageNeuron.of(neuron, c), GovernanceApi.ManageNeuronResponse.class)
        .command().orElseThrow();
  }

  /** Creates a canister controlled by alice on {@code subnet} of the NNS host and installs it. */
  private CanisterId hostedCanister(NnsNetwork net, SubnetId subnet, String name) {
    Principal first = net.registry().registry().rangesOf(subnet).get(0).start();
    CanisterId ecid = new CanisterId(first);
    Response r = net.host().callManagement(ALICE, ecid, "provisional_create_canister_with_cycles",
        CandidEncoder.encode(List.of(CandidValue.record(
            CandidValue.field("amount", CandidValue.none()),
            CandidValue.field("settings", CandidValue.none())))));
    CandidValue.Record rec = (CandidValue.Record) CandidDecoder.standard()
        .decode(reply(r).toByteArray()).values().get(0);
    CanisterId id = new CanisterId(((CandidValue.PrincipalRef) rec.get("canister_id")
        .orElseThrow()).principal());
    reply(net.host().callManagement(ALICE, id, "install_code", ManagementApi.encode(
        new ManagementApi.InstallCodeArgs(new ManagementApi.InstallMode.Install(), id.principal(),
            Bytes.of(canister(name)), Bytes.of(CandidEncoder.empty()), Optional.empty()))));
    return id;
  }

  private static long relay(NnsNetwork net, CanisterId relay, CanisterId counter) {
    return nat64(reply(net.host().update(ALICE, relay, "inc_on",
        CandidEncoder.encode(List.of(CandidValue.principal(counter.principal()))))));
  }

  private static Bytes reply(Response r) {
    if (r instanceof Response.Reply rep) {
      return rep.bytes();
    }
    Response.Reject rej = (Response.Reject) r;
    throw new IllegalStateException("rejected (" + rej.code() + "): " + rej.message());
  }

  // ------------------------------------------------------------------ printing

  private static long nat64(Bytes candid) {
    CandidValue v = CandidDecoder.standard().decode(candid.toByteArray()).values().get(0);
    if (v instanceof CandidValue.Nat64 n) {
      return n.bits();
    }
    throw new IllegalStateException("expected a nat64 reply, got " + v);
  }

  private void heading(String title) {
    out.println();
    out.println(title);
    out.flush();
  }

  private void say(String format, Object... args) {
    out.println("   " + String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private void done(String step, String where, long start, String result) {
    double ms = (System.nanoTime() - start) / 1e6;
    summary.add(new String[] {step, where, String.format(Locale.ROOT, "%.0f", ms), result});
    out.printf(Locale.ROOT, "   done in %.0f ms (%s)%n", ms, where);
    out.flush();
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      failures++;
      out.println("   CHECK FAILED: " + what);
      out.flush();
    }
  }

  private static Bytes flipLastByte(Bytes b) {
    byte[] x = b.toByteArray();
    x[x.length - 1] ^= 1;
    return Bytes.of(x);
  }

  private static String abbreviate(Bytes b) {
    String h = b.toHex();
    return h.substring(0, 16) + "…" + h.substring(h.length() - 8) + " (" + b.length() + " B)";
  }

  private static String abbreviate(SubnetId s) {
    return s.principal().toText().substring(0, 11);
  }

  private static String ranges(List<RegistryPayloads.CanisterIdRange> rs) {
    List<String> l = new ArrayList<>();
    for (RegistryPayloads.CanisterIdRange r : rs) {
      l.add("[" + r.startIndex() + ", " + r.endIndex() + "]");
    }
    return String.join(" ", l);
  }

  private static String icp(BigInteger e8s) {
    return new java.math.BigDecimal(e8s).movePointLeft(8).stripTrailingZeros().toPlainString();
  }

  private static String tc(BigInteger cycles) {
    return new java.math.BigDecimal(cycles).movePointLeft(12)
        .setScale(4, java.math.RoundingMode.DOWN).stripTrailingZeros().toPlainString() + " T";
  }

  /** Stops the HTTP server and the replica. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (backend != null) {
      backend.close();
    } else if (replica != null) {
      replica.close();
    }
  }
}
