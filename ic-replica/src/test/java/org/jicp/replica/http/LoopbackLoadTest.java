package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * A bounded loopback load test: 4 client threads over keep-alive connections send a fixed number
 * of signed queries and v3 updates each (it stops by itself; a 120 s limit fails it otherwise).
 * Every answer is 200, the counter ends at exactly the number of updates, and the server still
 * answers afterwards with no connection left open by it.
 */
class LoopbackLoadTest {
  private static final int THREADS = 4;
  private static final int QUERIES_PER_THREAD = 500;
  private static final int UPDATES_PER_THREAD = 50;

  @Test
  void mixedLoad_fourClients_allAnsweredCounterExact() throws Exception {
    try (TestReplica r = new TestReplica(List.of("application"))) {
      RawIc setup = r.client();
      CanisterId id = setup.createCanister(r.backend.topology().defaultEffectiveCanisterId());
      setup.install(id, Harness.motoko("counter"), "install");
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      long t0 = System.nanoTime();
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(() -> {
          RawIc c = r.client();
          long[] latencies = new long[UPDATES_PER_THREAD];
          for (int i = 0; i < QUERIES_PER_THREAD; i++) {
            RawIc.Http h = c.query(id, id, "get", CandidEncoder.empty());
            assertThat(h.status()).isEqualTo(200);
            if (i % (QUERIES_PER_THREAD / UPDATES_PER_THREAD) == 0) {
              long s = System.nanoTime();
              Certificates.reply(c.call("v3", id, id, "inc", CandidEncoder.empty()));
              latencies[i / (QUERIES_PER_THREAD / UPDATES_PER_THREAD)] = System.nanoTime() - s;
            }
          }
          return latencies;
        }));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("bounded in time").isTrue();
      long elapsed = System.nanoTime() - t0;
      long[] all = new long[0];
      for (Future<long[]> f : results) {
        long[] l = f.get();
        int n = all.length;
        all = Arrays.copyOf(all, n + l.length);
        System.arraycopy(l, 0, all, n, l.length);
      }
      Arrays.sort(all);
      int requests = THREADS * (QUERIES_PER_THREAD + UPDATES_PER_THREAD);
      System.out.printf("loopback load: %d requests in %.1f s (%.0f/s); v3 update latency under "
          + "load p50 %.1f ms, p99 %.1f ms%n", requests, elapsed / 1e9, requests / (elapsed / 1e9),
          all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
      RawIc.Http q = setup.query(id, id, "get", CandidEncoder.empty());
      @SuppressWarnings("unchecked")
      Map<String, Object> reply = (Map<String, Object>) q.cbor().get("reply");
      CandidValue v = CandidDecoder.standard().decode(((Bytes) reply.get("arg")).toByteArray())
          .values().get(0);
      assertThat(((CandidValue.Nat) v).value())
          .isEqualTo(BigInteger.valueOf((long) THREADS * UPDATES_PER_THREAD));
      assertThat(setup.get("/api/v2/status").status()).isEqualTo(200);
    }
  }
}
