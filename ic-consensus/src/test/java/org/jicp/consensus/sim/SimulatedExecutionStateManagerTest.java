package org.jicp.consensus.sim;

import java.nio.ByteBuffer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;
import org.jicp.types.ports.StateManager;
import org.jicp.types.ports.contract.StateManagerContractTest;

/** The state-manager contract for the simulator's façade (its state is a hash). */
class SimulatedExecutionStateManagerTest extends StateManagerContractTest<CryptoHash> {
  @Override
  protected StateManager<CryptoHash> create() {
    return new SimulatedExecution(
        SUBNET, Height.ZERO, new CryptoHash(Bytes.of(new byte[32])), SimulatedExecution.Certifying.BY_CERTIFIER, SimulatedExecution.Listener.NONE);
  }

  @Override
  protected CryptoHash successor(CryptoHash base, Height height, long salt) {
    return SimulatedExecution.sha256(base.value().toByteArray(), ByteBuffer.allocate(16).putLong(height.value()).putLong(salt).array());
  }
}
