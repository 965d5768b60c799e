package org.jicp.nns.registry;

import org.jicp.types.RegistryVersion;

import java.util.List;
import org.jicp.types.NodeId;

/**
 * The NI-DKG run that gives a new (or recovered, or split) subnet its genesis keys: the IC
 * management canister's {@code setup_initial_dkg}, which the registry calls when it creates,
 * recovers, splits or merges a subnet.
 *
 * <p>{@link NiDkgInitialDkg} runs {@code ic-crypto}'s NI-DKG (threshold BLS with forward-secure
 * encryption to the nodes' registered dealing encryption keys), with the dealers simulated in
 * process.
 */
public interface InitialDkg {
  /**
   * Runs the initial NI-DKG for {@code nodes} as of {@code registryVersion} (the receivers' dealing
   * encryption keys are read at that version).
   */
  InitialDkgResult setupInitialDkg(List<NodeId> nodes, RegistryVersion registryVersion);
}
