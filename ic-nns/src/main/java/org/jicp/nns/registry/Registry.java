package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import org.jicp.types.RegistryVersion;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.UnauthorizedCallerException;
import org.jicp.nns.internal.Journal;
import org.jicp.nns.registry.RegistryPayloads.AddNodeOperatorPayload;
import org.jicp.nns.registry.RegistryPayloads.AddNodePayload;
import org.jicp.nns.registry.RegistryPayloads.AddNodesToSubnetPayload;
import org.jicp.nns.registry.RegistryPayloads.AddOrRemoveDataCentersProposalPayload;
import org.jicp.nns.registry.RegistryPayloads.ChangeSubnetMembershipPayload;
import org.jicp.nns.registry.RegistryPayloads.CompleteCanisterMigrationPayload;
import org.jicp.nns.registry.RegistryPayloads.CreateSubnetPayload;
import org.jicp.nns.registry.RegistryPayloads.DeployGuestosToAllSubnetNodesPayload;
import org.jicp.nns.registry.RegistryPayloads.MergeSubnetsPayload;
import org.jicp.nns.registry.RegistryPayloads.PrepareCanisterMigrationPayload;
import org.jicp.nns.registry.RegistryPayloads.RecoverSubnetPayload;
import org.jicp.nns.registry.RegistryPayloads.RemoveNodesFromSubnetPayload;
import org.jicp.nns.registry.RegistryPayloads.RemoveNodesPayload;
import org.jicp.nns.registry.RegistryPayloads.RerouteCanisterRangesPayload;
import org.jicp.nns.registry.RegistryPayloads.ReviseElectedGuestosVersionsPayload;
import org.jicp.nns.registry.RegistryPayloads.SetFirewallConfigPayload;
import org.jicp.nns.registry.RegistryPayloads.SplitSubnetPayload;
import org.jicp.nns.registry.RegistryPayloads.UpdateNodeOperatorConfigPayload;
import org.jicp.nns.registry.RegistryPayloads.UpdateNodeRewardsTableProposalPayload;
import org.jicp.nns.registry.RegistryPayloads.UpdateSubnetPayload;
import org.jicp.nns.registry.pb.AlgorithmId;
import org.jicp.nns.registry.pb.BlessedReplicaVersions;
import org.jicp.nns.registry.pb.CanisterMigrations;
import org.jicp.nns.registry.pb.CatchUpPackageContents;
import org.jicp.nns.registry.pb.ConnectionEndpoint;
import org.jicp.nns.registry.pb.DataCenterRecord;
import org.jicp.nns.registry.pb.FirewallConfig;
import org.jicp.nns.registry.pb.GenesisArgs;
import org.jicp.nns.registry.pb.Gps;
import org.jicp.nns.registry.pb.NodeOperatorRecord;
import org.jicp.nns.registry.pb.NodeRecord;
import org.jicp.nns.registry.pb.NodeRewardRate;
import org.jicp.nns.registry.pb.NodeRewardRates;
import org.jicp.nns.registry.pb.NodeRewardsTable;
import org.jicp.nns.registry.pb.PrincipalId;
import org.jicp.nns.registry.pb.PublicKey;
import org.jicp.nns.registry.pb.RecoveryArgs;
import org.jicp.nns.registry.pb.RegistryAtomicMutateRequest;
import org.jicp.nns.registry.pb.RegistryMutation;
import org.jicp.nns.registry.pb.ReplicaVersionRecord;
import org.jicp.nns.registry.pb.RoutingTable;
import org.jicp.nns.registry.pb.SubnetFeatures;
import org.jicp.nns.registry.pb.SubnetListRecord;
import org.jicp.nns.registry.pb.SubnetRecord;
import org.jicp.nns.registry.pb.SubnetSplittingArgs;
import org.jicp.nns.registry.pb.X509PublicKeyCert;
import org.jicp.state.tree.HashTree;

/**
 * The NNS registry as a deterministic state machine: a versioned store of protobuf records under
 * the IC's key names ({@link RegistryKeys}), changed only by atomic mutation batches that keep the
 * {@linkplain RegistryInvariants invariants}, and the subnet-management mutations of {@code
 * rs/registry/canister/src/mutations} built on it (create, add/remove nodes, change membership,
 * update, recover, split, merge, canister migrations), plus data centers, node operators and nodes.
 *
 * <p>Mutations that need a new DKG (create, recover, split, merge) come in two steps, as on the IC
 * where the registry awaits {@code setup_initial_dkg}: {@code dkgNodesFor…} validates the payload
 * and names the nodes, then the mutation takes the {@link InitialDkgResult}. The overloads taking
 * an {@link InitialDkg} do both. A rejected mutation throws {@link InvariantViolationException}
 * naming the violated rule and leaves the registry unchanged.
 *
 * <p>Authorization is the canister's job ({@code RegistryCanister}: governance only, except {@code
 * add_node}); this class takes no callers except for {@link #addNode}, whose rules depend on the
 * calling node operator.
 */
public final class Registry {
  /** Canister ids allocated to a new subnet ({@code CANISTER_IDS_PER_SUBNET}, 2^20). */
  public static final long CANISTER_IDS_PER_SUBNET = 1L << 20;

  private final Journal journal = new Journal();
  private final RegistryStore store = new RegistryStore(journal);

  /** An empty registry (version 0). */
  public Registry() {}

  /**
   * A registry rebuilt from its changelog (the upgrade path): every version is re-applied as it was
   * recorded.
   */
  public static Registry fromChangelog(List<RegistryAtomicMutateRequest> changelog) {
    Registry r = new Registry();
    for (RegistryAtomicMutateRequest req : changelog) {
      r.store.apply(req.getMutationsList(), s -> {});
    }
    return r;
  }

  /** Runs {@code body} atomically on the registry (for hosts). */
  public <T> T atomic(java.util.function.Supplier<T> body) {
    return journal.atomic(body);
  }

  /** The versioned store (reads, changes since a version, certification). */
  public RegistryStore store() {
    return store;
  }

  /** {@code get_latest_version}. */
  public RegistryVersion latestVersion() {
    return store.latestVersion();
  }

  /** {@code get_value}: the value of {@code key} at {@code version}. */
  public Optional<RegistryStore.Versioned> getValue(String key, RegistryVersion version) {
    return store.get(key, version);
  }

  /** {@code get_changes_since}: every change after {@code version}, grouped by key. */
  public List<RegistryStore.Delta> changesSince(RegistryVersion version) {
    return store.changesSince(version, Integer.MAX_VALUE);
  }

  /** The certified tree ({@code current_version}, {@code delta}). */
  public HashTree certifiedTree() {
    return store.certifiedTree();
  }

  /** The registry canister's certified data. */
  public Bytes certifiedData() {
    return store.certifiedData();
  }

  /**
   * {@code atomic_mutate}: applies raw mutations as one version, if the invariants hold after them.
   */
  public RegistryVersion atomicMutate(List<RegistryMutation> mutations) {
    return apply(mutations);
  }

  private RegistryVersion apply(List<RegistryMutation> mutations) {
    return store.apply(mutations, RegistryInvariants::check);
  }

  // ------------------------------------------------------------------ typed reads (latest)

  /** The subnets in {@code subnet_list}, in order. */
  public List<SubnetId> subnetIds() {
    Optional<Bytes> b = store.getLatest(RegistryKeys.SUBNET_LIST);
    List<SubnetId> out = new ArrayList<>();
    if (b.isPresent()) {
      for (ByteString s : RegistryInvariants.decode(SubnetListRecord.parser(), b.get(), RegistryKeys.SUBNET_LIST).getSubnetsList()) {
        out.add(new SubnetId(Principal.fromBytes(s.toByteArray())));
      }
    }
    return out;
  }

  /** The record of {@code subnet}, if it exists. */
  public Optional<SubnetRecord> subnetRecord(SubnetId subnet) {
    String key = RegistryKeys.subnetRecord(subnet);
    return store.getLatest(key).map(b -> RegistryInvariants.decode(SubnetRecord.parser(), b, key));
  }

  /** The members of {@code subnet}. */
  public List<NodeId> members(SubnetId subnet) {
    List<NodeId> out = new ArrayList<>();
    for (ByteString b : subnet(subnet).getMembershipList()) {
      out.add(new NodeId(Principal.fromBytes(b.toByteArray())));
    }
    return out;
  }

