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
  private static void assertDerRejected(String hex, String message) {
    assertThatThrownBy(() -> CanisterSignatures.PublicKey.fromDer(Bytes.parseHex(hex)))
        .as(hex)
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining(message);
  }

  @Test
  void publicKeyFromDer_truncatedOrBadLengths_throwsNamingTheFault() {
    assertDerRejected("", "canister signature key: expected DER tag");
    assertDerRejected("30", "canister signature key: expected DER tag");
    assertDerRejected("3000", "canister signature key algorithm: expected DER tag");
    assertDerRejected("3080", "canister signature key: bad DER length");
    assertDerRejected("30830000000000", "canister signature key: bad DER length");
    assertDerRejected("3082", "canister signature key: bad DER length");
    assertDerRejected("308201", "canister signature key: bad DER length");
    assertDerRejected("308100", "canister signature key: non-minimal DER length");
    assertDerRejected("30817f", "canister signature key: non-minimal DER length");
    assertDerRejected("308101", "canister signature key: non-minimal DER length");
    assertDerRejected("308180", "canister signature key: DER value cut short");
    assertDerRejected("30820001", "canister signature key: non-minimal DER length");
    assertDerRejected("308200ff", "canister signature key: non-minimal DER length");
    assertDerRejected("30820100", "canister signature key: DER value cut short");
    assertDerRejected("300500", "canister signature key: DER value cut short");
    assertDerRejected("30000000", "trailing bytes");
  }

  @Test
  void publicKeyFromDer_badBitString_throwsNamingTheFault() {
    String alg = "300c060a2b0601040183b8430102";
    // SEQUENCE{alg, BIT STRING} with the given BIT STRING value.
    java.util.function.Function<String, String> key = bits -> {
      String bs = String.format("03%02x", bits.length() / 2) + bits;
      return String.format("30%02x", (alg.length() + bs.length()) / 2) + alg + bs;
    };
    assertDerRejected(key.apply(""), "malformed BIT STRING");
    assertDerRejected(key.apply("00"), "malformed BIT STRING");
    assertDerRejected(key.apply("0100"), "malformed BIT STRING");
    assertDerRejected(key.apply("000201"), "canister id cut short");
    assertDerRejected(key.apply("0014010203"), "canister id cut short");
    assertDerRejected(key.apply("0000") + "00", "trailing bytes");
    assertDerRejected("3014" + alg + "03020000" + "0500", "malformed BIT STRING");
    // The smallest well-formed value: an empty canister id and an empty seed.
    CanisterSignatures.PublicKey empty =
        CanisterSignatures.PublicKey.fromDer(Bytes.parseHex(key.apply("0000")));
    assertThat(empty.canisterId().toByteArray()).isEmpty();
    assertThat(empty.seed()).isEqualTo(Bytes.EMPTY);
    // An id that exactly fills the BIT STRING (no seed).
    CanisterSignatures.PublicKey noSeed =
        CanisterSignatures.PublicKey.fromDer(Bytes.parseHex(key.apply("000201ff")));
    assertThat(noSeed.canisterId().toByteArray()).containsExactly(1, 0xff);
    assertThat(noSeed.seed()).isEqualTo(Bytes.EMPTY);
  }

  @Test
  void publicKeyToDer_seedsAtLengthFormBoundaries_roundTripWithMinimalLengths() {
    int idLen = SIGNER.toByteArray().length;
    // BIT STRING value = 0x00 · |id| · id · seed: pick seeds so it is 127, 128, 255, 256, 300.
    int[] valueLengths = {0x7f, 0x80, 0xff, 0x100, 300};
    String[] bitStringHeader = {"037f", "038180", "0381ff", "03820100", "0382012c"};
    for (int i = 0; i < valueLengths.length; i++) {
      byte[] seed = new byte[valueLengths[i] - 2 - idLen];
      java.util.Arrays.fill(seed, (byte) i);
      CanisterSignatures.PublicKey k = new CanisterSignatures.PublicKey(SIGNER, Bytes.of(seed));
      Bytes der = k.toDer();
      assertThat(der.toHex()).as("length %d", valueLengths[i]).contains(bitStringHeader[i]);
      assertThat(CanisterSignatures.PublicKey.fromDer(der.toByteArray())).isEqualTo(k);
    }
  }
}
