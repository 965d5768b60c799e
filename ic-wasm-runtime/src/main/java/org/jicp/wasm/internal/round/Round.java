package org.jicp.wasm.internal.round;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.replicated.CallContext;
import org.jicp.state.replicated.CallContextManager;
import org.jicp.state.replicated.CallOrigin;
import org.jicp.state.replicated.Callback;
import org.jicp.state.replicated.CanisterLog;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterQueues;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.IngressHistory;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.StopContext;
import org.jicp.state.replicated.RejectReason;
import org.jicp.state.replicated.Stream;
import org.jicp.state.replicated.StreamEncoding;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SystemState;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;

/**
 * One execution round over a replicated state (dfinity/ic {@code execute_round} with the
 * induction that precedes it): the round's working copy of the state and the steps that change
 * it. A round is a function of (state, inputs): every step reads and writes only {@link #state}
 * and the inputs; the {@link Runtimes} are caches.
 *
 * <p>Steps ({@link #run}): time and registry settings from the inputs; storage and compute
 * allocation charged for the elapsed time; stream slices garbage-collect this subnet's streams
 * (accept signals) and reroute or answer what they reject (reject signals), and their messages
 * are inducted or refused with reject signals ({@link #inductSlice}); ingress is inducted; then passes of execution until nothing is
 * left to do or the round's instruction budget is used — each pass runs the management
 * canister's queue, then every canister round-robin (heartbeat and due global timer in the first
 * pass, then its input queue FIFO) — with every output routed at once (local canisters' queues,
 * the management queue, or the stream of the destination subnet); finally stopping canisters
 * without open calls stop, and the ingress history is pruned.
 */
public final class Round {
  /** The management canister's id ({@code aaaaa-aa}). */
  public static final CanisterId IC_00 = CanisterId.fromBytes(new byte[0]);
  /** Passes of execution per round at most (calls between local canisters finish in a round). */
  static final int MAX_PASSES = 64;
  /** Execution threads the IC runs a round on; the subnet budget is this many thread budgets. */
  static final int THREADS = 4;
  private static final byte[] RAND_DOMAIN = "jicp raw_rand".getBytes(StandardCharsets.US_ASCII);

  final ExecutionConfig config;
  final FeeSchedule fees;
  final Runtimes runtimes;
  final Consumer<String> logSink;
  final long ingressHistoryCapacity;
  ReplicatedState state;
  final Bytes randomness;
  long randCounter;
  long roundInstructions;
  /** Canisters that ran a slice of a long execution this round (they run nothing else). */
  final java.util.Set<CanisterId> sliced = new java.util.HashSet<>();
  /** The management message being handled (what a paused install belongs to), or null. */
  CanisterMessage currentManagementMessage;
  final WasmExecution wasm;
  final NativeExecution natives;
  final InstallCode install;
  final Management management;

  Round(ExecutionConfig config, FeeSchedule fees, Runtimes runtimes, Consumer<String> logSink,
      long ingressHistoryCapacity, ReplicatedState state, Bytes randomness) {
    this.config = config;
    this.fees = fees;
    this.runtimes = runtimes;
    this.logSink = logSink;
    this.ingressHistoryCapacity = ingressHistoryCapacity;
    this.state = state;
    this.randomness = randomness;
    this.wasm = new WasmExecution(this);
    this.natives = new NativeExecution(this);
    this.install = new InstallCode(this);
    this.management = new Management(this);
  }

  /** Executes the round with {@code inputs} and returns the resulting state. */
  public static ReplicatedState run(ExecutionConfig config, FeeSchedule fees, Runtimes runtimes,
      Consumer<String> logSink, long historyCapacity, ReplicatedState before, RoundInputs in) {
    // Paused executions continue only on the state the previous round returned (a restored or
    // forked state, or another branch, restarts them from scratch).
    runtimes.continueOn(before);
    Round r = new Round(config, fees, runtimes, logSink, historyCapacity, before,
        in.randomness());
    r.begin(in);
    r.induct(in);
    r.execute();
    r.finish(in.checkpoint());
    if (in.checkpoint()) {
      // As the IC before a checkpoint: nothing of a paused execution may reach the checkpoint
      // (here nothing of it is in the state anyway); the messages restart later.
      runtimes.abortAll();
    }
    runtimes.producedBy(r.state);
    return r.state;
  }

  /** {@code state} with every native canister's unsaved changes saved into it. */
  public static ReplicatedState flush(ExecutionConfig config, FeeSchedule fees,
      Runtimes runtimes, ReplicatedState state) {
    Round r = new Round(config, fees, runtimes, x -> { }, Long.MAX_VALUE, state,
        Bytes.of(new byte[32]));
    r.natives.flush();
    runtimes.replaced(state, r.state);
    return r.state;
  }

  // ------------------------------------------------------------------ steps

