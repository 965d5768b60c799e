package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demo_toursARunningIcOverHttpAndPasses() {
    long t = System.nanoTime();
    long cpu = processCpuNanos();
    CliRun r = CliRun.of("demo");
    Duration took = Duration.ofNanos(System.nanoTime() - t);
    Duration cpuTook = Duration.ofNanos(processCpuNanos() - cpu);
    System.out.println("demo: " + took.toMillis() + " ms wall, " + cpuTook.toMillis()
        + " ms CPU (all threads)");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            // the replica over HTTP
            "1. an NNS and two application subnets come up", "serving the IC HTTP interface at "
                + "http://127.0.0.1:", "root key (/api/v2/status",
            "2. a canister is created and installed on application subnet 1",
            "3. an update call, its certificate verified", "inc() → 1",
            "the same certificate with one byte changed: rejected",
            "4. a query, its node signature verified", "get() → 1, answered and signed by node",
            "the same signature over a changed reply: rejected",
            "5. a canister on application subnet 2 calls it across subnets",
            "relay.inc_on(counter) → 2", "counter.get() on subnet 1 → 2",
            // the replica's own NNS governs its topology
            "5c. a proposal to the replica's own NNS creates a subnet in the running replica",
            "adopted and executed", "(started by the registry, in /_/topology)", "relay on subnet 2: inc_on → 2",
            "5d. proposals move part of subnet 2's canister range",
            "reroute_canister_ranges", "complete_canister_migration adopted and executed",
            "inc() → 2 (its state came along", "inc_on → 3, now across subnets",
            "migrate canister",
            "5e. a proposal splits application subnet 1 in the running replica",
            "split_subnet adopted and executed", "starting from subnet 1's state",
            "certificates delegated to each half", "split subnet",
            // the NNS host
            "The NNS steps below run on ic-nns's NnsNetwork",
            "7. a proposal creates a third application subnet", "bob votes yes",
            "→ executed",
            "8. an ICP transfer on the ledger", "alice → bob 25 ICP",
            "9. a cycles top-up through the cycles minting canister", "notify_top_up",
            "summary", "replica/HTTP", "ic-nns host", "demo: all checks passed")
        .doesNotContain("bug!", "CHECK FAILED");
    assertThat(r.err()).isEmpty();
    // The default demo stays well under a minute of work (it is the README's first command):
    // bounded on CPU time, since wall time on the shared 2-core machine depends on the load;
    // the wall-clock bound only catches a hang.
    assertThat(cpuTook).as("demo CPU time " + cpuTook).isLessThan(Duration.ofSeconds(45));
    assertThat(took).as("demo took " + took).isLessThan(Duration.ofMinutes(4));
  }

  /** The CPU time of this JVM (all threads), from java.base's ProcessHandle (Linux has it). */
  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
  }

  @Test
  void demoNoNns_runsOnlyTheReplicaSteps() {
    CliRun r = CliRun.of("demo", "--no-nns", "--nodes", "1", "--seed", "3");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("relay.inc_on(counter) → 2", "demo: all checks passed")
        .doesNotContain("NnsNetwork", "CHECK FAILED");
  }

  @Test
  void demoKeepRunning_servesTheReplicaUntilStopped() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    DemoCommand.stopForTests = stop;
    CompletableFuture<String> ready = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    Writer w = new Writer() {
      @Override
      public synchronized void write(char[] b, int off, int len) {
        text.append(b, off, len);
        // complete once the "ready URL …" line and the dashboard line after it are written
        int i = text.indexOf("ready http://");
        int d = i < 0 ? -1 : text.indexOf("dashboard: ", i);
        if (d > 0 && text.indexOf("\n", d) > 0) {
          ready.complete(text.substring(i + 6, text.indexOf(" ", i + 6)));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    StringWriter err = new StringWriter();
    try {
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> JicpCli.run(
          new String[] {"demo", "--no-nns", "--keep-running"}, new PrintWriter(w, true),
          new PrintWriter(err, true)));
      String url = ready.get(4, TimeUnit.MINUTES);
      HttpURLConnection c = (HttpURLConnection) URI.create(url + "/api/v2/status").toURL()
          .openConnection();
      assertThat(c.getResponseCode()).isEqualTo(200);
      c.disconnect();
      assertThat(text.toString()).contains("demo: all checks passed")
          .containsAnyOf("dashboard: not served yet", "dashboard: " + url + "/_/dashboard");
      stop.countDown();
      assertThat(exit.get(1, TimeUnit.MINUTES)).as(text + err.toString()).isZero();
      assertThat(text.toString()).contains("stopping");
    } finally {
      DemoCommand.stopForTests = null;
    }
  }

  @Test
  void demoWithZeroNodes_isRefusedWithAClearMessage() {
    CliRun r = CliRun.of("demo", "--nodes", "0");
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("--nodes must be at least 1");
  }

  @Test
  void demoCrypto_runsTheCryptoCoreAndPasses() {
    CliRun r = CliRun.of("demo", "crypto", "--signers", "4");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("verify      valid", "tampered message rejected", "fast-aggregate-verify valid",
            "batch verify valid", "with one wrong signature rejected", "demo: all checks passed")
        .doesNotContain("bug!", "INVALID");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void demoConsensus_runsALocalSubnetAndPasses() {
    CliRun r = CliRun.of("demo", "consensus", "--heights", "4");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("A local subnet: 4 nodes", "safety=ok liveness=ok finalized=4",
            "demo: all checks passed");
    assertThat(r.err()).isEmpty();
  }
}
