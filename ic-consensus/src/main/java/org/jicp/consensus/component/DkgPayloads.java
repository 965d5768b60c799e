package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.ConsensusException;
import org.jicp.types.RegistryVersion;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.DealingMessage;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.ports.ValidationResult;
import org.jicp.types.SubnetId;

/**
 * The DKG part of block payloads (dfinity/ic {@code rs/consensus/dkg}: {@code payload_builder},
 * {@code payload_validator}). Along a chain, every {@code dkgIntervalLength + 1} heights a summary
 * block starts an interval; its summary is a deterministic function of the previous summary and
 * the dealings the interval's data blocks carried:
 *
 * <ul>
 *   <li>{@code current} = the previous summary's {@code next} (keys switch at the boundary);
 *   <li>{@code next} = for each DKG the previous interval ran, the transcript of its dealings if
 *       there are enough, else the previous {@code next} (the key is kept);
 *   <li>{@code configs} = a fresh low-threshold ({@code f+1}) DKG and a resharing of the newest
 *       high-threshold key with threshold {@code 2f+1} (so the subnet's public key never changes).
 * </ul>
 *
 * <p>Safety: every node derives the same summary from the same chain (transcripts are
 * deterministic in the dealings), and validators reject a summary block that differs, so all
 * nodes sign with the same keys. Liveness: each data block carries at most {@code
 * dkgDealingsPerBlock} dealings of DKGs still short of their collection threshold, so an interval
 * of {@code ≥ (f+1) + (2f+1)} data blocks with honest dealers completes both DKGs.
 *
 * <p>The per-block chain facts (the interval's summary and the dealings since) are memoized by
 * block hash; the cache holds no state that the pool does not determine.
 */
public final class DkgPayloads {
  /** The interval a block belongs to and the dealings its chain carried since the summary. */
  public record ChainInfo(Height height, HashedBlock summaryBlock, DkgSummary summary, List<DealingMessage> dealings) {
    /** Validates and copies the components. */
    public ChainInfo {
      Objects.requireNonNull(height, "height");
      Objects.requireNonNull(summaryBlock, "summaryBlock");
      Objects.requireNonNull(summary, "summary");
      dealings = List.copyOf(dealings);
    }

    /** Whether the chain already carries {@code dealer}'s dealing for {@code dkgId}. */
    public boolean carries(NiDkgId dkgId, NodeId dealer) {
      for (DealingMessage d : dealings) {
        if (d.dkgId().equals(dkgId) && d.dealer().equals(dealer)) {
          return true;
        }
      }
      return false;
    }

    /** The carried dealings of {@code dkgId}, by dealer. */
    public SortedMap<NodeId, DealingMessage> dealingsOf(NiDkgId dkgId) {
      SortedMap<NodeId, DealingMessage> out = new TreeMap<>();
      for (DealingMessage d : dealings) {
        if (d.dkgId().equals(dkgId)) {
          out.putIfAbsent(d.dealer(), d);
        }
      }
      return out;
    }
  }

  private final SubnetId subnet;
  private final long intervalLength;
  private final int dealingsPerBlock;
  private final ConsensusCrypto crypto;
  private final Map<CryptoHash, ChainInfo> memo = new HashMap<>();
  private final Map<CryptoHash, DkgSummary> summaryMemo = new HashMap<>();

  /** The DKG payload rules of {@code subnet}, computing transcripts with {@code crypto}. */
  public DkgPayloads(SubnetId subnet, long intervalLength, int dealingsPerBlock, ConsensusCrypto crypto) {
    this.subnet = Objects.requireNonNull(subnet, "subnet");
    this.intervalLength = intervalLength;
    this.dealingsPerBlock = dealingsPerBlock;
    this.crypto = Objects.requireNonNull(crypto, "crypto");
  }

  /** The summary of a genesis (or recovery) summary block at {@code height}: no DKG runs in it. */
  public static DkgSummary genesisSummary(
      Height height, long intervalLength, List<NodeId> committee, DkgTranscript low, DkgTranscript high) {
    List<DkgTranscript> ts = List.of(low, high);
    return new DkgSummary(height, intervalLength, RegistryVersion.of(1), committee, ts, ts, List.of());
  }