  private void begin(RoundInputs in) {
    SubnetMetadata md = state.metadata();
    long prev = md.timeNanos();
    long now = Math.max(prev, in.timeNanos());
    SubnetMetadata.Builder b = md.toBuilder().timeNanos(now).registryVersion(in.registryVersion());
    if (!in.routingTable().entries().isEmpty()) {
      b.routingTable(in.routingTable());
    }
    if (!in.topology().isEmpty()) {
      b.topology(in.topology());
    }
    state = state.atHeight(in.height()).withMetadata(b.build());
    long elapsedSeconds = (now - prev) / 1_000_000_000L;
    if (elapsedSeconds > 0 && prev > 0) {
      chargeAllocations(elapsedSeconds);
    }
  }

  private void chargeAllocations(long seconds) {
    // Every canister in one pass over the canister map (not a path copy per canister).
    Cycles[] consumed = {Cycles.ZERO};
    state = state.withCanistersMapped(cs -> {
      SystemState s = cs.system();
      Cycles c = fees.memoryCost(memoryBytes(cs), seconds)
          .add(fees.computeAllocationCost(s.computeAllocation(), seconds));
      if (c.value().signum() == 0) {
        return cs;
      }
      Cycles charged = c.compareTo(s.cyclesBalance()) <= 0 ? c : s.cyclesBalance();
      consumed[0] = consumed[0].add(charged);
      return cs.withSystem(s.withCyclesBalance(s.cyclesBalance().saturatingSubtract(c)));
    });
    consumed(consumed[0]);
  }

  void consumed(Cycles c) {
    if (c.value().signum() > 0) {
      SubnetMetadata md = state.metadata();
      state = state.withMetadata(md.toBuilder()
          .consumedCyclesTotal(new Cycles(md.consumedCyclesTotal().value().add(c.value())
              .min(Cycles.MAX_VALUE))).build());
    }
  }

  private void induct(RoundInputs in) {
    for (Map.Entry<SubnetId, StreamSlice> e : in.streamSlices().entrySet()) {
      inductSlice(e.getKey(), e.getValue());
    }
    for (CanisterMessage.Ingress m : in.ingress()) {
      inductIngress(m);
    }
  }

  /**
   * Message routing for the slice from subnet {@code from} (dfinity/ic {@code stream_handler}):
   * first its signals about our stream to {@code from} — the messages below its {@code
   * signals_end} leave our stream, and each message it rejected is acted on ({@link
   * #onRejectSignal}); our own reject signals below the slice's {@code begin} are dropped (the
   * sender acted on them) — then its new messages in index order, each accepted (inducted, or
   * answered with a reject response) or refused with a reject signal ({@link #inductStreamMessage}).
   */
  private void inductSlice(SubnetId from, StreamSlice slice) {
    StreamEncoding.Header h = slice.header();
    Stream ours = stream(from);
    long ack = Math.max(ours.begin(), Math.min(h.signalsEnd(), ours.end()));
    List<Map.Entry<CanisterMessage.StreamMessage, RejectReason>> rejected = new ArrayList<>();
    if (ack > ours.begin()) {
      for (Map.Entry<Long, RejectReason> r
          : h.rejectSignals().subMap(ours.begin(), ack).entrySet()) {
        rejected.add(Map.entry(ours.messages().get((int) (r.getKey() - ours.begin())),
            r.getValue()));
      }
    }
    putStream(from, ours.discardBefore(ack).discardSignalsBefore(h.begin()));
    for (Map.Entry<CanisterMessage.StreamMessage, RejectReason> r : rejected) {
      onRejectSignal(from, r.getKey(), r.getValue());
    }
    long next = stream(from).signalsEnd();
    TreeMap<Long, RejectReason> refused = new TreeMap<>();
    for (Map.Entry<Long, CanisterMessage.StreamMessage> m
        : slice.messages().tailMap(next).entrySet()) {
      if (m.getKey() != next) {
        break; // a gap: wait for the missing messages
      }
      inductStreamMessage(m.getValue()).ifPresent(reason -> refused.put(m.getKey(), reason));
      next++;
    }
    Stream after = stream(from);
    putStream(from, after.withMoreSignals(Math.max(next, after.signalsEnd()), refused));
  }

  /**
   * Inducts one message of another subnet's stream, or returns why it is refused (a reject
   * signal). A message whose receiver is neither here nor routed here — the routing table maps it
   * to another subnet, as after a migration — is refused with {@link
   * RejectReason#CANISTER_MIGRATING}, so that its sender reroutes it. Anything else is accepted:
   * {@link #route} enqueues it, answers a request it cannot enqueue with a reject response (a
   * receiver routed here that does not exist: {@code CANISTER_NOT_FOUND}, IC0301), and drops a
   * response to a canister routed here that no longer exists.
   */
  Optional<RejectReason> inductStreamMessage(CanisterMessage.StreamMessage m) {
    CanisterId dst = m.receiver();
    boolean here = dst.equals(IC_00) || dst.principal().equals(ownSubnet().principal())
        || state.canisters().containsKey(dst);
    if (!here) {
      Optional<SubnetId> host = destinationSubnet(dst);
      if (host.isPresent() && !host.get().equals(ownSubnet())) {
        return Optional.of(RejectReason.CANISTER_MIGRATING);
      }
    }
    route(m);
    return Optional.empty();
  }

