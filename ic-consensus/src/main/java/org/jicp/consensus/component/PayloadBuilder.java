package org.jicp.consensus.component;

import org.jicp.types.MessageId;

import java.util.List;
import java.util.Set;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/**
 * Where blocks get their ingress (the IC's ingress manager behind {@code PayloadBuilder}).
 * Consensus enforces the block limits and the rule that a message is in at most one block of a
 * chain itself; the builder selects messages and validates what only it can judge (user
 * signatures, expiry, canister state).
 */
public interface PayloadBuilder {
  /**
   * Messages for a new block at {@code height}, none of whose ids is in {@code excluded} (the
   * ingress of the chain's recent blocks), within the limits.
   */
  List<IngressMessage> selectIngress(Height height, ValidationContext context, Set<MessageId> excluded, long maxBytes, int maxMessages);

  /** Whether the ingress of a proposed block is acceptable (empty) or why not. */
  java.util.Optional<String> validateIngress(Height height, ValidationContext context, List<IngressMessage> ingress);

  /** A builder that proposes no ingress and accepts any. */
  static PayloadBuilder empty() {
    return new PayloadBuilder() {
      @Override
      public List<IngressMessage> selectIngress(Height height, ValidationContext context, Set<MessageId> excluded, long maxBytes, int maxMessages) {
        return List.of();
      }

      @Override
      public java.util.Optional<String> validateIngress(Height height, ValidationContext context, List<IngressMessage> ingress) {
        return java.util.Optional.empty();
      }
    };
  }
}
