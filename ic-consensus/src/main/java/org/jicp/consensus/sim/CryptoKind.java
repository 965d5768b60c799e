package org.jicp.consensus.sim;

import java.util.List;
import org.jicp.consensus.crypto.BlsConsensusCrypto;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.consensus.internal.InsecureSimulationCrypto;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/** Which crypto a simulation runs with. */
public enum CryptoKind {
  /**
   * A fast, deterministic and deliberately <b>insecure</b> stand-in (8-byte keyed hashes anyone can
   * forge) that keeps the properties the protocol logic observes: for mass simulation only.
   */
  FAST,
  /**
   * {@link BlsConsensusCrypto} (BLS12-381, NI-DKG, Ed25519) with every key drawn from the
   * simulation's seed ({@link BlsConsensusCrypto#setup}): reproducible, and therefore for
   * simulation only.
   */
  REAL;

  /** The keys of a simulated subnet of {@code nodes}, drawn from {@code seed}. */
  public SubnetCrypto setup(SubnetId subnet, List<NodeId> nodes, long seed) {
    return this == FAST ? InsecureSimulationCrypto.create(subnet, nodes, seed) : BlsConsensusCrypto.setup(subnet, nodes, seed);
  }
}