  /**
   * Acts on a reject signal of subnet {@code from} for our message {@code m} (dfinity/ic
   * {@code handle_reject_signal}): a response is rerouted by the current routing table (never
   * dropped while it has a destination); a request is rerouted when its receiver is here or now
   * routed to a subnet other than {@code from}, and otherwise answered here with a reject response
   * made from {@code reason}.
   */
  void onRejectSignal(SubnetId from, CanisterMessage.StreamMessage m, RejectReason reason) {
    if (m instanceof CanisterMessage.Response) {
      route(m);
      return;
    }
    CanisterMessage.Request r = (CanisterMessage.Request) m;
    CanisterId dst = r.receiver();
    Optional<SubnetId> host = state.canisters().containsKey(dst) ? Optional.of(ownSubnet())
        : destinationSubnet(dst);
    if (host.isPresent() && !host.get().equals(from)) {
      route(r);
      return;
    }
    route(new CanisterMessage.Response(r.sender(), dst, r.senderCallbackId(), r.payment(),
        rejectFor(reason, dst), r.deadlineNanos()));
  }

  /** The reject response a request refused with {@code reason} gets (dfinity/ic's mapping). */
  static ResponsePayload.Reject rejectFor(RejectReason reason, CanisterId dst) {
    return switch (reason) {
      case CANISTER_NOT_FOUND -> ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND,
          "Canister " + dst + " not found");
      case CANISTER_STOPPED -> ResponsePayload.Reject.of(ErrorCode.CANISTER_STOPPED,
          "Canister " + dst + " is stopped");
      case CANISTER_STOPPING -> ResponsePayload.Reject.of(ErrorCode.CANISTER_STOPPING,
          "Canister " + dst + " is stopping");
      case QUEUE_FULL -> ResponsePayload.Reject.of(ErrorCode.CANISTER_QUEUE_FULL,
          "Canister " + dst + " has a full input queue");
      case CANISTER_MIGRATING -> new ResponsePayload.Reject(RejectCode.SYS_TRANSIENT,
          "Canister " + dst + " is migrating", Optional.empty());
      case OUT_OF_MEMORY, UNKNOWN -> new ResponsePayload.Reject(RejectCode.SYS_TRANSIENT,
          "Canister " + dst + " could not receive the message (" + reason.text() + ")",
          Optional.empty());
    };
  }

  /**
   * The subnet a message to {@code dst} goes to by the routing table (a subnet's own id: that
   * subnet's management canister), if any.
   */
  private Optional<SubnetId> destinationSubnet(CanisterId dst) {
    Optional<SubnetId> subnet = state.metadata().routingTable().route(dst);
    SubnetId asSubnet = new SubnetId(dst.principal());
    if (subnet.isEmpty() && state.metadata().topology().containsKey(asSubnet)) {
      subnet = Optional.of(asSubnet);
    }
    return subnet;
  }

  private Stream stream(SubnetId s) {
    return state.metadata().streams().getOrDefault(s, Stream.EMPTY);
  }

  private void putStream(SubnetId s, Stream st) {
    TreeMap<SubnetId, Stream> streams = new TreeMap<>(state.metadata().streams());
    streams.put(s, st);
    state = state.withMetadata(state.metadata().toBuilder().streams(streams).build());
  }

  /** Inducts an ingress message or records why it cannot be (ingress history). */
  void inductIngress(CanisterMessage.Ingress m) {
    IngressHistory h = state.metadata().ingressHistory();
    if (h.get(m.messageId()).isPresent()) {
      return; // a duplicate: the first one counts
    }
    long now = time();
    if (m.expiryNanos() < now) {
      return; // expired before it could be inducted (the ingress selector drops these)
    }
    Optional<ResponsePayload.Reject> tooLarge = tooLarge(config, m);
    if (tooLarge.isPresent()) {
      ingressFailed(m, tooLarge.get().errorCode().orElseThrow(), tooLarge.get().message());
      return;
    }
    if (m.receiver().equals(IC_00)) {
      if (!ownsCanister(m.effectiveCanisterId()) && !management.isSubnetWide(m.methodName())) {
        ingressFailed(m, ErrorCode.CANISTER_NOT_FOUND, "Canister " + m.effectiveCanisterId()
            + " not found");
        return;
      }
      Management.Induction induction = management.induct(m);
      if (induction.reject().isPresent()) {
        ResponsePayload.Reject j = induction.reject().get();
        ingressFailed(m, j.errorCode().orElseThrow(), j.message());
        return;
      }
      Optional<CanisterId> payer = induction.payer();
      if (payer.isPresent()) {
        // The managed canister pays the induction fee (dfinity/ic ingress_induction_cost).
        CanisterState pc = canister(payer.get()).orElse(null);
        if (pc == null) {
          ingressFailed(m, ErrorCode.CANISTER_NOT_FOUND, "Canister " + payer.get()
              + " not found");
          return;
        }
        Cycles fee = fees.ingressInductionCost(m.methodName().length()
            + m.methodPayload().length());
        if (!canPay(pc, fee)) {
          ingressFailed(m, ErrorCode.CANISTER_OUT_OF_CYCLES, outOfCyclesMessage(payer.get(),
              fee, pc));
          return;
        }
        debit(pc, fee);
      }
      setIngress(m.messageId(), IngressStatus.of(IngressStatus.Kind.RECEIVED, m.receiver(),
          m.source(), now));
      state = state.withSubnetQueues(state.subnetQueues().pushInput(m));
      return;
    }
    CanisterState cs = canister(m.receiver()).orElse(null);
    if (cs == null) {
      ingressFailed(m, ErrorCode.CANISTER_NOT_FOUND, "Canister " + m.receiver() + " not found");
      return;
    }
    SystemState s = cs.system();
    if (s.status() == CanisterStatus.STOPPED) {
      ingressFailed(m, ErrorCode.CANISTER_STOPPED, "Canister " + m.receiver() + " is stopped");
      return;
    }
    if (s.status() == CanisterStatus.STOPPING) {
      ingressFailed(m, ErrorCode.CANISTER_STOPPING, "Canister " + m.receiver()
          + " is stopping");
      return;
    }
    if (!s.queues().hasRoomForRequest()) {
      ingressFailed(m, ErrorCode.CANISTER_QUEUE_FULL, "Canister " + m.receiver()
          + " has no room for more ingress messages: its input queue is full ("
          + CanisterQueues.CAPACITY + ")");
      return;
    }
    Cycles fee = fees.ingressInductionCost(m.methodName().length() + m.methodPayload().length());
    if (!canPay(cs, fee)) {
      ingressFailed(m, ErrorCode.CANISTER_OUT_OF_CYCLES, outOfCyclesMessage(m.receiver(), fee,
          cs));
      return;
    }
    cs = debit(cs, fee);
    put(cs.withSystem(cs.system().withQueues(cs.system().queues().pushInput(m))));
    setIngress(m.messageId(), IngressStatus.of(IngressStatus.Kind.RECEIVED, m.receiver(),
        m.source(), now));
  }

  /**
   * The reject of an ingress message larger than the subnet's {@code
   * max_ingress_bytes_per_message} (the IC refuses it at its HTTP endpoint and in block
   * validation; a round that receives one records the reject, charging nobody).
   */
  public static Optional<ResponsePayload.Reject> tooLarge(ExecutionConfig config,
      CanisterMessage.Ingress m) {
    long size = (long) m.methodName().getBytes(StandardCharsets.UTF_8).length
        + m.methodPayload().length();
    if (size <= config.maxIngressBytesPerMessage()) {
      return Optional.empty();
    }
    return Optional.of(ResponsePayload.Reject.of(ErrorCode.CANISTER_REJECTED_MESSAGE,
        "Ingress message of " + size + " bytes (method name and argument) exceeds the limit of "
            + config.maxIngressBytesPerMessage() + " bytes per message of this subnet"));
  }

  private void ingressFailed(CanisterMessage.Ingress m, ErrorCode code, String message) {
    setIngress(m.messageId(), IngressStatus.rejected(m.receiver(), m.source(), time(),
        code.rejectCode().code(), message, Optional.of(code)));
  }

  private void execute() {
    long subnetBudget = config.maxInstructionsPerRound() * THREADS;
    java.util.Map<CanisterId, long[]> used = new java.util.HashMap<>();
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      boolean progress = runManagementQueue();
      List<CanisterId> ids = new ArrayList<>(state.canisters().keySet());
      if (ids.isEmpty()) {
        if (!progress) {
          break;
        }
        continue;
      }
      int start = (int) Long.remainderUnsigned(state.height().value(), ids.size());
      for (int k = 0; k < ids.size(); k++) {
        CanisterId id = ids.get((start + k) % ids.size());
        long[] u = used.computeIfAbsent(id, x -> new long[1]);
        PausedExecution paused = runtimes.paused(id);
        if (paused != null && paused.kind == PausedExecution.Kind.INSTALL) {
          continue; // an install in progress: the canister runs nothing else
        }
        if (pass == 0 && paused == null) {
          long t = systemTasks(id);
          u[0] += t;
          roundInstructions += t;
        }
        while (u[0] < config.maxInstructionsPerRound() && roundInstructions < subnetBudget
            && !sliced.contains(id)) {
          CanisterState cs = canister(id).orElse(null);
          if (cs == null || cs.system().queues().input().isEmpty()) {
            break;
          }
          CanisterMessage m = cs.system().queues().input().get(0);
          ReplicatedState before = state;
          boolean resuming = runtimes.paused(id) != null;
          put(cs.withSystem(cs.system().withQueues(cs.system().queues().popInput())));
          long n = executeMessage(id, m);
          u[0] += n;
          roundInstructions += n;
          progress = true;
          PausedExecution p = runtimes.paused(id);
          if (p != null && p.pausedIn != this) {
            runtimes.abort(id); // the message was answered without it (it cannot resume)
            p = null;
          }
          if (p != null) {
            // Paused (deterministic time slicing): none of the message's effects is kept; it
            // stays at the head of the queue and resumes next round.
            state = before;
            if (m instanceof CanisterMessage.Ingress i) {
              setIngress(i.messageId(), IngressStatus.of(IngressStatus.Kind.PROCESSING,
                  i.receiver(), i.source(), time()));
            }
            sliced.add(id);
          } else if (resuming) {
            sliced.add(id); // completed in this round's slice
          }
        }
      }
      if (!progress || roundInstructions >= subnetBudget) {
        break;
      }
    }
  }

  /**
   * Runs the management canister's queue one message at a time. Messages about a canister with a
   * paused execution wait, in order, until it completes (its state must not change under it); an
   * install that pauses (deterministic time slicing) leaves no effect and its message waits at
   * its place to resume next round.
   */
  private boolean runManagementQueue() {
    if (state.subnetQueues().input().isEmpty()) {
      return false;
    }
    List<CanisterMessage> pending = new ArrayList<>(state.subnetQueues().input());
    List<CanisterMessage> held = new ArrayList<>();
    state = state.withSubnetQueues(state.subnetQueues().withInput(List.of()));
    boolean any = false;
    for (CanisterMessage m : pending) {
      PausedExecution p = null;
      CanisterId target = null;
      if (runtimes.anyPaused()) {
        target = managedCanister(m).orElse(null);
        p = target == null ? null : runtimes.paused(target);
        if (p != null && (!p.message.equals(m) || sliced.contains(target))) {
          held.add(m);
          continue;
        }
      }
      ReplicatedState before = state;
      state = state.withSubnetQueues(state.subnetQueues().withInput(List.of(m)));
      currentManagementMessage = m;
      try {
        any |= management.runQueue();
        if (p != null && runtimes.paused(target) == p) {
          runtimes.abort(target); // answered without resuming it: it cannot resume any more
        }
      } catch (InstallCode.Paused paused) {
        state = before;
        held.add(m);
        if (m instanceof CanisterMessage.Ingress i) {
          setIngress(i.messageId(), IngressStatus.of(IngressStatus.Kind.PROCESSING, IC_00,
              i.source(), time()));
        }
        managedCanister(m).ifPresent(sliced::add);
        any = true;
      } finally {
        currentManagementMessage = null;
      }
    }
    if (!held.isEmpty()) {
      List<CanisterMessage> rest = new ArrayList<>(held);
      rest.addAll(state.subnetQueues().input());
      state = state.withSubnetQueues(state.subnetQueues().withInput(rest));
    }
    return any;
  }

  /** The canister a management message is about (its {@code canister_id}), if it names one. */
  private static Optional<CanisterId> managedCanister(CanisterMessage m) {
    Bytes payload;
    if (m instanceof CanisterMessage.Ingress i) {
      payload = i.methodPayload();
    } else if (m instanceof CanisterMessage.Request r) {
      payload = r.methodPayload();
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(new CanisterId(org.jicp.wasm.execution.ManagementApi.decode(
          payload.toByteArray(), org.jicp.wasm.execution.ManagementApi.CanisterIdRecord.class)
          .canisterId()));
    } catch (RuntimeException noCanisterId) {
      if ("install_chunked_code".equals(m instanceof CanisterMessage.Request r ? r.methodName()
          : null)) {
        try {
          return Optional.of(new CanisterId(org.jicp.wasm.execution.ManagementApi.decode(
              payload.toByteArray(),
              org.jicp.wasm.execution.ManagementApi.InstallChunkedCodeArgs.class)
              .targetCanister()));
        } catch (RuntimeException malformed) {
          return Optional.empty();
        }
      }
      if (m instanceof CanisterMessage.Ingress i) {
        return Optional.of(i.effectiveCanisterId());
      }
      return Optional.empty();
    }
  }

  private long systemTasks(CanisterId id) {
    CanisterState cs = canister(id).orElse(null);
    if (cs == null || cs.execution().isEmpty()
        || cs.system().status() != CanisterStatus.RUNNING) {
      return 0;
    }
    if (cs.execution().get().nativeKind().isPresent()) {
      return natives.heartbeat(id);
    }
    return wasm.systemTasks(id);
  }

  private long executeMessage(CanisterId id, CanisterMessage m) {
    if (m instanceof CanisterMessage.Response r) {
      return executeResponse(id, r);
    }
    CallOrigin origin;
    Principal caller;
    String method;
    Bytes arg;
    Cycles payment;
    if (m instanceof CanisterMessage.Ingress i) {
      origin = new CallOrigin.Ingress(i.source(), i.messageId());
      caller = i.source();
      method = i.methodName();
      arg = i.methodPayload();
      payment = Cycles.ZERO;
      setIngress(i.messageId(), IngressStatus.of(IngressStatus.Kind.PROCESSING, i.receiver(),
          i.source(), time()));
    } else {
      CanisterMessage.Request r = (CanisterMessage.Request) m;
      origin = new CallOrigin.Canister(r.sender(), r.senderCallbackId(), r.deadlineNanos());
      caller = r.sender().principal();
      method = r.methodName();
      arg = r.methodPayload();
      payment = r.payment();
    }
    updateTransaction();
    CanisterState cs = canister(id).orElse(null);
    if (cs == null) {
      respond(origin, id, ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND,
          "Canister " + id + " not found"), payment);
      return 0;
    }
    if (cs.system().status() != CanisterStatus.RUNNING) {
      boolean stopped = cs.system().status() == CanisterStatus.STOPPED;
      respond(origin, id, ResponsePayload.Reject.of(
          stopped ? ErrorCode.CANISTER_STOPPED : ErrorCode.CANISTER_STOPPING,
          "Canister " + id + (stopped ? " is stopped" : " is stopping")), payment);
      return 0;
    }
    if (cs.execution().isEmpty()) {
      respond(origin, id, new ResponsePayload.Reject(RejectCode.DESTINATION_INVALID,
          "Canister " + id + " contains no Wasm module",
          Optional.of(ErrorCode.CANISTER_WASM_MODULE_NOT_FOUND)), payment);
      return 0;
    }
    if (cs.execution().get().nativeKind().isPresent()) {
      return natives.call(id, origin, caller, method, arg, payment);
    }
    return wasm.call(id, origin, caller, method, arg, payment, m);
  }

  private long executeResponse(CanisterId id, CanisterMessage.Response r) {
    CanisterState cs = canister(id).orElse(null);
    if (cs == null) {
      return 0;
    }
    CallContextManager ccm = cs.system().callContexts();
    Callback cb = ccm.callbacks().get(r.originatorCallbackId());
    if (cb == null) {
      return 0; // no such callback (e.g. the canister was reinstalled): drop it
    }
    ccm = ccm.unregisterCallback(r.originatorCallbackId());
    cs = cs.withSystem(cs.system().withCallContexts(ccm));
    cs = credit(cs, r.refund());
    put(cs);
    CallContext ctx = ccm.callContexts().get(cb.callContextId());
    if (ctx == null || ctx.deleted() || cs.execution().isEmpty()) {
      if (ctx != null) {
        finishContext(id, cb.callContextId());
      }
      return 0;
    }
    if (cs.execution().get().nativeKind().isPresent()) {
      return natives.response(id, cb, r);
    }
    return wasm.response(id, cb, r);
  }

  private void finish(boolean checkpoint) {
    stopCanisters();
    if (checkpoint) {
      natives.flush();
    }
    state = state.withMetadata(state.metadata().withIngressHistory(
        state.metadata().ingressHistory().prune(time())));
  }

  /** Canisters that are stopping and have no open call context become stopped. */
  void stopCanisters() {
    for (CanisterState cs : new ArrayList<>(state.canisters().values())) {
      SystemState s = cs.system();
      if (s.status() != CanisterStatus.STOPPING || !s.callContexts().callContexts().isEmpty()) {
        continue;
      }
      List<StopContext> stops = s.pendingStops();
      put(cs.withSystem(s.toBuilder().status(CanisterStatus.STOPPED).pendingStops(List.of())
          .canisterVersion(s.canisterVersion() + 1).build()));
      for (StopContext c : stops) {
        respond(c.origin(), IC_00, new ResponsePayload.Reply(Management.EMPTY_REPLY), c.cycles());
      }
    }
  }

  // ------------------------------------------------------------------ calls and responses

  /**
   * Answers {@code origin} with {@code payload} from {@code respondent}, refunding {@code refund}:
   * the ingress history for ingress, a response routed to the caller for canisters, nothing for
   * system tasks.
   */
  void respond(CallOrigin origin, CanisterId respondent, ResponsePayload payload, Cycles refund) {
    if (origin instanceof CallOrigin.Ingress i) {
      IngressStatus before = state.metadata().ingressHistory().get(i.messageId()).orElse(null);
      CanisterId receiver = before != null ? before.receiver() : respondent;
      IngressStatus st;
      if (payload instanceof ResponsePayload.Reply r) {
        st = IngressStatus.replied(receiver, i.user(), time(), r.data());
      } else {
        ResponsePayload.Reject j = (ResponsePayload.Reject) payload;
        Optional<ErrorCode> ec = j.errorCode().isPresent() ? j.errorCode()
            : Optional.of(ErrorCode.CANISTER_REJECTED_MESSAGE);
        st = IngressStatus.rejected(receiver, i.user(), time(), j.code().code(), j.message(), ec);
      }
      setIngress(i.messageId(), st);
    } else if (origin instanceof CallOrigin.Canister c) {
      route(new CanisterMessage.Response(c.caller(), respondent, c.callbackId(), refund, payload,
          c.deadlineNanos()));
    }
  }

  /** Marks call context {@code ctxId} of {@code id} responded and answers its origin. */
  void respondContext(CanisterId id, long ctxId, ResponsePayload payload) {
    CanisterState cs = canister(id).orElseThrow();
    CallContextManager ccm = cs.system().callContexts();
    CallContext ctx = ccm.callContexts().get(ctxId);
    if (ctx == null || ctx.responded()) {
      return;
    }
    put(cs.withSystem(cs.system().withCallContexts(ccm.withCallContext(ctxId,
        ctx.markResponded().withAvailableCycles(Cycles.ZERO)))));
    respond(ctx.origin(), id, payload, ctx.availableCycles());
  }

  /**
   * Closes call context {@code ctxId} if no callback of it is outstanding: answers "did not
   * reply" if it was never answered, then removes it.
   */
  void finishContext(CanisterId id, long ctxId) {
    CanisterState cs = canister(id).orElse(null);
    if (cs == null) {
      return;
    }
    CallContextManager ccm = cs.system().callContexts();
    CallContext ctx = ccm.callContexts().get(ctxId);
    if (ctx == null || ccm.outstandingCalls(ctxId) > 0) {
      return;
    }
    if (!ctx.responded() && !(ctx.origin() instanceof CallOrigin.SystemTask)) {
      respondContext(id, ctxId, ResponsePayload.Reject.of(ErrorCode.CANISTER_DID_NOT_REPLY,
          "Canister " + id + " did not reply to the call"));
      cs = canister(id).orElseThrow();
      ccm = cs.system().callContexts();
    }
    put(cs.withSystem(cs.system().withCallContexts(ccm.withoutCallContext(ctxId))));
  }

  /**
   * Routes an output: to the management queue, to a local canister's input queue (a request to a
   * missing canister or a full queue gets a reject response instead), or to the stream of the
   * subnet the routing table names (none: a reject response).
   */
  void route(CanisterMessage.StreamMessage m) {
    CanisterId dst = m.receiver();
    if (dst.equals(IC_00) && m instanceof CanisterMessage.Request r) {
      Optional<SubnetId> remote = hostOfNamedCanister(r);
      if (remote.isPresent()) {
        // The IC's resolve_destination: a canister's call to aaaaa-aa about a canister of another
        // subnet goes to that subnet's management canister.
        route(new CanisterMessage.Request(new CanisterId(remote.get().principal()), r.sender(),
            r.senderCallbackId(), r.payment(), r.methodName(), r.methodPayload(),
            r.deadlineNanos()));
        return;
      }
    }
    if (dst.equals(IC_00) || dst.principal().equals(ownSubnet().principal())) {
      if (m instanceof CanisterMessage.Request) {
        state = state.withSubnetQueues(state.subnetQueues().pushInput(m));
      }
      return; // responses to the management canister: it makes no calls
    }
    CanisterState cs = canister(dst).orElse(null);
    if (cs != null) {
      if (m instanceof CanisterMessage.Request r) {
        String why = null;
        ErrorCode code = null;
        if (cs.system().status() == CanisterStatus.STOPPED) {
          code = ErrorCode.CANISTER_STOPPED;
          why = "Canister " + dst + " is stopped";
        } else if (cs.system().status() == CanisterStatus.STOPPING) {
          code = ErrorCode.CANISTER_STOPPING;
          why = "Canister " + dst + " is stopping";
        } else if (!cs.system().queues().hasRoomForRequest()) {
          code = ErrorCode.CANISTER_QUEUE_FULL;
          why = "Canister " + dst + " has a full input queue";
        }
        if (why != null) {
          route(new CanisterMessage.Response(r.sender(), dst, r.senderCallbackId(), r.payment(),
              ResponsePayload.Reject.of(code, why), r.deadlineNanos()));
          return;
        }
      }
      put(cs.withSystem(cs.system().withQueues(cs.system().queues().pushInput(m))));
      return;
    }
    Optional<SubnetId> subnet = destinationSubnet(dst);
    if (subnet.isPresent() && !subnet.get().equals(state.metadata().ownSubnetId())) {
      putStream(subnet.get(), stream(subnet.get()).push(m));
      return;
    }
    if (m instanceof CanisterMessage.Request r) {
      route(new CanisterMessage.Response(r.sender(), dst, r.senderCallbackId(), r.payment(),
          ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND, "Canister " + dst
              + " not found"), r.deadlineNanos()));
    }
    // A response to a canister that is gone is dropped (its cycles are lost, as on the IC).
  }

  /**
   * For a request to {@code aaaaa-aa} from a canister: the other subnet that hosts the canister
   * its argument names ({@code canister_id}), if the routing table and topology know one; empty
   * for subnet-wide methods, arguments without a canister id and canisters of this subnet.
   */
  private Optional<SubnetId> hostOfNamedCanister(CanisterMessage.Request r) {
    if (management.isSubnetWide(r.methodName())) {
      return Optional.empty();
    }
    Principal named;
    try {
      named = org.jicp.wasm.execution.ManagementApi.decode(r.methodPayload().toByteArray(),
          org.jicp.wasm.execution.ManagementApi.CanisterIdRecord.class).canisterId();
    } catch (RuntimeException notACanisterCall) {
      return Optional.empty();
    }
    CanisterId id = new CanisterId(named);
    if (state.canisters().containsKey(id)) {
      return Optional.empty();
    }
    Optional<SubnetId> s = state.metadata().routingTable().route(id);
    if (s.isEmpty() || s.get().equals(ownSubnet())
        || !state.metadata().topology().containsKey(s.get())) {
      return Optional.empty();
    }
    return s;
  }

  // ------------------------------------------------------------------ state helpers

  long time() {
    return state.metadata().timeNanos();
  }

  Height height() {
    return state.height();
  }

  Optional<CanisterState> canister(CanisterId id) {
    return state.canister(id);
  }

  void put(CanisterState cs) {
    state = state.withCanister(cs);
  }

  boolean ownsCanister(CanisterId id) {
    if (state.canisters().containsKey(id)) {
      return true;
    }
    Optional<SubnetId> s = state.metadata().routingTable().route(id);
    return s.isPresent() && s.get().equals(state.metadata().ownSubnetId());
  }

  void setIngress(MessageId id, IngressStatus st) {
    state = state.withMetadata(state.metadata().withIngressHistory(
        state.metadata().ingressHistory().set(id, st, ingressHistoryCapacity)));
  }

  void updateTransaction() {
    SubnetMetadata md = state.metadata();
    state = state.withMetadata(md.toBuilder()
        .updateTransactionsTotal(md.updateTransactionsTotal() + 1).build());
  }

  static long memoryBytes(CanisterState cs) {
    return cs.execution().map(e -> (e.heapSizeWasmPages() + e.stableMemorySizeWasmPages())
        * 65536 + e.wasmBinary().length()).orElse(0L);
  }

  Cycles freezingThreshold(CanisterState cs) {
    SystemState s = cs.system();
    return fees.freezingThreshold(memoryBytes(cs), s.computeAllocation(),
        s.freezingThresholdSeconds(), s.reservedCycles());
  }

  boolean canPay(CanisterState cs, Cycles amount) {
    if (!state.metadata().ownSubnetType().chargesCycles()) {
      return true;
    }
    Cycles free = cs.system().cyclesBalance().saturatingSubtract(freezingThreshold(cs));
    return free.compareTo(amount) >= 0;
  }

  String outOfCyclesMessage(CanisterId id, Cycles needed, CanisterState cs) {
    Cycles have = cs.system().cyclesBalance().saturatingSubtract(freezingThreshold(cs));
    return "Canister " + id + " is out of cycles: please top up the canister with at least "
        + needed.saturatingSubtract(have) + " additional cycles";
  }

  /** {@code cs} with {@code amount} taken from its balance (saturating), counted as consumed. */
  CanisterState debit(CanisterState cs, Cycles amount) {
    if (!state.metadata().ownSubnetType().chargesCycles() || amount.value().signum() == 0) {
      return cs;
    }
    Cycles b = cs.system().cyclesBalance();
    consumed(amount.compareTo(b) <= 0 ? amount : b);
    CanisterState out = cs.withSystem(cs.system().withCyclesBalance(b.saturatingSubtract(amount)));
    put(out);
    return out;
  }

  /** {@code cs} with {@code amount} added to its balance (capped at the u128 maximum). */
  CanisterState credit(CanisterState cs, Cycles amount) {
    if (amount.value().signum() == 0) {
      return cs;
    }
    BigInteger b = cs.system().cyclesBalance().value().add(amount.value()).min(Cycles.MAX_VALUE);
    CanisterState out = cs.withSystem(cs.system().withCyclesBalance(new Cycles(b)));
    put(out);
    return out;
  }

  /** A refund of prepaid execution cycles (not consumed after all). */
  CanisterState refundExecution(CanisterState cs, Cycles amount) {
    if (!state.metadata().ownSubnetType().chargesCycles() || amount.value().signum() == 0) {
      return cs;
    }
    SubnetMetadata md = state.metadata();
    state = state.withMetadata(md.toBuilder().consumedCyclesTotal(
        md.consumedCyclesTotal().saturatingSubtract(amount)).build());
    return credit(canister(cs.id()).orElse(cs), amount);
  }

  /** Appends debug prints (or a trap message) to the canister log and the log sink. */
  void log(CanisterId id, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    CanisterState cs = canister(id).orElse(null);
    CanisterLog l = cs == null ? null : cs.system().log();
    for (String line : lines) {
      logSink.accept("[" + id + "] " + line);
      if (l != null) {
        l = l.append(time(), Bytes.of(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (cs != null) {
      put(cs.withSystem(cs.system().toBuilder().log(l).build()));
    }
  }

  /** 32 fresh bytes for {@code raw_rand}: SHA-256 of the round's randomness and a counter. */
  Bytes rawRand() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(RAND_DOMAIN);
      d.update(randomness.toByteArray());
      d.update(ByteBuffer.allocate(8).putLong(randCounter++).array());
      return Bytes.of(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The subnet size fees are scaled for (the own subnet's node count, at least 1). */
  int subnetSize() {
    var t = state.metadata().topology().get(state.metadata().ownSubnetId());
    return t == null || t.nodePublicKeys().isEmpty() ? fees.subnetSize()
        : t.nodePublicKeys().size();
  }

  /** The execution state after a native instance's changes were saved (for checkpoints). */
  static ExecutionState saveNative(ExecutionState es, Bytes saved) {
    return NativeState.write(es, saved);
  }

  /** The own subnet id. */
  SubnetId ownSubnet() {
    return state.metadata().ownSubnetId();
  }

  /** The canisters as a sorted map (a view of the persistent map). */
  SortedMap<CanisterId, CanisterState> canisters() {
    return state.canisters();
  }
}