  /** The type of {@code subnet}. */
  public SubnetType subnetType(SubnetId subnet) {
    return SubnetType.fromProtoNumber(subnet(subnet).getSubnetType().getNumber());
  }

  /** The catch-up package contents of {@code subnet}, if any. */
  public Optional<CatchUpPackageContents> cupContents(SubnetId subnet) {
    String key = RegistryKeys.cupContents(subnet);
    return store.getLatest(key).map(b -> RegistryInvariants.decode(CatchUpPackageContents.parser(), b, key));
  }

  /** The threshold signing public key of {@code subnet}, if any. */
  public Optional<PublicKey> thresholdSigningKey(SubnetId subnet) {
    String key = RegistryKeys.thresholdSigningKey(subnet);
    return store.getLatest(key).map(b -> RegistryInvariants.decode(PublicKey.parser(), b, key));
  }

  /** The record of {@code node}, if registered. */
  public Optional<NodeRecord> nodeRecord(NodeId node) {
    String key = RegistryKeys.nodeRecord(node);
    return store.getLatest(key).map(b -> RegistryInvariants.decode(NodeRecord.parser(), b, key));
  }

  /** All registered nodes, in key order. */
  public List<NodeId> nodeIds() {
    List<NodeId> out = new ArrayList<>();
    for (String key : store.latestWithPrefix(RegistryKeys.NODE_RECORD_PREFIX).keySet()) {
      out.add(new NodeId(RegistryInvariants.nodeIdOfKey(key)));
    }
    return out;
  }

