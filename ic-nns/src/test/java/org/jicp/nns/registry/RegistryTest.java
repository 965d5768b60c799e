package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import org.jicp.types.RegistryVersion;
import org.jicp.nns.registry.pb.NodeRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.UnauthorizedCallerException;
import org.jicp.nns.registry.RegistryPayloads.CanisterIdRange;
import org.jicp.nns.registry.pb.CatchUpPackageContents;
import org.jicp.nns.registry.pb.RoutingTable;
import org.jicp.nns.registry.pb.SubnetListRecord;
import org.jicp.nns.registry.pb.SubnetRecord;
import org.jicp.state.tree.HashTree;
import org.junit.jupiter.api.Test;

class RegistryTest {
  final RegistryFixture f = new RegistryFixture();
  final Registry r = f.registry;

  @Test
  void createSubnet_writesRecordCupKeyListAndFreshRange() {
    assertThat(r.subnetIds()).containsExactly(f.system, f.app);
    SubnetRecord rec = r.subnetRecord(f.app).orElseThrow();
    assertThat(rec.getMembershipCount()).isEqualTo(4);
    assertThat(rec.getDkgIntervalLength()).isEqualTo(499);
    CatchUpPackageContents cup = r.cupContents(f.app).orElseThrow();
    assertThat(cup.hasGenesis()).isTrue();
    assertThat(cup.getInitialNiDkgTranscriptHighThreshold().getCommitteeCount()).isEqualTo(4);
    assertThat(r.thresholdSigningKey(f.app).orElseThrow().getKeyValue().size()).isEqualTo(96);
    assertThat(r.rangesOf(f.system)).containsExactly(CanisterIdRange.ofIndices(0, Registry.CANISTER_IDS_PER_SUBNET - 1));
    assertThat(r.rangesOf(f.app))
        .containsExactly(CanisterIdRange.ofIndices(Registry.CANISTER_IDS_PER_SUBNET, 2 * Registry.CANISTER_IDS_PER_SUBNET - 1));
    assertThat(r.subnetForCanister(Principal.canisterIdFromIndex(4))).contains(f.system);
    assertThat(r.getValue(RegistryKeys.NNS_SUBNET_ID, r.latestVersion())).isPresent();
  }

  @Test
  void createSubnet_withAssignedNode_isRejectedAndRegistryUnchanged() {
    RegistryVersion before = r.latestVersion();
    Bytes data = r.certifiedData();
    List<Principal> nodes = List.of(f.spare.get(0).nodeId().principal(), f.appNodes.get(0).nodeId().principal());
    assertThatThrownBy(() -> r.createSubnet(RegistryPayloads.CreateSubnetPayload.withDefaults(nodes, SubnetType.APPLICATION, RegistryFixture.VERSION), f.dkg))
        .isInstanceOf(InvariantViolationException.class)
        .hasMessageStartingWith("node-in-at-most-one-subnet");
    assertThat(r.latestVersion()).isEqualTo(before);
    assertThat(r.certifiedData()).isEqualTo(data);
  }

  @Test
  void createSubnet_unelectedReplicaVersion_violatesInvariant() {
    assertThatThrownBy(() -> r.createSubnet(RegistryPayloads.CreateSubnetPayload.withDefaults(
            RegistryFixture.ids(f.spare.subList(0, 1)), SubnetType.APPLICATION, "9.9.9"), f.dkg))
        .hasMessageStartingWith("subnet-replica-version-elected");
  }

