package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidId;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * The Candid arguments of the registry canister's mutating methods, with the field names of the
 * mainnet {@code registry.did} (subsets: fields jicp does not model are left out; Candid's
 * subtyping lets mainnet-shaped arguments decode into them).
 */
public final class RegistryPayloads {
  private RegistryPayloads() {}

  /** A sorted, unmodifiable copy: iteration order is part of determinism. */
  static <K extends Comparable<K>, V> Map<K, V> sorted(Map<K, V> m) {
    return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(m));
  }

  static long nonNegative(long v, String what) {
    if (v < 0) {
      throw new IllegalArgumentException(what + " above 2^63 - 1 is not supported");
    }
    return v;
  }

  /** {@code SubnetFeatures}. */
  public record SubnetFeatures(
      @CandidName("canister_sandboxing") boolean canisterSandboxing,
      @CandidName("http_requests") boolean httpRequests,
      @CandidName("sev_enabled") Optional<Boolean> sevEnabled) {
    /** No features. */
    public static final SubnetFeatures NONE = new SubnetFeatures(false, false, Optional.empty());
  }

  /** {@code CanisterIdRange = record { start : principal; end : principal }}: a closed range. */
  public record CanisterIdRange(Principal start, Principal end) {
    /** Validates the components. */
    public CanisterIdRange {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }

    /** The range of canister indices {@code [start, end]}. */
    public static CanisterIdRange ofIndices(long start, long end) {
      return new CanisterIdRange(Principal.canisterIdFromIndex(start), Principal.canisterIdFromIndex(end));
    }

    /**
     * The index of {@code start}.
     *
     * @throws InvariantViolationException if it is not a canister id of the standard form
     */
    public long startIndex() {
      return IndexRange.indexOf(start, "range start");
    }

    /**
     * The index of {@code end}.
     *
     * @throws InvariantViolationException if it is not a canister id of the standard form
     */
    public long endIndex() {
      return IndexRange.indexOf(end, "range end");
    }
  }

  /** {@code create_subnet}'s argument ({@code CreateSubnetPayload}). */
  public record CreateSubnetPayload(
      @CandidName("node_ids") List<Principal> nodeIds,
      @CandidName("subnet_id_override") Optional<Principal> subnetIdOverride,
      @CandidName("subnet_type") SubnetType subnetType,
      @CandidName("replica_version_id") String replicaVersionId,
      @CandidName("max_ingress_bytes_per_message") @CandidAs("nat64") long maxIngressBytesPerMessage,
      @CandidName("max_ingress_messages_per_block") @CandidAs("nat64") long maxIngressMessagesPerBlock,
      @CandidName("max_block_payload_size") @CandidAs("nat64") long maxBlockPayloadSize,
      @CandidName("unit_delay_millis") @CandidAs("nat64") long unitDelayMillis,
      @CandidName("initial_notary_delay_millis") @CandidAs("nat64") long initialNotaryDelayMillis,
      @CandidName("dkg_interval_length") @CandidAs("nat64") long dkgIntervalLength,
      @CandidName("dkg_dealings_per_block") @CandidAs("nat64") long dkgDealingsPerBlock,
      @CandidName("start_as_nns") boolean startAsNns,
      @CandidName("is_halted") boolean isHalted,
      @CandidName("max_number_of_canisters") @CandidAs("nat64") long maxNumberOfCanisters,
      SubnetFeatures features,
      @CandidName("ssh_readonly_access") List<String> sshReadonlyAccess,
      @CandidName("ssh_backup_access") List<String> sshBackupAccess) {
    /** Validates the components (lists copied, numbers within range). */
    public CreateSubnetPayload {
      nodeIds = List.copyOf(nodeIds);
      Objects.requireNonNull(subnetType, "subnetType");
      Objects.requireNonNull(replicaVersionId, "replicaVersionId");
      nonNegative(maxIngressBytesPerMessage, "max_ingress_bytes_per_message");
      nonNegative(maxIngressMessagesPerBlock, "max_ingress_messages_per_block");
      nonNegative(maxBlockPayloadSize, "max_block_payload_size");
      nonNegative(unitDelayMillis, "unit_delay_millis");
      nonNegative(initialNotaryDelayMillis, "initial_notary_delay_millis");
      nonNegative(dkgIntervalLength, "dkg_interval_length");
      nonNegative(dkgDealingsPerBlock, "dkg_dealings_per_block");
      nonNegative(maxNumberOfCanisters, "max_number_of_canisters");
      Objects.requireNonNull(features, "features");
      sshReadonlyAccess = List.copyOf(sshReadonlyAccess);
      sshBackupAccess = List.copyOf(sshBackupAccess);
    }

    /**
     * A payload with the IC's default parameters for {@code type}: 4 MiB payloads, 2 MiB ingress
     * messages, 1000 messages a block, DKG interval 499 (application) or 99 (system), unit delay
     * 1 s (application) or 2 s (system), initial notary delay 300 ms.
     */
    public static CreateSubnetPayload withDefaults(
        List<Principal> nodes, SubnetType type, String replicaVersionId) {
      boolean system = type == SubnetType.SYSTEM;
      return new CreateSubnetPayload(
          nodes, Optional.empty(), type, replicaVersionId, 2 * 1024 * 1024, 1000, 4 * 1024 * 1024,
          system ? 2000 : 1000, 300, system ? 99 : 499, 1, false, false, 0,
          new SubnetFeatures(false, !system, Optional.empty()), List.of(), List.of());
    }
  }

  /** {@code add_nodes_to_subnet}'s argument. */
  public record AddNodesToSubnetPayload(
      @CandidName("subnet_id") Principal subnetId, @CandidName("node_ids") List<Principal> nodeIds) {
    /** Copies the list. */
    public AddNodesToSubnetPayload {
      Objects.requireNonNull(subnetId, "subnetId");
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** {@code remove_nodes_from_subnet}'s argument. */
  public record RemoveNodesFromSubnetPayload(@CandidName("node_ids") List<Principal> nodeIds) {
    /** Copies the list. */
    public RemoveNodesFromSubnetPayload {
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** {@code change_subnet_membership}'s argument. */
  public record ChangeSubnetMembershipPayload(
      @CandidName("subnet_id") Principal subnetId,
      @CandidName("node_ids_add") List<Principal> nodeIdsAdd,
      @CandidName("node_ids_remove") List<Principal> nodeIdsRemove) {
    /** Copies the lists. */
    public ChangeSubnetMembershipPayload {
      Objects.requireNonNull(subnetId, "subnetId");
      nodeIdsAdd = List.copyOf(nodeIdsAdd);
      nodeIdsRemove = List.copyOf(nodeIdsRemove);
    }
  }

  /** {@code update_subnet}'s argument: every absent field is left unchanged. */
  public record UpdateSubnetPayload(
      @CandidName("subnet_id") Principal subnetId,
      @CandidName("max_ingress_bytes_per_message") @CandidAs("opt nat64") Optional<Long> maxIngressBytesPerMessage,
      @CandidName("max_ingress_messages_per_block") @CandidAs("opt nat64") Optional<Long> maxIngressMessagesPerBlock,
      @CandidName("max_block_payload_size") @CandidAs("opt nat64") Optional<Long> maxBlockPayloadSize,
      @CandidName("unit_delay_millis") @CandidAs("opt nat64") Optional<Long> unitDelayMillis,
      @CandidName("initial_notary_delay_millis") @CandidAs("opt nat64") Optional<Long> initialNotaryDelayMillis,
      @CandidName("dkg_interval_length") @CandidAs("opt nat64") Optional<Long> dkgIntervalLength,
      @CandidName("dkg_dealings_per_block") @CandidAs("opt nat64") Optional<Long> dkgDealingsPerBlock,
      @CandidName("is_halted") Optional<Boolean> isHalted,
      @CandidName("halt_at_cup_height") Optional<Boolean> haltAtCupHeight,
      @CandidName("max_number_of_canisters") @CandidAs("opt nat64") Optional<Long> maxNumberOfCanisters,
      Optional<SubnetFeatures> features,
      @CandidName("ssh_readonly_access") Optional<List<String>> sshReadonlyAccess,
      @CandidName("ssh_backup_access") Optional<List<String>> sshBackupAccess) {
    /** Validates the components. */
    public UpdateSubnetPayload {
      Objects.requireNonNull(subnetId, "subnetId");
      for (Optional<Long> v :
          List.of(maxIngressBytesPerMessage, maxIngressMessagesPerBlock, maxBlockPayloadSize,
              unitDelayMillis, initialNotaryDelayMillis, dkgIntervalLength, dkgDealingsPerBlock,
              maxNumberOfCanisters)) {
        v.ifPresent(x -> nonNegative(x, "a subnet parameter"));
      }
    }

    /** A payload that changes nothing of {@code subnet} (to be modified with the {@code with…} methods). */
    public static UpdateSubnetPayload of(Principal subnet) {
      return new UpdateSubnetPayload(subnet, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This payload, also setting {@code is_halted}. */
    public UpdateSubnetPayload withHalted(boolean halted) {
      return new UpdateSubnetPayload(subnetId, maxIngressBytesPerMessage, maxIngressMessagesPerBlock,
          maxBlockPayloadSize, unitDelayMillis, initialNotaryDelayMillis, dkgIntervalLength,
          dkgDealingsPerBlock, Optional.of(halted), haltAtCupHeight, maxNumberOfCanisters, features,
          sshReadonlyAccess, sshBackupAccess);
    }

    /** This payload, also setting {@code dkg_interval_length}. */
    public UpdateSubnetPayload withDkgIntervalLength(long length) {
      return new UpdateSubnetPayload(subnetId, maxIngressBytesPerMessage, maxIngressMessagesPerBlock,
          maxBlockPayloadSize, unitDelayMillis, initialNotaryDelayMillis, Optional.of(length),
          dkgDealingsPerBlock, isHalted, haltAtCupHeight, maxNumberOfCanisters, features,
          sshReadonlyAccess, sshBackupAccess);
    }

    /** This payload, also setting {@code max_ingress_bytes_per_message}. */
    public UpdateSubnetPayload withMaxIngressBytesPerMessage(long bytes) {
      return new UpdateSubnetPayload(subnetId, Optional.of(bytes), maxIngressMessagesPerBlock,
          maxBlockPayloadSize, unitDelayMillis, initialNotaryDelayMillis, dkgIntervalLength,
          dkgDealingsPerBlock, isHalted, haltAtCupHeight, maxNumberOfCanisters, features,
          sshReadonlyAccess, sshBackupAccess);
    }
  }

  /** {@code recover_subnet}'s argument: a recovery CUP, optionally with replacement nodes. */
  public record RecoverSubnetPayload(
      @CandidName("subnet_id") Principal subnetId,
      @CandidAs("nat64") long height,
      @CandidName("time_ns") @CandidAs("nat64") long timeNs,
      @CandidName("state_hash") Bytes stateHash,
      @CandidName("replacement_nodes") Optional<List<Principal>> replacementNodes) {
    /** Validates the components. */
    public RecoverSubnetPayload {
      Objects.requireNonNull(subnetId, "subnetId");
      nonNegative(height, "height");
      nonNegative(timeNs, "time_ns");
      Objects.requireNonNull(stateHash, "stateHash");
      replacementNodes = replacementNodes.map(List::copyOf);
    }
  }

  /**
   * {@code split_subnet}'s argument ({@code SplitSubnetPayload} of {@code do_split_subnet.rs}):
   * the ranges and half of the nodes that go to a new subnet.
   */
  public record SplitSubnetPayload(
      @CandidName("destination_canister_ranges") List<CanisterIdRange> destinationCanisterRanges,
      @CandidName("destination_node_ids") List<Principal> destinationNodeIds,
      @CandidName("source_subnet_id") Principal sourceSubnetId) {
    /** Copies the lists. */
    public SplitSubnetPayload {
      destinationCanisterRanges = List.copyOf(destinationCanisterRanges);
      destinationNodeIds = List.copyOf(destinationNodeIds);
      Objects.requireNonNull(sourceSubnetId, "sourceSubnetId");
    }
  }

  /**
   * {@code merge_subnets}'s argument: the source subnet's ranges and nodes move into the
   * destination subnet, which resumes from a recovery CUP at the merged state.
   */
  public record MergeSubnetsPayload(
      @CandidName("source_subnet") Principal sourceSubnet,
      @CandidName("destination_subnet") Principal destinationSubnet,
      @CandidAs("nat64") long height,
      @CandidName("time_ns") @CandidAs("nat64") long timeNs,
      @CandidName("state_hash") Bytes stateHash) {
    /** Validates the components. */
    public MergeSubnetsPayload {
      Objects.requireNonNull(sourceSubnet, "sourceSubnet");
      Objects.requireNonNull(destinationSubnet, "destinationSubnet");
      nonNegative(height, "height");
      nonNegative(timeNs, "time_ns");
      Objects.requireNonNull(stateHash, "stateHash");
    }
  }

  /** {@code Gps}. */
  public record Gps(float latitude, float longitude) {}

  /** {@code DataCenterRecord}. */
  public record DataCenterRecord(String id, String region, String owner, Optional<Gps> gps) {
    /** Validates the components. */
    public DataCenterRecord {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(owner, "owner");
    }
  }

  /** {@code add_or_remove_data_centers}'s argument. */
  public record AddOrRemoveDataCentersProposalPayload(
      @CandidName("data_centers_to_add") List<DataCenterRecord> dataCentersToAdd,
      @CandidName("data_centers_to_remove") List<String> dataCentersToRemove) {
    /** Copies the lists. */
    public AddOrRemoveDataCentersProposalPayload {
      dataCentersToAdd = List.copyOf(dataCentersToAdd);
      dataCentersToRemove = List.copyOf(dataCentersToRemove);
    }
  }

  /** {@code add_node_operator}'s argument (NNS function {@code AssignNoid}). */
  public record AddNodeOperatorPayload(
      @CandidName("node_operator_principal_id") Optional<Principal> nodeOperatorPrincipalId,
      @CandidName("node_allowance") @CandidAs("nat64") long nodeAllowance,
      @CandidName("node_provider_principal_id") Optional<Principal> nodeProviderPrincipalId,
      @CandidName("dc_id") String dcId,
      @CandidName("rewardable_nodes") @CandidAs("vec record { text; nat32 }") Map<String, Integer> rewardableNodes) {
    /** Validates the components. */
    public AddNodeOperatorPayload {
      nonNegative(nodeAllowance, "node_allowance");
      Objects.requireNonNull(dcId, "dcId");
      rewardableNodes = sorted(rewardableNodes);
    }
  }

  /** {@code update_node_operator_config}'s argument. */
  public record UpdateNodeOperatorConfigPayload(
      @CandidName("node_operator_id") Optional<Principal> nodeOperatorId,
      @CandidName("node_allowance") @CandidAs("opt nat64") Optional<Long> nodeAllowance,
      @CandidName("dc_id") Optional<String> dcId,
      @CandidName("rewardable_nodes") @CandidAs("vec record { text; nat32 }") Map<String, Integer> rewardableNodes) {
    /** Validates the components. */
    public UpdateNodeOperatorConfigPayload {
      nodeAllowance.ifPresent(a -> nonNegative(a, "node_allowance"));
      rewardableNodes = sorted(rewardableNodes);
    }
  }

  /**
   * {@code add_node}'s argument, called by a node operator. The keys are protobuf-encoded {@code
   * PublicKey} records, as on mainnet.
   */
  public record AddNodePayload(
      @CandidName("node_signing_pk") Bytes nodeSigningPk,
      @CandidName("committee_signing_pk") Bytes committeeSigningPk,
      @CandidName("ni_dkg_dealing_encryption_pk") Bytes niDkgDealingEncryptionPk,
      @CandidName("transport_tls_cert") Bytes transportTlsCert,
      @CandidName("xnet_endpoint") String xnetEndpoint,
      @CandidName("http_endpoint") String httpEndpoint) {
    /** Validates the components. */
    public AddNodePayload {
      Objects.requireNonNull(nodeSigningPk, "nodeSigningPk");
      Objects.requireNonNull(committeeSigningPk, "committeeSigningPk");
      Objects.requireNonNull(niDkgDealingEncryptionPk, "niDkgDealingEncryptionPk");
      Objects.requireNonNull(transportTlsCert, "transportTlsCert");
      Objects.requireNonNull(xnetEndpoint, "xnetEndpoint");
      Objects.requireNonNull(httpEndpoint, "httpEndpoint");
    }

    /** The payload registering {@code keys} with the given endpoints (a placeholder TLS cert). */
    public static AddNodePayload of(NodeKeys keys, String xnet, String http) {
      return new AddNodePayload(
          Bytes.of(keys.nodeSigningRecord().toByteArray()),
          Bytes.of(keys.committeeSigningRecord().toByteArray()),
          Bytes.of(keys.dkgDealingEncryptionRecord().toByteArray()),
          Bytes.of(keys.nodeId().toByteArray()),
          xnet,
          http);
    }
  }

  /** {@code remove_nodes}'s argument: unassigned nodes to remove from the registry. */
  public record RemoveNodesPayload(@CandidName("node_ids") List<Principal> nodeIds) {
    /** Copies the list. */
    public RemoveNodesPayload {
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** {@code revise_elected_guestos_versions}'s argument (ReviseElectedGuestosVersions). */
  public record ReviseElectedGuestosVersionsPayload(
      @CandidName("replica_version_to_elect") Optional<String> replicaVersionToElect,
      @CandidName("release_package_sha256_hex") Optional<String> releasePackageSha256Hex,
      @CandidName("release_package_urls") List<String> releasePackageUrls,
      @CandidName("replica_versions_to_unelect") List<String> replicaVersionsToUnelect) {
    /** Copies the lists. */
    public ReviseElectedGuestosVersionsPayload {
      releasePackageUrls = List.copyOf(releasePackageUrls);
      replicaVersionsToUnelect = List.copyOf(replicaVersionsToUnelect);
    }
  }

  /** {@code deploy_guestos_to_all_subnet_nodes}'s argument. */
  public record DeployGuestosToAllSubnetNodesPayload(
      @CandidName("subnet_id") Principal subnetId,
      @CandidName("replica_version_id") String replicaVersionId) {}

  /** {@code reroute_canister_ranges}'s argument. */
  public record RerouteCanisterRangesPayload(
      @CandidName("reassigned_canister_ranges") List<CanisterIdRange> reassignedCanisterRanges,
      @CandidName("source_subnet") Principal sourceSubnet,
      @CandidName("destination_subnet") Principal destinationSubnet) {
    /** Copies the list. */
    public RerouteCanisterRangesPayload {
      reassignedCanisterRanges = List.copyOf(reassignedCanisterRanges);
    }
  }

  /** {@code prepare_canister_migration}'s argument. */
  public record PrepareCanisterMigrationPayload(
      @CandidName("canister_id_ranges") List<CanisterIdRange> canisterIdRanges,
      @CandidName("source_subnet") Principal sourceSubnet,
      @CandidName("destination_subnet") Principal destinationSubnet) {
    /** Copies the list. */
    public PrepareCanisterMigrationPayload {
      canisterIdRanges = List.copyOf(canisterIdRanges);
    }
  }

  /** {@code complete_canister_migration}'s argument. */
  public record CompleteCanisterMigrationPayload(
      @CandidName("canister_id_ranges") List<CanisterIdRange> canisterIdRanges,
      @CandidName("migration_trace") List<Principal> migrationTrace) {
    /** Copies the lists. */
    public CompleteCanisterMigrationPayload {
      canisterIdRanges = List.copyOf(canisterIdRanges);
      migrationTrace = List.copyOf(migrationTrace);
    }
  }

  /** {@code NodeRewardRate}. */
  public record NodeRewardRate(
      @CandidName("xdr_permyriad_per_node_per_month") @CandidAs("nat64") long xdrPermyriadPerNodePerMonth,
      @CandidName("reward_coefficient_percent") Optional<Integer> rewardCoefficientPercent) {}

  /** {@code NodeRewardRates}. */
  public record NodeRewardRates(Map<String, NodeRewardRate> rates) {
    /** Copies the map. */
    public NodeRewardRates {
      rates = sorted(rates);
    }
  }

  /** {@code update_node_rewards_table}'s argument: entries per region. */
  public record UpdateNodeRewardsTableProposalPayload(
      @CandidName("new_entries") Map<String, NodeRewardRates> newEntries) {
    /** Copies the map. */
    public UpdateNodeRewardsTableProposalPayload {
      newEntries = sorted(newEntries);
    }
  }

  /** {@code set_firewall_config}'s argument. */
  public record SetFirewallConfigPayload(
      @CandidName("firewall_config") String firewallConfig,
      @CandidName("ipv4_prefixes") List<String> ipv4Prefixes,
      @CandidName("ipv6_prefixes") List<String> ipv6Prefixes) {
    /** Copies the lists. */
    public SetFirewallConfigPayload {
      Objects.requireNonNull(firewallConfig, "firewallConfig");
      ipv4Prefixes = List.copyOf(ipv4Prefixes);
      ipv6Prefixes = List.copyOf(ipv6Prefixes);
    }
  }

  /** {@code get_node_providers_monthly_xdr_rewards}' reply: XDR permyriad per node provider. */
  public record NodeProvidersMonthlyXdrRewards(
      @CandidAs("vec record { text; nat64 }") Map<String, Long> rewards) {
    /** Copies the map. */
    public NodeProvidersMonthlyXdrRewards {
      rewards = sorted(rewards);
    }
  }

  /**
   * A registered node with its operator, its operator's node provider and its subnet (jicp's
   * {@code get_nodes_with_providers}: governance reads it to match block-maker statistics to the
   * providers it rewards), and its reward weight: the monthly XDR (permyriad) of its node type in
   * its data center's region as the rewards table says (0 beyond its operator's rewardable nodes;
   * see {@code Registry.nodesWithProviders}).
   */
  public record NodeWithProvider(
      @CandidName("node_id") Principal nodeId,
      @CandidName("node_operator_id") Principal nodeOperatorId,
      @CandidName("node_provider_id") Principal nodeProviderId,
      @CandidName("subnet_id") Optional<Principal> subnetId,
      @CandidName("reward_weight_xdr_permyriad") @CandidAs("opt nat64") Optional<Long> rewardWeightXdrPermyriad) {
    /** Without a reward weight (every node weighs the same). */
    public NodeWithProvider(Principal nodeId, Principal nodeOperatorId, Principal nodeProviderId, Optional<Principal> subnetId) {
      this(nodeId, nodeOperatorId, nodeProviderId, subnetId, Optional.empty());
    }
  }

  /** {@code get_nodes_with_providers}' reply. */
  public record NodesWithProviders(List<NodeWithProvider> nodes) {
    /** Copies the list. */
    public NodesWithProviders {
      nodes = List.copyOf(nodes);
    }
  }

  /** A subnet and its catch-up package contents, as the registry stores them (for the demo). */
  public record SubnetSummary(
      @CandidId(0) Principal subnet, @CandidId(1) SubnetType type, @CandidId(2) List<Principal> nodes) {}
}
