package org.jicp.consensus.sim;

import org.jicp.types.MessageId;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.types.Time;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.component.PayloadBuilder;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.types.ports.ValidationResult;

/**
 * A synthetic payload source: {@code perBlock} small ingress messages for each height, with ids
 * derived from the seed, the height and the index (so every maker of a height offers the same
 * messages and no height repeats another's), expiring five minutes ({@code MAX_INGRESS_TTL}) after
 * the block's time; and, if {@code xnetPerBlock > 0}, a stream slice from one simulated remote
 * subnet ({@link #REMOTE}) per data block.
 *
 * <p>The stream stand-in: the slice of the block at height h carries the messages {@code [h·k,
 * h·k + k)} of the remote stream ({@code k = xnetPerBlock}); its witness is empty and its
 * "certified root" is {@code SHA-256("jicp-sim-stream" ‖ payload ‖ witness)}, "signed" by the
 * remote subnet with a keyed hash (insecure, as the fast crypto is). The builder accepts a slice
 * only from the known sender, with a matching root, a valid signature, the indices the height
 * calls for, and none already in the chain above the certified height: what a real XNet payload
 * builder checks (certification, witness, continuity), in miniature.
 */
final class SimulatedIngress implements PayloadBuilder {
  /** The simulated remote subnet the stream slices come from. */
  static final SubnetId REMOTE = new SubnetId(org.jicp.crypto.Principal.fromBytes(new byte[] {0x72, 0x65, 0x6d, 0x6f, 0x74, 0x65}));
  /** {@code MAX_INGRESS_TTL}. */
  static final Duration TTL = Duration.ofMinutes(5);
  /** {@code max_ingress_bytes_per_message} of an application subnet: 2 MiB. */
  static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

  private final long seed;
  private final int perBlock;
  private final int xnetPerBlock;

  SimulatedIngress(long seed, int perBlock, int xnetPerBlock) {
    this.seed = seed;
    this.perBlock = perBlock;
    this.xnetPerBlock = xnetPerBlock;
  }

  // ---------------------------------------------------------------------------------------------
  // Stream slices

  private static Bytes root(Bytes payload, Bytes witness) {
    return SimulatedExecution.sha256("jicp-sim-stream".getBytes(java.nio.charset.StandardCharsets.US_ASCII), payload.toByteArray(), witness.toByteArray()).value();
  }

  private Bytes remoteSignature(Height remoteHeight, Bytes root) {
    return SimulatedExecution.sha256(ByteBuffer.allocate(16).putLong(seed).putLong(remoteHeight.value()).array(), root.toByteArray()).value().slice(0, 16);
  }

  /** The slice a block at {@code height} carries: messages {@code [h·k, h·k + k)}. */
  CertifiedStreamSlice slice(Height height) {
    long begin = height.value() * xnetPerBlock;
    Bytes payload = Bytes.of(ByteBuffer.allocate(16 + 8 * xnetPerBlock).putLong(begin).putLong(begin + xnetPerBlock).array());
    Bytes witness = Bytes.EMPTY;
    Bytes root = root(payload, witness);
    Height remoteHeight = Height.of(begin + xnetPerBlock);
    return new CertifiedStreamSlice(payload, witness, new Certification(remoteHeight, root, remoteSignature(remoteHeight, root), REMOTE));
  }

  private static long[] indices(CertifiedStreamSlice s) {
    if (s.payload().length() < 16) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(s.payload().toByteArray());
    return new long[] {b.getLong(), b.getLong()};
  }

  @Override
  public SortedMap<SubnetId, CertifiedStreamSlice> selectXnet(Height height, ValidationContext context, List<PastPayload> past, long maxBytes) {
    SortedMap<SubnetId, CertifiedStreamSlice> out = new TreeMap<>();
    if (xnetPerBlock > 0) {
      CertifiedStreamSlice s = slice(height);
      if (s.countedBytes() <= maxBytes) {
        out.put(REMOTE, s);
      }
    }
    return out;
  }

  @Override
  public ValidationResult validateXnet(Height height, ValidationContext context, SortedMap<SubnetId, CertifiedStreamSlice> xnet, List<PastPayload> past) {
    for (Map.Entry<SubnetId, CertifiedStreamSlice> e : xnet.entrySet()) {
      CertifiedStreamSlice s = e.getValue();
      if (xnetPerBlock == 0 || !e.getKey().equals(REMOTE)) {
        return ValidationResult.invalid("no stream from subnet " + e.getKey() + " to this subnet");
      }
      if (!s.certification().signer().equals(REMOTE)) {
        return ValidationResult.invalid("the slice from " + e.getKey() + " is certified by " + s.certification().signer());
      }
      if (!root(s.payload(), s.merkleProof()).equals(s.certification().rootHash())) {
        return ValidationResult.invalid("the slice's witness does not lead to the certified root hash");
      }
      if (!remoteSignature(s.certification().height(), s.certification().rootHash()).equals(s.certification().signature())) {
        return ValidationResult.invalid("the slice's certification does not verify under the sending subnet's key");
      }
      long[] ix = indices(s);
      if (ix == null || ix[0] != height.value() * xnetPerBlock || ix[1] != ix[0] + xnetPerBlock) {
        return ValidationResult.invalid("the slice does not continue the stream where the chain left it");
      }
      for (PastPayload p : past) {
        CertifiedStreamSlice earlier = p.xnet().get(REMOTE);
        long[] jx = earlier == null ? null : indices(earlier);
        if (jx != null && jx[0] < ix[1] && ix[0] < jx[1]) {
          return ValidationResult.invalid("messages of the slice are already in the block at height " + p.height());
        }
      }
    }
    return ValidationResult.valid();
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
