package org.jicp.consensus.component;

import org.jicp.types.MessageId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jicp.consensus.Rank;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.CatchUpPackageShare;
import org.jicp.consensus.artifact.CatchUpShareContent;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.DealingMessage;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.EquivocationProof;
import org.jicp.consensus.artifact.Finalization;
import org.jicp.consensus.artifact.FinalizationShare;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.Notarization;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.RandomBeaconShare;
import org.jicp.consensus.artifact.RandomTape;
import org.jicp.consensus.artifact.RandomTapeShare;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.ports.ValidationResult;

/**
 * Moves artifacts from the unvalidated to the validated section, or rejects them ({@code
 * Validator} of dfinity/ic {@code rs/consensus/src/consensus/validator.rs}).
 *
 * <p>Safety: nothing enters the validated section — which every other component trusts — unless
 * its signature verifies under the right key and its signer had the right role at its height: a
 * proposal's maker has the rank it claims, the block extends a notarized parent with a strictly
 * later, not smaller validation context and a valid payload (limits, no repeated ingress, the
 * deterministic DKG summary, valid dealings); shares come from the committee; aggregates carry at
 * least the threshold of distinct committee signers; beacons extend the beacon chain. A proposal
 * that also carries a verified notarization is accepted on that notarization (2f+1 notaries, f+1
 * of them honest, checked it), as the IC's fast path does. Liveness: a valid artifact is only
 * deferred while a dependency is missing (parent, beacon, summary, local context, the maker's
 * rank delay), never dropped; proposals of a higher rank than a valid one are skipped only while
 * nothing notarizes them.
 *
 * <p>Shares of one content are verified together, so the crypto can batch them.
 */
public final class Validator {
  private final ConsensusContext ctx;