  /** The subnet {@code node} is a member of, if any. */
  public Optional<SubnetId> subnetOf(NodeId node) {
    ByteString raw = ByteString.copyFrom(node.toByteArray());
    for (SubnetId s : subnetIds()) {
      if (subnet(s).getMembershipList().contains(raw)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The nodes in no subnet. */
  public List<NodeId> unassignedNodes() {
    Set<NodeId> assigned = new HashSet<>();
    for (SubnetId s : subnetIds()) {
      assigned.addAll(members(s));
    }
    List<NodeId> out = new ArrayList<>();
    for (NodeId n : nodeIds()) {
      if (!assigned.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Every registered node whose operator has a record, with the operator, its node provider, the
   * node's subnet and its reward weight, in node-key order. The registry keeps rewardable node
   * counts per type on the operator record, not a type per node: an operator's nodes (in node-key
   * order) take its rewardable types in name order, as many of each as it counts; a node's weight
   * is its type's {@code xdr_permyriad_per_node_per_month} in its operator's data-center region (1
   * where the table has no rate, as {@link #nodeProvidersMonthlyXdrRewards}; 0 for a node beyond
   * the rewardable counts, or whose data center is unknown).
   */
  public List<RegistryPayloads.NodeWithProvider> nodesWithProviders() {
    Map<NodeId, SubnetId> subnets = new HashMap<>();
    for (SubnetId s : subnetIds()) {
      members(s).forEach(n -> subnets.put(n, s));
    }
    NodeRewardsTable table = nodeRewardsTable();
    Map<Principal, Integer> seen = new HashMap<>();
    List<RegistryPayloads.NodeWithProvider> out = new ArrayList<>();
    for (NodeId n : nodeIds()) {
      Principal op = Principal.fromBytes(nodeRecord(n).orElseThrow().getNodeOperatorId().toByteArray());
      Optional<NodeOperatorRecord> rec = nodeOperator(op);
      if (rec.isEmpty()) {
        continue;
      }
      int index = seen.merge(op, 1, Integer::sum) - 1;
      out.add(new RegistryPayloads.NodeWithProvider(n.principal(), op,
          Principal.fromBytes(rec.get().getNodeProviderPrincipalId().toByteArray()),
          Optional.ofNullable(subnets.get(n)).map(SubnetId::principal), Optional.of(rewardWeight(rec.get(), index, table))));
    }
    return out;
  }

  /** The reward weight of operator {@code op}'s node number {@code index} (see {@link #nodesWithProviders}). */
  private long rewardWeight(NodeOperatorRecord op, int index, NodeRewardsTable table) {
    Optional<Bytes> dcBytes = store.getLatest(RegistryKeys.dataCenter(op.getDcId()));
    if (dcBytes.isEmpty()) {
      return 0;
    }
    String region = RegistryInvariants.decode(DataCenterRecord.parser(), dcBytes.get(), op.getDcId()).getRegion();
    int i = index;
    for (Map.Entry<String, Integer> rn : new TreeMap<>(op.getRewardableNodesMap()).entrySet()) {
      if (i < rn.getValue()) {
        NodeRewardRate rate = table.getTableMap().containsKey(region)
            ? table.getTableMap().get(region).getRatesMap().get(rn.getKey()) : null;
        return rate == null ? 1 : rate.getXdrPermyriadPerNodePerMonth();
      }
      i -= rn.getValue();
    }
    return 0;
  }

  /** The node operator record of {@code operator}, if any. */
  public Optional<NodeOperatorRecord> nodeOperator(Principal operator) {
    String key = RegistryKeys.nodeOperatorRecord(operator);
    return store.getLatest(key).map(b -> RegistryInvariants.decode(NodeOperatorRecord.parser(), b, key));
  }

  /** The routing table, in range order. */
  public RoutingTable routingTable() {
    return store.getLatest(RegistryKeys.ROUTING_TABLE)
        .map(b -> RegistryInvariants.decode(RoutingTable.parser(), b, RegistryKeys.ROUTING_TABLE))
        .orElse(RoutingTable.getDefaultInstance());
  }

  /** The canister id ranges routed to {@code subnet}, in order. */
  public List<RegistryPayloads.CanisterIdRange> rangesOf(SubnetId subnet) {
    List<RegistryPayloads.CanisterIdRange> out = new ArrayList<>();
    for (IndexRange r : routes().getOrDefault(subnet, List.of())) {
      out.add(r.toPayload());
    }
    return out;
  }

  /** {@code get_subnet_for_canister}: the subnet hosting {@code canister}, if routed. */
  public Optional<SubnetId> subnetForCanister(Principal canister) {
    long index;
    try {
      index = IndexRange.indexOf(canister, "canister");
    } catch (InvariantViolationException e) {
      return Optional.empty();
    }
    IndexRange point = new IndexRange(index, index);
    for (Map.Entry<SubnetId, List<IndexRange>> e : routes().entrySet()) {
      for (IndexRange r : e.getValue()) {
        if (r.contains(point)) {
          return Optional.of(e.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /** The ongoing canister migrations. */
  public CanisterMigrations canisterMigrations() {
    return store.getLatest(RegistryKeys.CANISTER_MIGRATIONS)
        .map(b -> RegistryInvariants.decode(CanisterMigrations.parser(), b, RegistryKeys.CANISTER_MIGRATIONS))
        .orElse(CanisterMigrations.getDefaultInstance());
  }

  /** The elected (blessed) replica versions. */
  public List<String> electedReplicaVersions() {
    return store.getLatest(RegistryKeys.BLESSED_REPLICA_VERSIONS)
        .<List<String>>map(b -> List.copyOf(RegistryInvariants.decode(
            BlessedReplicaVersions.parser(), b, RegistryKeys.BLESSED_REPLICA_VERSIONS).getBlessedVersionIdsList()))
        .orElse(List.of());
  }

  // ------------------------------------------------------------------ subnets

  /** Validates {@code create_subnet} and returns the nodes of the initial DKG. */
  public List<NodeId> dkgNodesForCreateSubnet(CreateSubnetPayload p) {
    List<NodeId> nodes = distinctNodes(p.nodeIds(), "create-subnet-nodes");
    if (nodes.isEmpty()) {
      throw new InvariantViolationException("subnet-not-empty", "a subnet needs at least one node");
    }
    requireUnassigned(nodes);
    checkParameters(p.dkgIntervalLength(), p.unitDelayMillis(), p.maxIngressBytesPerMessage(), p.maxBlockPayloadSize());
    return nodes;
  }

  /** {@code create_subnet} with {@code dkg} running the initial DKG. */
  public SubnetId createSubnet(CreateSubnetPayload p, InitialDkg dkg) {
    return createSubnet(p, dkg.setupInitialDkg(dkgNodesForCreateSubnet(p), latestVersion()));
  }

  /**
   * {@code create_subnet} ({@code do_create_subnet.rs}): the subnet record, its genesis catch-up
   * package contents and threshold key from the DKG, its place in {@code subnet_list}, and a fresh
   * range of {@link #CANISTER_IDS_PER_SUBNET} canister ids in the routing table.
   */
  public SubnetId createSubnet(CreateSubnetPayload p, InitialDkgResult dkg) {
    List<NodeId> nodes = dkgNodesForCreateSubnet(p);
    SubnetId id = p.subnetIdOverride().map(SubnetId::new).orElse(dkg.freshSubnetId());
    if (store.getLatest(RegistryKeys.subnetRecord(id)).isPresent()) {
      throw new InvariantViolationException("subnet-id-unique", "subnet " + id + " already exists");
    }
    SubnetRecord.Builder r = SubnetRecord.newBuilder()
        .setMaxIngressBytesPerMessage(p.maxIngressBytesPerMessage())
        .setMaxIngressMessagesPerBlock(p.maxIngressMessagesPerBlock())
        .setMaxBlockPayloadSize(p.maxBlockPayloadSize())
        .setUnitDelayMillis(p.unitDelayMillis())
        .setInitialNotaryDelayMillis(p.initialNotaryDelayMillis())
        .setReplicaVersionId(p.replicaVersionId())
        .setDkgIntervalLength(p.dkgIntervalLength())
        .setDkgDealingsPerBlock(p.dkgDealingsPerBlock())
        .setStartAsNns(p.startAsNns())
        .setSubnetType(org.jicp.nns.registry.pb.SubnetType.forNumber(p.subnetType().protoNumber()))
        .setIsHalted(p.isHalted())
        .setMaxNumberOfCanisters(p.maxNumberOfCanisters())
        .setFeatures(features(p.features()))
        .addAllSshReadonlyAccess(p.sshReadonlyAccess())
        .addAllSshBackupAccess(p.sshBackupAccess());
    for (NodeId n : nodes) {
      r.addMembership(bytes(n.principal()));
    }
    List<SubnetId> list = new ArrayList<>(subnetIds());
    list.add(id);
    List<RegistryMutation> m = new ArrayList<>();
    m.add(upsert(RegistryKeys.SUBNET_LIST, subnetList(list)));
    m.add(insert(RegistryKeys.subnetRecord(id), r.build()));
    m.add(insert(RegistryKeys.thresholdSigningKey(id), thresholdKey(dkg)));
    m.add(insert(RegistryKeys.cupContents(id), cup(dkg).setGenesis(GenesisArgs.newBuilder()).build()));
    Map<SubnetId, List<IndexRange>> routes = routes();
    long next = 0;
    for (List<IndexRange> rs : routes.values()) {
      for (IndexRange x : rs) {
        next = Math.max(next, x.end() + 1);
      }
    }
    next = (next + CANISTER_IDS_PER_SUBNET - 1) / CANISTER_IDS_PER_SUBNET * CANISTER_IDS_PER_SUBNET;
    routes.computeIfAbsent(id, k -> new ArrayList<>()).add(new IndexRange(next, next + CANISTER_IDS_PER_SUBNET - 1));
    m.add(upsert(RegistryKeys.ROUTING_TABLE, routingTable(routes)));
    if (p.startAsNns() && store.getLatest(RegistryKeys.NNS_SUBNET_ID).isEmpty()) {
      m.add(insert(RegistryKeys.NNS_SUBNET_ID, org.jicp.nns.registry.pb.SubnetId.newBuilder()
          .setPrincipalId(PrincipalId.newBuilder().setRaw(bytes(id.principal()))).build()));
    }
    apply(m);
    return id;
  }

  /** {@code add_nodes_to_subnet}: unassigned nodes join the subnet. */
  public RegistryVersion addNodesToSubnet(AddNodesToSubnetPayload p) {
    SubnetId id = new SubnetId(p.subnetId());
    SubnetRecord r = subnet(id);
    List<NodeId> nodes = distinctNodes(p.nodeIds(), "add-nodes");
    requireUnassigned(nodes);
    SubnetRecord.Builder b = r.toBuilder();
    for (NodeId n : nodes) {
      b.addMembership(bytes(n.principal()));
    }
    return apply(List.of(update(RegistryKeys.subnetRecord(id), b.build())));
  }

  /** {@code remove_nodes_from_subnet}: each node leaves its subnet (a subnet may not become empty). */
  public RegistryVersion removeNodesFromSubnet(RemoveNodesFromSubnetPayload p) {
    List<NodeId> nodes = distinctNodes(p.nodeIds(), "remove-nodes");
    Map<SubnetId, SubnetRecord.Builder> changed = new TreeMap<>();
    for (NodeId n : nodes) {
      SubnetId s = subnetOf(n).orElseThrow(() -> new InvariantViolationException(
          "node-assigned", "node " + n + " is in no subnet"));
      SubnetRecord.Builder b = changed.computeIfAbsent(s, k -> subnet(k).toBuilder());
      List<ByteString> members = new ArrayList<>(b.getMembershipList());
      members.remove(bytes(n.principal()));
      b.clearMembership().addAllMembership(members);
    }
    List<RegistryMutation> m = new ArrayList<>();
    changed.forEach((s, b) -> m.add(update(RegistryKeys.subnetRecord(s), b.build())));
    return apply(m);
  }

  /** {@code change_subnet_membership}: adds unassigned nodes and removes members, atomically. */
  public RegistryVersion changeSubnetMembership(ChangeSubnetMembershipPayload p) {
    SubnetId id = new SubnetId(p.subnetId());
    SubnetRecord r = subnet(id);
    List<NodeId> add = distinctNodes(p.nodeIdsAdd(), "change-membership-add");
    List<NodeId> remove = distinctNodes(p.nodeIdsRemove(), "change-membership-remove");
    requireUnassigned(add);
    List<ByteString> members = new ArrayList<>(r.getMembershipList());
    for (NodeId n : remove) {
      if (!members.remove(bytes(n.principal()))) {
        throw new InvariantViolationException("node-assigned", "node " + n + " is not a member of subnet " + id);
      }
    }
    for (NodeId n : add) {
      members.add(bytes(n.principal()));
    }
    return apply(List.of(update(RegistryKeys.subnetRecord(id), r.toBuilder().clearMembership().addAllMembership(members).build())));
  }

  /** {@code update_subnet}: parameters, halting, features, SSH keys; absent fields are unchanged. */
  public RegistryVersion updateSubnet(UpdateSubnetPayload p) {
    SubnetId id = new SubnetId(p.subnetId());
    SubnetRecord.Builder b = subnet(id).toBuilder();
    p.maxIngressBytesPerMessage().ifPresent(b::setMaxIngressBytesPerMessage);
    p.maxIngressMessagesPerBlock().ifPresent(b::setMaxIngressMessagesPerBlock);
    p.maxBlockPayloadSize().ifPresent(b::setMaxBlockPayloadSize);
    p.unitDelayMillis().ifPresent(b::setUnitDelayMillis);
    p.initialNotaryDelayMillis().ifPresent(b::setInitialNotaryDelayMillis);
    p.dkgIntervalLength().ifPresent(b::setDkgIntervalLength);
    p.dkgDealingsPerBlock().ifPresent(b::setDkgDealingsPerBlock);
    p.isHalted().ifPresent(b::setIsHalted);
    p.haltAtCupHeight().ifPresent(b::setHaltAtCupHeight);
    p.maxNumberOfCanisters().ifPresent(b::setMaxNumberOfCanisters);
    p.features().ifPresent(f -> b.setFeatures(features(f)));
    p.sshReadonlyAccess().ifPresent(l -> b.clearSshReadonlyAccess().addAllSshReadonlyAccess(l));
    p.sshBackupAccess().ifPresent(l -> b.clearSshBackupAccess().addAllSshBackupAccess(l));
    checkParameters(b.getDkgIntervalLength(), b.getUnitDelayMillis(), b.getMaxIngressBytesPerMessage(), b.getMaxBlockPayloadSize());
    return apply(List.of(update(RegistryKeys.subnetRecord(id), b.build())));
  }

  /** Validates {@code recover_subnet} and returns the nodes of the recovery DKG. */
  public List<NodeId> dkgNodesForRecoverSubnet(RecoverSubnetPayload p) {
    SubnetId id = new SubnetId(p.subnetId());
    subnet(id);
    if (p.replacementNodes().isEmpty()) {
      return members(id);
    }
    List<NodeId> nodes = distinctNodes(p.replacementNodes().get(), "recover-replacement-nodes");
    for (NodeId n : nodes) {
      Optional<SubnetId> s = subnetOf(n);
      if (s.isPresent() && !s.get().equals(id)) {
        throw new InvariantViolationException("node-in-at-most-one-subnet", "replacement node " + n + " is in subnet " + s.get());
      }
      if (nodeRecord(n).isEmpty()) {
        throw new InvariantViolationException("subnet-members-exist", "replacement node " + n + " is not registered");
      }
    }
    return nodes;
  }

  /** {@code recover_subnet} with {@code dkg}. */
  public RegistryVersion recoverSubnet(RecoverSubnetPayload p, InitialDkg dkg) {
    return recoverSubnet(p, dkg.setupInitialDkg(dkgNodesForRecoverSubnet(p), latestVersion()));
  }

  /**
   * {@code recover_subnet} ({@code do_recover_subnet.rs}): recovery catch-up package contents at the
   * given height, time and state hash with fresh DKG transcripts, optionally new members; clears
   * {@code halt_at_cup_height} (the halted flag is left to {@code update_subnet}).
   */
  public RegistryVersion recoverSubnet(RecoverSubnetPayload p, InitialDkgResult dkg) {
    List<NodeId> nodes = dkgNodesForRecoverSubnet(p);
    SubnetId id = new SubnetId(p.subnetId());
    SubnetRecord.Builder r = subnet(id).toBuilder().setHaltAtCupHeight(false);
    if (p.replacementNodes().isPresent()) {
      r.clearMembership();
      nodes.forEach(n -> r.addMembership(bytes(n.principal())));
    }
    ByteString hash = ByteString.copyFrom(p.stateHash().toByteArray());
    CatchUpPackageContents c = cup(dkg)
        .setHeight(p.height()).setTime(p.timeNs()).setStateHash(hash)
        .setRecovery(RecoveryArgs.newBuilder().setHeight(p.height()).setTime(p.timeNs()).setStateHash(hash))
        .build();
    return apply(List.of(
        update(RegistryKeys.subnetRecord(id), r.build()),
        update(RegistryKeys.thresholdSigningKey(id), thresholdKey(dkg)),
        update(RegistryKeys.cupContents(id), c)));
  }

  /** The node lists of a split: the source's remaining nodes and the destination's nodes. */
  public record SplitNodes(List<NodeId> source, List<NodeId> destination) {}

  /**
   * Validates {@code split_subnet} as {@code do_split_subnet.rs} does: an unhalted application
   * (or verified application) subnet, exactly half of its nodes to the destination, at least one
   * and not all of its ranges, no split or migration already in progress for it.
   */
  public SplitNodes dkgNodesForSplit(SplitSubnetPayload p) {
    SubnetId source = new SubnetId(p.sourceSubnetId());
    SubnetRecord r = subnet(source);
    SubnetType type = SubnetType.fromProtoNumber(r.getSubnetType().getNumber());
    if (type != SubnetType.APPLICATION && type != SubnetType.VERIFIED_APPLICATION) {
      throw new InvariantViolationException("split-source-type", "subnets of type " + type + " may not be split");
    }
    if (r.getIsHalted()) {
      throw new InvariantViolationException("split-source-not-halted", "a halted subnet cannot be split");
    }
    List<NodeId> members = members(source);
    List<NodeId> dest = distinctNodes(p.destinationNodeIds(), "split-destination-nodes");
    if (2 * dest.size() != members.size()) {
      throw new InvariantViolationException("split-equal-halves",
          "the destination gets " + dest.size() + " of the source's " + members.size() + " nodes, not half");
    }
    for (NodeId n : dest) {
      if (!members.contains(n)) {
        throw new InvariantViolationException("split-destination-nodes", "node " + n + " is not a member of the source subnet");
      }
    }
    List<IndexRange> moving = ranges(p.destinationCanisterRanges(), "split-ranges");
    if (moving.isEmpty()) {
      throw new InvariantViolationException("split-ranges", "at least one canister range must move");
    }
    List<IndexRange> hosted = routes().getOrDefault(source, List.of());
    for (IndexRange x : moving) {
      if (!IndexRange.covers(hosted, x)) {
        throw new InvariantViolationException("split-ranges", "range " + x + " is not hosted by the source subnet");
      }
    }
    boolean all = true;
    for (IndexRange h : hosted) {
      all &= IndexRange.covers(moving, h);
    }
    if (all) {
      throw new InvariantViolationException("split-ranges", "not all canister ranges may leave the source subnet");
    }
    for (CanisterMigrations.Entry e : canisterMigrations().getEntriesList()) {
      for (org.jicp.nns.registry.pb.SubnetId s : e.getSubnetIdsList()) {
        if (Principal.fromBytes(s.getPrincipalId().getRaw().toByteArray()).equals(source.principal())) {
          throw new InvariantViolationException("split-one-at-a-time", "subnet " + source + " is already migrating canisters");
        }
      }
    }
    List<NodeId> remaining = new ArrayList<>(members);
    remaining.removeAll(dest);
    return new SplitNodes(remaining, dest);
  }

  /** {@code split_subnet} with {@code dkg} for both halves. */
  public SubnetId splitSubnet(SplitSubnetPayload p, InitialDkg dkg) {
    SplitNodes n = dkgNodesForSplit(p);
    return splitSubnet(p, dkg.setupInitialDkg(n.source(), latestVersion()), dkg.setupInitialDkg(n.destination(), latestVersion()));
  }

  /**
   * {@code split_subnet} ({@code do_split_subnet.rs}): a new subnet with half of the source's nodes
   * and a copy of its parameters, a genesis CUP for it, a post-split CUP ({@code
   * subnet_splitting}) and new key for the source, the moved ranges rerouted to the new subnet and
   * recorded in {@code canister_migrations} (removed by {@link #completeCanisterMigration}).
   *
   * @return the new subnet's id
   */
  public SubnetId splitSubnet(SplitSubnetPayload p, InitialDkgResult sourceDkg, InitialDkgResult destinationDkg) {
    SplitNodes n = dkgNodesForSplit(p);
    SubnetId source = new SubnetId(p.sourceSubnetId());
    SubnetId dest = destinationDkg.freshSubnetId();
    if (store.getLatest(RegistryKeys.subnetRecord(dest)).isPresent() || dest.equals(source)) {
      throw new InvariantViolationException("subnet-id-unique", "subnet " + dest + " already exists");
    }
    SubnetRecord src = subnet(source);
    SubnetRecord.Builder srcB = src.toBuilder().clearMembership();
    n.source().forEach(x -> srcB.addMembership(bytes(x.principal())));
    SubnetRecord.Builder dstB = src.toBuilder().clearMembership().setStartAsNns(false).setIsHalted(false).setHaltAtCupHeight(false);
    n.destination().forEach(x -> dstB.addMembership(bytes(x.principal())));
    List<SubnetId> list = new ArrayList<>(subnetIds());
    list.add(dest);
    List<IndexRange> moving = ranges(p.destinationCanisterRanges(), "split-ranges");
    Map<SubnetId, List<IndexRange>> routes = reroute(routes(), moving, dest);
    CanisterMigrations.Builder mig = canisterMigrations().toBuilder();
    for (IndexRange r : moving) {
      mig.addEntries(CanisterMigrations.Entry.newBuilder().setRange(r.toProto())
          .addSubnetIds(subnetIdPb(source)).addSubnetIds(subnetIdPb(dest)));
    }
    return applyReturning(dest, List.of(
        update(RegistryKeys.SUBNET_LIST, subnetList(list)),
        update(RegistryKeys.subnetRecord(source), srcB.build()),
        update(RegistryKeys.thresholdSigningKey(source), thresholdKey(sourceDkg)),
        update(RegistryKeys.cupContents(source), cup(sourceDkg)
            .setSubnetSplitting(SubnetSplittingArgs.newBuilder().setDestinationSubnetId(subnetIdPb(dest))).build()),
        insert(RegistryKeys.subnetRecord(dest), dstB.build()),
        insert(RegistryKeys.thresholdSigningKey(dest), thresholdKey(destinationDkg)),
        insert(RegistryKeys.cupContents(dest), cup(destinationDkg).setGenesis(GenesisArgs.newBuilder()).build()),
        upsert(RegistryKeys.ROUTING_TABLE, routingTable(routes)),
        upsert(RegistryKeys.CANISTER_MIGRATIONS, mig.build())));
  }

  /**
   * Validates {@code merge_subnets}: two distinct subnets of the same type, the source neither a
   * system subnet nor hosting ranges under migration. Returns the merged membership (destination's
   * nodes, then the source's), which gets the recovery DKG.
   */
  public List<NodeId> dkgNodesForMerge(MergeSubnetsPayload p) {
    SubnetId source = new SubnetId(p.sourceSubnet());
    SubnetId dest = new SubnetId(p.destinationSubnet());
    if (source.equals(dest)) {
      throw new InvariantViolationException("merge-distinct-subnets", "a subnet cannot be merged into itself");
    }
    SubnetType st = subnetType(source);
    SubnetType dt = subnetType(dest);
    if (st == SubnetType.SYSTEM) {
      throw new InvariantViolationException("merge-source-not-system", "a system subnet cannot be retired by a merge");
    }
    if (st != dt) {
      throw new InvariantViolationException("merge-same-type", "cannot merge a " + st + " subnet into a " + dt + " subnet");
    }
    List<IndexRange> hosted = routes().getOrDefault(source, List.of());
    for (CanisterMigrations.Entry e : canisterMigrations().getEntriesList()) {
      IndexRange r = IndexRange.of(e.getRange());
      for (IndexRange h : hosted) {
        if (h.overlaps(r)) {
          throw new InvariantViolationException("merge-no-ongoing-migration",
              "range " + r + " of the source subnet is still migrating");
        }
      }
    }
    List<NodeId> merged = new ArrayList<>(members(dest));
    merged.addAll(members(source));
    return merged;
  }

  /** {@code merge_subnets} with {@code dkg}. */
  public RegistryVersion mergeSubnets(MergeSubnetsPayload p, InitialDkg dkg) {
    return mergeSubnets(p, dkg.setupInitialDkg(dkgNodesForMerge(p), latestVersion()));
  }

  /**
   * {@code merge_subnets}, the inverse of a split: every range of the source subnet is rerouted to
   * the destination, the source's nodes join the destination, which gets recovery catch-up package
   * contents (height, time, state hash of the merged state) with fresh DKG transcripts for the
   * merged membership, and the source subnet is retired: removed from {@code subnet_list} with its
   * record, catch-up package contents and key. (The IC's {@code merge_subnets.rs} keeps the source
   * record and its nodes; jicp retires it, as the inverse of a split.)
   */
  public RegistryVersion mergeSubnets(MergeSubnetsPayload p, InitialDkgResult dkg) {
    List<NodeId> merged = dkgNodesForMerge(p);
    SubnetId source = new SubnetId(p.sourceSubnet());
    SubnetId dest = new SubnetId(p.destinationSubnet());
    SubnetRecord.Builder d = subnet(dest).toBuilder().clearMembership().setIsHalted(false).setHaltAtCupHeight(false);
    merged.forEach(x -> d.addMembership(bytes(x.principal())));
    Map<SubnetId, List<IndexRange>> routes = routes();
    List<IndexRange> moving = routes.getOrDefault(source, List.of());
    routes = reroute(routes, moving, dest);
    List<SubnetId> list = new ArrayList<>(subnetIds());
    list.remove(source);
    ByteString hash = ByteString.copyFrom(p.stateHash().toByteArray());
    CatchUpPackageContents c = cup(dkg)
        .setHeight(p.height()).setTime(p.timeNs()).setStateHash(hash)
        .setRecovery(RecoveryArgs.newBuilder().setHeight(p.height()).setTime(p.timeNs()).setStateHash(hash))
        .build();
    return apply(List.of(
        update(RegistryKeys.SUBNET_LIST, subnetList(list)),
        update(RegistryKeys.subnetRecord(dest), d.build()),
        update(RegistryKeys.thresholdSigningKey(dest), thresholdKey(dkg)),
        update(RegistryKeys.cupContents(dest), c),
        upsert(RegistryKeys.ROUTING_TABLE, routingTable(routes)),
        delete(RegistryKeys.subnetRecord(source)),
        delete(RegistryKeys.thresholdSigningKey(source)),
        delete(RegistryKeys.cupContents(source))));
  }

  /** {@code prepare_canister_migration}: records ranges migrating from source to destination. */
  public RegistryVersion prepareCanisterMigration(PrepareCanisterMigrationPayload p) {
    SubnetId source = new SubnetId(p.sourceSubnet());
    SubnetId dest = new SubnetId(p.destinationSubnet());
    subnet(source);
    subnet(dest);
    List<IndexRange> moving = ranges(p.canisterIdRanges(), "migration-ranges");
    List<IndexRange> hosted = routes().getOrDefault(source, List.of());
    for (IndexRange r : moving) {
      if (!IndexRange.covers(hosted, r)) {
        throw new InvariantViolationException("migration-ranges", "range " + r + " is not hosted by " + source);
      }
    }
    CanisterMigrations.Builder mig = canisterMigrations().toBuilder();
    for (IndexRange r : moving) {
      mig.addEntries(CanisterMigrations.Entry.newBuilder().setRange(r.toProto())
          .addSubnetIds(subnetIdPb(source)).addSubnetIds(subnetIdPb(dest)));
    }
    return apply(List.of(upsert(RegistryKeys.CANISTER_MIGRATIONS, mig.build())));
  }

  /**
   * {@code reroute_canister_ranges}: routes ranges from source to destination; the ranges must be
   * under a prepared migration with that trace.
   */
  public RegistryVersion rerouteCanisterRanges(RerouteCanisterRangesPayload p) {
    SubnetId source = new SubnetId(p.sourceSubnet());
    SubnetId dest = new SubnetId(p.destinationSubnet());
    subnet(dest);
    List<IndexRange> moving = ranges(p.reassignedCanisterRanges(), "reroute-ranges");
    List<IndexRange> hosted = routes().getOrDefault(source, List.of());
    List<IndexRange> migrating = new ArrayList<>();
    for (CanisterMigrations.Entry e : canisterMigrations().getEntriesList()) {
      if (e.getSubnetIdsCount() == 2
          && Principal.fromBytes(e.getSubnetIds(0).getPrincipalId().getRaw().toByteArray()).equals(source.principal())
          && Principal.fromBytes(e.getSubnetIds(1).getPrincipalId().getRaw().toByteArray()).equals(dest.principal())) {
        migrating.add(IndexRange.of(e.getRange()));
      }
    }
    for (IndexRange r : moving) {
      if (!IndexRange.covers(hosted, r)) {
        throw new InvariantViolationException("reroute-ranges", "range " + r + " is not routed to " + source);
      }
      if (!IndexRange.covers(migrating, r)) {
        throw new InvariantViolationException("reroute-requires-migration",
            "range " + r + " has no prepared migration from " + source + " to " + dest);
      }
    }
    return apply(List.of(upsert(RegistryKeys.ROUTING_TABLE, routingTable(reroute(routes(), moving, dest)))));
  }

  /** {@code complete_canister_migration}: removes the migration entries of the ranges. */
  public RegistryVersion completeCanisterMigration(CompleteCanisterMigrationPayload p) {
    List<IndexRange> done = ranges(p.canisterIdRanges(), "migration-ranges");
    if (p.migrationTrace().size() != 2) {
      throw new InvariantViolationException("migration-trace", "a migration trace has two subnets");
    }
    CanisterMigrations.Builder mig = CanisterMigrations.newBuilder();
    int removed = 0;
    for (CanisterMigrations.Entry e : canisterMigrations().getEntriesList()) {
      IndexRange r = IndexRange.of(e.getRange());
      boolean sameTrace = e.getSubnetIdsCount() == 2
          && Principal.fromBytes(e.getSubnetIds(0).getPrincipalId().getRaw().toByteArray()).equals(p.migrationTrace().get(0))
          && Principal.fromBytes(e.getSubnetIds(1).getPrincipalId().getRaw().toByteArray()).equals(p.migrationTrace().get(1));
      if (sameTrace && done.contains(r)) {
        removed++;
      } else {
        mig.addEntries(e);
      }
    }
    if (removed != done.size()) {
      throw new InvariantViolationException("migration-ranges", "not every range has a migration with that trace");
    }
    CanisterMigrations left = mig.build();
    return apply(List.of(left.getEntriesCount() == 0
        ? delete(RegistryKeys.CANISTER_MIGRATIONS)
        : update(RegistryKeys.CANISTER_MIGRATIONS, left)));
  }

  // ------------------------------------------------------------------ participants and nodes

  /** {@code add_or_remove_data_centers}. */
  public RegistryVersion addOrRemoveDataCenters(AddOrRemoveDataCentersProposalPayload p) {
    List<RegistryMutation> m = new ArrayList<>();
    for (RegistryPayloads.DataCenterRecord dc : p.dataCentersToAdd()) {
      if (dc.id().isEmpty() || dc.id().length() > 255) {
        throw new InvariantViolationException("data-center-id", "a data center id has 1 to 255 characters");
      }
      DataCenterRecord.Builder b = DataCenterRecord.newBuilder().setId(dc.id()).setRegion(dc.region()).setOwner(dc.owner());
      dc.gps().ifPresent(g -> b.setGps(Gps.newBuilder().setLatitude(g.latitude()).setLongitude(g.longitude())));
      if (store.getLatest(RegistryKeys.dataCenter(dc.id())).isPresent()) {
        throw new InvariantViolationException("data-center-unique", "data center '" + dc.id() + "' already exists");
      }
      m.add(insert(RegistryKeys.dataCenter(dc.id()), b.build()));
    }
    for (String id : p.dataCentersToRemove()) {
      if (store.getLatest(RegistryKeys.dataCenter(id)).isEmpty()) {
        throw new InvariantViolationException("data-center-exists", "data center '" + id + "' does not exist");
      }
      m.add(delete(RegistryKeys.dataCenter(id)));
    }
    return apply(m);
  }

  /** {@code add_node_operator} (AssignNoid): a node operator with its node allowance. */
  public RegistryVersion addNodeOperator(AddNodeOperatorPayload p) {
    Principal op = p.nodeOperatorPrincipalId().orElseThrow(() ->
        new InvariantViolationException("node-operator-id", "the node operator principal is required"));
    Principal provider = p.nodeProviderPrincipalId().orElseThrow(() ->
        new InvariantViolationException("node-provider-id", "the node provider principal is required"));
    NodeOperatorRecord r = NodeOperatorRecord.newBuilder()
        .setNodeOperatorPrincipalId(bytes(op))
        .setNodeAllowance(p.nodeAllowance())
        .setNodeProviderPrincipalId(bytes(provider))
        .setDcId(p.dcId())
        .putAllRewardableNodes(p.rewardableNodes())
        .build();
    if (nodeOperator(op).isPresent()) {
      throw new InvariantViolationException("node-operator-unique", "node operator " + op + " already exists");
    }
    return apply(List.of(insert(RegistryKeys.nodeOperatorRecord(op), r)));
  }

  /** {@code update_node_operator_config}: allowance, data center, rewardable nodes. */
  public RegistryVersion updateNodeOperatorConfig(UpdateNodeOperatorConfigPayload p) {
    Principal op = p.nodeOperatorId().orElseThrow(() ->
        new InvariantViolationException("node-operator-id", "the node operator principal is required"));
    NodeOperatorRecord.Builder b = nodeOperator(op).orElseThrow(() ->
        new InvariantViolationException("node-operator-exists", "node operator " + op + " does not exist")).toBuilder();
    p.nodeAllowance().ifPresent(b::setNodeAllowance);
    p.dcId().ifPresent(b::setDcId);
    if (!p.rewardableNodes().isEmpty()) {
      b.clearRewardableNodes().putAllRewardableNodes(p.rewardableNodes());
    }
    return apply(List.of(update(RegistryKeys.nodeOperatorRecord(op), b.build())));
  }

  /**
   * {@code add_node}, called by a node operator with allowance left: registers the node record and
   * its keys and decrements the allowance. The committee key's proof of possession is verified
   * (rule {@code committee-key-pop}), and so is the NI-DKG dealing encryption key's, bound to the
   * node id ({@value DealingEncryptionKeys#RULE_POP}; a record that does not decode: {@value
   * DealingEncryptionKeys#RULE_MALFORMED}).
   *
   * @return the node id, derived from the node signing key
   * @throws UnauthorizedCallerException if the caller is not a node operator
   */
  public NodeId addNode(Principal caller, AddNodePayload p) {
    NodeOperatorRecord op = nodeOperator(caller).orElseThrow(() ->
        new UnauthorizedCallerException(caller, "add nodes: it is not a node operator"));
    if (op.getNodeAllowance() == 0) {
      throw new InvariantViolationException("node-allowance", "node operator " + caller + " has no node allowance left");
    }
    PublicKey signing = RegistryInvariants.decode(PublicKey.parser(), p.nodeSigningPk(), "node_signing_pk");
    PublicKey committee = RegistryInvariants.decode(PublicKey.parser(), p.committeeSigningPk(), "committee_signing_pk");
    PublicKey dkg = RegistryInvariants.decode(PublicKey.parser(), p.niDkgDealingEncryptionPk(), "ni_dkg_dealing_encryption_pk");
    Bytes ed = Bytes.of(signing.getKeyValue().toByteArray());
    if (signing.getAlgorithm() != AlgorithmId.ALGORITHM_ID_ED25519 || ed.length() != 32) {
      throw new InvariantViolationException("node-signing-key", "the node signing key is not a 32-byte Ed25519 key");
    }
    NodeId node = NodeKeys.nodeIdOf(ed);
    if (nodeRecord(node).isPresent()) {
      throw new InvariantViolationException("node-unique", "node " + node + " is already registered");
    }
    verifyCommitteeKey(committee);
    DealingEncryptionKeys.verified(dkg, node);
    NodeRecord record = NodeRecord.newBuilder()
        .setXnet(endpoint(p.xnetEndpoint()))
        .setHttp(endpoint(p.httpEndpoint()))
        .setNodeOperatorId(bytes(caller))
        .build();
    return applyReturning(node, List.of(
        insert(RegistryKeys.nodeRecord(node), record),
        upsert(RegistryKeys.cryptoRecord(node, KeyPurpose.NODE_SIGNING), signing),
        upsert(RegistryKeys.cryptoRecord(node, KeyPurpose.COMMITTEE_SIGNING), committee),
        upsert(RegistryKeys.cryptoRecord(node, KeyPurpose.DKG_DEALING_ENCRYPTION), dkg),
        upsert(RegistryKeys.tlsCert(node), X509PublicKeyCert.newBuilder()
            .setCertificateDer(ByteString.copyFrom(p.transportTlsCert().toByteArray())).build()),
        update(RegistryKeys.nodeOperatorRecord(caller), op.toBuilder().setNodeAllowance(op.getNodeAllowance() - 1).build())));
  }

  private static void verifyCommitteeKey(PublicKey committee) {
    if (committee.getAlgorithm() != AlgorithmId.ALGORITHM_ID_MULTI_BLS12_381 || !committee.hasProofData()) {
      throw new InvariantViolationException("committee-key-pop", "the committee signing key is not a BLS key with a PoP");
    }
    try {
      boolean ok = BlsScheme.IC_MULTI.popVerify(
          BlsScheme.IC_MULTI.publicKeyFromBytes(committee.getKeyValue().toByteArray()),
          BlsScheme.IC_MULTI.signatureFromBytes(committee.getProofData().getValue().toByteArray()));
      if (!ok) {
        throw new InvariantViolationException("committee-key-pop", "the committee signing key's proof of possession does not verify");
      }
    } catch (org.jicp.crypto.CryptoException e) {
      throw new InvariantViolationException("committee-key-pop", "the committee signing key does not decode: " + e.getMessage());
    }
  }

  /** {@code remove_nodes}: unassigned nodes leave the registry; their operators regain allowance. */
  public RegistryVersion removeNodes(RemoveNodesPayload p) {
    List<NodeId> nodes = distinctNodes(p.nodeIds(), "remove-nodes");
    Map<Principal, NodeOperatorRecord.Builder> ops = new TreeMap<>();
    List<RegistryMutation> m = new ArrayList<>();
    for (NodeId n : nodes) {
      NodeRecord r = nodeRecord(n).orElseThrow(() -> new InvariantViolationException("node-exists", "node " + n + " is not registered"));
      if (subnetOf(n).isPresent()) {
        throw new InvariantViolationException("node-unassigned", "node " + n + " is in subnet " + subnetOf(n).get());
      }
      Principal op = Principal.fromBytes(r.getNodeOperatorId().toByteArray());
      NodeOperatorRecord.Builder b = ops.computeIfAbsent(op, k -> nodeOperator(k).orElseThrow().toBuilder());
      b.setNodeAllowance(b.getNodeAllowance() + 1);
      m.add(delete(RegistryKeys.nodeRecord(n)));
      for (KeyPurpose kp : List.of(KeyPurpose.NODE_SIGNING, KeyPurpose.COMMITTEE_SIGNING, KeyPurpose.DKG_DEALING_ENCRYPTION)) {
        if (store.getLatest(RegistryKeys.cryptoRecord(n, kp)).isPresent()) {
          m.add(delete(RegistryKeys.cryptoRecord(n, kp)));
        }
      }
      if (store.getLatest(RegistryKeys.tlsCert(n)).isPresent()) {
        m.add(delete(RegistryKeys.tlsCert(n)));
      }
    }
    ops.forEach((op, b) -> m.add(update(RegistryKeys.nodeOperatorRecord(op), b.build())));
    return apply(m);
  }

  /** {@code revise_elected_guestos_versions}: elect a version and/or unelect unused ones. */
  public RegistryVersion reviseElectedGuestosVersions(ReviseElectedGuestosVersionsPayload p) {
    Set<String> elected = new LinkedHashSet<>(electedReplicaVersions());
    List<RegistryMutation> m = new ArrayList<>();
    if (p.replicaVersionToElect().isPresent()) {
      String v = p.replicaVersionToElect().get();
      if (v.isEmpty() || p.releasePackageSha256Hex().isEmpty() || p.releasePackageUrls().isEmpty()) {
        throw new InvariantViolationException("replica-version-record", "an elected version needs an id, a hash and URLs");
      }
      if (!elected.add(v)) {
        throw new InvariantViolationException("replica-version-unique", "version '" + v + "' is already elected");
      }
      m.add(upsert(RegistryKeys.replicaVersion(v), ReplicaVersionRecord.newBuilder()
          .setReleasePackageSha256Hex(p.releasePackageSha256Hex().get())
          .setReleasePackageUrl(p.releasePackageUrls().get(0)).build()));
    }
    for (String v : p.replicaVersionsToUnelect()) {
      if (!elected.remove(v)) {
        throw new InvariantViolationException("replica-version-exists", "version '" + v + "' is not elected");
      }
      m.add(delete(RegistryKeys.replicaVersion(v)));
    }
    m.add(upsert(RegistryKeys.BLESSED_REPLICA_VERSIONS, BlessedReplicaVersions.newBuilder().addAllBlessedVersionIds(elected).build()));
    return apply(m);
  }

  /** {@code deploy_guestos_to_all_subnet_nodes}: the subnet switches to an elected version. */
  public RegistryVersion deployGuestosToAllSubnetNodes(DeployGuestosToAllSubnetNodesPayload p) {
    SubnetId id = new SubnetId(p.subnetId());
    return apply(List.of(update(RegistryKeys.subnetRecord(id), subnet(id).toBuilder().setReplicaVersionId(p.replicaVersionId()).build())));
  }

  /** {@code update_node_rewards_table}: the given regions' rates replace the old ones. */
  public RegistryVersion updateNodeRewardsTable(UpdateNodeRewardsTableProposalPayload p) {
    NodeRewardsTable.Builder t = nodeRewardsTable().toBuilder();
    p.newEntries().forEach((region, rates) -> {
      NodeRewardRates.Builder rb = NodeRewardRates.newBuilder();
      rates.rates().forEach((type, rate) -> {
        NodeRewardRate.Builder b = NodeRewardRate.newBuilder().setXdrPermyriadPerNodePerMonth(rate.xdrPermyriadPerNodePerMonth());
        rate.rewardCoefficientPercent().ifPresent(b::setRewardCoefficientPercent);
        rb.putRates(type, b.build());
      });
      t.putTable(region, rb.build());
    });
    return apply(List.of(upsert(RegistryKeys.NODE_REWARDS_TABLE, t.build())));
  }

  /** The node rewards table. */
  public NodeRewardsTable nodeRewardsTable() {
    return store.getLatest(RegistryKeys.NODE_REWARDS_TABLE)
        .map(b -> RegistryInvariants.decode(NodeRewardsTable.parser(), b, RegistryKeys.NODE_REWARDS_TABLE))
        .orElse(NodeRewardsTable.getDefaultInstance());
  }

  /** {@code set_firewall_config}. */
  public RegistryVersion setFirewallConfig(SetFirewallConfigPayload p) {
    return apply(List.of(upsert(RegistryKeys.FIREWALL_CONFIG, FirewallConfig.newBuilder()
        .setFirewallConfig(p.firewallConfig()).addAllIpv4Prefixes(p.ipv4Prefixes()).addAllIpv6Prefixes(p.ipv6Prefixes()).build())));
  }

  /**
   * {@code get_node_providers_monthly_xdr_rewards}, as {@code calculate_rewards_v0}: for each node
   * operator, its rewardable nodes times the rate of their type in its data center's region; for
   * {@code type3*} nodes each further node of a provider in the same country earns {@code
   * reward_coefficient_percent} (default 80) of the previous one. A missing rate counts 1 permyriad.
   *
   * @return XDR permyriad per month, keyed by node provider principal text
   */
  public Map<String, Long> nodeProvidersMonthlyXdrRewards() {
    NodeRewardsTable table = nodeRewardsTable();
    Map<String, Long> rewards = new TreeMap<>();
    Map<String, Double> coefficients = new TreeMap<>();
    for (Map.Entry<String, Bytes> e : store.latestWithPrefix(RegistryKeys.NODE_OPERATOR_RECORD_PREFIX).entrySet()) {
      NodeOperatorRecord op = RegistryInvariants.decode(NodeOperatorRecord.parser(), e.getValue(), e.getKey());
      String provider = Principal.fromBytes(op.getNodeProviderPrincipalId().toByteArray()).toText();
      Optional<Bytes> dcBytes = store.getLatest(RegistryKeys.dataCenter(op.getDcId()));
      if (dcBytes.isEmpty()) {
        continue;
      }
      String region = RegistryInvariants.decode(DataCenterRecord.parser(), dcBytes.get(), op.getDcId()).getRegion();
      long total = rewards.getOrDefault(provider, 0L);
      for (Map.Entry<String, Integer> rn : new TreeMap<>(op.getRewardableNodesMap()).entrySet()) {
        NodeRewardRate rate = table.getTableMap().containsKey(region)
            ? table.getTableMap().get(region).getRatesMap().get(rn.getKey())
            : null;
        long base = rate == null ? 1 : rate.getXdrPermyriadPerNodePerMonth();
        int count = rn.getValue();
        if (rn.getKey().startsWith("type3")) {
          String[] parts = region.split(",", 3);
          String key = provider + ":" + parts[0] + (parts.length > 1 ? ":" + parts[1] : "");
          double coeff = coefficients.getOrDefault(key, 1.0);
          double percent = (rate != null && rate.hasRewardCoefficientPercent() ? rate.getRewardCoefficientPercent() : 80) / 100.0;
          for (int i = 0; i < count; i++) {
            total += (long) (base * coeff);
            coeff *= percent;
          }
          coefficients.put(key, coeff);
        } else {
          total += Math.multiplyExact(base, (long) count);
        }
      }
      rewards.put(provider, total);
    }
    return rewards;
  }

  // ------------------------------------------------------------------ helpers

  private SubnetRecord subnet(SubnetId id) {
    return subnetRecord(id).orElseThrow(() -> new InvariantViolationException("subnet-exists", "subnet " + id + " does not exist"));
  }

  private <T> T applyReturning(T result, List<RegistryMutation> m) {
    apply(m);
    return result;
  }

  private static void checkParameters(long dkgInterval, long unitDelay, long maxIngress, long maxPayload) {
    if (dkgInterval <= 0) {
      throw new InvariantViolationException("subnet-parameters", "dkg_interval_length must be positive");
    }
    if (unitDelay <= 0) {
      throw new InvariantViolationException("subnet-parameters", "unit_delay_millis must be positive");
    }
    if (maxPayload > 0 && maxIngress > maxPayload) {
      throw new InvariantViolationException("subnet-parameters",
          "max_ingress_bytes_per_message " + maxIngress + " exceeds max_block_payload_size " + maxPayload);
    }
  }

  private List<NodeId> distinctNodes(Collection<Principal> ids, String rule) {
    List<NodeId> out = new ArrayList<>();
    Set<Principal> seen = new HashSet<>();
    for (Principal p : ids) {
      if (!seen.add(p)) {
        throw new InvariantViolationException(rule, "node " + p + " is listed twice");
      }
      NodeId n = new NodeId(p);
      if (nodeRecord(n).isEmpty()) {
        throw new InvariantViolationException("node-exists", "node " + n + " is not registered");
      }
      out.add(n);
    }
    return out;
  }

  private void requireUnassigned(List<NodeId> nodes) {
    for (NodeId n : nodes) {
      Optional<SubnetId> s = subnetOf(n);
      if (s.isPresent()) {
        throw new InvariantViolationException("node-in-at-most-one-subnet", "node " + n + " is already in subnet " + s.get());
      }
    }
  }

  private static List<IndexRange> ranges(List<RegistryPayloads.CanisterIdRange> rs, String rule) {
    List<IndexRange> out = new ArrayList<>();
    for (RegistryPayloads.CanisterIdRange r : rs) {
      out.add(IndexRange.of(r));
    }
    return IndexRange.disjointSorted(out, rule);
  }

  /** The routing table as ranges per subnet (subnets in order, ranges sorted). */
  private Map<SubnetId, List<IndexRange>> routes() {
    Map<SubnetId, List<IndexRange>> out = new TreeMap<>();
    for (RoutingTable.Entry e : routingTable().getEntriesList()) {
      SubnetId s = new SubnetId(Principal.fromBytes(e.getSubnetId().getPrincipalId().getRaw().toByteArray()));
      out.computeIfAbsent(s, k -> new ArrayList<>()).add(IndexRange.of(e.getRange()));
    }
    return out;
  }

  /** Removes {@code moving} from every subnet's ranges and gives them to {@code dest}. */
  private static Map<SubnetId, List<IndexRange>> reroute(Map<SubnetId, List<IndexRange>> routes, List<IndexRange> moving, SubnetId dest) {
    Map<SubnetId, List<IndexRange>> out = new TreeMap<>();
    for (Map.Entry<SubnetId, List<IndexRange>> e : routes.entrySet()) {
      List<IndexRange> left = new ArrayList<>(e.getValue());
      for (IndexRange cut : moving) {
        List<IndexRange> next = new ArrayList<>();
        for (IndexRange r : left) {
          next.addAll(r.minus(cut));
        }
        left = next;
      }
      if (!left.isEmpty()) {
        out.put(e.getKey(), left);
      }
    }
    out.computeIfAbsent(dest, k -> new ArrayList<>()).addAll(moving);
    return out;
  }

  private static RoutingTable routingTable(Map<SubnetId, List<IndexRange>> routes) {
    TreeMap<IndexRange, SubnetId> sorted = new TreeMap<>();
    routes.forEach((s, rs) -> rs.forEach(r -> sorted.put(r, s)));
    RoutingTable.Builder b = RoutingTable.newBuilder();
    // Adjacent ranges of the same subnet are merged, as the IC's routing table does.
    IndexRange pending = null;
    SubnetId pendingSubnet = null;
    for (Map.Entry<IndexRange, SubnetId> e : sorted.entrySet()) {
      IndexRange r = e.getKey();
      if (pending != null && pendingSubnet.equals(e.getValue()) && pending.end() != -1L && pending.end() + 1 == r.start()) {
        pending = new IndexRange(pending.start(), r.end());
        continue;
      }
      if (pending != null) {
        b.addEntries(RoutingTable.Entry.newBuilder().setRange(pending.toProto()).setSubnetId(subnetIdPb(pendingSubnet)));
      }
      pending = r;
      pendingSubnet = e.getValue();
    }
    if (pending != null) {
      b.addEntries(RoutingTable.Entry.newBuilder().setRange(pending.toProto()).setSubnetId(subnetIdPb(pendingSubnet)));
    }
    return b.build();
  }

  static org.jicp.nns.registry.pb.SubnetId subnetIdPb(SubnetId s) {
    return org.jicp.nns.registry.pb.SubnetId.newBuilder()
        .setPrincipalId(PrincipalId.newBuilder().setRaw(bytes(s.principal()))).build();
  }

  private static SubnetListRecord subnetList(List<SubnetId> list) {
    SubnetListRecord.Builder b = SubnetListRecord.newBuilder();
    list.forEach(s -> b.addSubnets(bytes(s.principal())));
    return b.build();
  }

  private static PublicKey thresholdKey(InitialDkgResult dkg) {
    return PublicKey.newBuilder().setAlgorithm(AlgorithmId.ALGORITHM_ID_THRES_BLS12_381)
        .setKeyValue(ByteString.copyFrom(dkg.thresholdPublicKey().toByteArray())).build();
  }

  private static CatchUpPackageContents.Builder cup(InitialDkgResult dkg) {
    return CatchUpPackageContents.newBuilder()
        .setInitialNiDkgTranscriptLowThreshold(dkg.lowThreshold())
        .setInitialNiDkgTranscriptHighThreshold(dkg.highThreshold());
  }

  private static SubnetFeatures features(RegistryPayloads.SubnetFeatures f) {
    SubnetFeatures.Builder b = SubnetFeatures.newBuilder().setCanisterSandboxing(f.canisterSandboxing()).setHttpRequests(f.httpRequests());
    f.sevEnabled().ifPresent(b::setSevEnabled);
    return b.build();
  }

  private static ConnectionEndpoint endpoint(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return ConnectionEndpoint.newBuilder().setIpAddr(hostPort).build();
    }
    try {
      return ConnectionEndpoint.newBuilder().setIpAddr(hostPort.substring(0, colon))
          .setPort(Integer.parseInt(hostPort.substring(colon + 1))).build();
    } catch (NumberFormatException e) {
      throw new InvariantViolationException("node-endpoint", "endpoint '" + hostPort + "' has no valid port");
    }
  }

  static ByteString bytes(Principal p) {
    return ByteString.copyFrom(p.toByteArray());
  }

  /** An INSERT mutation. */
  public static RegistryMutation insert(String key, Message value) {
    return mutation(RegistryMutation.Type.INSERT, key, value.toByteString());
  }

  /** An UPDATE mutation. */
  public static RegistryMutation update(String key, Message value) {
    return mutation(RegistryMutation.Type.UPDATE, key, value.toByteString());
  }

  /** An UPSERT mutation. */
  public static RegistryMutation upsert(String key, Message value) {
    return mutation(RegistryMutation.Type.UPSERT, key, value.toByteString());
  }

  /** A DELETE mutation. */
  public static RegistryMutation delete(String key) {
    return mutation(RegistryMutation.Type.DELETE, key, ByteString.EMPTY);
  }

  private static RegistryMutation mutation(RegistryMutation.Type type, String key, ByteString value) {
    return RegistryMutation.newBuilder().setMutationType(type)
        .setKey(ByteString.copyFrom(key, StandardCharsets.UTF_8)).setValue(value).build();
  }
}
