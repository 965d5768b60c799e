package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.LongStream;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * Builds a registry's first versions directly (without proposals), the way the IC's registry is
 * initialized at genesis: elected replica versions, data centers, node operators, nodes with
 * deterministic {@link NodeKeys}, and subnets. Each step is one registry version that keeps the
 * invariants, so the first subnet created must be a system subnet.
 *
 * <p>It plays the nodes' part too: it keeps each node's dealing decryption key ({@link
 * #dkgDealingDecryptionKey}), with which a host or test decrypts the node's threshold key shares
 * from the subnets' NI-DKG transcripts.
 */
public final class RegistryGenesis {
  private final Registry registry;
  private final Bytes seed;
  private final InitialDkg dkg;
  private final Map<NodeId, Long> nodeIndices = new HashMap<>();
  private final Map<NodeId, EncryptionSecretKey> decryptionKeys = new HashMap<>();
  private long nextNode;

  /** Builds on {@code registry}, deriving node keys from {@code seed}, running DKGs with {@code dkg}. */
  public RegistryGenesis(Registry registry, Bytes seed, InitialDkg dkg) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.seed = Objects.requireNonNull(seed, "seed");
    this.dkg = Objects.requireNonNull(dkg, "dkg");
  }

  /** The registry being built. */
  public Registry registry() {
    return registry;
  }

  /** Elects replica version {@code id}. */
  public RegistryGenesis electReplicaVersion(String id) {
    registry.reviseElectedGuestosVersions(new RegistryPayloads.ReviseElectedGuestosVersionsPayload(
        Optional.of(id), Optional.of("00".repeat(32)), List.of("https://example.org/" + id + ".tar.zst"), List.of()));
    return this;
  }

  /** Adds data center {@code id} in {@code region} ("Continent,Country,City"). */
  public RegistryGenesis dataCenter(String id, String region) {
    registry.addOrRemoveDataCenters(new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(
        List.of(new RegistryPayloads.DataCenterRecord(id, region, "owner of " + id, Optional.empty())), List.of()));
    return this;
  }

  /** Adds node operator {@code operator} of {@code provider} in data center {@code dc}. */
  public RegistryGenesis nodeOperator(Principal operator, Principal provider, String dc, long allowance, Map<String, Integer> rewardable) {
    registry.addNodeOperator(new RegistryPayloads.AddNodeOperatorPayload(
        Optional.of(operator), allowance, Optional.of(provider), dc, rewardable));
    return this;
  }

  /**
   * {@code count} new nodes added by {@code operator} (each one registry version). The nodes' keys
   * are derived first, in parallel (each node's keys depend only on the seed and its index, so the
   * result does not depend on scheduling). Only the public keys are derived here ({@link
   * NodeKeys#derive}); a node's decryption key, which costs about 150 ms, is generated when first
   * asked for ({@link #dkgDealingDecryptionKey}).
   */
  public List<NodeKeys> nodes(Principal operator, int count) {
    long first = nextNode;
    List<NodeKeys> derived =
        LongStream.range(first, first + count).parallel().mapToObj(i -> NodeKeys.derive(seed, i)).toList();
    for (NodeKeys k : derived) {
      nodeIndices.put(k.nodeId(), nextNode++);
      registry.addNode(operator, RegistryPayloads.AddNodePayload.of(k, "[2001:db8::" + nextNode + "]:2497", "[2001:db8::" + nextNode + "]:8080"));
    }
    return derived;
  }

  /**
   * The dealing decryption key of a node this genesis added (the node's secret, held here because
   * the nodes are simulated).
   *
   * @throws IllegalArgumentException if this genesis did not add {@code node}
   */
  public EncryptionSecretKey dkgDealingDecryptionKey(NodeId node) {
    Long index = nodeIndices.get(node);
    if (index == null) {
      throw new IllegalArgumentException("node " + node + " was not added by this genesis");
    }
    return decryptionKeys.computeIfAbsent(node, n -> NodeKeys.generate(seed, index).dkgDealingDecryptionKey());
  }

  /** A subnet of {@code type} with {@code nodes}, default parameters and replica version {@code version}. */
  public SubnetId subnet(List<NodeKeys> nodes, SubnetType type, String version, boolean nns) {
    List<Principal> ids = new ArrayList<>();
    nodes.forEach(n -> ids.add(n.nodeId().principal()));
    RegistryPayloads.CreateSubnetPayload d = RegistryPayloads.CreateSubnetPayload.withDefaults(ids, type, version);
    RegistryPayloads.CreateSubnetPayload p = new RegistryPayloads.CreateSubnetPayload(
        d.nodeIds(), d.subnetIdOverride(), d.subnetType(), d.replicaVersionId(), d.maxIngressBytesPerMessage(),
        d.maxIngressMessagesPerBlock(), d.maxBlockPayloadSize(), d.unitDelayMillis(), d.initialNotaryDelayMillis(),
        d.dkgIntervalLength(), d.dkgDealingsPerBlock(), nns, d.isHalted(), d.maxNumberOfCanisters(), d.features(),
        d.sshReadonlyAccess(), d.sshBackupAccess());
    return registry.createSubnet(p, dkg);
  }
}
