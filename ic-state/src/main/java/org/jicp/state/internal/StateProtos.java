package org.jicp.state.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.internal.proto.CallContextManagerPb;
import org.jicp.state.internal.proto.CallContextPb;
import org.jicp.state.internal.proto.CallOriginPb;
import org.jicp.state.internal.proto.CallbackPb;
import org.jicp.state.internal.proto.CanisterOriginPb;
import org.jicp.state.internal.proto.CanisterStateBits;
import org.jicp.state.internal.proto.CanisterStatusPb;
import org.jicp.state.internal.proto.ChunkPb;
import org.jicp.state.internal.proto.ClosurePb;
import org.jicp.state.internal.proto.ExecutionStateBits;
import org.jicp.state.internal.proto.GlobalPb;
import org.jicp.state.internal.proto.HistoryChangePb;
import org.jicp.state.internal.proto.IngressEntry;
import org.jicp.state.internal.proto.IngressOriginPb;
import org.jicp.state.internal.proto.IngressPb;
import org.jicp.state.internal.proto.LogRecordPb;
import org.jicp.state.internal.proto.MessagePb;
import org.jicp.state.internal.proto.MetadataSection;
import org.jicp.state.internal.proto.NodeKey;
import org.jicp.state.internal.proto.QueuesPb;
import org.jicp.state.internal.proto.RejectPb;
import org.jicp.state.internal.proto.RequestPb;
import org.jicp.state.internal.proto.ResponsePb;
import org.jicp.state.internal.proto.RoutingEntry;
import org.jicp.state.internal.proto.SnapshotBits;
import org.jicp.state.internal.proto.StopContextPb;
import org.jicp.state.internal.proto.StreamPb;
import org.jicp.state.internal.proto.SubnetTopologyPb;
import org.jicp.state.internal.proto.SubnetTypePb;
import org.jicp.state.internal.proto.SystemMetadata;
import org.jicp.state.replicated.CallContext;
import org.jicp.state.replicated.CallContextManager;
import org.jicp.state.replicated.CallOrigin;
import org.jicp.state.replicated.Callback;
import org.jicp.state.replicated.CanisterHistory;
import org.jicp.state.replicated.CanisterLog;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterQueues;
import org.jicp.state.replicated.CanisterSettings;
import org.jicp.state.replicated.CanisterSnapshot;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ChunkStore;
import org.jicp.state.replicated.Closure;
import org.jicp.state.replicated.CustomSection;
import org.jicp.state.replicated.IngressHistory;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.LogVisibility;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SnapshotId;
import org.jicp.state.replicated.StopContext;
import org.jicp.state.replicated.Stream;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.state.replicated.SystemState;
import org.jicp.state.replicated.WasmGlobal;
import org.jicp.state.pagemap.PageMap;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;

/**
 * Deterministic protobuf encoding of the replicated state's metadata (everything but pages and
 * modules), the checkpoint format of {@code state.proto} (jicp's own format). Decoding is strict:
 * a value out of range is a {@link MalformedEncodingException}.
 */
public final class StateProtos {
  private StateProtos() {}

  /** The deterministic encoding of {@code m}. */
  public static byte[] encode(MessageLite m) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(m.getSerializedSize());
      CodedOutputStream c = CodedOutputStream.newInstance(out);
      c.useDeterministicSerialization();
      m.writeTo(c);
      c.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteString bs(byte[] b) {
    return ByteString.copyFrom(b);
  }

  private static ByteString bs(Bytes b) {
    return ByteString.copyFrom(b.toByteArray());
  }

  private static Bytes bytes(ByteString b) {
    return Bytes.of(b.toByteArray());
  }

  private static ByteString u128(Cycles c) {
    byte[] b = c.value().toByteArray();
    return bs(b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b);
  }

  private static Cycles cycles(ByteString b, String what) {
    if (b.size() > 16) {
      throw new MalformedEncodingException(what + ": more than 128 bits");
    }
    return new Cycles(b.isEmpty() ? BigInteger.ZERO : new BigInteger(1, b.toByteArray()));
  }

  private static CanisterId canister(ByteString b) {
    return CanisterId.fromBytes(b.toByteArray());
  }

  private static Principal principal(ByteString b) {
    return Principal.fromBytes(b.toByteArray());
  }

