package org.jicp.replica.http;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.jicp.replica.http.subnets.SubnetsBackend;
import org.jicp.wasm.Engine;

/** A backend over subnets, its API and a server on a free loopback port. */
final class TestReplica implements AutoCloseable {
  final SubnetsBackend backend;
  final IcHttpApi api;
  final IcHttpServer server;

  TestReplica(List<String> kinds) throws InterruptedException {
    this(kinds, IcHttpServer.builder());
  }

  TestReplica(List<String> kinds, IcHttpServer.Builder settings) throws InterruptedException {
    backend = SubnetsBackend.start(new SubnetsBackend.Config(kinds, 1, OptionalLong.of(7),
        SubnetsBackend::systemNanos, Engine.COMPILER));
    api = new IcHttpApi(backend, new BasicSenderAuthenticator(), SubnetsBackend::systemNanos,
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
