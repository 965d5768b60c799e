package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jicp.consensus.sim.Behaviour;
import org.jicp.consensus.sim.CryptoKind;
import org.jicp.consensus.sim.Partition;
import org.jicp.consensus.sim.SimulationConfig;
import org.jicp.consensus.sim.SimulationResult;
import org.jicp.consensus.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jicp sim}: runs the seeded consensus simulator (ic-consensus) on one subnet and prints a
 * summary ending in {@code safety=… liveness=… finalized=<height> blocks_per_s=<rate> seed=<S>}.
 * The output depends on the arguments only (virtual time; no wall-clock figures), so the same
 * seed prints the same text.
 *
 * <p>Exit codes: 0 safe and live (or live not required because more than f nodes were faulty,
 * which the last line then says), 1 a safety violation (the trace is printed before the last
 * line) or a liveness failure with at most f faulty nodes, 2 a usage error.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Simulate a subnet running IC consensus (seeded, virtual time) and check safety and liveness.")
final class SimCommand implements Callable<Integer> {
  /** More nodes than this make a run too long for a command line tool. */
  static final int MAX_NODES = 100;

  @Spec CommandSpec spec;

  @Option(names = "--nodes", required = true, description = "subnet size n")
  int nodes;

  @Option(names = "--byzantine", defaultValue = "0", description = "how many nodes misbehave (default ${DEFAULT-VALUE})")
  int byzantine;

  @Option(
      names = "--behaviour",
      description = "equivocate|notarize-all|withhold|invalid-sig|crash (also delay, invalid-payload, bad-input)")
  String behaviour;

  @Option(names = "--partition-ms", description = "START:END: a partition into two random halves, healing at END")
  String partition;

  @Option(names = "--latency-ms", defaultValue = "50", description = "mean link latency (default ${DEFAULT-VALUE})")
  long latencyMs;

  @Option(names = "--rounds", defaultValue = "20", description = "run until the honest nodes finalize this height, or R × 60 s (default ${DEFAULT-VALUE})")
  long rounds;

  @Option(names = "--seed", defaultValue = "1", description = "the seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--crypto", defaultValue = "fast", description = "real (BLS12-381, NI-DKG, Ed25519) or fast (insecure stand-in) (default ${DEFAULT-VALUE})")
  String crypto;

  @Option(
      names = "--certification",
      description = "certify the states with the certifier (threshold shares gossiped and aggregated into the subnet's certification)")
  boolean certification;

  @Option(names = "--xnet", defaultValue = "0", description = "stream slices per block from a simulated remote subnet, checked by the payload builder (default ${DEFAULT-VALUE})")
  int xnet;

  @Override
  public Integer call() {
    SimulationConfig cfg = config();
    PrintWriter out = spec.commandLine().getOut();
    out.println(describe(cfg));
    SimulationResult r = Simulator.run(cfg);
    out.println(figures(r));
    if (!r.safe()) {
      out.println("violation: " + r.safetyViolation().get());
      out.println("trace (the last " + r.trace().size() + " events; rerun with the same arguments to reproduce):");
      r.trace().forEach(line -> out.println("  " + line));
    }
    out.println(r.summaryLine());
    out.flush();
    boolean livenessRequired = cfg.faulty() <= cfg.faultsTolerated();
    return !r.safe() || (!r.livenessOk() && livenessRequired) ? CliErrors.INVALID : 0;
  }