  private static MalformedEncodingException malformed(String what, RuntimeException e) {
    if (e instanceof MalformedEncodingException m) {
      return m;
    }
    return new MalformedEncodingException(what + ": " + e.getMessage(), e);
  }

  // ------------------------------------------------------------------ messages

  /** Encodes a message. */
  public static MessagePb message(CanisterMessage m) {
    MessagePb.Builder b = MessagePb.newBuilder();
    if (m instanceof CanisterMessage.Ingress i) {
      b.setIngress(IngressPb.newBuilder().setMessageId(bs(i.messageId().bytes()))
          .setSource(bs(i.source().toByteArray())).setReceiver(bs(i.receiver().toByteArray()))
          .setEffectiveCanisterId(bs(i.effectiveCanisterId().toByteArray()))
          .setMethod(i.methodName()).setPayload(bs(i.methodPayload()))
          .setExpiryNanos(i.expiryNanos()));
    } else if (m instanceof CanisterMessage.Request r) {
      b.setRequest(RequestPb.newBuilder().setReceiver(bs(r.receiver().toByteArray()))
          .setSender(bs(r.sender().toByteArray())).setCallback(r.senderCallbackId())
          .setPayment(u128(r.payment())).setMethod(r.methodName())
          .setPayload(bs(r.methodPayload())).setDeadlineNanos(r.deadlineNanos()));
    } else {
      CanisterMessage.Response r = (CanisterMessage.Response) m;
      ResponsePb.Builder rb = ResponsePb.newBuilder()
          .setOriginator(bs(r.originator().toByteArray()))
          .setRespondent(bs(r.respondent().toByteArray())).setCallback(r.originatorCallbackId())
          .setRefund(u128(r.refund())).setDeadlineNanos(r.deadlineNanos());
      if (r.payload() instanceof ResponsePayload.Reply p) {
        rb.setReply(bs(p.data()));
      } else {
        rb.setReject(reject((ResponsePayload.Reject) r.payload()));
      }
      b.setResponse(rb);
    }
    return b.build();
  }

  private static RejectPb reject(ResponsePayload.Reject j) {
    return RejectPb.newBuilder().setCode(j.code().code()).setMessage(j.message())
        .setErrorCode(j.errorCode().map(ErrorCode::text).orElse("")).build();
  }

  private static ResponsePayload.Reject reject(RejectPb j) {
    return new ResponsePayload.Reject(RejectCode.of(j.getCode()), j.getMessage(),
        j.getErrorCode().isEmpty() ? Optional.empty()
            : Optional.of(ErrorCode.fromText(j.getErrorCode())));
  }

  /** Decodes a message. */
  public static CanisterMessage message(MessagePb m) {
    switch (m.getKindCase()) {
      case INGRESS -> {
        IngressPb i = m.getIngress();
        return new CanisterMessage.Ingress(new MessageId(bytes(i.getMessageId())),
            principal(i.getSource()), canister(i.getReceiver()),
            canister(i.getEffectiveCanisterId()), i.getMethod(), bytes(i.getPayload()),
            i.getExpiryNanos());
      }
      case REQUEST -> {
        RequestPb r = m.getRequest();
        return new CanisterMessage.Request(canister(r.getReceiver()), canister(r.getSender()),
            r.getCallback(), cycles(r.getPayment(), "payment"), r.getMethod(),
            bytes(r.getPayload()), r.getDeadlineNanos());
      }
      case RESPONSE -> {
        ResponsePb r = m.getResponse();
        ResponsePayload p = switch (r.getPayloadCase()) {
          case REPLY -> new ResponsePayload.Reply(bytes(r.getReply()));
          case REJECT -> reject(r.getReject());
          default -> throw new MalformedEncodingException("response without payload");
        };
        return new CanisterMessage.Response(canister(r.getOriginator()),
            canister(r.getRespondent()), r.getCallback(), cycles(r.getRefund(), "refund"), p,
            r.getDeadlineNanos());
      }
      default -> throw new MalformedEncodingException("message without kind");
    }
  }

  /** Encodes queues. */
  public static QueuesPb queues(CanisterQueues q) {
    QueuesPb.Builder b = QueuesPb.newBuilder();
    q.input().forEach(m -> b.addInput(message(m)));
    q.output().forEach(m -> b.addOutput(message(m)));
    return b.build();
  }

