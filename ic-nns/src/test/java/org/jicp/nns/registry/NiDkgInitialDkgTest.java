package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.nidkg.NiDkgProtobuf;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.threshold.InsufficientSharesException;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.registry.RegistryPayloads.CanisterIdRange;
import org.jicp.nns.registry.pb.CatchUpPackageContents;
import org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord;
import org.jicp.nns.registry.pb.NiDkgTag;
import org.junit.jupiter.api.Test;

/**
 * Subnets created, split and recovered with the real NI-DKG ({@link NiDkgInitialDkg}): the CUP
 * contents' transcripts decode, every member decrypts its share with its own dealing decryption
 * key, threshold many shares sign under the registry's {@code crypto_threshold_signing_public_key},
 * fewer do not; node registration verifies the dealing encryption key's proof of possession.
 */
class NiDkgInitialDkgTest {
  static final Principal OPERATOR = Principal.canisterIdFromIndex(7000);
  static final Principal PROVIDER = Principal.canisterIdFromIndex(7001);
  static final String VERSION = "0.9.0";
  static final byte[] MSG = "jicp certified state".getBytes(StandardCharsets.US_ASCII);

  /** Built once: NNS subnet (4 nodes, the dealers), a 7-node and a 4-node application subnet, 4 spare nodes. */
  private static final class Template {
    static final Registry REGISTRY = new Registry();
    static final RegistryGenesis GENESIS =
        new RegistryGenesis(REGISTRY, Bytes.fromHex("11"), new NiDkgInitialDkg(REGISTRY, Bytes.fromHex("12")));
    static final SubnetId NNS;
    static final SubnetId APP7;
    static final SubnetId APP4;
    static final List<NodeKeys> SPARE;

    static {
      GENESIS.electReplicaVersion(VERSION).dataCenter("zh1", "Europe,CH,Zurich").nodeOperator(OPERATOR, PROVIDER, "zh1", 100, Map.of());
      NNS = GENESIS.subnet(GENESIS.nodes(OPERATOR, 4), SubnetType.SYSTEM, VERSION, true);
      APP7 = GENESIS.subnet(GENESIS.nodes(OPERATOR, 7), SubnetType.APPLICATION, VERSION, false);
      APP4 = GENESIS.subnet(GENESIS.nodes(OPERATOR, 4), SubnetType.APPLICATION, VERSION, false);
      SPARE = GENESIS.nodes(OPERATOR, 4);
    }
  }

  final Registry r = Registry.fromChangelog(Template.REGISTRY.store().changelog());
  final NiDkgInitialDkg dkg = new NiDkgInitialDkg(r, Bytes.fromHex("13"));

  static SecretKeyShare share(InitialNiDkgTranscriptRecord record, NodeId node) {
    return NiDkgInitialDkg.keyShare(record, node, Template.GENESIS.dkgDealingDecryptionKey(node));
  }

  static List<NodeId> committee(InitialNiDkgTranscriptRecord record) {
    List<NodeId> out = new ArrayList<>();
    for (ByteString b : record.getCommitteeList()) {
      out.add(new NodeId(Principal.fromBytes(b.toByteArray())));
    }
    return out;
  }

  PublicKey registryKey(SubnetId s) {
    return BlsScheme.IC.publicKeyFromBytes(r.thresholdSigningKey(s).orElseThrow().getKeyValue().toByteArray());
  }

  /**
   * Every member decrypts its share, each share's signature verifies under its individual key, and
   * the first {@code threshold} shares combine to a signature valid under the registry's key.
   */
  void assertMembersSignUnder(InitialNiDkgTranscriptRecord record, List<NodeId> members, PublicKey subnetKey, boolean isSubnetKey) {
    assertThat(committee(record)).containsExactlyElementsOf(members.stream().sorted().toList());
    Transcript t = NiDkgInitialDkg.transcript(record);
    List<SignatureShare> shares = new ArrayList<>();
    for (NodeId n : committee(record)) {
      SignatureShare s = ThresholdSignatures.sign(share(record, n), MSG);
      assertThat(ThresholdSignatures.verifyShare(t.publicCoefficients(), MSG, s)).as("share of %s", n).isTrue();
      shares.add(s);
    }
    int threshold = (int) record.getThreshold();
    Signature sig = ThresholdSignatures.combine(threshold, members.size(), shares.subList(shares.size() - threshold, shares.size()));
    assertThat(BlsScheme.IC.verify(t.publicCoefficients().groupPublicKey(), MSG, sig)).isTrue();
    assertThat(BlsScheme.IC.verify(subnetKey, MSG, sig)).isEqualTo(isSubnetKey);
  }

