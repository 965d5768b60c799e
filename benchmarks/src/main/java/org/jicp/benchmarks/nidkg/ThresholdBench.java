package org.jicp.benchmarks.nidkg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
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
 * Threshold BLS (the IC's min-sig NUL shares): signing a share, verifying it under the signer's
 * individual key, and combining the 2f+1 shares of the high-threshold key of a subnet of n nodes
 * (9 shares for n = 13, 27 for n = 40) by Lagrange interpolation in one multi-scalar
 * multiplication. {@code @Setup} checks that the combined signature verifies under the group key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThresholdBench {
  @Param({"13", "40"})
  public int n;

  private byte[] msg;
  private KeyShares keys;
  private PublicKey individualKey;
  private SignatureShare share;
  private List<SignatureShare> highThresholdShares;
  private int t;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(13);
    t = Thresholds.high(n);
    keys = ThresholdSignatures.generate(t, n, rng);
    msg = "jicp threshold benchmark".getBytes(StandardCharsets.US_ASCII);
    highThresholdShares = new ArrayList<>();
    for (int i = n - 1; highThresholdShares.size() < t; i--) {
      highThresholdShares.add(ThresholdSignatures.sign(keys.shares().get(i), msg));
    }
    share = highThresholdShares.get(0);
    individualKey = keys.publicCoefficients().individualPublicKey(share.index()).prepare();
    Signature sig = ThresholdSignatures.combine(t, n, highThresholdShares);
    if (!BlsScheme.IC.verify(keys.publicCoefficients().groupPublicKey(), msg, sig)
        || !ThresholdSignatures.verifyShare(individualKey, msg, share)) {
      throw new IllegalStateException("threshold setup does not verify");
    }
  }

  /** A node signs its share (hash to G1 and a constant-time multiplication). */
  @Benchmark
  public SignatureShare signShare() {
    return ThresholdSignatures.sign(keys.shares().get(0), msg);
  }

  /** A share verified under the signer's (prepared) individual key. */
  @Benchmark
  public boolean verifyShare() {
    return ThresholdSignatures.verifyShare(individualKey, msg, share);
  }

  /** Combining 2f+1 shares: Lagrange coefficients (one inversion) and a t-point MSM in G1. */
  @Benchmark
  public Signature combineHighThreshold() {
    return ThresholdSignatures.combine(t, n, highThresholdShares);
  }
}
