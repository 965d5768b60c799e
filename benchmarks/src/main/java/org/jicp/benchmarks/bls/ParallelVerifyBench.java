package org.jicp.benchmarks.bls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Parallelism;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BLS verification split over {@code threads} threads ({@link Parallelism}: 1 = the calling thread
 * only, the sequential path; 2 = the caller and a one-thread pool): {@code batchVerify100} (100
 * IC signatures by 100 keys on 100 messages), {@code shares40} (40 multi-signature shares of one
 * message, the shape consensus validates: one hash, two slices of each multi-scalar
 * multiplication, two Miller-loop groups), {@code aggregateVerify20} (20 distinct messages) and
 * {@code fastAggregateVerify100}. Every setup checks the answers first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ParallelVerifyBench {
  @Param({"1", "2"})
  public int threads;

  private ExecutorService pool;
  private Parallelism parallelism;
  private List<PublicKey> batchKeys;
  private List<byte[]> batchMsgs;
  private List<Signature> batchSigs;
  private List<PublicKey> shareKeys;
  private List<Signature> shareSigs;
  private byte[] shareMsg;
  private List<PublicKey> aggKeys;
  private List<byte[]> aggMsgs;
  private Signature aggSig;
  private List<PublicKey> fastKeys;
  private Signature fastSig;
  private SplittableRandom coins;

  @Setup
  public void setup() {
    pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    parallelism = threads == 1 ? Parallelism.sequential() : Parallelism.of(pool, threads);
    SplittableRandom rnd = new SplittableRandom(19);
    batchKeys = new ArrayList<>();
    batchMsgs = new ArrayList<>();
    batchSigs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      SecretKey k = key(rnd);
      byte[] m = ("message " + i).getBytes(StandardCharsets.US_ASCII);
      batchKeys.add(BlsScheme.IC.publicKey(k));
      batchMsgs.add(m);
      batchSigs.add(BlsScheme.IC.sign(k, m));
    }
    shareMsg = "notarization content".getBytes(StandardCharsets.US_ASCII);
    shareKeys = new ArrayList<>();
    shareSigs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      SecretKey k = key(rnd);
      shareKeys.add(BlsScheme.IC_MULTI.publicKey(k).prepare());
      shareSigs.add(BlsScheme.IC_MULTI.sign(k, shareMsg));
    }
    aggKeys = new ArrayList<>();
    aggMsgs = new ArrayList<>();
    List<Signature> aggSigs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SecretKey k = key(rnd);
      byte[] m = ("aggregate " + i).getBytes(StandardCharsets.US_ASCII);
      aggKeys.add(BlsScheme.ETH.publicKey(k));
      aggMsgs.add(m);
      aggSigs.add(BlsScheme.ETH.sign(k, m));
    }
    aggSig = BlsScheme.ETH.aggregate(aggSigs);
    fastKeys = new ArrayList<>();
    List<Signature> fastSigs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      SecretKey k = key(rnd);
      fastKeys.add(BlsScheme.ETH.publicKey(k));
      fastSigs.add(BlsScheme.ETH.sign(k, shareMsg));
    }
    fastSig = BlsScheme.ETH.aggregate(fastSigs);
    coins = new SplittableRandom(42);
    List<Signature> swapped = new ArrayList<>(batchSigs);
    swapped.set(0, batchSigs.get(1));
    swapped.set(1, batchSigs.get(0));
    if (!batchVerify100() || !shares40() || !aggregateVerify20() || !fastAggregateVerify100()
        || BlsScheme.IC.batchVerify(batchKeys, batchMsgs, swapped, coins, parallelism)
        || BlsScheme.ETH.fastAggregateVerify(fastKeys, batchMsgs.get(0), fastSig, parallelism)) {
      throw new IllegalStateException("parallel verification gave a wrong answer");
    }
  }

  @TearDown
  public void tearDown() {
    pool.shutdownNow();
  }

  private static SecretKey key(SplittableRandom rnd) {
    byte[] ikm = new byte[32];
    rnd.nextBytes(ikm);
    return SecretKey.keyGen(ikm, new byte[0]);
  }

  @Benchmark
  public boolean batchVerify100() {
    return BlsScheme.IC.batchVerify(batchKeys, batchMsgs, batchSigs, coins, parallelism);
  }

  @Benchmark
  public boolean shares40() {
    return BlsScheme.IC_MULTI.batchVerify(
        shareKeys, java.util.Collections.nCopies(shareKeys.size(), shareMsg), shareSigs, coins, parallelism);
  }

  @Benchmark
  public boolean aggregateVerify20() {
    return BlsScheme.ETH.aggregateVerify(aggKeys, aggMsgs, aggSig, parallelism);
  }

  @Benchmark
  public boolean fastAggregateVerify100() {
    return BlsScheme.ETH.fastAggregateVerify(fastKeys, shareMsg, fastSig, parallelism);
  }
}
