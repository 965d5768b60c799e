package org.jicp.consensus.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.Finalization;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.Notarization;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.RandomTape;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * One node's consensus artifact pool ({@code ConsensusPoolImpl} of the IC, in memory): an
 * unvalidated section for what peers sent and a validated section for what passed validation or
 * the node made itself, both indexed by height and type, plus the derived facts of {@link
 * PoolReader} kept up to date as changes are applied. Components read it; only {@link #apply}
 * (and {@link #addUnvalidated} for incoming artifacts) changes it.
 *
 * <p>Safety: the finalized chain is only ever extended from validated finalizations whose blocks
 * are validated and notarized, so it is a chain of the node's validated blocks. Liveness: nothing
 * a component may still need is purged — purging is driven by the finalized height and the
 * catch-up package height, keeping {@link ConsensusConfig#MINIMUM_CHAIN_LENGTH} heights below the
 * catch-up package for peers.
 */
public final class ConsensusPool implements PoolReader {
  private final PoolSection validated = new PoolSection();
  private final PoolSection unvalidated = new PoolSection();
  private CatchUpPackage cup;
  private long finalizedHeight;
  private long notarizedHeight;
  private long beaconHeight;
  private final Map<CryptoHash, HashedBlock> blocks = new HashMap<>();
  private final Map<CryptoHash, Time> blockValidatedAt = new HashMap<>();
  private final NavigableMap<Long, HashedBlock> finalizedChain = new TreeMap<>();
  private final NavigableMap<Long, DkgSummary> summaries = new TreeMap<>();
  private final NavigableMap<Long, Time> roundStarts = new TreeMap<>();
  private long lastRoundRecorded;
  private final Map<Long, Object[]> beaconHashes = new HashMap<>();

  /** A pool rooted at {@code cup} (the genesis catch-up package, or one to resume from). */
  public ConsensusPool(CatchUpPackage cup, Time now) {
    Objects.requireNonNull(cup, "cup");
    resetTo(cup, now);
  }

  private void resetTo(CatchUpPackage c, Time now) {
    this.cup = c;
    validated.touch(org.jicp.consensus.artifact.ArtifactType.CATCH_UP_PACKAGE);
    long h = c.height().value();
    finalizedHeight = Math.max(finalizedHeight, h);
    notarizedHeight = Math.max(notarizedHeight, h);
    beaconHeight = Math.max(beaconHeight, h);
    HashedBlock b = c.content().block();
    blocks.put(b.hash(), b);
    blockValidatedAt.putIfAbsent(b.hash(), now);
    finalizedChain.put(h, b);
    summaries.put(h, c.content().summary());
    if (lastRoundRecorded < h + 1) {
      roundStarts.put(h + 1, now);
      lastRoundRecorded = h + 1;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  @Override
  public PoolSection validated() {
    return validated;
  }

  @Override
  public PoolSection unvalidated() {
    return unvalidated;
  }

  @Override
  public CatchUpPackage catchUpPackage() {
    return cup;
  }

  @Override
  public Height finalizedHeight() {
    return Height.of(finalizedHeight);
  }

  @Override
  public Height notarizedHeight() {
    return Height.of(notarizedHeight);
  }

  @Override
  public Height beaconHeight() {
    return Height.of(beaconHeight);
  }

  @Override
  public Optional<RandomBeacon> randomBeacon(Height h) {
    if (h.equals(cup.height())) {
      return Optional.of(cup.content().randomBeacon());
    }
    List<RandomBeacon> l = validated.get(ArtifactType.RANDOM_BEACON, h);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  @Override
  public CryptoHash beaconHash(RandomBeacon beacon) {
    Object[] e = beaconHashes.get(beacon.height().value());
    if (e != null && (e[0] == beacon || e[0].equals(beacon))) {
      return (CryptoHash) e[1];
    }
    CryptoHash h = beacon.cryptoHash();
    if (beaconHashes.size() > 256) {
      beaconHashes.clear();
    }
    beaconHashes.put(beacon.height().value(), new Object[] {beacon, h});
    return h;
  }

  @Override
  public Optional<RandomTape> randomTape(Height h) {
    List<RandomTape> l = validated.get(ArtifactType.RANDOM_TAPE, h);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  @Override
  public Optional<HashedBlock> block(CryptoHash hash, Height h) {
    HashedBlock b = blocks.get(hash);
    return b != null && b.height().equals(h) ? Optional.of(b) : Optional.empty();
  }

  @Override
  public List<HashedBlock> notarizedBlocks(Height h) {
    if (h.equals(cup.height())) {
      return List.of(cup.content().block());
    }
    List<Notarization> ns = validated.get(ArtifactType.NOTARIZATION, h);
    if (ns.isEmpty()) {
      return List.of();
    }
    List<HashedBlock> out = new ArrayList<>(ns.size());
    for (Notarization n : ns) {
      HashedBlock b = blocks.get(n.content().block());
      if (b != null && !out.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }

  @Override
  public Optional<HashedBlock> finalizedBlock(Height h) {
    return Optional.ofNullable(finalizedChain.get(h.value()));
  }

  @Override
  public Optional<Time> roundStart(Height h) {
    return Optional.ofNullable(roundStarts.get(h.value()));
  }

  @Override
  public Optional<Time> blockValidatedAt(CryptoHash hash) {
    return Optional.ofNullable(blockValidatedAt.get(hash));
  }

  @Override
  public NavigableMap<Long, DkgSummary> finalizedSummaries() {
    return Collections.unmodifiableNavigableMap(summaries);
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  /** Forgets the unvalidated section (it lives in memory; a restart loses it). */
  public void dropUnvalidated() {
    unvalidated.clear();
  }

  /** Adds an artifact received from a peer to the unvalidated section; false if already known. */
  public boolean addUnvalidated(ConsensusMessage m) {
    if (validated.contains(m) || m.height().value() < cup.height().value() && !(m instanceof CatchUpPackage)) {
      return false;
    }
    return unvalidated.add(m);
  }

  /** What applying a change set did. */
  public record Applied(List<ConsensusMessage> added, List<ConsensusMessage> moved, List<ChangeAction.HandleInvalid> invalid) {}

  /** Applies {@code changes} at time {@code now}, in order. */
  public Applied apply(List<ChangeAction> changes, Time now) {
    List<ConsensusMessage> added = new ArrayList<>();
    List<ConsensusMessage> moved = new ArrayList<>();
    List<ChangeAction.HandleInvalid> invalid = new ArrayList<>();
    for (ChangeAction a : changes) {
      if (a instanceof ChangeAction.AddToValidated x) {
        if (addValidated(x.message(), now)) {
          added.add(x.message());
        }
      } else if (a instanceof ChangeAction.MoveToValidated x) {
        unvalidated.remove(x.message());
        if (addValidated(x.message(), now)) {
          moved.add(x.message());
        }
      } else if (a instanceof ChangeAction.RemoveFromUnvalidated x) {
        unvalidated.remove(x.message());
      } else if (a instanceof ChangeAction.HandleInvalid x) {
        if (unvalidated.remove(x.message())) {
          invalid.add(x);
        }
      } else if (a instanceof ChangeAction.RemoveFromValidated x) {
        removeValidated(x.message());
      } else if (a instanceof ChangeAction.PurgeValidatedBelow x) {
        purgeValidated(x.height(), x.types());
      } else if (a instanceof ChangeAction.PurgeUnvalidatedBelow x) {
        unvalidated.purgeBelow(x.height(), x.types());
      }
    }
    recordRoundStarts(now);
    return new Applied(added, moved, invalid);
  }

  private boolean addValidated(ConsensusMessage m, Time now) {
    if (m instanceof CatchUpPackage c) {
      if (c.height().compareTo(cup.height()) <= 0) {
        return false;
      }
      resetTo(c, now);
      return true;
    }
    if (!validated.add(m)) {
      return false;
    }
    if (m instanceof BlockProposal p) {
      blocks.putIfAbsent(p.block().hash(), p.block());
      blockValidatedAt.putIfAbsent(p.block().hash(), now);
    } else if (m instanceof Notarization n) {
      notarizedHeight = Math.max(notarizedHeight, n.height().value());
    } else if (m instanceof Finalization f) {
      onFinalization(f);
    } else if (m instanceof RandomBeacon b) {
      beaconHeight = Math.max(beaconHeight, b.height().value());
    }
    return true;
  }

  private void onFinalization(Finalization f) {
    long h = f.height().value();
    HashedBlock b = blocks.get(f.content().block());
    if (b == null || h <= finalizedHeight && finalizedChain.containsKey(h)) {
      if (b != null && h > finalizedHeight) {
        finalizedHeight = h;
      }
      return;
    }
    // Walk back to a height whose finalized block is known (the previous tip, or the root).
    HashedBlock cur = b;
    while (cur != null && cur.height().value() > cup.height().value()) {
      HashedBlock known = finalizedChain.get(cur.height().value());
      if (known != null && known.equals(cur)) {
        break;
      }
      finalizedChain.put(cur.height().value(), cur);
      if (cur.block().payload() instanceof SummaryPayload s) {
        summaries.put(cur.height().value(), s.summary());
      }
      cur = blocks.get(cur.parent());
    }
    finalizedHeight = Math.max(finalizedHeight, h);
    notarizedHeight = Math.max(notarizedHeight, h);
  }

  private void removeValidated(ConsensusMessage m) {
    if (!validated.remove(m)) {
      return;
    }
    if (m instanceof BlockProposal p && !finalizedChain.containsValue(p.block())) {
      boolean stillHeld = false;
      for (BlockProposal q : validated.<BlockProposal>get(ArtifactType.BLOCK_PROPOSAL, p.height())) {
        stillHeld |= q.block().equals(p.block());
      }
      if (!stillHeld) {
        blocks.remove(p.block().hash());
        blockValidatedAt.remove(p.block().hash());
      }
    }
  }

  private void purgeValidated(Height below, java.util.Set<ArtifactType> types) {
    validated.purgeBelow(below, types);
    if (types.isEmpty() || types.contains(ArtifactType.BLOCK_PROPOSAL)) {
      long floor = Math.min(below.value(), cup.height().value());
      blocks.values().removeIf(b -> b.height().value() < floor);
      blockValidatedAt.keySet().retainAll(blocks.keySet());
      finalizedChain.headMap(floor, false).clear();
      roundStarts.headMap(floor, false).clear();
      // Keep the summary of the interval containing the floor and everything after it.
      Long keep = summaries.floorKey(floor);
      if (keep != null) {
        summaries.headMap(keep, false).clear();
      }
    }
  }

  private void recordRoundStarts(Time now) {
    long started = Math.min(notarizedHeight, beaconHeight) + 1;
    while (lastRoundRecorded < started) {
      lastRoundRecorded++;
      roundStarts.put(lastRoundRecorded, now);
    }
  }
}
