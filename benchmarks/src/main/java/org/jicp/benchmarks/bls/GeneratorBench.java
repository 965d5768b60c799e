package org.jicp.benchmarks.bls;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Constant-time multiplications of the generators of G1 and G2, as key generation, NI-DKG dealings
 * and proofs use them. {@code TableGeneratorBench} multiplies {@code generator()}, which goes
 * through the generator's fixed-base table; {@code GlvGeneratorBench} multiplies an equal point
 * decoded from bytes, which takes the windowed GLV (G1) / GLS (G2) path every other base takes:
 * the path generator multiplications took before the tables. {@code g1Chunk} is a 16-bit NI-DKG
 * chunk (table: {@code multiplyGenerator(v, 32)}, nine windows).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public abstract class GeneratorBench {
  G1Point g1;
  G2Point g2;
  Scalar k;
  int chunk;

  abstract boolean table();

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(19);
    byte[] b = new byte[48];
    rnd.nextBytes(b);
    k = Scalar.fromBytesReduced(b);
    chunk = rnd.nextInt(1 << 16);
    g1 = table() ? G1Point.generator() : G1Point.fromBytes(G1Point.generator().toBytes());
    g2 = table() ? G2Point.generator() : G2Point.fromBytes(G2Point.generator().toBytes());
    G1Point other = table() ? G1Point.fromBytes(G1Point.generator().toBytes()) : G1Point.generator();
    if (!g1.multiply(k).equals(other.multiply(k)) || !g1chunk().equals(other.multiply(Scalar.fromLong(chunk)))) {
      throw new IllegalStateException("table and GLV multiplication disagree");
    }
  }

  @Benchmark
  public G1Point g1() {
    return g1.multiply(k);
  }

  @Benchmark
  public G2Point g2() {
    return g2.multiply(k);
  }

  @Benchmark
  public G1Point g1Chunk() {
    return g1chunk();
  }

  private G1Point g1chunk() {
    return table() ? G1Point.multiplyGenerator(chunk, 32) : g1.multiply(Scalar.fromLong(chunk));
  }
}
