package org.jicp.replica.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jicp.replica.Replica;

/** A replica (deterministic, seed 7, starting now), its HTTP API and a server on a free port. */
final class TestReplica implements AutoCloseable {
  final ReplicaBackend backend;
  final IcHttpApi api;
  final IcHttpServer server;

  TestReplica(List<String> kinds) throws InterruptedException {
    this(kinds, IcHttpServer.builder());
  }

  TestReplica(List<String> kinds, IcHttpServer.Builder settings) throws InterruptedException {
    this(kinds, 1, settings);
  }

  /** With {@code nodes} nodes per subnet (more than one: live, consensus with 100 ms unit delay). */
  TestReplica(List<String> kinds, int nodes, IcHttpServer.Builder settings)
      throws InterruptedException {
    List<Replica.SubnetKind> ks = new ArrayList<>();
    kinds.forEach(k -> ks.add(Replica.SubnetKind.fromText(k)));
    Replica.Builder b = Replica.builder().subnets(ks).nodesPerSubnet(nodes);
    if (nodes > 1) {
      // Live: the nodes run rounds by themselves (agents poll while consensus proceeds).
      b.live().consensusDelays(Duration.ofMillis(100), Duration.ZERO);
    } else {
      b.deterministic(7).startTime(Instant.now());
    }
    backend = new ReplicaBackend(b.build());
    api = new IcHttpApi(backend, new IcSenderAuthenticator(backend.topology().rootKeyDer()), ReplicaBackend::systemNanos,
        Duration.ofSeconds(10));
    server = settings.start(api);
  }

  String url() {
    return server.url();
  }

  RawIc client() {
    return new RawIc(url());
  }

  @Override
  public void close() {
    server.close();
    backend.close();
  }
}
