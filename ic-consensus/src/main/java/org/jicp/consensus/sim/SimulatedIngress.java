package org.jicp.consensus.sim;

import org.jicp.types.MessageId;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jicp.types.Time;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.component.PayloadBuilder;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.ports.ValidationResult;

/**
 * A synthetic ingress source: {@code perBlock} small messages for each height, with ids derived
 * from the seed, the height and the index (so every maker of a height offers the same messages
 * and no height repeats another's), expiring five minutes ({@code MAX_INGRESS_TTL}) after the
 * block's time.
 */
final class SimulatedIngress implements PayloadBuilder {
  /** {@code MAX_INGRESS_TTL}. */
  static final Duration TTL = Duration.ofMinutes(5);
  /** {@code max_ingress_bytes_per_message} of an application subnet: 2 MiB. */
  static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

  private final long seed;
  private final int perBlock;

  SimulatedIngress(long seed, int perBlock) {
    this.seed = seed;
    this.perBlock = perBlock;
  }

  static MessageId messageId(long seed, long height, int index) {
    return new MessageId(Bytes.of(ByteBuffer.allocate(32).putLong(seed).putLong(height).putLong(index).putLong(0x696e67726573730aL).array()));
  }

  @Override
  public List<IngressMessage> selectIngress(Height height, ValidationContext context, Set<MessageId> excluded, long maxBytes, int maxMessages) {
    List<IngressMessage> out = new ArrayList<>(perBlock);
    long bytes = 0;
    for (int i = 0; i < perBlock && out.size() < maxMessages; i++) {
      MessageId id = messageId(seed, height.value(), i);
      if (excluded.contains(id)) {
        continue;
      }
      IngressMessage m = new IngressMessage(id, context.time().plus(TTL), Bytes.of(ByteBuffer.allocate(24).putLong(height.value()).putInt(i).array()));
      if (bytes + m.countedBytes() > maxBytes) {
        break;
      }
      bytes += m.countedBytes();
      out.add(m);
    }
    return out;
  }

  @Override
  public ValidationResult validateIngress(Height height, ValidationContext context, List<IngressMessage> ingress) {
    for (IngressMessage m : ingress) {
      if (m.expiry().compareTo(context.time()) < 0) {
        return ValidationResult.invalid("ingress message " + m.messageId() + " expired at " + m.expiry());
      }
      if (m.expiry().compareTo(context.time().plus(TTL)) > 0) {
        return ValidationResult.invalid("ingress message " + m.messageId() + " expires more than the TTL after the block time");
      }
      if (m.content().length() > MAX_MESSAGE_BYTES) {
        return ValidationResult.invalid("ingress message " + m.messageId() + " is larger than " + MAX_MESSAGE_BYTES + " bytes");
      }
    }
    return ValidationResult.valid();
  }

  /** An ingress message for tests: id from {@code (seed, height, index)}, expiring after {@code at}. */
  static IngressMessage message(long seed, long height, int index, Time at) {
    return new IngressMessage(messageId(seed, height, index), at.plus(TTL), Bytes.of(new byte[24]));
  }
}
