package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.consensus.artifact.BasicSignature;
import org.jicp.consensus.artifact.Block;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.CatchUpPackageShare;
import org.jicp.consensus.artifact.CatchUpShareContent;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.DealingMessage;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.EquivocationProof;
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
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;
import org.junit.jupiter.api.Test;

/**
 * Each artifact kind the {@link Validator} decides: an honest artifact accepted and each rule of
 * its kind broken by an artifact altered in exactly that part, rejected with its reason (or
 * deferred / dropped where the rule says so).
 *
 * <p>The chain the validating node knows is built directly in its pool ({@code AddToValidated}
 * of blocks, notarizations, finalizations, beacons and tapes signed with the subnet's fast test
 * crypto), without running the validator, so a broken validator cannot shape its own fixture.
 */
class ValidatorRejectionTest {
  private final TestSubnet s = new TestSubnet(4, ConsensusConfig.defaults(SubnetType.APPLICATION).withDkgIntervalLength(2));
  private final TestSubnet.Node v = s.node(0);
  private final String version = v.ctx.version();
  private long clock = 10;
  private boolean deliver = true;

  // ---------------------------------------------------------------------------------------------
  // Signing as the subnet's nodes

  private TestSubnet.Node nodeOf(NodeId id) {
    return s.nodes.get(s.ids.indexOf(id));
  }

  private RandomBeacon beacon(long h) {
    return v.pool.randomBeacon(Height.of(h)).orElseThrow();
  }

  private TestSubnet.Node maker(long h, int rank) {
    return nodeOf(v.ctx.membership().ranking(v.pool, Height.of(h), beacon(h - 1)).orElseThrow().get(rank));
  }

  private BlockProposal propose(long h, int rank, long ms, int variant) {
    return new BlockMaker(maker(h, rank).ctx).propose(v.pool, Time.ofMillis(ms), Height.of(h), Rank.of(rank), variant).orElseThrow();
  }

  private List<TestSubnet.Node> first(int k) {
    return s.nodes.subList(0, k);
  }

  private static MultiSignatureShare multiShare(TestSubnet.Node n, byte[] message) {
    return new MultiSignatureShare(n.id, n.ctx.crypto().signMulti(message));
  }

  private MultiSignature multi(byte[] message, List<TestSubnet.Node> signers) {
    List<MultiSignatureShare> shares = new ArrayList<>();
    signers.forEach(n -> shares.add(multiShare(n, message)));
    shares.sort(Comparator.comparing(MultiSignatureShare::signer));
    return new MultiSignature(shares.stream().map(MultiSignatureShare::signer).toList(), v.ctx.crypto().aggregateMulti(shares));
  }

  private Notarization notarization(BlockProposal p, List<TestSubnet.Node> signers) {
    NotarizationContent c = new NotarizationContent(version, p.height(), p.block().hash());
    return new Notarization(c, multi(c.signedBytes(), signers));
  }

  private Finalization finalization(BlockProposal p, List<TestSubnet.Node> signers) {
    FinalizationContent c = new FinalizationContent(version, p.height(), p.block().hash());
    return new Finalization(c, multi(c.signedBytes(), signers));
  }

  private DkgTranscript transcript(long h, NiDkgTag tag) {
    return v.ctx.membership().activeTranscript(v.pool, Height.of(h), tag).orElseThrow();
  }

  private static ThresholdSignatureShare thresholdShare(TestSubnet.Node n, DkgTranscript t, byte[] message) {
    return new ThresholdSignatureShare(n.id, n.ctx.crypto().signThreshold(t, message));
  }

  private ThresholdSignature threshold(DkgTranscript t, byte[] message) {
    List<ThresholdSignatureShare> shares = new ArrayList<>();
    s.nodes.forEach(n -> shares.add(thresholdShare(n, t, message)));
    return new ThresholdSignature(v.ctx.crypto().combineThreshold(t, message, shares), t.dkgId());
  }

  private RandomBeaconContent beaconContent(long h) {
    return new RandomBeaconContent(version, h, v.pool.beaconHash(beacon(h - 1)));
  }