  @Test
  void createSubnet_cupTranscriptsDecode_withIcThresholdsCommitteeAndEpoch() {
    CatchUpPackageContents cup = r.cupContents(Template.APP7).orElseThrow();
    InitialNiDkgTranscriptRecord low = cup.getInitialNiDkgTranscriptLowThreshold();
    InitialNiDkgTranscriptRecord high = cup.getInitialNiDkgTranscriptHighThreshold();
    // n = 7: f = 2, low = f + 1 = 3, high = 2f + 1 = 5
    assertThat(low.getThreshold()).isEqualTo(3);
    assertThat(high.getThreshold()).isEqualTo(5);
    assertThat(low.getId().getDkgTag()).isEqualTo(NiDkgTag.NI_DKG_TAG_LOW_THRESHOLD);
    assertThat(high.getId().getDkgTag()).isEqualTo(NiDkgTag.NI_DKG_TAG_HIGH_THRESHOLD);
    assertThat(high.getId().getDealerSubnet().toByteArray()).isEqualTo(Template.NNS.principal().toByteArray());
    Transcript lowT = NiDkgInitialDkg.transcript(low);
    Transcript highT = NiDkgInitialDkg.transcript(high);
    assertThat(lowT.threshold()).isEqualTo(3);
    assertThat(highT.threshold()).isEqualTo(5);
    assertThat(highT.receivers()).isEqualTo(7);
    // dealers: the NNS subnet's 4 nodes, f(4) + 1 = 2 dealings collected
    assertThat(highT.receiverData()).hasSize(2);
    assertThat(committee(high)).containsExactlyElementsOf(r.members(Template.APP7).stream().sorted().toList());
    assertThat(high.getRegistryVersion()).isEqualTo(low.getRegistryVersion()).isLessThan(
        r.getValue(RegistryKeys.cupContents(Template.APP7), r.latestVersion()).orElseThrow().version().value());
    Bytes key = Bytes.of(r.thresholdSigningKey(Template.APP7).orElseThrow().getKeyValue().toByteArray());
    assertThat(key.toByteArray()).isEqualTo(highT.publicCoefficients().groupPublicKey().toBytes());
    assertThat(Template.APP7).isEqualTo(InitialDkgResult.subnetIdOf(key));
    assertThat(lowT.publicCoefficients().groupPublicKey()).isNotEqualTo(highT.publicCoefficients().groupPublicKey());
  }

  @Test
  void createSubnet_eachMemberDecryptsItsShare_andThresholdMembersSignUnderTheRegistryKey() {
    CatchUpPackageContents cup = r.cupContents(Template.APP7).orElseThrow();
    List<NodeId> members = r.members(Template.APP7);
    assertMembersSignUnder(cup.getInitialNiDkgTranscriptHighThreshold(), members, registryKey(Template.APP7), true);
    assertMembersSignUnder(cup.getInitialNiDkgTranscriptLowThreshold(), members, registryKey(Template.APP7), false);
  }

  @Test
  void createSubnet_fewerThanTheThresholdOfMembers_cannotSign() {
    InitialNiDkgTranscriptRecord high = r.cupContents(Template.APP7).orElseThrow().getInitialNiDkgTranscriptHighThreshold();
    List<NodeId> members = committee(high);
    List<SignatureShare> four = new ArrayList<>();
    for (NodeId n : members.subList(0, 4)) {
      four.add(ThresholdSignatures.sign(share(high, n), MSG));
    }
    assertThatThrownBy(() -> ThresholdSignatures.combine(5, 7, four)).isInstanceOf(InsufficientSharesException.class);
    // Interpolating four shares as if the threshold were 4 gives a signature that does not verify.
    Signature forged = ThresholdSignatures.combine(4, 7, four);
    assertThat(BlsScheme.IC.verify(registryKey(Template.APP7), MSG, forged)).isFalse();
  }

