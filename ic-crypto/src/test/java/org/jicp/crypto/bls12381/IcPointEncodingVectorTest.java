package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The IC's BLS12-381 encoding tests (dfinity/ic bls12_381 type tests): k G for small positive,
 * negative and power-of-two k, the identity, every must-reject encoding, and the scalar constants;
 * plus the IC's "augmented hash" (hash_to_G1 with the AUG DST over pk || data).
 */
class IcPointEncodingVectorTest {
  private static final JsonNode DOC = Vectors.json("ic/ic-bls12381-point-encoding.json");

  private static byte[] hex(JsonNode n) {
    return Vectors.hex(n.asText());
  }

  @TestFactory
  Stream<DynamicContainer> icEncodings_match() {
    List<DynamicContainer> out = new ArrayList<>();
    out.add(multiples("g1_multiples_1_to_5", true, 1, 5));
    out.add(multiples("g1_multiples_minus1_to_minus5", true, -1, 5));
    out.add(multiples("g1_powers_of_two_2e0_to_2e5", true, 0, 6));
    out.add(multiples("g2_multiples_1_to_9", false, 1, 9));
    out.add(multiples("g2_multiples_minus1_to_minus9", false, -1, 9));
    out.add(multiples("g2_powers_of_two_2e0_to_2e8", false, 0, 9));
    List<DynamicTest> inf = new ArrayList<>();
    inf.add(DynamicTest.dynamicTest("g1_infinity", () -> {
      assertThat(G1Point.fromBytes(hex(DOC.get("g1_infinity"))).isIdentity()).isTrue();
      assertThat(G1Point.identity().toBytes()).isEqualTo(hex(DOC.get("g1_infinity")));
    }));
    inf.add(DynamicTest.dynamicTest("g2_infinity", () -> {
      assertThat(G2Point.fromBytes(hex(DOC.get("g2_infinity"))).isIdentity()).isTrue();
      assertThat(G2Point.identity().toBytes()).isEqualTo(hex(DOC.get("g2_infinity")));
    }));
    out.add(DynamicContainer.dynamicContainer("infinity (2 cases)", inf));
    List<DynamicTest> rejects = new ArrayList<>();
    for (JsonNode r : DOC.get("must_reject")) {
      byte[] bytes = hex(r.get("hex"));
      boolean g1 = r.get("group").asText().equals("G1");
      rejects.add(DynamicTest.dynamicTest(r.get("group").asText() + ": " + r.get("why").asText(), () ->
          assertThatThrownBy(() -> {
            if (g1) {
              G1Point.fromBytes(bytes);
            } else {
              G2Point.fromBytes(bytes);
            }
          }).isInstanceOf(InvalidEncodingException.class)));
    }
    assertThat(rejects).as("must_reject cases").hasSize(7);
    out.add(DynamicContainer.dynamicContainer("must_reject (" + rejects.size() + " cases)", rejects));
    JsonNode sc = DOC.get("scalar_encodings");
    List<DynamicTest> scalars = new ArrayList<>();
    scalars.add(DynamicTest.dynamicTest("order_minus_1_be parses; order and above are rejected", () -> {
      byte[] rm1 = hex(sc.get("order_minus_1_be"));
      assertThat(Scalar.fromBytes(rm1).toBigInteger()).isEqualTo(Scalar.ORDER.subtract(BigInteger.ONE));
      assertThat(Scalar.fromBytes(rm1).toBytes()).isEqualTo(rm1);
      rm1[31]++;
      assertThatThrownBy(() -> Scalar.fromBytes(rm1)).isInstanceOf(InvalidEncodingException.class);
    }));
    scalars.add(DynamicTest.dynamicTest("g1_cofactor_be32 times a curve point lands in G1", () -> {
      BigInteger h = new BigInteger(1, hex(sc.get("g1_cofactor_be32")));
      byte[] enc = new byte[48];
      enc[0] = (byte) 0x80;
      enc[47] = 4;
      long[] p = Group.G1.decodeOnCurve(enc);
      long[] words = new long[2];
      words[0] = h.longValue();
      words[1] = h.shiftRight(64).longValue();
      long[] q = new long[Curve.G1.size];
      Curve.G1.mulVartime(q, 0, p, 0, words);
      assertThat(Group.G1.isInSubgroup(q, 0)).isTrue();
    }));
    out.add(DynamicContainer.dynamicContainer("scalar_encodings (2 cases)", scalars));
    return out.stream();
  }

  /**
   * kind: 1 = multiples 1..n, -1 = multiples -1..-n, 0 = powers of two 2^0..2^(n-1); the list
   * must hold {@code count} encodings.
   */
  private static DynamicContainer multiples(String key, boolean g1, int kind, int count) {
    JsonNode list = DOC.get(key);
    assertThat(list).as("encodings in %s", key).hasSize(count);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      BigInteger k = kind == 0 ? BigInteger.ONE.shiftLeft(i) : BigInteger.valueOf(kind * (i + 1L));
      byte[] expected = hex(list.get(i));
      tests.add(DynamicTest.dynamicTest("k=" + k, () -> {
        Scalar s = Scalar.fromBigInteger(k);
        if (g1) {
          G1Point p = G1Point.generator().multiply(s);
          assertThat(p.toBytes()).isEqualTo(expected);
          assertThat(G1Point.fromBytes(expected)).isEqualTo(p);
        } else {
          G2Point p = G2Point.generator().multiply(s);
          assertThat(p.toBytes()).isEqualTo(expected);
          assertThat(G2Point.fromBytes(expected)).isEqualTo(p);
        }
      }));
    }
    return DynamicContainer.dynamicContainer(key + " (" + tests.size() + " cases)", tests);
  }

  @TestFactory
  Stream<DynamicTest> icAugmentedHash_allCases_match() {
    JsonNode doc = Vectors.json("ic/ic-g1-augmented-hash.json");
    byte[] dst = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_AUG_".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    List<DynamicTest> tests = new ArrayList<>();
    int i = 0;
    for (JsonNode c : doc.get("cases")) {
      int n = ++i;
      tests.add(DynamicTest.dynamicTest("augmented hash case " + n + " of " + doc.get("cases").size(), () -> {
        byte[] pk = G2Point.fromBytes(hex(c.get("g2_public_key"))).toBytes();
        byte[] data = hex(c.get("data"));
        byte[] msg = new byte[pk.length + data.length];
        System.arraycopy(pk, 0, msg, 0, pk.length);
        System.arraycopy(data, 0, msg, pk.length, data.length);
        assertThat(G1Point.hashToCurve(msg, dst).toBytes()).isEqualTo(hex(c.get("g1_output")));
      }));
    }
    assertThat(tests).as("cases in ic-g1-augmented-hash.json").hasSize(11);
    return tests.stream();
  }
}