  /**
   * The chain facts of {@code block}, a validated block of {@code pool} or the root of its chain
   * (the catch-up package block); empty if an ancestor is missing.
   */
  public Optional<ChainInfo> chainInfo(PoolReader pool, HashedBlock block) {
    ChainInfo known = memo.get(block.hash());
    if (known != null) {
      return Optional.of(known);
    }
    List<HashedBlock> pending = new ArrayList<>();
    HashedBlock cur = block;
    ChainInfo base = null;
    while (true) {
      ChainInfo m = memo.get(cur.hash());
      if (m != null) {
        base = m;
        break;
      }
      if (cur.block().payload() instanceof SummaryPayload s) {
        base = new ChainInfo(cur.height(), cur, s.summary(), List.of());
        memo.put(cur.hash(), base);
        break;
      }
      pending.add(cur);
      if (cur.height().value() == 0) {
        return Optional.empty();
      }
      Optional<HashedBlock> parent = pool.block(cur.parent(), cur.height().decrement());
      if (parent.isEmpty()) {
        return Optional.empty();
      }
      cur = parent.get();
    }
    for (int i = pending.size() - 1; i >= 0; i--) {
      HashedBlock b = pending.get(i);
      List<DealingMessage> ds = ((DataPayload) b.block().payload()).dealings();
      List<DealingMessage> all = base.dealings();
      if (!ds.isEmpty()) {
        all = new ArrayList<>(base.dealings());
        all.addAll(ds);
      }
      base = new ChainInfo(b.height(), base.summaryBlock(), base.summary(), all);
      memo.put(b.hash(), base);
    }
    prune(pool);
    return Optional.of(base);
  }

