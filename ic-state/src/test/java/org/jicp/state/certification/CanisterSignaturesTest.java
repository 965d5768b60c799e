package org.jicp.state.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.Leb128;
import org.jicp.state.testing.FakeBls;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;
import org.junit.jupiter.api.Test;

class CanisterSignaturesTest {
  private static final FakeBls ROOT = FakeBls.fromSeed("root");
  private static final CanisterId SIGNER = CanisterId.fromIndex(42);
  private static final Bytes SEED = Bytes.fromHex("0102");
  private static final Bytes MESSAGE = HashTree.utf8("sign me");

  private static Bytes signature(Bytes message, Bytes certifiedOverride) {
    return signature(message, certifiedOverride, ROOT);
  }

  private static Bytes signature(Bytes message, Bytes certifiedOverride, CertificateSigner root) {
    var sigPath = CanisterSignatures.signaturePath(SEED, message);
    HashTree sigTree = HashTreeMap.empty().put(sigPath.get(0),
        HashTreeMap.empty().put(sigPath.get(1),
            HashTreeMap.empty().put(sigPath.get(2), HashTree.leaf(Bytes.EMPTY)).tree()).tree())
        .tree();
    Bytes certified = certifiedOverride != null ? certifiedOverride : sigTree.digest();
    HashTree state = HashTreeMap.empty()
        .put("canister", HashTreeMap.empty().put(SIGNER.principal().bytes(),
            HashTreeMap.empty().put("certified_data", HashTree.leaf(certified)).tree()).tree())
        .put("time", HashTree.leaf(Leb128.encodeUnsigned(1_700_000_000_000_000_000L)))
        .tree();
    Certificate cert = CertificateIssuer.forRootSubnet(root).issue(
        state.witness(java.util.List.of(
            java.util.List.of(HashTree.utf8("canister"), SIGNER.principal().bytes(),
                HashTree.utf8("certified_data")),
            java.util.List.of(HashTree.utf8("time")))));
    return CanisterSignatures.encodeSignature(cert, sigTree);
  }

  private static CertificateVerifier verifier() {
    return CertificateVerifier.withoutFreshness(ROOT.publicKey(), FakeBls.verifier());
  }

  @Test
  void publicKey_derRoundTrips() {
    CanisterSignatures.PublicKey k = new CanisterSignatures.PublicKey(SIGNER, SEED);
    assertThat(CanisterSignatures.PublicKey.fromDer(k.toDer().toByteArray())).isEqualTo(k);
    assertThat(k.toDer().toHex()).startsWith("30").contains("060a2b0601040183b8430102");
  }

  @Test
  void verify_validSignature_isValid() {
    Bytes der = new CanisterSignatures.PublicKey(SIGNER, SEED).toDer();
    CertificateVerification v =
        CanisterSignatures.verify(der, MESSAGE, signature(MESSAGE, null), verifier());
    assertThat(v.isValid()).as(v.toString()).isTrue();
    assertThat(v.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void verify_otherMessageOrSeedOrCertifiedData_isInvalid() {
    Bytes der = new CanisterSignatures.PublicKey(SIGNER, SEED).toDer();
    assertThat(CanisterSignatures.verify(der, HashTree.utf8("other"), signature(MESSAGE, null),
        verifier()).isValid()).isFalse();
    Bytes otherSeed = new CanisterSignatures.PublicKey(SIGNER, Bytes.fromHex("03")).toDer();
    assertThat(CanisterSignatures.verify(otherSeed, MESSAGE, signature(MESSAGE, null), verifier())
        .isValid()).isFalse();
    assertThat(CanisterSignatures.verify(der, MESSAGE,
        signature(MESSAGE, Bytes.of(new byte[32])), verifier()).isValid()).isFalse();
    Bytes otherCanister = new CanisterSignatures.PublicKey(CanisterId.fromIndex(43), SEED).toDer();
    assertThat(CanisterSignatures.verify(otherCanister, MESSAGE, signature(MESSAGE, null),
        verifier()).isValid()).isFalse();
  }

  @Test
  void verify_withRealBlsKeys_validAndForgedMessage() {
    byte[] sk = new byte[32];
    sk[31] = 77;
    BlsCertificateSigner realRoot =
        new BlsCertificateSigner(org.jicp.crypto.bls.SecretKey.fromBytes(sk));
    CertificateVerifier real = CertificateVerifier.withoutFreshness(realRoot.publicKey(),
        CertificateSignatureVerifier.ic());
    Bytes der = new CanisterSignatures.PublicKey(SIGNER, SEED).toDer();
    Bytes sig = signature(MESSAGE, null, realRoot);
    assertThat(CanisterSignatures.verify(der, MESSAGE, sig, real).isValid()).isTrue();
    assertThat(CanisterSignatures.verify(der, HashTree.utf8("forged"), sig, real).isValid())
        .isFalse();
    assertThat(CanisterSignatures.verify(der, MESSAGE, signature(MESSAGE, null), real).isValid())
        .as("signed by another root").isFalse();
  }

  @Test
  void publicKey_wrongOid_throwsMalformed() {
    byte[] der = new CanisterSignatures.PublicKey(SIGNER, SEED).toDer().toByteArray();
    der[10] ^= 1;
    assertThatThrownBy(() -> CanisterSignatures.PublicKey.fromDer(der))
        .isInstanceOf(MalformedEncodingException.class);
  }
}
