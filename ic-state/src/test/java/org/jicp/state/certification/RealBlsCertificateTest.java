package org.jicp.state.certification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.state.certification.CertificateVerification.Failure;
import org.jicp.state.internal.Leb128;
import org.jicp.state.testing.MainnetCertificate;
import org.jicp.state.testing.Vectors;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;
import org.junit.jupiter.api.Test;

/** Certificates verified with the real IC BLS signature scheme of ic-crypto. */
class RealBlsCertificateTest {
  private static final Instant SAMPLE_TIME = Instant.parse("2022-02-23T07:38:00.652Z");
  private static final CanisterId SAMPLE_CANISTER = CanisterId.fromText("ivg37-qiaaa-aaaab-aaaga-cai");

  private static CertificateVerifier mainnet(Instant now) {
    return CertificateVerifier.withFreshness(ThresholdPublicKey.IC_MAINNET_ROOT_KEY,
        CertificateSignatureVerifier.ic(), Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5));
  }

  @Test
  void verify_agentJsBlsVector_acceptsHelloRejectsHallo() throws Exception {
    JsonNode v = new ObjectMapper().readTree(
        Files.readString(Vectors.file("ic/ic-bls-g1sig-nul-agentjs.json")));
    ThresholdPublicKey pk = new ThresholdPublicKey(Bytes.fromHex(v.get("public_key").asText()));
    Bytes sig = Bytes.fromHex(v.get("signature").asText());
    int n = 0;
    for (JsonNode c : v.get("cases")) {
      assertThat(CertificateSignatureVerifier.ic()
          .verify(pk, Bytes.fromHex(c.get("message_hex").asText()), sig))
          .isEqualTo(c.get("expected").asBoolean());
      n++;
    }
    assertThat(n).isEqualTo(2);
  }

  @Test
  void verify_mainnetCertificateWithDelegation_isValidUnderMainnetRootKey() {
    Certificate c = Certificate.decode(MainnetCertificate.SAMPLE_CERT.toByteArray());
    CertificateVerification v = mainnet(SAMPLE_TIME).verify(c, SAMPLE_CANISTER);
    assertThat(v.isValid()).as(v.toString()).isTrue();
    assertThat(Duration.between(v.time(), SAMPLE_TIME).abs()).isLessThan(Duration.ofMinutes(5));
  }

  @Test
  void verify_mainnetCertificateWithFlippedSignatureBit_isBadSignature() {
    Certificate c = Certificate.decode(MainnetCertificate.SAMPLE_CERT.toByteArray());
    byte[] sig = c.signature().toByteArray();
    sig[47] ^= 1;
    Certificate bad = new Certificate(c.tree(), Bytes.of(sig), c.delegation());
    assertThat(mainnet(SAMPLE_TIME).verify(bad, SAMPLE_CANISTER).failure())
        .contains(Failure.BAD_SIGNATURE);
  }

  @Test
  void verify_mainnetCertificateUnderOtherRootKey_isBadDelegation() {
    Certificate c = Certificate.decode(MainnetCertificate.SAMPLE_CERT.toByteArray());
    ThresholdPublicKey other = new BlsCertificateSigner(SecretKey.fromBytes(key(9))).publicKey();
    CertificateVerification v = CertificateVerifier.withoutFreshness(other,
        CertificateSignatureVerifier.ic()).verify(c, SAMPLE_CANISTER);
    assertThat(v.failure()).contains(Failure.BAD_DELEGATION);
  }

  @Test
  void verify_mainnetDelegationTampered_isBadDelegation() {
    Certificate c = Certificate.decode(MainnetCertificate.SAMPLE_CERT.toByteArray());
    Certificate d = c.delegation().orElseThrow().decodedCertificate();
    byte[] sig = d.signature().toByteArray();
    sig[10] ^= 4;
    Certificate forgedDelegation = new Certificate(d.tree(), Bytes.of(sig), Optional.empty());
    Certificate bad = new Certificate(c.tree(), c.signature(), Optional.of(new Delegation(
        c.delegation().get().subnetId(), Bytes.of(forgedDelegation.encode()))));
    assertThat(mainnet(SAMPLE_TIME).verify(bad, SAMPLE_CANISTER).failure())
        .contains(Failure.BAD_DELEGATION);
  }

  private static byte[] key(int x) {
    byte[] k = new byte[32];
    k[31] = (byte) x;
    k[5] = 0x33;
    return k;
  }

  @Test
  void issue_withRealKeysAndDelegation_verifiesAndForgeryFails() {
    BlsCertificateSigner root = new BlsCertificateSigner(SecretKey.fromBytes(key(1)));
    BlsCertificateSigner subnet = new BlsCertificateSigner(SecretKey.fromBytes(key(2)));
    SubnetId sid = SubnetId.fromBytes(new byte[] {4, 4, 2});
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    long nanos = now.getEpochSecond() * 1_000_000_000L;
    CanisterRanges ranges = new CanisterRanges(List.of(
        new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(100))));
    HashTree rootState = HashTreeMap.empty()
        .put("subnet", HashTreeMap.empty().put(Bytes.of(sid.toByteArray()), HashTreeMap.empty()
            .put("public_key", HashTree.leaf(subnet.publicKey().toDer()))
            .put("canister_ranges", HashTree.leaf(ranges.encode())).tree()).tree())
        .put("time", HashTree.leaf(Leb128.encodeUnsigned(nanos - 3_600_000_000_000L)))
        .tree();
    Delegation d = CertificateIssuer.delegation(sid,
        CertificateIssuer.forRootSubnet(root).issue(rootState));
    Certificate c = CertificateIssuer.forSubnet(subnet, d).issue(HashTreeMap.empty()
        .put("time", HashTree.leaf(Leb128.encodeUnsigned(nanos))).tree());
    CertificateVerifier v = CertificateVerifier.withFreshness(root.publicKey(),
        CertificateSignatureVerifier.ic(), Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5));
    assertThat(v.verify(c, CanisterId.fromIndex(50)).isValid()).isTrue();
    assertThat(v.verify(c, CanisterId.fromIndex(500)).failure()).contains(Failure.NOT_AUTHORIZED);
    Certificate selfSigned = CertificateIssuer.forSubnet(subnet, d).issue(HashTreeMap.empty()
        .put("time", HashTree.leaf(Leb128.encodeUnsigned(nanos + 1))).tree());
    Certificate swapped = new Certificate(c.tree(), selfSigned.signature(), c.delegation());
    assertThat(v.verify(swapped, CanisterId.fromIndex(50)).failure())
        .contains(Failure.BAD_SIGNATURE);
  }
}
