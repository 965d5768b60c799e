package org.jicp.consensus.crypto;

import java.util.List;
import org.jicp.consensus.NodeId;
import org.jicp.consensus.sim.InsecureSimulationCrypto;

class InsecureSimulationCryptoTest extends ConsensusCryptoContractTest {
  @Override
  SubnetCrypto create(List<NodeId> nodes) {
    return InsecureSimulationCrypto.create(SUBNET, nodes, 11);
  }
}