  private SimulationConfig config() {
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new IllegalArgumentException("--nodes must be between 1 and " + MAX_NODES + ", got " + nodes);
    }
    if (byzantine < 0 || byzantine > nodes) {
      throw new IllegalArgumentException("--byzantine must be between 0 and --nodes, got " + byzantine);
    }
    if (byzantine > 0 && behaviour == null) {
      throw new IllegalArgumentException("--byzantine needs --behaviour");
    }
    if (latencyMs < 0 || latencyMs > 60_000) {
      throw new IllegalArgumentException("--latency-ms must be between 0 and 60000, got " + latencyMs);
    }
    if (xnet < 0 || xnet > 10_000) {
      throw new IllegalArgumentException("--xnet must be between 0 and 10000, got " + xnet);
    }
    if (rounds < 1 || rounds > 1_000_000) {
      throw new IllegalArgumentException("--rounds must be between 1 and 1000000, got " + rounds);
    }
    CryptoKind kind =
        switch (crypto) {
          case "real" -> CryptoKind.REAL;
          case "fast" -> CryptoKind.FAST;
          default -> throw new IllegalArgumentException("--crypto must be real or fast, got '" + crypto + "'");
        };
    SimulationConfig.Builder b =
        SimulationConfig.builder(nodes).seed(seed).crypto(kind).latencyMs(latencyMs).targetHeight(rounds).certification(certification).xnetPerBlock(xnet);
    if (behaviour != null) {
      Behaviour beh;
      try {
        beh = Behaviour.fromCliName(behaviour);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--behaviour: " + e.getMessage());
      }
      if (beh == Behaviour.HONEST) {
        throw new IllegalArgumentException("--behaviour: 'honest' is not a misbehaviour");
      }
      b.byzantine(byzantine, beh);
    }
    if (partition != null) {
      String[] p = partition.split(":", -1);
      try {
        if (p.length != 2) {
          throw new NumberFormatException();
        }
        b.partition(new Partition(Long.parseLong(p[0]), Long.parseLong(p[1]), java.util.Set.of()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--partition-ms must be START:END in milliseconds, got '" + partition + "'");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--partition-ms: " + e.getMessage());
      }
    }
    return b.build();
  }

  private static String describe(SimulationConfig cfg) {
    String misbehaving =
        cfg.behaviours().isEmpty()
            ? "none"
            : cfg.behaviours().entrySet().stream().map(e -> "n" + e.getKey() + "=" + e.getValue().cliName()).collect(Collectors.joining(","));
    return String.format(
        Locale.ROOT,
        "sim: nodes=%d f=%d byzantine=%s crypto=%s latency_ms=%d unit_delay_ms=%d notary_delay_ms=%d rounds=%d seed=%d",
        cfg.nodes(), cfg.faultsTolerated(), misbehaving, cfg.crypto().name().toLowerCase(Locale.ROOT), cfg.latencyMeanMs(),
        cfg.consensus().unitDelay().toMillis(), cfg.consensus().initialNotaryDelay().toMillis(), cfg.targetHeight(), cfg.seed());
  }

  private static String figures(SimulationResult r) {
    StringBuilder ranks = new StringBuilder();
    List<Long> rc = r.rankCounts();
    for (int i = 0; i < rc.size(); i++) {
      ranks.append(i == 0 ? "" : " ").append(i).append(':').append(rc.get(i));
    }
    Map<Boolean, Long> up = r.finalizedHeights().stream().collect(Collectors.partitioningBy(h -> h >= 0, Collectors.counting()));
    String certified = r.config().certification() ? " certified_height=" + r.minHonestCertified() : "";
    certified += r.config().xnetPerBlock() > 0 ? " xnet_slices=" + r.xnetSlices() : "";
    return String.format(
        Locale.ROOT,
        "virtual_time_ms=%d finalization_latency_ms mean=%.1f p50=%.1f p90=%.1f max=%.1f blocks_by_rank=[%s] catch_up_height=%d"
            + " invalid_rejected=%d messages=%d nodes_up=%d",
        r.virtualMillis(), r.meanLatencyMillis(), r.latencyQuantile(0.5), r.latencyQuantile(0.9), r.latencyQuantile(1.0), ranks,
        r.maxCatchUpHeight(), r.invalidArtifacts(), r.messages(), up.getOrDefault(true, 0L)) + certified;
  }
}