  /** Decodes queues. */
  public static CanisterQueues queues(QueuesPb q) {
    List<CanisterMessage> in = new ArrayList<>();
    q.getInputList().forEach(m -> in.add(message(m)));
    List<CanisterMessage> out = new ArrayList<>();
    q.getOutputList().forEach(m -> out.add(message(m)));
    return new CanisterQueues(in, out);
  }

  // ------------------------------------------------------------------ call contexts

  private static CallOriginPb origin(CallOrigin o) {
    CallOriginPb.Builder b = CallOriginPb.newBuilder();
    if (o instanceof CallOrigin.Ingress i) {
      b.setIngress(IngressOriginPb.newBuilder().setUser(bs(i.user().toByteArray()))
          .setMessageId(bs(i.messageId().bytes())));
    } else if (o instanceof CallOrigin.Canister c) {
      b.setCanister(CanisterOriginPb.newBuilder().setCaller(bs(c.caller().toByteArray()))
          .setCallback(c.callbackId()).setDeadlineNanos(c.deadlineNanos()));
    } else {
      b.setSystemTask(true);
    }
    return b.build();
  }

  private static CallOrigin origin(CallOriginPb o) {
    return switch (o.getKindCase()) {
      case INGRESS -> new CallOrigin.Ingress(principal(o.getIngress().getUser()),
          new MessageId(bytes(o.getIngress().getMessageId())));
      case CANISTER -> new CallOrigin.Canister(canister(o.getCanister().getCaller()),
          o.getCanister().getCallback(), o.getCanister().getDeadlineNanos());
      case SYSTEM_TASK -> new CallOrigin.SystemTask();
      default -> throw new MalformedEncodingException("call origin without kind");
    };
  }

  private static ClosurePb closure(Closure c) {
    return ClosurePb.newBuilder().setFunction(c.function()).setEnv(c.env()).build();
  }

  private static Closure closure(ClosurePb c) {
    return new Closure(c.getFunction(), c.getEnv());
  }

  private static CallContextManagerPb callContexts(CallContextManager m) {
    CallContextManagerPb.Builder b = CallContextManagerPb.newBuilder()
        .setNextCallContextId(m.nextCallContextId()).setNextCallbackId(m.nextCallbackId());
    m.callContexts().forEach((id, c) -> b.addContexts(CallContextPb.newBuilder().setId(id)
        .setOrigin(origin(c.origin())).setMethod(c.methodName()).setResponded(c.responded())
        .setDeleted(c.deleted()).setAvailableCycles(u128(c.availableCycles()))
        .setTimeNanos(c.timeNanos())));
    m.callbacks().forEach((id, c) -> {
      CallbackPb.Builder cb = CallbackPb.newBuilder().setId(id)
          .setCallContextId(c.callContextId()).setOriginator(bs(c.originator().toByteArray()))
          .setRespondent(bs(c.respondent().toByteArray())).setCyclesSent(u128(c.cyclesSent()))
          .setPrepaidResponseCycles(u128(c.prepaidResponseCycles()))
          .setOnReply(closure(c.onReply())).setOnReject(closure(c.onReject()))
          .setDeadlineNanos(c.deadlineNanos());
      c.onCleanup().ifPresent(x -> cb.setOnCleanup(closure(x)));
      b.addCallbacks(cb);
    });
    return b.build();
  }

  private static CallContextManager callContexts(CallContextManagerPb m) {
    TreeMap<Long, CallContext> ctxs = new TreeMap<>();
    for (CallContextPb c : m.getContextsList()) {
      ctxs.put(c.getId(), new CallContext(origin(c.getOrigin()), c.getMethod(), c.getResponded(),
          c.getDeleted(), cycles(c.getAvailableCycles(), "available cycles"), c.getTimeNanos()));
    }
    TreeMap<Long, Callback> cbs = new TreeMap<>();
    for (CallbackPb c : m.getCallbacksList()) {
      cbs.put(c.getId(), new Callback(c.getCallContextId(), canister(c.getOriginator()),
          canister(c.getRespondent()), cycles(c.getCyclesSent(), "cycles sent"),
          cycles(c.getPrepaidResponseCycles(), "prepaid cycles"), closure(c.getOnReply()),
          closure(c.getOnReject()),
          c.hasOnCleanup() ? Optional.of(closure(c.getOnCleanup())) : Optional.empty(),
          c.getDeadlineNanos()));
    }
    if (m.getNextCallContextId() == 0 && m.getNextCallbackId() == 0) {
      return CallContextManager.EMPTY;
    }
    return new CallContextManager(m.getNextCallContextId(), m.getNextCallbackId(), ctxs, cbs);
  }

