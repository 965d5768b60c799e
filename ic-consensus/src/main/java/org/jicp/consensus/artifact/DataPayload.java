package org.jicp.consensus.artifact;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.IngressMessage;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * The payload of a data block (the IC's {@code DataPayload} with its {@code BatchPayload}): ingress
 * messages, certified stream slices from other subnets ({@code xnet}, at most one per sending
 * subnet), and at most {@code dkg_dealings_per_block} NI-DKG dealings for the DKGs of the current
 * interval. Consensus checks the limits (count and bytes); whether the ingress and the slices are
 * acceptable is the payload builder's verdict.
 *
 * @param ingress the ingress messages, in execution order
 * @param xnet the stream slices, by sending subnet
 * @param dealings the dealings
 */
public record DataPayload(List<IngressMessage> ingress, SortedMap<SubnetId, CertifiedStreamSlice> xnet, List<DealingMessage> dealings)
    implements BlockPayload {
  /** The empty payload. */
  public static final DataPayload EMPTY = new DataPayload(List.of(), List.of());

  /** Validates and copies the components. */
  public DataPayload {
    ingress = List.copyOf(Objects.requireNonNull(ingress, "ingress"));
    xnet = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(xnet, "xnet")));
    dealings = List.copyOf(Objects.requireNonNull(dealings, "dealings"));
  }

  /** A payload without stream slices. */
  public DataPayload(List<IngressMessage> ingress, List<DealingMessage> dealings) {
    this(ingress, new TreeMap<>(), dealings);
  }

  /** The bytes of ingress, for the payload limit. */
  public long ingressBytes() {
    long total = 0;
    for (IngressMessage m : ingress) {
      total += m.countedBytes();
    }
    return total;
  }

  /** The bytes of the stream slices, for the payload limit. */
  public long xnetBytes() {
    long total = 0;
    for (CertifiedStreamSlice s : xnet.values()) {
      total += s.countedBytes();
    }
    return total;
  }

  /** The bytes counted against {@code max_block_payload_size}: ingress and stream slices. */
  public long payloadBytes() {
    return ingressBytes() + xnetBytes();
  }

  @Override
  public CryptoHash hash() {
    HashTraitWriter w = new HashTraitWriter();
    w.discriminant(0).u64(ingress.size());
    for (IngressMessage m : ingress) {
      w.bytes(m.messageId().bytes()).u64(m.expiry().nanos()).bytes(m.content());
    }
    w.u64(xnet.size());
    for (Map.Entry<SubnetId, CertifiedStreamSlice> e : xnet.entrySet()) {
      CertifiedStreamSlice s = e.getValue();
      Certification c = s.certification();
      w.principal(e.getKey().principal()).bytes(s.payload()).bytes(s.merkleProof());
      w.u64(c.height().value()).bytes(c.rootHash()).bytes(c.signature()).principal(c.signer().principal());
    }
    w.u64(dealings.size());
    for (DealingMessage d : dealings) {
      d.hashInto(w);
    }
    return CryptoHash.compute(Domains.INMEMORY_PAYLOAD, w.toByteArray());
  }
}
