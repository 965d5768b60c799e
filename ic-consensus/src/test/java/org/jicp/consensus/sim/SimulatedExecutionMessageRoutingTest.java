package org.jicp.consensus.sim;

import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.contract.MessageRoutingContractTest;

/** The message-routing contract for the simulator's façade. */
class SimulatedExecutionMessageRoutingTest extends MessageRoutingContractTest {
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {0x73, 0x75, 0x62}));

  @Override
  protected Subject create() {
    SimulatedExecution e =
        new SimulatedExecution(
            SUBNET, Height.ZERO, new CryptoHash(Bytes.of(new byte[32])), SimulatedExecution.Certifying.BY_CERTIFIER, SimulatedExecution.Listener.NONE);
    return new Subject(e, Optional.of(e), () -> {});
  }
}
