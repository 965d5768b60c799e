package org.jicp.benchmarks.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.NotarizationContent;
import org.jicp.consensus.crypto.BlsConsensusCrypto;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.consensus.sim.CryptoKind;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Parallelism;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Validation of one round's notarization shares of a 13-node subnet (13 BLS multi-signature
 * shares on one notarization content): one at a time (two pairings each), batched as the
 * validator does it (one randomized check, {@code SameMessageBatch}), and with the insecure
 * stand-in. Shares per second = 13 / (seconds per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NotarizationShareValidationBench {
  static final int N = 13;
  static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {1, 2, 3}));

  /** Threads the real crypto's checks use: 1 = sequential, 2 = the caller and a one-thread pool. */
  @Param({"1", "2"})
  public int threads;

  private java.util.concurrent.ExecutorService pool;
  private ConsensusCrypto real;
  private ConsensusCrypto fast;
  private byte[] message;
  private List<MultiSignatureShare> realShares;
  private List<MultiSignatureShare> fastShares;

  @Setup
  public void setUp() {
    List<NodeId> nodes = new ArrayList<>();
    for (int i = 1; i <= N; i++) {
      nodes.add(NodeId.ofIndex(i));
    }
    pool = java.util.concurrent.Executors.newFixedThreadPool(1);
    Parallelism parallelism = threads == 1 ? Parallelism.sequential() : Parallelism.of(pool, threads);
    var realSubnet = BlsConsensusCrypto.setup(SUBNET, nodes, 7, parallelism);
    var fastSubnet = CryptoKind.FAST.setup(SUBNET, nodes, 7);
    byte[] h = new byte[32];
    h[0] = 1;
    message = new NotarizationContent("0.9.0", Height.of(1234), new CryptoHash(Bytes.of(h))).signedBytes();
    realShares = new ArrayList<>();
    fastShares = new ArrayList<>();
    for (NodeId n : nodes) {
      realShares.add(new MultiSignatureShare(n, realSubnet.forNode(n).signMulti(message)));
      fastShares.add(new MultiSignatureShare(n, fastSubnet.forNode(n).signMulti(message)));
    }
    real = realSubnet.forNode(nodes.get(0));
    fast = fastSubnet.forNode(nodes.get(0));
    for (boolean ok : real.verifyMultiShares(message, realShares)) {
      if (!ok) {
        throw new IllegalStateException("a share does not verify");
      }
    }
  }

  @TearDown
  public void tearDown() {
    pool.shutdownNow();
  }

  /** 13 shares verified one by one (13 two-pairing checks). */
  @Benchmark
  public int realOneByOne() {
    int ok = 0;
    for (MultiSignatureShare s : realShares) {
      ok += real.verifyMultiShares(message, List.of(s))[0] ? 1 : 0;
    }
    return ok;
  }

  /** 13 shares in one batch (one randomized two-pairing check, two multi-scalar multiplications). */
  @Benchmark
  public boolean[] realBatched() {
    return real.verifyMultiShares(message, realShares);
  }

  /** 13 shares with the insecure stand-in. */
  @Benchmark
  public boolean[] fastStandIn() {
    return fast.verifyMultiShares(message, fastShares);
  }
}
