package org.jicp.consensus.component;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.types.ports.ValidationResult;

/**
 * Where blocks get their messages: the IC's payload builder over the ingress manager and the XNet
 * payload builder ({@code rs/consensus/src/consensus/payload_builder.rs}). Consensus enforces the
 * block limits (messages, bytes) and the rule that an ingress message is in at most one block of a
 * chain itself; the builder selects messages and judges what only it can: user signatures, expiry
 * and canister state for ingress; for stream slices, that each is certified by its sending subnet
 * (certification against the sender's key at the context's registry version, witness against the
 * certified root) and continues the stream where the state and the {@code past} payloads left it.
 *
 * <p>Validation answers with a {@link ValidationResult}: valid, invalid (the block is rejected),
 * or transient (cannot be judged yet, e.g. the registry version or the certified state of the
 * context is not available locally; consensus retries later).
 */
public interface PayloadBuilder {
  /**
   * The payload of a block between the context's certified height and a new block: what the
   * builder must not select again and what a validator checks continuity against.
   *
   * @param height the block height
   * @param ingress the block's ingress
   * @param xnet the block's stream slices
   */
  record PastPayload(Height height, List<IngressMessage> ingress, SortedMap<SubnetId, CertifiedStreamSlice> xnet) {
    /** Validates and copies the components. */
    public PastPayload {
      Objects.requireNonNull(height, "height");
      ingress = List.copyOf(ingress);
      xnet = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(xnet));
    }
  }

  /**
   * Messages for a new block at {@code height}, none of whose ids is in {@code excluded} (the
   * ingress of the chain's recent blocks), within the limits.
   */
  List<IngressMessage> selectIngress(Height height, ValidationContext context, Set<MessageId> excluded, long maxBytes, int maxMessages);

  /** Whether the ingress of a proposed block is acceptable. */
  ValidationResult validateIngress(Height height, ValidationContext context, List<IngressMessage> ingress);

  /**
   * Stream slices for a new block at {@code height}, at most one per sending subnet, continuing
   * the streams after the slices in {@code past} (newest first), within {@code maxBytes}. By
   * default none.
   */
  default SortedMap<SubnetId, CertifiedStreamSlice> selectXnet(Height height, ValidationContext context, List<PastPayload> past, long maxBytes) {
    return new TreeMap<>();
  }

  /**
   * Whether the stream slices of a proposed block are acceptable. By default a builder that takes
   * no slices accepts only none: it cannot verify a certification.
   */
  default ValidationResult validateXnet(Height height, ValidationContext context, SortedMap<SubnetId, CertifiedStreamSlice> xnet, List<PastPayload> past) {
    return xnet.isEmpty() ? ValidationResult.valid() : ValidationResult.invalid("this subnet takes no stream slices");
  }

  /** A builder that proposes nothing and accepts any ingress (and no stream slices). */
  static PayloadBuilder empty() {
    return new PayloadBuilder() {
      @Override
      public List<IngressMessage> selectIngress(Height height, ValidationContext context, Set<MessageId> excluded, long maxBytes, int maxMessages) {
        return List.of();
      }

      @Override
      public ValidationResult validateIngress(Height height, ValidationContext context, List<IngressMessage> ingress) {
        return ValidationResult.valid();
      }
    };
  }
}
