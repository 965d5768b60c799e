package org.jicp.state.replicated;

import java.util.Objects;
import java.util.SortedMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.util.FrozenSortedMap;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetType;

/**
 * What the state tree publishes about a subnet under {@code /subnet/<id>}.
 *
 * @param publicKey the subnet's threshold key, DER (133 bytes)
 * @param type the subnet type
 * @param nodePublicKeys each node's Ed25519 key, DER, under {@code node/<id>/public_key}
 */
public record SubnetTopology(Bytes publicKey, SubnetType type,
    SortedMap<NodeId, Bytes> nodePublicKeys) {
  /** Validates the components. */
  public SubnetTopology {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(type, "type");
    nodePublicKeys = FrozenSortedMap.copyOf(nodePublicKeys);
  }
}
