package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * RFC 9380 appendix J (suite vectors for the four BLS12-381 suites) and appendix K
 * (expand_message_xmd with SHA-256, short and long DST), read from {@code ../shared/vectors/rfc9380}.
 */
class Rfc9380VectorTest {
  private static final String[] SUITES = {
    "BLS12381G1_XMD-SHA-256_SSWU_RO_.json",
    "BLS12381G1_XMD-SHA-256_SSWU_NU_.json",
    "BLS12381G2_XMD-SHA-256_SSWU_RO_.json",
    "BLS12381G2_XMD-SHA-256_SSWU_NU_.json"
  };

  @TestFactory
  Stream<DynamicContainer> hashToCurve_suiteVectors_match() {
    return Stream.of(SUITES).map(Rfc9380VectorTest::suite);
  }

  private static DynamicContainer suite(String file) {
    JsonNode doc = Vectors.json("rfc9380/" + file);
    byte[] dst = doc.get("dst").asText().getBytes(StandardCharsets.US_ASCII);
    boolean g2 = file.contains("G2");
    boolean ro = doc.get("randomOracle").asBoolean();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : doc.get("vectors")) {
      String msgText = v.get("msg").asText();
      byte[] msg = msgText.getBytes(StandardCharsets.US_ASCII);
      String label = "msg=\"" + (msgText.length() > 12 ? msgText.substring(0, 12) + "…" : msgText) + "\"";
      tests.add(
          DynamicTest.dynamicTest(
              label,
              () -> {
                byte[] expected = uncompressed(v.get("P"), g2);
                byte[] actual;
                if (g2) {
                  actual = (ro ? G2Point.hashToCurve(msg, dst) : G2Point.encodeToCurve(msg, dst)).toBytesUncompressed();
                } else {
                  actual = (ro ? G1Point.hashToCurve(msg, dst) : G1Point.encodeToCurve(msg, dst)).toBytesUncompressed();
                }
                assertThat(actual).isEqualTo(expected);
                if (!g2) {
                  BigInteger[] u = HashToCurve.hashToFieldFp(msg, dst, ro ? 2 : 1);
                  for (int i = 0; i < u.length; i++) {
                    assertThat(u[i]).isEqualTo(new BigInteger(v.get("u").get(i).asText().substring(2), 16));
                  }
                }
              }));
    }
    assertThat(tests).as("vectors in %s", file).hasSize(5);
    return DynamicContainer.dynamicContainer(file + " (" + tests.size() + " vectors)", tests);
  }

  /** The uncompressed ZCash encoding of a vector point {x, y} ("c0,c1" for Fp2). */
  private static byte[] uncompressed(JsonNode point, boolean g2) {
    int fb = g2 ? 96 : 48;
    byte[] out = new byte[2 * fb];
    String[] coords = {point.get("x").asText(), point.get("y").asText()};
    for (int c = 0; c < 2; c++) {
      String[] parts = coords[c].split(",");
      if (g2) {
        put(out, c * fb, parts[1]); // c1 first
        put(out, c * fb + 48, parts[0]);
      } else {
        put(out, c * fb, parts[0]);
      }
    }
    return out;
  }

  private static void put(byte[] out, int off, String hex) {
    byte[] v = new BigInteger(hex.trim().substring(2), 16).toByteArray();
    int len = Math.min(v.length, 48);
    System.arraycopy(v, v.length - len, out, off + 48 - len, len);
  }

  @TestFactory
  Stream<DynamicContainer> expandMessageXmd_vectors_match() {
    return Stream.of("expand_message_xmd_SHA256_38.json", "expand_message_xmd_SHA256_256.json")
        .map(
            file -> {
              JsonNode doc = Vectors.json("rfc9380/" + file);
              byte[] dst = doc.get("DST").asText().getBytes(StandardCharsets.US_ASCII);
              List<DynamicTest> tests = new ArrayList<>();
              for (JsonNode t : doc.get("tests")) {
                byte[] msg = t.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
                int len = Integer.decode(t.get("len_in_bytes").asText());
                byte[] expected = Vectors.hex(t.get("uniform_bytes").asText());
                tests.add(
                    DynamicTest.dynamicTest(
                        "len=" + len + " msg.length=" + msg.length,
                        () -> assertThat(HashToCurve.expandMessageXmd(msg, dst, len)).isEqualTo(expected)));
              }
              assertThat(tests).as("vectors in %s", file).hasSize(10);
              return DynamicContainer.dynamicContainer(file + " (" + tests.size() + " vectors)", tests);
            });
  }
}
