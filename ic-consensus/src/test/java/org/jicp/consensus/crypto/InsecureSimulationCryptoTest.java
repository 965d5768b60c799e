package org.jicp.consensus.crypto;

import java.util.List;
import org.jicp.consensus.internal.InsecureSimulationCrypto;
import org.jicp.types.NodeId;

class InsecureSimulationCryptoTest extends ConsensusCryptoContractTest {
  @Override
  SubnetCrypto create(List<NodeId> nodes) {
    return InsecureSimulationCrypto.create(SUBNET, nodes, 11);
  }
}
