package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jicp.consensus.sim.Behaviour;
import org.jicp.consensus.sim.CryptoKind;
import org.jicp.consensus.sim.SimulationConfig;
import org.jicp.consensus.sim.SimulationResult;
import org.jicp.consensus.sim.Simulator;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.replica.demo.IcTour;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jicp demo}: the tour of a running IC ({@link IcTour}): an NNS and two application
 * subnets served over the IC HTTP interface, the demo's canisters installed and called with
 * certificates and node signatures verified, a call across subnets, then NNS proposals creating
 * and splitting a subnet, an ICP transfer and a cycles top-up, and a summary table. {@code
 * --keep-running} leaves the replica serving. The earlier demos are subcommands: {@code demo
 * crypto} (the BLS crypto core with timings) and {@code demo consensus} (a local four-node subnet
 * running consensus on the simulator).
 */
@Command(name = "demo", description = "Tour a running IC: subnets, canisters over HTTP with "
    + "verified certificates and query signatures, a cross-subnet call, NNS proposals, ledger "
    + "and cycles (subcommands: crypto, consensus).",
    subcommands = {DemoCommand.Crypto.class, DemoCommand.Consensus.class})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "1",
      description = "nodes per subnet of the replica (default: ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--seed", defaultValue = "7",
      description = "seed of the replica's keys and randomness (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--no-nns", description = "skip the NNS steps (proposals, ledger, cycles)")
  boolean noNns;

  @Option(names = "--keep-running", description = "after the tour, keep the replica serving HTTP "
      + "until SIGTERM or Ctrl-C")
  boolean keepRunning;

  /** When set (by tests), {@code --keep-running} waits on this latch instead of on signals. */
  static volatile CountDownLatch stopForTests;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    IcTour.Options o;
    try {
      o = new IcTour.Options(nodes, seed, !noNns);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return CliErrors.MALFORMED;
    }
    try (IcTour tour = new IcTour(out, o)) {
      boolean ok = tour.run();
      if (keepRunning) {
        CountDownLatch stop = stopForTests;
        if (stop == null) {
          stop = new CountDownLatch(1);
          ReplicaCommand.Signals.onTerminate(stop::countDown);
        }
        out.println();
        out.println("ready " + tour.url() + " (the replica keeps serving; stop: Ctrl-C)");
        out.println(tour.dashboardServed() ? "dashboard: " + tour.url() + "/_/dashboard"
            : "dashboard: not served yet");
        out.flush();
        stop.await();
        out.println("stopping");
        out.flush();
      }
      return ok ? 0 : 1;
    }
  }

  /** {@code jicp demo crypto}: the BLS12-381 crypto core with timings. */
  @Command(name = "crypto", description = "The BLS12-381 crypto core with timings: IC and "
      + "Ethereum signatures, a forgery rejected, aggregation, batch verification.")
  static final class Crypto implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--signers", defaultValue = "16", description = "number of signers to aggregate (default 16)")
    int signers;

    private PrintWriter out;

    @Override
    public Integer call() {
      out = spec.commandLine().getOut();
      SecureRandom rng = new SecureRandom();
      out.println("jicp demo crypto — the BLS12-381 crypto core of the Internet Computer, in pure Java");
      out.println();

      byte[] msg = "hello, Internet Computer".getBytes(StandardCharsets.UTF_8);
      warmUp(rng, msg);
      long t = System.nanoTime();
      SecretKey sk = SecretKey.keyGen(rng.generateSeed(32), new byte[0]);
      step("key generation (draft KeyGen / HKDF-SHA-256)", t);

      out.println("IC (min-sig: 48-byte G1 signatures, 96-byte G2 keys, " + BlsScheme.IC.dst() + ")");
      t = System.nanoTime();
      PublicKey icPk = BlsScheme.IC.publicKey(sk);
      step("  public key  " + abbreviate(icPk.toBytes()), t);
      t = System.nanoTime();
      Signature icSig = BlsScheme.IC.sign(sk, msg);
      step("  signature   " + abbreviate(icSig.toBytes()), t);
      t = System.nanoTime();
      boolean ok = BlsScheme.IC.verify(icPk, msg, icSig);
      step("  verify      " + (ok ? "valid" : "INVALID"), t);
      byte[] forged = msg.clone();
      forged[0] ^= 1;
      t = System.nanoTime();
      boolean forgedOk = BlsScheme.IC.verify(icPk, forged, icSig);
      step("  tampered message " + (forgedOk ? "ACCEPTED (bug!)" : "rejected"), t);
      Principal self = Principal.selfAuthenticating(der(icPk.toBytes()));
      out.println("  the key's self-authenticating principal: " + self);
      out.println();

      out.println("Ethereum (min-pk: 48-byte G1 keys, 96-byte G2 signatures, " + BlsScheme.ETH.dst() + ")");
      t = System.nanoTime();
      PublicKey ethPk = BlsScheme.ETH.publicKey(sk);
      step("  public key  " + abbreviate(ethPk.toBytes()), t);
      t = System.nanoTime();
      Signature ethSig = BlsScheme.ETH.sign(sk, msg);
      step("  signature   " + abbreviate(ethSig.toBytes()), t);
      t = System.nanoTime();
      ok &= BlsScheme.ETH.verify(ethPk, msg, ethSig);
      step("  verify      " + (ok ? "valid" : "INVALID"), t);
      out.println();

      out.println("Aggregation: " + signers + " Ethereum signers on one message");
      List<SecretKey> keys = new ArrayList<>();
      List<PublicKey> pks = new ArrayList<>();
      List<Signature> sigs = new ArrayList<>();
      t = System.nanoTime();
      for (int i = 0; i < signers; i++) {
        SecretKey k = SecretKey.random(rng);
        keys.add(k);
        pks.add(BlsScheme.ETH.publicKey(k));
        sigs.add(BlsScheme.ETH.sign(k, msg));
      }
      step("  " + signers + " keys and signatures", t);
      t = System.nanoTime();
      Signature agg = BlsScheme.ETH.aggregate(sigs);
      step("  aggregate   " + abbreviate(agg.toBytes()), t);
      t = System.nanoTime();
      boolean fav = BlsScheme.ETH.fastAggregateVerify(pks, msg, agg);
      step("  fast-aggregate-verify " + (fav ? "valid" : "INVALID"), t);
      ok &= fav;
      out.println();

      out.println("Batch verification: " + signers + " independent IC signatures");
      List<PublicKey> bpks = new ArrayList<>();
      List<byte[]> bmsgs = new ArrayList<>();
      List<Signature> bsigs = new ArrayList<>();
      for (int i = 0; i < signers; i++) {
        byte[] m = ("message " + i).getBytes(StandardCharsets.UTF_8);
        bpks.add(BlsScheme.IC.publicKey(keys.get(i)));
        bmsgs.add(m);
        bsigs.add(BlsScheme.IC.sign(keys.get(i), m));
      }
      t = System.nanoTime();
      boolean batch = BlsScheme.IC.batchVerify(bpks, bmsgs, bsigs, rng);
      step("  batch verify " + (batch ? "valid" : "INVALID"), t);
      ok &= batch;
      bsigs.set(0, bsigs.get(1));
      t = System.nanoTime();
      boolean badBatch = BlsScheme.IC.batchVerify(bpks, bmsgs, bsigs, rng);
      step("  with one wrong signature " + (badBatch ? "ACCEPTED (bug!)" : "rejected"), t);
      out.println();

      out.println("(single runs after a short JIT warm-up; see benchmarks/README.md for JMH figures)");
      boolean all = ok && !forgedOk && !badBatch;
      out.println(all ? "demo: all checks passed" : "demo: FAILED");
      out.flush();
      return all ? 0 : 1;
    }

    /**
     * Runs signing and verification for about a second first, so that the figures below are those
     * of JIT-compiled code rather than of the interpreter (see benchmarks/README.md for JMH).
     */
    private void warmUp(SecureRandom rng, byte[] msg) {
      out.print("warming up the JIT (about 1 s)... ");
      out.flush();
      SecretKey k = SecretKey.random(rng);
      PublicKey icPk = BlsScheme.IC.publicKey(k);
      PublicKey ethPk = BlsScheme.ETH.publicKey(k);
      long end = System.nanoTime() + 1_000_000_000L;
      int rounds = 0;
      while (System.nanoTime() < end) {
        BlsScheme.IC.verify(icPk, msg, BlsScheme.IC.sign(k, msg));
        BlsScheme.ETH.verify(ethPk, msg, BlsScheme.ETH.sign(k, msg));
        rounds++;
      }
      out.println(rounds + " rounds");
      out.println();
    }

    private void step(String what, long start) {
      double ms = (System.nanoTime() - start) / 1e6;
      out.printf("%-72s %9.3f ms%n", what, ms);
    }

    private static String abbreviate(byte[] b) {
      String h = Bytes.hex(b);
      return h.substring(0, 16) + "…" + h.substring(h.length() - 8) + " (" + b.length + " B)";
    }

    /** The IC's DER encoding of a BLS12-381 G2 public key (the root key format). */
    private static byte[] der(byte[] key) {
      byte[] prefix =
          Bytes.parseHex("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");
      byte[] r = new byte[prefix.length + key.length];
      System.arraycopy(prefix, 0, r, 0, prefix.length);
      System.arraycopy(key, 0, r, prefix.length, key.length);
      return r;
    }
  }

  /** {@code jicp demo consensus}: a local four-node subnet running IC consensus, simulated. */
  @Command(name = "consensus", description = "A local four-node subnet running IC consensus with "
      + "the real crypto on a simulated network (one node equivocates).")
  static final class Consensus implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--heights", defaultValue = "12", description = "heights the local subnet finalizes (default 12)")
    long subnetHeights;

    private PrintWriter out;

    @Override
    public Integer call() {
      out = spec.commandLine().getOut();
      out.println("jicp demo consensus");
      out.println();
      boolean ok = localSubnet();
      out.println(ok ? "demo: all checks passed" : "demo: FAILED");
      out.flush();
      return ok ? 0 : 1;
    }

  /**
   * A local four-node subnet running IC consensus with the real crypto (BLS multi-signatures for
   * notarization and finalization, threshold BLS for the beacon and catch-up packages, NI-DKG at
   * each interval) on the seeded simulator's virtual network, one Byzantine node included.
   */
  private boolean localSubnet() {
    out.println("A local subnet: 4 nodes run IC consensus with the real crypto on a simulated network");
    out.println("  (50 ms links, 1 s unit delay, 300 ms notary delay, DKG every 10 heights, node 3 equivocates)");
    SimulationConfig cfg =
        SimulationConfig.builder(4)
            .seed(2026)
            .crypto(CryptoKind.REAL)
            .dkgIntervalLength(9)
            .behaviour(3, Behaviour.EQUIVOCATE)
            .targetHeight(subnetHeights)
            .build();
    long t = System.nanoTime();
    SimulationResult r = Simulator.run(cfg);
    DemoCommand.step(out, "  " + r.minHonestFinalized() + " heights finalized in " + r.virtualMillis() + " ms of virtual time", t);
    out.printf(
        Locale.ROOT,
        "  finalization latency mean %.0f ms (rank-0 rounds: 300 ms + 2 × 50 ms), catch-up package at height %d%n",
        r.meanLatencyMillis(),
        r.maxCatchUpHeight());
    out.println("  " + r.summaryLine());
    return r.safe() && r.livenessOk();
  }

  }

  static void step(PrintWriter out, String what, long start) {
    double ms = (System.nanoTime() - start) / 1e6;
    out.printf("%-72s %9.3f ms%n", what, ms);
  }
}
