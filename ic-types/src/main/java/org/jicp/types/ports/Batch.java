package org.jicp.types.ports;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.Time;

/**
 * What consensus hands to message routing for one finalized height (dfinity/ic {@code Batch}):
 * the ingress messages and cross-subnet stream slices of the block's payload, the randomness of
 * the height's random tape, the block time, the registry version the block was validated at, and
 * whether the state after this batch is a checkpoint (its full state hash goes into a catch-up
 * package). Depends on no consensus type: a batch is all execution needs to be deterministic.
 *
 * <p>As dfinity/ic {@code rs/consensus/src/consensus/batch_delivery.rs} builds it: {@code
 * randomness} is {@code crypto_hash} of the height's random tape ({@code
 * crypto_hashable_to_seed(&tape)}), {@code time} and {@code registryVersion} are the block's
 * validation context, and {@code requiresFullStateHash} is set for summary blocks ({@code
 * block.payload.is_summary()}: the first height of each DKG interval, the height a catch-up package
 * certifies), whose batch carries no messages.
 *
 * @param height the batch height (= the block height = the height of the state it produces)
 * @param time the block time; execution never sees time go backwards
 * @param registryVersion the registry version to execute at
 * @param randomness the 32-byte crypto hash of the random tape of this height (seeds {@code
 *     raw_rand})
 * @param ingress the ingress messages, in block order
 * @param xnetSlices stream slices from other subnets, by sending subnet
 * @param requiresFullStateHash whether the resulting state is checkpointed and its full hash
 *     computed (the batch of a summary block, where a catch-up package needs the state hash)
 */
public record Batch(
    Height height,
    Time time,
    RegistryVersion registryVersion,
    Bytes randomness,
    List<IngressMessage> ingress,
    SortedMap<SubnetId, CertifiedStreamSlice> xnetSlices,
    boolean requiresFullStateHash) {
  /** Validates and copies the components. */
  public Batch {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(registryVersion, "registryVersion");
    Objects.requireNonNull(randomness, "randomness");
    if (randomness.length() != 32) {
      throw new IllegalArgumentException("batch randomness is 32 bytes, got " + randomness.length());
    }
    ingress = List.copyOf(ingress);
    xnetSlices = Collections.unmodifiableSortedMap(new TreeMap<>(xnetSlices));
  }

  /** A batch with ingress only (no stream slices, no checkpoint). */
  public static Batch of(Height height, Time time, RegistryVersion registryVersion,
      Bytes randomness, List<IngressMessage> ingress) {
    return new Batch(height, time, registryVersion, randomness, ingress, new TreeMap<>(), false);
  }
}
