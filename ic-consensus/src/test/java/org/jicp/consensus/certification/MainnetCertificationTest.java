package org.jicp.consensus.certification;

import static org.assertj.core.api.Assertions.assertThat;

import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.junit.jupiter.api.Test;

/**
 * External evidence that a certification is signed over exactly what the IC signs: the two
 * signatures of a real mainnet certificate — its delegation, signed by the NNS subnet under the
 * mainnet root key, and the certificate itself, signed by the delegated subnet — verify with
 * {@link Certifications#verify} over {@code "\x0Dic-state-root" ‖ root}, and fail for any other
 * root.
 *
 * <p>Source: the {@code SAMPLE_CERT} constant of dfinity/agent-js {@code
 * packages/agent/src/certificate.test.ts} (a Feb 2022 read_state certificate from mainnet, also in
 * ic-state's {@code MainnetCertificate}); the root hashes below are the reconstructions of its two
 * hash trees (interface specification, "Certificate": {@code reconstruct}), and the keys are the
 * mainnet root key (interface specification) and the subnet key the delegation reveals at {@code
 * /subnet/<id>/public_key}, without their 37-byte DER prefix.
 */
class MainnetCertificationTest {
  static final String ROOT_KEY =
      "814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae";
  static final String SUBNET_KEY =
      "9933e1f89e8a3c4d7fdcccdbd518089e2bd4d8180a261f18d9c247a52768ebce98dc7328a39814a8f911086a1dd50cbe015e2a53b7bf78b55288893daa15c346640e8831d72a12bdedd979d28470c34823b8d1c3f4795d9c3984a247132e94fe";
  static final String DELEGATION_ROOT = "e6c01e909b4923345ce5970962bcfe3004bfd8474a21dae28f50692502f46d90";
  static final String DELEGATION_SIG = "ace9fcdd9bc977e05d6328f889dc4e7c99114c737a494653cb27a1f55c06f4555e0f160980af5ead098acc195010b2f7";
  static final String CERT_ROOT = "b294b418b11ebe5dd7dd1dcb099e4e0372b9a42aef7a7a37fb4f25667d705ea9";
  static final String CERT_SIG = "89a2be21b5fa8ac9fab1527e041327ce899d7da971436a1f2165393947b4d942365bfe5488710e61a619ba48388a21b1";
  static final SubnetId SUBNET = SubnetId.fromBytes(Bytes.fromHex("d77b2a2f7199b9a8aec93fe6fb588661358cf12223e9a3af7b4ebac402").toByteArray());

  private static PublicKey key(String hex) {
    return BlsScheme.IC.publicKeyFromBytes(Bytes.fromHex(hex).toByteArray());
  }

  private static Certification certification(String root, String sig) {
    return new Certification(Height.of(1), Bytes.fromHex(root), Bytes.fromHex(sig), SUBNET);
  }

  @Test
  void verify_mainnetCertificateSignatures_verifyOverTheStateRootDomain() {
    int cases = 0;
    assertThat(Certifications.verify(certification(DELEGATION_ROOT, DELEGATION_SIG), key(ROOT_KEY))).isTrue();
    cases++;
    assertThat(Certifications.verify(certification(CERT_ROOT, CERT_SIG), key(SUBNET_KEY))).isTrue();
    cases++;
    assertThat(Certifications.verify(certification(CERT_ROOT, DELEGATION_SIG), key(ROOT_KEY))).as("another root").isFalse();
    cases++;
    assertThat(Certifications.verify(certification(CERT_ROOT, CERT_SIG), key(ROOT_KEY))).as("another key").isFalse();
    cases++;
    assertThat(Certifications.verify(certification(CERT_ROOT, "00"), key(SUBNET_KEY))).as("bytes that are no signature").isFalse();
    cases++;
    assertThat(cases).isEqualTo(5);
    assertThat(CertificationMessage.signedBytes(Bytes.fromHex(CERT_ROOT)))
        .isEqualTo(Bytes.fromHex("0d69632d73746174652d726f6f74" + CERT_ROOT).toByteArray());
  }
}