  // ------------------------------------------------------------------ system state

  /** The canister metadata message (the caller adds the execution part). */
  public static CanisterStateBits.Builder systemState(SystemState s) {
    CanisterSettings st = s.settings();
    CanisterStateBits.Builder b = CanisterStateBits.newBuilder()
        .setCanisterId(bs(s.canisterId().toByteArray()))
        .setCyclesBalance(u128(s.cyclesBalance()))
        .setStatus(CanisterStatusPb.forNumber(s.status().ordinal() + 1))
        .setCertifiedData(bs(s.certifiedData()))
        .setMemoryAllocation(st.memoryAllocation())
        .setComputeAllocation(st.computeAllocation())
        .setFreezingThresholdSeconds(st.freezingThresholdSeconds())
        .setReservedCycles(u128(s.reservedCycles()))
        .setCanisterVersion(s.canisterVersion())
        .setCreationTimestampNanos(s.creationTimestampNanos())
        .setLastInstallTimestampNanos(s.lastInstallTimestampNanos())
        .setWasmMemoryLimit(st.wasmMemoryLimit())
        .setWasmMemoryThreshold(st.wasmMemoryThreshold())
        .setReservedCyclesLimit(u128(st.reservedCyclesLimit()))
        .setLogVisibility(st.logVisibility().kind().ordinal())
        .setGlobalTimerNanos(s.globalTimerNanos())
        .setQueues(queues(s.queues()))
        .setCallContexts(callContexts(s.callContexts()))
        .setHistoryTotalChanges(s.history().totalNumChanges())
        .setLogNextIdx(s.log().nextIdx());
    for (Principal p : st.logVisibility().allowedViewers()) {
      b.addAllowedViewers(bs(p.toByteArray()));
    }
    for (Principal p : s.controllers()) {
      b.addControllers(bs(p.toByteArray()));
    }
    s.metadata().forEach((k, v) -> b.addMetadata(MetadataSection.newBuilder().setName(k)
        .setValue(bs(v.content())).setIsPublic(v.isPublic())));
    for (StopContext c : s.pendingStops()) {
      b.addPendingStops(StopContextPb.newBuilder().setOrigin(origin(c.origin()))
          .setCycles(u128(c.cycles())));
    }
    s.chunkStore().chunks().forEach((h, c) ->
        b.addChunks(ChunkPb.newBuilder().setHash(bs(h)).setChunk(bs(c))));
    for (CanisterHistory.Change c : s.history().recentChanges()) {
      b.addHistoryChanges(change(c));
    }
    for (CanisterLog.Record r : s.log().records()) {
      b.addLogRecords(LogRecordPb.newBuilder().setIdx(r.idx())
          .setTimestampNanos(r.timestampNanos()).setContent(bs(r.content())));
    }
    return b;
  }

  private static HistoryChangePb change(CanisterHistory.Change c) {
    HistoryChangePb.Builder b = HistoryChangePb.newBuilder().setTimestampNanos(c.timestampNanos())
        .setCanisterVersion(c.canisterVersion());
    c.origin().user().ifPresent(u -> b.setOriginUser(bs(u.toByteArray())));
    c.origin().canister().ifPresent(x -> b.setOriginCanister(bs(x.toByteArray())));
    CanisterHistory.Details d = c.details();
    if (d instanceof CanisterHistory.Creation cr) {
      b.setKind(0);
      cr.controllers().forEach(p -> b.addControllers(bs(p.toByteArray())));
    } else if (d instanceof CanisterHistory.CodeUninstall) {
      b.setKind(1);
    } else if (d instanceof CanisterHistory.CodeDeployment cd) {
      b.setKind(2).setMode(cd.mode()).setModuleHash(bs(cd.moduleHash()));
    } else if (d instanceof CanisterHistory.ControllersChange cc) {
      b.setKind(3);
      cc.controllers().forEach(p -> b.addControllers(bs(p.toByteArray())));
    } else {
      CanisterHistory.LoadSnapshot ls = (CanisterHistory.LoadSnapshot) d;
      b.setKind(4).setSnapshotId(bs(ls.snapshotId()))
          .setSnapshotCanisterVersion(ls.canisterVersion())
          .setSnapshotTakenAtNanos(ls.takenAtTimestampNanos())
          .setSnapshotSource(ls.source().ordinal());
      ls.fromCanisterId().ifPresent(f -> b.setSnapshotFromCanister(bs(f.toByteArray())));
    }
    return b.build();
  }

