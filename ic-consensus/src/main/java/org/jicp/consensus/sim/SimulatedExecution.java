package org.jicp.consensus.sim;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Batch;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertificationScope;
import org.jicp.types.ports.CertifiedState;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.types.ports.MessageRouting;
import org.jicp.types.ports.StateHashToCertify;
import org.jicp.types.ports.StateManager;
import org.jicp.types.ports.StateSync;

/**
 * A test façade over the ports consensus talks to: message routing, a state manager and state sync
 * for a node whose "state" is a hash chain. Executing the batch of height h gives the state {@code
 * SHA-256(state(h−1) ‖ digest(batch))} ({@link #digest}), committed at h; its certified-tree root
 * hash and (for checkpoint batches) its full state hash are that value.
 *
 * <p>Two ways of certifying: {@link Certifying#IMMEDIATE} certifies each state as it is committed
 * (with a placeholder certification: no signature), which is what the simulator did before it had
 * a certifier; {@link Certifying#BY_CERTIFIER} leaves the states in {@link
 * #listStateHashesToCertify()} until the certifier delivers the subnet's certification. The start
 * state (genesis, height 0, or a restart's catch-up package) and a catch-up package's state adopted
 * by {@link #fetchState} (state sync, completed at once) count as certified, the package vouching
 * for them; the genesis state has no certification object. Every executed batch and sync is reported to a listener
 * (the simulator's agreement check).
 */
public final class SimulatedExecution implements MessageRouting, StateManager<CryptoHash>, StateSync {
  /** How committed states get certified. */
  public enum Certifying {
    /** At once, without a signature (no certifier runs). */
    IMMEDIATE,
    /** Only by certifications delivered by the certifier. */
    BY_CERTIFIER
  }

  /** What the simulator learns from execution. */
  public interface Listener {
    /** A batch was executed, giving {@code stateHash}. */
    void onBatch(Batch batch, CryptoHash stateHash);

    /** The state of {@code height} was adopted from a catch-up package. */
    void onSync(Height height, CryptoHash stateHash);

    /** A listener that ignores everything. */
    Listener NONE =
        new Listener() {
          @Override
          public void onBatch(Batch batch, CryptoHash stateHash) {}

          @Override
          public void onSync(Height height, CryptoHash stateHash) {}
        };
  }

  /** How many recent states are kept. */
  private static final int KEPT = 4096;

  private final SubnetId subnet;
  private final Certifying certifying;
  private final Listener listener;
  private final NavigableMap<Long, CryptoHash> states = new TreeMap<>();
  private final NavigableMap<Long, CryptoHash> checkpoints = new TreeMap<>();
  private final NavigableMap<Long, Certification> certifications = new TreeMap<>();
  private long latest;
  private long certified;

  /**
   * Execution whose (trusted, certified) state at {@code start} is {@code startState}, of a node
   * of {@code subnet}, reporting to {@code listener}.
   */
  public SimulatedExecution(SubnetId subnet, Height start, CryptoHash startState, Certifying certifying, Listener listener) {
    this.subnet = Objects.requireNonNull(subnet, "subnet");
    this.certifying = Objects.requireNonNull(certifying, "certifying");
    this.listener = Objects.requireNonNull(listener, "listener");
    adopt(start.value(), startState);
  }

