package org.jicp.state.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.MessageId;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.SubnetType;
import org.jicp.state.replicated.SystemState;
import org.jicp.state.replicated.WasmGlobal;
import org.jicp.state.replicated.CallContext;
import org.jicp.state.replicated.CallOrigin;
import org.jicp.state.replicated.Callback;
import org.jicp.state.replicated.CanisterHistory;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterQueues;
import org.jicp.state.replicated.CanisterSettings;
import org.jicp.state.replicated.CanisterSnapshot;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.Closure;
import org.jicp.state.replicated.CustomSection;
import org.jicp.state.replicated.IngressHistory;
import org.jicp.state.replicated.LogVisibility;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.SnapshotId;
import org.jicp.state.replicated.StopContext;
import org.jicp.state.replicated.Stream;
import org.jicp.types.ErrorCode;
import org.jicp.types.RegistryVersion;
import org.jicp.types.RejectCode;

/** Small replicated states for tests. */
public final class SampleStates {
  private SampleStates() {}

  /** The subnet of the sample states. */
  public static final SubnetId SUBNET = SubnetId.fromBytes(new byte[] {7, 7, 2});

  /** A state with {@code n} canisters, memories of a few pages, an ingress history. */
  public static ReplicatedState state(Height h, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    TreeMap<CanisterId, CanisterState> cs = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      CanisterId id = CanisterId.fromIndex(i);
      SystemState sys = SystemState.create(id, List.of(Principal.anonymous()), 1_000L * i)
          .withCyclesBalance(Cycles.of(1_000_000L + i))
          .withCertifiedData(Bytes.of(new byte[] {(byte) i}));
      if (i % 2 == 1) {
        sys = busy(sys, id, i);
      }
      if (i % 3 == 2) {
        cs.put(id, new CanisterState(sys, Optional.empty()));
        continue;
      }
      ExecutionState es = new ExecutionState(Bytes.of(("wasm-" + i).getBytes()),
          randomPages(PageMap.empty(), r, 5), 2, randomPages(PageMap.empty(), r, 2), 1,
          List.of(new WasmGlobal(WasmGlobal.Type.I64, r.nextLong())));
      cs.put(id, new CanisterState(sys, Optional.of(es)));
    }
    CanisterId c0 = CanisterId.fromIndex(0);
    Principal user = Principal.anonymous();
    IngressHistory hist = IngressHistory.EMPTY
        .set(MessageId.fromHex("11".repeat(32)),
            IngressStatus.replied(c0, user, 5, Bytes.fromHex("4449444c")), Long.MAX_VALUE)
        .set(MessageId.fromHex("22".repeat(32)), IngressStatus.rejected(c0, user, 6, 5, "no",
            Optional.of(ErrorCode.CANISTER_CALLED_TRAP)), Long.MAX_VALUE)
        .set(MessageId.fromHex("33".repeat(32)),
            IngressStatus.of(IngressStatus.Kind.PROCESSING, c0, user, 7), Long.MAX_VALUE);
    RoutingTable rt = new RoutingTable(Map.of(
        new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xffff)), SUBNET));
    TreeMap<SubnetId, SubnetTopology> topo = new TreeMap<>();
    topo.put(SUBNET, new SubnetTopology(FakeBls.fromSeed("s").publicKey().toDer(),
        SubnetType.APPLICATION,
        new TreeMap<>(Map.of(NodeId.fromBytes(new byte[] {5}), Bytes.fromHex("302a")))));
    TreeMap<SubnetId, Stream> streams = new TreeMap<>();
    streams.put(SubnetId.fromBytes(new byte[] {9, 9}), Stream.EMPTY
        .push(new CanisterMessage.Request(CanisterId.fromIndex(0x10000), c0, 3, Cycles.of(7),
            "m", Bytes.fromHex("0102"), 0))
        .push(new CanisterMessage.Response(CanisterId.fromIndex(0x10001), c0, 4, Cycles.ZERO,
            ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND, "gone"), 0))
        .discardBefore(1).withSignals(12, new java.util.TreeMap<>(Map.of(3L,
            org.jicp.state.replicated.RejectReason.CANISTER_MIGRATING, 5L,
            org.jicp.state.replicated.RejectReason.CANISTER_NOT_FOUND))));
    SubnetMetadata md = new SubnetMetadata(SUBNET, SubnetType.APPLICATION,
        1_700_000_000_000_000_000L + h.value(), RegistryVersion.of(4), rt, topo, hist, streams,
        n, 2, Cycles.of(123_456), 77);
    TreeMap<SnapshotId, CanisterSnapshot> snaps = new TreeMap<>();
    if (n > 0 && cs.get(c0).execution().isPresent()) {
      ExecutionState es = cs.get(c0).execution().get();
      snaps.put(new SnapshotId(c0, 1), new CanisterSnapshot(c0,
          CanisterSnapshot.Source.TAKEN_FROM_CANISTER, 99, 3, es.wasmBinary(), es.heap(),
          es.heapSizeWasmPages() * 65536, es.stableMemory(),
          es.stableMemorySizeWasmPages() * 65536, es.exportedGlobals(), Bytes.fromHex("aa"),
          org.jicp.state.replicated.ChunkStore.EMPTY.put(Bytes.fromHex("01"), Bytes.fromHex("02")),
          42));
    }
    CanisterQueues mgmt = CanisterQueues.EMPTY.pushInput(new CanisterMessage.Request(
        CanisterId.fromBytes(new byte[0]), c0, 9, Cycles.ZERO, "raw_rand", Bytes.EMPTY, 0));
    return new ReplicatedState(h, org.jicp.state.util.PersistentSortedMap.copyOf(cs), md, mgmt,
        snaps);
  }

  /** {@code s} with queues, calls, settings, history, log and chunks filled in. */
  private static SystemState busy(SystemState s, CanisterId id, int i) {
    Principal user = Principal.fromBytes(new byte[] {1, 2, (byte) i});
    CanisterQueues q = CanisterQueues.EMPTY
        .pushInput(new CanisterMessage.Ingress(MessageId.fromHex("ab".repeat(32)), user, id, id,
            "inc", Bytes.fromHex("4449444c0000"), 1_000_000L))
        .pushInput(new CanisterMessage.Response(id, CanisterId.fromIndex(1), 2, Cycles.of(5),
            new ResponsePayload.Reply(Bytes.fromHex("ff")), 0))
        .pushOutput(new CanisterMessage.Request(CanisterId.fromIndex(2), id, 1, Cycles.of(9),
            "get", Bytes.EMPTY, 17));
    org.jicp.state.replicated.CallContextManager ccm =
        org.jicp.state.replicated.CallContextManager.EMPTY
            .newCallContext(new CallContext(new CallOrigin.Ingress(user,
                MessageId.fromHex("cd".repeat(32))), "inc", false, false, Cycles.of(3), 11))
            .newCallContext(new CallContext(new CallOrigin.Canister(CanisterId.fromIndex(3), 8,
                0), "get", true, false, Cycles.ZERO, 12))
            .registerCallback(new Callback(1, id, CanisterId.fromIndex(2), Cycles.of(9),
                Cycles.of(100), new Closure(4, 5), new Closure(6, 7),
                Optional.of(new Closure(8, 9)), 0));
    TreeMap<String, CustomSection> md = new TreeMap<>();
    md.put("candid:service", new CustomSection(true, Bytes.fromHex("7365")));
    md.put("secret", new CustomSection(false, Bytes.fromHex("00")));
    return s.toBuilder()
        .status(CanisterStatus.STOPPING)
        .pendingStops(List.of(new StopContext(new CallOrigin.Ingress(user,
            MessageId.fromHex("ef".repeat(32))), Cycles.ZERO)))
        .settings(CanisterSettings.DEFAULT.withComputeAllocation(3).withMemoryAllocation(1 << 20)
            .withLogVisibility(new LogVisibility(LogVisibility.Kind.ALLOWED_VIEWERS,
                List.of(user))))
        .reservedCycles(Cycles.of(17))
        .metadata(md)
        .globalTimerNanos(123)
        .queues(q)
        .callContexts(ccm)
        .chunkStore(org.jicp.state.replicated.ChunkStore.EMPTY.put(Bytes.fromHex("0a"),
            Bytes.fromHex("0b")))
        .history(CanisterHistory.EMPTY
            .add(new CanisterHistory.Change(1, 0, CanisterHistory.Origin.user(user),
                new CanisterHistory.Creation(List.of(user))))
            .add(new CanisterHistory.Change(2, 1, CanisterHistory.Origin.canister(
                CanisterId.fromIndex(1)), new CanisterHistory.CodeDeployment("install",
                Bytes.fromHex("33")))))
        .log(org.jicp.state.replicated.CanisterLog.EMPTY.append(5, Bytes.fromHex("6869")))
        .build();
  }

  /** {@code m} with {@code pages} random pages among the first 64 rewritten. */
  public static PageMap randomPages(PageMap m, SplittableRandom r, int pages) {
    PageMap.Transaction t = m.begin();
    for (int i = 0; i < pages; i++) {
      byte[] b = new byte[100];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) r.nextInt(256);
      }
      t.write((long) r.nextInt(64) * PageMap.PAGE_SIZE + r.nextInt(3000), b, 0, b.length);
    }
    return t.commit();
  }

  /** The next round: height + 1, one canister's heap changed, time advanced. */
  public static ReplicatedState nextRound(ReplicatedState s, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ReplicatedState out = s.atHeight(s.height().increment())
        .withMetadata(s.metadata().withTime(s.metadata().timeNanos() + 1_000_000_000L));
    for (CanisterState c : s.canisters().values()) {
      if (c.execution().isPresent()) {
        ExecutionState es = c.execution().get();
        out = out.withCanister(c.withExecution(es.withMemories(randomPages(es.heap(), r, 3),
            es.heapSizeWasmPages(), es.stableMemory(), es.stableMemorySizeWasmPages(),
            es.exportedGlobals())));
        break;
      }
    }
    return out;
  }

  /** Whether two states have equal contents (memories compared page by page). */
  public static boolean sameContents(ReplicatedState a, ReplicatedState b) {
    if (!a.height().equals(b.height()) || !a.metadata().equals(b.metadata())
        || !a.canisters().keySet().equals(b.canisters().keySet())
        || !a.subnetQueues().equals(b.subnetQueues())
        || !a.snapshots().keySet().equals(b.snapshots().keySet())) {
      return false;
    }
    for (SnapshotId id : a.snapshots().keySet()) {
      CanisterSnapshot x = a.snapshots().get(id);
      CanisterSnapshot y = b.snapshots().get(id);
      ExecutionState ex = new ExecutionState(x.wasmModule(), x.heap(), x.heapSizeBytes() / 65536,
          x.stableMemory(), x.stableMemorySizeBytes() / 65536, x.globals());
      ExecutionState ey = new ExecutionState(y.wasmModule(), y.heap(), y.heapSizeBytes() / 65536,
          y.stableMemory(), y.stableMemorySizeBytes() / 65536, y.globals());
      if (!ex.contentEquals(ey) || !x.certifiedData().equals(y.certifiedData())
          || !x.chunkStore().equals(y.chunkStore()) || x.globalTimerNanos() != y.globalTimerNanos()
          || x.takenAtTimestampNanos() != y.takenAtTimestampNanos()) {
        return false;
      }
    }
    for (CanisterId id : a.canisters().keySet()) {
      CanisterState x = a.canisters().get(id);
      CanisterState y = b.canisters().get(id);
      if (!x.system().equals(y.system())
          || x.execution().isPresent() != y.execution().isPresent()) {
        return false;
      }
      if (x.execution().isPresent()
          && !x.execution().get().contentEquals(y.execution().get())) {
        return false;
      }
    }
    return true;
  }
}
