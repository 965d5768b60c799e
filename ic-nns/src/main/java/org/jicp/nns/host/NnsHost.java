package org.jicp.nns.host;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.nns.registry.RegistryCanisterClient;
import org.jicp.nns.registry.RegistryTopology;
import org.jicp.state.certification.CertificateIssuer;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.Stream;
import org.jicp.state.replicated.StreamEncoding;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * A synchronous façade over replicated rounds for the NNS, for tests, the demo and embedders: the
 * NNS subnet (its {@link RoundExecutor} running the NNS canisters, see {@link NnsSubnet}) and,
 * started on demand, every other subnet of the registry that a message is sent to — each a {@code
 * ReplicatedState} advanced by {@code executeRound}, with the routing table and topology read from
 * the registry canister ({@link RegistryTopology}) and the subnets' streams delivered to each other
 * after every round (in process: the slices are taken from the senders' states without
 * certification, where a replica carries certified slices in blocks).
 *
 * <p>Everything replicated is in the subnets' states: queues, call contexts and callbacks, ingress
 * history, streams. The host keeps only the clock (time moves when told, {@link #advanceTime}, plus
 * one nanosecond per round), a counter numbering its ingress messages and the executors' caches.
 * {@link #update} submits an ingress message and runs rounds until its status is final and all
 * subnets are idle (empty queues, no open call context, every stream message delivered) for a
 * whole round — so that work a heartbeat starts after the reply (a proposal's execution) is done
 * too. Deterministic: the same calls give the same states and answers.
 *
 * <p>Queries run on the current state ({@code RoundExecutor.query}); those to the NNS subnet get a
 * data certificate of the canister's certified data (a tree with {@code time} and {@code
 * canister/<id>/certified_data} from the state, signed by the issuer) when the host has an issuer.
 */
public final class NnsHost implements AutoCloseable {
  /** The principal that controls the NNS canisters besides root, so that the host can upgrade them. */
  public static final Principal CONTROLLER = Principal.selfAuthenticating(
      "jicp nns host controller".getBytes(StandardCharsets.US_ASCII));
  /** The most rounds one call or tick may take. */
  public static final int MAX_ROUNDS = 10_000;
  private static final long INGRESS_TTL_NANOS = 5L * 60 * 1_000_000_000L;

  private static final class Running {
    final RoundExecutor executor;
    ReplicatedState state;

    Running(RoundExecutor executor, ReplicatedState state) {
      this.executor = executor;
      this.state = state;
    }
  }

  private NnsSubnet nns;
  private final SubnetId nnsSubnet;
  private final byte[] seed;
  private final Optional<CertificateIssuer> certifier;
  private final Engine engine;
  private final TreeMap<SubnetId, Running> subnets = new TreeMap<>();
  private RegistryTopology topology;
  private long nowNanos;
  private long nextIngress;

  private NnsHost(NnsSubnet nns, SubnetId nnsSubnet, Bytes seed, Optional<CertificateIssuer> certifier, Engine engine) {
    this.nns = nns;
    this.engine = engine;
    this.nnsSubnet = nnsSubnet;
    this.seed = seed.toByteArray();
    this.certifier = certifier;
  }

  /**
   * A host whose NNS subnet {@code nnsSubnet} starts at {@code startNanos} with the NNS canisters
   * installed from {@code canisters} ({@link NnsSubnet#genesis}, controlled by root and {@link
   * #CONTROLLER}); the routing table and topology come from the registry's initial state.
   *
   * @param nns the NNS subnet's canister kinds and {@code setup_initial_dkg}
   * @param seed seeds the rounds' randomness and the ingress message ids
   * @param certifier signs the data certificates of queries to the NNS subnet, if present
   */
  public static NnsHost genesis(NnsSubnet nns, SubnetId nnsSubnet, long startNanos, NnsSubnet.Canisters canisters,
      Bytes seed, Optional<CertificateIssuer> certifier) {
    return genesis(nns, nnsSubnet, startNanos, canisters, seed, certifier, Engine.COMPILER);
  }

  /** {@link #genesis(NnsSubnet, SubnetId, long, NnsSubnet.Canisters, Bytes, Optional)} on the wasm engine {@code engine}. */
  public static NnsHost genesis(NnsSubnet nns, SubnetId nnsSubnet, long startNanos, NnsSubnet.Canisters canisters,
      Bytes seed, Optional<CertificateIssuer> certifier, Engine engine) {
    Objects.requireNonNull(nns, "nns");
    NnsHost h = new NnsHost(nns, Objects.requireNonNull(nnsSubnet, "nnsSubnet"), Objects.requireNonNull(seed, "seed"),
        Objects.requireNonNull(certifier, "certifier"), Objects.requireNonNull(engine, "engine"));
    h.nowNanos = startNanos;
    RegistryTopology initial = canisters.registry().length() == 0
        ? new RegistryTopology(org.jicp.types.RegistryVersion.of(0), org.jicp.state.replicated.RoutingTable.empty(), new TreeMap<>())
        : RegistryTopology.latest(RegistryCanisterClient.of(RegistryCanister.restore(canisters.registry()).registry()));
    RoundExecutor exec = nns.configure(RoundExecutor.builder().engine(engine)
        .config(ExecutionConfig.systemSubnet()).fees(FeeSchedule.systemSubnet())).build();
    ReplicatedState empty = RoundExecutor.genesis(nnsSubnet, SubnetType.SYSTEM, startNanos, initial.routingTable(),
        initial.subnets());
    ReplicatedState s = nns.genesis(exec, empty, canisters, List.of(NnsCanisterIds.ROOT.principal(), CONTROLLER));
    h.subnets.put(nnsSubnet, new Running(exec, s));
    h.topology = initial;
    return h;
  }

  /** The NNS subnet's canister kinds and live instances. */
  public NnsSubnet nns() {
    return nns;
  }

  /** The NNS subnet's id. */
  public SubnetId nnsSubnet() {
    return nnsSubnet;
  }

  /** The running subnets, in id order (the NNS subnet and those started since). */
  public List<SubnetId> runningSubnets() {
    return List.copyOf(subnets.keySet());
  }

  /** The current state of running subnet {@code id}. */
  public ReplicatedState state(SubnetId id) {
    Running r = subnets.get(id);
    if (r == null) {
      throw new IllegalArgumentException("subnet " + id + " is not running");
    }
    return r.state;
  }

  /** The NNS subnet's current state (the NNS canisters' changes since the last flush are not in it). */
  public ReplicatedState state() {
    return state(nnsSubnet);
  }

  /** The NNS subnet's state with every native canister's state saved into it (ready for a checkpoint). */
  public ReplicatedState flushedState() {
    Running r = subnets.get(nnsSubnet);
    r.state = r.executor.flush(r.state);
    return r.state;
  }

  /** The NNS subnet's executor. */
  public RoundExecutor executor() {
    return subnets.get(nnsSubnet).executor;
  }

  /** The canister installed at {@code id} on the NNS subnet (the executor's current instance). */
  public SystemCanister canister(CanisterId id) {
    return nns.canister(id).orElseThrow(() -> new IllegalArgumentException("no NNS canister " + id));
  }

  /** The time of the next round, in nanoseconds since the epoch. */
  public long nowNanos() {
    return nowNanos;
  }

  /** Moves the clock forward by {@code d} (nothing else happens until the next round). */
  public void advanceTime(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back");
    }
    nowNanos = Math.addExact(nowNanos, d.toNanos());
  }

  /** The registry's topology as of the last round. */
  public RegistryTopology topology() {
    return topology;
  }

  /** The subnet that hosts {@code canister} by the registry's routing table, if any. */
  public Optional<SubnetId> subnetOf(Principal canister) {
    return refreshTopology().routingTable().route(new CanisterId(canister));
  }

  /** The state of {@code canister} on the subnet hosting it, if it exists there. */
  public Optional<CanisterState> canisterState(Principal canister) {
    Optional<SubnetId> s = subnetOf(canister);
    if (s.isEmpty() || !subnets.containsKey(s.get())) {
      return Optional.empty();
    }
    return subnets.get(s.get()).state.canister(new CanisterId(canister));
  }

  // ------------------------------------------------------------------ calls

  /**
   * Submits an update call from {@code caller} and runs rounds until it is answered and every
   * subnet is idle; returns the answer.
   *
   * @throws IllegalStateException if that takes more than {@link #MAX_ROUNDS} rounds
   */
  public Response update(Principal caller, CanisterId canister, String method, byte[] arg) {
    return submit(caller, canister, canister, method, arg);
  }

  /** Calls management method {@code method} of the subnet hosting {@code effective}, as {@code caller}. */
  public Response callManagement(Principal caller, CanisterId effective, String method, byte[] arg) {
    return submit(caller, RoundExecutor.managementCanister(), effective, method, arg);
  }

  /**
   * A submitted ingress message: its id and the subnet that inducted it, or the reject of its
   * inspection (then it was not inducted).
   *
   * @param id the message id
   * @param subnet the subnet it was sent to
   * @param rejected why it was refused before induction, if it was
   */
  public record Submitted(MessageId id, SubnetId subnet, Optional<Response.Reject> rejected) {}

  /**
   * Submits an update call from {@code caller} and runs the one round that inducts it; {@link
   * #result} tells its status later (the step-by-step form of {@link #update}).
   */
  public Submitted submit(Principal caller, CanisterId canister, String method, byte[] arg) {
    return submitOnly(caller, canister, canister, method, arg);
  }

  private Submitted submitOnly(Principal caller, CanisterId receiver, CanisterId effective, String method, byte[] arg) {
    SubnetId target = refreshTopology().routingTable().route(effective).orElse(nnsSubnet);
    Running r = running(target);
    MessageId id = MessageId.of(NnsSubnet.sha256("jicp nns host ingress", seed, ByteBuffer.allocate(8).putLong(nextIngress++).array()));
    CanisterMessage.Ingress m = new CanisterMessage.Ingress(id, caller, receiver, effective, method,
        Bytes.of(arg.clone()), nowNanos + INGRESS_TTL_NANOS);
    Optional<ResponsePayload.Reject> inspected = r.executor.inspect(r.state, m);
    if (inspected.isPresent()) {
      return new Submitted(id, target, Optional.of(new Response.Reject(inspected.get().code(), inspected.get().message())));
    }
    round(Map.of(target, List.of(m)));
    return new Submitted(id, target, Optional.empty());
  }

  /** The answer to a submitted message, once its ingress status is final (replied or rejected). */
  public Optional<Response> result(Submitted m) {
    if (m.rejected().isPresent()) {
      return Optional.of(m.rejected().get());
    }
    IngressStatus st = state(m.subnet()).metadata().ingressHistory().get(m.id()).orElse(null);
    if (st == null || !(st.kind() == IngressStatus.Kind.REPLIED || st.kind() == IngressStatus.Kind.REJECTED)) {
      return Optional.empty();
    }
    return Optional.of(response(st));
  }

  /** Runs one round on every running subnet. */
  public void runRound() {
    round(Map.of());
  }

  /**
   * Restarts the NNS subnet from {@code checkpoint} (a state of it loaded from a checkpoint, or
   * state-synced) on a new executor with new NNS canister factories: the canisters are created
   * again from the states saved in it, as on a node that restarts. The other subnets keep running.
   */
  public void restartNnsSubnet(ReplicatedState checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (!checkpoint.metadata().ownSubnetId().equals(nnsSubnet)) {
      throw new IllegalArgumentException("a state of subnet " + checkpoint.metadata().ownSubnetId() + ", not of the NNS subnet");
    }
    nns = nns.fresh();
    Running old = subnets.get(nnsSubnet);
    RoundExecutor exec = nns.configure(RoundExecutor.builder().engine(engine)
        .config(ExecutionConfig.systemSubnet()).fees(FeeSchedule.systemSubnet())).build();
    old.executor.close();
    subnets.put(nnsSubnet, new Running(exec, checkpoint));
  }

  private Response submit(Principal caller, CanisterId receiver, CanisterId effective, String method, byte[] arg) {
    Submitted sub = submitOnly(caller, receiver, effective, method, arg);
    if (sub.rejected().isPresent()) {
      return sub.rejected().get();
    }
    SubnetId target = sub.subnet();
    MessageId id = sub.id();
    for (int i = 0; ; i++) {
      IngressStatus st = subnets.get(target).state.metadata().ingressHistory().get(id).orElse(null);
      if (st != null && st.kind().isTerminal() && settled()) {
        // One more round: work a heartbeat starts after the answer (an adopted proposal) runs now.
        round(Map.of());
        if (settled()) {
          return response(st);
        }
      }
      if (i > MAX_ROUNDS) {
        throw new IllegalStateException("the call to " + receiver + "." + method + " did not complete in " + MAX_ROUNDS + " rounds");
      }
      round(Map.of());
    }
  }

  private static Response response(IngressStatus st) {
    if (st.kind() == IngressStatus.Kind.REPLIED) {
      return new Response.Reply(st.reply().orElseThrow());
    }
    if (st.kind() == IngressStatus.Kind.REJECTED) {
      return new Response.Reject(RejectCode.of((int) st.rejectCode()), st.rejectMessage().orElseThrow());
    }
    throw new IllegalStateException("ingress status " + st.kind() + " has no answer any more");
  }

  /** Runs a query on the current state of the canister's subnet; its changes are discarded. */
  public Response query(Principal caller, CanisterId canister, String method, byte[] arg) {
    SubnetId target = refreshTopology().routingTable().route(canister).orElse(nnsSubnet);
    Running r = subnets.get(target);
    if (r == null) {
      return new Response.Reject(RejectCode.DESTINATION_INVALID, "Canister " + canister + " not found");
    }
    Optional<Bytes> certificate = target.equals(nnsSubnet) ? certificate(r.state, canister) : Optional.empty();
    ResponsePayload p = r.executor.query(r.state, canister, method, Bytes.of(arg.clone()), caller, certificate);
    if (p instanceof ResponsePayload.Reply rep) {
      return new Response.Reply(rep.data());
    }
    ResponsePayload.Reject j = (ResponsePayload.Reject) p;
    return new Response.Reject(j.code(), j.message());
  }

  private Optional<Bytes> certificate(ReplicatedState s, CanisterId canister) {
    if (certifier.isEmpty() || s.canister(canister).isEmpty()) {
      return Optional.empty();
    }
    Bytes data = s.canister(canister).get().system().certifiedData();
    HashTree canisterTree = HashTreeMap.empty()
        .put(canister.principal().bytes(), HashTreeMap.empty().put("certified_data", HashTree.leaf(data)).tree())
        .tree();
    HashTree tree = HashTreeMap.empty()
        .put("canister", canisterTree)
        .put("time", HashTree.leaf(Hashing.leb128(s.metadata().timeNanos())))
        .tree();
    return Optional.of(Bytes.of(certifier.get().issue(tree).encode()));
  }

  /** Runs rounds until every subnet is idle after a whole round (heartbeats' work done). */
  public void tick() {
    for (int i = 0; ; i++) {
      round(Map.of());
      if (settled()) {
        return;
      }
      if (i > MAX_ROUNDS) {
        throw new IllegalStateException("the subnets did not settle in " + MAX_ROUNDS + " rounds");
      }
    }
  }

  /**
   * Upgrades NNS canister {@code id} through {@code install_code} (mode upgrade, same kind) as
   * {@link #CONTROLLER}: the executor saves the instance's state and the factory creates the new
   * instance from it. Continuations outstanding at that moment are part of the saved state and
   * continue on the new instance (see {@link SystemCanisterAdapter}). Returns the new instance.
   *
   * @throws IllegalStateException if the upgrade is rejected
   */
  public SystemCanister upgrade(CanisterId id) {
    CanisterState cs = state().canister(id).orElseThrow(() -> new IllegalArgumentException("no canister " + id));
    String kind = cs.execution().flatMap(e -> e.nativeKind()).orElseThrow(() ->
        new IllegalArgumentException(id + " is not a native canister"));
    Response r = callManagement(CONTROLLER, id, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
        new ManagementApi.InstallMode.Upgrade(Optional.empty()), id.principal(),
        Bytes.of(("jicp native canister " + kind).getBytes(StandardCharsets.UTF_8)), Bytes.EMPTY, Optional.empty())));
    if (r instanceof Response.Reject rej) {
      throw new IllegalStateException("upgrade of " + id + " rejected (" + rej.code() + "): " + rej.message());
    }
    return canister(id);
  }

  /** The cycles balance of {@code canister} on its subnet. */
  public Cycles cyclesBalance(Principal canister) {
    return canisterState(canister).orElseThrow(() -> new IllegalArgumentException("no canister " + canister))
        .system().cyclesBalance();
  }

  // ------------------------------------------------------------------ rounds

  private RegistryTopology refreshTopology() {
    Optional<SystemCanister> reg = nns.canister(NnsCanisterIds.REGISTRY);
    if (reg.isEmpty()) {
      return topology;
    }
    org.jicp.nns.registry.Registry registry = ((RegistryCanister) reg.get()).registry();
    if (!registry.latestVersion().equals(topology.version())) {
      topology = RegistryTopology.latest(RegistryCanisterClient.of(registry));
    }
    return topology;
  }

  private Running running(SubnetId id) {
    Running r = subnets.get(id);
    if (r != null) {
      return r;
    }
    var t = topology.subnets().get(id);
    if (t == null) {
      throw new IllegalArgumentException("subnet " + id + " is not in the registry");
    }
    int nodes = Math.max(1, t.nodePublicKeys().size());
    FeeSchedule fees = t.type().chargesCycles() ? FeeSchedule.applicationSubnet().forSubnetSize(nodes) : FeeSchedule.systemSubnet();
    ExecutionConfig config = t.type() == SubnetType.SYSTEM ? ExecutionConfig.systemSubnet() : ExecutionConfig.applicationSubnet();
    RoundExecutor exec = RoundExecutor.builder().engine(engine).config(config).fees(fees).build();
    // A subnet started later begins at the NNS subnet's height, so that all advance together.
    ReplicatedState g = RoundExecutor.genesis(id, t.type(), nowNanos, topology.routingTable(), topology.subnets())
        .atHeight(subnets.get(nnsSubnet).state.height());
    r = new Running(exec, g);
    subnets.put(id, r);
    return r;
  }

  /** One round on every running subnet, with {@code ingress} for some of them. */
  private void round(Map<SubnetId, List<CanisterMessage.Ingress>> ingress) {
    RegistryTopology t = refreshTopology();
    // Start the subnets that some stream is addressed to.
    for (Running r : new ArrayList<>(subnets.values())) {
      for (SubnetId dst : r.state.metadata().streams().keySet()) {
        if (!subnets.containsKey(dst) && t.subnets().containsKey(dst)) {
          running(dst);
        }
      }
    }
    // The slices every subnet receives, cut from the states before this round.
    Map<SubnetId, SortedMap<SubnetId, StreamSlice>> slices = new TreeMap<>();
    for (Map.Entry<SubnetId, Running> to : subnets.entrySet()) {
      TreeMap<SubnetId, StreamSlice> in = new TreeMap<>();
      for (Map.Entry<SubnetId, Running> from : subnets.entrySet()) {
        if (from.getKey().equals(to.getKey())) {
          continue;
        }
        Stream s = from.getValue().state.metadata().streams().get(to.getKey());
        if (s == null) {
          continue;
        }
        Stream back = to.getValue().state.metadata().streams().getOrDefault(from.getKey(), Stream.EMPTY);
        TreeMap<Long, CanisterMessage.StreamMessage> msgs = new TreeMap<>();
        for (long i = Math.max(s.begin(), back.signalsEnd()); i < s.end(); i++) {
          msgs.put(i, s.messages().get((int) (i - s.begin())));
        }
        in.put(from.getKey(), new StreamSlice(new StreamEncoding.Header(s.begin(), s.end(), s.signalsEnd(),
            s.rejectSignals()), msgs));
      }
      slices.put(to.getKey(), in);
    }
    for (Map.Entry<SubnetId, Running> e : subnets.entrySet()) {
      Running r = e.getValue();
      Height h = r.state.height().increment();
      Bytes randomness = Bytes.of(NnsSubnet.sha256("jicp nns host randomness", seed, e.getKey().toByteArray(),
          ByteBuffer.allocate(8).putLong(h.value()).array()));
      RoundInputs in = new RoundInputs(h, nowNanos, randomness, t.version(), t.routingTable(), t.subnets(),
          ingress.getOrDefault(e.getKey(), List.of()), slices.get(e.getKey()), false);
      r.state = r.executor.executeRound(r.state, in);
    }
    nowNanos++;
  }

  /** Whether every subnet is idle: no message queued, no call context open, every stream message delivered. */
  private boolean settled() {
    for (Map.Entry<SubnetId, Running> e : subnets.entrySet()) {
      ReplicatedState s = e.getValue().state;
      if (!s.subnetQueues().input().isEmpty()) {
        return false;
      }
      for (CanisterState cs : s.canisters().values()) {
        if (!cs.system().queues().input().isEmpty() || !cs.system().callContexts().callContexts().isEmpty()) {
          return false;
        }
      }
      for (Map.Entry<SubnetId, Stream> st : s.metadata().streams().entrySet()) {
        Running to = subnets.get(st.getKey());
        if (to == null) {
          continue;
        }
        Stream back = to.state.metadata().streams().getOrDefault(e.getKey(), Stream.EMPTY);
        if (back.signalsEnd() < st.getValue().end()) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    for (Running r : subnets.values()) {
      r.executor.close();
    }
  }

  @Override
  public String toString() {
    return "NnsHost(" + subnets.size() + " subnets running, NNS subnet at height " + state().height() + ")";
  }
}
