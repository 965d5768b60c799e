package org.jicp.consensus.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.consensus.InvalidArtifactException;
import org.jicp.types.NodeId;

/**
 * The consensus public keys of a subnet's nodes at a registry version: what a node reads from the
 * registry to verify its peers. Parsed once: every node's proofs of possession are checked on
 * construction, so a key in here is safe to aggregate.
 */
public final class SubnetPublicKeys {
  private final Map<NodeId, NodePublicKeys> byNode = new TreeMap<>();

  private SubnetPublicKeys() {}

  /**
   * The keys of {@code nodes}.
   *
   * @throws InvalidArtifactException if a node appears twice or a proof of possession does not
   *     verify
   */
  public static SubnetPublicKeys of(Collection<NodePublicKeys> nodes) {
    SubnetPublicKeys k = new SubnetPublicKeys();
    for (NodePublicKeys n : nodes) {
      if (k.byNode.containsKey(n.node())) {
        throw new InvalidArtifactException("the keys of " + n.node() + " appear twice");
      }
      if (!n.verifyProofsOfPossession()) {
        throw new InvalidArtifactException("a proof of possession of " + n.node() + "'s keys does not verify");
      }
      k.byNode.put(n.node(), n);
    }
    return k;
  }

  /** The nodes, sorted. */
  public List<NodeId> nodes() {
    return new ArrayList<>(byNode.keySet());
  }

  /** The keys of {@code node}, if it is in the subnet. */
  public Optional<NodePublicKeys> get(NodeId node) {
    return Optional.ofNullable(byNode.get(node));
  }
}