  private RandomBeacon newBeacon(long h) {
    RandomBeaconContent c = beaconContent(h);
    return new RandomBeacon(c, threshold(transcript(h, NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
  }

  private RandomBeacon beaconAfter(RandomBeacon prev) {
    RandomBeaconContent c = new RandomBeaconContent(version, prev.height().value() + 1, v.pool.beaconHash(prev));
    return new RandomBeacon(c, threshold(transcript(c.height(), NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
  }

  private RandomTape tape(long h) {
    RandomTapeContent c = new RandomTapeContent(version, h);
    return new RandomTape(c, threshold(transcript(h, NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
  }

  private void add(ConsensusMessage... ms) {
    List<ChangeAction> c = new ArrayList<>();
    for (ConsensusMessage m : ms) {
      c.add(new ChangeAction.AddToValidated(m));
    }
    v.apply(c, clock);
  }

  /** Makes height {@code h} final in the node's pool: the rank-0 block, its notarization, finalization, beacon and tape. */
  private BlockProposal finalizeNext() {
    long h = v.pool.finalizedHeight().value() + 1;
    clock += 10;
    BlockProposal p = propose(h, 0, clock, 0);
    add(p);
    add(notarization(p, first(3)), finalization(p, first(3)));
    add(newBeacon(h));
    RandomTape t = tape(h);
    add(t);
    if (deliver) {
      v.exec.deliverBatch(ConsensusNode.batchOf(p.block(), t));
    }
    return p;
  }

  /** Finalizes heights until the first summary block after genesis; its height. */
  private long finalizeToFirstSummary() {
    return finalizeToNextSummary();
  }

  /** Finalizes heights until the next summary block; its height. */
  private long finalizeToNextSummary() {
    long last = v.pool.finalizedSummaries().lastKey();
    while (v.pool.finalizedSummaries().lastKey() == last) {
      finalizeNext();
    }
    return v.pool.finalizedSummaries().lastKey();
  }

  private List<ChangeAction> validate(ConsensusMessage... ms) {
    for (ConsensusMessage m : ms) {
      v.pool.addUnvalidated(m);
    }
    return new Validator(v.ctx).onStateChange(v.pool, Time.ofMillis(clock));
  }

  private static ChangeAction moved(ConsensusMessage m) {
    return new ChangeAction.MoveToValidated(m);
  }

  private static ChangeAction dropped(ConsensusMessage m) {
    return new ChangeAction.RemoveFromUnvalidated(m);
  }

  /** The single decision, which must be a rejection of {@code m}; its reason. */
  private static String rejection(List<ChangeAction> c, ConsensusMessage m) {
    assertThat(c).hasSize(1);
    assertThat(c.get(0)).isInstanceOf(ChangeAction.HandleInvalid.class);
    ChangeAction.HandleInvalid bad = (ChangeAction.HandleInvalid) c.get(0);
    assertThat(bad.message()).isEqualTo(m);
    return bad.reason();
  }

  /** The rank-0 proposal at height 1, validated. */
  private BlockProposal validatedProposal() {
    BlockProposal p = propose(1, 0, clock, 0);
    add(p);
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // Notarizations

  @Test
  void notarization_threeOfFourSigners_moved() {
    BlockProposal p = validatedProposal();
    Notarization n = notarization(p, first(3));
    assertThat(validate(n)).containsExactly(moved(n));
  }

  @Test
  void notarization_twoOfFourSigners_isInvalid() {
    BlockProposal p = validatedProposal();
    Notarization n = notarization(p, first(2));
    assertThat(rejection(validate(n), n)).contains("notarization's signers or multi-signature do not verify");
  }

  @Test
  void notarization_signerOutsideTheCommittee_isInvalid() {
    BlockProposal p = validatedProposal();
    Notarization honest = notarization(p, first(3));
    List<NodeId> signers = new ArrayList<>(honest.signature().signers());
    signers.set(2, NodeId.ofIndex(99));
    Notarization n = new Notarization(honest.content(), new MultiSignature(signers, honest.signature().signature()));
    assertThat(rejection(validate(n), n)).contains("do not verify");
  }

  @Test
  void notarization_signatureOfAnotherBlock_isInvalid() {
    BlockProposal p = validatedProposal();
    BlockProposal other = propose(1, 1, clock, 0);
    Notarization honest = notarization(p, first(3));
    Notarization n = new Notarization(honest.content(), notarization(other, first(3)).signature());
    assertThat(rejection(validate(n), n)).contains("do not verify");
  }

  @Test
  void notarization_unknownBlock_deferredUntilTheBlockIsValidated() {
    BlockProposal p = propose(1, 0, clock, 0);
    Notarization n = notarization(p, first(3));
    assertThat(validate(n)).isEmpty();
    add(p);
    assertThat(validate()).containsExactly(moved(n));
  }

  @Test
  void notarization_contentAlreadyNotarized_droppedWithoutVerification() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    Notarization again = notarization(p, s.nodes.subList(1, 4));
    assertThat(validate(again)).containsExactly(dropped(again));
  }

  @Test
  void notarization_atAFinalizedHeight_ignored() {
    finalizeNext();
    BlockProposal other = propose(1, 1, clock, 0);
    add(other);
    assertThat(validate(notarization(other, first(3)))).isEmpty();
  }

  @Test
  void notarization_withItsProposal_acceptsTheProposalBeforeItsRankDelayOnce() {
    BlockProposal p = propose(1, 1, clock, 0);
    Notarization n = notarization(p, first(3));
    List<ChangeAction> c = validate(p, n);
    assertThat(c).containsExactly(moved(p), moved(n));
  }

  @Test
  void notarization_withItsProposalButBadSignature_proposalWaitsForItsDelay() {
    BlockProposal p = propose(1, 1, clock, 0);
    Notarization n = notarization(p, first(2));
    assertThat(validate(p, n)).isEmpty();
    Time due = v.pool.roundStart(Height.of(1)).orElseThrow().plus(Delays.blockMakerDelay(v.ctx.config(), Rank.of(1)));
    assertThat(new Validator(v.ctx).onStateChange(v.pool, due))
        .containsExactly(moved(p), new ChangeAction.HandleInvalid(n, "the notarization's signers or multi-signature do not verify"));
  }

  // ---------------------------------------------------------------------------------------------
  // Finalizations

  @Test
  void finalization_ofANotarizedBlock_moved() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    Finalization f = finalization(p, first(3));
    assertThat(validate(f)).containsExactly(moved(f));
  }

  @Test
  void finalization_ofABlockNotYetNotarized_deferred() {
    BlockProposal p = validatedProposal();
    Finalization f = finalization(p, first(3));
    assertThat(validate(f)).isEmpty();
    Notarization n = notarization(p, first(3));
    assertThat(validate(n)).containsExactly(moved(n), moved(f));
  }

  @Test
  void finalization_twoSigners_isInvalid() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    Finalization f = finalization(p, first(2));
    assertThat(rejection(validate(f), f)).contains("finalization's signers or multi-signature do not verify");
  }

  @Test
  void finalization_notarizationSignature_isInvalid() {
    BlockProposal p = validatedProposal();
    Notarization n = notarization(p, first(3));
    add(n);
    Finalization f = new Finalization(new FinalizationContent(version, p.height(), p.block().hash()), n.signature());
    assertThat(rejection(validate(f), f)).contains("do not verify");
  }

  @Test
  void finalization_atAFinalizedHeight_ignored() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    add(finalization(p, first(3)));
    assertThat(validate(finalization(p, s.nodes.subList(1, 4)))).isEmpty();
  }


  // ---------------------------------------------------------------------------------------------
  // Notarization and finalization shares

  @Test
  void notarizationShare_honest_moved() {
    BlockProposal p = validatedProposal();
    NotarizationShare a = new Notary(s.node(1).ctx).sign(p);
    assertThat(validate(a)).containsExactly(moved(a));
  }

  @Test
  void notarizationShare_aboveTheNextHeight_ignoredUntilTheParentIsNotarized() {
    finalizeNext();
    clock += 10;
    BlockProposal p2 = propose(2, 0, clock, 0);
    add(p2, newBeacon(2));
    clock += 10;
    BlockProposal p3 = new BlockMaker(maker(3, 0).ctx).sign(new Block(version, p2.block().hash(), Height.of(3), Rank.of(0),
        new ValidationContext(BlockMaker.REGISTRY_VERSION, Height.ZERO, Time.ofMillis(clock)), DataPayload.EMPTY));
    add(p3);
    NotarizationShare share = new Notary(s.node(1).ctx).sign(p3);
    assertThat(validate(share)).isEmpty();
    add(notarization(p2, first(3)));
    assertThat(validate()).containsExactly(moved(share));
  }

  @Test
  void notarizationShare_atAFinalizedHeight_ignored() {
    finalizeNext();
    BlockProposal other = propose(1, 1, clock, 0);
    add(other);
    assertThat(validate(new Notary(s.node(1).ctx).sign(other))).isEmpty();
  }

  @Test
  void finalizationShare_ofANotarizedBlock_moved() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    FinalizationShare f = new Finalizer(s.node(1).ctx).sign(p.block());
    assertThat(validate(f)).containsExactly(moved(f));
  }

  @Test
  void finalizationShare_ofABlockNotNotarized_deferred() {
    BlockProposal p = validatedProposal();
    FinalizationShare f = new Finalizer(s.node(1).ctx).sign(p.block());
    assertThat(validate(f)).isEmpty();
  }

  @Test
  void finalizationShare_ofANodeOutsideTheSubnet_isInvalid() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    FinalizationShare honest = new Finalizer(s.node(1).ctx).sign(p.block());
    FinalizationShare f = new FinalizationShare(honest.content(), new MultiSignatureShare(NodeId.ofIndex(99), honest.signature().signature()));
    assertThat(rejection(validate(f), f)).contains("is not in the notarization committee");
  }

  @Test
  void finalizationShare_signatureOfAnotherSigner_isInvalid() {
    BlockProposal p = validatedProposal();
    add(notarization(p, first(3)));
    FinalizationShare honest = new Finalizer(s.node(1).ctx).sign(p.block());
    FinalizationShare f = new FinalizationShare(honest.content(), new MultiSignatureShare(s.node(2).id, honest.signature().signature()));
    assertThat(rejection(validate(f), f)).contains("the multi-signature share does not verify");
  }

  // ---------------------------------------------------------------------------------------------
  // Random beacons

  @Test
  void beacon_honest_moved() {
    validatedProposal();
    RandomBeacon b = newBeacon(1);
    assertThat(validate(b)).containsExactly(moved(b));
  }

  @Test
  void beacon_twoHeightsAtOnce_bothMovedInOrder() {
    RandomBeacon b1 = newBeacon(1);
    RandomBeacon b2 = beaconAfter(b1);
    assertThat(validate(b2, b1)).containsExactly(moved(b1), moved(b2));
  }

  @Test
  void beacon_ofTheHeightAfterNext_ignoredUntilItsParentComes() {
    RandomBeacon b1 = newBeacon(1);
    RandomBeacon b2 = beaconAfter(b1);
    assertThat(validate(b2)).isEmpty();
    assertThat(validate(b1)).containsExactly(moved(b1), moved(b2));
  }

  @Test
  void beacon_validOneAndAForgedOneOfTheNextHeight_forgedRejectedChainStops() {
    RandomBeacon b1 = newBeacon(1);
    RandomBeacon b2 = beaconAfter(b1);
    RandomBeacon forged = new RandomBeacon(b1.content(), new ThresholdSignature(Bytes.of(new byte[8]), b1.signature().signer()));
    assertThat(validate(forged, b2))
        .containsExactly(new ChangeAction.HandleInvalid(forged, "the beacon's threshold signature does not verify"));
  }

  @Test
  void beacon_wrongParent_isInvalid() {
    RandomBeaconContent c = new RandomBeaconContent(version, 1, new CryptoHash(Bytes.of(new byte[32])));
    RandomBeacon b = new RandomBeacon(c, threshold(transcript(1, NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
    assertThat(rejection(validate(b), b)).contains("parent is not the hash of the beacon at 0");
  }

  @Test
  void beacon_signedByTheHighThresholdKey_isInvalid() {
    RandomBeaconContent c = beaconContent(1);
    RandomBeacon b = new RandomBeacon(c, threshold(transcript(1, NiDkgTag.HIGH_THRESHOLD), c.signedBytes()));
    assertThat(rejection(validate(b), b)).contains("not the active low-threshold key");
  }

  @Test
  void beacon_signatureOfAnotherContent_isInvalid() {
    RandomBeacon honest = newBeacon(1);
    RandomBeacon b = new RandomBeacon(honest.content(), tape(1).signature());
    assertThat(rejection(validate(b), b)).contains("threshold signature does not verify");
  }

  @Test
  void beacon_badCopyAfterTheHonestOne_honestMovedCopyRejected() {
    RandomBeacon honest = newBeacon(1);
    RandomBeacon bad = new RandomBeacon(honest.content(), tape(1).signature());
    List<ChangeAction> c = validate(honest, bad);
    assertThat(c).contains(moved(honest));
    assertThat(c).hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Random beacon shares

  private RandomBeaconShare beaconShare(TestSubnet.Node n, RandomBeaconContent c) {
    return new RandomBeaconShare(c, thresholdShare(n, transcript(c.height(), NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
  }

  @Test
  void beaconShare_honest_moved() {
    RandomBeaconShare share = beaconShare(s.node(1), beaconContent(1));
    assertThat(validate(share)).containsExactly(moved(share));
  }

  @Test
  void beaconShare_wrongParent_isInvalid() {
    RandomBeaconShare share = beaconShare(s.node(1), new RandomBeaconContent(version, 1, new CryptoHash(Bytes.of(new byte[32]))));
    assertThat(rejection(validate(share), share)).contains("parent or version is wrong");
  }

  @Test
  void beaconShare_wrongVersion_isInvalid() {
    RandomBeaconShare share = beaconShare(s.node(1), new RandomBeaconContent("0.0.0-other", 1, v.pool.beaconHash(beacon(0))));
    assertThat(rejection(validate(share), share)).contains("parent or version is wrong");
  }

  @Test
  void beaconShare_signerWithoutAShare_isInvalid() {
    RandomBeaconShare honest = beaconShare(s.node(1), beaconContent(1));
    RandomBeaconShare share = new RandomBeaconShare(honest.content(), new ThresholdSignatureShare(NodeId.ofIndex(99), honest.signature().signature()));
    assertThat(rejection(validate(share), share)).contains("holds no share of");
  }

  @Test
  void beaconShare_signatureOfAnotherSigner_isInvalid() {
    RandomBeaconShare honest = beaconShare(s.node(1), beaconContent(1));
    RandomBeaconShare share = new RandomBeaconShare(honest.content(), new ThresholdSignatureShare(s.node(2).id, honest.signature().signature()));
    assertThat(rejection(validate(share), share)).contains("the threshold signature share does not verify");
  }

  @Test
  void beaconShare_signerAlreadyValidated_dropped() {
    RandomBeaconShare honest = beaconShare(s.node(1), beaconContent(1));
    add(honest);
    RandomBeaconShare bad = new RandomBeaconShare(honest.content(), new ThresholdSignatureShare(s.node(1).id, Bytes.of(new byte[8])));
    assertThat(validate(bad)).containsExactly(dropped(bad));
  }

  @Test
  void beaconShare_twoSigners_bothMoved() {
    RandomBeaconShare a = beaconShare(s.node(1), beaconContent(1));
    RandomBeaconShare b = beaconShare(s.node(2), beaconContent(1));
    assertThat(validate(a, b)).containsExactlyInAnyOrder(moved(a), moved(b));
  }

  // ---------------------------------------------------------------------------------------------
  // Random tapes and their shares

  @Test
  void tape_honest_moved() {
    RandomTape t = tape(1);
    assertThat(validate(t)).containsExactly(moved(t));
  }

  @Test
  void tape_signedByTheHighThresholdKey_isInvalid() {
    RandomTapeContent c = new RandomTapeContent(version, 1);
    RandomTape t = new RandomTape(c, threshold(transcript(1, NiDkgTag.HIGH_THRESHOLD), c.signedBytes()));
    assertThat(rejection(validate(t), t)).contains("tape's threshold signature does not verify");
  }

  @Test
  void tape_signatureOfAnotherContent_isInvalid() {
    RandomTape t = new RandomTape(new RandomTapeContent(version, 1), newBeacon(1).signature());
    assertThat(rejection(validate(t), t)).contains("tape's threshold signature does not verify");
  }

  @Test
  void tape_alreadyHeld_dropped() {
    RandomTape t = tape(1);
    add(t);
    RandomTape bad = new RandomTape(t.content(), newBeacon(1).signature());
    assertThat(validate(bad)).containsExactly(dropped(bad));
  }

  @Test
  void tape_belowTheNextBatch_ignored() {
    finalizeNext();
    assertThat(v.exec.expectedBatchHeight().value()).isEqualTo(2);
    RandomTape bad = new RandomTape(new RandomTapeContent(version, 1), newBeacon(1).signature());
    assertThat(validate(bad)).isEmpty();
  }

  private RandomTapeShare tapeShare(TestSubnet.Node n, RandomTapeContent c) {
    return new RandomTapeShare(c, thresholdShare(n, transcript(c.height(), NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
  }

  @Test
  void tapeShare_honest_moved() {
    RandomTapeShare share = tapeShare(s.node(1), new RandomTapeContent(version, 1));
    assertThat(validate(share)).containsExactly(moved(share));
  }

  @Test
  void tapeShare_wrongVersion_isInvalid() {
    RandomTapeShare share = tapeShare(s.node(1), new RandomTapeContent("0.0.0-other", 1));
    assertThat(rejection(validate(share), share)).contains("tape share's version is wrong");
  }

  @Test
  void tapeShare_signatureOfAnotherSigner_isInvalid() {
    RandomTapeShare honest = tapeShare(s.node(1), new RandomTapeContent(version, 1));
    RandomTapeShare share = new RandomTapeShare(honest.content(), new ThresholdSignatureShare(s.node(2).id, honest.signature().signature()));
    assertThat(rejection(validate(share), share)).contains("the threshold signature share does not verify");
  }

  @Test
  void tapeShare_tapeAlreadyHeld_dropped() {
    add(tape(1));
    RandomTapeShare share = tapeShare(s.node(1), new RandomTapeContent(version, 1));
    assertThat(validate(share)).containsExactly(dropped(share));
  }

  @Test
  void tapeShare_aboveTheNextFinalizedHeight_ignored() {
    RandomTapeShare share = tapeShare(s.node(1), new RandomTapeContent(version, 2));
    assertThat(validate(share)).isEmpty();
    finalizeNext();
    assertThat(validate()).containsExactly(moved(share));
  }

  // ---------------------------------------------------------------------------------------------
  // Catch-up packages and their shares

  private CatchUpContent cupContent(long h) {
    HashedBlock b = v.pool.finalizedBlock(Height.of(h)).orElseThrow();
    CryptoHash state = new CryptoHash(v.exec.fullStateHash(Height.of(h)).orElseThrow());
    return new CatchUpContent(b, beacon(h), state, BlockMaker.REGISTRY_VERSION);
  }

  private CatchUpPackage cup(CatchUpContent c) {
    return new CatchUpPackage(c, threshold(transcript(c.height().value(), NiDkgTag.HIGH_THRESHOLD), c.shareContent().signedBytes()));
  }

  @Test
  void catchUpPackage_signedByTheSubnetKey_moved() {
    long sh = finalizeToFirstSummary();
    CatchUpPackage c = cup(cupContent(sh));
    assertThat(validate(c)).containsExactly(moved(c));
  }

  @Test
  void catchUpPackage_signedByTheLowThresholdKey_isInvalid() {
    long sh = finalizeToFirstSummary();
    CatchUpContent content = cupContent(sh);
    CatchUpPackage c = new CatchUpPackage(content, threshold(transcript(sh, NiDkgTag.LOW_THRESHOLD), content.shareContent().signedBytes()));
    assertThat(rejection(validate(c), c)).contains("does not verify under the subnet public key");
  }

  @Test
  void catchUpPackage_atTheCurrentCatchUpHeight_droppedUnverified() {
    long sh = finalizeToFirstSummary();
    CatchUpPackage c = cup(cupContent(sh));
    add(c);
    assertThat(v.pool.catchUpHeight().value()).isEqualTo(sh);
    CatchUpPackage forged = new CatchUpPackage(c.content(), new ThresholdSignature(Bytes.of(new byte[8]), c.signature().signer()));
    assertThat(validate(forged)).containsExactly(dropped(forged));
  }

  @Test
  void catchUpPackage_twoHeights_onlyTheHighestMoved() {
    long first = finalizeToFirstSummary();
    CatchUpPackage low = cup(cupContent(first));
    finalizeNext();
    while (v.pool.finalizedSummaries().lastKey() == first) {
      finalizeNext();
    }
    CatchUpPackage high = cup(cupContent(v.pool.finalizedSummaries().lastKey()));
    assertThat(validate(high, low)).containsExactly(moved(high));
    assertThat(validate(low, high)).containsExactly(moved(high));
  }

  private CatchUpPackageShare cupShare(TestSubnet.Node n, CatchUpShareContent c) {
    return new CatchUpPackageShare(c, thresholdShare(n, transcript(c.height().value(), NiDkgTag.HIGH_THRESHOLD), c.signedBytes()));
  }

  @Test
  void catchUpPackageShare_honest_moved() {
    long sh = finalizeToFirstSummary();
    CatchUpPackageShare share = cupShare(s.node(1), cupContent(sh).shareContent());
    assertThat(validate(share)).containsExactly(moved(share));
  }

  @Test
  void catchUpPackageShare_otherStateHash_isInvalid() {
    long sh = finalizeToFirstSummary();
    CatchUpShareContent honest = cupContent(sh).shareContent();
    CatchUpShareContent c = new CatchUpShareContent(
        honest.version(), honest.height(), honest.block(), honest.randomBeacon(), new CryptoHash(Bytes.of(new byte[32])), honest.oldestRegistryVersionInUse());
    CatchUpPackageShare share = cupShare(s.node(1), c);
    assertThat(rejection(validate(share), share)).contains("catch-up share's content");
  }

  @Test
  void catchUpPackageShare_otherRegistryVersion_isInvalid() {
    long sh = finalizeToFirstSummary();
    CatchUpShareContent honest = cupContent(sh).shareContent();
    CatchUpShareContent c = new CatchUpShareContent(
        honest.version(), honest.height(), honest.block(), honest.randomBeacon(), honest.stateHash(), RegistryVersion.of(7));
    CatchUpPackageShare share = cupShare(s.node(1), c);
    assertThat(rejection(validate(share), share)).contains("catch-up share's content");
  }

  @Test
  void catchUpPackageShare_lowThresholdSignature_isInvalid() {
    long sh = finalizeToFirstSummary();
    CatchUpShareContent c = cupContent(sh).shareContent();
    CatchUpPackageShare share = new CatchUpPackageShare(c, thresholdShare(s.node(1), transcript(sh, NiDkgTag.LOW_THRESHOLD), c.signedBytes()));
    assertThat(rejection(validate(share), share)).contains("the threshold signature share does not verify");
  }

  @Test
  void catchUpPackageShare_stateNotComputedHereYet_deferred() {
    deliver = false;
    long sh = finalizeToFirstSummary();
    assertThat(v.exec.fullStateHash(Height.of(sh))).isEmpty();
    CatchUpShareContent c =
        new CatchUpContent(v.pool.finalizedBlock(Height.of(sh)).orElseThrow(), beacon(sh), new CryptoHash(Bytes.of(new byte[32])), BlockMaker.REGISTRY_VERSION)
            .shareContent();
    assertThat(validate(cupShare(s.node(1), c))).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Equivocation proofs

  private EquivocationProof equivocation() {
    return EquivocationProof.of(propose(1, 0, clock, 0), propose(1, 0, clock, 1));
  }

  @Test
  void equivocationProof_twoSignedBlocksOfTheMaker_moved() {
    EquivocationProof e = equivocation();
    assertThat(validate(e)).containsExactly(moved(e));
  }

  @Test
  void equivocationProof_wrongRank_isInvalid() {
    EquivocationProof h = equivocation();
    EquivocationProof e = new EquivocationProof(h.signer(), h.version(), h.height(), Rank.of(1), h.hash1(), h.signature1(), h.hash2(), h.signature2());
    assertThat(rejection(validate(e), e)).contains("not a block maker of that rank");
  }

  @Test
  void equivocationProof_accusedOutsideTheSubnet_isInvalid() {
    EquivocationProof h = equivocation();
    EquivocationProof e = new EquivocationProof(NodeId.ofIndex(99), h.version(), h.height(), h.rank(), h.hash1(), h.signature1(), h.hash2(), h.signature2());
    assertThat(rejection(validate(e), e)).contains("not a block maker of that rank");
  }

  @Test
  void equivocationProof_firstSignatureForged_isInvalid() {
    EquivocationProof h = equivocation();
    EquivocationProof e = new EquivocationProof(h.signer(), h.version(), h.height(), h.rank(), h.hash1(), h.signature2(), h.hash2(), h.signature2());
    assertThat(rejection(validate(e), e)).contains("a signature of the equivocation proof does not verify");
  }

  @Test
  void equivocationProof_secondSignatureForged_isInvalid() {
    EquivocationProof h = equivocation();
    EquivocationProof e = new EquivocationProof(h.signer(), h.version(), h.height(), h.rank(), h.hash1(), h.signature1(), h.hash2(), h.signature1());
    assertThat(rejection(validate(e), e)).contains("a signature of the equivocation proof does not verify");
  }

  @Test
  void equivocationProof_signerAlreadyProven_dropped() {
    EquivocationProof e = equivocation();
    add(e);
    EquivocationProof forged = new EquivocationProof(e.signer(), e.version(), e.height(), e.rank(), e.hash1(), e.signature1(), e.hash2(), e.signature1());
    assertThat(validate(forged)).containsExactly(dropped(forged));
  }

  @Test
  void equivocationProof_atAFinalizedHeight_ignored() {
    EquivocationProof e = equivocation();
    finalizeNext();
    assertThat(validate(e)).isEmpty();
  }

  @Test
  void proposal_secondBlockOfAValidatedMaker_movedWithAnEquivocationProof() {
    BlockProposal a = validatedProposal();
    BlockProposal b = propose(1, 0, clock, 1);
    clock++;
    List<ChangeAction> c = validate(b);
    assertThat(c).containsExactlyInAnyOrder(new ChangeAction.AddToValidated(EquivocationProof.of(a, b)), moved(b));
  }

  @Test
  void proposal_thirdBlockOfAProvenEquivocator_movedWithoutAnotherProof() {
    BlockProposal a = validatedProposal();
    BlockProposal b = propose(1, 0, clock, 1);
    add(b, EquivocationProof.of(a, b));
    BlockProposal c3 = propose(1, 0, clock, 2);
    clock++;
    assertThat(validate(c3)).containsExactly(moved(c3));
  }

  // ---------------------------------------------------------------------------------------------
  // Block proposals

  @Test
  void proposal_signerNotInTheSubnet_isInvalid() {
    BlockProposal honest = propose(1, 0, clock, 0);
    BlockProposal p = new BlockProposal(honest.block(), new BasicSignature(NodeId.ofIndex(99), honest.signature().signature()));
    assertThat(rejection(validate(p), p)).contains("is not a block maker at height 1");
  }

  @Test
  void proposal_signedByAnotherNodeOfTheSameRankClaim_isInvalid() {
    BlockProposal honest = propose(1, 0, clock, 0);
    BlockProposal p = new BlockProposal(honest.block(), new BasicSignature(maker(1, 1).id, honest.signature().signature()));
    assertThat(rejection(validate(p), p)).contains("rank mismatch");
  }

  @Test
  void proposal_higherRankThanAValidOne_skippedUnlessANotarizationShareNamesIt() {
    validatedProposal();
    BlockProposal r1 = propose(1, 1, clock, 0);
    assertThat(validate(r1)).isEmpty();
    assertThat(new Validator(v.ctx).onStateChange(v.pool, Time.ofMillis(clock + 5_000))).isEmpty();
    NotarizationShare share = new Notary(s.node(1).ctx).sign(r1);
    v.pool.addUnvalidated(share);
    List<ChangeAction> c = new Validator(v.ctx).onStateChange(v.pool, Time.ofMillis(clock + 5_000));
    assertThat(c).contains(moved(r1), moved(share));
  }

  @Test
  void proposal_lowerRankAfterAHigherValidOne_moved() {
    BlockProposal r1 = propose(1, 1, clock, 0);
    add(r1);
    BlockProposal r0 = propose(1, 0, clock, 0);
    assertThat(validate(r0)).containsExactly(moved(r0));
  }

  @Test
  void proposal_parentNotNotarized_deferred() {
    BlockProposal p1 = validatedProposal();
    add(newBeacon(1));
    clock += 10;
    BlockProposal p = new BlockMaker(maker(2, 0).ctx).sign(new Block(version, p1.block().hash(), Height.of(2), Rank.of(0),
        new ValidationContext(BlockMaker.REGISTRY_VERSION, Height.ZERO, Time.ofMillis(clock)), DataPayload.EMPTY));
    assertThat(validate(p)).isEmpty();
    add(notarization(p1, first(3)));
    assertThat(validate()).containsExactly(moved(p));
  }

  @Test
  void proposal_registryVersionNotKnown_deferred() {
    BlockProposal honest = propose(1, 0, clock, 0);
    ValidationContext c = honest.block().block().context();
    Block b = honest.block().block();
    BlockProposal p = new BlockMaker(maker(1, 0).ctx).sign(new Block(b.version(), b.parent(), b.height(), b.rank(),
        new ValidationContext(RegistryVersion.of(BlockMaker.REGISTRY_VERSION.value() + 1), c.certifiedHeight(), c.time()), b.payload()));
    assertThat(validate(p)).isEmpty();
  }

  private static ConsensusContext withRegistry(ConsensusContext c, java.util.function.Supplier<RegistryVersion> latest) {
    return new ConsensusContext(c.self(), c.version(), c.membership(), c.crypto(), c.stateManager(), c.messageRouting(), c.payloads(), c.dkg(), latest);
  }

  @Test
  void blockMaker_namesTheLatestRegistryVersionItKnows_noProposalBelowTheParents() {
    TestSubnet.Node m = maker(1, 0);
    BlockProposal p = new BlockMaker(withRegistry(m.ctx, () -> RegistryVersion.of(7)))
        .propose(v.pool, Time.ofMillis(clock), Height.of(1), Rank.of(0), 0).orElseThrow();
    assertThat(p.block().block().context().registryVersion()).isEqualTo(RegistryVersion.of(7));
    // A registry client behind the parent's version (genesis names 1) cannot make a block.
    assertThat(new BlockMaker(withRegistry(m.ctx, () -> RegistryVersion.ZERO))
        .propose(v.pool, Time.ofMillis(clock), Height.of(1), Rank.of(0), 0)).isEmpty();
  }

  @Test
  void proposal_registryVersionLearnedLater_deferredThenMoved() {
    java.util.concurrent.atomic.AtomicLong known = new java.util.concurrent.atomic.AtomicLong(5);
    BlockProposal p = new BlockMaker(withRegistry(maker(1, 0).ctx, () -> RegistryVersion.of(6)))
        .propose(v.pool, Time.ofMillis(clock), Height.of(1), Rank.of(0), 0).orElseThrow();
    v.pool.addUnvalidated(p);
    Validator follower = new Validator(withRegistry(v.ctx, () -> RegistryVersion.of(known.get())));
    assertThat(follower.onStateChange(v.pool, Time.ofMillis(clock))).isEmpty();
    known.set(6);
    assertThat(follower.onStateChange(v.pool, Time.ofMillis(clock))).containsExactly(moved(p));
  }

  @Test
  void proposal_certifiedHeightNotReachedHere_deferred() {
    BlockProposal honest = propose(1, 0, clock, 0);
    ValidationContext c = honest.block().block().context();
    Block b = honest.block().block();
    BlockProposal p = new BlockMaker(maker(1, 0).ctx).sign(new Block(b.version(), b.parent(), b.height(), b.rank(),
        new ValidationContext(c.registryVersion(), Height.of(5), c.time()), b.payload()));
    assertThat(validate(p)).isEmpty();
  }

  private BlockProposal withPayload(long h, org.jicp.consensus.artifact.BlockPayload payload) {
    BlockProposal honest = propose(h, 0, clock, 0);
    Block b = honest.block().block();
    return new BlockMaker(maker(h, 0).ctx).sign(new Block(b.version(), b.parent(), b.height(), b.rank(), b.context(), payload));
  }

  @Test
  void proposal_summaryHeightWithTheDeterminedSummary_moved() {
    long h = 1;
    while (true) {
      BlockProposal next = propose(h, 0, clock + 10, 0);
      if (next.block().block().payload() instanceof SummaryPayload) {
        clock += 10;
        assertThat(validate(next)).containsExactly(moved(next));
        return;
      }
      finalizeNext();
      h++;
    }
  }

  @Test
  void proposal_dataPayloadAtASummaryHeight_isInvalid() {
    long h = 1;
    while (!(propose(h, 0, clock + 10, 0).block().block().payload() instanceof SummaryPayload)) {
      finalizeNext();
      h++;
    }
    clock += 10;
    BlockProposal p = withPayload(h, DataPayload.EMPTY);
    assertThat(rejection(validate(p), p)).contains("a summary block is due at height " + h);
  }

  @Test
  void proposal_otherSummaryThanTheChainDetermines_isInvalid() {
    long h = 1;
    while (!(propose(h, 0, clock + 10, 0).block().block().payload() instanceof SummaryPayload)) {
      finalizeNext();
      h++;
    }
    clock += 10;
    SummaryPayload honest = (SummaryPayload) propose(h, 0, clock, 0).block().block().payload();
    SummaryPayload genesis = (SummaryPayload) s.genesis.content().block().block().payload();
    assertThat(honest.summary()).isNotEqualTo(genesis.summary());
    BlockProposal p = withPayload(h, genesis);
    assertThat(rejection(validate(p), p)).contains("the DKG summary differs");
  }

  @Test
  void proposal_summaryPayloadAtADataHeight_isInvalid() {
    BlockProposal p = withPayload(1, s.genesis.content().block().block().payload());
    assertThat(rejection(validate(p), p)).contains("a summary payload at height 1");
  }

  private static IngressMessage msg(int i) {
    byte[] id = new byte[32];
    id[0] = (byte) i;
    return new IngressMessage(org.jicp.types.MessageId.of(id), Time.ofMillis(60_000), Bytes.of(new byte[4]));
  }

  @Test
  void proposal_exactlyTheIngressLimit_moved() {
    List<IngressMessage> in = new ArrayList<>();
    for (int i = 0; i < v.ctx.config().maxIngressMessagesPerBlock(); i++) {
      byte[] id = new byte[32];
      id[0] = (byte) (i >> 8);
      id[1] = (byte) i;
      in.add(new IngressMessage(org.jicp.types.MessageId.of(id), Time.ofMillis(60_000), Bytes.EMPTY));
    }
    BlockProposal p = withPayload(1, new DataPayload(in, List.of()));
    assertThat(validate(p)).containsExactly(moved(p));
  }

  @Test
  void proposal_ingressAlreadyInTheChain_isInvalid() {
    BlockProposal p1 = withPayload(1, new DataPayload(List.of(msg(1)), List.of()));
    add(p1);
    add(notarization(p1, first(3)), finalization(p1, first(3)));
    add(newBeacon(1));
    clock += 10;
    BlockProposal p2 = withPayload(2, new DataPayload(List.of(msg(2), msg(1)), List.of()));
    assertThat(rejection(validate(p2), p2)).contains("is already in the chain");
  }

  @Test
  void proposal_newIngressAfterABlockWithIngress_moved() {
    BlockProposal p1 = withPayload(1, new DataPayload(List.of(msg(1)), List.of()));
    add(p1);
    add(notarization(p1, first(3)), finalization(p1, first(3)));
    add(newBeacon(1));
    clock += 10;
    BlockProposal p2 = withPayload(2, new DataPayload(List.of(msg(2)), List.of()));
    assertThat(validate(p2)).containsExactly(moved(p2));
  }

  @Test
  void proposal_ingressThePayloadBuilderRejects_isInvalidWithItsReason() {
    PayloadBuilder rejecting =
        new PayloadBuilder() {
          @Override
          public List<IngressMessage> selectIngress(Height h, ValidationContext c, java.util.Set<org.jicp.types.MessageId> x, long b, int m) {
            return List.of();
          }

          @Override
          public org.jicp.types.ports.ValidationResult validateIngress(Height h, ValidationContext c, List<IngressMessage> in) {
            return org.jicp.types.ports.ValidationResult.invalid("expired ingress");
          }
        };
    BlockProposal p = withPayload(1, new DataPayload(List.of(msg(1)), List.of()));
    v.pool.addUnvalidated(p);
    ConsensusContext c = v.ctx;
    Validator strict = new Validator(new ConsensusContext(c.self(), c.version(), c.membership(), c.crypto(), c.stateManager(), c.messageRouting(), rejecting, c.dkg()));
    assertThat(rejection(strict.onStateChange(v.pool, Time.ofMillis(clock)), p)).isEqualTo("expired ingress");
  }

  @Test
  void nextWakeUp_noProposals_empty() {
    RandomBeacon b = newBeacon(1);
    v.pool.addUnvalidated(b);
    assertThat(new Validator(v.ctx).nextWakeUp(v.pool, Time.ofMillis(clock))).isEmpty();
  }

  @Test
  void nextWakeUp_rankOneProposal_itsRankDelay() {
    BlockProposal r1 = propose(1, 1, clock, 0);
    v.pool.addUnvalidated(r1);
    Optional<Time> wake = new Validator(v.ctx).nextWakeUp(v.pool, Time.ofMillis(clock));
    Time due = v.pool.roundStart(Height.of(1)).orElseThrow().plus(Delays.blockMakerDelay(v.ctx.config(), Rank.of(1)));
    assertThat(wake).contains(due);
    assertThat(new Validator(v.ctx).onStateChange(v.pool, due.plusNanos(-1))).isEmpty();
    assertThat(new Validator(v.ctx).onStateChange(v.pool, due)).containsExactly(moved(r1));
  }

  // ---------------------------------------------------------------------------------------------
  // Dealings

  private DealingMessage dealing(TestSubnet.Node dealer) {
    List<ChangeAction> c = new DkgDealer(dealer.ctx).onStateChange(v.pool, Time.ofMillis(clock));
    return (DealingMessage) ((ChangeAction.AddToValidated) c.get(0)).message();
  }

  @Test
  void dealing_honest_moved() {
    finalizeToFirstSummary();
    DealingMessage d = dealing(s.node(1));
    assertThat(validate(d)).containsExactly(moved(d));
  }

  @Test
  void dealing_forgedSignature_isInvalid() {
    finalizeToFirstSummary();
    DealingMessage h = dealing(s.node(1));
    DealingMessage d = new DealingMessage(h.dkgId(), h.dealer(), h.dealing(), Bytes.of(new byte[8]));
    assertThat(rejection(validate(d), d)).isNotBlank();
  }

  @Test
  void dealing_ofAnotherDealer_isInvalid() {
    finalizeToFirstSummary();
    DealingMessage h = dealing(s.node(1));
    DealingMessage d = new DealingMessage(h.dkgId(), s.node(2).id, h.dealing(), h.signature());
    assertThat(rejection(validate(d), d)).isNotBlank();
  }

  @Test
  void dealing_dealerAlreadyValidated_dropped() {
    finalizeToFirstSummary();
    DealingMessage d = dealing(s.node(1));
    add(d);
    DealingMessage forged = new DealingMessage(d.dkgId(), d.dealer(), d.dealing(), Bytes.of(new byte[8]));
    assertThat(validate(forged)).containsExactly(dropped(forged));
  }

  @Test
  void dealing_otherDealerOfTheSameDkg_notADuplicate() {
    finalizeToFirstSummary();
    DealingMessage a = dealing(s.node(1));
    add(a);
    DealingMessage b = dealing(s.node(2));
    assertThat(validate(b)).containsExactly(moved(b));
  }

  @Test
  void dealing_ofAnEarlierInterval_dropped() {
    finalizeToFirstSummary();
    DealingMessage d = dealing(s.node(1));
    finalizeToNextSummary();
    DealingMessage forged = new DealingMessage(d.dkgId(), d.dealer(), d.dealing(), Bytes.of(new byte[8]));
    assertThat(validate(forged)).containsExactly(dropped(forged));
  }

  @Test
  void dealing_ofALaterInterval_ignored() {
    long sh = finalizeToFirstSummary();
    DealingMessage d = dealing(s.node(1));
    org.jicp.crypto.beacon.NiDkgId later = new org.jicp.crypto.beacon.NiDkgId(sh + 3, d.dkgId().dealerSubnet(), d.dkgId().dkgTag(), d.dkgId().remoteTargetId());
    DealingMessage forged = new DealingMessage(later, d.dealer(), d.dealing(), Bytes.of(new byte[8]));
    assertThat(validate(forged)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Boundaries the first mutation run left open

  @Test
  void proposal_payloadOfExactlyTheByteLimit_moved() {
    long limit = v.ctx.config().maxBlockPayloadBytes();
    byte[] id = new byte[32];
    IngressMessage m = new IngressMessage(org.jicp.types.MessageId.of(id), Time.ofMillis(60_000), Bytes.of(new byte[(int) (limit - 32)]));
    assertThat(m.countedBytes()).isEqualTo(limit);
    BlockProposal p = withPayload(1, new DataPayload(List.of(m), List.of()));
    assertThat(validate(p)).containsExactly(moved(p));
  }

  @Test
  void proposal_atAFinalizedHeight_ignored() {
    finalizeNext();
    clock += 5_000;
    BlockProposal r1 = propose(1, 1, 10, 0);
    assertThat(validate(r1)).isEmpty();
  }

  @Test
  void proposal_lowerAndHigherRankInOnePass_onlyTheLowerMoved() {
    BlockProposal r0 = propose(1, 0, clock, 0);
    BlockProposal r1 = propose(1, 1, clock, 0);
    clock += 5_000;
    assertThat(validate(r0, r1)).containsExactly(moved(r0));
  }

  @Test
  void proposal_twoMoreBlocksOfAnEquivocatorInOnePass_oneProof() {
    validatedProposal();
    BlockProposal b = propose(1, 0, clock, 1);
    BlockProposal c = propose(1, 0, clock, 2);
    clock++;
    List<ChangeAction> out = validate(b, c);
    assertThat(out.stream().filter(a -> a instanceof ChangeAction.AddToValidated)).hasSize(1);
    assertThat(out).contains(moved(b), moved(c));
  }

  @Test
  void proposal_dealingWithoutAConfiguration_isInvalid() {
    DealingMessage forged = new DealingMessage(
        org.jicp.crypto.beacon.NiDkgId.local(0, TestSubnet.SUBNET.principal(), NiDkgTag.LOW_THRESHOLD), s.node(1).id, Bytes.of(new byte[8]), Bytes.of(new byte[8]));
    BlockProposal p = withPayload(1, new DataPayload(List.of(), List.of(forged)));
    assertThat(rejection(validate(p), p)).isNotBlank();
  }

  @Test
  void notarization_ofAnotherBlockOfANotarizedHeight_moved() {
    BlockProposal r0 = validatedProposal();
    BlockProposal r1 = propose(1, 1, clock, 0);
    add(r1, notarization(r0, first(3)));
    Notarization n = notarization(r1, first(3));
    assertThat(validate(n)).containsExactly(moved(n));
  }

  @Test
  void notarization_previousBeaconMissing_deferred() {
    BlockProposal p1 = validatedProposal();
    add(notarization(p1, first(3)));
    clock += 10;
    BlockProposal p2 = new BlockMaker(s.node(1).ctx).sign(new Block(version, p1.block().hash(), Height.of(2), Rank.of(0),
        new ValidationContext(BlockMaker.REGISTRY_VERSION, Height.ZERO, Time.ofMillis(clock)), DataPayload.EMPTY));
    add(p2);
    Notarization n = notarization(p2, first(3));
    assertThat(validate(n)).isEmpty();
  }

  @Test
  void beaconShare_ofAnotherSignerThanAValidatedOne_moved() {
    add(beaconShare(s.node(1), beaconContent(1)));
    RandomBeaconShare other = beaconShare(s.node(2), beaconContent(1));
    assertThat(validate(other)).containsExactly(moved(other));
  }

  @Test
  void beaconShare_ofTheFirstHolderOfTheTranscript_moved() {
    DkgTranscript t = transcript(1, NiDkgTag.LOW_THRESHOLD);
    TestSubnet.Node firstHolder = s.nodes.stream().filter(n -> t.indexOf(n.id) == 0).findFirst().orElseThrow();
    RandomBeaconShare share = beaconShare(firstHolder, beaconContent(1));
    assertThat(validate(share)).containsExactly(moved(share));
  }

  @Test
  void tapeAndTapeShare_atTheCatchUpHeightWhileExecutionLags_ignored() {
    deliver = false;
    long sh = finalizeToFirstSummary();
    RandomTape t = tape(sh);
    RandomTapeShare share = tapeShare(s.node(1), new RandomTapeContent(version, sh));
    CatchUpContent c = new CatchUpContent(v.pool.finalizedBlock(Height.of(sh)).orElseThrow(), beacon(sh), new CryptoHash(Bytes.of(new byte[32])), BlockMaker.REGISTRY_VERSION);
    add(cup(c));
    assertThat(v.pool.catchUpHeight().value()).isEqualTo(sh);
    assertThat(v.exec.expectedBatchHeight().value()).isLessThan(sh);
    RandomTape forged = new RandomTape(t.content(), new ThresholdSignature(Bytes.of(new byte[8]), t.signature().signer()));
    assertThat(validate(forged)).isEmpty();
    RandomTapeShare forgedShare = new RandomTapeShare(share.content(), new ThresholdSignatureShare(share.signature().signer(), Bytes.of(new byte[8])));
    assertThat(validate(forgedShare)).isEmpty();
  }
}
