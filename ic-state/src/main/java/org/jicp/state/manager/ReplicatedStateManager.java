package org.jicp.state.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.replicated.CertifiedStateTree;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.Height;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertificationScope;
import org.jicp.types.ports.CertifiedState;
import org.jicp.types.ports.StateHashToCertify;

/**
 * The state manager of a node (dfinity/ic {@code rs/state_manager}): the {@link
 * org.jicp.types.ports.StateManager} port over {@link ReplicatedState}. It keeps the states of
 * recent heights in memory with their certified trees (built incrementally, each from the one
 * before), tracks which are certified, and writes a checkpoint (through {@link StateManager}, the
 * crash-safe checkpoint store) for {@link CertificationScope#FULL} commits when it has a
 * directory; the checkpoint's manifest hash is the full state hash of that height.
 *
 * <p>Thread safety: all methods are synchronized; states are immutable values, so a reader may
 * keep using a state after newer ones are committed.
 */
public final class ReplicatedStateManager
    implements org.jicp.types.ports.StateManager<ReplicatedState> {
  /** A committed state with its certified tree and, once delivered, its certification. */
  public record Entry(Height height, ReplicatedState state, CertifiedStateTree tree,
      Optional<Certification> certification) {}

  private final Optional<StateManager> checkpoints;
  private final int keepInMemory;
  private final TreeMap<Long, Entry> entries = new TreeMap<>();
  private final TreeMap<Long, Bytes> fullHashes = new TreeMap<>();
  private Entry latestCertified;

  /**
   * A manager whose latest state is {@code initial} (genesis, or a state loaded from a
   * checkpoint), keeping at least {@code keepInMemory} recent states, checkpointing into {@code
   * checkpoints} if given.
   */
  public ReplicatedStateManager(ReplicatedState initial, Optional<StateManager> checkpoints,
      int keepInMemory) {
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    if (keepInMemory < 2) {
      throw new IllegalArgumentException("keep at least 2 states");
    }
    this.keepInMemory = keepInMemory;
    entries.put(initial.height().value(), new Entry(initial.height(), initial,
        CertifiedStateTree.of(initial), Optional.empty()));
    checkpoints.ifPresent(c -> {
      if (c.checkpointHeights().contains(initial.height())) {
        fullHashes.put(initial.height().value(), c.manifest(initial.height()).hash());
      }
    });
  }

  /**
   * Forgets every state and makes {@code state} the latest, uncertified (restoring a snapshot of
   * a whole replica in tests). Not allowed with a checkpoint directory, whose heights must only
   * grow.
   */
  public synchronized void reset(ReplicatedState state) {
    if (checkpoints.isPresent()) {
      throw new IllegalStateException("a state manager with checkpoints cannot be reset");
    }
    entries.clear();
    latestCertified = null;
    entries.put(state.height().value(), new Entry(state.height(), state,
        CertifiedStateTree.of(state), Optional.empty()));
  }

  /**
   * Forgets every state and makes {@code entry} (from {@link #latestEntry} earlier, with its tree
   * and certification) the latest again: {@link #reset(ReplicatedState)} without recomputing the
   * tree or the certification, for restoring the same snapshot many times.
   */
  public synchronized void reset(Entry entry) {
    if (checkpoints.isPresent()) {
      throw new IllegalStateException("a state manager with checkpoints cannot be reset");
    }
    entries.clear();
    entries.put(entry.height().value(), entry);
    latestCertified = entry.certification().isPresent() ? entry : null;
  }

  /**
   * Makes {@code checkpoint}, a checkpoint of a greater height that state sync wrote into this
   * manager's checkpoint store, the latest state (uncertified; its tree is computed here): the
   * node continues from the catch-up package that names it. Heights only grow.
   *
   * @throws IllegalArgumentException if the checkpoint is not above the latest state, or its
   *     manifest hash is unknown to the store
   */
  public synchronized void adoptSyncedCheckpoint(ReplicatedState state, Bytes manifestHash) {
    Objects.requireNonNull(state, "state");
    Entry last = entries.lastEntry().getValue();
    if (state.height().value() <= last.height().value()) {
      throw new IllegalArgumentException("a synced state of height " + state.height()
          + " is not above the latest " + last.height());
    }
    entries.clear();
    latestCertified = null;
    entries.put(state.height().value(), new Entry(state.height(), state,
        CertifiedStateTree.of(state), Optional.empty()));
    fullHashes.put(state.height().value(), manifestHash);
  }

  /** The checkpoint store, if the manager has a directory. */
  public Optional<StateManager> checkpointStore() {
    return checkpoints;
  }

  @Override
  public synchronized Tip<ReplicatedState> takeTip() {
    Entry e = entries.lastEntry().getValue();
    return new Tip<>(e.height(), e.state());
  }

  @Override
  public synchronized void commitAndCertify(ReplicatedState state, Height height,
      CertificationScope scope) {
    Objects.requireNonNull(state, "state");
    Entry last = entries.lastEntry().getValue();
    if (height.value() != last.height().value() + 1) {
      throw new IllegalArgumentException("commit of height " + height + " after "
          + last.height());
    }
    if (!state.height().equals(height)) {
      throw new IllegalArgumentException("a state of height " + state.height()
          + " committed as " + height);
    }
    ReplicatedState s = state;
    if (scope == CertificationScope.FULL && checkpoints.isPresent()) {
      StateManager.Checkpoint cp = checkpoints.get().checkpoint(state);
      s = cp.state();
      fullHashes.put(height.value(), cp.manifest().hash());
    }
    entries.put(height.value(), new Entry(height, s, last.tree().update(s), Optional.empty()));
    while (entries.size() > keepInMemory) {
      long first = entries.firstKey();
      if (latestCertified != null && first >= latestCertified.height().value()) {
        break;
      }
      entries.pollFirstEntry();
    }
  }

  @Override
  public synchronized List<StateHashToCertify> listStateHashesToCertify() {
    List<StateHashToCertify> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.certification().isEmpty() && e.height().value() > 0
          && (latestCertified == null || e.height().compareTo(latestCertified.height()) > 0)) {
        out.add(new StateHashToCertify(e.height(), e.tree().rootHash()));
      }
    }
    return out;
  }

  @Override
  public synchronized boolean deliverStateCertification(Certification c) {
    Entry e = entries.get(c.height().value());
    if (e == null || !e.tree().rootHash().equals(c.rootHash())) {
      return false;
    }
    Entry certified = new Entry(e.height(), e.state(), e.tree(), Optional.of(c));
    entries.put(c.height().value(), certified);
    if (latestCertified == null || c.height().compareTo(latestCertified.height()) > 0) {
      latestCertified = certified;
    }
    notifyAll();
    return true;
  }

  @Override
  public synchronized Height latestStateHeight() {
    return entries.lastEntry().getValue().height();
  }

  @Override
  public synchronized ReplicatedState latestState() {
    return entries.lastEntry().getValue().state();
  }

  @Override
  public synchronized Height latestCertifiedHeight() {
    return latestCertified == null ? Height.ZERO : latestCertified.height();
  }

  @Override
  public synchronized Optional<CertifiedState<ReplicatedState>> latestCertifiedState() {
    if (latestCertified == null) {
      return Optional.empty();
    }
    return Optional.of(new CertifiedState<>(latestCertified.height(), latestCertified.state(),
        latestCertified.certification().orElseThrow()));
  }

  /** The latest certified entry (state, tree, certification), if any. */
  public synchronized Optional<Entry> latestCertifiedEntry() {
    return Optional.ofNullable(latestCertified);
  }

  /** The latest committed entry. */
  public synchronized Entry latestEntry() {
    return entries.lastEntry().getValue();
  }

  /** The entry of {@code height} if still in memory. */
  public synchronized Optional<Entry> entry(Height height) {
    return Optional.ofNullable(entries.get(height.value()));
  }

  /**
   * Waits until the certified height reaches {@code height} or {@code timeoutMillis} pass; returns
   * whether it did.
   */
  public synchronized boolean awaitCertified(Height height, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (latestCertifiedHeight().compareTo(height) < 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  @Override
  public synchronized Optional<Bytes> fullStateHash(Height height) {
    return Optional.ofNullable(fullHashes.get(height.value()));
  }

  @Override
  public synchronized void removeStatesBelow(Height height) {
    for (Map.Entry<Long, Entry> e : new TreeMap<>(entries).entrySet()) {
      if (e.getKey() < height.value() && entries.size() > 1
          && (latestCertified == null || e.getKey() < latestCertified.height().value())) {
        entries.remove(e.getKey());
      }
    }
  }
}