  static CryptoHash sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return new CryptoHash(Bytes.of(md.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A digest of everything in a batch: height, time, registry version, randomness, the ingress
   * (id, expiry, content), the stream slices (sender, payload, witness, certification) and the
   * checkpoint flag. Two nodes that agree on the batch agree on its digest.
   */
  public static CryptoHash digest(Batch b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ByteBuffer.allocate(33).putLong(b.height().value()).putLong(b.time().nanos()).putLong(b.registryVersion().value())
          .putLong(b.ingress().size()).put((byte) (b.requiresFullStateHash() ? 1 : 0)).array());
      md.update(b.randomness().toByteArray());
      for (IngressMessage m : b.ingress()) {
        md.update(m.messageId().bytes().toByteArray());
        md.update(ByteBuffer.allocate(12).putLong(m.expiry().nanos()).putInt(m.content().length()).array());
        md.update(m.content().toByteArray());
      }
      for (Map.Entry<SubnetId, CertifiedStreamSlice> e : b.xnetSlices().entrySet()) {
        byte[] from = e.getKey().toByteArray();
        CertifiedStreamSlice s = e.getValue();
        md.update(ByteBuffer.allocate(16).putInt(from.length).putInt(s.payload().length()).putInt(s.merkleProof().length())
            .putInt(s.certification().signature().length()).array());
        md.update(from);
        md.update(s.payload().toByteArray());
        md.update(s.merkleProof().toByteArray());
        md.update(s.certification().rootHash().toByteArray());
        md.update(s.certification().signature().toByteArray());
      }
      return new CryptoHash(Bytes.of(md.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // MessageRouting

  @Override
  public DeliveryResult deliverBatch(Batch batch) {
    if (batch.height().value() != latest + 1) {
      return new DeliveryResult.Ignored(expectedBatchHeight(), batch.height());
    }
    CryptoHash state = sha256(states.get(latest).value().toByteArray(), digest(batch).value().toByteArray());
    commitAndCertify(state, batch.height(), batch.requiresFullStateHash() ? CertificationScope.FULL : CertificationScope.METADATA);
    listener.onBatch(batch, state);
    return new DeliveryResult.Accepted();
  }

  @Override
  public Height expectedBatchHeight() {
    return Height.of(latest + 1);
  }

  // ---------------------------------------------------------------------------------------------
  // StateSync

  @Override
  public void fetchState(Height height, Bytes fullStateHash) {
    if (height.value() <= latest) {
      return;
    }
    CryptoHash state = new CryptoHash(fullStateHash);
    adopt(height.value(), state);
    listener.onSync(height, state);
  }

  private void adopt(long h, CryptoHash state) {
    states.put(h, state);
    checkpoints.put(h, state);
    if (h > 0) {
      certifications.put(h, placeholder(h, state));
    }
    latest = h;
    certified = Math.max(certified, h);
    trim();
  }

  private Certification placeholder(long h, CryptoHash state) {
    return new Certification(Height.of(h), state.value(), Bytes.EMPTY, subnet);
  }

  private void trim() {
    while (states.size() > KEPT) {
      states.pollFirstEntry();
    }
    while (checkpoints.size() > KEPT) {
      checkpoints.pollFirstEntry();
    }
    while (certifications.size() > KEPT) {
      certifications.pollFirstEntry();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // StateManager

  @Override
  public Tip<CryptoHash> takeTip() {
    return new Tip<>(Height.of(latest), states.get(latest));
  }

  @Override
  public void commitAndCertify(CryptoHash state, Height height, CertificationScope scope) {
    Objects.requireNonNull(state, "state");
    if (height.value() != latest + 1) {
      throw new IllegalArgumentException("commit at " + height + ", the next height is " + (latest + 1));
    }
    states.put(height.value(), state);
    if (scope == CertificationScope.FULL) {
      checkpoints.put(height.value(), state);
    }
    latest = height.value();
    if (certifying == Certifying.IMMEDIATE) {
      certifications.put(latest, placeholder(latest, state));
      certified = latest;
    }
    trim();
  }

  @Override
  public List<StateHashToCertify> listStateHashesToCertify() {
    List<StateHashToCertify> out = new ArrayList<>();
    for (Map.Entry<Long, CryptoHash> e : states.tailMap(certified, false).entrySet()) {
      if (!certifications.containsKey(e.getKey())) {
        out.add(new StateHashToCertify(Height.of(e.getKey()), e.getValue().value()));
      }
    }
    return out;
  }

  @Override
  public boolean deliverStateCertification(Certification certification) {
    long h = certification.height().value();
    CryptoHash state = states.get(h);
    if (state == null || !state.value().equals(certification.rootHash())) {
      return false;
    }
    if (!certifications.containsKey(h)) {
      certifications.put(h, certification);
    }
    certified = Math.max(certified, h);
    return true;
  }

  @Override
  public Height latestStateHeight() {
    return Height.of(latest);
  }

  @Override
  public CryptoHash latestState() {
    return states.get(latest);
  }

  @Override
  public Height latestCertifiedHeight() {
    return Height.of(certified);
  }

  @Override
  public Optional<CertifiedState<CryptoHash>> latestCertifiedState() {
    Certification c = certifications.get(certified);
    CryptoHash s = states.get(certified);
    if (c == null || s == null) {
      return Optional.empty();
    }
    return Optional.of(new CertifiedState<>(Height.of(certified), s, c));
  }

  @Override
  public Optional<Bytes> fullStateHash(Height height) {
    return Optional.ofNullable(checkpoints.get(height.value())).map(CryptoHash::value);
  }

  @Override
  public void removeStatesBelow(Height height) {
    long keep = Math.min(height.value(), Math.min(latest, certified));
    states.headMap(keep, false).clear();
    certifications.headMap(keep, false).clear();
  }
}
