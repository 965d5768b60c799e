package org.jicp.consensus.component;

import java.util.Objects;
import java.util.function.Supplier;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.ports.MessageRouting;
import org.jicp.types.ports.StateManager;

/**
 * What the components of one node share: who it is, the membership rules, its crypto, and the
 * ports to the layers below — the state manager (certified height, full state hashes for catch-up
 * packages), message routing (the next batch height), the payload builder — and the DKG rules.
 *
 * @param self this node
 * @param version the replica version written into artifacts
 * @param membership the membership rules (and consensus parameters)
 * @param crypto this node's crypto
 * @param stateManager the state manager (consensus reads heights and hashes only)
 * @param messageRouting where finalized batches go
 * @param payloads the ingress and stream-slice source
 * @param dkg the DKG payload rules
 * @param latestRegistryVersion the latest registry version this node's registry client knows
 *     (dfinity/ic {@code RegistryClient::get_latest_version}): the block maker writes it into the
 *     validation context of its blocks, the validator defers blocks that name a later one; it never
 *     decreases
 */
public record ConsensusContext(
    NodeId self,
    String version,
    Membership membership,
    ConsensusCrypto crypto,
    StateManager<?> stateManager,
    MessageRouting messageRouting,
    PayloadBuilder payloads,
    DkgPayloads dkg,
    Supplier<RegistryVersion> latestRegistryVersion) {
  /**
   * A context whose registry never changes: every block names {@link
   * BlockMaker#REGISTRY_VERSION} (the simulator's subnets).
   */
  public ConsensusContext(NodeId self, String version, Membership membership,
      ConsensusCrypto crypto, StateManager<?> stateManager, MessageRouting messageRouting,
      PayloadBuilder payloads, DkgPayloads dkg) {
    this(self, version, membership, crypto, stateManager, messageRouting, payloads, dkg,
        () -> BlockMaker.REGISTRY_VERSION);
  }

  /** Validates the components. */
  public ConsensusContext {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(stateManager, "stateManager");
    Objects.requireNonNull(messageRouting, "messageRouting");
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(dkg, "dkg");
    Objects.requireNonNull(latestRegistryVersion, "latestRegistryVersion");
    if (!crypto.self().equals(self)) {
      throw new IllegalArgumentException("the crypto of " + crypto.self() + " given to " + self);
    }
  }

  /** The latest registry version known here ({@link #latestRegistryVersion}, read now). */
  public RegistryVersion registryVersion() {
    return Objects.requireNonNull(latestRegistryVersion.get(), "latest registry version");
  }

  /** The consensus parameters. */
  public ConsensusConfig config() {
    return membership.config();
  }
}
