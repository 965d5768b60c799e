package org.jicp.replica.node;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.component.PayloadBuilder;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.Stream;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.types.ports.ValidationResult;

/**
 * The payload builder of a node (dfinity/ic {@code ingress_manager} and {@code
 * xnet_payload_builder} behind consensus's {@code PayloadBuilder}): ingress from the subnet's
 * ingress pool, and for each other subnet the next slice of its certified stream to this one.
 *
 * <p>Validation of a peer's block: each ingress message decodes to a call whose id is its request
 * id, is not expired at the block's time and expires at most {@code MAX_INGRESS_TTL} (5 min) plus
 * {@code PERMITTED_DRIFT_AT_VALIDATOR} (30 s) after it, is in the block once, is not in the ingress
 * history of the state at the block's certified height, and passes the {@link IngressVerifier}
 * (the sender's signature); each stream slice comes from a subnet of the topology, verifies against
 * that subnet's key (certification, witness, messages) and continues the stream exactly where the
 * state at the certified height and the blocks since left it. A state this node has not computed
 * yet makes the verdict transient (consensus asks again later).
 */
public final class ReplicaPayloadBuilder implements PayloadBuilder {
  /** {@code MAX_INGRESS_TTL}: 5 minutes. */
  public static final long MAX_INGRESS_TTL_NANOS = 300_000_000_000L;
  /** {@code PERMITTED_DRIFT_AT_VALIDATOR}: 30 seconds. */
  public static final long PERMITTED_DRIFT_NANOS = 30_000_000_000L;

  /** The other subnets' certified streams, as this node's XNet client reaches them. */
  public interface SliceSource {
    /** The subnets that may send to this one. */
    List<SubnetId> senders();

    /** The slice of {@code sender}'s certified stream to this subnet from index {@code from}. */
    Optional<CertifiedStreamSlice> slice(SubnetId sender, long from);
  }

  private final SubnetId own;
  private final IngressPool pool;
  private final ReplicatedStateManager states;
  private final NetworkTopology topology;
  private final SliceSource xnet;
  private final IngressVerifier verifier;
  private final CertificateSignatureVerifier bls = CertificateSignatureVerifier.ic();

