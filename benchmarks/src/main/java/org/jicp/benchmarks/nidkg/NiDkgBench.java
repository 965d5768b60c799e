package org.jicp.benchmarks.nidkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.DealingVerification;
import org.jicp.crypto.nidkg.EncryptionKeyPair;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.NiDkg;
import org.jicp.crypto.nidkg.NiDkgConfig;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.Thresholds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The NI-DKG for a subnet of n receivers with the high threshold 2f+1: creating a dealing,
 * verifying it (ciphertext integrity and both proofs), creating the transcript from the f+1
 * dealings a fresh DKG collects, a receiver decrypting its share of one dealing, and a receiver
 * computing its threshold key from the transcript (f+1 decryptions and the interpolation).
 * {@code @Setup} makes n key pairs and f+1 verified dealings and checks the decrypted share against
 * the transcript's public coefficients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NiDkgBench {
  @Param({"13", "28", "40"})
  public int n;

  private SplittableRandom rng;
  private NiDkgConfig cfg;
  private List<EncryptionKeyPair> keyPairs;
  private List<EncryptionPublicKey> publicKeys;
  private Map<Integer, Dealing> dealings;
  private Dealing dealing;
  private Transcript transcript;

  @Setup
  public void setup() {
    rng = new SplittableRandom(40);
    cfg = NiDkgConfig.fresh(n, Thresholds.high(n), Epoch.of(1));
    keyPairs = new ArrayList<>();
    publicKeys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      EncryptionKeyPair kp = EncryptionSecretKey.generate(Bytes.of((byte) i), rng);
      keyPairs.add(kp);
      publicKeys.add(kp.publicKey());
    }
    dealings = new TreeMap<>();
    for (int d = 0; d < cfg.collectionThreshold(); d++) {
      Dealing x = NiDkg.createDealing(cfg, d, publicKeys, rng);
      DealingVerification v = NiDkg.verifyDealing(cfg, d, publicKeys, x);
      if (!v.isValid()) {
        throw new IllegalStateException(v.toString());
      }
      dealings.put(d, x);
    }
    dealing = dealings.get(0);
    transcript = NiDkg.createTranscript(cfg, dealings);
    SecretKeyShare s = NiDkg.computeThresholdKey(transcript, n - 1, keyPairs.get(n - 1).secretKey(), cfg.epoch());
    if (!transcript.publicCoefficients().individualPublicKey(n - 1).equals(s.publicKey())) {
      throw new IllegalStateException("decrypted share does not match the transcript");
    }
  }

  /** A dealer's one message: polynomial, commitments, encryption of n shares, both proofs. */
  @Benchmark
  public Dealing createDealing() {
    return NiDkg.createDealing(cfg, 0, publicKeys, rng);
  }

  /** Public verification of a dealing, without secrets. */
  @Benchmark
  public DealingVerification verifyDealing() {
    return NiDkg.verifyDealing(cfg, 0, publicKeys, dealing);
  }

  /** Combining the f+1 collected (verified) dealings into the transcript. */
  @Benchmark
  public Transcript createTranscript() {
    return NiDkg.createTranscript(cfg, dealings);
  }

  /** A receiver decrypts its share of one dealing (16 four-pairing products, 16 table scans). */
  @Benchmark
  public SecretKeyShare decryptShare() {
    return NiDkg.decryptShare(dealing, 0, n - 1, keyPairs.get(n - 1).secretKey(), cfg.epoch());
  }

  /** A receiver computes its threshold key from the transcript (f+1 decryptions). */
  @Benchmark
  public SecretKeyShare computeThresholdKey() {
    return NiDkg.computeThresholdKey(transcript, n - 1, keyPairs.get(n - 1).secretKey(), cfg.epoch());
  }
}
