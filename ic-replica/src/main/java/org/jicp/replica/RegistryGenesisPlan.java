package org.jicp.replica;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.threshold.Lagrange;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.nns.registry.NiDkgInitialDkg;
import org.jicp.nns.registry.NodeKeys;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryGenesis;
import org.jicp.nns.registry.RegistryKeys;
import org.jicp.nns.registry.pb.CanisterIdRange;
import org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord;
import org.jicp.nns.registry.pb.PrincipalId;
import org.jicp.nns.registry.pb.RoutingTable;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * The registry at genesis of a replica whose NNS canisters govern its topology: the registry
 * canister starts with the replica's own subnets, their nodes and keys, and its routing table, so
 * that the registry is the source of truth the replica follows afterwards (new subnets by {@code
 * create_subnet} proposals run on the spare nodes registered here).
 *
 * <p>Built as the IC's {@code ic-prep} builds a genesis registry: an elected replica version, a
 * data center, a node operator, nodes with deterministic keys ({@link NodeKeys}, from the replica's
 * seed), one subnet per configured subnet with an NI-DKG run by {@link NiDkgInitialDkg} (so each
 * subnet's threshold key and catch-up package contents are real transcripts), and unassigned
 * spare nodes. The replica plays every node: it signs as each node with the node's Ed25519 key and
 * certifies with the key share it decrypts from its subnet's high-threshold transcript (1 of 1).
 * The routing table is then set to the replica's layout ({@link Replica#APP_RANGE_START}): the
 * registry's own {@code create_subnet} allocates ranges after it.
 */
final class RegistryGenesisPlan {
  /** The replica version the genesis registry elects and every subnet runs. */
  static final String REPLICA_VERSION = "jicp-0.1.0";
  /** The node operator of every node (jicp's own principal). */
  static final Principal OPERATOR = Principal.canisterIdFromIndex(0x4f50_0000L);
  /** The node provider (jicp's own principal). */
  static final Principal PROVIDER = Principal.canisterIdFromIndex(0x4e50_0000L);

  private final Registry registry;
  private final RegistryGenesis genesis;
  private final Bytes seed;
  private final NiDkgInitialDkg dkg;
  private final Map<NodeId, Long> nodeIndex = new HashMap<>();
  private final List<SubnetId> ids = new ArrayList<>();
  private final List<List<NodeId>> nodes = new ArrayList<>();
  private final List<NodeId> spares = new ArrayList<>();

  /**
   * The registry of {@code kinds} (one node each) and {@code spareNodes} unassigned nodes, with
   * routing {@code ranges.get(i)} to subnet {@code i}.
   */
  RegistryGenesisPlan(Bytes seed, List<Replica.SubnetKind> kinds, List<CanisterRange> ranges,
      int spareNodes) {
    this(seed, kinds, ranges, spareNodes, 1);
  }

  /**
   * The registry of {@code kinds} with {@code nodesPerSubnet} nodes each (so that a {@code
   * split_subnet} proposal can give half of an application subnet's nodes to a new subnet) and
   * {@code spareNodes} unassigned nodes, with routing {@code ranges.get(i)} to subnet {@code i}.
   */
  RegistryGenesisPlan(Bytes seed, List<Replica.SubnetKind> kinds, List<CanisterRange> ranges,
      int spareNodes, int nodesPerSubnet) {
    this.seed = seed;
    this.registry = new Registry();
    // The replica plays every dealer of its genesis: it does not re-verify its own dealings.
    this.dkg = new NiDkgInitialDkg(registry, seed, false);
    int total = kinds.size() * nodesPerSubnet + spareNodes;
    genesis = new RegistryGenesis(registry, seed, dkg)
        .electReplicaVersion(REPLICA_VERSION)
        .dataCenter("jc1", "Europe,CH,Zurich")
        .nodeOperator(OPERATOR, PROVIDER, "jc1", total, Map.of("type3.1", total));
    // The NNS subnet first (the registry's invariants want a system subnet before any other),
    // then the others in the configured order.
    List<Integer> order = new ArrayList<>();
    int nnsAt = kinds.indexOf(Replica.SubnetKind.NNS);
    if (nnsAt >= 0) {
      order.add(nnsAt);
    }
    for (int i = 0; i < kinds.size(); i++) {
      if (i != nnsAt) {
        order.add(i);
      }
    }
    SubnetId[] byIndex = new SubnetId[kinds.size()];
    List<List<NodeId>> nodeByIndex = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      nodeByIndex.add(List.of());
    }
    long index = 0;
    for (int i : order) {
      Replica.SubnetKind k = kinds.get(i);
      List<NodeKeys> ns = genesis.nodes(OPERATOR, nodesPerSubnet);
      for (NodeKeys n : ns) {
        nodeIndex.put(n.nodeId(), index++);
      }
      nodeByIndex.set(i, ns.stream().map(NodeKeys::nodeId).toList());
      byIndex[i] = genesis.subnet(ns, k.type(), REPLICA_VERSION,
          k == Replica.SubnetKind.NNS);
    }
    ids.addAll(List.of(byIndex));
    nodes.addAll(nodeByIndex);
    for (NodeKeys n : genesis.nodes(OPERATOR, spareNodes)) {
      nodeIndex.put(n.nodeId(), index++);
      spares.add(n.nodeId());
    }
    RoutingTable.Builder rt = RoutingTable.newBuilder();
    for (int i = 0; i < ids.size(); i++) {
      CanisterRange r = ranges.get(i);
      rt.addEntries(RoutingTable.Entry.newBuilder()
          .setRange(CanisterIdRange.newBuilder()
              .setStartCanisterId(canisterId(r.start().principal()))
              .setEndCanisterId(canisterId(r.end().principal())))
          .setSubnetId(org.jicp.nns.registry.pb.SubnetId.newBuilder()
              .setPrincipalId(principalId(ids.get(i).principal()))));
    }
    registry.atomicMutate(List.of(Registry.update(RegistryKeys.ROUTING_TABLE, rt.build())));
  }

  private static org.jicp.nns.registry.pb.CanisterId canisterId(Principal p) {
    return org.jicp.nns.registry.pb.CanisterId.newBuilder().setPrincipalId(principalId(p)).build();
  }

  private static PrincipalId principalId(Principal p) {
    return PrincipalId.newBuilder().setRaw(ByteString.copyFrom(p.bytes().toByteArray())).build();
  }

  /** The registry (the registry canister's initial state). */
  Registry registry() {
    return registry;
  }

  /** Subnet {@code i}'s id (the self-authenticating principal of its threshold key). */
  SubnetId subnetId(int i) {
    return ids.get(i);
  }

  /** Subnet {@code i}'s first node (the one that answers for it). */
  NodeId node(int i) {
    return nodes.get(i).get(0);
  }

  /** Subnet {@code i}'s nodes, in the registry's membership order. */
  List<NodeId> members(int i) {
    return nodes.get(i);
  }

  /** The unassigned nodes at genesis. */
  List<NodeId> spareNodes() {
    return List.copyOf(spares);
  }

  /** Whether this genesis registered {@code node} (so the replica can play it). */
  boolean knows(NodeId node) {
    return nodeIndex.containsKey(node);
  }

  /** The node signing key of {@code node}. */
  Ed25519SigningKey nodeSigningKey(NodeId node) {
    Long i = nodeIndex.get(node);
    if (i == null) {
      throw new IllegalArgumentException("node " + node + " is not a node of this replica");
    }
    return NodeKeys.nodeSigningSecret(seed, i);
  }

  /**
   * The consensus keys of {@code node} for a subnet whose nodes run consensus themselves: its node
   * signing, committee signing and dealing encryption keys (secret halves from this replica's
   * seed, as the node's key store would hold them), checked against the crypto records that
   * {@code registry} holds for the node at its latest version.
   *
   * @throws IllegalStateException if the node is not one of this replica's, or the registry holds
   *     other keys for it
   */
  org.jicp.consensus.crypto.NodeKeys consensusKeys(Registry registry, NodeId node) {
    Long i = nodeIndex.get(node);
    if (i == null) {
      throw new IllegalStateException("node " + node + " is not a node of this replica");
    }
    NodeKeys pub = NodeKeys.derive(seed, i);
    // A decryption key of its own (not the one subnetKey decrypts with): the consensus's later
    // NI-DKGs decrypt at their own epochs.
    org.jicp.crypto.nidkg.EncryptionSecretKey dk = NodeKeys.generate(seed, i).dkgDealingDecryptionKey();
    org.jicp.consensus.crypto.NodeKeys keys = org.jicp.consensus.crypto.NodeKeys.of(node,
        NodeKeys.nodeSigningSecret(seed, i), NodeKeys.committeeSigningSecret(seed, i),
        new org.jicp.crypto.nidkg.EncryptionKeyPair(pub.dkgDealingEncryptionKey(), dk));
    org.jicp.consensus.crypto.NodePublicKeys mine = keys.publicKeys();
    org.jicp.nns.registry.pb.PublicKey signing = cryptoRecord(registry, node,
        org.jicp.nns.registry.KeyPurpose.NODE_SIGNING);
    org.jicp.nns.registry.pb.PublicKey committee = cryptoRecord(registry, node,
        org.jicp.nns.registry.KeyPurpose.COMMITTEE_SIGNING);
    org.jicp.nns.registry.pb.PublicKey dealing = cryptoRecord(registry, node,
        org.jicp.nns.registry.KeyPurpose.DKG_DEALING_ENCRYPTION);
    boolean same = java.util.Arrays.equals(signing.getKeyValue().toByteArray(),
            mine.nodeSigningKey().raw())
        && java.util.Arrays.equals(committee.getKeyValue().toByteArray(),
            mine.committeeSigningKey().toBytes())
        && java.util.Arrays.equals(committee.getProofData().getValue().toByteArray(),
            mine.committeeSigningKeyPop().toByteArray())
        && org.jicp.nns.registry.DealingEncryptionKeys.fromRecord(dealing)
            .equals(mine.dealingEncryptionKey());
    if (!same) {
      keys.destroy();
      throw new IllegalStateException("the registry holds other keys for node " + node);
    }
    return keys;
  }

  private static org.jicp.nns.registry.pb.PublicKey cryptoRecord(Registry registry, NodeId node,
      org.jicp.nns.registry.KeyPurpose purpose) {
    String key = org.jicp.nns.registry.RegistryKeys.cryptoRecord(node, purpose);
    Bytes v = registry.getValue(key, registry.latestVersion())
        .map(org.jicp.nns.registry.RegistryStore.Versioned::value)
        .orElseThrow(() -> new IllegalStateException("node " + node + " has no " + purpose
            + " key in the registry"));
    try {
      return org.jicp.nns.registry.pb.PublicKey.parseFrom(v.toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("the " + purpose + " key of node " + node
          + " does not decode: " + e.getMessage(), e);
    }
  }

  /**
   * {@code node}'s threshold key share of an initial NI-DKG {@code record}: recomputed from this
   * replica's dealers for the transcripts it dealt itself (no decryption), otherwise decrypted
   * with the node's dealing decryption key at the record's epoch.
   */
  SecretKeyShare share(InitialNiDkgTranscriptRecord record, NodeId node) {
    if (!knows(node)) {
      throw new IllegalStateException("node " + node + " is not a node of this replica");
    }
    return dkg.dealtShare(record, node).orElseGet(() ->
        NiDkgInitialDkg.keyShare(record, node, genesis.dkgDealingDecryptionKey(node)));
  }

  /**
   * The threshold signing key of a subnet with catch-up package contents in {@code registry}, all
   * of whose nodes this replica plays: the shares of the first {@code threshold} members of its
   * high-threshold transcript, interpolated at zero (for a single-node subnet, 1 of 1, the share
   * is the key), checked against the transcript's public key. For the genesis subnets this replica
   * dealt the transcripts itself and recomputes each share from its dealers' seed ({@link
   * NiDkgInitialDkg#dealtShare}: no decryption, so no discrete-logarithm table at start-up); a
   * subnet created or split later by the registry canister is decrypted with each node's key.
   *
   * <p>The replica holds the whole key because it plays every node of the subnet and executes
   * the subnet once (the nodes would compute the same states): the signature it makes equals the
   * combination of its nodes' signature shares.
   *
   * @throws IllegalStateException if the subnet has a member this replica does not play
   */
  static SecretKey subnetKey(Registry registry, RegistryGenesisPlan plan, SubnetId subnet) {
    InitialNiDkgTranscriptRecord high = registry.cupContents(subnet)
        .orElseThrow(() -> new IllegalStateException("subnet " + subnet + " has no CUP contents"))
        .getInitialNiDkgTranscriptHighThreshold();
    int threshold = high.getThreshold();
    if (threshold < 1 || threshold > high.getCommitteeCount()) {
      throw new IllegalStateException("subnet " + subnet + ": threshold " + threshold + " of "
          + high.getCommitteeCount() + " nodes");
    }
    List<Integer> indices = new ArrayList<>();
    List<org.jicp.crypto.bls12381.Scalar> shares = new ArrayList<>();
    for (int j = 0; j < threshold; j++) {
      NodeId node = new NodeId(Principal.fromBytes(high.getCommittee(j).toByteArray()));
      if (!plan.knows(node)) {
        throw new IllegalStateException("node " + node + " of subnet " + subnet
            + " is not a node of this replica");
      }
      SecretKeyShare share = plan.dkg.dealtShare(high, node).orElseGet(() ->
          NiDkgInitialDkg.keyShare(high, node, plan.genesis.dkgDealingDecryptionKey(node)));
      indices.add(j);
      shares.add(share.value());
      share.destroy();
    }
    org.jicp.crypto.bls12381.Scalar secret = org.jicp.crypto.bls12381.Scalar.ZERO;
    List<org.jicp.crypto.bls12381.Scalar> lambda = Lagrange.coefficientsAtZero(indices);
    for (int j = 0; j < threshold; j++) {
      secret = secret.add(lambda.get(j).multiply(shares.get(j)));
    }
    SecretKey key = SecretKey.fromScalar(secret);
    ThresholdPublicKey expected = new ThresholdPublicKey(Bytes.of(
        plan.dkg.transcriptOf(high).publicCoefficients().groupPublicKey().toBytes()));
    ThresholdPublicKey actual =
        new org.jicp.state.certification.BlsCertificateSigner(key).publicKey();
    if (!expected.equals(actual)) {
      throw new IllegalStateException("subnet " + subnet + ": the key its nodes' shares "
          + "interpolate does not match the transcript's public key");
    }
    return key;
  }

  /** The subnet key of genesis subnet {@code i}. */
  SecretKey subnetKey(int i) {
    return subnetKey(registry, this, ids.get(i));
  }
}