  @Test
  void keyShare_forANodeOutsideTheCommittee_isRefused() {
    InitialNiDkgTranscriptRecord low = r.cupContents(Template.APP4).orElseThrow().getInitialNiDkgTranscriptLowThreshold();
    List<NodeId> members = committee(low);
    assertThatThrownBy(() -> NiDkgInitialDkg.keyShare(low, Template.SPARE.get(0).nodeId(),
            Template.GENESIS.dkgDealingDecryptionKey(members.get(0))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dealtShare_ofTheDealersOwnRun_equalsTheDecryptedShareOfEveryMember() {
    // The template's run: seed 12, the NNS subnet's 4 nodes as dealers (2 dealings collected).
    NiDkgInitialDkg dealers = new NiDkgInitialDkg(Template.REGISTRY, Bytes.fromHex("12"));
    CatchUpPackageContents cup = r.cupContents(Template.APP7).orElseThrow();
    int checked = 0;
    for (InitialNiDkgTranscriptRecord record : List.of(cup.getInitialNiDkgTranscriptLowThreshold(),
        cup.getInitialNiDkgTranscriptHighThreshold())) {
      for (NodeId node : committee(record)) {
        SecretKeyShare dealt = dealers.dealtShare(record, node).orElseThrow();
        SecretKeyShare decrypted = share(record, node);
        assertThat(dealt.index()).isEqualTo(decrypted.index());
        assertThat(dealt.value()).isEqualTo(decrypted.value());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(14);
  }

  @Test
  void dealtShare_ofAnotherSeedsRunOrANonMember_isEmpty() {
    InitialNiDkgTranscriptRecord high = r.cupContents(Template.APP4).orElseThrow().getInitialNiDkgTranscriptHighThreshold();
    NodeId member = committee(high).get(0);
    assertThat(new NiDkgInitialDkg(Template.REGISTRY, Bytes.fromHex("99")).dealtShare(high, member)).isEmpty();
    assertThat(new NiDkgInitialDkg(Template.REGISTRY, Bytes.fromHex("12"))
        .dealtShare(high, Template.SPARE.get(0).nodeId())).isEmpty();
  }

  @Test
  void setupInitialDkg_withoutVerifyingItsOwnDealings_writesTheSameTranscripts() {
    List<NodeId> nodes = r.members(Template.APP4);
    InitialDkgResult verified = new NiDkgInitialDkg(r, Bytes.fromHex("21")).setupInitialDkg(nodes, r.latestVersion());
    InitialDkgResult unverified = new NiDkgInitialDkg(r, Bytes.fromHex("21"), false).setupInitialDkg(nodes, r.latestVersion());
    assertThat(unverified.highThreshold()).isEqualTo(verified.highThreshold());
    assertThat(unverified.lowThreshold()).isEqualTo(verified.lowThreshold());
    assertThat(unverified.thresholdPublicKey()).isEqualTo(verified.thresholdPublicKey());
  }

  @Test
  void transcriptOf_aRecordThisObjectMade_isTheTranscriptItsBytesDecodeTo() {
    List<NodeId> nodes = r.members(Template.APP4);
    NiDkgInitialDkg dkg = new NiDkgInitialDkg(r, Bytes.fromHex("22"), false);
    InitialDkgResult result = dkg.setupInitialDkg(nodes, r.latestVersion());
    int checked = 0;
    for (InitialNiDkgTranscriptRecord record : List.of(result.lowThreshold(), result.highThreshold())) {
      Transcript made = dkg.transcriptOf(record);
      Transcript decoded = NiDkgInitialDkg.transcript(record);
      assertThat(NiDkgProtobuf.encode(made)).isEqualTo(NiDkgProtobuf.encode(decoded));
      assertThat(made.publicCoefficients().groupPublicKey())
          .isEqualTo(decoded.publicCoefficients().groupPublicKey());
      // Another object (or this one, for a record it did not make) decodes the bytes.
      assertThat(NiDkgProtobuf.encode(new NiDkgInitialDkg(r, Bytes.fromHex("22")).transcriptOf(record)))
          .isEqualTo(NiDkgProtobuf.encode(decoded));
      checked++;
    }
    assertThat(checked).isEqualTo(2);
    // The two tags' runs happen concurrently: same seed, same records, whatever the scheduling.
    InitialDkgResult again = new NiDkgInitialDkg(r, Bytes.fromHex("22"), false).setupInitialDkg(nodes, r.latestVersion());
    assertThat(again.lowThreshold()).isEqualTo(result.lowThreshold());
    assertThat(again.highThreshold()).isEqualTo(result.highThreshold());
  }

  @Test
  void transcriptOf_aMalformedRecord_isTheTypedDecodingError() {
    InitialNiDkgTranscriptRecord high = r.cupContents(Template.APP4).orElseThrow().getInitialNiDkgTranscriptHighThreshold();
    InitialNiDkgTranscriptRecord broken = high.toBuilder()
        .setInternalCspTranscript(high.getInternalCspTranscript().substring(0, 40)).build();
    assertThatThrownBy(() -> new NiDkgInitialDkg(r, Bytes.fromHex("22")).transcriptOf(broken))
        .isInstanceOf(org.jicp.crypto.InvalidEncodingException.class);
  }

  @Test
  void splitSubnet_bothHalvesGetFreshTranscriptsThatVerify() {
    List<NodeId> before = r.members(Template.APP4);
    PublicKey oldKey = registryKey(Template.APP4);
    long base = r.rangesOf(Template.APP4).get(0).startIndex();
    List<Principal> half = before.subList(2, 4).stream().map(NodeId::principal).toList();
    SubnetId dest = r.splitSubnet(new RegistryPayloads.SplitSubnetPayload(
        List.of(CanisterIdRange.ofIndices(base + Registry.CANISTER_IDS_PER_SUBNET / 2, base + Registry.CANISTER_IDS_PER_SUBNET - 1)),
        half, Template.APP4.principal()), dkg);
    CatchUpPackageContents src = r.cupContents(Template.APP4).orElseThrow();
    CatchUpPackageContents dst = r.cupContents(dest).orElseThrow();
    assertThat(src.hasSubnetSplitting()).isTrue();
    assertThat(dst.hasGenesis()).isTrue();
    assertThat(registryKey(Template.APP4)).isNotEqualTo(oldKey);
    assertMembersSignUnder(src.getInitialNiDkgTranscriptHighThreshold(), r.members(Template.APP4), registryKey(Template.APP4), true);
    assertMembersSignUnder(dst.getInitialNiDkgTranscriptHighThreshold(), r.members(dest), registryKey(dest), true);
    assertThat(dest).isEqualTo(InitialDkgResult.subnetIdOf(
        Bytes.of(r.thresholdSigningKey(dest).orElseThrow().getKeyValue().toByteArray())));
  }

  @Test
  void recoverSubnet_withReplacementNodes_writesFreshTranscriptsThatVerify() {
    PublicKey oldKey = registryKey(Template.APP4);
    List<Principal> replacement = Template.SPARE.stream().map(k -> k.nodeId().principal()).toList();
    r.recoverSubnet(new RegistryPayloads.RecoverSubnetPayload(Template.APP4.principal(), 1_000, 5_000_000_000L,
        Bytes.fromHex("aa".repeat(32)), Optional.of(replacement)), dkg);
    CatchUpPackageContents cup = r.cupContents(Template.APP4).orElseThrow();
    assertThat(cup.hasRecovery()).isTrue();
    assertThat(registryKey(Template.APP4)).isNotEqualTo(oldKey);
    assertMembersSignUnder(cup.getInitialNiDkgTranscriptHighThreshold(), r.members(Template.APP4), registryKey(Template.APP4), true);
    assertMembersSignUnder(cup.getInitialNiDkgTranscriptLowThreshold(), r.members(Template.APP4), registryKey(Template.APP4), false);
  }

  @Test
  void mergeSubnets_mergedMembershipGetsFreshTranscriptsThatVerify() {
    List<NodeId> merged = new ArrayList<>(r.members(Template.APP7));
    merged.addAll(r.members(Template.APP4));
    PublicKey oldKey = registryKey(Template.APP7);
    r.mergeSubnets(new RegistryPayloads.MergeSubnetsPayload(Template.APP4.principal(), Template.APP7.principal(), 2_000,
        6_000_000_000L, Bytes.fromHex("bb".repeat(32))), dkg);
    CatchUpPackageContents cup = r.cupContents(Template.APP7).orElseThrow();
    assertThat(cup.hasRecovery()).isTrue();
    assertThat(r.subnetIds()).doesNotContain(Template.APP4);
    assertThat(registryKey(Template.APP7)).isNotEqualTo(oldKey);
    // n = 11: f = 3, thresholds 4 / 7
    assertThat(cup.getInitialNiDkgTranscriptLowThreshold().getThreshold()).isEqualTo(4);
    assertThat(cup.getInitialNiDkgTranscriptHighThreshold().getThreshold()).isEqualTo(7);
    assertMembersSignUnder(cup.getInitialNiDkgTranscriptHighThreshold(), merged, registryKey(Template.APP7), true);
  }

  @Test
  void addNode_dealingEncryptionKeyWithForeignPop_isRejectedWithStateUnchanged() {
    NodeKeys a = NodeKeys.derive(Bytes.fromHex("14"), 1);
    NodeKeys b = NodeKeys.derive(Bytes.fromHex("14"), 2);
    // b's key and PoP are valid, but bound to b's node id, not a's
    NodeKeys forged = new NodeKeys(a.nodeId(), a.nodeSigningKey(), a.committeeSigningKey(), a.committeeSigningPop(),
        b.dkgDealingEncryptionKey());
    long version = r.latestVersion().value();
    Bytes certified = r.certifiedData();
    long allowance = r.nodeOperator(OPERATOR).orElseThrow().getNodeAllowance();
    assertThatThrownBy(() -> r.addNode(OPERATOR, RegistryPayloads.AddNodePayload.of(forged, "1.2.3.4:1", "1.2.3.4:2")))
        .isInstanceOfSatisfying(InvariantViolationException.class,
            e -> assertThat(e.rule()).isEqualTo(DealingEncryptionKeys.RULE_POP));
    assertThat(r.latestVersion().value()).isEqualTo(version);
    assertThat(r.certifiedData()).isEqualTo(certified);
    assertThat(r.nodeRecord(a.nodeId())).isEmpty();
    assertThat(r.nodeOperator(OPERATOR).orElseThrow().getNodeAllowance()).isEqualTo(allowance);
    // the honest registration of the same node is accepted
    assertThat(r.addNode(OPERATOR, RegistryPayloads.AddNodePayload.of(a, "1.2.3.4:1", "1.2.3.4:2"))).isEqualTo(a.nodeId());
  }

  @Test
  void addNode_malformedDealingEncryptionRecord_isRejectedWithItsRule() {
    NodeKeys a = NodeKeys.derive(Bytes.fromHex("15"), 1);
    org.jicp.nns.registry.pb.PublicKey good = a.dkgDealingEncryptionRecord();
    byte[] pop = good.getProofData().getValue().toByteArray();
    org.jicp.nns.registry.pb.PublicKey truncated = good.toBuilder()
        .setProofData(good.getProofData().toBuilder().setValue(ByteString.copyFrom(pop, 0, pop.length - 1))).build();
    RegistryPayloads.AddNodePayload p = RegistryPayloads.AddNodePayload.of(a, "1.2.3.4:1", "1.2.3.4:2");
    RegistryPayloads.AddNodePayload bad = new RegistryPayloads.AddNodePayload(p.nodeSigningPk(), p.committeeSigningPk(),
        Bytes.of(truncated.toByteArray()), p.transportTlsCert(), p.xnetEndpoint(), p.httpEndpoint());
    long version = r.latestVersion().value();
    assertThatThrownBy(() -> r.addNode(OPERATOR, bad))
        .isInstanceOfSatisfying(InvariantViolationException.class,
            e -> assertThat(e.rule()).isEqualTo(DealingEncryptionKeys.RULE_MALFORMED));
    assertThat(r.latestVersion().value()).isEqualTo(version);
  }

  @Test
  void atomicMutate_memberKeyReplacedByAnotherNodesKey_violatesTheInvariant() {
    NodeId member = r.members(Template.APP7).get(0);
    NodeKeys other = Template.SPARE.get(0);
    long version = r.latestVersion().value();
    assertThatThrownBy(() -> r.atomicMutate(List.of(Registry.update(
            RegistryKeys.cryptoRecord(member, KeyPurpose.DKG_DEALING_ENCRYPTION), other.dkgDealingEncryptionRecord()))))
        .isInstanceOfSatisfying(InvariantViolationException.class,
            e -> assertThat(e.rule()).isEqualTo(DealingEncryptionKeys.RULE_POP));
    assertThat(r.latestVersion().value()).isEqualTo(version);
  }
}
