package org.jicp.benchmarks.nidkg;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
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
 * Forward-secure key update by one epoch ({@code update}, KUpd(dk, 1)): each call moves the key to
 * the next epoch, re-randomising the new subtree roots (about 2 blindings of 290 G2 multiplications
 * each, amortised over consecutive epochs). The key starts at epoch 2^31 so the run never exhausts
 * it; also key generation (290 G2 multiplications and a proof of possession).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KeyUpdateBench {
  private SplittableRandom rng;
  private EncryptionSecretKey key;

  @Setup
  public void setup() {
    rng = new SplittableRandom(7);
    key = EncryptionSecretKey.generate(Bytes.of((byte) 1), rng).secretKey();
    key.updateTo(Epoch.of(1L << 31), rng);
    if (!key.canDecrypt(Epoch.of(1L << 31)) || key.canDecrypt(Epoch.of((1L << 31) - 1))) {
      throw new IllegalStateException("key update setup is wrong");
    }
  }

  /** One epoch forward. */
  @Benchmark
  public EncryptionSecretKey updateOneEpoch() {
    key.update(rng);
    return key;
  }

  /** A fresh key pair with its proof of possession. */
  @Benchmark
  public Object generateKeyPair() {
    return EncryptionSecretKey.generate(Bytes.of((byte) 2), rng);
  }
}
