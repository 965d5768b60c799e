package org.jicp.crypto.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real drand beacons ({@code drand/drand-beacons.json}, from drand's {@code TestVerifyBeacon}): each
 * verifies with the same code that checks IC beacons, its digest and randomness are drand's, and a
 * tampered copy (round, signature, previous signature) does not verify.
 */
class DrandVectorTest {
  @TestFactory
  Stream<DynamicTest> realBeacons_verify_andTamperedOnesDoNot() {
    JsonNode doc = Vectors.json("drand/drand-beacons.json");
    List<DynamicTest> tests = new ArrayList<>();
    Set<DrandScheme> seen = EnumSet.noneOf(DrandScheme.class);
    for (JsonNode b : doc.get("beacons")) {
      DrandScheme scheme = DrandScheme.fromId(b.get("scheme").asText());
      seen.add(scheme);
      long round = b.get("round").asLong();
      DrandChain chain = DrandChain.of("vector", scheme, b.get("public_key").asText());
      Bytes sig = Bytes.fromHex(b.get("signature").asText());
      Bytes prev = b.has("previous_signature") ? Bytes.fromHex(b.get("previous_signature").asText()) : Bytes.EMPTY;
      String name = scheme.id() + " round " + round;
      tests.add(
          DynamicTest.dynamicTest(
              name + " valid",
              () -> {
                assertThat(scheme.message(round, prev).toHex()).isEqualTo(b.get("derived_message_digest").asText());
                assertThat(DrandChain.randomness(sig).toHex()).isEqualTo(b.get("derived_randomness").asText());
                assertThat(chain.verify(round, sig, prev)).isTrue();
              }));
      tests.add(
          DynamicTest.dynamicTest(
              name + " tampered",
              () -> {
                assertThat(chain.verify(round + 1, sig, prev)).isFalse();
                if (scheme.chained()) {
                  byte[] p = prev.toByteArray();
                  p[p.length - 1] ^= 1;
                  assertThat(chain.verify(round, sig, Bytes.of(p))).isFalse();
                }
                // a different valid point: the signature doubled (still decodes, does not verify)
                Bytes other = Bytes.of(twice(scheme, sig));
                assertThat(chain.verify(round, other, prev)).isFalse();
              }));
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            DrandScheme.PEDERSEN_BLS_CHAINED, DrandScheme.PEDERSEN_BLS_UNCHAINED, DrandScheme.BLS_UNCHAINED_ON_G1);
    assertThat(tests).as("5 beacons, valid and tampered").hasSize(2 * 5);
    return tests.stream();
  }

  private static byte[] twice(DrandScheme scheme, Bytes sig) {
    var s = scheme.bls().signatureFromBytes(sig.toByteArray());
    return s.variant() == org.jicp.crypto.bls.Variant.MIN_SIG
        ? s.g1().twice().toBytes()
        : s.g2().twice().toBytes();
  }

  @Test
  void defaultChain_isTheChainedVectorKey() {
    JsonNode doc = Vectors.json("drand/drand-beacons.json");
    JsonNode first = doc.get("beacons").get(0);
    assertThat(Bytes.of(DrandChain.DEFAULT.publicKey().toBytes()).toHex()).isEqualTo(first.get("public_key").asText());
    assertThat(
            DrandChain.DEFAULT.verify(
                first.get("round").asLong(),
                Bytes.fromHex(first.get("signature").asText()),
                Bytes.fromHex(first.get("previous_signature").asText())))
        .isTrue();
  }

  /**
   * quicknet round 1000 as drand's HTTP API serves it ({@code /public/1000} of chain
   * 52db9ba7…e971): {@code bls-unchained-g1-rfc9380}, i.e. the IC's own ciphersuite.
   */
  @Test
  void quicknet_round1000_verifiesUnderBuiltInKey() {
    Bytes sig =
        Bytes.fromHex(
            "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39");
    assertThat(DrandChain.QUICKNET.verify(1000, sig, Bytes.EMPTY)).isTrue();
    assertThat(DrandChain.randomness(sig).toHex())
        .isEqualTo("fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd");
    assertThat(DrandChain.QUICKNET.verify(1001, sig, Bytes.EMPTY)).isFalse();
    assertThat(DrandChain.QUICKNET.verify(999, sig, Bytes.EMPTY)).isFalse();
  }

  @Test
  void verify_malformedSignature_throwsInvalidEncoding() {
    assertThatThrownBy(() -> DrandChain.QUICKNET.verify(1, Bytes.of(new byte[47]), Bytes.EMPTY))
        .isInstanceOf(InvalidEncodingException.class);
    byte[] notOnCurve = new byte[48];
    notOnCurve[0] = (byte) 0x80;
    notOnCurve[47] = 5;
    assertThatThrownBy(() -> DrandChain.QUICKNET.verify(1, Bytes.of(notOnCurve), Bytes.EMPTY))
        .isInstanceOf(InvalidEncodingException.class);
  }
}
