package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.CatchUpPackageShare;
import org.jicp.consensus.artifact.CatchUpShareContent;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.Finalization;
import org.jicp.consensus.artifact.FinalizationContent;
import org.jicp.consensus.artifact.FinalizationShare;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.Notarization;
import org.jicp.consensus.artifact.NotarizationContent;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.RandomBeaconShare;
import org.jicp.consensus.artifact.RandomTape;
import org.jicp.consensus.artifact.RandomTapeShare;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * Combines validated shares into full artifacts ({@code ShareAggregator}): 2f+1 notarization
 * shares into a {@link Notarization}, 2f+1 finalization shares into a {@link Finalization}, f+1
 * beacon or tape shares into the {@link RandomBeacon} or {@link RandomTape}, 2f+1 catch-up package
 * shares into a {@link CatchUpPackage}.
 *
 * <p>Safety: only validated shares (signers checked against the committee, signatures verified)
 * of one content are combined, and never fewer than the threshold. Liveness: every node
 * aggregates by itself as soon as the threshold of shares is in its pool, so aggregates need not
 * be gossiped.
 */
public final class ShareAggregator {
  private final ConsensusContext ctx;

  /** The aggregator of {@code ctx.self()}. */
  public ShareAggregator(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** The aggregates that the pool's shares now allow. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    List<ChangeAction> out = new ArrayList<>();
    notarizations(pool, out);
    finalizations(pool, out);
    beacon(pool, out);
    tapes(pool, out);
    catchUpPackages(pool, out);
    return out;
  }

  private int notaryThreshold(PoolReader pool, Height h) {
    return ctx.membership().nodes(pool, h).map(n -> Membership.notarizationThreshold(n.size())).orElse(Integer.MAX_VALUE);
  }

  private void notarizations(PoolReader pool, List<ChangeAction> out) {
    multiSignatures(
        pool, out, ArtifactType.NOTARIZATION_SHARE, ArtifactType.NOTARIZATION, pool.notarizedHeight().value() + 1,
        NotarizationShare::content, NotarizationShare::signature, Notarization::content, Notarization::new);
  }

  private void finalizations(PoolReader pool, List<ChangeAction> out) {
    multiSignatures(
        pool, out, ArtifactType.FINALIZATION_SHARE, ArtifactType.FINALIZATION, pool.notarizedHeight().value(),
        FinalizationShare::content, FinalizationShare::signature, Finalization::content, Finalization::new);
  }

  /** Aggregates, per height above the finalized one up to {@code top}, each content with 2f+1 shares. */
  private <S extends ConsensusMessage, A extends ConsensusMessage, C> void multiSignatures(
      PoolReader pool,
      List<ChangeAction> out,
      ArtifactType shareType,
      ArtifactType aggregateType,
      long top,
      Function<S, C> content,
      Function<S, MultiSignatureShare> signature,
      Function<A, C> aggregateContent,
      BiFunction<C, MultiSignature, A> make) {
    for (long hv : pool.validated().heights(shareType, pool.finalizedHeight().value() + 1, top)) {
      Height h = Height.of(hv);
      List<S> shares = pool.validated().get(shareType, h);
      int t = notaryThreshold(pool, h);
      if (shares.size() < t) {
        continue;
      }
      List<A> have = pool.validated().get(aggregateType, h);
      for (Map.Entry<C, List<S>> e : Grouping.byKey(shares, content)) {
        if (e.getValue().size() >= t && have.stream().noneMatch(n -> aggregateContent.apply(n).equals(e.getKey()))) {
          out.add(new ChangeAction.AddToValidated(make.apply(e.getKey(), aggregate(e.getValue().stream().map(signature).toList()))));
        }
      }
    }
  }

  private MultiSignature aggregate(List<MultiSignatureShare> shares) {
    List<MultiSignatureShare> sorted = new ArrayList<>(shares);
    sorted.sort((a, b) -> a.signer().compareTo(b.signer()));
    List<NodeId> signers = new ArrayList<>(sorted.size());
    for (MultiSignatureShare s : sorted) {
      signers.add(s.signer());
    }
    return new MultiSignature(signers, ctx.crypto().aggregateMulti(sorted));
  }

