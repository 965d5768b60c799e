package org.jicp.consensus.crypto;

import java.util.List;
import org.jicp.types.NodeId;

class BlsConsensusCryptoTest extends ConsensusCryptoContractTest {
  @Override
  SubnetCrypto create(List<NodeId> nodes) {
    return BlsConsensusCrypto.setup(SUBNET, nodes, 11);
  }
}
