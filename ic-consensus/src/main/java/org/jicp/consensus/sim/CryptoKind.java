package org.jicp.consensus.sim;

/** Which crypto a simulation runs with. */
public enum CryptoKind {
  /** {@link InsecureSimulationCrypto}: fast, deterministic, insecure. */
  FAST,
  /** {@link org.jicp.consensus.crypto.BlsConsensusCrypto}: BLS12-381, NI-DKG, Ed25519. */
  REAL
}
