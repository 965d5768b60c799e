package org.jicp.state.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.certification.CertificateVerification.Failure;
import org.jicp.state.internal.Leb128;
import org.jicp.state.testing.FakeBls;
import org.jicp.state.testing.MainnetCertificate;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;
import org.jicp.state.tree.LookupStatus;
import org.junit.jupiter.api.Test;

/**
 * Certificate verification around the signature: delegation structure and scope, time, tampering.
 * Signatures here are fakes; {@code RealBlsCertificateTest} runs the real BLS verification.
 */
class CertificateVerifierTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final FakeBls ROOT = FakeBls.fromSeed("root");
  private static final FakeBls SUBNET = FakeBls.fromSeed("subnet");
  private static final SubnetId SUBNET_ID = SubnetId.fromBytes(new byte[] {1, 2, 3, 2});
  private static final CanisterId INSIDE = CanisterId.fromIndex(0x100);
  private static final CanisterId OUTSIDE = CanisterId.fromIndex(0x900);
  private static final CanisterRanges RANGES =
      new CanisterRanges(
          List.of(new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0x7ff))));

  private static Clock clockAt(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  private static CertificateVerifier verifier(Instant now) {
    return CertificateVerifier.withFreshness(
        ROOT.publicKey(), FakeBls.verifier(), clockAt(now), Duration.ofMinutes(5));
  }

  private static HashTree timeTree(Instant t, HashTreeMap more) {
    long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    return more.put("time", HashTree.leaf(Leb128.encodeUnsigned(nanos))).tree();
  }

  /** The root subnet's certificate that vouches for SUBNET: key and ranges in the given form. */
  private static Certificate delegationCertificate(
      FakeBls signer, boolean rangesUnderSubnet, boolean rangesSharded, Instant t) {
    Bytes sid = Bytes.of(SUBNET_ID.toByteArray());
    HashTreeMap subnetNode =
        HashTreeMap.empty().put("public_key", HashTree.leaf(SUBNET.publicKey().toDer()));
    if (rangesUnderSubnet) {
      subnetNode = subnetNode.put("canister_ranges", HashTree.leaf(RANGES.encode()));
    }
    HashTreeMap top =
        HashTreeMap.empty()
            .put("subnet", HashTreeMap.empty().put(sid, subnetNode.tree()).tree());
    if (rangesSharded) {
      HashTreeMap shards =
          HashTreeMap.empty()
              .put(Bytes.of(CanisterId.fromIndex(0).toByteArray()), HashTree.leaf(RANGES.encode()));
      top = top.put("canister_ranges", HashTreeMap.empty().put(sid, shards.tree()).tree());
    }
    return CertificateIssuer.forRootSubnet(signer).issue(timeTree(t, top));
  }

  private static Certificate delegated(Certificate delegationCert, FakeBls subnetSigner, Instant t) {
    Delegation d = CertificateIssuer.delegation(SUBNET_ID, delegationCert);
    return CertificateIssuer.forSubnet(subnetSigner, d).issue(timeTree(t, HashTreeMap.empty()));
  }

  @Test
  void verify_rootSignedFreshCertificate_isValidWithItsTime() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0, HashTreeMap.empty()));
    CertificateVerification v = verifier(T0.plusSeconds(10)).verify(c, INSIDE);
    assertThat(v.isValid()).isTrue();
    assertThat(v.time()).isEqualTo(T0);
  }

  @Test
  void decode_encodedCertificate_roundTrips() {
    Certificate c =
        delegated(delegationCertificate(ROOT, true, true, T0.minusSeconds(86400)), SUBNET, T0);
    Certificate back = Certificate.decode(c.encode());
    assertThat(back).isEqualTo(c);
    assertThat(Bytes.of(back.encode())).isEqualTo(Bytes.of(c.encode()));
  }

  @Test
  void verify_tamperedSignature_isBadSignature() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0, HashTreeMap.empty()));
    byte[] sig = c.signature().toByteArray();
    sig[5] ^= 1;
    Certificate bad = new Certificate(c.tree(), Bytes.of(sig), Optional.empty());
    assertThat(verifier(T0).verify(bad, INSIDE).failure()).contains(Failure.BAD_SIGNATURE);
  }

  @Test
  void verify_tamperedTree_isBadSignature() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0, HashTreeMap.empty()));
    Certificate bad =
        new Certificate(timeTree(T0.plusSeconds(1), HashTreeMap.empty()), c.signature(),
            Optional.empty());
    assertThat(verifier(T0).verify(bad, INSIDE).failure()).contains(Failure.BAD_SIGNATURE);
  }

  @Test
  void verify_signedByOtherKey_isBadSignature() {
    Certificate c =
        CertificateIssuer.forRootSubnet(FakeBls.fromSeed("mallory"))
            .issue(timeTree(T0, HashTreeMap.empty()));
    assertThat(verifier(T0).verify(c, INSIDE).failure()).contains(Failure.BAD_SIGNATURE);
  }

  @Test
  void verify_staleCertificate_isNotFresh() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0, HashTreeMap.empty()));
    assertThat(verifier(T0.plus(Duration.ofMinutes(6))).verify(c, INSIDE).failure())
        .contains(Failure.NOT_FRESH);
    assertThat(verifier(T0.minus(Duration.ofMinutes(6))).verify(c, INSIDE).failure())
        .contains(Failure.NOT_FRESH);
    assertThat(verifier(T0.plus(Duration.ofMinutes(5))).verify(c, INSIDE).isValid()).isTrue();
  }

  @Test
  void verify_noTime_isNoTime() {
    Certificate c =
        CertificateIssuer.forRootSubnet(ROOT)
            .issue(HashTreeMap.empty().put("x", HashTree.leaf(new byte[] {1})).tree());
    assertThat(verifier(T0).verify(c, INSIDE).failure()).contains(Failure.NO_TIME);
  }

  @Test
  void verify_delegationWithRangesUnderSubnet_acceptsInsideRejectsOutside() {
    // The delegation's certificate is a day old: delegations are not held to the window.
    Certificate c =
        delegated(delegationCertificate(ROOT, true, false, T0.minusSeconds(86400)), SUBNET, T0);
    assertThat(verifier(T0).verify(c, INSIDE).isValid()).isTrue();
    CertificateVerification out = verifier(T0).verify(c, OUTSIDE);
    assertThat(out.failure()).contains(Failure.NOT_AUTHORIZED);
    assertThat(out.reason().orElseThrow()).contains(OUTSIDE.toString());
  }

  @Test
  void verify_delegationWithShardedRanges_acceptsInsideRejectsOutside() {
    Certificate c = delegated(delegationCertificate(ROOT, false, true, T0), SUBNET, T0);
    assertThat(verifier(T0).verify(c, INSIDE).isValid()).isTrue();
    assertThat(verifier(T0).verify(c, OUTSIDE).failure()).contains(Failure.NOT_AUTHORIZED);
  }

  @Test
  void verify_delegationWithoutRanges_isBadDelegation() {
    Certificate c = delegated(delegationCertificate(ROOT, false, false, T0), SUBNET, T0);
    assertThat(verifier(T0).verify(c, INSIDE).failure()).contains(Failure.BAD_DELEGATION);
    assertThat(verifier(T0).verifyUnscoped(c).isValid()).isTrue();
  }

  @Test
  void verify_delegationNotSignedByRoot_isBadDelegation() {
    Certificate c =
        delegated(delegationCertificate(FakeBls.fromSeed("mallory"), true, true, T0), SUBNET, T0);
    assertThat(verifier(T0).verify(c, INSIDE).failure()).contains(Failure.BAD_DELEGATION);
  }

  @Test
  void verify_certificateSignedByRootButClaimingDelegation_isBadSignature() {
    // The delegation names SUBNET's key; a certificate signed by someone else must fail.
    Certificate c =
        delegated(delegationCertificate(ROOT, true, true, T0), FakeBls.fromSeed("other"), T0);
    assertThat(verifier(T0).verify(c, INSIDE).failure()).contains(Failure.BAD_SIGNATURE);
  }

  @Test
  void verify_nestedDelegation_isBadDelegation() {
    Certificate inner = delegated(delegationCertificate(ROOT, true, true, T0), SUBNET, T0);
    Delegation nested = new Delegation(SUBNET_ID, Bytes.of(inner.encode()));
    Certificate c =
        CertificateIssuer.forSubnet(SUBNET, nested).issue(timeTree(T0, HashTreeMap.empty()));
    CertificateVerification v = verifier(T0).verify(c, INSIDE);
    assertThat(v.failure()).contains(Failure.BAD_DELEGATION);
    assertThat(v.reason().orElseThrow()).contains("delegation");
  }

  @Test
  void verify_undecodableDelegationCertificate_isBadDelegation() {
    Certificate c =
        CertificateIssuer.forSubnet(SUBNET, new Delegation(SUBNET_ID, Bytes.fromHex("010203")))
            .issue(timeTree(T0, HashTreeMap.empty()));
    assertThat(verifier(T0).verify(c, INSIDE).failure()).contains(Failure.BAD_DELEGATION);
  }

  @Test
  void verifyForSubnet_matchingAndOtherSubnet() {
    Certificate c = delegated(delegationCertificate(ROOT, true, false, T0), SUBNET, T0);
    assertThat(verifier(T0).verifyForSubnet(c, SUBNET_ID).isValid()).isTrue();
    assertThat(
            verifier(T0)
                .verifyForSubnet(c, SubnetId.fromBytes(new byte[] {9}))
                .failure())
        .contains(Failure.NOT_AUTHORIZED);
  }

  @Test
  void decode_garbage_throwsMalformed() {
    assertThatThrownBy(() -> Certificate.decode(new byte[] {(byte) 0xa1, 0x61}))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("certificate");
    byte[] noTree = new org.jicp.state.internal.cbor.Cbor.Writer().startMap(1).key("signature")
        .bytes(new byte[48]).endMap().toByteArray();
    assertThatThrownBy(() -> Certificate.decode(noTree)).hasMessageContaining("no 'tree'");
  }

  // ---------------------------------------------------------------- the real mainnet certificate

  private static final Instant SAMPLE_TIME = Instant.parse("2022-02-23T07:38:00.652Z");

  @Test
  void decode_mainnetSample_revealsTimeDelegationAndRequestStatus() {
    Certificate c = Certificate.decode(MainnetCertificate.SAMPLE_CERT.toByteArray());
    assertThat(c.time()).isPresent();
    assertThat(Duration.between(c.time().get(), SAMPLE_TIME).abs()).isLessThan(Duration.ofMinutes(5));
    assertThat(c.delegation()).isPresent();
    assertThat(c.delegation().get().subnetId().toByteArray()).hasSize(29);
    assertThat(c.signature().length()).isEqualTo(48);
    assertThat(Bytes.of(c.encode())).isEqualTo(MainnetCertificate.SAMPLE_CERT);
    assertThat(c.tree().isWellFormed()).isTrue();
    assertThat(c.lookup("time").status()).isEqualTo(LookupStatus.FOUND);
    assertThat(c.lookup("request_status").status()).isEqualTo(LookupStatus.ERROR);
  }

  @Test
  void verify_mainnetSampleWithAcceptingBls_checksRangesOfItsDelegation() {
    Certificate c = Certificate.decode(MainnetCertificate.SAMPLE_CERT.toByteArray());
    CertificateVerifier v =
        CertificateVerifier.withFreshness(
            ThresholdPublicKey.IC_MAINNET_ROOT_KEY, FakeBls.acceptAll(), clockAt(SAMPLE_TIME),
            Duration.ofMinutes(5));
    for (String hex : List.of("00000000002000000101", "000000000020000C0101", "00000000002FFFFF0101")) {
      assertThat(v.verify(c, new CanisterId(Principal.fromBytes(Bytes.parseHex(hex)))).isValid())
          .as(hex).isTrue();
    }
    for (String hex : List.of("00000000000000020101", "00000000003000020101")) {
      assertThat(
              v.verify(c, new CanisterId(Principal.fromBytes(Bytes.parseHex(hex)))).failure())
          .as(hex).contains(Failure.NOT_AUTHORIZED);
    }
    CertificateVerifier late =
        CertificateVerifier.withFreshness(
            ThresholdPublicKey.IC_MAINNET_ROOT_KEY, FakeBls.acceptAll(),
            clockAt(SAMPLE_TIME.plus(Duration.ofMinutes(10))), Duration.ofMinutes(5));
    assertThat(late.verify(c, CanisterId.fromText("ivg37-qiaaa-aaaab-aaaga-cai")).failure())
        .contains(Failure.NOT_FRESH);
  }
  // ---------------------------------------------------------------- rejection paths

  /** A root-signed delegation certificate for SUBNET whose subnet node and top level are given. */
  private static Certificate delegationCertificateWith(HashTreeMap subnetNode, HashTreeMap top) {
    Bytes sid = Bytes.of(SUBNET_ID.toByteArray());
    return CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0,
        top.put("subnet", HashTreeMap.empty().put(sid, subnetNode.tree()).tree())));
  }

  @Test
  void verify_delegationWithoutSubnetPublicKey_isBadDelegationNamingThePath() {
    HashTreeMap node = HashTreeMap.empty().put("canister_ranges", HashTree.leaf(RANGES.encode()));
    Certificate c = delegated(delegationCertificateWith(node, HashTreeMap.empty()), SUBNET, T0);
    CertificateVerification v = verifier(T0).verify(c, INSIDE);
    assertThat(v.failure()).contains(Failure.BAD_DELEGATION);
    assertThat(v.reason().orElseThrow()).contains("public_key").contains("ABSENT");
  }

  @Test
  void verify_delegationWithMalformedSubnetKey_isBadDelegation() {
    HashTreeMap node = HashTreeMap.empty()
        .put("public_key", HashTree.leaf(new byte[133]))
        .put("canister_ranges", HashTree.leaf(RANGES.encode()));
    Certificate c = delegated(delegationCertificateWith(node, HashTreeMap.empty()), SUBNET, T0);
    CertificateVerification v = verifier(T0).verify(c, INSIDE);
    assertThat(v.failure()).contains(Failure.BAD_DELEGATION);
    assertThat(v.reason().orElseThrow()).startsWith("delegated subnet key: ");
  }

  @Test
  void verify_delegationWithMalformedRanges_isBadDelegation() {
    HashTreeMap node = HashTreeMap.empty()
        .put("public_key", HashTree.leaf(SUBNET.publicKey().toDer()))
        .put("canister_ranges", HashTree.leaf(new byte[] {(byte) 0xff}));
    Certificate c = delegated(delegationCertificateWith(node, HashTreeMap.empty()), SUBNET, T0);
    CertificateVerification v = verifier(T0).verify(c, INSIDE);
    assertThat(v.failure()).contains(Failure.BAD_DELEGATION);
    assertThat(v.reason().orElseThrow()).startsWith("delegation canister ranges: ");
  }

  @Test
  void verify_undecodableTime_isNoTime() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT)
        .issue(HashTreeMap.empty().put("time", HashTree.leaf(new byte[] {(byte) 0x80})).tree());
    CertificateVerification v = verifier(T0).verify(c, INSIDE);
    assertThat(v.failure()).contains(Failure.NO_TIME);
    assertThat(v.reason().orElseThrow()).contains("time");
  }

  @Test
  void verify_signatureNot48BytesEvenIfBlsAccepts_isBadSignature() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0, HashTreeMap.empty()));
    CertificateVerifier accepting =
        CertificateVerifier.withoutFreshness(ROOT.publicKey(), FakeBls.acceptAll());
    assertThat(accepting.rootKey()).isEqualTo(ROOT.publicKey());
    assertThat(accepting.verify(c, INSIDE).isValid()).isTrue();
    for (int len : new int[] {0, 47, 49}) {
      Certificate bad = new Certificate(c.tree(), Bytes.of(new byte[len]), Optional.empty());
      CertificateVerification v = accepting.verify(bad, INSIDE);
      assertThat(v.failure()).as("length %d", len).contains(Failure.BAD_SIGNATURE);
      assertThat(v.reason().orElseThrow()).isEqualTo("signature does not verify under the root key");
    }
  }

  @Test
  void verify_notFresh_reasonSaysAheadOrBehind() {
    Certificate c = CertificateIssuer.forRootSubnet(ROOT).issue(timeTree(T0, HashTreeMap.empty()));
    CertificateVerification old = verifier(T0.plus(Duration.ofMinutes(6))).verify(c, INSIDE);
    assertThat(old.reason().orElseThrow()).contains(" is behind now (").endsWith("300 s");
    CertificateVerification ahead = verifier(T0.minus(Duration.ofMinutes(6))).verify(c, INSIDE);
    assertThat(ahead.reason().orElseThrow()).contains(" is ahead of now (");
  }

  @Test
  void verificationToString_validAndInvalid_showTimeOrFailure() {
    assertThat(CertificateVerification.valid(T0).toString()).isEqualTo("valid(" + T0 + ")");
    assertThat(CertificateVerification.invalid(Failure.NO_TIME, "why").toString())
        .isEqualTo("invalid(NO_TIME: why)");
  }

  @Test
  void certificateEquals_differentTreeSignatureOrDelegation_notEqual() {
    Certificate dc = delegationCertificate(ROOT, true, false, T0);
    Certificate c = delegated(dc, SUBNET, T0);
    Certificate same = new Certificate(c.tree(), c.signature(), c.delegation());
    assertThat(same).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.hashCode()).isNotEqualTo(dc.hashCode());
    assertThat(c).isNotEqualTo(new Certificate(c.tree(), c.signature(), Optional.empty()));
    assertThat(c).isNotEqualTo(
        new Certificate(timeTree(T0.plusSeconds(1), HashTreeMap.empty()), c.signature(),
            c.delegation()));
    assertThat(c).isNotEqualTo(new Certificate(c.tree(), Bytes.of(new byte[48]), c.delegation()));
    assertThat(c).isNotEqualTo("certificate");
    assertThat(c.toString())
        .isEqualTo("Certificate(root=" + c.tree().digest() + ", delegation=" + SUBNET_ID + ")");
    assertThat(dc.toString()).endsWith(", delegation=none)");
  }

  @Test
  void decode_delegationSubnetIdTooLong_throwsMalformedNamingIt() {
    HashTree tree = timeTree(T0, HashTreeMap.empty());
    org.jicp.state.internal.cbor.Cbor.Writer w =
        new org.jicp.state.internal.cbor.Cbor.Writer().startMap(3).key("tree");
    tree.writeCbor(w);
    w.key("signature").bytes(new byte[48]).key("delegation").startMap(2)
        .key("subnet_id").bytes(new byte[30]).key("certificate").bytes(new byte[] {1}).endMap();
    byte[] cbor = w.endMap().toByteArray();
    assertThatThrownBy(() -> Certificate.decode(cbor))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("delegation.subnet_id: ");
  }
}
