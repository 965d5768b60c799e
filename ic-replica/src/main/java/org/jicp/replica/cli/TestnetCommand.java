package org.jicp.replica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jicp.replica.Replica;
import org.jicp.replica.net.NodeConfig;
import org.jicp.replica.net.TestnetGenesis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jicp testnet start|stop}: a local testnet of one OS process per node on loopback ports.
 */
@Command(name = "testnet", description = "A local multi-process testnet (one process per node).",
    subcommands = {TestnetCommand.Start.class, TestnetCommand.Stop.class})
final class TestnetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code testnet start --dir DIR [--subnets KINDS] [--nodes N]}. */
  @Command(name = "start", description = "Write each node's configuration under DIR, start one "
      + "process per node, wait until every node answers /api/v2/status (with a certified state), "
      + "write DIR/testnet.json.",
      mixinStandardHelpOptions = true)
  static final class Start implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "the testnet's directory (configurations, keys, logs, testnet.json)")
    Path dir;

    @Option(names = "--subnets", paramLabel = "KINDS", defaultValue = "application",
        description = "comma list of nns, application, system, verified_application, fiduciary "
            + "(default: ${DEFAULT-VALUE})")
    String subnets;

    @Option(names = "--nodes", defaultValue = "4",
        description = "nodes per subnet, 3f + 1: 1 (no fault tolerance), 4, 7, … "
            + "(default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--seed", description = "the seed the testnet's keys derive from "
        + "(default: random)")
    Long seed;

    @Option(names = "--unit-delay-ms", defaultValue = "200", hidden = true)
    long unitDelayMs;

    /** -1: 0 with several nodes (the network paces rounds), 300 ms with one (nothing does). */
    @Option(names = "--notary-delay-ms", defaultValue = "-1", hidden = true)
    long notaryDelayMs;

    @Option(names = "--dkg-interval", defaultValue = "19", hidden = true)
    long dkgInterval;

    @Option(names = "--timeout-seconds", defaultValue = "180", hidden = true)
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> kinds = new ArrayList<>(Arrays.asList(subnets.split(",", -1)));
      kinds.replaceAll(String::trim);
      NodeConfig base;
      TestnetGenesis genesis;
      try {
        for (String k : kinds) {
          Replica.SubnetKind.fromText(k);
        }
        if (Files.exists(dir.resolve("testnet.json"))) {
          throw new IllegalArgumentException(dir.resolve("testnet.json") + " exists: run `jicp "
              + "testnet stop --dir " + dir + "` and remove the directory first");
        }
        List<NodeConfig.Address> addrs = new ArrayList<>();
        for (int s = 0; s < kinds.size(); s++) {
          for (int j = 0; j < nodes; j++) {
            addrs.add(new NodeConfig.Address(s, j, "127.0.0.1", freePort(), freePort()));
          }
        }
        long sd = seed != null ? seed : new java.security.SecureRandom().nextLong();
        base = new NodeConfig(sd, System.currentTimeMillis() * 1_000_000L, kinds, nodes,
            unitDelayMs, notaryDelayMs >= 0 ? notaryDelayMs : nodes == 1 ? 300 : 0, dkgInterval,
            addrs, 0, 0, dir.resolve(nodeDir(0, 0)).toString());
        genesis = new TestnetGenesis(base);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return CliErrors.MALFORMED;
      }
      Files.createDirectories(dir);
      ObjectNode doc = JSON.createObjectNode();
      doc.put("root_key", HexFormat.of().formatHex(
          genesis.root().publicKey().toDer().toByteArray()));
      ArrayNode list = doc.putArray("nodes");
      List<Process> started = new ArrayList<>();
      List<String> urls = new ArrayList<>();
      for (TestnetGenesis.Subnet s : genesis.subnets()) {
        for (int j = 0; j < nodes; j++) {
          Path nd = dir.resolve(nodeDir(s.index(), j)).toAbsolutePath();
          NodeConfig c = base.forNode(s.index(), j, nd.toString());
          Path cfg = nd.resolve("config.json");
          c.write(cfg);
          Files.writeString(nd.resolve("tls.pem"), pem(s.tls().get(j).certificateDer()
              .toByteArray()), StandardCharsets.US_ASCII);
          Process p = launch(cfg, nd.resolve("node.log"));
          started.add(p);
          NodeConfig.Address a = c.address(s.index(), j);
          String url = "http://" + a.host() + ":" + a.httpPort();
          urls.add(url);
          ObjectNode n = list.addObject();
          n.put("node_id", s.nodes().get(j).node().toString());
          n.put("subnet_id", s.id().toString());
          n.put("subnet_kind", s.kind().text());
          n.put("pid", p.pid());
          n.put("http", url);
        }
      }
      // testnet.json first, so that `testnet stop` finds the processes even if start fails
      Path tmp = dir.resolve("testnet.json.tmp");
      JSON.writeValue(tmp.toFile(), doc);
      Files.move(tmp, dir.resolve("testnet.json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      for (int i = 0; i < urls.size(); i++) {
        if (!awaitStatus(urls.get(i), started.get(i), deadline)) {
          err.println("error: node " + list.get(i).get("node_id").asText() + " at " + urls.get(i)
              + " did not answer /api/v2/status with a certified state"
              + (started.get(i).isAlive() ? "" : " (exited " + started.get(i).exitValue() + ")") + "; see " + dir.resolve(nodeDir(i / nodes,
              i % nodes)).resolve("node.log") + "; stopping the testnet");
          err.flush();
          stopAll(dir, out);
          return 1;
        }
      }
      for (JsonNode n : list) {
        out.println("node " + n.get("node_id").asText() + " subnet " + n.get("subnet_kind")
            .asText() + " " + n.get("subnet_id").asText() + " pid " + n.get("pid").asLong() + " "
            + n.get("http").asText());
      }
      out.println("ready " + dir.resolve("testnet.json"));
      out.flush();
      return 0;
    }
  }

  /** The directory of node {@code j} of subnet {@code s} under DIR. */
  static String nodeDir(int s, int j) {
    return "node-" + s + "-" + j;
  }

  /** {@code testnet stop --dir DIR}. */
  @Command(name = "stop", description = "Stop every node process of the testnet in DIR (SIGTERM, "
      + "then SIGKILL after 20 s).", mixinStandardHelpOptions = true)
  static final class Stop implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "the testnet's directory")
    Path dir;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.exists(dir.resolve("testnet.json"))) {
        err.println("error: no " + dir.resolve("testnet.json"));
        err.flush();
        return CliErrors.MALFORMED;
      }
      stopAll(dir, out);
      return 0;
    }
  }

  /**
   * Stops the processes listed in DIR/testnet.json, and those named by DIR/node-S-J/pid (a node
   * restarted by hand writes it), that are still node processes.
   */
  static void stopAll(Path dir, PrintWriter out) throws IOException {
    JsonNode doc = JSON.readTree(dir.resolve("testnet.json").toFile());
    List<ProcessHandle> live = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    int i = 0;
    for (JsonNode n : doc.get("nodes")) {
      List<Long> pids = new ArrayList<>(List.of(n.get("pid").asLong()));
      Path pidFile = dir.resolve(nodeDir(i / Math.max(1, nodesPerSubnet(doc)),
          i % Math.max(1, nodesPerSubnet(doc)))).resolve("pid");
      i++;
      try {
        pids.add(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
      } catch (IOException | NumberFormatException e) {
        // no pid file (never started, or not a testnet start layout)
      }
      boolean any = false;
      for (long pid : pids) {
        if (!seen.add(pid)) {
          continue;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
            .filter(TestnetCommand::isNodeProcess);
        if (h.isPresent()) {
          h.get().destroy();
          live.add(h.get());
          any = true;
          out.println("stopping " + n.get("node_id").asText() + " pid " + pid);
        }
      }
      if (!any) {
        out.println("already stopped " + n.get("node_id").asText() + " pid " + pids.get(0));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (ProcessHandle h : live) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
        out.println("killed pid " + h.pid() + " (no exit 20 s after SIGTERM)");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        // gone
      }
    }
    out.println("stopped");
    out.flush();
  }

  /** Nodes per subnet in a testnet.json (nodes of the first subnet; they are listed in order). */
  private static int nodesPerSubnet(JsonNode doc) {
    JsonNode nodes = doc.get("nodes");
    if (nodes.isEmpty()) {
      return 1;
    }
    String first = nodes.get(0).path("subnet_id").asText();
    int k = 0;
    while (k < nodes.size() && nodes.get(k).path("subnet_id").asText().equals(first)) {
      k++;
    }
    return k;
  }

  /** Whether {@code h} runs {@code replica node} (a pid reused by another program is left). */
  private static boolean isNodeProcess(ProcessHandle h) {
    Optional<String[]> args = h.info().arguments();
    if (args.isEmpty()) {
      return true; // the platform does not say: the pid came from our own testnet.json
    }
    List<String> a = Arrays.asList(args.get());
    return a.contains("node") && a.contains("--config");
  }

  /** Starts {@code jicp replica node --config cfg} with this JVM's java and class path. */
  static Process launch(Path cfg, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    String opts = System.getenv("JICP_NODE_JAVA_OPTS");
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
    } else {
      cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:-DontCompileHugeMethods"));
    }
    String cp = System.getProperty("java.class.path", "");
    String mp = System.getProperty("jdk.module.path", "");
    String path = String.join(File.pathSeparator, List.of(cp, mp).stream()
        .filter(x -> !x.isEmpty()).toList());
    cmd.addAll(List.of("-cp", path, JicpCli.class.getName(), "replica", "node", "--config",
        cfg.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
  }

  /** The {@code certified_height} of a status answer, or -1. */
  private static long certifiedHeight(byte[] cbor) {
    try {
      Object m = org.jicp.replica.http.CborValues.decode(cbor);
      if (m instanceof java.util.Map<?, ?> map && map.get("certified_height") instanceof Number n) {
        return n.longValue();
      }
    } catch (org.jicp.replica.http.CborValues.MalformedCborException e) {
      // not a status answer
    }
    return -1;
  }

  /**
   * Polls {@code url}/api/v2/status until it answers 200 with a certified height above 0 (the node
   * can answer calls, queries and read_state), the process exits, or the deadline.
   */
  private static boolean awaitStatus(String url, Process p, long deadline) {
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        return false;
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url + "/api/v2/status").toURL()
            .openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        byte[] body;
        try (InputStream in = c.getInputStream()) {
          body = in.readAllBytes();
        }
        if (c.getResponseCode() == 200 && certifiedHeight(body) > 0) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      try {
        p.waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
