package org.jicp.crypto.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The noble-curves bulk signing vectors for both basic (NUL) suites: all 128 lines of the IC's
 * min-sig suite (BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_) and all 559 lines of the min-pk suite
 * (BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_, drand). Secret keys at or above r are reduced mod r,
 * as the vectors' README says. Each line: sign gives the expected signature, and it verifies.
 */
class NobleCurvesVectorTest {
  @TestFactory
  Stream<DynamicContainer> nobleCurves_signAndVerify_allLines() {
    return Stream.of(
        file("noble-curves/bls12-381-g1-sign-nul.txt", 128, BlsScheme.IC),
        file("noble-curves/bls12-381-g2-sign-nul.txt", 559, BlsScheme.MIN_PK_NUL));
  }

  private static DynamicContainer file(String path, int expectedLines, BlsScheme scheme) {
    List<DynamicTest> tests = new ArrayList<>();
    int lineNo = 0;
    for (String line : Vectors.lines(path)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(":", -1);
      int n = lineNo;
      tests.add(
          DynamicTest.dynamicTest(
              "line " + n,
              () -> {
                Scalar k = Scalar.fromBigInteger(new BigInteger(parts[0], 16));
                SecretKey sk = SecretKey.fromScalar(k);
                byte[] msg = Vectors.hex(parts[1]);
                byte[] expected = Vectors.hex(parts[2]);
                Signature sig = scheme.sign(sk, msg);
                assertThat(sig.toBytes()).isEqualTo(expected);
                assertThat(scheme.verify(scheme.publicKey(sk), msg, scheme.signatureFromBytes(expected))).isTrue();
              }));
    }
    assertThat(tests).as("lines in %s", path).hasSize(expectedLines);
    return DynamicContainer.dynamicContainer(path + " (" + tests.size() + " lines)", tests);
  }
}