  private static CanisterHistory.Change change(HistoryChangePb c) {
    CanisterHistory.Origin origin = c.getOriginCanister().isEmpty()
        ? CanisterHistory.Origin.user(principal(c.getOriginUser()))
        : CanisterHistory.Origin.canister(canister(c.getOriginCanister()));
    List<Principal> ctl = new ArrayList<>();
    c.getControllersList().forEach(p -> ctl.add(principal(p)));
    CanisterHistory.Details d = switch (c.getKind()) {
      case 0 -> new CanisterHistory.Creation(ctl);
      case 1 -> new CanisterHistory.CodeUninstall();
      case 2 -> new CanisterHistory.CodeDeployment(c.getMode(), bytes(c.getModuleHash()));
      case 3 -> new CanisterHistory.ControllersChange(ctl);
      case 4 -> {
        if (c.getSnapshotSource() >= CanisterSnapshot.Source.values().length) {
          throw new MalformedEncodingException("snapshot source " + c.getSnapshotSource());
        }
        yield new CanisterHistory.LoadSnapshot(c.getSnapshotCanisterVersion(),
            bytes(c.getSnapshotId()), c.getSnapshotTakenAtNanos(),
            c.getSnapshotFromCanister().isEmpty() ? Optional.empty()
                : Optional.of(canister(c.getSnapshotFromCanister())),
            CanisterSnapshot.Source.values()[c.getSnapshotSource()]);
      }
      default -> throw new MalformedEncodingException("history change kind " + c.getKind());
    };
    return new CanisterHistory.Change(c.getTimestampNanos(), c.getCanisterVersion(), origin, d);
  }

  /** Decodes the system part. */
  public static SystemState systemState(CanisterStateBits b) {
    try {
      List<Principal> controllers = new ArrayList<>();
      for (ByteString c : b.getControllersList()) {
        controllers.add(principal(c));
      }
      TreeMap<String, CustomSection> md = new TreeMap<>();
      for (MetadataSection m : b.getMetadataList()) {
        md.put(m.getName(), new CustomSection(m.getIsPublic(), bytes(m.getValue())));
      }
      if (b.getStatusValue() < 1 || b.getStatusValue() > 3) {
        throw new MalformedEncodingException("canister status " + b.getStatusValue());
      }
      if (b.getLogVisibility() > 2) {
        throw new MalformedEncodingException("log visibility " + b.getLogVisibility());
      }
      List<Principal> viewers = new ArrayList<>();
      b.getAllowedViewersList().forEach(v -> viewers.add(principal(v)));
      CanisterSettings settings = new CanisterSettings(b.getComputeAllocation(),
          b.getMemoryAllocation(), b.getFreezingThresholdSeconds(),
          cycles(b.getReservedCyclesLimit(), "reserved cycles limit"), b.getWasmMemoryLimit(),
          b.getWasmMemoryThreshold(),
          new LogVisibility(LogVisibility.Kind.values()[b.getLogVisibility()], viewers));
      List<StopContext> stops = new ArrayList<>();
      for (StopContextPb s : b.getPendingStopsList()) {
        stops.add(new StopContext(origin(s.getOrigin()), cycles(s.getCycles(), "stop cycles")));
      }
      TreeMap<Bytes, Bytes> chunks = new TreeMap<>();
      for (ChunkPb c : b.getChunksList()) {
        chunks.put(bytes(c.getHash()), bytes(c.getChunk()));
      }
      List<CanisterHistory.Change> changes = new ArrayList<>();
      b.getHistoryChangesList().forEach(c -> changes.add(change(c)));
      List<CanisterLog.Record> records = new ArrayList<>();
      b.getLogRecordsList().forEach(r -> records.add(
          new CanisterLog.Record(r.getIdx(), r.getTimestampNanos(), bytes(r.getContent()))));
      return new SystemState(
          canister(b.getCanisterId()), controllers,
          cycles(b.getCyclesBalance(), "cycles balance"),
          cycles(b.getReservedCycles(), "reserved cycles"),
          CanisterStatus.values()[b.getStatusValue() - 1], stops,
          bytes(b.getCertifiedData()), settings, b.getCanisterVersion(),
          b.getCreationTimestampNanos(), b.getLastInstallTimestampNanos(), md,
          b.getGlobalTimerNanos(), queues(b.getQueues()), callContexts(b.getCallContexts()),
          new ChunkStore(chunks), new CanisterHistory(b.getHistoryTotalChanges(), changes),
          new CanisterLog(b.getLogNextIdx(), records));
    } catch (RuntimeException e) {
      throw malformed("canister state", e);
    }
  }

