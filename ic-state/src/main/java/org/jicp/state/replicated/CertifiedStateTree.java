package org.jicp.state.replicated;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.internal.Leb128;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;

/**
 * The certified state tree of a {@link ReplicatedState} (IC interface specification, "The system
 * state tree"), kept incrementally:
 *
 * <pre>
 * /time                                   LEB128 ns
 * /canister/&lt;id&gt;/certified_data            blob
 * /canister/&lt;id&gt;/controllers               CBOR tag 55799 [principal blobs]
 * /canister/&lt;id&gt;/module_hash               32 bytes (installed canisters)
 * /canister/&lt;id&gt;/metadata/&lt;name&gt;           blob (public custom sections)
 * /canister_ranges/&lt;subnet&gt;/&lt;first id&gt;     CBOR tag 55799 [[lo, hi], …]
 * /request_status/&lt;id&gt;/status              text; reply blob; reject_code LEB128;
 *                                          reject_message text; error_code text
 * /subnet/&lt;id&gt;/{public_key, type, canister_ranges, node/&lt;id&gt;/public_key}
 * </pre>
 *
 * <p>{@link #update(ReplicatedState)} rebuilds only the subtrees of canisters (and requests,
 * subnets) whose state object changed; the others keep their hashes, and only the O(log n) forks
 * above a changed canister are rehashed (see {@link HashTreeMap}). Not covered: {@code /streams}
 * (no XNet here), {@code /api_boundary_nodes}, the internal {@code /metadata} subtree and the
 * 0.66 canister timestamps.
 */
public final class CertifiedStateTree {
  private final ReplicatedState state;
  private final HashTreeMap canisters;
  private final HashTreeMap requests;
  private final HashTree subnets;
  private final HashTree ranges;
  private final HashTree root;

  private CertifiedStateTree(
      ReplicatedState state, HashTreeMap canisters, HashTreeMap requests, HashTree subnets,
      HashTree ranges) {
    this.state = state;
    this.canisters = canisters;
    this.requests = requests;
    this.subnets = subnets;
    this.ranges = ranges;
    this.root =
        HashTreeMap.empty()
            .put("canister", canisters.tree())
            .put("canister_ranges", ranges)
            .put("request_status", requests.tree())
            .put("subnet", subnets)
            .put("time", HashTree.leaf(Leb128.encodeUnsigned(state.metadata().timeNanos())))
            .tree();
  }

  /** The tree of {@code state}, built in full. */
  public static CertifiedStateTree of(ReplicatedState state) {
    HashTreeMap c = HashTreeMap.empty();
    for (CanisterState cs : state.canisters().values()) {
      c = c.put(label(cs.id().principal()), canisterTree(cs));
    }
    HashTreeMap r = HashTreeMap.empty();
    for (Map.Entry<MessageId, IngressStatus> e : state.metadata().ingressHistory().entrySet()) {
      r = r.put(e.getKey().bytes(), requestTree(e.getValue()));
    }
    return new CertifiedStateTree(
        state, c, r, subnetsTree(state.metadata()), rangesTree(state.metadata()));
  }

  /**
   * The tree of {@code next}, reusing this tree's subtrees for every canister, request and
   * subnet whose state is unchanged (canisters: the same object; requests and topology: equal).
   */
  public CertifiedStateTree update(ReplicatedState next) {
    Objects.requireNonNull(next, "next");
    HashTreeMap c = canisters;
    SortedMap<CanisterId, CanisterState> before = state.canisters();
    for (CanisterState cs : next.canisters().values()) {
      if (before.get(cs.id()) != cs) {
        c = c.put(label(cs.id().principal()), canisterTree(cs));
      }
    }
    for (CanisterId id : before.keySet()) {
      if (!next.canisters().containsKey(id)) {
        c = c.remove(label(id.principal()));
      }
    }
    HashTreeMap r = requests;
    SortedMap<MessageId, IngressStatus> hb = state.metadata().ingressHistory();
    SortedMap<MessageId, IngressStatus> hn = next.metadata().ingressHistory();
    if (hb != hn) {
      for (Map.Entry<MessageId, IngressStatus> e : hn.entrySet()) {
        if (!e.getValue().equals(hb.get(e.getKey()))) {
          r = r.put(e.getKey().bytes(), requestTree(e.getValue()));
        }
      }
      for (MessageId id : hb.keySet()) {
        if (!hn.containsKey(id)) {
          r = r.remove(id.bytes());
        }
      }
    }
    SubnetMetadata mb = state.metadata();
    SubnetMetadata mn = next.metadata();
    boolean topologySame =
        mb.topology().equals(mn.topology()) && mb.routingTable().equals(mn.routingTable());
    return new CertifiedStateTree(
        next, c, r, topologySame ? subnets : subnetsTree(mn), topologySame ? ranges
            : rangesTree(mn));
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

  private static Bytes label(Principal p) {
    return p.bytes();
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
      for (Map.Entry<String, Bytes> e : s.metadata().entrySet()) {
        md = md.put(e.getKey(), HashTree.leaf(e.getValue()));
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
        m = m.put("error_code", HashTree.leaf(HashTree.utf8(st.errorCode().get())));
      }
    }
    return m.tree();
  }

  private static HashTree subnetsTree(SubnetMetadata md) {
    HashTreeMap subnets = HashTreeMap.empty();
    for (Map.Entry<SubnetId, SubnetTopology> e : md.topology().entrySet()) {
      SubnetTopology t = e.getValue();
      HashTreeMap nodes = HashTreeMap.empty();
      for (Map.Entry<NodeId, Bytes> n : t.nodePublicKeys().entrySet()) {
        nodes = nodes.put(label(n.getKey().principal()),
            HashTreeMap.empty().put("public_key", HashTree.leaf(n.getValue())).tree());
      }
      HashTreeMap s =
          HashTreeMap.empty()
              .put("public_key", HashTree.leaf(t.publicKey()))
              .put("type", HashTree.leaf(HashTree.utf8(t.type().text())))
              .put("canister_ranges",
                  HashTree.leaf(md.routingTable().rangesOf(e.getKey()).encode()));
      if (!nodes.isEmpty()) {
        s = s.put("node", nodes.tree());
      }
      subnets = subnets.put(label(e.getKey().principal()), s.tree());
    }
    return subnets.tree();
  }

  private static HashTree rangesTree(SubnetMetadata md) {
    Map<SubnetId, Boolean> seen = new HashMap<>();
    HashTreeMap out = HashTreeMap.empty();
    for (SubnetId s : md.routingTable().entries().values()) {
      if (seen.put(s, Boolean.TRUE) != null) {
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
}
