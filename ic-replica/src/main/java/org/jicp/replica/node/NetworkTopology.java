package org.jicp.replica.node;

import java.util.Optional;
import java.util.SortedMap;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;

/**
 * What message routing reads from the registry at a batch's registry version: the routing table
 * and the subnets' keys, types and nodes (dfinity/ic {@code NetworkTopology}).
 */
public interface NetworkTopology {
  /** The routing table at {@code v}. */
  RoutingTable routingTable(RegistryVersion v);

  /** Every subnet's public key, type and nodes at {@code v}. */
  SortedMap<SubnetId, SubnetTopology> subnets(RegistryVersion v);

  /**
   * The latest registry version this node's registry client knows (dfinity/ic {@code
   * RegistryClient::get_latest_version}); never decreases. Consensus names it in the blocks it
   * makes, and a batch reads the topology at its block's version. Default: 1, a registry that
   * never changes.
   */
  default RegistryVersion latestVersion() {
    return RegistryVersion.of(1);
  }

  /** The threshold public key of {@code subnet} at {@code v}. */
  default Optional<ThresholdPublicKey> publicKey(SubnetId subnet, RegistryVersion v) {
    SubnetTopology t = subnets(v).get(subnet);
    return t == null ? Optional.empty()
        : Optional.of(ThresholdPublicKey.parse(t.publicKey().toByteArray()));
  }
}
