package org.jicp.consensus.sim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.consensus.component.Batch;
import org.jicp.consensus.component.BatchConsumer;
import org.jicp.consensus.component.StateCertifier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * A node's simulated execution and certification: the state hash after height h is {@code
 * SHA-256(state(h−1) ‖ block hash ‖ tape signature)}, certified as soon as the batch is executed. A
 * catch-up package's state is adopted by {@link #syncTo} (state sync). Every delivered batch and
 * sync is reported to a listener (the simulator's agreement check).
 */
public final class SimulatedExecution implements BatchConsumer, StateCertifier {
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

  private final NavigableMap<Long, CryptoHash> hashes = new TreeMap<>();
  private final Listener listener;
  private long next;
  private CryptoHash state;

  /** Execution whose state at {@code start} is {@code startState}, reporting to {@code listener}. */
  public SimulatedExecution(Height start, CryptoHash startState, Listener listener) {
    this.listener = listener;
    this.next = start.value() + 1;
    this.state = startState;
    hashes.put(start.value(), startState);
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

  @Override
  public void deliver(Batch batch) {
    if (batch.height().value() != next) {
      throw new IllegalStateException("batch " + batch.height() + " delivered, expected " + next);
    }
    state = sha256(state.value().toByteArray(), batch.block().hash().value().toByteArray(), batch.randomTape().signature().signature().toByteArray());
    hashes.put(next, state);
    next++;
    if (hashes.size() > 4096) {
      hashes.pollFirstEntry();
    }
    listener.onBatch(batch, state);
  }

  @Override
  public void syncTo(Height height, CryptoHash stateHash) {
    state = stateHash;
    hashes.put(height.value(), stateHash);
    next = height.value() + 1;
    listener.onSync(height, stateHash);
  }

  @Override
  public Height certifiedHeight() {
    return Height.of(next - 1);
  }

  @Override
  public Optional<CryptoHash> stateHash(Height height) {
    return Optional.ofNullable(hashes.get(height.value()));
  }

  @Override
  public Height nextBatchHeight() {
    return Height.of(next);
  }
}
