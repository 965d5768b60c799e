package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jicp.consensus.Rank;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.BasicSignature;
import org.jicp.consensus.artifact.Block;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.NotarizationShare;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  private final TestSubnet s = TestSubnet.application(4);
  private final TestSubnet.Node node = s.nodeOfRank(3);

  private List<ChangeAction> validate(ConsensusMessage m, long ms) {
    node.pool.addUnvalidated(m);
    return new Validator(node.ctx).onStateChange(node.pool, Time.ofMillis(ms));
  }

  private static String invalidReason(List<ChangeAction> c) {
    return c.stream().filter(a -> a instanceof ChangeAction.HandleInvalid).map(a -> ((ChangeAction.HandleInvalid) a).reason()).findFirst().orElse(null);
  }

  /** A block by the rank-0 maker, as it would sign it, with the given context and payload. */
  private BlockProposal block(ValidationContext ctx, DataPayload payload, Rank rank) {
    TestSubnet.Node maker = s.nodeOfRank(0);
    BlockProposal honest = maker.propose(10);
    Block b = new Block(honest.block().block().version(), honest.block().parent(), Height.of(1), rank, ctx, payload);
    return new BlockMaker(maker.ctx).sign(b);
  }

  private static ValidationContext ctxAt(long ms) {
    return new ValidationContext(BlockMaker.REGISTRY_VERSION, Height.ZERO, Time.ofMillis(ms));
  }

  private static IngressMessage msg(int i, int size) {
    byte[] id = new byte[32];
    id[0] = (byte) (i >> 8);
    id[1] = (byte) i;
    return new IngressMessage(org.jicp.types.MessageId.of(id), Time.ofMillis(60_000), Bytes.of(new byte[size]));
  }

  @Test
  void onStateChange_validProposal_movesItToValidated() {
    BlockProposal p = s.nodeOfRank(0).propose(10);
    assertThat(validate(p, 10)).containsExactly(new ChangeAction.MoveToValidated(p));
  }

  @Test
  void onStateChange_wrongClaimedRank_isInvalid() {
    assertThat(invalidReason(validate(block(ctxAt(10), DataPayload.EMPTY, Rank.of(1)), 2000))).contains("rank mismatch");
  }

  @Test
  void onStateChange_forgedMakerSignature_isInvalid() {
    BlockProposal p = s.nodeOfRank(0).propose(10);
    BlockProposal forged = new BlockProposal(p.block(), new BasicSignature(p.signer(), Bytes.of(new byte[8])));
    assertThat(invalidReason(validate(forged, 10))).contains("signature");
  }

  @Test
  void onStateChange_timeNotAfterTheParent_isInvalid() {
    assertThat(invalidReason(validate(block(ctxAt(0), DataPayload.EMPTY, Rank.of(0)), 10))).contains("validation context");
  }

  @Test
  void onStateChange_blockTimeAheadOfTheLocalClock_isDeferredNotRejected() {
    BlockProposal p = block(ctxAt(500), DataPayload.EMPTY, Rank.of(0));
    assertThat(validate(p, 100)).isEmpty();
    assertThat(new Validator(node.ctx).nextWakeUp(node.pool, Time.ofMillis(100))).contains(Time.ofMillis(500));
    assertThat(new Validator(node.ctx).onStateChange(node.pool, Time.ofMillis(500))).containsExactly(new ChangeAction.MoveToValidated(p));
  }

  @Test
  void onStateChange_moreThan1000IngressMessages_isInvalid() {
    List<IngressMessage> in = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      in.add(msg(i, 0));
    }
    assertThat(invalidReason(validate(block(ctxAt(10), new DataPayload(in, List.of()), Rank.of(0)), 10))).contains("1001 ingress messages");
  }

  @Test
  void onStateChange_payloadOver4MiB_isInvalid() {
    List<IngressMessage> in = List.of(msg(1, 1_500_000), msg(2, 1_500_000), msg(3, 1_500_000));
    assertThat(invalidReason(validate(block(ctxAt(10), new DataPayload(in, List.of()), Rank.of(0)), 10))).contains("bytes of ingress");
  }

  @Test
  void onStateChange_sameIngressTwice_isInvalid() {
    List<IngressMessage> in = List.of(msg(1, 10), msg(1, 10));
    assertThat(invalidReason(validate(block(ctxAt(10), new DataPayload(in, List.of()), Rank.of(0)), 10))).contains("twice");
  }

  @Test
  void onStateChange_rankOneBeforeItsDelay_waitsForIt() {
    BlockProposal p = s.nodeOfRank(1).propose(1000);
    assertThat(validate(p, 999)).isEmpty();
    assertThat(new Validator(node.ctx).onStateChange(node.pool, Time.ofMillis(1000))).containsExactly(new ChangeAction.MoveToValidated(p));
  }

  @Test
  void onStateChange_shareForAnUnknownBlock_waitsForTheBlock() {
    BlockProposal p = s.nodeOfRank(0).propose(10);
    NotarizationShare share = new Notary(s.nodeOfRank(0).ctx).sign(p);
    assertThat(validate(share, 10)).isEmpty();
    node.pool.addUnvalidated(p);
    node.validate(10);
    assertThat(node.pool.validated().contains(share)).isTrue();
  }

  @Test
  void onStateChange_shareOfANodeOutsideTheSubnet_isInvalid() {
    BlockProposal p = s.nodeOfRank(0).propose(10);
    node.pool.addUnvalidated(p);
    node.validate(10);
    NotarizationShare honest = new Notary(s.nodeOfRank(0).ctx).sign(p);
    NotarizationShare stranger = new NotarizationShare(honest.content(), new MultiSignatureShare(NodeId.ofIndex(99), honest.signature().signature()));
    assertThat(invalidReason(validate(stranger, 10))).contains("not in the notarization committee");
  }

  @Test
  void onStateChange_corruptedShare_isInvalid() {
    BlockProposal p = s.nodeOfRank(0).propose(10);
    node.pool.addUnvalidated(p);
    node.validate(10);
    NotarizationShare honest = new Notary(s.nodeOfRank(0).ctx).sign(p);
    NotarizationShare bad = new NotarizationShare(honest.content(), new MultiSignatureShare(honest.signer(), Bytes.of(new byte[8])));
    assertThat(invalidReason(validate(bad, 10))).contains("does not verify");
  }

  @Test
  void onStateChange_corruptedCopyArrivesBeforeTheGenuineShare_genuineShareValidated() {
    // The liveness failure of sweep seed 1896084001989016142: a Byzantine peer sends a copy of
    // an honest share with a corrupted signature; it reaches the node first, both wait for the
    // block, and the genuine share must not be dropped as a "second share of the signer".
    BlockProposal p = s.nodeOfRank(0).propose(10);
    NotarizationShare honest = new Notary(s.nodeOfRank(0).ctx).sign(p);
    NotarizationShare bad = new NotarizationShare(honest.content(), new MultiSignatureShare(honest.signer(), Bytes.of(new byte[8])));
    node.pool.addUnvalidated(bad);
    node.pool.addUnvalidated(honest);
    node.pool.addUnvalidated(p);
    node.validate(10);
    assertThat(node.pool.validated().contains(honest)).isTrue();
    assertThat(node.pool.validated().contains(bad)).isFalse();
    assertThat(node.pool.unvalidated().size()).isZero();
  }

  @Test
  void onStateChange_shareOfASignerAlreadyValidated_droppedWithoutVerification() {
    BlockProposal p = s.nodeOfRank(0).propose(10);
    node.pool.addUnvalidated(p);
    node.validate(10);
    NotarizationShare honest = new Notary(s.nodeOfRank(0).ctx).sign(p);
    node.pool.addUnvalidated(honest);
    node.validate(10);
    NotarizationShare bad = new NotarizationShare(honest.content(), new MultiSignatureShare(honest.signer(), Bytes.of(new byte[8])));
    List<ChangeAction> c = validate(bad, 10);
    assertThat(c).containsExactly(new ChangeAction.RemoveFromUnvalidated(bad));
  }

  private static java.util.SortedMap<org.jicp.types.SubnetId, org.jicp.types.ports.CertifiedStreamSlice> slices(int payloadBytes) {
    org.jicp.types.SubnetId from = new org.jicp.types.SubnetId(org.jicp.crypto.Principal.fromBytes(new byte[] {9, 9}));
    java.util.SortedMap<org.jicp.types.SubnetId, org.jicp.types.ports.CertifiedStreamSlice> x = new java.util.TreeMap<>();
    x.put(from, new org.jicp.types.ports.CertifiedStreamSlice(Bytes.of(new byte[payloadBytes]), Bytes.EMPTY,
        new org.jicp.types.ports.Certification(Height.of(3), Bytes.of(new byte[32]), Bytes.of(new byte[48]), from)));
    return x;
  }

  private Validator validatorWith(PayloadBuilder builder) {
    ConsensusContext c = node.ctx;
    return new Validator(new ConsensusContext(c.self(), c.version(), c.membership(), c.crypto(), c.stateManager(), c.messageRouting(), builder, c.dkg()));
  }

  @Test
  void onStateChange_streamSlicesTheBuilderCannotVerify_isInvalid() {
    BlockProposal p = block(ctxAt(10), new DataPayload(List.of(), slices(10), List.of()), Rank.of(0));
    assertThat(invalidReason(validate(p, 10))).contains("takes no stream slices");
  }

  @Test
  void onStateChange_ingressAndStreamSlicesOver4MiB_isInvalid() {
    List<IngressMessage> in = List.of(msg(1, 1_500_000), msg(2, 1_500_000));
    BlockProposal p = block(ctxAt(10), new DataPayload(in, slices(1_500_000), List.of()), Rank.of(0));
    assertThat(invalidReason(validate(p, 10))).contains("bytes of ingress and stream slices");
  }

  @Test
  void onStateChange_payloadBuilderCannotDecideYet_isDeferredNotRejected() {
    BlockProposal p = block(ctxAt(10), new DataPayload(List.of(), slices(10), List.of()), Rank.of(0));
    org.jicp.types.ports.ValidationResult[] verdict = {org.jicp.types.ports.ValidationResult.transientFailure("the sender's registry version is not known yet")};
    PayloadBuilder builder =
        new PayloadBuilder() {
          @Override
          public List<IngressMessage> selectIngress(Height h, ValidationContext c, java.util.Set<org.jicp.types.MessageId> x, long b, int m) {
            return List.of();
          }

          @Override
          public org.jicp.types.ports.ValidationResult validateIngress(Height h, ValidationContext c, List<IngressMessage> in) {
            return org.jicp.types.ports.ValidationResult.valid();
          }

          @Override
          public org.jicp.types.ports.ValidationResult validateXnet(
              Height h, ValidationContext c, java.util.SortedMap<org.jicp.types.SubnetId, org.jicp.types.ports.CertifiedStreamSlice> x, List<PastPayload> past) {
            return verdict[0];
          }
        };
    node.pool.addUnvalidated(p);
    assertThat(validatorWith(builder).onStateChange(node.pool, Time.ofMillis(10))).isEmpty();
    verdict[0] = org.jicp.types.ports.ValidationResult.valid();
    assertThat(validatorWith(builder).onStateChange(node.pool, Time.ofMillis(10))).containsExactly(new ChangeAction.MoveToValidated(p));
  }
}
