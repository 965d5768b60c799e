package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.types.Height;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-node subnet over real TLS connections (four {@link NodeRuntime}s in this JVM, loopback)
 * with faults injected into every node's outbound frames — 25 % dropped, the rest delayed up to
 * 200 ms and reordered: safety always (every height certified on several nodes has one state
 * hash, every checkpoint one manifest hash), liveness once the faults stop (every node certifies
 * new heights). Minutes on 2 cores: run with {@code -Ptestnet}; {@code -Djicp.faults.seed=S}
 * repeats a run's draws.
 */
class FaultyNetworkSubnetTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void dropAndDelay_safetyAlwaysAndLivenessAfterFaultsStop() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("jicp.testnet"),
        "long: run with -Ptestnet");
    long seed = Long.getLong("jicp.faults.seed", System.nanoTime());
    System.out.println("FaultyNetworkSubnetTest seed " + seed);
    List<NodeConfig.Address> addrs = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      addrs.add(new NodeConfig.Address(0, j, "127.0.0.1", freePort(), freePort()));
    }
    NodeConfig base = new NodeConfig(seed, System.currentTimeMillis() * 1_000_000L,
        List.of("application"), 4, 200, 0, 9, addrs, 0, 0, dir.resolve("n0").toString());
    List<NodeRuntime> nodes = new ArrayList<>();
    try {
      for (int j = 0; j < 4; j++) {
        nodes.add(new NodeRuntime(base.forNode(0, j, dir.resolve("n" + j).toString()),
            line -> {
              if (line.contains("sync") || line.contains("continues") || line.contains("failed")) {
                System.out.println(line);
              }
            }));
      }
      // live before the faults
      for (NodeRuntime n : nodes) {
        assertThat(n.stateManager().awaitCertified(Height.of(3), 240_000)).as("certified 3")
            .isTrue();
      }
      long before = maxCertified(nodes);
      for (int j = 0; j < 4; j++) {
        nodes.get(j).transport().faults(new TlsTransport.Faults(0.25, 200, seed + j));
      }
      // faults: progress is allowed to stall; safety is checked below on every retained height
      nodes.get(0).stateManager().awaitCertified(Height.of(before + 5), 60_000);
      Map<Long, Bytes> agreed = new HashMap<>();
      int compared = record(nodes, agreed);
      long drops = 0;
      for (NodeRuntime n : nodes) {
        drops += n.transport().faultDrops();
        n.transport().faults(null);
      }
      assertThat(drops).as("frames dropped by the faults").isGreaterThan(0);
      // liveness once the faults stop
      long target = maxCertified(nodes) + 3;
      for (NodeRuntime n : nodes) {
        assertThat(n.stateManager().awaitCertified(Height.of(target), 240_000))
            .as(n.id() + " certified " + target + " after the faults (at "
                + n.stateManager().latestCertifiedHeight() + ")").isTrue();
      }
      compared += record(nodes, agreed);
      assertThat(compared).as("heights compared across nodes").isGreaterThan(0);
      // checkpoints: one manifest hash per height
      for (long h = 10; h <= target; h += 10) {
        Bytes first = null;
        for (NodeRuntime n : nodes) {
          Optional<Bytes> f = n.stateManager().fullStateHash(Height.of(h));
          if (f.isPresent()) {
            if (first == null) {
              first = f.get();
            }
            assertThat(f.get()).as("manifest hash at " + h).isEqualTo(first);
          }
        }
      }
      System.out.println("FaultyNetworkSubnetTest: certified " + before + " before, " + target
          + " after; " + drops + " frames dropped; " + compared + " (height, node) pairs agreed");
    } finally {
      for (NodeRuntime n : nodes) {
        n.close();
      }
    }
  }

  private static final java.util.Set<String> SEEN = new java.util.HashSet<>();

  private static long maxCertified(List<NodeRuntime> nodes) {
    long m = 0;
    for (NodeRuntime n : nodes) {
      m = Math.max(m, n.stateManager().latestCertifiedHeight().value());
    }
    return m;
  }

  /**
   * Checks every certified state the nodes still hold against {@code agreed} (height to state
   * hash), adding new heights; the number of (height, node) pairs checked against another node.
   */
  private static int record(List<NodeRuntime> nodes, Map<Long, Bytes> agreed) {
    int compared = 0;
    long top = maxCertified(nodes);
    for (long h = 1; h <= top; h++) {
      for (NodeRuntime n : nodes) {
        Optional<ReplicatedStateManager.Entry> e = n.stateManager().entry(Height.of(h));
        if (e.isEmpty() || e.get().certification().isEmpty()) {
          continue;
        }
        Bytes d = e.get().tree().tree().digest();
        Bytes prev = agreed.putIfAbsent(h, d);
        if (prev != null) {
          assertThat(d).as("state hash at height " + h + " on " + n.id()).isEqualTo(prev);
          if (SEEN.add(h + "/" + n.id())) {
            compared++;
          }
        } else {
          SEEN.add(h + "/" + n.id());
        }
      }
    }
    return compared;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
