package org.jicp.benchmarks.bigmap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.bigmap.BigMap;
import org.jicp.bigmap.BigMapApi;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BigMap put and get throughput in a {@link Replica} ({@code subnets} single-node application
 * subnets, deterministic rounds) against the number of buckets: {@value #CLIENTS} single-key
 * calls in flight at once (distinct keys), each through the index and one inter-canister call to
 * a bucket, over a map of {@value #KEYS} keys. The peer is {@code buckets = 1} (one canister
 * holds the whole map) in the same run. Splits are off so the bucket count is fixed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class BigMapBench {
  static final int CLIENTS = 32;
  static final int KEYS = 10_000;

  @Param({"1", "4", "16"})
  int buckets;

  /** Application subnets; the buckets go round robin over them, the index on the first. */
  @Param({"2"})
  int subnets;

  Replica ic;
  CanisterId index;
  Bytes[] keys;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    ic = Replica.builder().applicationSubnets(subnets).deterministic(1).build();
    BigMap map = BigMap.create(ic, new BigMap.Options(buckets, 0, buckets));
    index = map.index();
    keys = new Bytes[KEYS];
    List<BigMapApi.Entry> batch = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = BigMapApi.utf8("key/" + i);
      batch.add(new BigMapApi.Entry(keys[i], BigMapApi.utf8("value " + i)));
      if (batch.size() == 1000) {
        map.putAll(batch);
        batch.clear();
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ic.close();
  }

  private void concurrently(String method, boolean put) {
    MessageId[] ids = new MessageId[CLIENTS];
    for (int c = 0; c < CLIENTS; c++) {
      Bytes k = keys[next++ % KEYS];
      byte[] arg = put ? BigMapApi.CANDID.encode(new BigMapApi.Entry(k, k))
          : BigMapApi.CANDID.encode(k);
      ids[c] = ic.submit(Principal.anonymous(), index, index, method, arg);
    }
    for (MessageId id : ids) {
      ic.await(index, id);
    }
  }

  /** {@value #CLIENTS} concurrent puts. */
  @Benchmark
  @OperationsPerInvocation(CLIENTS)
  public void put() {
    concurrently("put", true);
  }

  /** {@value #CLIENTS} concurrent gets (update calls through the index). */
  @Benchmark
  @OperationsPerInvocation(CLIENTS)
  public void get() {
    concurrently("get", false);
  }
}
