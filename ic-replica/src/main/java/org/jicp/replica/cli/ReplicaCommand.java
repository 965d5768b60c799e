package org.jicp.replica.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.http.IcBackend;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.replica.Replica;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.state.certification.CanisterRange;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jicp replica …}: run a local replica. */
@Command(name = "replica", description = "Run a local replica.",
    subcommands = {ReplicaCommand.Start.class, NodeCommand.class})
final class ReplicaCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code jicp replica start}: serves the IC HTTP interface for the configured subnets on one
   * port (like a boundary node) until SIGTERM or Ctrl-C, then stops cleanly with exit 0.
   *
   * <p>Output: one line per subnet, {@code subnet <kind> <id> canisters <start>..<end> nodes
   * <n>}, then {@code ready http://127.0.0.1:<port>}. {@code --port-file} receives the port
   * (digits and a newline) once the server answers {@code /api/v2/status}.
   */
  @Command(name = "start", description = "Start a replica serving the IC HTTP interface on "
      + "127.0.0.1 (stop: SIGTERM or Ctrl-C).")
  static final class Start implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--port", defaultValue = "4943",
        description = "TCP port; 0 takes a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--port-file", paramLabel = "FILE",
        description = "write the bound port (digits and a newline) here once the replica answers")
    Path portFile;

    @Option(names = "--subnets", paramLabel = "KINDS", defaultValue = "nns,application",
        description = "comma list of nns, application, system, verified_application, fiduciary "
            + "(default: ${DEFAULT-VALUE})")
    String subnets;

    @Option(names = "--nodes", defaultValue = "1",
        description = "nodes per subnet (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "keep checkpoints and batch logs here; a restart on the same directory "
            + "continues where the replica stopped")
    Path stateDir;

    @Option(names = "--icp", paramLabel = "PRINCIPAL=E8S",
        description = "fund PRINCIPAL's default ICP ledger account with E8S at genesis "
            + "(repeatable)")
    List<String> icp = new ArrayList<>();

    @Option(names = "--cycles", paramLabel = "PRINCIPAL=CYCLES",
        description = "fund PRINCIPAL's default cycles ledger account with CYCLES at genesis "
            + "(repeatable)")
    List<String> cycles = new ArrayList<>();

    @Option(names = "--no-nns-canisters", description = "start the NNS subnet without the NNS "
        + "canisters and the cycles ledger")
    boolean noNnsCanisters;

    @Option(names = "--registry-nodes", paramLabel = "N", defaultValue = "1",
        description = "with the NNS canisters: nodes the genesis registry puts in each subnet "
            + "(default: ${DEFAULT-VALUE})")
    int registryNodes;

    @Option(names = "--registry-consensus", description = "the registry's subnets of "
        + "--registry-nodes 3f + 1 nodes run BFT consensus (but the NNS subnet and the cycles "
        + "ledger's)")
    boolean registryConsensus;

    @Option(names = "--node-metrics", paramLabel = "SOURCE", defaultValue = "none",
        description = "block-maker statistics for node-provider rewards: none (rewards off) or "
            + "consensus (the BFT subnets' counters; needs --registry-consensus) "
            + "(default: ${DEFAULT-VALUE})")
    String nodeMetrics;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode;

    /** {@code --live} or {@code --deterministic [--seed S]}. */
    static final class Mode {
      @Option(names = "--live", description = "rounds run by themselves on wall-clock time "
          + "(default)")
      boolean live;

      @ArgGroup(exclusive = false)
      Deterministic deterministic;
    }

    /** {@code --deterministic [--seed S]}. */
    static final class Deterministic {
      @Option(names = "--deterministic", required = true,
          description = "keys and randomness from the seed; virtual time starting at the "
              + "wall clock, rounds only when there is work")
      boolean on;

      @Option(names = "--seed", defaultValue = "0", description = "the seed (default: 0)")
      long seed;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> kinds = new ArrayList<>(Arrays.asList(subnets.split(",", -1)));
      kinds.replaceAll(String::trim);
      boolean deterministic = mode != null && mode.deterministic != null;
      ReplicaBackend backend;
      try {
        List<Replica.SubnetKind> ks = new ArrayList<>();
        for (String k : kinds) {
          ks.add(Replica.SubnetKind.fromText(k));
        }
        Replica.Builder b = Replica.builder().subnets(ks).nodesPerSubnet(nodes)
            .nnsCanisters(!noNnsCanisters);
        if (registryNodes != 1) {
          b.registryNodesPerSubnet(registryNodes);
        }
        if (registryConsensus) {
          b.registryConsensus(true);
        }
        switch (nodeMetrics) {
          case "none" -> { }
          case "consensus" -> {
            if (!registryConsensus) {
              throw new IllegalArgumentException("--node-metrics consensus needs --registry-consensus "
                  + "(and --registry-nodes 4, 7, …): played subnets have no block-maker failures to count");
            }
            b.nodeMetricsFromConsensus();
          }
          default -> throw new IllegalArgumentException("--node-metrics takes none or consensus, got '"
              + nodeMetrics + "'");
        }
        for (String f : icp) {
          String[] kv = funding(f, "--icp");
          b.icp(org.jicp.crypto.Principal.fromText(kv[0]), Long.parseLong(kv[1]));
        }
        for (String f : cycles) {
          String[] kv = funding(f, "--cycles");
          b.cycles(org.jicp.crypto.Principal.fromText(kv[0]), new java.math.BigInteger(kv[1]));
        }
        if (deterministic) {
          b.deterministic(mode.deterministic.seed).startTime(java.time.Instant.now());
        } else {
          b.live();
        }
        if (stateDir != null) {
          b.stateDir(stateDir);
        }
        backend = new ReplicaBackend(b.build());
      } catch (IllegalArgumentException | UnsupportedOperationException
          | org.jicp.crypto.CryptoException e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return CliErrors.MALFORMED;
      }
      CountDownLatch stop = new CountDownLatch(1);
      Signals.onTerminate(stop::countDown);
      IcHttpApi api = new IcHttpApi(backend, new IcSenderAuthenticator(backend.topology().rootKeyDer()),
          ReplicaBackend::systemNanos, Duration.ofSeconds(10));
      try (backend; IcHttpServer server = IcHttpServer.builder().port(port).start(api)) {
        for (IcBackend.SubnetInfo s : backend.topology().subnets()) {
          CanisterRange r = s.ranges().ranges().get(0);
          out.println("subnet " + s.kind() + " " + s.id() + " canisters "
              + r.start().principal().toText() + ".." + r.end().principal().toText() + " nodes "
              + s.nodes().size());
        }
        awaitAnswering(server.url());
        if (portFile != null) {
          Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
          Files.writeString(tmp, server.port() + "\n", StandardCharsets.US_ASCII);
          Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
        out.println("ready " + server.url() + (deterministic ? " (deterministic, seed "
            + mode.deterministic.seed + ")" : " (live)"));
        out.flush();
        stop.await();
        out.println("stopping");
        out.flush();
      }
      out.println("stopped");
      out.flush();
      return 0;
    }

    private static String[] funding(String f, String option) {
      int eq = f.lastIndexOf('=');
      if (eq <= 0 || eq == f.length() - 1 || !f.substring(eq + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(option + " takes PRINCIPAL=AMOUNT (a decimal amount), got '"
            + f + "'");
      }
      return new String[] {f.substring(0, eq), f.substring(eq + 1)};
    }

    private static void awaitAnswering(String url) throws IOException {
      HttpURLConnection c = (HttpURLConnection) URI.create(url + "/api/v2/status").toURL()
          .openConnection();
      c.setConnectTimeout(5000);
      c.setReadTimeout(5000);
      try (InputStream in = c.getInputStream()) {
        in.readAllBytes();
      }
      if (c.getResponseCode() != 200) {
        throw new IOException("status answered " + c.getResponseCode());
      }
    }
  }

  /** SIGTERM and SIGINT run a callback instead of killing the JVM (so the exit code is 0). */
  static final class Signals {
    private Signals() {}

    static void onTerminate(Runnable r) {
      for (String name : List.of("TERM", "INT")) {
        try {
          sun.misc.Signal.handle(new sun.misc.Signal(name), s -> r.run());
        } catch (IllegalArgumentException e) {
          // the signal is not available here: the default handling stays
        }
      }
    }
  }
}