  /**
   * The payload builder of a node of {@code own} over the subnet's ingress {@code pool}, the
   * node's {@code states}, the registry's {@code topology} and the other subnets' streams.
   */
  public ReplicaPayloadBuilder(SubnetId own, IngressPool pool, ReplicatedStateManager states,
      NetworkTopology topology, SliceSource xnet, IngressVerifier verifier) {
    this.own = Objects.requireNonNull(own, "own");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.states = Objects.requireNonNull(states, "states");
    this.topology = Objects.requireNonNull(topology, "topology");
    this.xnet = Objects.requireNonNull(xnet, "xnet");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  // ------------------------------------------------------------------------------ ingress

  @Override
  public List<IngressMessage> selectIngress(Height height, ValidationContext context,
      Set<MessageId> excluded, long maxBytes, int maxMessages) {
    ReplicatedState s = states.latestState();
    long now = context.time().nanos();
    List<IngressMessage> picked = pool.select(now, maxMessages, maxBytes, id ->
        excluded.contains(id) || s.metadata().ingressHistory().get(id).isPresent());
    picked.removeIf(m -> m.expiry().nanos() > now + MAX_INGRESS_TTL_NANOS + PERMITTED_DRIFT_NANOS
        || verifier.reject(m, now).isPresent());
    return picked;
  }

  @Override
  public ValidationResult validateIngress(Height height, ValidationContext context,
      List<IngressMessage> ingress) {
    if (ingress.isEmpty()) {
      return ValidationResult.valid();
    }
    Optional<ReplicatedState> at = stateAt(context.certifiedHeight());
    if (at.isEmpty()) {
      return ValidationResult.transientFailure("the state of height "
          + context.certifiedHeight() + " is not computed here yet");
    }
    long now = context.time().nanos();
    Set<MessageId> seen = new HashSet<>();
    for (IngressMessage m : ingress) {
      if (!seen.add(m.messageId())) {
        return ValidationResult.invalid("ingress " + m.messageId() + " twice in the block");
      }
      if (m.expiry().nanos() < now) {
        return ValidationResult.invalid("ingress " + m.messageId() + " expired at "
            + m.expiry() + ", before the block's time " + context.time());
      }
      if (m.expiry().nanos() > now + MAX_INGRESS_TTL_NANOS + PERMITTED_DRIFT_NANOS) {
        return ValidationResult.invalid("ingress " + m.messageId() + " expires more than "
            + "5 min 30 s after the block's time");
      }
      if (at.get().metadata().ingressHistory().get(m.messageId()).isPresent()) {
        return ValidationResult.invalid("ingress " + m.messageId() + " is already in the "
            + "ingress history");
      }
      try {
        IngressCodec.decode(m);
      } catch (RuntimeException e) {
        return ValidationResult.invalid("ingress " + m.messageId() + " does not decode: "
            + e.getMessage());
      }
      Optional<String> why = verifier.reject(m, now);
      if (why.isPresent()) {
        return ValidationResult.invalid("ingress " + m.messageId() + ": " + why.get());
      }
    }
    return ValidationResult.valid();
  }

  // ------------------------------------------------------------------------------ xnet

  @Override
  public SortedMap<SubnetId, CertifiedStreamSlice> selectXnet(Height height,
      ValidationContext context, List<PastPayload> past, long maxBytes) {
    TreeMap<SubnetId, CertifiedStreamSlice> out = new TreeMap<>();
    long left = maxBytes;
    for (SubnetId sender : xnet.senders()) {
      if (sender.equals(own)) {
        continue;
      }
      OptionalIndex from = expectedFrom(sender, context, past);
      if (from.index < 0) {
        continue;
      }
      Optional<CertifiedStreamSlice> s = xnet.slice(sender, from.index);
      if (s.isEmpty()) {
        continue;
      }
      long size = size(s.get());
      if (size > left) {
        continue;
      }
      left -= size;
      out.put(sender, s.get());
    }
    return out;
  }

  @Override
  public ValidationResult validateXnet(Height height, ValidationContext context,
      SortedMap<SubnetId, CertifiedStreamSlice> slices, List<PastPayload> past) {
    for (Map.Entry<SubnetId, CertifiedStreamSlice> e : slices.entrySet()) {
      SubnetId sender = e.getKey();
      if (sender.equals(own)) {
        return ValidationResult.invalid("a slice from the subnet itself");
      }
      Optional<ThresholdPublicKey> key = topology.publicKey(sender, context.registryVersion());
      if (key.isEmpty()) {
        return ValidationResult.invalid("a slice from " + sender + ", which is not a subnet at "
            + "registry version " + context.registryVersion());
      }
      try {
        XNet.verify(e.getValue(), sender, own, key.get(), bls);
      } catch (XNet.InvalidSliceException x) {
        return ValidationResult.invalid("the slice from " + sender + ": " + x.getMessage());
      }
      OptionalIndex expected = expectedFrom(sender, context, past);
      if (expected.index < 0) {
        return ValidationResult.transientFailure("the state of height "
            + context.certifiedHeight() + " is not computed here yet");
      }
      long from = ByteBuffer.wrap(e.getValue().payload().toByteArray()).getLong();
      if (from != expected.index) {
        return ValidationResult.invalid("the slice from " + sender + " starts at " + from
            + ", the stream continues at " + expected.index);
      }
    }
    return ValidationResult.valid();
  }

  /** An index, or -1 when it cannot be known here yet. */
  private record OptionalIndex(long index) {}

  /** Where the next slice from {@code sender} must start. */
  private OptionalIndex expectedFrom(SubnetId sender, ValidationContext context,
      List<PastPayload> past) {
    for (PastPayload p : past) {
      CertifiedStreamSlice s = p.xnet().get(sender);
      if (s != null && s.payload().length() == 16) {
        return new OptionalIndex(ByteBuffer.wrap(s.payload().toByteArray()).getLong(8));
      }
    }
    Optional<ReplicatedState> at = stateAt(context.certifiedHeight());
    if (at.isEmpty()) {
      return new OptionalIndex(-1);
    }
    Stream s = at.get().metadata().streams().get(sender);
    return new OptionalIndex(s == null ? 0 : s.signalsEnd());
  }

  private Optional<ReplicatedState> stateAt(Height h) {
    Optional<ReplicatedStateManager.Entry> e = states.entry(h);
    if (e.isPresent()) {
      return Optional.of(e.get().state());
    }
    return Optional.empty();
  }

  private static long size(CertifiedStreamSlice s) {
    return s.payload().length() + s.merkleProof().length()
        + s.certification().signature().length() + 64L;
  }
}