  private void prune(PoolReader pool) {
    if (memo.size() < 4 * (intervalLength + 1) + 256) {
      return;
    }
    long floor = Math.max(pool.catchUpHeight().value(), pool.finalizedHeight().value() - 2 * (intervalLength + 1));
    memo.values().removeIf(i -> i.height().value() < floor);
    Iterator<Map.Entry<CryptoHash, DkgSummary>> it = summaryMemo.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().height().value() < floor) {
        it.remove();
      }
    }
  }

  /** Whether the child of a block with chain facts {@code parent} at {@code h} is a summary block. */
  public boolean isSummaryHeight(ChainInfo parent, Height h) {
    return h.equals(parent.summary().nextSummaryHeight());
  }

  /** The transcript a config reshares, found among the summary's transcripts. */
  public static Optional<DkgTranscript> reshared(DkgSummary s, DkgConfig c) {
    if (c.resharing().isEmpty()) {
      return Optional.empty();
    }
    for (DkgTranscript t : s.next()) {
      if (t.dkgId().equals(c.resharing().get())) {
        return Optional.of(t);
      }
    }
    for (DkgTranscript t : s.current()) {
      if (t.dkgId().equals(c.resharing().get())) {
        return Optional.of(t);
      }
    }
    throw new ConsensusException("summary " + s.height() + " lacks the transcript its config reshares: " + c.resharing().get());
  }

  /** The number of dealings config {@code c} of summary {@code s} needs. */
  public static int collectionThreshold(DkgSummary s, DkgConfig c) {
    return c.collectionThreshold(reshared(s, c).map(DkgTranscript::threshold).orElse(0));
  }

  /**
   * The summary of the summary block at {@code h} whose parent has chain facts {@code parent}
   * (memoized by the parent's hash).
   */
  public DkgSummary buildSummary(ChainInfo parent, HashedBlock parentBlock, Height h) {
    DkgSummary cached = summaryMemo.get(parentBlock.hash());
    if (cached != null) {
      return cached;
    }
    DkgSummary prev = parent.summary();
    List<DkgTranscript> next = new ArrayList<>(2);
    for (NiDkgTag tag : NiDkgTag.values()) {
      DkgTranscript t = prev.nextTranscript(tag);
      Optional<DkgConfig> c = prev.config(tag);
      if (c.isPresent()) {
        SortedMap<NodeId, DealingMessage> ds = parent.dealingsOf(c.get().dkgId());
        if (ds.size() >= collectionThreshold(prev, c.get())) {
          SortedMap<NodeId, org.jicp.crypto.Bytes> raw = new TreeMap<>();
          ds.forEach((k, v) -> raw.put(k, v.dealing()));
          try {
            t = crypto.createTranscript(c.get(), reshared(prev, c.get()), raw);
          } catch (ConsensusException | org.jicp.crypto.CryptoException e) {
            // Keep the previous key, as the IC does when a DKG fails.
            t = prev.nextTranscript(tag);
          }
        }
      }
      next.add(t);
    }
    List<NodeId> committee = prev.committee();
    int f = Membership.faultsTolerated(committee.size());
    DkgTranscript high = next.get(NiDkgTag.HIGH_THRESHOLD.ordinal());
    List<DkgConfig> configs =
        List.of(
            new DkgConfig(NiDkgId.local(h.value(), subnet.principal(), NiDkgTag.LOW_THRESHOLD), committee, committee, f + 1, Optional.empty()),
            new DkgConfig(
                NiDkgId.local(h.value(), subnet.principal(), NiDkgTag.HIGH_THRESHOLD),
                high.committee(),
                committee,
                Membership.notarizationThreshold(committee.size()),
                Optional.of(high.dkgId())));
    DkgSummary s = new DkgSummary(h, intervalLength, prev.registryVersion(), committee, prev.next(), next, configs);
    summaryMemo.put(parentBlock.hash(), s);
    return s;
  }

  /** The dealings a new data block after {@code parent} carries: up to the per-block limit. */
  public List<DealingMessage> selectDealings(PoolReader pool, ChainInfo parent) {
    DkgSummary s = parent.summary();
    if (s.configs().isEmpty()) {
      return List.of();
    }
    List<DealingMessage> out = new ArrayList<>();
    List<DealingMessage> available = pool.validated().get(ArtifactType.DEALING, s.height());
    for (DkgConfig c : s.configs()) {
      int have = parent.dealingsOf(c.dkgId()).size();
      int need = collectionThreshold(s, c);
      for (DealingMessage d : available) {
        if (out.size() >= dealingsPerBlock || have >= need) {
          break;
        }
        if (d.dkgId().equals(c.dkgId()) && !parent.carries(d.dkgId(), d.dealer()) && !out.contains(d)) {
          out.add(d);
          have++;
        }
      }
    }
    return out;
  }

  /** Whether the dealings of a data block after {@code parent} are valid (and if not, why). */
  public ValidationResult validateDealings(ChainInfo parent, List<DealingMessage> dealings) {
    if (dealings.size() > dealingsPerBlock) {
      return ValidationResult.invalid(dealings.size() + " dealings, at most " + dealingsPerBlock + " per block");
    }
    DkgSummary s = parent.summary();
    List<DealingMessage> seen = new ArrayList<>();
    for (DealingMessage d : dealings) {
      ValidationResult r = checkDealing(s, d);
      if (!r.isValid()) {
        return r;
      }
      if (parent.carries(d.dkgId(), d.dealer()) || seen.stream().anyMatch(x -> x.dkgId().equals(d.dkgId()) && x.dealer().equals(d.dealer()))) {
        return ValidationResult.invalid("a dealing of " + d.dealer() + " for " + d.dkgId() + " is already in the chain");
      }
      seen.add(d);
    }
    return ValidationResult.valid();
  }

  /** Whether a dealing is valid for a DKG of summary {@code s} (signature and NI-DKG proofs included). */
  public ValidationResult checkDealing(DkgSummary s, DealingMessage d) {
    Optional<DkgConfig> c = s.configs().stream().filter(x -> x.dkgId().equals(d.dkgId())).findFirst();
    if (c.isEmpty()) {
      return ValidationResult.invalid("no DKG " + d.dkgId() + " in the summary of height " + s.height());
    }
    if (java.util.Collections.binarySearch(c.get().dealers(), d.dealer()) < 0) {
      return ValidationResult.invalid(d.dealer() + " is not a dealer of " + d.dkgId());
    }
    if (!crypto.verifyBasic(d.dealer(), d.signedBytes(), d.signature())) {
      return ValidationResult.invalid("the dealer's signature on the dealing does not verify");
    }
    if (!crypto.verifyDealing(c.get(), reshared(s, c.get()), d.dealer(), d.dealing())) {
      return ValidationResult.invalid("the dealing does not verify (NI-DKG proofs)");
    }
    return ValidationResult.valid();
  }
}