  // ------------------------------------------------------------------ execution state

  /** The execution metadata message. */
  public static ExecutionStateBits.Builder executionBits(
      Bytes moduleHash, long heapPages, long stablePages, List<WasmGlobal> globals,
      List<String> heapOverlays, List<String> stableOverlays) {
    ExecutionStateBits.Builder b = ExecutionStateBits.newBuilder()
        .setModuleHash(bs(moduleHash))
        .setHeapSizeWasmPages(heapPages)
        .setStableMemorySizeWasmPages(stablePages)
        .addAllHeapOverlays(heapOverlays)
        .addAllStableMemoryOverlays(stableOverlays);
    for (WasmGlobal g : globals) {
      b.addExportedGlobals(global(g));
    }
    return b;
  }

  private static GlobalPb global(WasmGlobal g) {
    return GlobalPb.newBuilder().setType(g.type().ordinal()).setBits(g.bits()).build();
  }

  private static List<WasmGlobal> globals(List<GlobalPb> gs) {
    List<WasmGlobal> out = new ArrayList<>();
    for (GlobalPb g : gs) {
      if (g.getType() > 3) {
        throw new MalformedEncodingException("global type " + g.getType());
      }
      out.add(new WasmGlobal(WasmGlobal.Type.values()[g.getType()], g.getBits()));
    }
    return out;
  }

  /** Decodes the exported globals. */
  public static List<WasmGlobal> globals(ExecutionStateBits b) {
    try {
      return globals(b.getExportedGlobalsList());
    } catch (RuntimeException e) {
      throw malformed("exported globals", e);
    }
  }

  // ------------------------------------------------------------------ snapshots

  /** The snapshot metadata message (the caller adds the overlay names). */
  public static SnapshotBits.Builder snapshot(SnapshotId id, CanisterSnapshot s, Bytes moduleHash) {
    SnapshotBits.Builder b = SnapshotBits.newBuilder()
        .setCanisterId(bs(id.canisterId().toByteArray())).setLocalId(id.localId())
        .setSource(s.source().ordinal()).setTakenAtNanos(s.takenAtTimestampNanos())
        .setCanisterVersion(s.canisterVersion()).setModuleHash(bs(moduleHash))
        .setHeapSizeBytes(s.heapSizeBytes()).setStableMemorySizeBytes(s.stableMemorySizeBytes())
        .setCertifiedData(bs(s.certifiedData())).setGlobalTimerNanos(s.globalTimerNanos());
    s.globals().forEach(g -> b.addGlobals(global(g)));
    s.chunkStore().chunks().forEach((h, c) ->
        b.addChunks(ChunkPb.newBuilder().setHash(bs(h)).setChunk(bs(c))));
    return b;
  }

  /** Decodes a snapshot given its module and memories. */
  public static CanisterSnapshot snapshot(SnapshotBits b, Bytes wasm, PageMap heap,
      PageMap stable) {
    try {
      if (b.getSource() > 1) {
        throw new MalformedEncodingException("snapshot source " + b.getSource());
      }
      TreeMap<Bytes, Bytes> chunks = new TreeMap<>();
      for (ChunkPb c : b.getChunksList()) {
        chunks.put(bytes(c.getHash()), bytes(c.getChunk()));
      }
      return new CanisterSnapshot(canister(b.getCanisterId()),
          CanisterSnapshot.Source.values()[b.getSource()], b.getTakenAtNanos(),
          b.getCanisterVersion(), wasm, heap, b.getHeapSizeBytes(), stable,
          b.getStableMemorySizeBytes(), globals(b.getGlobalsList()), bytes(b.getCertifiedData()),
          new ChunkStore(chunks), b.getGlobalTimerNanos());
    } catch (RuntimeException e) {
      throw malformed("snapshot", e);
    }
  }