  @Test
  void atomicMutate_nodeInTwoSubnets_isRejectedNamingTheInvariant() {
    SubnetRecord app = r.subnetRecord(f.app).orElseThrow();
    SubnetRecord sys = r.subnetRecord(f.system).orElseThrow();
    SubnetRecord stolen = sys.toBuilder().addMembership(app.getMembership(0)).build();
    assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.update(RegistryKeys.subnetRecord(f.system), stolen))))
        .isInstanceOf(InvariantViolationException.class)
        .extracting(e -> ((InvariantViolationException) e).rule())
        .isEqualTo("node-in-at-most-one-subnet");
  }

  @Test
  void atomicMutate_overlappingRoutes_violatesRoutingTableDisjointness() {
    RoutingTable t = r.routingTable();
    RoutingTable overlapping = t.toBuilder().addEntries(RoutingTable.Entry.newBuilder()
        .setRange(IndexRange.of(CanisterIdRange.ofIndices(3, 7)).toProto())
        .setSubnetId(Registry.subnetIdPb(f.app))).build();
    assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.update(RegistryKeys.ROUTING_TABLE, overlapping))))
        .hasMessageStartingWith("routing-table-disjoint");
  }

  @Test
  void atomicMutate_nodeRecordUnderAKeyThatIsNoNodeId_violatesNodeRecordKeyAndChangesNothing() {
    // Found by RegistryFuzzTest: such a record passed the invariants, and every later nodeIds()
    // (unassigned nodes, topology) threw InvalidEncodingException from Principal.fromText.
    NodeRecord record = r.nodeRecord(f.spare.get(0).nodeId()).orElseThrow();
    String id = f.spare.get(0).nodeId().principal().toText();
    RegistryVersion before = r.latestVersion();
    for (String suffix : List.of(id.substring(0, id.length() - 1) + "\u0001", id.toUpperCase(), "not-a-principal", "")) {
      assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.insert(RegistryKeys.NODE_RECORD_PREFIX + suffix, record))))
          .isInstanceOf(InvariantViolationException.class)
          .extracting(e -> ((InvariantViolationException) e).rule())
          .isEqualTo("node-record-key");
    }
    assertThat(r.latestVersion()).isEqualTo(before);
    assertThat(r.nodeIds()).hasSize(16);
  }

  @Test
  void atomicMutate_deletingAMembersNodeRecord_violatesMembersExist() {
    String key = RegistryKeys.nodeRecord(f.appNodes.get(0).nodeId());
    assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.delete(key))))
        .hasMessageStartingWith("subnet-members-exist");
  }

  @Test
  void atomicMutate_subnetListWithoutRecord_violatesConsistency() {
    SubnetListRecord list = SubnetListRecord.newBuilder()
        .addSubnets(Registry.bytes(f.system.principal())).addSubnets(Registry.bytes(f.app.principal()))
        .addSubnets(Registry.bytes(Principal.canisterIdFromIndex(77))).build();
    assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.update(RegistryKeys.SUBNET_LIST, list))))
        .hasMessageStartingWith("subnet-list-consistent");
  }

  @Test
  void atomicMutate_insertOfPresentKey_isRejected() {
    assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.insert(RegistryKeys.SUBNET_LIST, SubnetListRecord.getDefaultInstance()))))
        .hasMessageStartingWith("insert-absent-key");
  }

  @Test
  void firstSubnet_mustBeASystemSubnet() {
    Registry fresh = new Registry();
    RegistryGenesis g = new RegistryGenesis(fresh, Bytes.fromHex("03"), f.dkg)
        .electReplicaVersion("v").dataCenter("d", "Europe,CH,Zurich")
        .nodeOperator(RegistryFixture.OPERATOR, RegistryFixture.PROVIDER, "d", 10, Map.of());
    List<NodeKeys> nodes = g.nodes(RegistryFixture.OPERATOR, 1);
    assertThatThrownBy(() -> g.subnet(nodes, SubnetType.APPLICATION, "v", false))
        .hasMessageStartingWith("system-subnet-exists");
  }

  @Test
  void membershipChanges_addRemoveAndSwapNodes() {
    Principal spare0 = f.spare.get(0).nodeId().principal();
    r.addNodesToSubnet(new RegistryPayloads.AddNodesToSubnetPayload(f.app.principal(), List.of(spare0)));
    assertThat(r.members(f.app)).hasSize(5);
    r.removeNodesFromSubnet(new RegistryPayloads.RemoveNodesFromSubnetPayload(List.of(spare0)));
    assertThat(r.members(f.app)).hasSize(4);
    Principal out = f.appNodes.get(3).nodeId().principal();
    r.changeSubnetMembership(new RegistryPayloads.ChangeSubnetMembershipPayload(f.app.principal(), List.of(spare0), List.of(out)));
    assertThat(RegistryFixture.ids(f.appNodes.subList(0, 3))).allMatch(p -> r.members(f.app).stream().anyMatch(n -> n.principal().equals(p)));
    assertThat(r.subnetOf(f.spare.get(0).nodeId())).contains(f.app);
    assertThat(r.subnetOf(f.appNodes.get(3).nodeId())).isEmpty();
    // Removing the last nodes would leave the subnet empty.
    RegistryPayloads.RemoveNodesFromSubnetPayload all =
        new RegistryPayloads.RemoveNodesFromSubnetPayload(r.members(f.app).stream().map(n -> n.principal()).toList());
    assertThatThrownBy(() -> r.removeNodesFromSubnet(all)).hasMessageStartingWith("subnet-not-empty");
  }

  @Test
  void updateSubnet_haltsAndChangesParameters() {
    r.updateSubnet(RegistryPayloads.UpdateSubnetPayload.of(f.app.principal()).withHalted(true).withDkgIntervalLength(99));
    SubnetRecord rec = r.subnetRecord(f.app).orElseThrow();
    assertThat(rec.getIsHalted()).isTrue();
    assertThat(rec.getDkgIntervalLength()).isEqualTo(99);
    assertThatThrownBy(() -> r.updateSubnet(RegistryPayloads.UpdateSubnetPayload.of(f.app.principal()).withDkgIntervalLength(0)))
        .hasMessageStartingWith("subnet-parameters");
    assertThatThrownBy(() -> r.updateSubnet(RegistryPayloads.UpdateSubnetPayload.of(f.app.principal())
            .withMaxIngressBytesPerMessage(100L * 1024 * 1024)))
        .hasMessageStartingWith("subnet-parameters");
  }

  @Test
  void recoverSubnet_writesRecoveryCupWithNewKey() {
    Bytes oldKey = Bytes.of(r.thresholdSigningKey(f.app).orElseThrow().getKeyValue().toByteArray());
    List<Principal> replacement = RegistryFixture.ids(f.spare.subList(0, 4));
    r.recoverSubnet(new RegistryPayloads.RecoverSubnetPayload(f.app.principal(), 1_000, 5_000_000_000L,
        Bytes.fromHex("aa".repeat(32)), Optional.of(replacement)), f.dkg);
    CatchUpPackageContents cup = r.cupContents(f.app).orElseThrow();
    assertThat(cup.hasRecovery()).isTrue();
    assertThat(cup.getRecovery().getHeight()).isEqualTo(1_000);
    assertThat(cup.getHeight()).isEqualTo(1_000);
    assertThat(Bytes.of(r.thresholdSigningKey(f.app).orElseThrow().getKeyValue().toByteArray())).isNotEqualTo(oldKey);
    assertThat(r.members(f.app)).extracting(n -> n.principal()).containsExactlyElementsOf(replacement);
  }

  RegistryPayloads.SplitSubnetPayload upperHalfSplit() {
    long base = Registry.CANISTER_IDS_PER_SUBNET;
    return new RegistryPayloads.SplitSubnetPayload(
        List.of(CanisterIdRange.ofIndices(base + base / 2, 2 * base - 1)),
        RegistryFixture.ids(f.appNodes.subList(2, 4)), f.app.principal());
  }

  @Test
  void splitSubnet_halvesNodesReroutesRangesAndWritesPostSplitCup() {
    long base = Registry.CANISTER_IDS_PER_SUBNET;
    SubnetId dest = r.splitSubnet(upperHalfSplit(), f.dkg);
    assertThat(r.subnetIds()).containsExactly(f.system, f.app, dest);
    assertThat(r.members(f.app)).hasSize(2);
    assertThat(r.members(dest)).extracting(n -> n.principal()).containsExactlyElementsOf(RegistryFixture.ids(f.appNodes.subList(2, 4)));
    assertThat(r.rangesOf(f.app)).containsExactly(CanisterIdRange.ofIndices(base, base + base / 2 - 1));
    assertThat(r.rangesOf(dest)).containsExactly(CanisterIdRange.ofIndices(base + base / 2, 2 * base - 1));
    CatchUpPackageContents srcCup = r.cupContents(f.app).orElseThrow();
    assertThat(srcCup.hasSubnetSplitting()).isTrue();
    assertThat(srcCup.getSubnetSplitting().getDestinationSubnetId()).isEqualTo(Registry.subnetIdPb(dest));
    assertThat(r.cupContents(dest).orElseThrow().hasGenesis()).isTrue();
    assertThat(r.canisterMigrations().getEntriesCount()).isEqualTo(1);
    assertThat(r.subnetType(dest)).isEqualTo(SubnetType.APPLICATION);
    assertThat(r.subnetForCanister(Principal.canisterIdFromIndex(2 * base - 1))).contains(dest);
    // A second split of the same subnet waits for the migration to complete.
    assertThatThrownBy(() -> r.dkgNodesForSplit(new RegistryPayloads.SplitSubnetPayload(
            List.of(CanisterIdRange.ofIndices(base, base + 10)), RegistryFixture.ids(f.appNodes.subList(0, 1)), f.app.principal())))
        .hasMessageStartingWith("split-one-at-a-time");
  }

  @Test
  void splitSubnet_invalidPayloads_nameTheirRule() {
    long base = Registry.CANISTER_IDS_PER_SUBNET;
    assertThatThrownBy(() -> r.dkgNodesForSplit(new RegistryPayloads.SplitSubnetPayload(
            upperHalfSplit().destinationCanisterRanges(), RegistryFixture.ids(f.appNodes.subList(1, 4)), f.app.principal())))
        .hasMessageStartingWith("split-equal-halves");
    assertThatThrownBy(() -> r.dkgNodesForSplit(new RegistryPayloads.SplitSubnetPayload(
            upperHalfSplit().destinationCanisterRanges(), RegistryFixture.ids(f.systemNodes.subList(0, 2)), f.system.principal())))
        .hasMessageStartingWith("split-source-type");
    assertThatThrownBy(() -> r.dkgNodesForSplit(new RegistryPayloads.SplitSubnetPayload(
            List.of(CanisterIdRange.ofIndices(base, 2 * base - 1)), RegistryFixture.ids(f.appNodes.subList(2, 4)), f.app.principal())))
        .hasMessageStartingWith("split-ranges");
    assertThatThrownBy(() -> r.dkgNodesForSplit(new RegistryPayloads.SplitSubnetPayload(
            List.of(CanisterIdRange.ofIndices(0, 5)), RegistryFixture.ids(f.appNodes.subList(2, 4)), f.app.principal())))
        .hasMessageStartingWith("split-ranges");
    assertThatThrownBy(() -> r.dkgNodesForSplit(new RegistryPayloads.SplitSubnetPayload(
            List.of(), RegistryFixture.ids(f.appNodes.subList(2, 4)), f.app.principal())))
        .hasMessageStartingWith("split-ranges");
    r.updateSubnet(RegistryPayloads.UpdateSubnetPayload.of(f.app.principal()).withHalted(true));
    assertThatThrownBy(() -> r.dkgNodesForSplit(upperHalfSplit())).hasMessageStartingWith("split-source-not-halted");
  }

  @Test
  void splitThenCompleteThenMerge_restoresRangesAndMembershipAndRetiresTheSource() {
    long base = Registry.CANISTER_IDS_PER_SUBNET;
    List<Principal> before = r.members(f.app).stream().map(n -> n.principal()).toList();
    SubnetId dest = r.splitSubnet(upperHalfSplit(), f.dkg);
    assertThatThrownBy(() -> r.dkgNodesForMerge(new RegistryPayloads.MergeSubnetsPayload(
            dest.principal(), f.app.principal(), 10, 10, Bytes.fromHex("00"))))
        .hasMessageStartingWith("merge-no-ongoing-migration");
    r.completeCanisterMigration(new RegistryPayloads.CompleteCanisterMigrationPayload(
        upperHalfSplit().destinationCanisterRanges(), List.of(f.app.principal(), dest.principal())));
    assertThat(r.canisterMigrations().getEntriesCount()).isZero();
    r.mergeSubnets(new RegistryPayloads.MergeSubnetsPayload(dest.principal(), f.app.principal(), 2_000, 9_000,
        Bytes.fromHex("bb".repeat(32))), f.dkg);
    assertThat(r.subnetIds()).containsExactly(f.system, f.app);
    assertThat(r.subnetRecord(dest)).isEmpty();
    assertThat(r.cupContents(dest)).isEmpty();
    assertThat(r.rangesOf(f.app)).containsExactly(CanisterIdRange.ofIndices(base, 2 * base - 1));
    assertThat(r.members(f.app)).extracting(n -> n.principal()).containsExactlyInAnyOrderElementsOf(before);
    CatchUpPackageContents cup = r.cupContents(f.app).orElseThrow();
    assertThat(cup.hasRecovery()).isTrue();
    assertThat(cup.getRecovery().getHeight()).isEqualTo(2_000);
  }

  @Test
  void mergeSubnets_invalidPayloads_nameTheirRule() {
    assertThatThrownBy(() -> r.dkgNodesForMerge(new RegistryPayloads.MergeSubnetsPayload(
            f.app.principal(), f.app.principal(), 1, 1, Bytes.fromHex("00"))))
        .hasMessageStartingWith("merge-distinct-subnets");
    assertThatThrownBy(() -> r.dkgNodesForMerge(new RegistryPayloads.MergeSubnetsPayload(
            f.system.principal(), f.app.principal(), 1, 1, Bytes.fromHex("00"))))
        .hasMessageStartingWith("merge-source-not-system");
  }

  @Test
  void canisterMigration_prepareRerouteComplete() {
    SubnetId other = f.genesis.subnet(f.spare.subList(0, 2), SubnetType.APPLICATION, RegistryFixture.VERSION, false);
    long base = Registry.CANISTER_IDS_PER_SUBNET;
    List<CanisterIdRange> ranges = List.of(CanisterIdRange.ofIndices(base + 10, base + 19));
    assertThatThrownBy(() -> r.rerouteCanisterRanges(new RegistryPayloads.RerouteCanisterRangesPayload(ranges, f.app.principal(), other.principal())))
        .hasMessageStartingWith("reroute-requires-migration");
    r.prepareCanisterMigration(new RegistryPayloads.PrepareCanisterMigrationPayload(ranges, f.app.principal(), other.principal()));
    r.rerouteCanisterRanges(new RegistryPayloads.RerouteCanisterRangesPayload(ranges, f.app.principal(), other.principal()));
    assertThat(r.subnetForCanister(Principal.canisterIdFromIndex(base + 15))).contains(other);
    assertThat(r.subnetForCanister(Principal.canisterIdFromIndex(base + 20))).contains(f.app);
    assertThat(r.rangesOf(f.app)).containsExactly(
        CanisterIdRange.ofIndices(base, base + 9), CanisterIdRange.ofIndices(base + 20, 2 * base - 1));
    r.completeCanisterMigration(new RegistryPayloads.CompleteCanisterMigrationPayload(ranges, List.of(f.app.principal(), other.principal())));
    assertThat(r.canisterMigrations().getEntriesCount()).isZero();
  }

  @Test
  void addNode_byUnknownCaller_isUnauthorized() {
    NodeKeys k = NodeKeys.derive(Bytes.fromHex("09"), 1);
    assertThatThrownBy(() -> r.addNode(Principal.anonymous(), RegistryPayloads.AddNodePayload.of(k, "1.2.3.4:1", "1.2.3.4:2")))
        .isInstanceOf(UnauthorizedCallerException.class);
  }

  @Test
  void addNode_consumesAllowanceUntilExhausted() {
    Principal op = Principal.canisterIdFromIndex(6000);
    f.genesis.nodeOperator(op, RegistryFixture.PROVIDER, "zh1", 1, Map.of());
    NodeKeys a = NodeKeys.derive(Bytes.fromHex("0a"), 1);
    NodeKeys b = NodeKeys.derive(Bytes.fromHex("0a"), 2);
    assertThat(r.addNode(op, RegistryPayloads.AddNodePayload.of(a, "1.2.3.4:1", "1.2.3.4:2"))).isEqualTo(a.nodeId());
    assertThat(r.nodeOperator(op).orElseThrow().getNodeAllowance()).isZero();
    assertThatThrownBy(() -> r.addNode(op, RegistryPayloads.AddNodePayload.of(b, "1.2.3.4:1", "1.2.3.4:2")))
        .hasMessageStartingWith("node-allowance");
    r.removeNodes(new RegistryPayloads.RemoveNodesPayload(List.of(a.nodeId().principal())));
    assertThat(r.nodeOperator(op).orElseThrow().getNodeAllowance()).isEqualTo(1);
    assertThat(r.nodeRecord(a.nodeId())).isEmpty();
  }

  @Test
  void addNode_committeeKeyWithForeignPop_isRejected() {
    NodeKeys a = NodeKeys.derive(Bytes.fromHex("0b"), 1);
    NodeKeys b = NodeKeys.derive(Bytes.fromHex("0b"), 2);
    NodeKeys forged = new NodeKeys(a.nodeId(), a.nodeSigningKey(), a.committeeSigningKey(), b.committeeSigningPop(), a.dkgDealingEncryptionKey());
    assertThatThrownBy(() -> r.addNode(RegistryFixture.OPERATOR, RegistryPayloads.AddNodePayload.of(forged, "1.2.3.4:1", "1.2.3.4:2")))
        .hasMessageStartingWith("committee-key-pop");
  }

  @Test
  void removeNodes_assignedNode_isRejected() {
    assertThatThrownBy(() -> r.removeNodes(new RegistryPayloads.RemoveNodesPayload(List.of(f.appNodes.get(0).nodeId().principal()))))
        .hasMessageStartingWith("node-unassigned");
  }

  @Test
  void dataCenterInUse_cannotBeRemoved() {
    assertThatThrownBy(() -> r.addOrRemoveDataCenters(new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(List.of(), List.of("zh1"))))
        .hasMessageStartingWith("node-operator-data-center-exists");
  }

  @Test
  void unelectingAVersionInUse_isRejected() {
    assertThatThrownBy(() -> r.reviseElectedGuestosVersions(new RegistryPayloads.ReviseElectedGuestosVersionsPayload(
            Optional.empty(), Optional.empty(), List.of(), List.of(RegistryFixture.VERSION))))
        .hasMessageStartingWith("subnet-replica-version-elected");
  }

  @Test
  void versions_getValueAtOldVersionsAndChangesSince() {
    RegistryVersion v = r.latestVersion();
    Bytes before = r.getValue(RegistryKeys.subnetRecord(f.app), v).orElseThrow().value();
    r.updateSubnet(RegistryPayloads.UpdateSubnetPayload.of(f.app.principal()).withHalted(true));
    assertThat(r.latestVersion()).isEqualTo(v.next());
    assertThat(r.getValue(RegistryKeys.subnetRecord(f.app), v).orElseThrow().value()).isEqualTo(before);
    assertThat(r.getValue(RegistryKeys.subnetRecord(f.app), v.next()).orElseThrow().version()).isEqualTo(v.next());
    assertThat(r.getValue(RegistryKeys.subnetRecord(f.app), RegistryVersion.ZERO)).isEmpty();
    List<RegistryStore.Delta> changes = r.changesSince(v);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).key()).isEqualTo(RegistryKeys.subnetRecord(f.app));
    assertThat(r.changesSince(RegistryVersion.ZERO).stream().mapToLong(d -> d.values().size()).sum())
        .isGreaterThan(r.latestVersion().value());
  }

  @Test
  void certifiedTree_hasCurrentVersionAndOneDeltaLeafPerVersion() {
    HashTree t = r.certifiedTree();
    assertThat(t.lookup("current_version").isFound()).isTrue();
    assertThat(t.lookup(List.of(HashTree.utf8("delta"), Bytes.of(org.jicp.nns.internal.Hashing.u64be(1)))).isFound()).isTrue();
    assertThat(t.lookup(List.of(HashTree.utf8("delta"), Bytes.of(org.jicp.nns.internal.Hashing.u64be(r.latestVersion().value() + 1)))).isFound()).isFalse();
    assertThat(r.certifiedData()).isEqualTo(t.digest());
  }

  @Test
  void fromChangelog_rebuildsTheSameRegistry() {
    r.splitSubnet(upperHalfSplit(), f.dkg);
    Registry copy = Registry.fromChangelog(r.store().changelog());
    assertThat(copy.latestVersion()).isEqualTo(r.latestVersion());
    assertThat(copy.certifiedData()).isEqualTo(r.certifiedData());
    assertThat(copy.subnetIds()).isEqualTo(r.subnetIds());
  }

  @Test
  void nodeProviderRewards_followTheRewardsTable() {
    r.updateNodeRewardsTable(new RegistryPayloads.UpdateNodeRewardsTableProposalPayload(Map.of(
        "Europe,CH,Zurich", new RegistryPayloads.NodeRewardRates(Map.of(
            "type1", new RegistryPayloads.NodeRewardRate(10_000, Optional.empty()),
            "type3.1", new RegistryPayloads.NodeRewardRate(20_000, Optional.of(50)))))));
    // type1: 4 × 10,000; type3.1: 20,000 + 10,000 + 5,000 (each next node at 50 %).
    assertThat(r.nodeProvidersMonthlyXdrRewards()).containsEntry(RegistryFixture.PROVIDER.toText(), 40_000L + 35_000L);
  }

  @Test
  void nodesWithProviders_weighEachNodeByItsTypesRateInItsRegion() {
    r.updateNodeRewardsTable(new RegistryPayloads.UpdateNodeRewardsTableProposalPayload(Map.of(
        "Europe,CH,Zurich", new RegistryPayloads.NodeRewardRates(Map.of(
            "type1", new RegistryPayloads.NodeRewardRate(10_000, Optional.empty()),
            "type3.1", new RegistryPayloads.NodeRewardRate(30_000, Optional.of(50)))))));
    Principal op = Principal.canisterIdFromIndex(6100);
    f.genesis.nodeOperator(op, RegistryFixture.PROVIDER, "zh1", 3, Map.of("type1", 1, "type3.1", 1));
    List<NodeKeys> keys = List.of(NodeKeys.derive(Bytes.fromHex("0c"), 1), NodeKeys.derive(Bytes.fromHex("0c"), 2),
        NodeKeys.derive(Bytes.fromHex("0c"), 3));
    for (NodeKeys k : keys) {
      r.addNode(op, RegistryPayloads.AddNodePayload.of(k, "1.2.3.4:1", "1.2.3.4:2"));
    }
    // In node-key order the operator's nodes take type1, then type3.1; the third is not rewardable.
    List<Long> weights = r.nodesWithProviders().stream().filter(n -> n.nodeOperatorId().equals(op))
        .map(n -> n.rewardWeightXdrPermyriad().orElseThrow()).toList();
    assertThat(weights).containsExactly(10_000L, 30_000L, 0L);
  }

  @Test
  void subnetType_feeScaleOfFiduciaryAndSystemSubnets() {
    assertThat(SubnetType.APPLICATION.feeScale(SubnetType.FIDUCIARY_NODE_COUNT)).containsExactly(34, 13);
    assertThat(SubnetType.SYSTEM.feeScale(40)).containsExactly(0, 1);
    assertThat(SubnetType.SYSTEM.restrictedCanisterCreation()).isTrue();
    assertThat(SubnetType.APPLICATION.chargesCycles()).isTrue();
  }
}
