package org.jicp.state.ports;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.Height;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;

/**
 * What one execution round needs besides the state: everything in it comes from a finalized batch
 * (or from the registry at the batch's registry version), so a round is a function of (state,
 * inputs).
 *
 * @param height the batch height; the resulting state has this height
 * @param timeNanos the batch time (execution uses {@code max} of it and the state's time)
 * @param randomness 32 bytes from the batch's random tape ({@code raw_rand} draws from it)
 * @param registryVersion the batch's registry version
 * @param routingTable the routing table at that version
 * @param topology the subnets' keys, types and nodes at that version
 * @param ingress decoded, authenticated ingress messages, in block order
 * @param streamSlices verified slices of other subnets' streams to this one, by sender
 * @param checkpoint whether the resulting state will be checkpointed (native canisters flush
 *     their state into it)
 */
public record RoundInputs(Height height, long timeNanos, Bytes randomness,
    RegistryVersion registryVersion, RoutingTable routingTable,
    SortedMap<SubnetId, SubnetTopology> topology, List<CanisterMessage.Ingress> ingress,
    SortedMap<SubnetId, StreamSlice> streamSlices, boolean checkpoint) {
  /** Validates and copies the components. */
  public RoundInputs {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(randomness, "randomness");
    if (randomness.length() != 32) {
      throw new IllegalArgumentException("round randomness is 32 bytes");
    }
    Objects.requireNonNull(registryVersion, "registryVersion");
    Objects.requireNonNull(routingTable, "routingTable");
    topology = Collections.unmodifiableSortedMap(new TreeMap<>(topology));
    ingress = List.copyOf(ingress);
    streamSlices = Collections.unmodifiableSortedMap(new TreeMap<>(streamSlices));
    if (timeNanos < 0) {
      throw new IllegalArgumentException("negative time");
    }
  }
}
