package org.jicp.consensus.artifact;

import org.jicp.types.IngressMessage;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;

/**
 * The payload of a data block: ingress messages and at most {@code dkg_dealings_per_block} NI-DKG
 * dealings for the DKGs of the current interval.
 *
 * @param ingress the ingress messages, in execution order
 * @param dealings the dealings
 */
public record DataPayload(List<IngressMessage> ingress, List<DealingMessage> dealings) implements BlockPayload {
  /** The empty payload. */
  public static final DataPayload EMPTY = new DataPayload(List.of(), List.of());

  /** Validates and copies the components. */
  public DataPayload {
    ingress = List.copyOf(Objects.requireNonNull(ingress, "ingress"));
    dealings = List.copyOf(Objects.requireNonNull(dealings, "dealings"));
  }

  /** The bytes of ingress, for the payload limit. */
  public long ingressBytes() {
    long total = 0;
    for (IngressMessage m : ingress) {
      total += m.countedBytes();
    }
    return total;
  }

  @Override
  public CryptoHash hash() {
    HashTraitWriter w = new HashTraitWriter();
    w.discriminant(0).u64(ingress.size());
    for (IngressMessage m : ingress) {
      w.bytes(m.messageId().bytes()).u64(m.expiry().nanos()).bytes(m.content());
    }
    w.u64(dealings.size());
    for (DealingMessage d : dealings) {
      d.hashInto(w);
    }
    return CryptoHash.compute(Domains.INMEMORY_PAYLOAD, w.toByteArray());
  }
}
