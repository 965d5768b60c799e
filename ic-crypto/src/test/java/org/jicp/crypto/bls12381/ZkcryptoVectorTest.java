package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * zkcrypto/bls12_381's encodings of i G for i = 0..999 (compressed and uncompressed, G1 and G2):
 * every record decodes, equals i G, and re-encodes to the same bytes. 4000 records.
 */
class ZkcryptoVectorTest {
  @TestFactory
  Stream<DynamicContainer> zkcrypto_encodingsOfMultiplesOfTheGenerator_roundTrip() {
    return Stream.of(
        g1("g1_compressed_valid_test_vectors.dat", 48, true),
        g1("g1_uncompressed_valid_test_vectors.dat", 96, false),
        g2("g2_compressed_valid_test_vectors.dat", 96, true),
        g2("g2_uncompressed_valid_test_vectors.dat", 192, false));
  }

  private static DynamicContainer g1(String file, int size, boolean compressed) {
    return records(file, size, G1Point.identity(), G1Point.generator(), G1Point::fromBytes,
        p -> compressed ? p.toBytes() : p.toBytesUncompressed());
  }

  private static DynamicContainer g2(String file, int size, boolean compressed) {
    return records(file, size, G2Point.identity(), G2Point.generator(), G2Point::fromBytes,
        p -> compressed ? p.toBytes() : p.toBytesUncompressed());
  }

  private static <T extends CurvePoint<T>> DynamicContainer records(
      String file, int size, T identity, T generator, Function<byte[], T> decode, Function<T, byte[]> encode) {
    byte[] all = Vectors.bytes("zkcrypto/" + file);
    assertThat(all.length % size).isZero();
    int n = all.length / size;
    // Each published file holds the encodings of 0·G … 999·G.
    assertThat(n).as("records in %s", file).isEqualTo(1000);
    List<DynamicTest> tests = new ArrayList<>();
    // Records are checked in blocks of 100 so that i G is computed incrementally.
    for (int block = 0; block < n; block += 100) {
      int from = block;
      int to = Math.min(n, block + 100);
      tests.add(
          DynamicTest.dynamicTest(
              "records " + from + ".." + (to - 1),
              () -> {
                T expected = generator.multiply(Scalar.fromLong(from));
                for (int i = from; i < to; i++) {
                  byte[] rec = Arrays.copyOfRange(all, i * size, (i + 1) * size);
                  T p = decode.apply(rec);
                  assertThat(p).as("record %d", i).isEqualTo(expected);
                  assertThat(encode.apply(p)).as("record %d re-encoded", i).isEqualTo(rec);
                  expected = expected.add(generator);
                }
              }));
    }
    return DynamicContainer.dynamicContainer(file + " (" + n + " records)", tests);
  }
}
