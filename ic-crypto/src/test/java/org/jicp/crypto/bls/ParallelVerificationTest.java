package org.jicp.crypto.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jicp.crypto.Parallelism;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.PairingProduct;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verification split over an executor gives the sequential answer: the same booleans for valid
 * batches and for batches with one bad triple of every kind, from the same coefficient stream,
 * and the very same GT value for pairing products.
 */
class ParallelVerificationTest {
  private static ExecutorService pool;
  private static final List<Parallelism> SPLITS = new ArrayList<>();

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(3);
    SPLITS.add(Parallelism.of(pool, 2));
    SPLITS.add(Parallelism.of(pool, 4));
    SPLITS.add(Parallelism.of(pool, 7));
    SPLITS.add(Parallelism.commonPool());
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static SecretKey key(SplittableRandom rnd) {
    byte[] ikm = new byte[32];
    rnd.nextBytes(ikm);
    return SecretKey.keyGen(ikm, new byte[0]);
  }

  /** A batch of n triples: messages from {@code distinct} strings, every third key shared. */
  private record Batch(List<PublicKey> keys, List<byte[]> msgs, List<Signature> sigs) {
    static Batch of(BlsScheme s, SplittableRandom rnd, int n, int distinct) {
      List<PublicKey> keys = new ArrayList<>();
      List<byte[]> msgs = new ArrayList<>();
      List<Signature> sigs = new ArrayList<>();
      SecretKey shared = key(rnd);
      for (int i = 0; i < n; i++) {
        SecretKey k = i % 3 == 0 ? shared : key(rnd);
        byte[] m = ("message " + (i % distinct)).getBytes(StandardCharsets.UTF_8);
        keys.add(s.publicKey(k));
        msgs.add(m);
        sigs.add(s.sign(k, m));
      }
      return new Batch(keys, msgs, sigs);
    }

    /** The variants with one bad triple: a swapped pair of signatures, a wrong message, a wrong key. */
    List<Batch> corrupted() {
      List<Batch> out = new ArrayList<>();
      List<Signature> swapped = new ArrayList<>(sigs);
      swapped.set(1, sigs.get(2));
      swapped.set(2, sigs.get(1));
      out.add(new Batch(keys, msgs, swapped));
      List<byte[]> wrongMsg = new ArrayList<>(msgs);
      wrongMsg.set(msgs.size() - 1, "not signed".getBytes(StandardCharsets.UTF_8));
      out.add(new Batch(keys, wrongMsg, sigs));
      List<PublicKey> wrongKey = new ArrayList<>(keys);
      wrongKey.set(0, keys.get(1));
      out.add(new Batch(wrongKey, msgs, sigs));
      return out;
    }
  }

  @Test
  void batchVerify_parallel_givesTheSequentialAnswer_forEveryShapeAndCorruption() {
    SplittableRandom rnd = Seeds.random("parallelBatch");
    int cases = 0;
    for (BlsScheme s : new BlsScheme[] {BlsScheme.IC, BlsScheme.IC_MULTI, BlsScheme.ETH}) {
      // one message (consensus shares), a few messages, all distinct (the key-grouped path)
      for (int[] shape : new int[][] {{13, 1}, {9, 3}, {10, 10}, {3, 3}}) {
        Batch b = Batch.of(s, rnd, shape[0], shape[1]);
        List<Batch> all = new ArrayList<>(List.of(b));
        all.addAll(b.corrupted());
        for (int v = 0; v < all.size(); v++) {
          Batch x = all.get(v);
          long seed = rnd.nextLong();
          boolean sequential = s.batchVerify(x.keys(), x.msgs(), x.sigs(), new SplittableRandom(seed));
          assertThat(sequential).as("%s %s variant %d", s, List.of(shape[0], shape[1]), v).isEqualTo(v == 0);
          for (Parallelism p : SPLITS) {
            boolean parallel = s.batchVerify(x.keys(), x.msgs(), x.sigs(), new SplittableRandom(seed), p);
            assertThat(parallel).as("%s %s variant %d %s", s, List.of(shape[0], shape[1]), v, p).isEqualTo(sequential);
            cases++;
          }
        }
      }
    }
    assertThat(cases).isEqualTo(3 * 4 * 4 * SPLITS.size());
  }

