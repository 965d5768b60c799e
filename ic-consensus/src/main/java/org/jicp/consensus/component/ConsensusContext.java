package org.jicp.consensus.component;

import java.util.Objects;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.types.NodeId;

/**
 * What the components of one node share: who it is, the membership rules, its crypto, and the
 * injected payload builder and state certifier.
 *
 * @param self this node
 * @param version the replica version written into artifacts
 * @param membership the membership rules (and consensus parameters)
 * @param crypto this node's crypto
 * @param certifier execution's certified height and state hashes
 * @param payloads the ingress source
 * @param dkg the DKG payload rules
 */
public record ConsensusContext(
    NodeId self,
    String version,
    Membership membership,
    ConsensusCrypto crypto,
    StateCertifier certifier,
    PayloadBuilder payloads,
    DkgPayloads dkg) {
  /** Validates the components. */
  public ConsensusContext {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(certifier, "certifier");
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(dkg, "dkg");
    if (!crypto.self().equals(self)) {
      throw new IllegalArgumentException("the crypto of " + crypto.self() + " given to " + self);
    }
  }

  /** The consensus parameters. */
  public ConsensusConfig config() {
    return membership.config();
  }
}