  private void beacon(PoolReader pool, List<ChangeAction> out) {
    Height h = pool.beaconHeight().increment();
    List<RandomBeaconShare> shares = pool.validated().get(ArtifactType.RANDOM_BEACON_SHARE, h);
    if (shares.isEmpty()) {
      return;
    }
    Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
    Optional<RandomBeacon> tip = pool.randomBeacon(h.decrement());
    if (shares.size() == 0 || t.isEmpty() || tip.isEmpty()) {
      return;
    }
    List<ThresholdSignatureShare> sigs = new ArrayList<>();
    org.jicp.crypto.beacon.CryptoHash parent = pool.beaconHash(tip.get());
    for (RandomBeaconShare s : shares) {
      if (s.content().parent().equals(parent)) {
        sigs.add(s.signature());
      }
    }
    if (sigs.size() >= t.get().threshold()) {
      out.add(
          new ChangeAction.AddToValidated(
              new RandomBeacon(shares.get(0).content(), new ThresholdSignature(ctx.crypto().combineThreshold(t.get(), shares.get(0).content().signedBytes(), sigs), t.get().dkgId()))));
    }
  }

  private void tapes(PoolReader pool, List<ChangeAction> out) {
    long from = Math.max(ctx.messageRouting().expectedBatchHeight().value(), pool.catchUpHeight().value() + 1);
    long to = pool.finalizedHeight().value() + 1;
    for (long hv : pool.validated().heights(ArtifactType.RANDOM_TAPE_SHARE, from, to)) {
      Height h = Height.of(hv);
      List<RandomTapeShare> shares = pool.validated().get(ArtifactType.RANDOM_TAPE_SHARE, h);
      if (shares.isEmpty() || pool.randomTape(h).isPresent()) {
        continue;
      }
      Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
      if (t.isEmpty() || shares.size() < t.get().threshold()) {
        continue;
      }
      List<ThresholdSignatureShare> sigs = new ArrayList<>();
      shares.forEach(s -> sigs.add(s.signature()));
      out.add(
          new ChangeAction.AddToValidated(
              new RandomTape(shares.get(0).content(), new ThresholdSignature(ctx.crypto().combineThreshold(t.get(), shares.get(0).content().signedBytes(), sigs), t.get().dkgId()))));
    }
  }

  private void catchUpPackages(PoolReader pool, List<ChangeAction> out) {
    if (!pool.validated().has(ArtifactType.CATCH_UP_PACKAGE_SHARE)) {
      return;
    }
    for (Long sh : pool.finalizedSummaries().tailMap(pool.catchUpHeight().value(), false).keySet()) {
      Height h = Height.of(sh);
      List<CatchUpPackageShare> shares = pool.validated().get(ArtifactType.CATCH_UP_PACKAGE_SHARE, h);
      Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.HIGH_THRESHOLD);
      if (shares.isEmpty() || t.isEmpty()) {
        continue;
      }
      for (Map.Entry<CatchUpShareContent, List<ThresholdSignatureShare>> e :
          Grouping.byKey(shares, CatchUpPackageShare::content).stream()
              .map(g -> Map.entry(g.getKey(), g.getValue().stream().map(CatchUpPackageShare::signature).toList()))
              .toList()) {
        if (e.getValue().size() < t.get().threshold()) {
          continue;
        }
        Optional<HashedBlock> block = pool.finalizedBlock(h);
        Optional<RandomBeacon> beacon = pool.randomBeacon(h);
        if (block.isEmpty() || beacon.isEmpty() || !block.get().hash().equals(e.getKey().block())) {
          continue;
        }
        CatchUpContent content = new CatchUpContent(block.get(), beacon.get(), e.getKey().stateHash(), e.getKey().oldestRegistryVersionInUse());
        if (!content.shareContent().equals(e.getKey())) {
          continue;
        }
        out.add(
            new ChangeAction.AddToValidated(
                new CatchUpPackage(content, new ThresholdSignature(ctx.crypto().combineThreshold(t.get(), e.getKey().signedBytes(), e.getValue()), t.get().dkgId()))));
        return;
      }
    }
  }
}
