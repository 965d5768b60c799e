package org.jicp.state.replicated;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.internal.Leb128;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;
import org.jicp.state.util.PersistentSortedMap;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * The certified state tree of a {@link ReplicatedState} (IC interface specification, "The system
 * state tree"), kept incrementally:
 *
 * <pre>
 * /time                                   LEB128 ns
 * /canister/&lt;id&gt;/certified_data            blob
 * /canister/&lt;id&gt;/controllers               CBOR tag 55799 [principal blobs]
 * /canister/&lt;id&gt;/module_hash               32 bytes (installed canisters)
 * /canister/&lt;id&gt;/metadata/&lt;name&gt;           blob (icp:public and icp:private sections; the
 *                                          HTTP layer serves private ones to controllers only)
 * /canister_ranges/&lt;subnet&gt;/&lt;first id&gt;     CBOR tag 55799 [[lo, hi], …]
 * /request_status/&lt;id&gt;/status              text; reply blob; reject_code LEB128;
 *                                          reject_message text; error_code text
 * /streams/&lt;subnet&gt;/header                 CBOR (jicp's encoding, {@link StreamEncoding})
 * /streams/&lt;subnet&gt;/messages/&lt;index&gt;       CBOR; index = 8 bytes big-endian
 * /subnet/&lt;id&gt;/{public_key, type, canister_ranges, node/&lt;id&gt;/public_key}
 * /subnet/&lt;own id&gt;/metrics                  CBOR {num_canisters, canister_state_bytes,
 *                                          consumed_cycles_total {current {low, high}},
 *                                          update_transactions_total}
 * </pre>
 *
 * <p>{@link #update(ReplicatedState)} rebuilds only the subtrees of canisters and requests that
 * changed, found from the difference of the persistent maps (O(changes · log n)); the others keep
 * their hashes, and only the O(log n) forks above a change are rehashed (see {@link HashTreeMap}).
 * Not covered: {@code /api_boundary_nodes}, the internal {@code /metadata} subtree and the 0.66
 * canister timestamps.
 */
public final class CertifiedStateTree {
  private final ReplicatedState state;
  private final HashTreeMap canisters;
  private final HashTreeMap requests;
  private final HashTree subnets;
  private final HashTree ranges;
  private final HashTree streams;
  private final long canisterStateBytes;
  private final HashTree root;

  private CertifiedStateTree(ReplicatedState state, HashTreeMap canisters, HashTreeMap requests,
      HashTree subnets, HashTree ranges, HashTree streams, long canisterStateBytes) {
    this.state = state;
    this.canisters = canisters;
    this.requests = requests;
    this.subnets = subnets;
    this.ranges = ranges;
    this.streams = streams;
    this.canisterStateBytes = canisterStateBytes;
    HashTree subnetWithMetrics = withMetrics(subnets, state, canisterStateBytes);
    HashTreeMap r = HashTreeMap.empty()
        .put("canister", canisters.tree())
        .put("canister_ranges", ranges)
        .put("request_status", requests.tree())
        .put("subnet", subnetWithMetrics)
        .put("time", HashTree.leaf(Leb128.encodeUnsigned(state.metadata().timeNanos())));
    if (!state.metadata().streams().isEmpty()) {
      r = r.put("streams", streams);
    }
    this.root = r.tree();
  }

  /** The tree of {@code state}, built in full. */
  public static CertifiedStateTree of(ReplicatedState state) {
    HashTreeMap c = HashTreeMap.empty();
    long bytes = 0;
    for (CanisterState cs : state.canisters().values()) {
      c = c.put(label(cs.id().principal()), canisterTree(cs));
      bytes += memoryBytes(cs);
    }
    HashTreeMap r = HashTreeMap.empty();
    for (Map.Entry<MessageId, IngressStatus> e
        : state.metadata().ingressHistory().asMap().entrySet()) {
      r = r.put(e.getKey().bytes(), requestTree(e.getValue()));
    }
    return new CertifiedStateTree(state, c, r, subnetsTree(state.metadata()),
        rangesTree(state.metadata()), streamsTree(state.metadata()), bytes);
  }

  /**
   * The tree of {@code next}, reusing this tree's subtrees for every canister, request, stream
   * and subnet that did not change.
   */
  public CertifiedStateTree update(ReplicatedState next) {
    Objects.requireNonNull(next, "next");
    HashTreeMap[] c = {canisters};
    long[] bytes = {canisterStateBytes};
    next.canisterMap().diff(state.canisterMap(), new PersistentSortedMap.DiffListener<>() {
      @Override
      public void added(CanisterId k, CanisterState v) {
        c[0] = c[0].put(label(k.principal()), canisterTree(v));
        bytes[0] += memoryBytes(v);
      }

      @Override
      public void removed(CanisterId k, CanisterState v) {
        c[0] = c[0].remove(label(k.principal()));
        bytes[0] -= memoryBytes(v);
      }

      @Override
      public void changed(CanisterId k, CanisterState before, CanisterState after) {
        if (!canisterTreeInputsEqual(before, after)) {
          c[0] = c[0].put(label(k.principal()), canisterTree(after));
        }
        bytes[0] += memoryBytes(after) - memoryBytes(before);
      }
    });
    HashTreeMap[] r = {requests};
    next.metadata().ingressHistory().statuses().diff(state.metadata().ingressHistory().statuses(),
        new PersistentSortedMap.DiffListener<>() {
          @Override
          public void added(MessageId k, IngressStatus v) {
            r[0] = r[0].put(k.bytes(), requestTree(v));
          }

          @Override
          public void removed(MessageId k, IngressStatus v) {
            r[0] = r[0].remove(k.bytes());
          }

          @Override
          public void changed(MessageId k, IngressStatus before, IngressStatus after) {
            if (!treeEqual(before, after)) {
              r[0] = r[0].put(k.bytes(), requestTree(after));
            }
          }
        });
    SubnetMetadata mb = state.metadata();
    SubnetMetadata mn = next.metadata();
    boolean topologySame = mb.topology() == mn.topology()
        || (mb.topology().equals(mn.topology()) && mb.routingTable().equals(mn.routingTable()));
    topologySame = topologySame && mb.routingTable().equals(mn.routingTable());
    HashTree s = mb.streams() == mn.streams() || mb.streams().equals(mn.streams()) ? streams
        : streamsTree(mn);
    return new CertifiedStateTree(next, c[0], r[0], topologySame ? subnets : subnetsTree(mn),
        topologySame ? ranges : rangesTree(mn), s, bytes[0]);
  }

  /** The state this tree certifies. */
  public ReplicatedState state() {
    return state;
  }

  /** The full tree. */
  public HashTree tree() {
    return root;
  }

  /** The root hash that the subnet signs. */
  public Bytes rootHash() {
    return root.digest();
  }

  /** The bytes of canister memory (heap, stable, module) the metrics report. */
  public long canisterStateBytes() {
    return canisterStateBytes;
  }

  private static Bytes label(Principal p) {
    return p.bytes();
  }

  /** The memory a canister uses, as the subnet metrics count it. */
  public static long memoryBytes(CanisterState cs) {
    return cs.execution().map(e -> (e.heapSizeWasmPages() + e.stableMemorySizeWasmPages())
        * 65536L + e.wasmBinary().length()).orElse(0L);
  }

  private static boolean canisterTreeInputsEqual(CanisterState a, CanisterState b) {
    SystemState x = a.system();
    SystemState y = b.system();
    Bytes ha = a.execution().map(ExecutionState::moduleHash).orElse(null);
    Bytes hb = b.execution().map(ExecutionState::moduleHash).orElse(null);
    return x.certifiedData().equals(y.certifiedData())
        && x.controllers().equals(y.controllers())
        && Objects.equals(ha, hb)
        && x.metadata().equals(y.metadata());
  }

  private static boolean treeEqual(IngressStatus a, IngressStatus b) {
    return a.kind() == b.kind() && a.reply().equals(b.reply())
        && a.rejectCode() == b.rejectCode() && a.rejectMessage().equals(b.rejectMessage())
        && a.errorCode().equals(b.errorCode());
  }

  static HashTree canisterTree(CanisterState cs) {
    SystemState s = cs.system();
    HashTreeMap m =
        HashTreeMap.empty()
            .put("certified_data", HashTree.leaf(s.certifiedData()))
            .put("controllers", HashTree.leaf(encodeControllers(s)));
    if (cs.execution().isPresent()) {
      m = m.put("module_hash", HashTree.leaf(cs.execution().get().moduleHash()));
    }
    if (!s.metadata().isEmpty()) {
      HashTreeMap md = HashTreeMap.empty();
      for (Map.Entry<String, CustomSection> e : s.metadata().entrySet()) {
        md = md.put(e.getKey(), HashTree.leaf(e.getValue().content()));
      }
      m = m.put("metadata", md.tree());
    }
    return m.tree();
  }

  private static Bytes encodeControllers(SystemState s) {
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startArray(s.controllers().size());
    for (Principal p : s.controllers()) {
      w.bytes(p.toByteArray());
    }
    return Bytes.of(w.endArray().toByteArray());
  }

  static HashTree requestTree(IngressStatus st) {
    HashTreeMap m = HashTreeMap.empty().put("status", HashTree.leaf(HashTree.utf8(st.kind().text())));
    if (st.reply().isPresent()) {
      m = m.put("reply", HashTree.leaf(st.reply().get()));
    }
    if (st.kind() == IngressStatus.Kind.REJECTED) {
      m = m.put("reject_code", HashTree.leaf(Leb128.encodeUnsigned(st.rejectCode())));
      m = m.put("reject_message", HashTree.leaf(HashTree.utf8(st.rejectMessage().orElseThrow())));
      if (st.errorCode().isPresent()) {
        m = m.put("error_code", HashTree.leaf(HashTree.utf8(st.errorCode().get().text())));
      }
    }
    return m.tree();
  }

  private static HashTree subnetsTree(SubnetMetadata md) {
    HashTreeMap subnets = HashTreeMap.empty();
    for (Map.Entry<SubnetId, SubnetTopology> e : md.topology().entrySet()) {
      subnets = subnets.put(label(e.getKey().principal()), subnetMap(md, e.getKey(),
          e.getValue()).tree());
    }
    return subnets.tree();
  }

  private static HashTreeMap subnetMap(SubnetMetadata md, SubnetId id, SubnetTopology t) {
    HashTreeMap nodes = HashTreeMap.empty();
    for (Map.Entry<NodeId, Bytes> n : t.nodePublicKeys().entrySet()) {
      nodes = nodes.put(label(n.getKey().principal()),
          HashTreeMap.empty().put("public_key", HashTree.leaf(n.getValue())).tree());
    }
    HashTreeMap s =
        HashTreeMap.empty()
            .put("public_key", HashTree.leaf(t.publicKey()))
            .put("type", HashTree.leaf(HashTree.utf8(t.type().text())))
            .put("canister_ranges", HashTree.leaf(md.routingTable().rangesOf(id).encode()));
    if (!nodes.isEmpty()) {
      s = s.put("node", nodes.tree());
    }
    return s;
  }

  /** The subnets subtree with the own subnet's {@code metrics} leaf added. */
  private static HashTree withMetrics(HashTree subnets, ReplicatedState state, long bytes) {
    SubnetMetadata md = state.metadata();
    SubnetTopology own = md.topology().get(md.ownSubnetId());
    if (own == null) {
      return subnets;
    }
    BigInteger consumed = md.consumedCyclesTotal().value();
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startMap(4)
        .key("num_canisters").uint(state.canisters().size())
        .key("canister_state_bytes").uint(bytes)
        .key("consumed_cycles_total").startMap(1).key("current").startMap(2)
        .key("low").u64(consumed.longValue())
        .key("high").u64(consumed.shiftRight(64).longValue()).endMap().endMap()
        .key("update_transactions_total").uint(md.updateTransactionsTotal()).endMap();
    HashTree ownTree = subnetMap(md, md.ownSubnetId(), own)
        .put("metrics", HashTree.leaf(Bytes.of(w.toByteArray()))).tree();
    HashTreeMap m = HashTreeMap.empty();
    for (Map.Entry<SubnetId, SubnetTopology> e : md.topology().entrySet()) {
      m = m.put(label(e.getKey().principal()), e.getKey().equals(md.ownSubnetId()) ? ownTree
          : subnetMap(md, e.getKey(), e.getValue()).tree());
    }
    return m.tree();
  }

  private static HashTree rangesTree(SubnetMetadata md) {
    Set<SubnetId> seen = new HashSet<>();
    HashTreeMap out = HashTreeMap.empty();
    for (SubnetId s : md.routingTable().entries().values()) {
      if (!seen.add(s)) {
        continue;
      }
      CanisterRanges r = md.routingTable().rangesOf(s);
      HashTree shard =
          HashTreeMap.empty()
              .put(label(r.ranges().get(0).start().principal()), HashTree.leaf(r.encode()))
              .tree();
      out = out.put(label(s.principal()), shard);
    }
    return out.tree();
  }

  private static HashTree streamsTree(SubnetMetadata md) {
    HashTreeMap out = HashTreeMap.empty();
    for (Map.Entry<SubnetId, Stream> e : md.streams().entrySet()) {
      HashTreeMap msgs = HashTreeMap.empty();
      for (Map.Entry<Long, Bytes> m : StreamEncoding.encodeMessages(e.getValue())) {
        msgs = msgs.put(Bytes.of(ByteBuffer.allocate(8).putLong(m.getKey()).array()),
            HashTree.leaf(m.getValue()));
      }
      out = out.put(label(e.getKey().principal()), HashTreeMap.empty()
          .put("header", HashTree.leaf(StreamEncoding.encodeHeader(e.getValue())))
          .put("messages", msgs.tree()).tree());
    }
    return out.tree();
  }
}
