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
      if (i % 3 == 2) {
        cs.put(id, new CanisterState(sys, Optional.empty()));
        continue;
      }
      ExecutionState es = new ExecutionState(Bytes.of(("wasm-" + i).getBytes()),
          randomPages(PageMap.empty(), r, 5), 2, randomPages(PageMap.empty(), r, 2), 1,
          List.of(new WasmGlobal(WasmGlobal.Type.I64, r.nextLong())));
      cs.put(id, new CanisterState(sys, Optional.of(es)));
    }
    TreeMap<MessageId, IngressStatus> hist = new TreeMap<>();
    hist.put(MessageId.fromHex("11".repeat(32)), IngressStatus.replied(Bytes.fromHex("4449444c")));
    hist.put(MessageId.fromHex("22".repeat(32)),
        IngressStatus.rejected(4, "no", Optional.of("IC0503")));
    hist.put(MessageId.fromHex("33".repeat(32)), IngressStatus.of(IngressStatus.Kind.PROCESSING));
    RoutingTable rt = new RoutingTable(Map.of(
        new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xffff)), SUBNET));
    TreeMap<SubnetId, SubnetTopology> topo = new TreeMap<>();
    topo.put(SUBNET, new SubnetTopology(FakeBls.fromSeed("s").publicKey().toDer(),
        SubnetType.APPLICATION,
        new TreeMap<>(Map.of(NodeId.fromBytes(new byte[] {5}), Bytes.fromHex("302a")))));
    SubnetMetadata md = new SubnetMetadata(SUBNET, SubnetType.APPLICATION,
        1_700_000_000_000_000_000L + h.value(), rt, topo, hist);
    return new ReplicatedState(h, cs, md);
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
        || !a.canisters().keySet().equals(b.canisters().keySet())) {
      return false;
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