  // ------------------------------------------------------------------ subnet metadata

  /** Encodes the subnet metadata (without the ingress history). */
  public static SystemMetadata systemMetadata(Height h, SubnetMetadata m) {
    SystemMetadata.Builder b = SystemMetadata.newBuilder()
        .setHeight(h.value())
        .setOwnSubnetId(bs(m.ownSubnetId().toByteArray()))
        .setOwnSubnetType(SubnetTypePb.forNumber(m.ownSubnetType().ordinal() + 1))
        .setTimeNanos(m.timeNanos())
        .setRegistryVersion(m.registryVersion().value())
        .setGeneratedCanisterIds(m.generatedCanisterIds())
        .setNextSnapshotId(m.nextSnapshotId())
        .setConsumedCyclesTotal(u128(m.consumedCyclesTotal()))
        .setUpdateTransactionsTotal(m.updateTransactionsTotal());
    m.routingTable().entries().forEach((r, s) -> b.addRoutingTable(RoutingEntry.newBuilder()
        .setStart(bs(r.start().toByteArray())).setEnd(bs(r.end().toByteArray()))
        .setSubnetId(bs(s.toByteArray()))));
    m.topology().forEach((sid, t) -> {
      SubnetTopologyPb.Builder tb = SubnetTopologyPb.newBuilder()
          .setSubnetId(bs(sid.toByteArray())).setPublicKey(bs(t.publicKey()))
          .setType(SubnetTypePb.forNumber(t.type().ordinal() + 1));
      t.nodePublicKeys().forEach((n, k) -> tb.addNodes(
          NodeKey.newBuilder().setNodeId(bs(n.toByteArray())).setPublicKey(bs(k))));
      b.addTopology(tb);
    });
    m.streams().forEach((sid, s) -> {
      StreamPb.Builder sb = StreamPb.newBuilder().setSubnetId(bs(sid.toByteArray()))
          .setBegin(s.begin()).setSignalsEnd(s.signalsEnd())
          .addAllRejectSignals(s.rejectSignals().keySet());
      s.rejectSignals().values().forEach(r -> sb.addRejectReasons(r.code()));
      s.messages().forEach(x -> sb.addMessages(message(x)));
      b.addStreams(sb);
    });
    return b.build();
  }

  /** Encodes the ingress history. */
  public static org.jicp.state.internal.proto.IngressHistory ingressHistory(
      Map<MessageId, IngressStatus> h) {
    org.jicp.state.internal.proto.IngressHistory.Builder b =
        org.jicp.state.internal.proto.IngressHistory.newBuilder();
    h.forEach((id, s) -> b.addEntries(IngressEntry.newBuilder()
        .setRequestId(bs(id.bytes()))
        .setKind(s.kind().ordinal())
        .setHasReply(s.reply().isPresent())
        .setReply(bs(s.reply().orElse(Bytes.EMPTY)))
        .setRejectCode(s.rejectCode())
        .setRejectMessage(s.rejectMessage().orElse(""))
        .setHasErrorCode(s.errorCode().isPresent())
        .setErrorCode(s.errorCode().map(ErrorCode::text).orElse(""))
        .setReceiver(bs(s.receiver().toByteArray()))
        .setUser(bs(s.user().toByteArray()))
        .setTimeNanos(s.timeNanos())));
    return b.build();
  }

  private static SubnetType subnetType(SubnetTypePb t) {
    int n = t.getNumber();
    if (n < 1 || n > 4) {
      throw new MalformedEncodingException("subnet type " + n);
    }
    return SubnetType.values()[n - 1];
  }