  @Test
  void batchVerify_parallel_drawsTheSameCoefficientsAsTheSequentialPath() {
    SplittableRandom rnd = Seeds.random("parallelCoins");
    Batch b = Batch.of(BlsScheme.IC, rnd, 6, 6);
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom c = new SplittableRandom(7);
    BlsScheme.IC.batchVerify(b.keys(), b.msgs(), b.sigs(), a);
    BlsScheme.IC.batchVerify(b.keys(), b.msgs(), b.sigs(), c, Parallelism.of(pool, 3));
    assertThat(a.nextLong()).isEqualTo(c.nextLong());
  }

  @Test
  void aggregateAndFastAggregateVerify_parallel_giveTheSequentialAnswer() {
    SplittableRandom rnd = Seeds.random("parallelAggregate");
    for (BlsScheme s : new BlsScheme[] {BlsScheme.IC_MULTI, BlsScheme.ETH}) {
      List<PublicKey> keys = new ArrayList<>();
      List<Signature> shares = new ArrayList<>();
      List<byte[]> msgs = new ArrayList<>();
      List<Signature> distinctSigs = new ArrayList<>();
      byte[] m = "one message".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 7; i++) {
        SecretKey k = key(rnd);
        keys.add(s.publicKey(k));
        shares.add(s.sign(k, m));
        byte[] mi = ("message " + i).getBytes(StandardCharsets.UTF_8);
        msgs.add(mi);
        distinctSigs.add(s.sign(k, mi));
      }
      Signature agg = s.aggregate(shares);
      Signature aggDistinct = s.aggregate(distinctSigs);
      Signature wrong = s.aggregate(shares.subList(1, shares.size()));
      for (Parallelism p : SPLITS) {
        assertThat(s.fastAggregateVerify(keys, m, agg, p)).isTrue();
        assertThat(s.fastAggregateVerify(keys, m, wrong, p)).isFalse();
        assertThat(s.fastAggregateVerify(keys, "other".getBytes(StandardCharsets.UTF_8), agg, p)).isFalse();
        assertThat(s.fastAggregateVerify(List.of(), m, agg, p)).isFalse();
        assertThat(s.aggregateVerify(keys, msgs, aggDistinct, p)).isTrue();
        assertThat(s.aggregateVerify(keys, msgs, agg, p)).isFalse();
      }
    }
    assertThatThrownBy(() -> BlsScheme.IC.fastAggregateVerify(List.of(), new byte[0], null, Parallelism.sequential()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pairingProductValue_parallel_isTheSequentialValue() {
    SplittableRandom rnd = Seeds.random("parallelPairing");
    PairingProduct pp = new PairingProduct();
    PairingProduct again = new PairingProduct();
    for (int i = 0; i < 5; i++) {
      byte[] b = new byte[48];
      rnd.nextBytes(b);
      G1Point p = G1Point.generator().multiply(Scalar.fromBytesReduced(b));
      rnd.nextBytes(b);
      G2Point q = G2Point.generator().multiply(Scalar.fromBytesReduced(b));
      pp.add(p, q);
      again.add(p, q);
    }
    pp.add(G1Point.identity(), G2Point.generator());
    again.add(G1Point.identity(), G2Point.generator());
    var sequential = pp.value();
    for (Parallelism p : SPLITS) {
      assertThat(again.value(p)).as(p.toString()).isEqualTo(sequential);
    }
    assertThat(again.isOne(Parallelism.of(pool, 3))).isFalse();
  }

  @Test
  void parallelismRun_returnsResultsInOrder_andRethrowsAPartsException() {
    Parallelism p = Parallelism.of(pool, 4);
    assertThat(p.run(6, i -> i * i)).containsExactly(0, 1, 4, 9, 16, 25);
    assertThat(p.runRanges(10, (from, to) -> List.of(from, to)))
        .containsExactly(List.of(0, 2), List.of(2, 5), List.of(5, 7), List.of(7, 10));
    assertThat(p.runRanges(2, (from, to) -> to - from)).containsExactly(1, 1);
    assertThat(p.runRanges(0, (from, to) -> to - from)).isEmpty();
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(
            () ->
                p.run(
                    4,
                    i -> {
                      ran.incrementAndGet();
                      if (i == 2) {
                        throw new IllegalStateException("part 2");
                      }
                      return i;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("part 2");
    assertThat(ran.get()).isEqualTo(4);
    assertThatThrownBy(() -> Parallelism.of(pool, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Parallelism.sequential().run(3, i -> Thread.currentThread())).containsOnly(Thread.currentThread());
  }
}
