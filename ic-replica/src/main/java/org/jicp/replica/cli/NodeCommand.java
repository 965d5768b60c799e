package org.jicp.replica.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.replica.net.NodeBackend;
import org.jicp.replica.net.NodeConfig;
import org.jicp.replica.net.NodeRuntime;
import org.jicp.replica.net.RoutingHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jicp replica node --config FILE}: one node of a multi-process testnet (what {@code jicp
 * testnet start} runs per node): consensus with its subnet's other nodes over the TLS transport,
 * the IC HTTP interface on its port (requests for other subnets forwarded to their nodes).
 */
@Command(name = "node", description = "Run one node of a multi-process testnet (see `jicp "
    + "testnet start`).", mixinStandardHelpOptions = true)
final class NodeCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "the node's configuration (DIR/<node>/config.json from `jicp testnet start`)")
  Path config;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NodeConfig c;
    try {
      c = NodeConfig.read(config);
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: cannot read " + config + ": " + e.getMessage());
      err.flush();
      return CliErrors.MALFORMED;
    }
    // `jicp testnet stop` finds a node restarted by hand through this file
    java.nio.file.Files.writeString(Path.of(c.stateDir()).resolve("pid"),
        ProcessHandle.current().pid() + "\n");
    CountDownLatch stop = new CountDownLatch(1);
    ReplicaCommand.Signals.onTerminate(stop::countDown);
    NodeRuntime node = new NodeRuntime(c, line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    });
    NodeBackend backend = new NodeBackend(node);
    IcHttpApi api = new IcHttpApi(backend,
        new IcSenderAuthenticator(backend.topology().rootKeyDer()),
        ReplicaBackend::systemNanos, Duration.ofSeconds(10));
    NodeConfig.Address me = c.address(c.subnet(), c.node());
    try (backend; IcHttpServer server = IcHttpServer.builder().host(me.host())
        .port(me.httpPort()).ioThreads(1).workerThreads(4)
        .start(new RoutingHandler(api, node))) {
      synchronized (out) {
        out.println("node " + node.id() + " subnet " + node.subnet().kind().text() + " "
            + node.subnet().id() + " p2p " + me.host() + ":" + me.p2pPort());
        out.println("ready " + server.url());
        out.flush();
      }
      stop.await();
      synchronized (out) {
        out.println("stopping");
        out.flush();
      }
    }
    out.println("stopped");
    out.flush();
    return 0;
  }
}
