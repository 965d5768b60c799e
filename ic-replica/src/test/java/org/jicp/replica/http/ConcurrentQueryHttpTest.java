package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jicp.candid.CandidEncoder;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.replica.Replica;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.execution.QueryThreads;
import org.junit.jupiter.api.Test;

/**
 * Signed queries over HTTP while updates run: the workers run each query themselves (query
 * threads, not the execution thread) on the latest certified state, concurrently; every answer is
 * signed by the node and shows a counter value between the updates certified before the query was
 * sent and those started before its answer came (the old or the new certified state, never
 * another), and no client sees the counter go back.
 */
class ConcurrentQueryHttpTest {

  /** {@code DIDL} with one extra {@code nat64}: ignored by the counter, distinct per query. */
  private static byte[] distinctArg(long k) {
    return ByteBuffer.allocate(15).order(ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x78}).putLong(k).array();
  }

  @Test
  void queriesConcurrentWithUpdates_seeACertifiedState_signed_monotonePerClient()
      throws Exception {
    // Every version restored on the workers at once (by default the first 16 queries of a new
    // version run on the execution thread): the concurrent path under updates.
    System.setProperty(QueryThreads.RESTORE_AFTER_PROPERTY, "0");
    TestReplica replica;
    try {
      replica = new TestReplica(List.of("application"));
    } finally {
      System.clearProperty(QueryThreads.RESTORE_AFTER_PROPERTY);
    }
    try (TestReplica r = replica) {
      Replica ic = r.backend.replica();
      CanisterId counter = ic.createCanister(ic.subnets().get(0).id(),
          Cycles.of(50_000_000_000_000L));
      ic.install(counter, Harness.motoko("counter"), CandidEncoder.empty());
      IcBackend.SubnetInfo subnet = r.backend.topology().route(counter.principal()).orElseThrow();
      IcBackend.NodeInfo node = subnet.nodes().get(0);
      AtomicLong started = new AtomicLong();
      AtomicLong completed = new AtomicLong();
      AtomicLong nonce = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<String> errors = new CopyOnWriteArrayList<>();
      List<FutureTask<Integer>> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FutureTask<Integer> f = new FutureTask<>(() -> {
          RawIc client = r.client().as(Ed25519SigningKey.generate(new SecureRandom()));
          long last = 0;
          int n = 0;
          while (!stop.get() || n < 10) {
            Map<String, Object> content = client.content("query", counter, "get",
                distinctArg(nonce.incrementAndGet()));
            Bytes rid = RepresentationIndependentHash.requestId(content).bytes();
            long before = completed.get();
            RawIc.Http h = client.post("/api/v2/canister/" + counter.principal().toText()
                + "/query", client.envelope(content));
            long after = started.get();
            long v = QueryFastPathHttpTest.verifiedNat(h, rid, node).longValueExact();
            if (v < before || v > after || v < last) {
              errors.add("saw " + v + " with " + before + " certified before and " + after
                  + " started after; last seen " + last);
            }
            last = v;
            n++;
          }
          return n;
        });
        clients.add(f);
        new Thread(f, "client-" + t).start();
      }
      for (int i = 0; i < 15; i++) {
        started.incrementAndGet();
        ic.update(counter, "inc", CandidEncoder.empty());
        completed.incrementAndGet();
      }
      stop.set(true);
      int total = 0;
      for (FutureTask<Integer> f : clients) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(errors).isEmpty();
      assertThat(total).isGreaterThanOrEqualTo(40);
      assertThat(ic.subnet(subnet.id()).executor().concurrentQueryInstancesRestored())
          .as("queries ran on the HTTP workers, not the execution thread").isPositive();
      RawIc client = r.client();
      Map<String, Object> content = client.content("query", counter, "get",
          CandidEncoder.empty());
      RawIc.Http h = client.post("/api/v3/canister/" + counter.principal().toText() + "/query",
          client.envelope(content));
      assertThat(QueryFastPathHttpTest.verifiedNat(h,
          RepresentationIndependentHash.requestId(content).bytes(), node))
          .isEqualTo(BigInteger.valueOf(15));
    }
  }
}