  /** The validator of {@code ctx.self()}. */
  public Validator(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  /** The validation decisions the pool allows now. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    if (pool.unvalidated().size() == 0) {
      return List.of();
    }
    Pass p = new Pass(pool, now);
    p.run();
    return p.out;
  }

  /** When a deferred proposal becomes due (its maker's rank delay, or its context time). */
  public Optional<Time> nextWakeUp(PoolReader pool, Time now) {
    if (!pool.unvalidated().has(ArtifactType.BLOCK_PROPOSAL)) {
      return Optional.empty();
    }
    Pass p = new Pass(pool, now);
    p.proposals();
    return Optional.ofNullable(p.wake);
  }

  /** One validation pass over the pool. */
  private final class Pass {
    final PoolReader pool;
    final Time now;
    final List<ChangeAction> out = new ArrayList<>();
    final Set<CryptoHash> notarizedInPass = new HashSet<>();
    final Map<CryptoHash, HashedBlock> blocksInPass = new LinkedHashMap<>();
    final Map<Long, RandomBeacon> beaconsInPass = new LinkedHashMap<>();
    Time wake;

    Pass(PoolReader pool, Time now) {
      this.pool = pool;
      this.now = now;
    }

    void run() {
      catchUpPackages();
      beacons();
      proposals();
      notarizations();
      finalizations();
      notarizationShares();
      finalizationShares();
      beaconShares();
      tapes();
      tapeShares();
      catchUpPackageShares();
      equivocationProofs();
      dealings();
    }

    void wakeAt(Time t) {
      if (t.compareTo(now) > 0 && (wake == null || t.compareTo(wake) < 0)) {
        wake = t;
      }
    }

    void invalid(ConsensusMessage m, String reason) {
      out.add(new ChangeAction.HandleInvalid(m, reason));
    }

    void move(ConsensusMessage m) {
      out.add(new ChangeAction.MoveToValidated(m));
    }

    List<Long> unvalidatedHeights(ArtifactType type, long from, long to) {
      return pool.unvalidated().heights(type, Math.max(0, from), to);
    }

    Optional<RandomBeacon> beacon(Height h) {
      RandomBeacon b = beaconsInPass.get(h.value());
      return b != null ? Optional.of(b) : pool.randomBeacon(h);
    }

    Optional<HashedBlock> block(CryptoHash hash, Height h) {
      HashedBlock b = blocksInPass.get(hash);
      return b != null ? Optional.of(b) : pool.block(hash, h);
    }

    boolean isNotarized(CryptoHash hash, Height h) {
      if (notarizedInPass.contains(hash)) {
        return true;
      }
      for (HashedBlock b : pool.notarizedBlocks(h)) {
        if (b.hash().equals(hash)) {
          return true;
        }
      }
      return false;
    }

    // ---------------------------------------------------------------------------------------
    // Block proposals

    void proposals() {
      long fin = pool.finalizedHeight().value();
      for (long hv : unvalidatedHeights(ArtifactType.BLOCK_PROPOSAL, fin + 1, Long.MAX_VALUE)) {
        Height h = Height.of(hv);
        List<BlockProposal> ps = pool.unvalidated().get(ArtifactType.BLOCK_PROPOSAL, h);
        if (ps.isEmpty()) {
          continue;
        }
        Optional<RandomBeacon> prev = beacon(h.decrement());
        if (prev.isEmpty()) {
          continue;
        }
        Rank minValid = null;
        List<BlockProposal> validHere = new ArrayList<>(pool.validated().<BlockProposal>get(ArtifactType.BLOCK_PROPOSAL, h));
        Set<NodeId> disqualified = Notary.disqualified(pool, h);
        for (BlockProposal v : validHere) {
          if (!disqualified.contains(v.signer())) {
            minValid = minValid == null || v.rank().compareTo(minValid) < 0 ? v.rank() : minValid;
          }
        }
        for (BlockProposal p : List.copyOf(ps)) {
          Optional<List<NodeId>> ranking = ctx.membership().ranking(pool, h, prev.get());
          if (ranking.isEmpty()) {
            break;
          }
          Optional<Rank> rank = ctx.membership().blockMakerRank(pool, h, prev.get(), p.signer());
          if (rank.isEmpty()) {
            invalid(p, "the signer " + p.signer() + " is not a block maker at height " + h);
            continue;
          }
          if (!rank.get().equals(p.rank())) {
            invalid(p, "rank mismatch: the block claims " + p.rank() + ", the maker has " + rank.get());
            continue;
          }
          Optional<Notarization> fastPath = verifiedNotarizationOf(p);
          if (fastPath.isPresent()) {
            if (isNotarized(p.block().parent(), h.decrement())) {
              accept(p, validHere);
              move(fastPath.get());
              notarizedInPass.add(p.block().hash());
            }
            continue;
          }
          if (minValid != null && p.rank().compareTo(minValid) > 0 && !referenced(p)) {
            continue;
          }
          Optional<Time> start = pool.roundStart(h);
          if (start.isEmpty()) {
            continue;
          }
          Time due = start.get().plus(Delays.blockMakerDelay(ctx.config(), p.rank()));
          if (now.compareTo(due) < 0) {
            wakeAt(due);
            continue;
          }
          Optional<HashedBlock> parent = block(p.block().parent(), h.decrement());
          if (parent.isEmpty() || !isNotarized(parent.get().hash(), h.decrement())) {
            continue;
          }
          ValidationResult verdict = checkProposal(p, parent.get());
          if (verdict instanceof ValidationResult.Transient) {
            continue;
          }
          if (verdict instanceof ValidationResult.Invalid bad) {
            invalid(p, bad.reason());
            continue;
          }
          boolean equivocated = accept(p, validHere);
          if (!equivocated && !disqualified.contains(p.signer())) {
            minValid = minValid == null || p.rank().compareTo(minValid) < 0 ? p.rank() : minValid;
          }
        }
      }
    }

    /** Moves {@code p}; true if it proves its maker equivocated (a proof is added then). */
    private boolean accept(BlockProposal p, List<BlockProposal> validHere) {
      boolean equivocated = false;
      for (BlockProposal v : validHere) {
        if (v.signer().equals(p.signer()) && !v.block().equals(p.block())) {
          equivocated = true;
          if (!hasEquivocationProof(p.signer(), p.height())) {
            out.add(new ChangeAction.AddToValidated(EquivocationProof.of(v, p)));
          }
          break;
        }
      }
      validHere.add(p);
      blocksInPass.put(p.block().hash(), p.block());
      move(p);
      return equivocated;
    }

    private boolean hasEquivocationProof(NodeId signer, Height h) {
      for (EquivocationProof e : pool.validated().<EquivocationProof>get(ArtifactType.EQUIVOCATION_PROOF, h)) {
        if (e.signer().equals(signer)) {
          return true;
        }
      }
      for (ChangeAction a : out) {
        if (a instanceof ChangeAction.AddToValidated x && x.message() instanceof EquivocationProof e && e.signer().equals(signer) && e.height().equals(h)) {
          return true;
        }
      }
      return false;
    }

    private boolean referenced(BlockProposal p) {
      for (NotarizationShare s : pool.unvalidated().<NotarizationShare>get(ArtifactType.NOTARIZATION_SHARE, p.height())) {
        if (s.content().block().equals(p.block().hash())) {
          return true;
        }
      }
      return false;
    }

    private Optional<Notarization> verifiedNotarizationOf(BlockProposal p) {
      for (Notarization n : pool.unvalidated().<Notarization>get(ArtifactType.NOTARIZATION, p.height())) {
        if (n.content().block().equals(p.block().hash()) && checkNotary(n.height(), n.signature(), n.content().signedBytes()) == Boolean.TRUE) {
          return Optional.of(n);
        }
      }
      return Optional.empty();
    }

    /** Valid, invalid (with the rule broken) or transient (a dependency is missing: defer). */
    private ValidationResult checkProposal(BlockProposal p, HashedBlock parent) {
      if (!ctx.crypto().verifyBasic(p.signer(), p.signedBytes(ctx.membership().subnet()), p.signature().signature())) {
        return ValidationResult.invalid("the maker's signature does not verify");
      }
      ValidationContext c = p.block().block().context();
      ValidationContext pc = parent.block().context();
      if (!c.isValidSuccessorOf(pc)) {
        return ValidationResult.invalid("the validation context does not strictly follow the parent's");
      }
      if (c.registryVersion().compareTo(ctx.registryVersion()) > 0) {
        return ValidationResult.transientFailure("registry version " + c.registryVersion() + " is not known here yet");
      }
      if (c.certifiedHeight().compareTo(ctx.stateManager().latestCertifiedHeight()) > 0) {
        return ValidationResult.transientFailure("the state of height " + c.certifiedHeight() + " is not certified here yet");
      }
      Time parentAt = pool.blockValidatedAt(parent.hash()).orElse(now);
      Time allowed = Time.max(now, pc.time().plus(now.saturatingSince(parentAt)));
      if (c.time().compareTo(allowed) > 0) {
        wakeAt(now.plusNanos(c.time().nanos() - allowed.nanos()));
        return ValidationResult.transientFailure("the block time is ahead of this node's clock");
      }
      Optional<DkgPayloads.ChainInfo> info = ctx.dkg().chainInfo(pool, parent);
      if (info.isEmpty()) {
        return ValidationResult.transientFailure("the chain's DKG summary is not known yet");
      }
      boolean summaryDue = ctx.dkg().isSummaryHeight(info.get(), p.height());
      if (summaryDue) {
        if (!(p.block().block().payload() instanceof SummaryPayload s)) {
          return ValidationResult.invalid("a summary block is due at height " + p.height() + ", got a data payload");
        }
        DkgSummary expected = ctx.dkg().buildSummary(info.get(), parent, p.height());
        return s.summary().equals(expected) ? ValidationResult.valid() : ValidationResult.invalid("the DKG summary differs from the one the chain determines");
      }
      if (!(p.block().block().payload() instanceof DataPayload d)) {
        return ValidationResult.invalid("a summary payload at height " + p.height() + ", which does not start an interval");
      }
      if (d.ingress().size() > ctx.config().maxIngressMessagesPerBlock()) {
        return ValidationResult.invalid(d.ingress().size() + " ingress messages, at most " + ctx.config().maxIngressMessagesPerBlock());
      }
      if (d.payloadBytes() > ctx.config().maxBlockPayloadBytes()) {
        return ValidationResult.invalid(d.payloadBytes() + " bytes of ingress and stream slices, at most " + ctx.config().maxBlockPayloadBytes());
      }
      Set<MessageId> seen = new HashSet<>();
      for (IngressMessage m : d.ingress()) {
        if (!seen.add(m.messageId())) {
          return ValidationResult.invalid("ingress message " + m.messageId() + " appears twice in the block");
        }
      }
      if (!d.ingress().isEmpty()) {
        Set<MessageId> earlier = Chains.ingressSince(pool, parent, c.certifiedHeight());
        for (IngressMessage m : d.ingress()) {
          if (earlier.contains(m.messageId())) {
            return ValidationResult.invalid("ingress message " + m.messageId() + " is already in the chain");
          }
        }
        ValidationResult ingress = ctx.payloads().validateIngress(p.height(), c, d.ingress());
        if (!ingress.isValid()) {
          return ingress;
        }
      }
      if (!d.xnet().isEmpty()) {
        ValidationResult xnet = ctx.payloads().validateXnet(p.height(), c, d.xnet(), Chains.pastPayloads(pool, parent, c.certifiedHeight()));
        if (!xnet.isValid()) {
          return xnet;
        }
      }
      return ctx.dkg().validateDealings(info.get(), d.dealings());
    }

    // ---------------------------------------------------------------------------------------
    // Notarizations, finalizations and their shares

    /** TRUE valid, FALSE invalid, null undecidable now. */
    private Boolean checkNotary(Height h, MultiSignature sig, byte[] message) {
      Optional<RandomBeacon> prev = beacon(h.decrement());
      if (prev.isEmpty()) {
        return null;
      }
      Optional<List<NodeId>> committee = ctx.membership().notarizationCommittee(pool, h, prev.get());
      if (committee.isEmpty()) {
        return null;
      }
      if (sig.signers().size() < Membership.notarizationThreshold(committee.get().size())) {
        return false;
      }
      for (NodeId s : sig.signers()) {
        if (Collections.binarySearch(committee.get(), s) < 0) {
          return false;
        }
      }
      return ctx.crypto().verifyMulti(message, sig);
    }

    void notarizations() {
      long fin = pool.finalizedHeight().value();
      for (long hv : unvalidatedHeights(ArtifactType.NOTARIZATION, fin + 1, Long.MAX_VALUE)) {
        Height h = Height.of(hv);
        for (Notarization n : pool.unvalidated().<Notarization>get(ArtifactType.NOTARIZATION, h)) {
          if (out.stream().anyMatch(a -> a instanceof ChangeAction.MoveToValidated m && m.message().equals(n))) {
            continue;
          }
          if (pool.validated().<Notarization>get(ArtifactType.NOTARIZATION, h).stream().anyMatch(x -> x.content().equals(n.content()))) {
            out.add(new ChangeAction.RemoveFromUnvalidated(n));
            continue;
          }
          if (block(n.content().block(), h).isEmpty()) {
            continue;
          }
          Boolean ok = checkNotary(h, n.signature(), n.content().signedBytes());
          if (ok == null) {
            continue;
          }
          if (ok) {
            move(n);
            notarizedInPass.add(n.content().block());
          } else {
            invalid(n, "the notarization's signers or multi-signature do not verify");
          }
        }
      }
    }

    void finalizations() {
      long fin = pool.finalizedHeight().value();
      for (long hv : unvalidatedHeights(ArtifactType.FINALIZATION, fin + 1, Long.MAX_VALUE)) {
        Height h = Height.of(hv);
        for (Finalization f : pool.unvalidated().<Finalization>get(ArtifactType.FINALIZATION, h)) {
          if (pool.validated().<Finalization>get(ArtifactType.FINALIZATION, h).stream().anyMatch(x -> x.content().equals(f.content()))) {
            out.add(new ChangeAction.RemoveFromUnvalidated(f));
            continue;
          }
          if (!isNotarized(f.content().block(), h)) {
            continue;
          }
          Boolean ok = checkNotary(h, f.signature(), f.content().signedBytes());
          if (ok == null) {
            continue;
          }
          if (ok) {
            move(f);
          } else {
            invalid(f, "the finalization's signers or multi-signature do not verify");
          }
        }
      }
    }

    <S extends ConsensusMessage, C> void notaryShares(
        ArtifactType type, Function<S, C> content, Function<S, MultiSignatureShare> sig, Function<C, CryptoHash> blockOf, Function<C, byte[]> signed, boolean needNotarized) {
      long fin = pool.finalizedHeight().value();
      long top = pool.notarizedHeight().value() + 1;
      for (long hv : unvalidatedHeights(type, fin + 1, top)) {
        Height h = Height.of(hv);
        List<S> shares = pool.unvalidated().get(type, h);
        if (shares.isEmpty()) {
          continue;
        }
        Optional<RandomBeacon> prev = beacon(h.decrement());
        if (prev.isEmpty()) {
          continue;
        }
        Optional<List<NodeId>> committee = ctx.membership().notarizationCommittee(pool, h, prev.get());
        if (committee.isEmpty()) {
          continue;
        }
        List<S> validated = pool.validated().get(type, h);
        for (Map.Entry<C, List<S>> g : Grouping.byKey(shares, content)) {
          CryptoHash b = blockOf.apply(g.getKey());
          if (needNotarized ? !isNotarized(b, h) : block(b, h).isEmpty()) {
            continue;
          }
          List<S> sameContent = new ArrayList<>();
          for (S v : validated) {
            if (content.apply(v).equals(g.getKey())) {
              sameContent.add(v);
            }
          }
          byte[] message = signed.apply(g.getKey());
          screenAndVerify(
              g.getValue(),
              sameContent,
              x -> sig.apply(x).signer(),
              n -> Collections.binarySearch(committee.get(), n) >= 0,
              "is not in the notarization committee",
              cs -> ctx.crypto().verifyMultiShares(message, cs.stream().map(sig).toList()),
              "the multi-signature share does not verify");
        }
      }
    }

    void notarizationShares() {
      notaryShares(
          ArtifactType.NOTARIZATION_SHARE,
          (NotarizationShare s) -> s.content(),
          NotarizationShare::signature,
          c -> c.block(),
          c -> c.signedBytes(),
          false);
    }

    void finalizationShares() {
      notaryShares(
          ArtifactType.FINALIZATION_SHARE,
          (FinalizationShare s) -> s.content(),
          FinalizationShare::signature,
          c -> c.block(),
          c -> c.signedBytes(),
          true);
    }

    // ---------------------------------------------------------------------------------------
    // Beacons and tapes

    void beacons() {
      Height h = pool.beaconHeight().increment();
      Optional<RandomBeacon> tip = pool.randomBeacon(pool.beaconHeight());
      while (tip.isPresent()) {
        List<RandomBeacon> bs = pool.unvalidated().get(ArtifactType.RANDOM_BEACON, h);
        if (bs.isEmpty()) {
          return;
        }
        Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
        if (t.isEmpty()) {
          return;
        }
        CryptoHash parent = pool.beaconHash(tip.get());
        RandomBeacon accepted = null;
        for (RandomBeacon b : bs) {
          if (!b.content().parent().equals(parent)) {
            invalid(b, "the beacon's parent is not the hash of the beacon at " + h.decrement());
          } else if (!b.signature().signer().equals(t.get().dkgId())) {
            invalid(b, "the beacon is signed by " + b.signature().signer() + ", not the active low-threshold key");
          } else if (accepted == null && ctx.crypto().verifyThreshold(t.get(), b.content().signedBytes(), b.signature().signature())) {
            accepted = b;
            move(b);
            beaconsInPass.put(h.value(), b);
          } else if (accepted == null) {
            invalid(b, "the beacon's threshold signature does not verify");
          } else {
            out.add(new ChangeAction.RemoveFromUnvalidated(b));
          }
        }
        if (accepted == null) {
          return;
        }
        tip = Optional.of(accepted);
        h = h.increment();
      }
    }

    <S extends ConsensusMessage> void thresholdShares(
        List<S> shares, DkgTranscript t, byte[] message, Function<S, ThresholdSignatureShare> sig, List<S> validated) {
      screenAndVerify(
          shares,
          validated,
          x -> sig.apply(x).signer(),
          n -> t.indexOf(n) >= 0,
          "holds no share of " + t.dkgId(),
          cs -> ctx.crypto().verifyThresholdShares(t, message, cs.stream().map(sig).toList()),
          "the threshold signature share does not verify");
    }

    /**
     * The shares of one content: rejects signers without the role, drops shares of a signer
     * whose share is already validated, verifies the rest in one batch, moves the first valid
     * share of each signer, drops later valid ones and rejects the invalid ones.
     *
     * <p>Two unvalidated shares of one signer are both verified (as dfinity/ic's validator checks
     * every unvalidated share on its own): dropping the second unverified because the first
     * came earlier let a peer's corrupted copy of an honest share, arriving first, make a node
     * discard the genuine share and stall at that height (the liveness failure of sweep seed
     * 1896084001989016142).
     */
    <S extends ConsensusMessage> void screenAndVerify(
        List<S> shares,
        List<S> validatedSameContent,
        Function<S, NodeId> signerOf,
        java.util.function.Predicate<NodeId> member,
        String notMember,
        Function<List<S>, boolean[]> verify,
        String doesNotVerify) {
      List<S> candidates = new ArrayList<>();
      for (S s : shares) {
        NodeId signer = signerOf.apply(s);
        if (!member.test(signer)) {
          invalid(s, "the signer " + signer + " " + notMember);
        } else if (validatedSameContent.stream().anyMatch(v -> signerOf.apply(v).equals(signer))) {
          out.add(new ChangeAction.RemoveFromUnvalidated(s));
        } else {
          candidates.add(s);
        }
      }
      if (candidates.isEmpty()) {
        return;
      }
      boolean[] ok = verify.apply(candidates);
      java.util.Set<NodeId> moved = new java.util.HashSet<>();
      for (int i = 0; i < ok.length; i++) {
        if (ok[i] && moved.add(signerOf.apply(candidates.get(i)))) {
          move(candidates.get(i));
        } else if (ok[i]) {
          out.add(new ChangeAction.RemoveFromUnvalidated(candidates.get(i)));
        } else {
          invalid(candidates.get(i), doesNotVerify);
        }
      }
    }

    void beaconShares() {
      Height h = pool.beaconHeight().increment();
      List<RandomBeaconShare> shares = pool.unvalidated().get(ArtifactType.RANDOM_BEACON_SHARE, h);
      Optional<RandomBeacon> tip = pool.randomBeacon(pool.beaconHeight());
      Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
      if (shares.isEmpty() || tip.isEmpty() || t.isEmpty()) {
        return;
      }
      CryptoHash parent = pool.beaconHash(tip.get());
      List<RandomBeaconShare> good = new ArrayList<>(shares.size());
      for (RandomBeaconShare s : shares) {
        if (!s.content().parent().equals(parent) || !s.content().version().equals(ctx.version())) {
          invalid(s, "the beacon share's parent or version is wrong");
        } else {
          good.add(s);
        }
      }
      for (var g : Grouping.byKey(good, RandomBeaconShare::content)) {
        thresholdShares(g.getValue(), t.get(), g.getKey().signedBytes(), RandomBeaconShare::signature, pool.validated().get(ArtifactType.RANDOM_BEACON_SHARE, h));
      }
    }

    void tapes() {
      long from = Math.max(ctx.messageRouting().expectedBatchHeight().value(), pool.catchUpHeight().value() + 1);
      for (long hv : unvalidatedHeights(ArtifactType.RANDOM_TAPE, from, Long.MAX_VALUE)) {
        Height h = Height.of(hv);
        List<RandomTape> ts = pool.unvalidated().get(ArtifactType.RANDOM_TAPE, h);
        if (ts.isEmpty()) {
          continue;
        }
        Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
        if (t.isEmpty()) {
          continue;
        }
        boolean have = pool.randomTape(h).isPresent();
        for (RandomTape tape : ts) {
          if (have) {
            out.add(new ChangeAction.RemoveFromUnvalidated(tape));
          } else if (tape.signature().signer().equals(t.get().dkgId())
              && ctx.crypto().verifyThreshold(t.get(), tape.content().signedBytes(), tape.signature().signature())) {
            move(tape);
            have = true;
          } else {
            invalid(tape, "the tape's threshold signature does not verify under the active low-threshold key");
          }
        }
      }
    }

    void tapeShares() {
      long from = Math.max(ctx.messageRouting().expectedBatchHeight().value(), pool.catchUpHeight().value() + 1);
      long to = pool.finalizedHeight().value() + 1;
      for (long hv : unvalidatedHeights(ArtifactType.RANDOM_TAPE_SHARE, from, to)) {
        Height h = Height.of(hv);
        List<RandomTapeShare> shares = pool.unvalidated().get(ArtifactType.RANDOM_TAPE_SHARE, h);
        Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.LOW_THRESHOLD);
        if (shares.isEmpty() || t.isEmpty()) {
          continue;
        }
        if (pool.randomTape(h).isPresent()) {
          shares.forEach(s -> out.add(new ChangeAction.RemoveFromUnvalidated(s)));
          continue;
        }
        List<RandomTapeShare> ok = new ArrayList<>();
        for (RandomTapeShare s : shares) {
          if (s.content().version().equals(ctx.version())) {
            ok.add(s);
          } else {
            invalid(s, "the tape share's version is wrong");
          }
        }
        if (!ok.isEmpty()) {
          thresholdShares(ok, t.get(), ok.get(0).content().signedBytes(), RandomTapeShare::signature, pool.validated().get(ArtifactType.RANDOM_TAPE_SHARE, h));
        }
      }
    }

    // ---------------------------------------------------------------------------------------
    // Catch-up packages

    void catchUpPackages() {
      long cup = pool.catchUpHeight().value();
      CatchUpPackage best = null;
      for (long hv : unvalidatedHeights(ArtifactType.CATCH_UP_PACKAGE, 0, Long.MAX_VALUE)) {
        for (CatchUpPackage c : pool.unvalidated().<CatchUpPackage>get(ArtifactType.CATCH_UP_PACKAGE, Height.of(hv))) {
          if (hv <= cup) {
            out.add(new ChangeAction.RemoveFromUnvalidated(c));
          } else if (ctx.crypto().verifyBySubnetKey(c.content().shareContent().signedBytes(), c.signature().signature())) {
            if (best == null || c.height().compareTo(best.height()) > 0) {
              best = c;
            }
          } else {
            invalid(c, "the catch-up package does not verify under the subnet public key");
          }
        }
      }
      if (best != null) {
        move(best);
      }
    }

    void catchUpPackageShares() {
      long cup = pool.catchUpHeight().value();
      for (Map.Entry<Long, DkgSummary> e : pool.finalizedSummaries().tailMap(cup, false).entrySet()) {
        Height h = Height.of(e.getKey());
        List<CatchUpPackageShare> shares = pool.unvalidated().get(ArtifactType.CATCH_UP_PACKAGE_SHARE, h);
        if (shares.isEmpty()) {
          continue;
        }
        Optional<DkgTranscript> t = ctx.membership().activeTranscript(pool, h, NiDkgTag.HIGH_THRESHOLD);
        Optional<HashedBlock> block = pool.finalizedBlock(h);
        Optional<RandomBeacon> beacon = pool.randomBeacon(h);
        Optional<CryptoHash> state = ctx.stateManager().fullStateHash(h).map(CryptoHash::new);
        if (t.isEmpty() || block.isEmpty() || beacon.isEmpty() || state.isEmpty()) {
          continue;
        }
        CatchUpShareContent expected = new CatchUpContent(block.get(), beacon.get(), state.get(), BlockMaker.REGISTRY_VERSION).shareContent();
        List<CatchUpPackageShare> ok = new ArrayList<>();
        for (CatchUpPackageShare s : shares) {
          if (s.content().equals(expected)) {
            ok.add(s);
          } else {
            invalid(s, "the catch-up share's content (block, beacon or state hash) differs from this node's");
          }
        }
        if (!ok.isEmpty()) {
          thresholdShares(ok, t.get(), expected.signedBytes(), CatchUpPackageShare::signature, pool.validated().get(ArtifactType.CATCH_UP_PACKAGE_SHARE, h));
        }
      }
    }

    // ---------------------------------------------------------------------------------------
    // Equivocation proofs and dealings

    void equivocationProofs() {
      long fin = pool.finalizedHeight().value();
      long top = pool.notarizedHeight().value() + 1;
      for (long hv : unvalidatedHeights(ArtifactType.EQUIVOCATION_PROOF, fin + 1, top)) {
        Height h = Height.of(hv);
        for (EquivocationProof e : pool.unvalidated().<EquivocationProof>get(ArtifactType.EQUIVOCATION_PROOF, h)) {
          if (hasEquivocationProof(e.signer(), h)) {
            out.add(new ChangeAction.RemoveFromUnvalidated(e));
            continue;
          }
          Optional<RandomBeacon> prev = pool.randomBeacon(h.decrement());
          if (prev.isEmpty()) {
            continue;
          }
          Optional<Rank> rank = ctx.membership().blockMakerRank(pool, h, prev.get(), e.signer());
          if (rank.isEmpty() || !rank.get().equals(e.rank())) {
            invalid(e, "the accused is not a block maker of that rank");
          } else if (ctx.crypto().verifyBasic(e.signer(), e.signedBytes1(ctx.membership().subnet()), e.signature1())
              && ctx.crypto().verifyBasic(e.signer(), e.signedBytes2(ctx.membership().subnet()), e.signature2())) {
            move(e);
          } else {
            invalid(e, "a signature of the equivocation proof does not verify");
          }
        }
      }
    }

    void dealings() {
      Map.Entry<Long, DkgSummary> latest = pool.finalizedSummaries().lastEntry();
      if (latest == null) {
        return;
      }
      for (long hv : unvalidatedHeights(ArtifactType.DEALING, 0, Long.MAX_VALUE)) {
        for (DealingMessage d : pool.unvalidated().<DealingMessage>get(ArtifactType.DEALING, Height.of(hv))) {
          if (hv < latest.getKey()) {
            out.add(new ChangeAction.RemoveFromUnvalidated(d));
            continue;
          }
          if (hv > latest.getKey()) {
            continue;
          }
          boolean dup = false;
          for (DealingMessage v : pool.validated().<DealingMessage>get(ArtifactType.DEALING, Height.of(hv))) {
            dup |= v.dkgId().equals(d.dkgId()) && v.dealer().equals(d.dealer());
          }
          if (dup) {
            out.add(new ChangeAction.RemoveFromUnvalidated(d));
            continue;
          }
          if (ctx.dkg().checkDealing(latest.getValue(), d) instanceof ValidationResult.Invalid bad) {
            invalid(d, bad.reason());
          } else {
            move(d);
          }
        }
      }
    }
  }
}