  /** Decodes the subnet metadata and ingress history. */
  public static Map.Entry<Height, SubnetMetadata> subnetMetadata(byte[] sys, byte[] ingress) {
    try {
      SystemMetadata m = SystemMetadata.parseFrom(sys);
      org.jicp.state.internal.proto.IngressHistory ih =
          org.jicp.state.internal.proto.IngressHistory.parseFrom(ingress);
      Map<CanisterRange, SubnetId> rt = new java.util.HashMap<>();
      for (RoutingEntry e : m.getRoutingTableList()) {
        rt.put(new CanisterRange(canister(e.getStart()), canister(e.getEnd())),
            SubnetId.fromBytes(e.getSubnetId().toByteArray()));
      }
      TreeMap<SubnetId, SubnetTopology> topo = new TreeMap<>();
      for (SubnetTopologyPb t : m.getTopologyList()) {
        TreeMap<NodeId, Bytes> nodes = new TreeMap<>();
        for (NodeKey k : t.getNodesList()) {
          nodes.put(NodeId.fromBytes(k.getNodeId().toByteArray()), bytes(k.getPublicKey()));
        }
        topo.put(SubnetId.fromBytes(t.getSubnetId().toByteArray()),
            new SubnetTopology(bytes(t.getPublicKey()), subnetType(t.getType()), nodes));
      }
      IngressHistory hist = IngressHistory.EMPTY;
      for (IngressEntry e : ih.getEntriesList()) {
        if (e.getKind() > 4) {
          throw new MalformedEncodingException("ingress status kind " + e.getKind());
        }
        IngressStatus.Kind kind = IngressStatus.Kind.values()[e.getKind()];
        hist = hist.set(new MessageId(bytes(e.getRequestId())), new IngressStatus(kind,
            canister(e.getReceiver()), principal(e.getUser()), e.getTimeNanos(),
            e.getHasReply() ? Optional.of(bytes(e.getReply())) : Optional.empty(),
            e.getRejectCode(),
            kind == IngressStatus.Kind.REJECTED ? Optional.of(e.getRejectMessage())
                : Optional.empty(),
            e.getHasErrorCode() ? Optional.of(ErrorCode.fromText(e.getErrorCode()))
                : Optional.empty()), Long.MAX_VALUE);
      }
      TreeMap<SubnetId, Stream> streams = new TreeMap<>();
      for (StreamPb s : m.getStreamsList()) {
        List<CanisterMessage.StreamMessage> ms = new ArrayList<>();
        for (MessagePb x : s.getMessagesList()) {
          if (!(message(x) instanceof CanisterMessage.StreamMessage sm)) {
            throw new MalformedEncodingException("ingress message in a stream");
          }
          ms.add(sm);
        }
        if (s.getRejectReasonsCount() != 0
            && s.getRejectReasonsCount() != s.getRejectSignalsCount()) {
          throw new MalformedEncodingException("stream: " + s.getRejectSignalsCount()
              + " reject signals, " + s.getRejectReasonsCount() + " reasons");
        }
        TreeMap<Long, org.jicp.state.replicated.RejectReason> rejects = new TreeMap<>();
        for (int k = 0; k < s.getRejectSignalsCount(); k++) {
          int reason = s.getRejectReasonsCount() == 0 ? 7 : s.getRejectReasons(k);
          if (reason < 1 || reason > 7) {
            throw new MalformedEncodingException("stream: reject reason " + reason);
          }
          rejects.put(s.getRejectSignals(k), org.jicp.state.replicated.RejectReason.of(reason));
        }
        try {
          streams.put(SubnetId.fromBytes(s.getSubnetId().toByteArray()), new Stream(s.getBegin(),
              ms, s.getSignalsEnd(), rejects));
        } catch (IllegalArgumentException e) {
          throw new MalformedEncodingException("stream: " + e.getMessage(), e);
        }
      }
      SubnetMetadata md = new SubnetMetadata(
          SubnetId.fromBytes(m.getOwnSubnetId().toByteArray()), subnetType(m.getOwnSubnetType()),
          m.getTimeNanos(), RegistryVersion.of(m.getRegistryVersion()), new RoutingTable(rt),
          topo, hist, streams, m.getGeneratedCanisterIds(), m.getNextSnapshotId(),
          cycles(m.getConsumedCyclesTotal(), "consumed cycles"), m.getUpdateTransactionsTotal());
      return Map.entry(new Height(m.getHeight()), md);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedEncodingException("metadata protobuf: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw malformed("metadata", e);
    }
  }
}
